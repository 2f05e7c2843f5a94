from __future__ import annotations

from rsd_checklist.engine import evaluate
from rsd_checklist.rulebase import RuleBase


def statuses(rb: RuleBase, facts: dict[str, object]) -> dict[str, str]:
    return {k: r.status for k, r in evaluate(rb, facts).results.items()}


def test_bare_case_leaves_everything_open(mini_rules: RuleBase) -> None:
    assert set(statuses(mini_rules, {}).values()) == {"undetermined"}


def test_answers_settle_arguments(mini_rules: RuleBase) -> None:
    facts = {"nationality": "dprk", "left_illegally": True, "country": "china"}
    result = statuses(mini_rules, facts)
    assert result["core.exit_punished"] == "applies"
    assert result["core.protected"] == "applies"  # host_party derived from country
    assert result["core.aggravated"] == "undetermined"
    assert statuses(mini_rules, {"nationality": "other"})["core.exit_punished"] == "does_not_apply"


def test_missing_facts_follow_dependencies_and_gates(mini_rules: RuleBase) -> None:
    ev = evaluate(mini_rules, {"nationality": "dprk"})
    assert ev.results["core.protected"].missing_facts == (
        "country",
        "host_party",
        "left_illegally",
        "deportations",
        "reasons",
    )
    # pregnant is asked only of women: while sex is unknown, sex is what to ask
    assert ev.results["extra.pregnancy"].missing_facts == ("sex", "pregnant")
    assert "pregnant" not in ev.relevance and "sex" in ev.relevance


def test_derived_fact_is_not_asked(mini_rules: RuleBase) -> None:
    ev = evaluate(mini_rules, {"nationality": "dprk", "country": "china"})
    assert ev.facts["host_party"] is True and ev.is_derived("host_party")
    assert "host_party" not in ev.relevance
    ev = evaluate(mini_rules, {"nationality": "dprk", "country": "elsewhere"})
    assert "host_party" in ev.relevance and not ev.is_derived("host_party")


def test_next_question_settles_the_most(mini_rules: RuleBase) -> None:
    ev = evaluate(mini_rules, {"nationality": "dprk"})
    assert ev.next_question == "left_illegally"  # two open arguments, first in questionnaire order
    assert ev.relevance["left_illegally"] == ("core.exit_punished", "core.protected")


def test_no_question_once_everything_is_settled(mini_rules: RuleBase) -> None:
    facts = {"nationality": "other", "country": "china", "sex": "male"}
    ev = evaluate(mini_rules, facts)
    assert all(r.status != "undetermined" for r in ev.results.values())
    assert ev.next_question is None and ev.relevance == {}


def test_explanation_marks_decisive_branches(mini_rules: RuleBase) -> None:
    ev = evaluate(mini_rules, {"nationality": "dprk", "left_illegally": True, "country": "china"})
    tree = ev.explanation("core.protected")
    assert tree.value is True and tree.text == "all of these:"
    host, either = tree.children
    assert host.fact == "host_party" and host.answer == "yes" and host.decisive
    exit_branch, aggravated_branch = either.children
    assert exit_branch.decisive and exit_branch.argument == "core.exit_punished"
    assert not aggravated_branch.decisive and aggravated_branch.value is None
    data = tree.to_json()
    assert data["value"] == "true" and data["children"][0]["answer"] == "yes"


def test_failing_part_is_what_decides_a_negative(mini_rules: RuleBase) -> None:
    ev = evaluate(mini_rules, {"nationality": "other", "left_illegally": True})
    nationality, left = ev.explanation("core.exit_punished").children
    assert nationality.value is False and nationality.decisive
    assert left.value is True and not left.decisive
    assert nationality.text == "Nationality is North Korean" and nationality.answer == "Other"

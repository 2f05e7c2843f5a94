"""Properties of the engine over generated cases (hypothesis)."""

from __future__ import annotations

from typing import Any

from conftest import ROOT
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rsd_checklist.casefile import parse_case
from rsd_checklist.engine import evaluate
from rsd_checklist.errors import InputError
from rsd_checklist.loader import load_rule_base
from rsd_checklist.rulebase import RuleBase

RULES = load_rule_base(ROOT / "rules")


def value_strategy(rb: RuleBase, fact_id: str) -> st.SearchStrategy[Any]:
    fact = rb.facts[fact_id]
    if fact.type == "bool":
        return st.booleans()
    if fact.type == "int":
        return st.integers(
            min_value=fact.min if fact.min is not None else 0, max_value=fact.max if fact.max is not None else 400
        )
    values = [c.value for c in fact.choices]
    if fact.type == "choice":
        return st.sampled_from(values)
    return st.lists(st.sampled_from(values), unique=True)


def answers(rb: RuleBase) -> st.SearchStrategy[dict[str, Any]]:
    return st.fixed_dictionaries({}, optional={f: value_strategy(rb, f) for f in rb.facts})


def consistent(rb: RuleBase, facts: dict[str, Any]) -> dict[str, Any]:
    """Drop answers that the rule base supplies itself (a host's treaty status, say)."""
    out = dict(facts)
    for fact_id, derivations in rb.derivations.items():
        if any(when(out, {}) is True for when, _ in derivations):
            out.pop(fact_id, None)
    return out


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(answers(RULES))
def test_evaluation_never_raises_on_a_valid_case(facts: dict[str, Any]) -> None:
    evaluation = evaluate(RULES, consistent(RULES, facts))
    for argument_id in RULES.arguments:
        evaluation.explanation(argument_id)
    assert evaluation.next_question is None or evaluation.next_question in evaluation.relevance


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow], deadline=None)
@given(answers(RULES), st.data())
def test_answering_more_never_reopens_or_flips_a_settled_argument(facts: dict[str, Any], data: st.DataObject) -> None:
    full = consistent(RULES, facts)
    kept = data.draw(st.sets(st.sampled_from(sorted(full))) if full else st.just(set()))
    partial = {k: v for k, v in full.items() if k in kept}
    before = evaluate(RULES, partial)
    after = evaluate(RULES, full)
    for argument_id, result in before.results.items():
        if result.status != "undetermined":
            assert after.status(argument_id) == result.status, argument_id
        else:
            # an open argument's missing facts are unanswered ones
            assert all(partial.get(f) is None for f in result.missing_facts)


@settings(max_examples=200, deadline=None)
@given(answers(RULES))
def test_an_open_argument_names_a_fact_that_could_settle_it(facts: dict[str, Any]) -> None:
    evaluation = evaluate(RULES, consistent(RULES, facts))
    for result in evaluation.results.values():
        if result.status == "undetermined":
            assert result.missing_facts, result.id


@settings(max_examples=300, deadline=None)
@given(
    title=st.text(min_size=1),
    notes=st.text(),
    facts=answers(RULES),
)
def test_case_files_survive_save_and_load(title: str, notes: str, facts: dict[str, Any]) -> None:
    from rsd_checklist.casefile import Case

    case = Case(title=title, notes=notes, facts=consistent(RULES, facts))
    try:
        loaded = parse_case(case.to_yaml(RULES), "case.yaml", RULES)
    except InputError as exc:  # pragma: no cover - a failure here is the bug this test hunts
        raise AssertionError(exc.one_line()) from None
    assert (loaded.title, loaded.notes, loaded.facts) == (case.title, case.notes, case.facts)

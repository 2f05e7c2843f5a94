from __future__ import annotations

import gc
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from rsd_checklist.corpus import Corpus
from rsd_checklist.errors import InputError, InputErrors
from rsd_checklist.loader import load_rule_base
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.validator import validate

_DEFAULT_THRESHOLDS = gc.get_threshold()


def test_mini_rule_base_loads_in_dependency_order(mini_rules: RuleBase) -> None:
    order = mini_rules.order
    assert order.index("core.exit_punished") < order.index("core.protected")
    assert order.index("core.aggravated") < order.index("core.protected")
    assert list(mini_rules.facts)[:2] == ["nationality", "country"]


def test_mini_rule_base_validates_clean(mini_rules: RuleBase, mini_corpus) -> None:  # type: ignore[no-untyped-def]
    assert validate(mini_rules, mini_corpus) == []


def break_file(rules: Path, name: str, old: str, new: str) -> None:
    path = rules / name
    text = path.read_text()
    assert old in text, old
    path.write_text(text.replace(old, new, 1))


def first_error(rules: Path) -> InputError:
    with pytest.raises(InputError) as info:
        load_rule_base(rules)
    return info.value


def test_unknown_fact_in_a_condition_suggests_the_right_one(mini_copy: Path) -> None:
    break_file(mini_copy, "args.yaml", "{fact: left_illegally}", "{fact: left_ilegally}")
    error = first_error(mini_copy)
    assert error.position.file.endswith("args.yaml")
    assert (error.position.line, error.position.column) == (9, 12)
    assert "unknown fact 'left_ilegally'" in error.message
    assert "did you mean 'left_illegally'?" in error.hint


def test_unknown_argument_reference(mini_copy: Path) -> None:
    break_file(mini_copy, "args.yaml", "{argument: core.aggravated}", "{argument: core.agravated}")
    error = first_error(mini_copy)
    assert "unknown argument 'core.agravated'" in error.message and "core.aggravated" in error.hint


def test_dependency_cycle_is_named(mini_copy: Path) -> None:
    break_file(mini_copy, "args.yaml", "        - {fact: left_illegally}", "        - {argument: core.protected}")
    error = first_error(mini_copy)
    assert "circle" in error.message
    assert "core.exit_punished" in error.message and "core.protected" in error.message


def test_operator_must_fit_the_fact_type(mini_copy: Path) -> None:
    break_file(mini_copy, "args.yaml", "{fact: deportations, at_least: 2}", "{fact: deportations, includes: two}")
    assert "does not fit 'deportations', a number fact" in first_error(mini_copy).message


def test_choice_in_a_condition_must_exist(mini_copy: Path) -> None:
    break_file(mini_copy, "args.yaml", "{fact: nationality, is: dprk}", "{fact: nationality, is: dprkk}")
    error = first_error(mini_copy)
    assert "'dprkk' is not a choice of 'nationality'" in error.message and "dprk" in error.hint


def test_unknown_key_and_missing_key(mini_copy: Path) -> None:
    break_file(mini_copy, "args.yaml", "    title: Exit is punished", "    titel: Exit is punished")
    errors = first_error(mini_copy)
    assert isinstance(errors, InputErrors)
    messages = [e.message for e in errors.errors]
    assert "unknown key 'titel'" in messages and "'title' is required here" in messages
    assert errors.errors[0].hint == "did you mean 'title'?" or errors.errors[1].hint == "did you mean 'title'?"


def test_argument_without_citation_is_refused(mini_copy: Path) -> None:
    path = mini_copy / "args.yaml"
    text = path.read_text()
    start = text.index("    citations:\n      - {doc: memo, at: p. 2")
    path.write_text(text[:start] + "    citations: []\n")
    error = first_error(mini_copy)
    assert error.message == "'citations' needs at least one entry"
    assert error.hint == "cite at least one passage of the reports"


def test_duplicate_ids(mini_copy: Path) -> None:
    break_file(mini_copy, "args.yaml", "  - id: core.aggravated", "  - id: core.exit_punished")
    error = first_error(mini_copy)
    assert "defined twice" in error.message and "first defined at" in error.hint


def test_unlisted_rule_file_is_reported(mini_copy: Path) -> None:
    (mini_copy / "stray.yaml").write_text("facts: []\n")
    assert "is not listed in index.yaml" in first_error(mini_copy).message


def test_asked_when_may_test_only_facts(mini_copy: Path) -> None:
    break_file(mini_copy, "facts.yaml", "asked_when: {fact: sex, is: female}", "asked_when: {argument: core.protected}")
    assert "only facts may be tested here" in first_error(mini_copy).message


def test_validator_flags_unused_facts_and_impossible_arguments(mini_copy: Path, mini_corpus) -> None:  # type: ignore[no-untyped-def]
    break_file(mini_copy, "args.yaml", "        - {fact: pregnant}", "        - {fact: sex, is: male}")
    findings = validate(load_rule_base(mini_copy), mini_corpus)
    lines = [f.one_line() for f in findings]
    assert any("fact 'pregnant' is asked but no rule uses it" in line for line in lines)
    assert any("argument 'extra.pregnancy' can never apply" in line for line in lines)
    assert all(f.severity == "warning" for f in findings)


def test_validator_checks_quotations_and_pinpoints(mini_copy: Path, mini_corpus) -> None:  # type: ignore[no-untyped-def]
    break_file(mini_copy, "args.yaml", 'at: p. 1, quote: "those who cross', 'at: p. 2, quote: "those who cross')
    break_file(mini_copy, "args.yaml", '"A note about the sources."', '"A note about all the sources."')
    findings = validate(load_rule_base(mini_copy), mini_corpus)
    lines = [f.one_line() for f in findings]
    assert any("quotation is at p. 1 of memo, not at 'p. 2'" in line and "args.yaml:" in line for line in lines)
    assert any("quotation not found in memo" in line for line in lines)
    assert all(f.severity == "error" for f in findings)


def _collections_inside_loading(action: Callable[[], object]) -> int:
    """How many cycle collections ran while the loader was building a rule base."""
    import rsd_checklist.loader as loader_module

    collections = 0

    def count(phase: str, _info: dict[str, int]) -> None:
        nonlocal collections
        frame = sys._getframe(1)
        while frame is not None:
            if frame.f_code is loader_module._load.__code__:
                collections += phase == "start"
                return
            frame = frame.f_back

    gc.callbacks.append(count)
    try:
        action()
    finally:
        gc.callbacks.remove(count)
    return collections


def test_loading_keeps_the_cycle_collector_out_and_then_restores_it(mini_copy: Path) -> None:
    gc.set_threshold(1)  # a collection at nearly every allocation, unless the loader pauses them
    try:
        assert _collections_inside_loading(lambda: load_rule_base(mini_copy, use_cache=False)) == 0
        assert gc.isenabled()
        break_file(mini_copy, "args.yaml", "{fact: left_illegally}", "{fact: left_ilegally}")
        with pytest.raises(InputError):
            load_rule_base(mini_copy, use_cache=False)
        assert gc.isenabled()  # restored on the error path too
    finally:
        gc.set_threshold(*_DEFAULT_THRESHOLDS)


def test_loading_leaves_a_disabled_collector_disabled(mini_copy: Path) -> None:
    gc.disable()
    try:
        load_rule_base(mini_copy, use_cache=False)
        assert not gc.isenabled()
    finally:
        gc.enable()


def test_a_misquotation_is_placed_at_its_quote_and_shows_where_it_departs(mini_copy: Path, mini_corpus: Corpus) -> None:
    break_file(mini_copy, "args.yaml", "face punishment on return.", "face punishment on arrival.")
    break_file(mini_copy, "args.yaml", "at: pp. 1-2", "at: p. 3")
    rule_base = load_rule_base(mini_copy, use_cache=False)
    misquote, pinpoint = validate(rule_base, mini_corpus)
    assert (misquote.position.line, misquote.position.column) == (11, 31)  # the quote: key
    assert misquote.message.endswith(
        "the report has “…who cross it face punishment on” but not what follows: “arrival.”"
    )
    assert (pinpoint.position.line, pinpoint.position.column) == (23, 21)  # the at: key
    assert pinpoint.hint == "change 'at' to 'pp. 1-2'"


@pytest.mark.parametrize(
    "contradiction",
    [
        "        - {fact: sex, is: male}",  # a choice the other test rules out
        "        - not: {fact: pregnant}",  # the same fact wanted both ways
        "        - {fact: deportations, at_least: 3}\n        - {fact: deportations, below: 2}",  # no number fits
        "        - {fact: deportations, at_least: 3}\n        - not: {fact: deportations, at_least: 1}",
    ],
)
def test_validator_finds_arguments_whose_conditions_contradict(
    mini_copy: Path, mini_corpus: Corpus, contradiction: str
) -> None:
    break_file(
        mini_copy,
        "args.yaml",
        "        - {fact: sex, is: female}",
        "        - {fact: sex, is: female}\n" + contradiction,
    )
    lines = [f.one_line() for f in validate(load_rule_base(mini_copy), mini_corpus)]
    assert any("argument 'extra.pregnancy' can never apply" in line for line in lines), lines


def test_validator_accepts_number_ranges_that_leave_room(mini_copy: Path, mini_corpus: Corpus) -> None:
    room = "        - {fact: deportations, at_least: 1}\n        - {fact: deportations, below: 2}"
    break_file(
        mini_copy, "args.yaml", "        - {fact: sex, is: female}", "        - {fact: sex, is: female}\n" + room
    )
    lines = [f.one_line() for f in validate(load_rule_base(mini_copy), mini_corpus)]
    assert not any("can never apply" in line for line in lines), lines

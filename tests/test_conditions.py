from __future__ import annotations

import itertools

import pytest

from rsd_checklist import conditions as c

T, F, U = True, False, None


def const(value: bool | None) -> c.Condition:
    return c.FactTest("x", "yes") if value is not None else c.FactTest("missing", "yes")


def run(condition: c.Condition, facts: dict[str, object]) -> bool | None:
    compiled = c.compile_condition(condition)(facts, {})
    walked = c.evaluate_node(condition, facts, {})
    assert compiled is walked  # the compiled and the walking evaluator agree
    return compiled


def leaf(name: str) -> c.FactTest:
    return c.FactTest(name, "yes")


# Kleene's strong three-valued logic, written out as tables.
AND = {(T, T): T, (T, F): F, (T, U): U, (F, T): F, (F, F): F, (F, U): F, (U, T): U, (U, F): F, (U, U): U}
OR = {(T, T): T, (T, F): T, (T, U): T, (F, T): T, (F, F): F, (F, U): U, (U, T): T, (U, F): U, (U, U): U}
NOT = {T: F, F: T, U: U}


@pytest.mark.parametrize(("a", "b"), list(itertools.product([T, F, U], repeat=2)))
def test_all_and_any_follow_kleene_tables(a: bool | None, b: bool | None) -> None:
    facts = {k: v for k, v in (("a", a), ("b", b)) if v is not None}
    assert run(c.All((leaf("a"), leaf("b"))), facts) is AND[(a, b)]
    assert run(c.Any_((leaf("a"), leaf("b"))), facts) is OR[(a, b)]


@pytest.mark.parametrize("a", [T, F, U])
def test_not_swaps_true_and_false_and_keeps_unknown(a: bool | None) -> None:
    facts = {} if a is None else {"a": a}
    assert run(c.Not(leaf("a")), facts) is NOT[a]


def test_fact_operators() -> None:
    facts = {"n": 2, "k": "dprk", "m": ["food", "religious"]}
    assert run(c.FactTest("n", "at_least", 2), facts) is True
    assert run(c.FactTest("n", "below", 2), facts) is False
    assert run(c.FactTest("k", "is", "dprk"), facts) is True
    assert run(c.FactTest("k", "in", ("other", "stateless")), facts) is False
    assert run(c.FactTest("m", "includes", "food"), facts) is True
    assert run(c.FactTest("m", "includes_any", ("work", "medical")), facts) is False
    assert run(c.FactTest("absent", "at_least", 1), facts) is None


def test_argument_reference_reads_the_argument_truth() -> None:
    cond = c.ArgumentTest("a.b")
    assert c.compile_condition(cond)({}, {"a.b": True}) is True
    assert c.compile_condition(cond)({}, {}) is None


def test_parse_round_trip() -> None:
    data = {"all": [{"fact": "x", "is": "dprk"}, {"any": [{"fact": "y"}, {"not": {"argument": "a.b"}}]}]}
    parsed = c.parse(data)
    assert parsed == c.All(
        (c.FactTest("x", "is", "dprk"), c.Any_((c.FactTest("y", "yes"), c.Not(c.ArgumentTest("a.b")))))
    )
    assert c.facts_in(parsed) == {"x", "y"}
    assert c.arguments_in(parsed) == {"a.b"}


@pytest.mark.parametrize(
    ("data", "message", "path"),
    [
        ("text", "must be a mapping", ()),
        ({"all": []}, "non-empty list", ("all",)),
        ({"fact": "x", "argument": "y"}, "exactly one", ()),
        ({"fact": "x", "is": 1, "in": ["a"]}, "not several", ()),
        ({"fact": "x", "at_least": "two"}, "whole number", ("at_least",)),
        ({"any": [{"fact": "x"}, {"fact": "y", "colour": "red"}]}, "unexpected key 'colour'", ("any", 1, "colour")),
        ({"not": {"fact": 3}}, "takes an id", ("not", "fact")),
    ],
)
def test_parse_errors_say_what_and_where(data: object, message: str, path: tuple[object, ...]) -> None:
    with pytest.raises(c.ConditionError) as info:
        c.parse(data)
    assert message in info.value.message
    assert info.value.path == path

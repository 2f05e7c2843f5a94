"""The condition language of the rules: plain data, parsed once, evaluated in three values.

A condition is a mapping with one of the keys ``all``, ``any``, ``not``, ``fact`` or
``argument``. Values are Kleene's: True, False, or None for "not known yet". Nothing here
is ever passed to ``eval``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

Truth = bool | None

FACT_OPERATORS = ("is", "in", "includes", "includes_any", "at_least", "below")
"""What a fact test may ask; a bare ``{fact: x}`` asks whether a yes/no fact is yes."""


class ConditionError(ValueError):
    """A condition that is not well formed; `path` leads from the condition to the fault."""

    def __init__(self, message: str, path: tuple[str | int, ...] = ()) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


@dataclass(frozen=True)
class All:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Any_:
    parts: tuple[Condition, ...]


@dataclass(frozen=True)
class Not:
    part: Condition


@dataclass(frozen=True)
class FactTest:
    fact: str
    operator: str  # "yes" for a bare yes/no test, else one of FACT_OPERATORS
    operand: Any = None


@dataclass(frozen=True)
class ArgumentTest:
    argument: str


Condition = All | Any_ | Not | FactTest | ArgumentTest


def parse(data: object, path: tuple[str | int, ...] = ()) -> Condition:
    if not isinstance(data, Mapping):
        raise ConditionError("a condition must be a mapping with one of: all, any, not, fact, argument", path)
    keys = set(data)
    heads = keys & {"all", "any", "not", "fact", "argument"}
    if len(heads) != 1:
        found = ", ".join(sorted(map(str, keys))) or "nothing"
        raise ConditionError(f"a condition needs exactly one of all, any, not, fact, argument (found {found})", path)
    (head,) = heads
    if head in ("all", "any"):
        _only(data, {head}, path)
        items = data[head]
        if not isinstance(items, list) or not items:
            raise ConditionError(f"'{head}' takes a non-empty list of conditions", (*path, head))
        parts = tuple(parse(item, (*path, head, i)) for i, item in enumerate(items))
        return All(parts) if head == "all" else Any_(parts)
    if head == "not":
        _only(data, {"not"}, path)
        return Not(parse(data["not"], (*path, "not")))
    if head == "argument":
        _only(data, {"argument"}, path)
        return ArgumentTest(_name(data["argument"], (*path, "argument"), "argument"))
    fact = _name(data["fact"], (*path, "fact"), "fact")
    _only(data, {"fact", *FACT_OPERATORS}, path)
    operators = [op for op in FACT_OPERATORS if op in data]
    if len(operators) > 1:
        raise ConditionError(f"a fact test takes one of {', '.join(FACT_OPERATORS)}, not several", path)
    if not operators:
        return FactTest(fact, "yes")
    op = operators[0]
    operand = data[op]
    where = (*path, op)
    if op in ("in", "includes_any"):
        if not isinstance(operand, list) or not operand:
            raise ConditionError(f"'{op}' takes a non-empty list of values", where)
        if not all(isinstance(v, str) for v in operand):
            raise ConditionError(f"'{op}' takes a list of choice values (words)", where)
        operand = tuple(operand)
    elif op in ("at_least", "below"):
        if isinstance(operand, bool) or not isinstance(operand, int):
            raise ConditionError(f"'{op}' takes a whole number", where)
    elif op == "includes":
        if not isinstance(operand, str):
            raise ConditionError("'includes' takes one choice value (a word)", where)
    elif not isinstance(operand, (str, bool, int)) or operand is None:
        raise ConditionError("'is' takes a value: a word, a number, true or false", where)
    return FactTest(fact, op, operand)


def _only(data: Mapping[str, object], allowed: set[str], path: tuple[str | int, ...]) -> None:
    extra = sorted(set(data) - allowed)
    if extra:
        raise ConditionError(f"unexpected key '{extra[0]}' in this condition", (*path, extra[0]))


def _name(value: object, path: tuple[str | int, ...], what: str) -> str:
    if not isinstance(value, str) or not value:
        raise ConditionError(f"'{what}' takes an id", path)
    return value


def walk(condition: Condition) -> Iterator[Condition]:
    yield condition
    if isinstance(condition, (All, Any_)):
        for part in condition.parts:
            yield from walk(part)
    elif isinstance(condition, Not):
        yield from walk(condition.part)


def walk_with_paths(
    condition: Condition, path: tuple[str | int, ...] = ()
) -> Iterator[tuple[Condition, tuple[str | int, ...]]]:
    """Each node with its path inside the condition's data, for error positions."""
    yield condition, path
    if isinstance(condition, (All, Any_)):
        head = "all" if isinstance(condition, All) else "any"
        for i, part in enumerate(condition.parts):
            yield from walk_with_paths(part, (*path, head, i))
    elif isinstance(condition, Not):
        yield from walk_with_paths(condition.part, (*path, "not"))


def facts_in(condition: Condition) -> set[str]:
    return {c.fact for c in walk(condition) if isinstance(c, FactTest)}


def arguments_in(condition: Condition) -> set[str]:
    return {c.argument for c in walk(condition) if isinstance(c, ArgumentTest)}


def test_fact(test: FactTest, value: object) -> Truth:
    """Apply one fact test to a value; None (unknown) stays unknown."""
    if value is None:
        return None
    op = test.operator
    if op == "yes":
        return value is True
    if op == "is":
        return value == test.operand
    if op == "in":
        return value in test.operand
    if op == "includes":
        return test.operand in value  # type: ignore[operator]
    if op == "includes_any":
        return any(v in value for v in test.operand)  # type: ignore[operator, union-attr]
    if op == "at_least":
        return value >= test.operand  # type: ignore[operator]
    if op == "below":
        return value < test.operand  # type: ignore[operator]
    raise AssertionError(op)


Compiled = Callable[[Mapping[str, object], Mapping[str, Truth]], Truth]
"""A compiled condition: (fact values, argument truths) -> truth."""


def compile_condition(condition: Condition) -> Compiled:
    """Turn a condition into nested closures, so a case is evaluated without walking data."""
    if isinstance(condition, FactTest):
        test, name = condition, condition.fact
        return lambda facts, _args: test_fact(test, facts.get(name))
    if isinstance(condition, ArgumentTest):
        arg = condition.argument
        return lambda _facts, args: args.get(arg)
    if isinstance(condition, Not):
        inner = compile_condition(condition.part)

        def negate(facts: Mapping[str, object], args: Mapping[str, Truth]) -> Truth:
            v = inner(facts, args)
            return None if v is None else not v

        return negate
    parts = tuple(compile_condition(p) for p in condition.parts)
    if isinstance(condition, All):

        def all_(facts: Mapping[str, object], args: Mapping[str, Truth]) -> Truth:
            unknown = False
            for part in parts:
                v = part(facts, args)
                if v is False:
                    return False
                if v is None:
                    unknown = True
            return None if unknown else True

        return all_

    def any_(facts: Mapping[str, object], args: Mapping[str, Truth]) -> Truth:
        unknown = False
        for part in parts:
            v = part(facts, args)
            if v is True:
                return True
            if v is None:
                unknown = True
        return None if unknown else False

    return any_


def evaluate_node(condition: Condition, facts: Mapping[str, object], arguments: Mapping[str, Truth]) -> Truth:
    """Evaluate a condition by walking it (explanations use this; evaluation uses compiled ones)."""
    if isinstance(condition, FactTest):
        return test_fact(condition, facts.get(condition.fact))
    if isinstance(condition, ArgumentTest):
        return arguments.get(condition.argument)
    if isinstance(condition, Not):
        v = evaluate_node(condition.part, facts, arguments)
        return None if v is None else not v
    values = (evaluate_node(p, facts, arguments) for p in condition.parts)
    if isinstance(condition, All):
        unknown = False
        for v in values:
            if v is False:
                return False
            unknown |= v is None
        return None if unknown else True
    unknown = False
    for v in values:
        if v is True:
            return True
        unknown |= v is None
    return None if unknown else False

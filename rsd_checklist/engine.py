"""Evaluate a case against the rule base: statuses, explanations, missing facts, next question.

Pure functions of (RuleBase, facts); nothing here knows about the terminal, files or exports.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import cached_property

from rsd_checklist import conditions as cond
from rsd_checklist.conditions import Truth
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.schema import Status

_STATUS: dict[Truth, Status] = {True: "applies", False: "does_not_apply", None: "undetermined"}


def status_of(value: Truth) -> Status:
    return _STATUS[value]


@dataclass(frozen=True)
class Explanation:
    """One node of an argument's condition tree, with its value and the answer behind it."""

    text: str
    value: Truth
    decisive: bool
    children: tuple[Explanation, ...] = ()
    fact: str | None = None
    answer: str | None = None  # the answer as read, for fact tests
    argument: str | None = None

    def to_json(self) -> dict[str, object]:
        data: dict[str, object] = {
            "text": self.text,
            "value": {True: "true", False: "false", None: "unknown"}[self.value],
            "decisive": self.decisive,
        }
        if self.fact:
            data["fact"] = self.fact
            data["answer"] = self.answer
        if self.argument:
            data["argument"] = self.argument
        if self.children:
            data["children"] = [c.to_json() for c in self.children]
        return data


@dataclass(frozen=True)
class ArgumentResult:
    id: str
    status: Status
    missing_facts: tuple[str, ...]  # unanswered facts that could still settle it


@dataclass
class Evaluation:
    rule_base: RuleBase
    answers: Mapping[str, object]  # as given by the case; None or absent is unknown
    facts: dict[str, object]  # answers plus derived values
    truths: dict[str, Truth]
    results: dict[str, ArgumentResult]  # in rule-file order
    _missing_cache: dict[str, frozenset[str]] = field(default_factory=dict, repr=False)

    def status(self, argument_id: str) -> Status:
        return self.results[argument_id].status

    @cached_property
    def relevance(self) -> dict[str, tuple[str, ...]]:
        """For each question worth asking now, the open arguments its answer could settle."""
        rb = self.rule_base
        settles: dict[str, list[str]] = {}
        for result in self.results.values():
            for fact_id in result.missing_facts:
                settles.setdefault(fact_id, []).append(result.id)
        relevant = {}
        for fact_id in rb.facts:
            if fact_id in settles and self.facts.get(fact_id) is None and self.askable(fact_id) is True:
                relevant[fact_id] = tuple(settles[fact_id])
        return relevant

    @cached_property
    def next_question(self) -> str | None:
        """The relevant question that could settle the most open arguments (ties: questionnaire order)."""
        best, best_count = None, 0
        for fact_id, arguments in self.relevance.items():  # already in questionnaire order
            if len(arguments) > best_count:
                best, best_count = fact_id, len(arguments)
        return best

    def askable(self, fact_id: str) -> Truth:
        """Whether the question is put now: its `asked_when` holds (unknown while that is unknown)."""
        if fact_id in self.rule_base.derivations and self._derived(fact_id):
            return False
        check = self.rule_base.asked_when.get(fact_id)
        return True if check is None else check(self.facts, {})

    def _derived(self, fact_id: str) -> bool:
        return any(when(self.answers, {}) is True for when, _ in self.rule_base.derivations[fact_id])

    def is_derived(self, fact_id: str) -> bool:
        """Whether the fact's value comes from other answers (country data, say) rather than a question."""
        return fact_id in self.rule_base.derivations and self._derived(fact_id)

    def explanation(self, argument_id: str) -> Explanation:
        return self._explain(self.rule_base.arguments[argument_id].when, decisive=True)

    def _explain(self, node: cond.Condition, decisive: bool) -> Explanation:
        rb = self.rule_base
        value = cond.evaluate_node(node, self.facts, self.truths)
        if isinstance(node, cond.FactTest):
            fact_value = self.facts.get(node.fact)
            return Explanation(
                text=describe_test(rb, node),
                value=value,
                decisive=decisive,
                fact=node.fact,
                answer=rb.format_value(node.fact, fact_value),
            )
        if isinstance(node, cond.ArgumentTest):
            argument = rb.arguments[node.argument]
            return Explanation(
                text=f"“{argument.title}” applies",
                value=value,
                decisive=decisive,
                argument=node.argument,
            )
        if isinstance(node, cond.Not):
            child = self._explain(node.part, decisive)
            return Explanation("not:", value, decisive, (child,))
        parts = node.parts
        values = [cond.evaluate_node(p, self.facts, self.truths) for p in parts]
        children = []
        for part, part_value in zip(parts, values, strict=True):
            if value is None:
                part_decisive = part_value is None
            elif isinstance(node, cond.All):
                part_decisive = value is True or part_value is False
            else:
                part_decisive = value is False or part_value is True
            children.append(self._explain(part, decisive and part_decisive))
        text = "all of these:" if isinstance(node, cond.All) else "at least one of these:"
        return Explanation(text, value, decisive, tuple(children))

    @property
    def answered(self) -> tuple[str, ...]:
        return tuple(f for f in self.rule_base.facts if self.answers.get(f) is not None)


def describe_test(rb: RuleBase, test: cond.FactTest) -> str:
    fact = rb.facts[test.fact]
    label = fact.label
    op, operand = test.operator, test.operand
    if op == "yes":
        return label
    if op == "is":
        if fact.type == "bool":
            return label if operand else f"{label}: no"
        return f"{label} is {rb.choice_label(test.fact, operand) if fact.type == 'choice' else operand}"
    if op == "in":
        return f"{label} is one of: " + ", ".join(rb.choice_label(test.fact, v) for v in operand)
    if op == "includes":
        return f"{label} include {rb.choice_label(test.fact, operand)}"
    if op == "includes_any":
        return f"{label} include any of: " + ", ".join(rb.choice_label(test.fact, v) for v in operand)
    if op == "at_least":
        return f"{label} is at least {operand}"
    if op == "below":
        return f"{label} is under {operand}"
    raise AssertionError(op)


def resolve_facts(rule_base: RuleBase, answers: Mapping[str, object]) -> dict[str, object]:
    """The case's answers plus the values that derivations give (country data, say)."""
    facts = {k: v for k, v in answers.items() if v is not None}
    for fact_id, derivations in rule_base.derivations.items():
        for when, value in derivations:
            if when(answers, {}) is True:
                facts[fact_id] = value
                break
    return facts


def evaluate(rule_base: RuleBase, answers: Mapping[str, object]) -> Evaluation:
    facts = resolve_facts(rule_base, answers)
    truths: dict[str, Truth] = {}
    for argument_id in rule_base.order:
        truths[argument_id] = rule_base.when[argument_id](facts, truths)
    evaluation = Evaluation(rule_base, answers, facts, truths, {})
    order: dict[str, int] | None = None
    for argument_id in rule_base.arguments:
        value = truths[argument_id]
        missing: tuple[str, ...] = ()
        if value is None:
            order = order or {f: i for i, f in enumerate(rule_base.facts)}
            missing = tuple(sorted(_missing(evaluation, argument_id), key=order.__getitem__))
        evaluation.results[argument_id] = ArgumentResult(argument_id, status_of(value), missing)
    return evaluation


def _missing(evaluation: Evaluation, argument_id: str) -> frozenset[str]:
    """Unanswered facts under the unknown parts of an open argument's condition (one pass)."""
    cache = evaluation._missing_cache
    if argument_id in cache:
        return cache[argument_id]
    cache[argument_id] = frozenset()  # guards against re-entry; the rule base has no cycles
    facts, truths = evaluation.facts, evaluation.truths
    found: set[str] = set()

    def visit(node: cond.Condition) -> Truth:
        """The node's value; for an unknown node, its unknown leaves go into `found`."""
        if isinstance(node, cond.FactTest):
            value = cond.test_fact(node, facts.get(node.fact))
            if value is None:
                _add_fact(evaluation, node.fact, found)
            return value
        if isinstance(node, cond.ArgumentTest):
            value = truths.get(node.argument)
            if value is None:
                found.update(_missing(evaluation, node.argument))
            return value
        if isinstance(node, cond.Not):
            value = visit(node.part)
            return None if value is None else not value
        # Children are visited on a scratch set first: a settled parent needs none of them.
        decisive = isinstance(node, cond.Any_)  # the value that settles the node
        before = set(found)
        unknown = False
        for part in node.parts:
            value = visit(part)
            if value is decisive:
                found.clear()
                found.update(before)
                return decisive
            unknown |= value is None
        return None if unknown else not decisive

    visit(evaluation.rule_base.arguments[argument_id].when)
    cache[argument_id] = frozenset(found)
    return cache[argument_id]


def _add_fact(evaluation: Evaluation, fact_id: str, found: set[str]) -> None:
    """A fact that could settle something, and the facts that decide whether it is asked at all."""
    if fact_id in found:
        return
    found.add(fact_id)
    for gate in evaluation.rule_base.gates.get(fact_id, ()):
        if evaluation.facts.get(gate) is None:
            _add_fact(evaluation, gate, found)

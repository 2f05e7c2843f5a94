"""Checks over a loaded rule base and the corpus: quotations, pinpoints, dead facts and rules.

Errors make the rule base unfit to teach from (a quotation not in the report, a wrong
pinpoint); warnings point at loose ends (a fact no rule uses, an argument that can never apply).
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

from rsd_checklist import conditions as cond
from rsd_checklist.corpus import Corpus, Match
from rsd_checklist.errors import Position, did_you_mean
from rsd_checklist.rulebase import RuleBase

Severity = Literal["error", "warning"]


@dataclass(frozen=True)
class Finding:
    severity: Severity
    position: Position
    message: str
    hint: str = ""

    def one_line(self) -> str:
        text = f"{self.position}: {self.severity}: {self.message}"
        return f"{text} ({self.hint})" if self.hint else text


def validate(rule_base: RuleBase, corpus: Corpus) -> list[Finding]:
    findings: list[Finding] = []
    findings += [Finding("error", e.position, e.message, e.hint) for e in corpus.check_regions()]
    findings += check_citations(rule_base, corpus)
    findings += unused_facts(rule_base)
    findings += never_applicable(rule_base)
    return findings


def check_citations(rule_base: RuleBase, corpus: Corpus) -> list[Finding]:
    findings = []
    lookups: dict[tuple[str, str], list[Match]] = {}  # a passage cited in several places is looked up once
    for site in rule_base.citation_sites:
        c = site.citation
        if corpus.document(c.doc) is None:
            hint = did_you_mean(c.doc, corpus.documents.keys()) or "documents: " + ", ".join(corpus.documents)
            findings.append(Finding("error", site.position, f"{site.owner}: unknown report '{c.doc}'", hint))
            continue
        key = (c.doc, c.quote)
        if key not in lookups:
            lookups[key] = corpus.find(c.doc, c.quote)
        matches = lookups[key]
        if not matches:
            findings.append(
                Finding(
                    "error",
                    site.quote_position or site.position,
                    f"{site.owner}: quotation not found in {c.doc}: {_departure(corpus, c.doc, c.quote)}",
                    "copy the words exactly from the report",
                )
            )
        elif c.at not in {m.locator for m in matches}:
            found = ", ".join(dict.fromkeys(m.locator for m in matches))
            findings.append(
                Finding(
                    "error",
                    site.at_position or site.position,
                    f"{site.owner}: quotation is at {found} of {c.doc}, not at '{c.at}'",
                    f"change 'at' to '{matches[0].locator}'",
                )
            )
    return findings


def _departure(corpus: Corpus, doc_id: str, quote: str) -> str:
    """Where a quotation stops matching the report: the longest opening run of words it finds.

    A trainer who mistyped one word near the end of a long passage should not have to compare
    the whole passage by eye. Only the error path pays for the search.
    """
    words = quote.split()
    low, high = 0, len(words)  # the first `low` words are found; more than `high` are not
    while low < high:
        middle = (low + high + 1) // 2
        if corpus.find(doc_id, " ".join(words[:middle])):
            low = middle
        else:
            high = middle - 1
    if low < 2:  # too little matches to be the same passage
        return f"“{_short(quote)}”"
    found = " ".join(words[max(0, low - 6) : low])
    return f"the report has “…{found}” but not what follows: “{_short(' '.join(words[low:]), 40)}”"


def _short(text: str, width: int = 60) -> str:
    text = " ".join(text.split())
    return text if len(text) <= width else text[: width - 1] + "…"


def unused_facts(rule_base: RuleBase) -> list[Finding]:
    used: set[str] = set()
    for argument in rule_base.arguments.values():
        used |= cond.facts_in(argument.when)
    for fact in rule_base.facts.values():
        if fact.asked_when is not None:
            used |= cond.facts_in(fact.asked_when)
        for derivation in fact.derived:
            used |= cond.facts_in(derivation.when)
    return [
        Finding(
            "warning",
            rule_base.fact_position(f),
            f"fact '{f}' is asked but no rule uses it",
            "use it in a condition or remove it",
        )
        for f in rule_base.facts
        if f not in used
    ]


def never_applicable(rule_base: RuleBase) -> list[Finding]:
    memo: dict[str, bool] = {}

    def argument_possible(argument_id: str) -> bool:
        if argument_id not in memo:
            memo[argument_id] = True  # optimistic while in progress
            memo[argument_id] = possible(rule_base.arguments[argument_id].when, True)
        return memo[argument_id]

    def possible(node: cond.Condition, want: bool) -> bool:
        if isinstance(node, cond.Not):
            return possible(node.part, not want)
        if isinstance(node, cond.ArgumentTest):
            return argument_possible(node.argument) if want else True
        if isinstance(node, cond.FactTest):
            return bool(_satisfying(rule_base, node, want))
        conjunctive = isinstance(node, cond.All) == want
        if conjunctive:
            return all(possible(p, want) for p in node.parts) and not _conflict(rule_base, node.parts, want)
        return any(possible(p, want) for p in node.parts)

    return [
        Finding(
            "warning",
            rule_base.argument_position(a),
            f"argument '{a}' can never apply: its conditions contradict each other",
            "check the 'when' conditions",
        )
        for a in rule_base.arguments
        if not argument_possible(a)
    ]


def _domain(rule_base: RuleBase, fact_id: str) -> list[object] | None:
    fact = rule_base.facts[fact_id]
    if fact.type == "bool":
        return [True, False]
    if fact.type == "choice":
        return [c.value for c in fact.choices]
    return None  # numbers and lists: too many values to list


def _satisfying(rule_base: RuleBase, test: cond.FactTest, want: bool) -> list[object] | bool:
    domain = _domain(rule_base, test.fact)
    if domain is None:
        fact = rule_base.facts[test.fact]
        if fact.type == "int" and test.operator in ("at_least", "below") and want:
            if test.operator == "at_least":
                return fact.max is None or fact.max >= test.operand
            return fact.min is None or fact.min < test.operand
        return True
    return [v for v in domain if cond.test_fact(test, v) is want]


def _conflict(rule_base: RuleBase, parts: tuple[cond.Condition, ...], want: bool) -> bool:
    """Whether tests of one fact among `parts` cannot all come out as `want` together.

    A negated test counts as the test wanted the other way ({fact: x} beside not: {fact: x});
    number tests narrow a range ({age: below 18} beside {age: at_least 60} leaves none).
    """
    allowed: dict[str, set[object]] = {}
    ranges: dict[str, tuple[float, float]] = {}  # fact -> [low, high)
    for part in parts:
        test, wanted = part, want
        if isinstance(part, cond.Not) and isinstance(part.part, cond.FactTest):
            test, wanted = part.part, not want
        if not isinstance(test, cond.FactTest):
            continue
        values = _satisfying(rule_base, test, wanted)
        if isinstance(values, list):
            allowed[test.fact] = allowed.get(test.fact, set(values)) & set(values)
            if not allowed[test.fact]:
                return True
        elif test.operator in ("at_least", "below") and isinstance(test.operand, int):
            low, high = ranges.get(test.fact, (float("-inf"), float("inf")))
            if (test.operator == "at_least") == wanted:  # value >= operand
                low = max(low, test.operand)
            else:  # value < operand
                high = min(high, test.operand)
            ranges[test.fact] = (low, high)
            if low >= high:
                return True
    return False


def check_expected(rule_base: RuleBase, case_paths: list[Path]) -> list[Finding]:
    """Training cases whose `expected` statuses the rule base no longer gives.

    A trainer who changes a rule learns here, not in the workshop, that a case stopped teaching
    what it was written to teach.
    """
    from rsd_checklist.casefile import load_case
    from rsd_checklist.engine import evaluate
    from rsd_checklist.errors import InputError, InputErrors
    from rsd_checklist.yamlio import load_yaml

    findings: list[Finding] = []
    for path in case_paths:
        try:
            case = load_case(path, rule_base)
        except InputErrors as exc:
            findings += [Finding("error", e.position, e.message, e.hint) for e in exc.errors]
            continue
        except InputError as exc:
            findings.append(Finding("error", exc.position, exc.message, exc.hint))
            continue
        if not case.expected:
            continue
        evaluation = evaluate(rule_base, case.facts)
        wrong = [(a, e, evaluation.status(a)) for a, e in case.expected.items() if evaluation.status(a) != e]
        if not wrong:
            continue
        doc = load_yaml(path, "case file")  # read again only to place the warnings
        findings += [
            Finding(
                "warning",
                doc.position(("expected", argument_id)),
                f"{argument_id} is expected to be {expected} but is {actual}",
                "correct 'expected' in the case, or the rule if the case is right",
            )
            for argument_id, expected, actual in wrong
        ]
    return findings

"""How well the rule base is covered: by the reports it cites and by the training cases.

A trainer preparing a workshop wants to see, per argument, what it rests on and where the
trainees will meet it. Two flags point at loose ends: an argument that applies in no training
case, and one that cites a single report where the other reports also speak to its subject.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

from rsd_checklist.casefile import Case
from rsd_checklist.corpus import Corpus
from rsd_checklist.engine import evaluate
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.schema import ArgumentDef, Citation

_STOPWORDS = frozenset(
    "a an and are as at be by for from has have in is it of on or the their they this to was were who with "
    "person people opposing position not now under article art convention".split()
)


@dataclass
class ArgumentCoverage:
    argument_id: str
    citations_by_report: dict[str, int]
    applies_in: list[str]
    other_reports: list[str] = field(default_factory=list)  # "hrw-2002, Summary" where others speak

    @property
    def flags(self) -> list[str]:
        flags = []
        if not self.applies_in:
            flags.append("applies in no training case")
        if len(self.citations_by_report) == 1 and self.other_reports:
            flags.append("cites one report; others speak to it: " + "; ".join(self.other_reports))
        return flags


def coverage(rule_base: RuleBase, corpus: Corpus, cases: Iterable[Case]) -> list[ArgumentCoverage]:
    applies: dict[str, list[str]] = {a: [] for a in rule_base.arguments}
    for case in cases:
        evaluation = evaluate(rule_base, case.facts)
        for argument_id, result in evaluation.results.items():
            if result.status == "applies":
                applies[argument_id].append(case.name or case.title)
    report = []
    for argument in rule_base.arguments.values():
        by_report: dict[str, int] = {}
        for citation in _all_citations(argument):
            by_report[citation.doc] = by_report.get(citation.doc, 0) + 1
        item = ArgumentCoverage(argument.id, by_report, applies[argument.id])
        if len(by_report) == 1:
            item.other_reports = _other_reports(corpus, argument.title + " " + argument.test, set(by_report))
        report.append(item)
    return report


def _all_citations(argument: ArgumentDef) -> Iterator[Citation]:
    yield from argument.citations
    for response in argument.answers:
        yield from response.citations
    for weakness in argument.weaknesses:
        yield from weakness.citations


def _other_reports(corpus: Corpus, text: str, cited: set[str], limit: int = 3) -> list[str]:
    """Passages of uncited reports that share the argument's key words, best first."""
    words = [w for w in re.findall(r"[A-Za-z]{4,}", text) if w.lower() not in _STOPWORDS]
    if not words:
        return []
    query = " ".join(dict.fromkeys(w.lower() for w in words[:8]))
    found = []
    needed = max(3, (len(query.split()) + 1) // 2)  # at least half the key words meet in one passage
    for hit in corpus.search(query, limit=20):
        met = {w.lower() for w in re.findall(r"\[([^\]]+)\]", hit.snippet)}
        if hit.doc_id not in cited and len(met) >= needed:
            label = f"{hit.doc_id}, {hit.locator}"
            if label not in found:
                found.append(label)
    return found[:limit]


def coverage_text(items: list[ArgumentCoverage]) -> str:
    lines = []
    for item in items:
        reports = ", ".join(f"{doc} ×{n}" for doc, n in sorted(item.citations_by_report.items()))
        cases = ", ".join(item.applies_in) if item.applies_in else "none"
        lines.append(item.argument_id)
        lines.append(f"  cites:      {reports}")
        lines.append(f"  applies in: {cases}")
        lines.extend(f"  FLAG: {flag}" for flag in item.flags)
    flagged = sum(bool(i.flags) for i in items)
    lines.append("")
    lines.append(f"{len(items)} arguments; {flagged} flagged")
    return "\n".join(lines)

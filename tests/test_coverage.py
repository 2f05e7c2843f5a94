from __future__ import annotations

from pathlib import Path

from conftest import ROOT

from rsd_checklist.casefile import load_case
from rsd_checklist.corpus import Corpus
from rsd_checklist.coverage import coverage, coverage_text
from rsd_checklist.loader import load_rule_base
from rsd_checklist.rulebase import RuleBase


def test_cases_that_apply_an_argument_are_listed(rule_base: RuleBase, corpus: Corpus) -> None:
    case = load_case(ROOT / "cases" / "musan_bible_study.yaml", rule_base)
    items = {i.argument_id: i for i in coverage(rule_base, corpus, [case])}
    assert items["convention.nexus.religion"].applies_in == ["musan_bible_study"]
    assert "applies in no training case" not in items["convention.nexus.religion"].flags
    assert "applies in no training case" in items["exclusion.article_1f"].flags
    assert items["convention.refugee"].citations_by_report  # counted by report


def test_single_report_argument_is_flagged_when_others_speak(tmp_path: Path, corpus: Corpus) -> None:
    rules = tmp_path / "rules"
    rules.mkdir()
    (rules / "index.yaml").write_text("title: t\ngroups: [{id: g, title: G}]\nfiles: [a.yaml]\n")
    (rules / "a.yaml").write_text(
        "facts:\n  - {id: x, label: X, prompt: X?, type: bool}\n"
        "arguments:\n"
        "  - id: g.punishment\n    group: g\n    title: Punishment of North Koreans deported from China\n"
        "    test: Deported North Koreans are punished on return.\n    when: {fact: x}\n"
        "    citations: [{doc: nautilus-2003, at: para 2, quote: q}]\n"
    )
    (item,) = coverage(load_rule_base(rules), corpus, [])
    assert item.citations_by_report == {"nautilus-2003": 1}
    assert item.other_reports and all(not r.startswith("nautilus") for r in item.other_reports)
    assert any(flag.startswith("cites one report; others speak to it") for flag in item.flags)
    assert "FLAG: cites one report" in coverage_text([item])

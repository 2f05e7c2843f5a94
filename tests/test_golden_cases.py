"""Every bundled training case, evaluated against its `expected:` block (golden tests)."""

from __future__ import annotations

from pathlib import Path

import pytest
from conftest import ROOT

from rsd_checklist.casefile import check_expected, load_case
from rsd_checklist.engine import evaluate
from rsd_checklist.rulebase import RuleBase

CASES = sorted((ROOT / "cases").glob("*.yaml"))


def test_there_are_training_cases() -> None:
    assert len(CASES) >= 3


@pytest.mark.parametrize("path", CASES, ids=[p.stem for p in CASES])
def test_case_meets_its_expected_statuses(path: Path, rule_base: RuleBase) -> None:
    case = load_case(path, rule_base)
    assert case.expected, f"{path.name} has no expected: block"
    assert case.model_answer.strip(), f"{path.name} has no model_answer"
    mismatches = check_expected(case, evaluate(rule_base, case.facts))
    assert mismatches == [], "\n".join(f"{a}: expected {e}, got {g}" for a, e, g in mismatches)

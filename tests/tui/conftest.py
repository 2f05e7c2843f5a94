"""Fixtures for the app's tests: a private data directory, a fixed set of training cases, an app factory."""

from __future__ import annotations

import shutil
import tempfile
from collections.abc import Callable
from pathlib import Path

import pytest

from rsd_checklist.resources import bundled_cases
from rsd_checklist.rulebase import RuleBase

TRAINING_CASES = ("bare_profile", "border_trader", "musan_bible_study")

# Some tests do `from conftest import ROOT, MINI`; when this file is the module named "conftest"
# (pytest given tests/tui and other test files at once), those names must be here too.
ROOT = Path(__file__).resolve().parent.parent.parent
MINI = ROOT / "tests" / "fixtures" / "mini"


def pytest_configure(config: pytest.Config) -> None:
    """A failed snapshot's HTML report goes to the temporary folder, not into the checkout."""
    if getattr(config.option, "snapshot_report", None) == "snapshot_report.html":
        config.option.snapshot_report = str(Path(tempfile.gettempdir()) / "rsd-checklist-snapshot-report.html")


@pytest.fixture()
def data_dir(tmp_path: Path) -> Path:
    return tmp_path / "data"


@pytest.fixture()
def cases_dir(tmp_path: Path) -> Path:
    """Three bundled cases, so that new bundled cases do not change what the tests see."""
    target = tmp_path / "cases"
    target.mkdir()
    cases = bundled_cases()
    for name in TRAINING_CASES:
        shutil.copy(cases[name], target / f"{name}.yaml")
    return target


@pytest.fixture(autouse=True)
def _private_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """The corpus search index goes to a temporary cache, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))


@pytest.fixture()
def make_app(rule_base: RuleBase, data_dir: Path, cases_dir: Path) -> Callable[..., object]:
    from rsd_checklist.tui.app import RsdApp

    def make(**kwargs: object) -> RsdApp:
        kwargs.setdefault("data_dir", data_dir)
        kwargs.setdefault("cases_dir", cases_dir)
        kwargs.setdefault("rule_base", rule_base)
        return RsdApp(**kwargs)  # type: ignore[arg-type]

    return make

"""Recent files, recovery copies, saves: owner-only, bundled cases never written over. No Textual."""

from __future__ import annotations

import stat
from pathlib import Path
from typing import Any

import pytest

from rsd_checklist.resources import bundled_cases
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.tui.state import Session
from rsd_checklist.tui.storage import Storage, export_markdown, is_bundled, slug


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def test_slug() -> None:
    assert slug("Woman from Musan, caught!") == "woman-from-musan-caught"
    assert slug("…", "new-case") == "new-case"


def test_recent_files_newest_first_and_private(tmp_path: Path) -> None:
    storage = Storage(tmp_path / "data")
    assert storage.recent() == []
    files = []
    for name in ("a", "b", "a"):
        path = tmp_path / f"{name}.yaml"
        path.write_text("title: x\n", encoding="utf-8")
        storage.add_recent(path)
        files.append(path)
    assert storage.recent() == [files[0].resolve(), files[1].resolve()]
    assert _mode(tmp_path / "data") == 0o700
    assert _mode(tmp_path / "data" / "recent.json") == 0o600
    files[1].unlink()
    assert storage.recent() == [files[0].resolve()]


def test_bundled_cases_are_templates(tmp_path: Path, rule_base: RuleBase) -> None:
    storage = Storage(tmp_path)
    path = bundled_cases()["musan_bible_study"]
    assert is_bundled(path)
    session = storage.open_session(path, rule_base)
    assert session.save_path is None and session.name == "musan_bible_study"
    assert storage.recent() == []


def test_recovery_round_trip(tmp_path: Path, rule_base: RuleBase) -> None:
    storage = Storage(tmp_path / "data")
    session = storage.open_session(bundled_cases()["musan_bible_study"], rule_base)
    session.answer("requested_protection", None)
    session.answer("wants_resettlement_in", "south_korea")
    path = storage.write_recovery(session)
    assert _mode(path) == 0o600 and _mode(path.parent) == 0o700
    (recovery,) = storage.recoveries()
    assert recovery.title == session.title
    assert (recovery.answered, recovery.dont_know) == (len(session.answers), 1)
    restored = storage.restore(recovery, rule_base)
    assert restored.answers == session.answers and restored.unknown == {"requested_protection"}
    assert restored.dirty and restored.save_path is None and restored.name == session.name
    storage.discard_recovery(recovery.name)
    assert storage.recoveries() == []


def test_saving_removes_the_recovery_copy(tmp_path: Path, rule_base: RuleBase) -> None:
    storage = Storage(tmp_path / "data")
    session = Session(rule_base)
    session.answer(session.current, "dprk")
    storage.write_recovery(session)
    assert [r.name for r in storage.recoveries()] == ["new-case"]
    target = tmp_path / "mine.yaml"
    storage.save_session(session, target)
    assert storage.recoveries() == []
    assert not session.dirty and session.save_path == target and _mode(target) == 0o600
    assert storage.recent() == [target.resolve()]
    reopened = storage.open_session(target, rule_base)
    assert reopened.answers == session.answers


def test_a_broken_recovery_file_is_listed_and_refused(tmp_path: Path, rule_base: RuleBase) -> None:
    from rsd_checklist.errors import InputError

    storage = Storage(tmp_path)
    storage.recovery_dir.mkdir(parents=True)
    (storage.recovery_dir / "broken.yaml").write_text("title: [unclosed\n", encoding="utf-8")
    (recovery,) = storage.recoveries()
    with pytest.raises(InputError):
        storage.restore(recovery, rule_base)


def test_export_markdown(rule_base: RuleBase) -> None:
    session = Session(rule_base)
    text = export_markdown(session)
    assert text.startswith("# New case") and "? open" in text


def test_export_by_extension(tmp_path: Path, rule_base: RuleBase, corpus: Any) -> None:
    from rsd_checklist.tui.storage import export_formats, export_session

    session = Session(rule_base)
    session.answer("nationality", "dprk")
    for ext in export_formats():
        target = tmp_path / f"case.{ext}"
        export_session(session, target, lambda: corpus)
        assert target.stat().st_size > 0 and _mode(target) == 0o600
    if "html" in export_formats():
        assert "<html" in (tmp_path / "case.html").read_text(encoding="utf-8").lower()


def test_export_falls_back_to_markdown(tmp_path: Path, rule_base: RuleBase, monkeypatch: pytest.MonkeyPatch) -> None:
    import sys

    from rsd_checklist.tui.storage import export_formats, export_session

    monkeypatch.setitem(sys.modules, "rsd_checklist.export", None)  # the export module is not there
    assert export_formats() == ("md",)
    target = tmp_path / "case.md"
    export_session(Session(rule_base), target, lambda: None)  # type: ignore[arg-type,return-value]
    assert target.read_text(encoding="utf-8").startswith("# New case")


def test_damaged_recovery_metadata_is_read_as_nothing_known(tmp_path: Path, rule_base: RuleBase) -> None:
    storage = Storage(tmp_path / "data")
    session = storage.open_session(bundled_cases()["musan_bible_study"], rule_base)
    path = storage.write_recovery(session)
    path.with_suffix(".json").write_text('{"answered": "many", "dont_know": true, "saved_at": "yesterday"}')
    (recovery,) = storage.recoveries()
    assert (recovery.answered, recovery.dont_know) == (0, 0)
    path.with_suffix(".json").write_text(
        '{"answered": NaN, "dont_know": 1e999, "saved_at": 1e300}'
    )  # JSON accepts these
    (recovery,) = storage.recoveries()
    assert (recovery.answered, recovery.dont_know) == (0, 0)
    assert recovery.saved_at == path.stat().st_mtime

"""Case data stays local and files never run code: no sockets, no eval/exec/pickle on content."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from conftest import ROOT

from rsd_checklist.cli import main

PACKAGE = ROOT / "rsd_checklist"


def test_the_package_never_evaluates_or_unpickles_file_content() -> None:
    forbidden = re.compile(
        r"(?<![\w.])(eval|exec|compile)\(|\bpickle\b|\bmarshal\b|yaml\.load\(|yaml\.unsafe_load|FullLoader|UnsafeLoader|__import__\("
    )
    offenders = []
    for path in PACKAGE.rglob("*.py"):
        for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            code = line.split("#", 1)[0]
            if forbidden.search(code):
                offenders.append(f"{path.relative_to(ROOT)}:{number}: {line.strip()}")
    assert offenders == []


@pytest.mark.parametrize(
    "argv",
    [
        ["validate"],
        ["validate", "--coverage"],
        ["evaluate", "musan_bible_study", "--format", "json"],
        ["evaluate", "border_trader", "--format", "markdown"],
        ["explain", "musan_bible_study", "convention.refugee"],
        ["next", "bare_profile"],
        ["cases"],
        ["corpus", "search", "forced repatriation"],
        ["schema", "rules"],
    ],
)
def test_commands_make_no_network_connection(
    argv: list[str],
    no_network: list[object],
    capsys: pytest.CaptureFixture[str],
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path))
    assert main(argv) == 0, capsys.readouterr().err
    assert no_network == []

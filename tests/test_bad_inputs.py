"""Hostile and broken files, for case files and rule files: one line naming the file (and line and
column where there is one), exit code 2, no traceback, no code run, nothing overwritten."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import MINI

HERE = Path(__file__).resolve().parent / "bad_inputs"
BAD_CASES = sorted((HERE / "cases").glob("*.yaml"))
BAD_RULES = sorted((HERE / "rules").glob("*.yaml"))
NO_HEADER = {"empty.yaml": "is empty"}


def expectation(path: Path) -> str:
    first = path.read_text(encoding="utf-8").split("\n", 1)[0]
    return first.removeprefix("# expect: ") if first.startswith("# expect: ") else NO_HEADER[path.name]


def run(args: list[str], cwd: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rsd_checklist", *args], capture_output=True, text=True, cwd=cwd, timeout=30
    )


def assert_refused(result: subprocess.CompletedProcess[str], path: Path, expected: str, cwd: Path) -> None:
    assert result.returncode == 2, (result.returncode, result.stderr)
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert str(path) in lines[0] and expected in lines[0], lines[0]
    assert not (cwd / "PWNED").exists()


@pytest.mark.parametrize("source", BAD_CASES, ids=[p.stem for p in BAD_CASES])
def test_bad_case_file(source: Path, tmp_path: Path) -> None:
    case = tmp_path / source.name
    shutil.copy(source, case)
    before = case.read_bytes()
    result = run(["evaluate", str(case), "--rules", str(MINI / "rules")], tmp_path)
    assert_refused(result, case, expectation(source), tmp_path)
    assert case.read_bytes() == before


def mini_with(tmp_path: Path, extra: Path | None = None) -> Path:
    rules = tmp_path / "rules"
    shutil.copytree(MINI / "rules", rules)
    if extra is not None:
        shutil.copy(extra, rules / extra.name)
        index = rules / "index.yaml"
        index.write_text(
            index.read_text().replace("files: [facts.yaml, args.yaml]", f"files: [facts.yaml, args.yaml, {extra.name}]")
        )
    return rules


@pytest.mark.parametrize("source", BAD_RULES, ids=[p.stem for p in BAD_RULES])
def test_bad_rule_file(source: Path, tmp_path: Path) -> None:
    rules = mini_with(tmp_path, source)
    result = run(["validate", "--rules", str(rules), "--corpus", str(MINI / "corpus")], tmp_path)
    assert_refused(result, rules / source.name, expectation(source), tmp_path)


def generated(kind: str, path: Path) -> str:
    """Writes a file no text editor would produce; returns what the message must say."""
    if kind == "binary":
        path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
        return "is a binary file"
    if kind == "latin1":
        path.write_bytes("title: Caf\u00e9 notes\n".encode("latin-1"))
        return "1:11: is not UTF-8 text"
    if kind == "huge":
        with path.open("wb") as handle:
            handle.truncate(6 * 1024 * 1024)
        return "over the 5 MB limit"
    if kind == "directory":
        path.mkdir()
        return "is a directory"
    return "no such"


KINDS = ["binary", "latin1", "huge", "directory", "missing"]


@pytest.mark.parametrize("kind", KINDS)
def test_generated_bad_case_file(kind: str, tmp_path: Path) -> None:
    case = tmp_path / "case.yaml"
    expected = generated(kind, case)
    if kind == "missing":
        expected = "no such case file"
    result = run(["evaluate", str(case), "--rules", str(MINI / "rules")], tmp_path)
    assert_refused(result, case, expected, tmp_path)


@pytest.mark.parametrize("kind", KINDS)
def test_generated_bad_rule_file(kind: str, tmp_path: Path) -> None:
    rules = mini_with(tmp_path)
    target = rules / "args.yaml"
    target.unlink()
    expected = generated(kind, target)
    if kind == "missing":
        expected = "the rule file args.yaml does not exist"
        target = rules / "index.yaml"
    result = run(["evaluate", str(tmp_path / "none.yaml"), "--rules", str(rules)], tmp_path)
    assert_refused(result, target, expected, tmp_path)

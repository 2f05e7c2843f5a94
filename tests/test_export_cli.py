"""The export and graph commands, through a small argparse parser built with the add_* functions
that cli.py uses: outputs, permissions, --force, batches, anonymising, errors."""

from __future__ import annotations

import argparse
import io
import json
import os
import stat
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import MINI, ROOT

from rsd_checklist.errors import InputError
from rsd_checklist.export.command import (
    add_export_arguments,
    add_graph_arguments,
    results_table,
    run_export,
    run_graph,
)
from rsd_checklist.export.output import write_export

SCHEMA = json.loads((ROOT / "docs" / "summary.schema.json").read_text(encoding="utf-8"))
MUSAN = "musan_bible_study"


def build_parser(with_data_options: bool = False) -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="rsd-checklist")
    sub = parser.add_subparsers(dest="command")
    for name, add, func in (("export", add_export_arguments, run_export), ("graph", add_graph_arguments, run_graph)):
        p = sub.add_parser(name)
        if with_data_options:  # as cli.py's command(..., data=True) does before calling add_*
            p.add_argument("--rules", metavar="DIR")
            p.add_argument("--corpus", metavar="DIR")
        add(p)
        p.set_defaults(func=func)
    return parser


def run(*argv: str) -> int:
    args = build_parser().parse_args(list(argv))
    return args.func(args)


def mode(path: Path) -> int:
    return stat.S_IMODE(os.stat(path).st_mode)


def test_markdown_to_stdout_for_a_bundled_case(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", MUSAN, "--date", "2026-01-15") == 0
    out, err = capsys.readouterr()
    assert out.startswith("# Argument summary: Woman from Musan caught at Bible study\n")
    if os.environ.get("UPDATE_GOLDEN") != "1":  # the command prints exactly what the renderer gives
        assert out == (ROOT / "tests" / "golden" / f"{MUSAN}.md").read_text(encoding="utf-8")
    assert err == ""


def test_json_to_stdout_follows_the_schema(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", str(ROOT / "cases" / f"{MUSAN}.yaml"), "--format", "json") == 0
    data = json.loads(capsys.readouterr().out)
    jsonschema.validate(data, SCHEMA)
    assert data["case_name"] == MUSAN


@pytest.mark.parametrize("fmt", ["html", "docx"])
def test_binary_formats_need_an_output_file(fmt: str, capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(InputError) as exc:
        run("export", MUSAN, "--format", fmt)
    assert "add -o FILE" in exc.value.one_line()
    assert capsys.readouterr().out == ""


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "json"])
def test_files_are_written_owner_only(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"summary.{fmt}"
    assert run("export", MUSAN, "--format", fmt, "-o", str(target)) == 0
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == [target.name]  # no temporary file left
    data = target.read_bytes()
    if fmt == "docx":
        import docx

        assert docx.Document(io.BytesIO(data)).paragraphs[0].style.name == "Title"
    else:
        assert "Woman from Musan" in data.decode("utf-8")


@pytest.mark.parametrize("fmt", ["md", "html", "docx", "json"])
def test_the_format_follows_the_file_name_when_not_given(fmt: str, tmp_path: Path) -> None:
    target = tmp_path / f"memo.{fmt}"
    assert run("export", MUSAN, "-o", str(target)) == 0
    data = target.read_bytes()
    expected_start = {"md": b"# Argument summary", "html": b"<!DOCTYPE html>", "docx": b"PK", "json": b"{"}[fmt]
    assert data.startswith(expected_start), data[:40]


def test_a_format_that_contradicts_the_file_name_is_refused(tmp_path: Path) -> None:
    target = tmp_path / "memo.docx"
    with pytest.raises(InputError) as exc:
        run("export", MUSAN, "--format", "md", "-o", str(target))
    assert "the name says docx but --format is md" in exc.value.one_line()
    assert not target.exists()


def test_a_name_that_says_no_format_needs_one(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="cannot be told from this name"):
        run("export", MUSAN, "-o", str(tmp_path / "memo.txt"))
    assert run("export", MUSAN, "--format", "md", "-o", str(tmp_path / "memo.txt")) == 0
    assert (tmp_path / "memo.txt").read_text().startswith("# Argument summary")


def test_several_cases_to_a_name_without_a_slash_is_refused(tmp_path: Path) -> None:
    with pytest.raises(InputError) as exc:
        run("export", MUSAN, "bare_profile", "-o", str(tmp_path / "two.md"))
    assert exc.value.hint == f"end it with / ({tmp_path / 'two.md'}/)"
    assert list(tmp_path.iterdir()) == []


def test_an_existing_file_is_replaced_only_with_force(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("the trainee's own notes")
    os.chmod(target, 0o644)
    with pytest.raises(InputError) as exc:
        run("export", MUSAN, "-o", str(target))
    assert exc.value.message == "exists" and exc.value.hint == "add --force to replace it"
    assert target.read_text() == "the trainee's own notes" and mode(target) == 0o644
    assert run("export", MUSAN, "-o", str(target), "--force") == 0
    assert target.read_text().startswith("# Argument summary")
    assert mode(target) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["summary.md"]


def test_write_export_never_clobbers_even_after_the_check(tmp_path: Path) -> None:
    target = tmp_path / "late.md"
    target.write_text("arrived between the check and the write")
    with pytest.raises(InputError, match="exists"):
        write_export(target, b"new", force=False)
    assert target.read_text() == "arrived between the check and the write"
    assert [p.name for p in tmp_path.iterdir()] == ["late.md"]
    write_export(target, b"new", force=True)
    assert target.read_bytes() == b"new" and mode(target) == 0o600


def test_write_export_refuses_a_folder_or_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a folder"):
        write_export(tmp_path, b"x")
    with pytest.raises(InputError, match="no such folder"):
        write_export(tmp_path / "missing" / "x.md", b"x", force=True)


def test_missing_output_folder_is_an_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="no such folder"):
        run("export", MUSAN, "-o", str(tmp_path / "nowhere" / "x.md"))


def test_batch_to_a_folder_with_a_results_table(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "out"
    cases = ["bare_profile", MUSAN, str(ROOT / "cases" / "border_trader.yaml")]
    assert run("export", *cases, "--format", "md", "-o", f"{folder}/") == 0
    assert mode(folder) == 0o700
    names = sorted(p.name for p in folder.iterdir())
    assert names == ["bare_profile.md", "border_trader.md", f"{MUSAN}.md"]
    assert all(mode(folder / n) == 0o600 for n in names)
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert lines[0].split() == ["case", "applying", "open", "file"]
    rows = {line.split()[0]: line.split()[1:] for line in lines[1:4]}
    assert rows["bare_profile"][0] == "0"  # nothing answered, nothing applies
    assert rows[MUSAN][2] == str(folder / f"{MUSAN}.md")
    assert lines[-1].startswith("3 cases exported:")
    assert err == ""


def test_batch_writes_nothing_when_one_target_exists(tmp_path: Path) -> None:
    (tmp_path / f"{MUSAN}.md").write_text("keep me")
    with pytest.raises(InputError, match="exists"):
        run("export", "bare_profile", MUSAN, "-o", str(tmp_path))
    assert sorted(p.name for p in tmp_path.iterdir()) == [f"{MUSAN}.md"]
    assert (tmp_path / f"{MUSAN}.md").read_text() == "keep me"
    assert run("export", "bare_profile", MUSAN, "-o", str(tmp_path), "--force") == 0
    assert (tmp_path / f"{MUSAN}.md").read_text().startswith("# Argument summary")


def test_batch_writes_nothing_when_one_case_is_bad(tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: Bad\nfacts:\n  nationalty: dprk\n")
    with pytest.raises(InputError, match="unknown fact 'nationalty'"):
        run("export", MUSAN, str(bad), "-o", str(tmp_path / "out/"))
    assert not (tmp_path / "out").exists()


def test_batch_needs_a_folder(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="need a folder"):
        run("export", MUSAN, "bare_profile")
    file = tmp_path / "file.md"
    file.write_text("x")
    with pytest.raises(InputError, match="is a file, not a folder"):
        run("export", MUSAN, "bare_profile", "-o", str(file))


def test_two_cases_with_one_name_are_refused(tmp_path: Path) -> None:
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    text = (ROOT / "cases" / f"{MUSAN}.yaml").read_text()
    for d in ("a", "b"):
        (tmp_path / d / "same.yaml").write_text(text)
    with pytest.raises(InputError, match="two cases would be written here"):
        run(
            "export", str(tmp_path / "a" / "same.yaml"), str(tmp_path / "b" / "same.yaml"), "-o", f"{tmp_path / 'out'}/"
        )
    assert not (tmp_path / "out").exists()


def test_batch_json_lines_to_stdout_with_the_table_on_stderr(capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", MUSAN, "bare_profile", "--format", "json") == 0
    out, err = capsys.readouterr()
    lines = out.splitlines()
    assert len(lines) == 2
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA)
    assert "(stdout)" in err and err.splitlines()[0].split() == ["case", "applying", "open", "file"]


def test_batch_progress_bar_on_a_terminal(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(sys.stderr, "isatty", lambda: True)
    assert run("export", MUSAN, "bare_profile", "-o", str(tmp_path)) == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bare_profile.md", f"{MUSAN}.md"]
    assert "2 cases exported" in capsys.readouterr().out


def test_single_case_into_a_folder(tmp_path: Path) -> None:
    assert run("export", MUSAN, "--format", "html", "-o", str(tmp_path)) == 0
    assert (tmp_path / f"{MUSAN}.html").is_file()


def test_anonymise_says_so_and_drops_free_text(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("export", MUSAN, "--anonymise") == 0
    out = capsys.readouterr().out
    assert "Woman from Musan" not in out and "thirteen others" not in out and MUSAN not in out
    assert out.startswith("# Argument summary: Anonymised case\n")
    assert "Anonymised export: the case title, summary and notes were left out" in out
    assert run("export", MUSAN, "--anonymize", "--format", "json") == 0  # both spellings
    assert json.loads(capsys.readouterr().out)["anonymised"] is True


def test_other_rules_and_corpus(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    case = tmp_path / "mini.yaml"
    case.write_text("title: Mini\nfacts:\n  nationality: dprk\n  left_illegally: true\n  country: china\n")
    assert run("export", str(case), "--rules", str(MINI / "rules"), "--corpus", str(MINI / "corpus")) == 0
    out = capsys.readouterr().out
    assert "[^1]: A Test Memo (2020), at 1." in out


def test_parser_that_already_has_data_options() -> None:
    args = build_parser(with_data_options=True).parse_args(["export", MUSAN, "--rules", "R", "--corpus", "C"])
    assert (args.rules, args.corpus, args.format, args.force, args.anonymise, args.output) == (
        "R",
        "C",
        None,  # from the -o name, else md
        False,
        False,
        None,
    )


def test_bad_date_is_a_usage_error(capsys: pytest.CaptureFixture[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        build_parser().parse_args(["export", MUSAN, "--date", "15/01/2026"])
    assert exc.value.code == 2
    assert "not a date" in capsys.readouterr().err


def test_unknown_case_is_an_input_error() -> None:
    with pytest.raises(InputError, match="no such case file or bundled training case"):
        run("export", "musan_bible_stud")


def test_graph_dot_and_mermaid(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert run("graph") == 0
    dot = capsys.readouterr().out
    assert dot.startswith('digraph "arguments" {') and "(applies)" not in dot
    assert '"sur_place.refugee" -> "counter.economic_migrant" [label="answers"' in dot
    assert run("graph", MUSAN) == 0
    dot = capsys.readouterr().out
    assert dot.startswith(f'digraph "{MUSAN}" {{') and "✓ Refugee sur place (applies)" in dot
    assert "✗ Exclusion under Article 1F (does not apply)" in dot  # the full map, with every status
    assert run("graph", MUSAN, "--format", "mermaid") == 0
    assert capsys.readouterr().out.startswith("flowchart LR\n")
    target = tmp_path / "map.dot"
    assert run("graph", "-o", str(target)) == 0
    assert mode(target) == 0o600
    with pytest.raises(InputError, match="exists"):
        run("graph", MUSAN, "-o", str(target))
    assert run("graph", MUSAN, "-o", str(target), "--force") == 0
    assert MUSAN in target.read_text()


def test_results_table_is_plain() -> None:
    table = results_table([("a", 1, 2, "out/a.md"), ("long_name", 10, 0, "out/long_name.md")])
    assert table.splitlines() == [
        "case       applying  open  file",
        "a                 1     2  out/a.md",
        "long_name        10     0  out/long_name.md",
        "2 cases exported: 11 arguments applying, 2 open in all.",
    ]


def test_export_file_for_the_app(tmp_path: Path) -> None:
    from rsd_checklist.casefile import load_case
    from rsd_checklist.corpus import load_corpus
    from rsd_checklist.engine import evaluate
    from rsd_checklist.export import export_file, format_for
    from rsd_checklist.loader import load_rule_base

    rule_base = load_rule_base(ROOT / "rules")
    case = load_case(ROOT / "cases" / f"{MUSAN}.yaml", rule_base)
    evaluation, corpus = evaluate(rule_base, case.facts), load_corpus(ROOT / "corpus")
    assert [format_for(n) for n in ("a.md", "b.HTML", "c.docx", "d.json", "e.markdown", "f.txt")] == [
        "md",
        "html",
        "docx",
        "json",
        "md",
        None,
    ]
    target = export_file(case, evaluation, corpus, tmp_path / "memo.html")
    assert target.read_text(encoding="utf-8").startswith("<!DOCTYPE html>") and mode(target) == 0o600
    with pytest.raises(InputError, match="exists"):
        export_file(case, evaluation, corpus, target)
    export_file(case, evaluation, corpus, target, "md", force=True, anonymise=True)  # after the user confirmed
    assert target.read_text(encoding="utf-8").startswith("# Argument summary: Anonymised case")
    with pytest.raises(InputError, match="unknown export format"):
        export_file(case, evaluation, corpus, tmp_path / "memo.txt")

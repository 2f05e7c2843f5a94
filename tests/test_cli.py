"""The command line, run as a user runs it: a subprocess, checking exit codes, stdout and stderr."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import jsonschema
import pytest
from conftest import MINI, ROOT

SCHEMA = json.loads((ROOT / "rsd_checklist" / "schemas" / "evaluation.schema.json").read_text())


def run(*args: str, cwd: Path = ROOT) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "rsd_checklist", *args], capture_output=True, text=True, cwd=cwd, timeout=60
    )


def mini(*args: str) -> list[str]:
    return [*args, "--rules", str(MINI / "rules"), "--corpus", str(MINI / "corpus")]


def write_case(tmp_path: Path, text: str, name: str = "case.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text)
    return path


def assert_one_line_error(result: subprocess.CompletedProcess[str], *needles: str) -> None:
    assert result.returncode == 2, result.stderr
    assert result.stdout == ""
    lines = result.stderr.strip().split("\n")
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    for needle in needles:
        assert needle in lines[0]


def test_validate_bundled_rule_base_is_clean() -> None:
    result = run("validate")
    assert result.returncode == 0, result.stderr
    assert "0 errors, 0 warnings" in result.stdout


def test_validate_reports_findings_with_exit_codes(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(MINI / "rules", tmp_path / "rules")
    facts = tmp_path / "rules" / "args.yaml"
    facts.write_text(facts.read_text().replace("        - {fact: pregnant}", "        - {fact: sex, is: female}"))
    result = run("validate", "--rules", str(tmp_path / "rules"), "--corpus", str(MINI / "corpus"))
    assert result.returncode == 1
    assert "warning: fact 'pregnant' is asked but no rule uses it" in result.stderr
    facts.write_text(facts.read_text().replace("A note about the sources.", "A note about other sources."))
    result = run("validate", "--rules", str(tmp_path / "rules"), "--corpus", str(MINI / "corpus"))
    assert result.returncode == 2
    assert "error:" in result.stderr and "quotation not found in memo" in result.stderr


def test_evaluate_json_follows_the_published_schema(tmp_path: Path) -> None:
    case = write_case(tmp_path, "title: T\nfacts:\n  nationality: dprk\n  left_illegally: true\n")
    result = run(*mini("evaluate", str(case), "--format", "json"))
    assert result.returncode == 0, result.stderr
    data = json.loads(result.stdout)
    jsonschema.validate(data, SCHEMA)
    by_id = {a["id"]: a for a in data["arguments"]}
    assert by_id["core.exit_punished"]["status"] == "applies"
    assert by_id["core.protected"]["missing_facts"] == ["country", "host_party"]
    assert data["next_question"] == {
        "fact": "country",
        "prompt": "Where is the person now?",
        "settles": ["core.protected"],
    }


def test_evaluate_several_cases_gives_json_lines(tmp_path: Path) -> None:
    a = write_case(tmp_path, "title: A\nfacts: {nationality: dprk}\n", "a.yaml")
    b = write_case(tmp_path, "title: B\nfacts: {nationality: other}\n", "b.yaml")
    result = run(*mini("evaluate", str(a), str(b), "--format", "json"))
    lines = result.stdout.strip().split("\n")
    assert [json.loads(line)["case"]["title"] for line in lines] == ["A", "B"]
    for line in lines:
        jsonschema.validate(json.loads(line), SCHEMA)


def test_evaluate_text_and_markdown(tmp_path: Path) -> None:
    case = write_case(tmp_path, "title: Woman from Musan\nfacts: {nationality: dprk, left_illegally: true}\n")
    text = run(*mini("evaluate", str(case))).stdout
    assert "Woman from Musan" in text and "Training aid, not legal advice" in text
    assert "✓ applies" in text and "? open" in text and "needs: Country" in text
    md = run(*mini("evaluate", str(case), "--format", "markdown")).stdout
    assert md.startswith("# Woman from Musan") and "| ✓ applies | Exit is punished (`core.exit_punished`) |" in md


def test_explain_shows_test_reasons_and_sources(tmp_path: Path) -> None:
    case = write_case(tmp_path, "title: T\nfacts: {nationality: other}\n")
    result = run(*mini("explain", str(case), "core.exit_punished"))
    assert result.returncode == 0, result.stderr
    out = result.stdout
    assert "Status: ✗ does not apply" in out
    assert "Test: Leaving without permission is punished on return." in out
    assert "✗ Nationality is North Korean  (answer: Other)" in out
    assert "memo, p. 1: “those who cross it face punishment on return.”" in out
    assert_one_line_error(
        run(*mini("explain", str(case), "core.exit")), "unknown argument", "did you mean 'core.exit_punished'?"
    )


def test_explain_sets_out_the_opposing_positions_an_argument_meets() -> None:
    result = run("explain", "musan_bible_study", "convention.nexus.political_opinion")
    assert result.returncode == 0, result.stderr
    out = result.stdout
    line = "Opposing position: they are economic migrants, not refugees  [counter.economic_migrant]  ✓ applies"
    assert line in out
    answer = out[out.index(line) :].splitlines()[1]
    assert answer.startswith("Answer: The punishment for leaving is not a neutral penalty")


def test_next_question(tmp_path: Path) -> None:
    case = write_case(tmp_path, "title: T\nfacts: {nationality: dprk}\n")
    out = run(*mini("next", str(case))).stdout
    assert out.startswith("Next question (left_illegally): Did the person leave without permission?")


@pytest.mark.parametrize(
    ("text", "needles"),
    [
        ("title: T\nfacts:\n  nationalty: dprk\n", [":3:3: unknown fact 'nationalty'", "did you mean 'nationality'?"]),
        ("title: T\nfacts:\n  deportations: -2\n", [":3:3:", "cannot be below 0"]),
        ("title: T\nfacts:\n  nationality: !!python/object/apply:os.system [touch pwned]\n", [":3:16:", "tag"]),
        ("title: [unclosed\n", [":2:1: YAML syntax error"]),
        ("", ["is empty"]),
    ],
)
def test_bad_case_files_give_one_line_and_exit_2(tmp_path: Path, text: str, needles: list[str]) -> None:
    case = write_case(tmp_path, text)
    result = run(*mini("evaluate", str(case)), cwd=tmp_path)
    assert_one_line_error(result, str(case), *needles)
    assert not (tmp_path / "pwned").exists()


def test_missing_case_and_usage_errors() -> None:
    assert_one_line_error(run("evaluate", "no_such_case"), "no such case file or bundled training case")
    assert_one_line_error(run("evaluate"), "the following arguments are required")
    assert_one_line_error(run("frobnicate"), "invalid choice")


def test_bad_rule_file_gives_one_line(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(MINI / "rules", tmp_path / "rules")
    args = tmp_path / "rules" / "args.yaml"
    args.write_text(args.read_text().replace("{argument: core.aggravated}", "{argument: core.agravated}"))
    case = write_case(tmp_path, "title: T\n")
    result = run("evaluate", str(case), "--rules", str(tmp_path / "rules"))
    assert_one_line_error(result, "args.yaml:", "unknown argument 'core.agravated'", "did you mean 'core.aggravated'?")


def test_evaluate_does_not_import_the_ui_or_word_libraries(tmp_path: Path) -> None:
    case = write_case(tmp_path, "title: T\nfacts: {nationality: dprk}\n")
    code = (
        "import sys; from rsd_checklist.cli import main; "
        f"rc = main(['evaluate', {str(case)!r}, '--format', 'json', '--rules', {str(MINI / 'rules')!r}]); "
        "heavy = [m for m in ('textual', 'docx', 'rsd_checklist.corpus', 'sqlite3') if m in sys.modules]; "
        "print('HEAVY', heavy, file=sys.stderr); sys.exit(rc)"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=60)
    assert result.returncode == 0
    assert "HEAVY []" in result.stderr


def test_corpus_search_and_schema() -> None:
    result = run("corpus", "search", "forced abortion pregnant Chinese")
    assert result.returncode == 0, result.stderr
    assert result.stdout.startswith("Charny, p. 9")
    unquoted = run("corpus", "search", "forced", "abortion", "pregnant", "Chinese")
    assert unquoted.returncode == 0 and unquoted.stdout == result.stdout  # words need no quotes
    schema = json.loads(run("schema", "case").stdout)
    assert schema["properties"]["facts"]["type"] == "object"
    rules_schema = json.loads(run("schema", "rules").stdout)
    assert "Condition" in rules_schema["$defs"]
    assert json.loads(run("schema", "evaluation").stdout) == SCHEMA


def test_rule_file_schema_accepts_the_bundled_rules() -> None:
    import yaml

    schema = json.loads(run("schema", "rules").stdout)
    for path in sorted((ROOT / "rules").glob("*.yaml")):
        if path.name != "index.yaml":
            jsonschema.validate(yaml.safe_load(path.read_text()), schema)


def test_validate_coverage_lists_sources_and_cases() -> None:
    result = run("validate", "--coverage")
    assert result.returncode == 0, result.stderr
    assert "convention.nexus.religion\n  cites:" in result.stdout
    assert "musan_bible_study" in result.stdout
    assert result.stdout.strip().endswith("0 errors, 0 warnings")


def test_readme_sample_is_real_output() -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("$ rsd-checklist evaluate musan_bible_study\n")
    sample = readme[start : readme.index("```", start)].split("\n")[1:]
    output = run("evaluate", "musan_bible_study").stdout.split("\n")
    shown = [line for line in sample if line and line != "..."]
    assert len(shown) > 10 and all(line in output for line in shown)


def test_the_readme_case_file_example_is_a_valid_case(tmp_path: Path) -> None:
    readme = (ROOT / "README.md").read_text()
    start = readme.index("```yaml\n", readme.index("## A case file")) + len("```yaml\n")
    case = write_case(tmp_path, readme[start : readme.index("```", start)])
    result = run("evaluate", str(case), "--format", "json")
    assert result.returncode == 0, result.stderr
    facts = json.loads(result.stdout)["case"]["facts"]
    assert facts["christian_activity"] is True
    assert "family_member_defected" not in facts  # null: not known, like an absent fact


def test_validate_reports_a_training_case_the_rules_no_longer_bear_out(tmp_path: Path) -> None:
    import shutil

    shutil.copytree(ROOT / "rules", tmp_path / "rules")
    shutil.copytree(ROOT / "cases", tmp_path / "cases")  # beside the rules, as in a copy of the project
    case = tmp_path / "cases" / "musan_bible_study.yaml"
    case.write_text(
        case.read_text().replace("convention.nexus.religion: applies", "convention.nexus.religion: does_not_apply")
    )
    result = run("validate", "--rules", str(tmp_path / "rules"), "--corpus", str(ROOT / "corpus"))
    assert result.returncode == 1, result.stderr
    assert result.stderr.strip() == (
        f"{case}:30:3: warning: convention.nexus.religion is expected to be does_not_apply but is applies "
        "(correct 'expected' in the case, or the rule if the case is right)"
    )
    count = len(list((ROOT / "cases").glob("*.yaml")))
    assert f"Checked the rules in {tmp_path / 'rules'} and {count} training cases." in result.stdout
    assert result.stdout.strip().endswith("0 errors, 1 warning")
    missing = run("validate", "--cases", str(tmp_path / "nowhere"))
    assert missing.returncode == 2 and "is not a folder of case files" in missing.stderr


def test_case_schema_lists_each_fact_so_editors_check_answers() -> None:
    import yaml

    schema = json.loads(run("schema", "case").stdout)
    for path in sorted((ROOT / "cases").glob("*.yaml")):  # every training case passes
        jsonschema.validate(yaml.safe_load(path.read_text()), schema)
    for wrong in (
        {"nationality": "north_korea"},  # not a choice
        {"christian_activity": "yes"},  # text, not true or false
        {"nationalty": "dprk"},  # no such fact
        {"reasons_for_leaving": "food"},  # a list of choices
    ):
        with pytest.raises(jsonschema.ValidationError):
            jsonschema.validate({"title": "T", "facts": wrong}, schema)
    with pytest.raises(jsonschema.ValidationError):
        jsonschema.validate({"title": "T", "expected": {"convention.refuge": "applies"}}, schema)
    jsonschema.validate({"title": "T", "facts": {"nationality": None, "reasons_for_leaving": ["food"]}}, schema)
    mini_schema = json.loads(run("schema", "case", "--rules", str(MINI / "rules")).stdout)
    assert "left_illegally" in mini_schema["properties"]["facts"]["properties"]

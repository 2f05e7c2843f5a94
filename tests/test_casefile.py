from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from rsd_checklist.casefile import Case, load_case, parse_case, save_case
from rsd_checklist.errors import InputError
from rsd_checklist.rulebase import RuleBase


def error_of(text: str, rb: RuleBase) -> InputError:
    with pytest.raises(InputError) as info:
        parse_case(text, "case.yaml", rb)
    return info.value


def test_a_valid_case_keeps_only_answered_facts(mini_rules: RuleBase) -> None:
    case = parse_case("title: T\nfacts:\n  nationality: dprk\n  sex: null\n  reasons: [food]\n", "c.yaml", mini_rules)
    assert case.facts == {"nationality": "dprk", "reasons": ["food"]}


@pytest.mark.parametrize(
    ("facts", "where", "message", "hint"),
    [
        ("  nationalty: dprk", "3:3", "unknown fact 'nationalty'", "did you mean 'nationality'?"),
        (
            "  nationality: north_korea",
            "3:3",
            "'north_korea' is not a choice of 'nationality'",
            "choose one of: dprk, other",
        ),
        ("  left_illegally: maybe", "3:3", "takes true or false, not 'maybe'", "true or false"),
        ('  left_illegally: "yes"', "3:3", "takes true or false; 'yes' in quotes is text", "remove the quotes"),
        ("  deportations: -1", "3:3", "cannot be below 0", ""),
        ("  deportations: 2.5", "3:3", "takes a whole number", ""),
        ("  deportations: true", "3:3", "takes a whole number", ""),
        ("  reasons: food", "3:3", "takes a list of choices", ""),
        ("  reasons: [food, fod]", "3:3", "'fod' is not a choice", "did you mean 'food'?"),
        ("  country: elsewhere\n  host_party: true\n  nationality: dprk", "", "", ""),
        ("  country: china\n  host_party: false", "4:3", "'host_party' is yes on these facts", "remove this answer"),
    ],
)
def test_bad_values_are_placed_and_explained(
    mini_rules: RuleBase, facts: str, where: str, message: str, hint: str
) -> None:
    text = f"title: T\nfacts:\n{facts}\n"
    if not message:
        parse_case(text, "case.yaml", mini_rules)  # a valid variant, for contrast
        return
    error = error_of(text, mini_rules)
    assert str(error.position) == f"case.yaml:{where}"
    assert message in error.message
    assert hint in error.hint


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("- just\n- a list\n", "expected a mapping"),
        ("facts: {}\n", "'title' is required"),
        ("title: T\nfacts: [a, b]\n", "expected a mapping"),
        (
            "title: T\nexpected:\n  core.exit_punished: maybe\n",
            "'maybe' is not one of 'applies', 'does_not_apply' or 'undetermined'",
        ),
        ("title: T\nexpected:\n  core.exit_punishd: applies\n", "unknown argument 'core.exit_punishd'"),
        ("title: T\ncolour: red\n", "unknown key 'colour'"),
    ],
)
def test_malformed_case_files(mini_rules: RuleBase, text: str, message: str) -> None:
    assert message in error_of(text, mini_rules).message


def test_save_and_load_round_trip_with_private_permissions(mini_rules: RuleBase, tmp_path: Path) -> None:
    case = Case(
        title="Ünïcode — “quotes”",
        notes="line one\nline two: with: colons\n" * 50,
        facts={"reasons": ["religious", "food"], "deportations": 3, "nationality": "dprk"},
    )
    path = tmp_path / "case.yaml"
    save_case(case, path, mini_rules)
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    loaded = load_case(path, mini_rules)
    assert (loaded.title, loaded.notes, loaded.facts) == (case.title, case.notes, case.facts)
    assert list(path.read_text().split("facts:")[1].split("\n")[1:4]) == [
        "  nationality: dprk",
        "  deportations: 3",
        "  reasons:",
    ]


def test_save_replaces_atomically_and_leaves_no_temporary_files(mini_rules: RuleBase, tmp_path: Path) -> None:
    path = tmp_path / "case.yaml"
    path.write_text("title: old\n")
    os.chmod(path, 0o644)
    save_case(Case(title="new"), path, mini_rules)
    assert load_case(path, mini_rules).title == "new"
    assert stat.S_IMODE(os.stat(path).st_mode) == 0o600
    assert sorted(p.name for p in tmp_path.iterdir()) == ["case.yaml"]


@pytest.mark.parametrize(
    "notes", ["\x85", "a\u2028b", "tab\there", "bell\x07", "  leading and trailing  \n", "é — “ü”\n\nlast"]
)
def test_notes_with_unusual_characters_survive_save(mini_rules: RuleBase, tmp_path: Path, notes: str) -> None:
    path = tmp_path / "case.yaml"
    save_case(Case(title="T", notes=notes), path, mini_rules)
    assert load_case(path, mini_rules).notes == notes

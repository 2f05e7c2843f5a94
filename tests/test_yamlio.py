from __future__ import annotations

from pathlib import Path

import pytest

from rsd_checklist.errors import InputError
from rsd_checklist.yamlio import MAX_FILE_BYTES, load_yaml, parse_yaml


def error_of(text: str) -> InputError:
    with pytest.raises(InputError) as info:
        parse_yaml(text, "case.yaml")
    return info.value


def test_positions_are_kept_for_every_value() -> None:
    doc = parse_yaml("title: A\nfacts:\n  age: 30\n  sex: female\n", "c.yaml")
    assert doc.data == {"title": "A", "facts": {"age": 30, "sex": "female"}}
    assert str(doc.position(("facts", "sex"))) == "c.yaml:4:3"
    assert str(doc.position(("facts", "sex", "deeper"))) == "c.yaml:4:3"


@pytest.mark.parametrize(
    ("text", "where", "words"),
    [
        ("a: !!python/object/apply:os.system ['echo hi']\n", "case.yaml:1:4", "tag"),
        ("a: !!python/name:os.system\n", "case.yaml:1:4", "tag"),
        ("a: &x [1, 2]\nb: *x\n", "case.yaml:1:4", "aliases"),
        ("a: 1\na: 2\n", "case.yaml:2:1", "given twice"),
        ("a: [1, 2\n", "case.yaml:2:1", "YAML syntax error"),
        ("<<: {a: 1}\n", "case.yaml:1:1", "merge keys"),
        ("? [a, b]\n: 1\n", "case.yaml:1:3", "keys must be plain"),
    ],
)
def test_dangerous_or_broken_yaml_is_refused_with_a_position(text: str, where: str, words: str) -> None:
    error = error_of(text)
    assert str(error.position) == where
    assert words in error.message


def test_alias_bomb_is_refused_before_it_expands() -> None:
    bomb = 'a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
    for i, name in enumerate("bcdefghi"):
        prev = "abcdefghi"[i]
        bomb += f"{name}: &{name} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"
    assert "aliases" in error_of(bomb).message


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.yaml"
    path.write_text("# only a comment\n")
    with pytest.raises(InputError, match="is empty"):
        load_yaml(path)


@pytest.mark.parametrize(
    ("content", "words"),
    [
        (b"title: \x00\x01binary", "binary"),
        ("title: caf\u00e9".encode("latin-1"), "not UTF-8"),
    ],
)
def test_binary_and_non_utf8_files(tmp_path: Path, content: bytes, words: str) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(content)
    with pytest.raises(InputError, match=words):
        load_yaml(path)


def test_non_utf8_error_points_at_the_byte(tmp_path: Path) -> None:
    path = tmp_path / "bad.yaml"
    path.write_bytes(b"title: ok\nnotes: caf\xe9\n")
    with pytest.raises(InputError) as info:
        load_yaml(path)
    assert (info.value.position.line, info.value.position.column) == (2, 11)


def test_oversized_file_is_refused_without_reading(tmp_path: Path) -> None:
    path = tmp_path / "huge.yaml"
    with path.open("wb") as handle:
        handle.truncate(MAX_FILE_BYTES + 1)  # sparse: refused on its size alone
    with pytest.raises(InputError, match="over the 5 MB limit"):
        load_yaml(path)


def test_directory_and_missing_path(tmp_path: Path) -> None:
    with pytest.raises(InputError, match="is a directory"):
        load_yaml(tmp_path)
    with pytest.raises(InputError, match="no such"):
        load_yaml(tmp_path / "absent.yaml")


def test_utf8_bom_is_accepted(tmp_path: Path) -> None:
    path = tmp_path / "bom.yaml"
    path.write_bytes("\ufefftitle: Ünïcödé".encode())
    assert load_yaml(path).data == {"title": "Ünïcödé"}

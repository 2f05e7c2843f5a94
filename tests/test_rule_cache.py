from __future__ import annotations

import json
import os
import shutil
import stat
from pathlib import Path

import pytest

from rsd_checklist import loader
from rsd_checklist.loader import load_rule_base


def cache_files() -> list[Path]:
    return sorted(Path(os.environ["XDG_CACHE_HOME"]).rglob("rules-*.json"))


def test_second_load_reads_the_json_cache_not_the_yaml(mini_copy: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = load_rule_base(mini_copy)
    written = [p for p in cache_files() if json.loads(p.read_text()).get("index.yaml", {}).get("title") == first.title]
    assert written and all(stat.S_IMODE(p.stat().st_mode) == 0o600 for p in written)
    monkeypatch.setattr(loader, "load_yaml", lambda *a, **k: pytest.fail("YAML parsed despite a cache"))
    second = load_rule_base(mini_copy)
    assert second.order == first.order and second.content_hash == first.content_hash
    assert second.arguments == first.arguments and second.facts == first.facts


def test_a_changed_rule_file_is_read_again(mini_copy: Path) -> None:
    load_rule_base(mini_copy)
    args = mini_copy / "args.yaml"
    args.write_text(args.read_text().replace("title: Exit is punished", "title: Exit is punished by law"))
    assert load_rule_base(mini_copy).arguments["core.exit_punished"].title == "Exit is punished by law"


def test_without_cache_positions_are_kept(mini_copy: Path) -> None:
    load_rule_base(mini_copy)
    rb = load_rule_base(mini_copy, use_cache=False)
    assert rb.argument_position("core.aggravated").line == 12


def test_a_corrupt_cache_is_ignored(mini_copy: Path) -> None:
    load_rule_base(mini_copy)
    for path in cache_files():
        path.write_text("{not json")
    assert "core.protected" in load_rule_base(mini_copy).arguments


def test_editing_rules_replaces_their_cache_entry_and_leaves_other_folders_alone(
    mini_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    other = tmp_path / "other-rules"
    shutil.copytree(mini_copy, other)
    load_rule_base(other)
    load_rule_base(mini_copy)
    before = set(cache_files())
    assert len(before) == 2
    args = mini_copy / "args.yaml"
    for n in range(3):  # a trainer saving the file again and again
        args.write_text(args.read_text().replace("title: Exit is punished", f"title: Exit is punished {n}", 1))
        load_rule_base(mini_copy)
    after = set(cache_files())
    assert len(after) == 2, "one entry a rules folder, however often it changes"
    kept_other = before & after
    assert len(kept_other) == 1 and "other" not in str(kept_other)  # the other folder's entry is untouched
    assert load_rule_base(other).title == load_rule_base(mini_copy).title

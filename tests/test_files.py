from __future__ import annotations

import errno
import os
import stat
from pathlib import Path

import pytest

from rsd_checklist import files
from rsd_checklist.files import ensure_private_dir, write_private


def mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_a_write_is_owner_only_and_leaves_no_temporary_file(tmp_path: Path) -> None:
    target = tmp_path / "case.yaml"
    write_private(target, "facts: {}\n")
    assert target.read_text() == "facts: {}\n" and mode(target) == 0o600
    write_private(target, "facts: {age: 3}\n")
    assert target.read_text() == "facts: {age: 3}\n" and mode(target) == 0o600
    assert leftovers(tmp_path) == []


def test_a_file_that_exists_is_never_replaced_when_asked_not_to(tmp_path: Path) -> None:
    target = tmp_path / "summary.md"
    target.write_text("the lawyer's own notes")
    with pytest.raises(FileExistsError):
        write_private(target, "new summary", replace=False)
    assert target.read_text() == "the lawyer's own notes" and leftovers(tmp_path) == []


@pytest.mark.parametrize("code", [errno.EPERM, errno.EXDEV])
def test_without_hard_links_a_new_file_is_still_written_and_an_old_one_kept(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, code: int
) -> None:
    """USB sticks formatted FAT or exFAT, and some network shares, refuse hard links."""

    def no_links(_src: object, _dst: object) -> None:
        raise OSError(code, os.strerror(code))

    monkeypatch.setattr(files.os, "link", no_links)
    target = tmp_path / "summary.md"
    write_private(target, "first", replace=False)
    assert target.read_text() == "first" and mode(target) == 0o600
    with pytest.raises(FileExistsError):
        write_private(target, "second", replace=False)
    assert target.read_text() == "first" and leftovers(tmp_path) == []


def test_a_failed_write_leaves_the_old_file_whole(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    target = tmp_path / "case.yaml"
    write_private(target, "answers that matter\n")

    def disk_full(_fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(files.os, "fsync", disk_full)
    with pytest.raises(OSError, match="No space"):
        write_private(target, "half a file")
    assert target.read_text() == "answers that matter\n" and leftovers(tmp_path) == []


def test_private_folders_are_owner_only(tmp_path: Path) -> None:
    folder = ensure_private_dir(tmp_path / "a" / "recovery")
    assert folder.is_dir() and mode(folder) == 0o700
    folder.chmod(0o755)
    ensure_private_dir(folder)  # an existing folder is tightened too
    assert mode(folder) == 0o700

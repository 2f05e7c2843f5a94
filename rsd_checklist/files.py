"""Writing files that hold case data: atomically, fsynced, readable by the owner only."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

FILE_MODE = 0o600
DIR_MODE = 0o700


def ensure_private_dir(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True, mode=DIR_MODE)
    with contextlib.suppress(OSError):
        os.chmod(path, DIR_MODE)
    return path


def write_private(path: Path, data: bytes | str, *, replace: bool = True) -> None:
    """Write `path` in one step, owner-only: a crash leaves the old file or the new, never half.

    With ``replace=False`` an existing file is never replaced, even one created a moment before
    the write: the new file is linked into place, which fails if the name is taken, and
    FileExistsError is raised.
    """
    if isinstance(data, str):
        data = data.encode("utf-8")
    path = Path(path)
    directory = path.parent if str(path.parent) else Path(".")
    if not replace and (path.exists() or path.is_symlink()):
        raise FileExistsError(str(path))
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(tmp, path)
        else:
            _link_new(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)


def _link_new(tmp: str, path: Path) -> None:
    try:
        os.link(tmp, path)  # atomic, and fails when the name exists: no overwrite in a race
    except FileExistsError:
        raise
    except OSError as exc:
        if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
            raise
        if path.exists():  # a file system without hard links: the check before must do
            raise FileExistsError(str(path)) from None
        os.replace(tmp, path)

"""Writing an export: atomically, readable by the owner only (0600), never over an existing file
unless the caller says so (``--force`` on the command line, a confirmation in the app)."""

from __future__ import annotations

import contextlib
import errno
import os
import tempfile
from pathlib import Path

from rsd_checklist.errors import InputError
from rsd_checklist.files import FILE_MODE, write_private

EXISTS_HINT = "add --force to replace it"


def write_export(path: Path, data: bytes, *, force: bool = False) -> None:
    """Write `data` to `path` in one step with mode 0600.

    Without `force` an existing file is never replaced, even one created a moment before the
    write: the new file is linked into place, which fails if the name is taken. Raises
    InputError(path, "exists", ...) in that case."""
    path = Path(path)
    if path.is_dir():
        raise InputError(path, "is a folder", "give a file name, or a folder only when exporting several cases")
    directory = path.parent if str(path.parent) else Path(".")
    if not directory.is_dir():
        raise InputError(directory, "no such folder", "create it first, or give another output path")
    if force:
        write_private(path, data)
        return
    if path.exists() or path.is_symlink():
        raise InputError(path, "exists", EXISTS_HINT)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=directory)
    try:
        os.fchmod(fd, FILE_MODE)
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        try:
            os.link(tmp, path)  # atomic, and fails when the name exists: no overwrite in a race
        except FileExistsError:
            raise InputError(path, "exists", EXISTS_HINT) from None
        except OSError as exc:
            if exc.errno not in (errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK):
                raise
            # a file system without hard links: the check above must do
            if path.exists():
                raise InputError(path, "exists", EXISTS_HINT) from None
            os.replace(tmp, path)
    finally:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
    with contextlib.suppress(OSError):
        dir_fd = os.open(directory, os.O_RDONLY)
        try:
            os.fsync(dir_fd)
        finally:
            os.close(dir_fd)

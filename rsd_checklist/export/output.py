"""Writing an export: atomically, readable by the owner only (0600), never over an existing file
unless the caller says so (``--force`` on the command line, a confirmation in the app)."""

from __future__ import annotations

from pathlib import Path

from rsd_checklist.errors import InputError
from rsd_checklist.files import write_private

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
    try:
        write_private(path, data, replace=force)
    except FileExistsError:
        raise InputError(path, "exists", EXISTS_HINT) from None

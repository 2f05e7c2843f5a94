"""Derived files kept in the user's cache folder: the checked rule base and the search index.

An entry is named after what it was built from: the folder it came from and a hash of that
folder's content. A trainer editing rules makes a new entry at every change, so writing one
removes the entries of earlier versions of the same folder; entries of other folders stay.
Nothing here is ever needed: without a usable cache folder, everything is rebuilt in memory.
"""

from __future__ import annotations

import contextlib
import hashlib
from pathlib import Path

from rsd_checklist.files import ensure_private_dir


def cache_dir() -> Path | None:
    """The private cache folder (0700), or None when there is no usable one."""
    try:
        from platformdirs import user_cache_dir

        return ensure_private_dir(Path(user_cache_dir("rsd-checklist")))
    except Exception:  # no home folder, read-only disk: run without a cache
        return None


def entry(kind: str, source: Path, content_key: str, suffix: str) -> Path | None:
    """Where the cached `kind` built from `source` at `content_key` lives (it may not exist yet)."""
    folder = cache_dir()
    if folder is None:
        return None
    return folder / f"{_prefix(kind, source)}{content_key}{suffix}"


def prune(kind: str, source: Path, keep: Path) -> None:
    """Remove the entries of earlier versions of `source`, keeping `keep`."""
    for stale in keep.parent.glob(f"{_prefix(kind, source)}*"):
        if stale != keep:
            with contextlib.suppress(OSError):
                stale.unlink()


def _prefix(kind: str, source: Path) -> str:
    folder = hashlib.sha256(str(source.resolve()).encode()).hexdigest()[:12]
    return f"{kind}-{folder}-"

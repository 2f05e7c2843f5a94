"""Small path helpers that load nothing heavy (the start screen uses them before the rule base is loaded)."""

from __future__ import annotations

import contextlib
import re
from pathlib import Path

APP_NAME = "rsd-checklist"


def default_data_dir() -> Path:
    from platformdirs import user_data_dir

    return Path(user_data_dir(APP_NAME))


def slug(text: str, fallback: str = "case") -> str:
    """A file name stem from a title: lower case, words joined by '-'."""
    words = re.findall(r"[a-z0-9]+", text.lower())
    return "-".join(words)[:60].strip("-") or fallback


def is_bundled(path: Path) -> bool:
    """Whether `path` is one of the bundled training cases (never written over)."""
    try:
        from rsd_checklist.resources import bundled

        return Path(path).resolve().is_relative_to(bundled("cases").resolve())
    except Exception:  # no bundled data: nothing is bundled
        return False


def display_path(path: Path) -> str:
    """A path as a person reads it: relative to the working folder or the home folder when inside them."""
    path = Path(path)
    for base, prefix in ((Path.cwd(), ""), (Path.home(), "~/")):
        with contextlib.suppress(ValueError):
            return prefix + str(path.resolve().relative_to(base.resolve()))
    return str(path)


def case_header(path: Path) -> tuple[str, str] | None:
    """A case file's title and summary, read without checking the file (None: not a case file)."""
    from rsd_checklist.errors import InputError
    from rsd_checklist.yamlio import load_yaml

    try:  # the same guarded reading as everywhere: size limit, no tags, no aliases
        data = load_yaml(Path(path), "case file").data
    except (InputError, OSError):
        return None
    if not isinstance(data, dict) or not isinstance(data.get("title"), str):
        return None
    summary = data.get("summary")
    return data["title"], summary if isinstance(summary, str) else ""

"""The app's own files: recent case files, recovery copies of unsaved work, saves and exports. No Textual.

Everything lives in the user data directory (platformdirs), readable by the owner only: case files
describe people, even hypothetical ones, and a workshop laptop is shared.
"""

from __future__ import annotations

import contextlib
import json
import time
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path
from typing import TYPE_CHECKING

from rsd_checklist.files import ensure_private_dir, write_private
from rsd_checklist.tui.paths import default_data_dir, display_path, is_bundled, slug

if TYPE_CHECKING:  # loaded when a case is opened, not for the start screen
    from rsd_checklist.corpus import Corpus
    from rsd_checklist.rulebase import RuleBase
    from rsd_checklist.tui.state import Session

__all__ = [
    "Recovery",
    "Storage",
    "default_data_dir",
    "display_path",
    "export_formats",
    "export_markdown",
    "export_session",
    "is_bundled",
    "slug",
]

MAX_RECENT = 8
RECENT_FILE = "recent.json"
RECOVERY_DIR = "recovery"


@dataclass(frozen=True)
class Recovery:
    """Unsaved answers left by a session that ended without saving."""

    name: str
    path: Path
    title: str
    saved_at: float
    save_path: Path | None
    answered: int
    dont_know: int = 0


_MAX_NUMBER = 4_102_444_800  # 1 January 2100: beyond any count of answers or time of saving


def _number(value: object) -> float:
    """A count or time from a recovery's metadata; 0 for anything else (the file may be damaged:
    JSON readers accept NaN, Infinity and 1e999)."""
    if isinstance(value, bool) or not isinstance(value, int | float):
        return 0.0
    return float(value) if 0 <= value < _MAX_NUMBER else 0.0


class Storage:
    """Recent files and recovery copies under one data directory."""

    def __init__(self, root: Path | None = None) -> None:
        self.root = Path(root) if root is not None else default_data_dir()

    # ------------------------------------------------------------------ recent files
    def recent(self) -> list[Path]:
        try:
            data = json.loads((self.root / RECENT_FILE).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return []
        paths = [Path(p) for p in data if isinstance(p, str)] if isinstance(data, list) else []
        return [p for p in paths if p.is_file()]

    def add_recent(self, path: Path) -> None:
        if is_bundled(path):
            return
        path = Path(path).resolve()
        paths = [path] + [p for p in self.recent() if p.resolve() != path]
        ensure_private_dir(self.root)
        write_private(self.root / RECENT_FILE, json.dumps([str(p) for p in paths[:MAX_RECENT]], indent=1))

    # ------------------------------------------------------------------ recovery
    @property
    def recovery_dir(self) -> Path:
        return self.root / RECOVERY_DIR

    def recovery_path(self, name: str) -> Path:
        return self.recovery_dir / f"{slug(name, 'new-case')}.yaml"

    def write_recovery(self, session: Session) -> Path:
        """Keep a copy of the session's answers until it is saved or discarded."""
        ensure_private_dir(self.root)
        ensure_private_dir(self.recovery_dir)
        path = self.recovery_path(session.name)
        meta = {
            "name": session.name,
            "title": session.title,
            "save_path": str(session.save_path) if session.save_path else None,
            "answered": len(session.answers),
            "dont_know": len(session.unknown),
            "saved_at": time.time(),
        }
        write_private(path, session.to_yaml())
        write_private(path.with_suffix(".json"), json.dumps(meta, indent=1))
        return path

    def recoveries(self) -> list[Recovery]:
        found = []
        for path in sorted(self.recovery_dir.glob("*.yaml")) if self.recovery_dir.is_dir() else []:
            try:
                meta = json.loads(path.with_suffix(".json").read_text(encoding="utf-8"))
            except (OSError, ValueError):
                meta = {}
            if not isinstance(meta, dict):
                meta = {}
            save_path = meta.get("save_path")
            found.append(
                Recovery(
                    name=str(meta.get("name") or path.stem),
                    path=path,
                    title=str(meta.get("title") or path.stem),
                    saved_at=_number(meta.get("saved_at")) or path.stat().st_mtime,
                    save_path=Path(save_path) if isinstance(save_path, str) else None,
                    answered=int(_number(meta.get("answered"))),
                    dont_know=int(_number(meta.get("dont_know"))),
                )
            )
        return sorted(found, key=lambda r: r.saved_at, reverse=True)

    def discard_recovery(self, name: str) -> None:
        path = self.recovery_path(name)
        for p in (path, path.with_suffix(".json")):
            with contextlib.suppress(FileNotFoundError):
                p.unlink()

    def restore(self, recovery: Recovery, rule_base: RuleBase) -> Session:
        """The session a recovery file holds, unsaved (dirty) as it was. Raises InputError."""
        from rsd_checklist.tui.state import Session, read_case

        case, unknown = read_case(recovery.path, rule_base)
        case.source = recovery.save_path
        return Session(
            rule_base,
            case,
            unknown=unknown,
            save_path=recovery.save_path,
            name=recovery.name,
            dirty=True,
        )

    # ------------------------------------------------------------------ case files and exports
    def open_session(self, path: Path, rule_base: RuleBase, template: bool = False) -> Session:
        """A session on a case file. A template (a training case, any bundled case) is never written
        over: saving it asks for a new file. Raises InputError."""
        from rsd_checklist.tui.state import Session, read_case

        path = Path(path)
        case, unknown = read_case(path, rule_base)
        template = template or is_bundled(path)
        session = Session(rule_base, case, unknown=unknown, save_path=None if template else path)
        if not template:
            self.add_recent(path)
        return session

    def save_session(self, session: Session, path: Path) -> None:
        write_private(Path(path), session.to_yaml())
        old_name = session.name
        session.mark_saved(Path(path))
        self.discard_recovery(old_name)
        self.discard_recovery(session.name)
        self.add_recent(Path(path))


def export_markdown(session: Session) -> str:
    """The case's checklist as Markdown with render.markdown (used when the export module is absent)."""
    from rsd_checklist import render

    return render.markdown(session.case, session.evaluation)


def export_formats() -> tuple[str, ...]:
    """The file extensions an export may take: those of the export module, or Markdown alone."""
    try:
        from rsd_checklist.export import FORMATS
    except ImportError:
        return ("md",)
    return tuple(FORMATS.values())


def export_session(session: Session, path: Path, corpus: Callable[[], Corpus]) -> Path:
    """Write the export that the file's extension names (.md, .html, .docx, .json) with the export
    module, replacing the file (the app has asked first); without that module, Markdown with
    render.markdown. Raises InputError for an unknown extension, OSError when it cannot write."""
    path = Path(path)
    try:
        from rsd_checklist.export import export_file
    except ImportError:
        write_private(path, export_markdown(session))
        return path
    case = replace(session.case, facts=dict(session.answers))
    return export_file(case, session.evaluation, corpus(), path, force=True)

"""Exports of the argument summary: Markdown, HTML, Word and JSON, each a thin renderer of
`rsd_checklist.summary.Summary`. Renderers are imported only when used (python-docx is heavy)."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from rsd_checklist.casefile import Case
    from rsd_checklist.corpus import Corpus
    from rsd_checklist.engine import Evaluation
    from rsd_checklist.summary import Summary

FORMATS: dict[str, str] = {"md": "md", "html": "html", "docx": "docx", "json": "json"}  # format -> file extension
STREAMABLE = frozenset({"md", "json"})  # formats that may go to standard output


def render(summary: Summary, fmt: str) -> bytes:
    """The summary in `fmt` ("md", "html", "docx" or "json"), as the bytes of the file."""
    if fmt == "md":
        from rsd_checklist.export.markdown import render_markdown

        return render_markdown(summary).encode("utf-8")
    if fmt == "html":
        from rsd_checklist.export.html import render_html

        return render_html(summary).encode("utf-8")
    if fmt == "docx":
        from rsd_checklist.export.docx import render_docx

        return render_docx(summary)
    if fmt == "json":
        from rsd_checklist.export.json import render_json

        return render_json(summary).encode("utf-8")
    raise ValueError(f"unknown export format {fmt!r}; one of {', '.join(FORMATS)}")


def format_for(path: Path | str) -> str | None:
    """The export format a file name asks for by its extension (".md" -> "md"), or None."""
    suffix = Path(path).suffix.lower().lstrip(".")
    return {"markdown": "md", "htm": "html"}.get(suffix, suffix) if suffix in {*FORMATS, "markdown", "htm"} else None


def export_file(
    case: Case,
    evaluation: Evaluation,
    corpus: Corpus,
    path: Path | str,
    fmt: str | None = None,
    *,
    anonymise: bool = False,
    force: bool = False,
    today: date | None = None,
) -> Path:
    """Build the summary and write it to `path` (0600, atomically); for the app.

    `fmt` defaults to the one the file's extension names. An existing file is replaced only with
    `force=True` (after the user confirmed); otherwise InputError(path, "exists", ...) is raised."""
    from rsd_checklist.errors import InputError
    from rsd_checklist.export.output import write_export
    from rsd_checklist.summary import build_summary

    path = Path(path)
    fmt = fmt or format_for(path)
    if fmt not in FORMATS:
        raise InputError(path, "unknown export format", "name the file .md, .html, .docx or .json")
    summary = build_summary(case, evaluation, corpus, anonymise=anonymise, today=today or date.today())
    write_export(path, render(summary, fmt), force=force)
    return path


__all__ = ["FORMATS", "STREAMABLE", "export_file", "format_for", "render"]

"""The argument summary as JSON, following docs/summary.schema.json.

The field names are those of the summary model; ids of arguments, facts and reports are the
rule base's and the corpus's own, and stay stable across releases (`format_version` is raised
only when a field changes meaning or goes away).
"""

from __future__ import annotations

import json
from dataclasses import fields, is_dataclass
from datetime import date
from typing import Any

from rsd_checklist.summary import SUMMARY_FORMAT_VERSION, Footnote, Summary

FORMAT_NAME = "rsd-checklist-summary"


def _plain(value: Any) -> Any:
    if is_dataclass(value) and not isinstance(value, type):
        data = {f.name: _plain(getattr(value, f.name)) for f in fields(value)}
        if isinstance(value, Footnote):
            data["text"] = value.text
        return data
    if isinstance(value, (tuple, list)):
        return [_plain(v) for v in value]
    if isinstance(value, date):
        return value.isoformat()
    return value


def summary_to_json(summary: Summary) -> dict[str, Any]:
    return {"format": FORMAT_NAME, "format_version": SUMMARY_FORMAT_VERSION, **_plain(summary)}


def render_json(summary: Summary) -> str:
    return json.dumps(summary_to_json(summary), ensure_ascii=False, indent=2) + "\n"

"""Where a cited passage or a search hit stands in a report, to show it highlighted. No Textual.

The corpus finds a quotation (`Corpus.find`); this module turns the match into character ranges on
the report's own lines, so the viewer can mark exactly the quoted words.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from rich.cells import cell_len

from rsd_checklist.corpus import Corpus, SearchHit, key_with_offsets, quote_fragments

Spans = dict[int, tuple[tuple[int, int], ...]]  # 1-based line -> (start, end) character ranges


@dataclass(frozen=True)
class Passage:
    """A stretch of a report to show: lines `start_line`..`end_line` marked, `spans` emphasised."""

    doc_id: str
    locator: str
    start_line: int
    end_line: int
    spans: Spans = field(default_factory=dict)
    label: str = ""


def _line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(m.end() for m in re.finditer("\n", text))
    return starts


def _split_by_line(starts: list[int], start: int, end: int, line_numbers: list[int]) -> Spans:
    """A character range of a block of lines as ranges on each line (`line_numbers`: the block's lines)."""
    spans: dict[int, list[tuple[int, int]]] = {}
    for i, line_start in enumerate(starts):
        line_end = starts[i + 1] - 1 if i + 1 < len(starts) else None
        a = max(start, line_start)
        b = end if line_end is None else min(end, line_end)
        if a < b:
            spans.setdefault(line_numbers[i], []).append((a - line_start, b - line_start))
    return {k: tuple(v) for k, v in spans.items()}


def _merge(into: dict[int, list[tuple[int, int]]], spans: Spans) -> None:
    for line, ranges in spans.items():
        into.setdefault(line, []).extend(ranges)


def locate(corpus: Corpus, doc_id: str, quote: str, label: str = "") -> Passage | None:
    """The first place the quotation stands in the report, with the quoted words as spans."""
    matches = corpus.find(doc_id, quote)
    if not matches:
        return None
    match = matches[0]
    doc = match.doc
    lines = doc.text.split("\n")
    # the quotation's stream only: body text skips footnotes and running heads between its lines
    first = doc.region_at_line(match.start_line)
    kind = first.kind if first else "text"
    numbers = [
        n
        for n in range(match.start_line, match.end_line + 1)
        if (region := doc.region_at_line(n)) is None or region.kind == kind
    ]
    block = "\n".join(lines[n - 1] for n in numbers)
    key, offsets = key_with_offsets(block)
    starts = _line_starts(block)
    spans: dict[int, list[tuple[int, int]]] = {}
    at = 0
    for fragment in quote_fragments(quote):
        pos = key.find(fragment, at)
        if pos == -1:  # runs across a footnote block or a running head: mark the lines only
            spans = {}
            break
        at = pos + len(fragment)
        _merge(spans, _split_by_line(starts, offsets[pos], offsets[at - 1] + 1, numbers))
    return Passage(
        doc_id,
        match.locator,
        match.start_line,
        match.end_line,
        {k: tuple(sorted(v)) for k, v in spans.items()},
        label,
    )


def query_words(query: str) -> list[str]:
    return [w.lower() for w in re.findall(r"\w+", query) if len(w) > 1]


def hit_passage(corpus: Corpus, hit: SearchHit, query: str) -> Passage:
    """A search hit: its paragraph marked, the query's words (and their inflections) emphasised."""
    doc = corpus.documents[hit.doc_id]
    lines = doc.text.split("\n")
    end = hit.line
    while end < len(lines) and lines[end].strip():
        end += 1
    stems = [w[:5] if len(w) > 5 else w for w in query_words(query)]
    spans: Spans = {}
    if stems:
        pattern = re.compile(r"\b(?:" + "|".join(re.escape(s) for s in stems) + r")\w*", re.IGNORECASE)
        for line_no in range(hit.line, end + 1):
            found = tuple((m.start(), m.end()) for m in pattern.finditer(lines[line_no - 1]))
            if found:
                spans[line_no] = found
    return Passage(hit.doc_id, hit.locator, hit.line, max(hit.line, end), spans)


def wrap_ranges(text: str, width: int) -> list[tuple[int, int]]:
    """The character ranges of `text` wrapped at word boundaries to `width` cells (at least one row)."""
    width = max(1, width)
    n = len(text)
    if n == 0:
        return [(0, 0)]
    ascii_only = text.isascii()
    rows = []
    start = 0
    while start < n:
        if ascii_only:
            end = min(start + width, n)
        else:
            end, cells = start, 0
            while end < n:
                w = cell_len(text[end])
                if cells + w > width:
                    break
                cells += w
                end += 1
        if end < n and text[end] != " ":
            space = text.rfind(" ", start, end)
            if space > start:
                end = space + 1
        if end == start:
            end = start + 1
        rows.append((start, end))
        start = end
        if start < n and text[start] == " " and end - rows[-1][0] >= width:
            while start < n and text[start] == " ":
                start += 1
    return rows

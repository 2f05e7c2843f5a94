"""A report's text, wrapped to the width, with line numbers; the passage on show is marked in the
gutter (▌) and its words emphasised. Renders only the visible rows, so long reports stay quick."""

from __future__ import annotations

from typing import ClassVar

from rich.segment import Segment
from rich.style import Style
from textual.binding import Binding, BindingType
from textual.geometry import Size
from textual.scroll_view import ScrollView
from textual.strip import Strip

from rsd_checklist.tui.passages import Passage, wrap_ranges

GUTTER = 6  # "  123▌"


class ReportView(ScrollView, can_focus=True):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("up,k", "scroll_up", "Up", show=False),
        Binding("down", "scroll_down", "Down", show=False),
        Binding("pageup", "page_up", "Page up", show=False),
        Binding("pagedown,space", "page_down", "Page down", show=False),
        Binding("home", "scroll_home", "Top", show=False),
        Binding("end", "scroll_end", "End", show=False),
        Binding("g", "goto_passage", "To passage"),
    ]

    COMPONENT_CLASSES: ClassVar[set[str]] = {
        "report-view--gutter",
        "report-view--marker",
        "report-view--marked-line",
        "report-view--emphasis",
    }

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.lines: list[str] = []
        self.passage: Passage | None = None
        self._rows: list[tuple[int, int, int]] = []  # (line number, start, end)
        self._first_row: dict[int, int] = {}
        self._width = 0

    def set_document(self, text: str, passage: Passage | None) -> None:
        self.lines = text.replace("\t", " ").split("\n")
        self.passage = passage
        self._width = 0
        self._rewrap()
        self.refresh()
        self.call_after_refresh(self.action_goto_passage)

    def set_passage(self, passage: Passage | None) -> None:
        self.passage = passage
        self.refresh()
        self.call_after_refresh(self.action_goto_passage)

    def _rewrap(self) -> None:
        width = max(10, self.scrollable_content_region.width - GUTTER) if self.size.width else 80
        if width == self._width and self._rows:
            return
        self._width = width
        rows: list[tuple[int, int, int]] = []
        first: dict[int, int] = {}
        for number, line in enumerate(self.lines, 1):
            first[number] = len(rows)
            rows.extend((number, a, b) for a, b in wrap_ranges(line, width))
        self._rows = rows
        self._first_row = first
        self.virtual_size = Size(width + GUTTER, len(rows))

    def on_resize(self) -> None:
        self._rewrap()

    def action_goto_passage(self) -> None:
        if self.passage is None:
            return
        row = self._first_row.get(self.passage.start_line, 0)
        self.scroll_to(y=max(0, row - 2), animate=False, immediate=True)

    def row_of_line(self, line: int) -> int:
        return self._first_row.get(line, 0)

    def render_line(self, y: int) -> Strip:
        width = self.scrollable_content_region.width
        index = self.scroll_offset.y + y
        base = self.rich_style
        if index >= len(self._rows):
            return Strip.blank(width, base)
        number, start, end = self._rows[index]
        passage = self.passage
        marked = passage is not None and passage.start_line <= number <= passage.end_line
        gutter_style = base + self.get_component_rich_style("report-view--gutter", partial=True)
        first_row = self._first_row.get(number) == index
        segments = [Segment(f"{number:>5}" if first_row else " " * 5, gutter_style)]
        if marked:
            segments.append(Segment("▌", base + self.get_component_rich_style("report-view--marker", partial=True)))
        else:
            segments.append(Segment(" ", gutter_style))
        text_style = base + (
            self.get_component_rich_style("report-view--marked-line", partial=True) if marked else Style()
        )
        emphasis = text_style + self.get_component_rich_style("report-view--emphasis", partial=True)
        line = self.lines[number - 1]
        spans = passage.spans.get(number, ()) if passage else ()
        at = start
        for a, b in spans:
            a, b = max(a, start), min(b, end)
            if a >= b:
                continue
            if a > at:
                segments.append(Segment(line[at:a], text_style))
            segments.append(Segment(line[a:b], emphasis))
            at = b
        if at < end:
            segments.append(Segment(line[at:end], text_style))
        strip = Strip(segments).crop_extend(self.scroll_offset.x, self.scroll_offset.x + width, base)
        return strip

"""A list row with a hanging indent: a prefix such as "  ✓ applies  ", then text whose wrapped lines
start under the text, not under the prefix. Content wraps every line back to column 0, which hides
the status column when a long title wraps."""

from __future__ import annotations

from textual.content import Content
from textual.strip import Strip
from textual.style import Style
from textual.visual import RenderOptions, RulesMap, Visual

MIN_TEXT_WIDTH = 12  # narrower than this beside the prefix, the row wraps as plain text instead


class HangingRow(Visual):
    """`prefix` on the first line, `text` wrapped in the column after it."""

    def __init__(self, prefix: Content, text: Content) -> None:
        self.prefix = prefix
        self.text = text
        self.indent = prefix.cell_length
        self._whole = Content.assemble(prefix, text)

    @property
    def plain(self) -> str:
        """The row as plain text, as `Content.plain` (tests and searches read rows this way)."""
        return self._whole.plain

    def __str__(self) -> str:
        return self.plain

    def _hangs(self, width: int) -> bool:
        return width - self.indent >= MIN_TEXT_WIDTH

    def get_optimal_width(self, rules: RulesMap, container_width: int) -> int:
        return self._whole.get_optimal_width(rules, container_width)

    def get_minimal_width(self, rules: RulesMap) -> int:
        return self._whole.get_minimal_width(rules)

    def get_height(self, rules: RulesMap, width: int) -> int:
        if not self._hangs(width):
            return self._whole.get_height(rules, width)
        return self.text.get_height(rules, width - self.indent)

    def render_strips(self, width: int, height: int | None, style: Style, options: RenderOptions) -> list[Strip]:
        if not self._hangs(width):
            return self._whole.render_strips(width, height, style, options)
        lines = self.text.render_strips(width - self.indent, height, style, options)
        rich_style = style.rich_style
        # the prefix's trailing spaces are part of the column: keep them whatever the wrapping does
        head = self.prefix.render_strips(self.indent, 1, style, options)
        first = head[0].extend_cell_length(self.indent, rich_style) if head else Strip.blank(self.indent, rich_style)
        blank = Strip.blank(self.indent, rich_style)
        return [Strip.join([first if i == 0 else blank, line]) for i, line in enumerate(lines)]

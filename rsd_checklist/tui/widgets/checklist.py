"""The live checklist: every argument, grouped as in the rule base, status by symbol and word."""

from __future__ import annotations

from textual import on
from textual.content import Content
from textual.message import Message
from textual.reactive import reactive
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rsd_checklist.engine import Evaluation
from rsd_checklist.render import SYMBOL, status_label
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.schema import Status
from rsd_checklist.tui.widgets.hanging import HangingRow

FILTERS = ("all", "applies", "open")
FILTER_STATUSES: dict[str, tuple[Status, ...]] = {
    "all": ("applies", "does_not_apply", "undetermined"),
    "applies": ("applies",),
    "open": ("undetermined",),
}
STATUS_STYLE: dict[Status, str] = {
    "applies": "bold $text-success",
    "does_not_apply": "$text-error",
    "undetermined": "$text-warning",
}
LABEL_WIDTH = max(len(status_label(s)) for s in SYMBOL)


def status_content(status: Status, pad: bool = True) -> Content:
    label = status_label(status)
    return Content.styled(label.ljust(LABEL_WIDTH) if pad else label, STATUS_STYLE[status])


def counts_text(evaluation: Evaluation) -> str:
    counts = {s: 0 for s in SYMBOL}
    for result in evaluation.results.values():
        counts[result.status] += 1
    return "  ".join(f"{SYMBOL[s]} {counts[s]}" for s in SYMBOL)


class Checklist(OptionList):
    """Rows are "✓ applies  Title"; a "•" marks the rows the last answer changed."""

    filter: reactive[str] = reactive("all")

    class ArgumentHighlighted(Message):
        def __init__(self, argument_id: str) -> None:
            super().__init__()
            self.argument_id = argument_id

    class ArgumentChosen(Message):
        def __init__(self, argument_id: str) -> None:
            super().__init__()
            self.argument_id = argument_id

    def __init__(self, rule_base: RuleBase, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.rule_base = rule_base
        self.evaluation: Evaluation | None = None
        self._statuses: dict[str, Status] = {}
        self._changed: set[str] = set()
        self._row_ids: list[str | None] = []
        self._shown_keys: dict[str, tuple[str, bool]] = {}

    def show(self, evaluation: Evaluation, follow: bool = False) -> None:
        """Render a new evaluation; rows whose status changed since the last one are marked, and with
        `follow` the first of them is brought into view."""
        statuses = {a: r.status for a, r in evaluation.results.items()}
        self._changed = {a for a, s in statuses.items() if self._statuses and self._statuses.get(a) != s}
        self._statuses = statuses
        self.evaluation = evaluation
        self._render_rows(follow)

    def watch_filter(self) -> None:
        if self.evaluation is not None:
            self._render_rows()

    def cycle_filter(self) -> str:
        self.filter = FILTERS[(FILTERS.index(self.filter) + 1) % len(FILTERS)]
        return self.filter

    @property
    def highlighted_argument(self) -> str | None:
        option = self.highlighted_option
        if option is None or option.id is None or not option.id.startswith("arg:"):
            return None
        return option.id[4:]

    def select_argument(self, argument_id: str) -> bool:
        try:
            self.highlighted = self.get_option_index(f"arg:{argument_id}")
        except Exception:
            return False
        return True

    def _row(self, argument_id: str) -> HangingRow:
        status = self._statuses[argument_id]
        mark = ("• ", "bold $text-accent") if argument_id in self._changed else "  "
        prefix = Content.assemble(mark, status_content(status, pad=False), "  ")
        return HangingRow(prefix, Content(self.rule_base.arguments[argument_id].title))

    def _render_rows(self, follow: bool = False) -> None:
        rb = self.rule_base
        wanted = FILTER_STATUSES[self.filter]
        rows: list[tuple[str | None, Content | HangingRow]] = []
        for group_id, group in rb.groups.items():
            members = [a.id for a in rb.arguments_in_group(group_id) if self._statuses.get(a.id) in wanted]
            if not members:
                continue
            rows.append((f"group:{group_id}", Content.styled(group.title, "bold $text-primary")))
            rows += [(f"arg:{a}", self._row(a)) for a in members]
        if not rows:
            word = {"applies": "applies", "open": "is open"}.get(self.filter, "")
            rows.append(
                ("empty", Content.styled(f"Nothing {word} at the moment. Press f to change the filter.", "italic"))
            )
        ids = [r[0] for r in rows]
        self.border_title = f"Showing: {self.filter} (f)"
        if self.evaluation is not None:
            self.border_subtitle = counts_text(self.evaluation)
        keys = {a: (self._statuses[a], a in self._changed) for a in self._statuses}
        if ids == self._row_ids:
            for row_id, prompt in rows:  # same rows: change the changed prompts in place, the cursor stays put
                if row_id and row_id.startswith("arg:") and self._shown_keys.get(row_id[4:]) != keys[row_id[4:]]:
                    self.replace_option_prompt(row_id, prompt)
        else:
            keep = self.highlighted_argument
            self._row_ids = ids
            self.set_options(
                Option(prompt, id=row_id, disabled=not (row_id or "").startswith("arg:")) for row_id, prompt in rows
            )
            if keep is None or not self.select_argument(keep):
                self.action_first()
        self._shown_keys = keys
        if follow and self._changed and not self.has_focus:  # bring what the last answer changed into view
            first = next((a for a in self.rule_base.arguments if a in self._changed and f"arg:{a}" in ids), None)
            if first is not None:
                self.select_argument(first)

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_id and event.option_id.startswith("arg:"):
            self.post_message(self.ArgumentHighlighted(event.option_id[4:]))

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id and event.option_id.startswith("arg:"):
            self.post_message(self.ArgumentChosen(event.option_id[4:]))

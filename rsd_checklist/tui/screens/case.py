"""The case screen: the interview on the left, the live checklist and the detail pane on the right."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import TYPE_CHECKING, ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, TabbedContent, TabPane

from rsd_checklist.tui.state import Session
from rsd_checklist.tui.widgets.answers import AnswerGiven
from rsd_checklist.tui.widgets.checklist import Checklist
from rsd_checklist.tui.widgets.detail import DetailPane
from rsd_checklist.tui.widgets.question import QuestionPanel

if TYPE_CHECKING:
    from rsd_checklist.tui.app import PaletteCommand, RsdApp


UNSAVED = "• unsaved"
BACK_KEYS = "ctrl+left,left_square_bracket"
FORWARD_KEYS = "ctrl+right,right_square_bracket"


class CaseHeader(Header):
    """The case's title, with the unsaved marker (the screen's sub-title) in front: a long title is cut
    at its end at 80 columns, never the marker."""

    def format_title(self) -> Content:
        title, marker = self.screen_title, self.screen_sub_title
        if not marker:
            return Content(title)
        return Content.assemble((marker, "bold $text-warning"), "  ", title)


class CaseScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding(BACK_KEYS, "back", "Back", key_display="[", priority=True),
        Binding(FORWARD_KEYS, "forward", "Forward", key_display="]", priority=True),
        Binding("j,ctrl+j", "jump", "Questions"),
        Binding("d", "toggle_detail", "Detail"),
        Binding("f", "cycle_filter", "Filter"),
        Binding("r", "open_passage", "Read passage", show=False),
        Binding("slash", "app.search_reports", "Search reports", show=False),
        Binding("ctrl+s", "save", "Save"),
        Binding("ctrl+e", "export", "Export", show=False),
        Binding("ctrl+w", "close_case", "Close case", show=False),
        Binding("escape", "show_checklist", "Checklist", show=False),
        # answer keys work wherever the focus is (the answer widget handles them first when focused)
        *[Binding(key, f"answer_key('{key}')", show=False) for key in ("y", "n", "question_mark", *"123456789")],
    ]

    app: RsdApp  # type: ignore[assignment]

    def __init__(self, session: Session) -> None:
        super().__init__(id="case")
        self.session = session
        self.selected_argument: str | None = None

    def compose(self) -> ComposeResult:
        yield CaseHeader(icon="≡")
        with Horizontal(id="case-body"):
            yield QuestionPanel(id="question-panel")
            with TabbedContent(id="side", initial="tab-checklist"):
                with TabPane("Checklist", id="tab-checklist"):
                    yield Checklist(self.session.rule_base, id="checklist")
                with TabPane("Detail", id="tab-detail"):
                    yield DetailPane(id="detail")
        # ctrl+p stays (help, the ≡ icon); its footer slot goes to the case's own keys at 80 columns
        yield Footer(show_command_palette=False)

    def on_mount(self) -> None:
        self.session.on_change = self._session_changed
        self.refresh_views()
        checklist = self.query_one(Checklist)
        self.selected_argument = checklist.highlighted_argument
        self.call_after_refresh(self.query_one(QuestionPanel).focus_answer)

    # ------------------------------------------------------------------ rendering
    def refresh_views(self) -> None:
        """Render the session's evaluation everywhere (no widget works out a status itself)."""
        session = self.session
        self.query_one(QuestionPanel).show(session)
        on_checklist = self.query_one("#side", TabbedContent).active == "tab-checklist"
        self.query_one(Checklist).show(session.evaluation, follow=on_checklist)
        if not on_checklist:
            self.query_one(DetailPane).show(session.evaluation, self.selected_argument)
        self.title = session.title
        self.sub_title = UNSAVED if session.dirty else ""
        self.refresh_bindings()

    def _session_changed(self, session: Session) -> None:
        self.refresh_views()
        self.call_after_refresh(self.query_one(QuestionPanel).focus_answer)

    # ------------------------------------------------------------------ answering
    @on(AnswerGiven)
    def _answer(self, event: AnswerGiven) -> None:
        event.stop()
        started = time.perf_counter()
        session = self.session
        session.on_change = None  # one refresh, timed below
        try:
            session.answer(event.fact_id, event.value)
        except ValueError as exc:  # the widgets check first; this is a last guard
            self.notify(str(exc), severity="error")
            return
        finally:
            session.on_change = self._session_changed
        evaluated = time.perf_counter()
        self.refresh_views()
        refreshed = time.perf_counter()
        self.app.record_timing("evaluate", (evaluated - started) * 1000)
        self.app.record_timing("evaluate+refresh", (refreshed - started) * 1000)
        self.log(
            f"answer {event.fact_id}: re-evaluation {1000 * (evaluated - started):.2f} ms, "
            f"re-evaluation + refresh {1000 * (refreshed - started):.2f} ms"
        )

        def painted() -> None:
            ms = (time.perf_counter() - started) * 1000
            self.app.record_timing("answer-to-paint", ms)
            self.log(f"answer {event.fact_id}: on screen after {ms:.2f} ms")
            self.query_one(QuestionPanel).focus_answer()
            self.app.autosave(session)

        self.call_after_refresh(painted)

    # ------------------------------------------------------------------ checklist and detail
    @on(Checklist.ArgumentHighlighted)
    def _argument_highlighted(self, event: Checklist.ArgumentHighlighted) -> None:
        self.selected_argument = event.argument_id

    @on(Checklist.ArgumentChosen)
    def _argument_chosen(self, event: Checklist.ArgumentChosen) -> None:
        self.selected_argument = event.argument_id
        self.show_detail()

    def show_detail(self, argument_id: str | None = None) -> None:
        if argument_id is not None:
            self.selected_argument = argument_id
        if self.selected_argument is None:
            self.selected_argument = self.query_one(Checklist).highlighted_argument
        self.query_one(DetailPane).show(self.session.evaluation, self.selected_argument)
        self.query_one("#side", TabbedContent).active = "tab-detail"
        self.query_one(DetailPane).focus()

    def action_toggle_detail(self) -> None:
        if self.query_one("#side", TabbedContent).active == "tab-detail":
            self.action_show_checklist()
        else:
            self.show_detail()

    def action_show_checklist(self) -> None:
        self.query_one("#side", TabbedContent).active = "tab-checklist"
        checklist = self.query_one(Checklist)
        if self.selected_argument:
            checklist.select_argument(self.selected_argument)
        checklist.focus()

    @on(TabbedContent.TabActivated, "#side")
    def _tab_activated(self, event: TabbedContent.TabActivated) -> None:
        if event.pane.id == "tab-detail":
            self.query_one(DetailPane).show(self.session.evaluation, self.selected_argument)

    def action_cycle_filter(self) -> None:
        checklist = self.query_one(Checklist)
        checklist.cycle_filter()
        self.query_one("#side", TabbedContent).active = "tab-checklist"

    @on(DetailPane.CitationChosen)
    def _citation(self, event: DetailPane.CitationChosen) -> None:
        self.app.open_citation(event.citation)

    @on(DetailPane.QuestionChosen)
    def _question(self, event: DetailPane.QuestionChosen) -> None:
        self.session.jump(event.fact_id)

    @on(DetailPane.ArgumentChosen)
    def _other_argument(self, event: DetailPane.ArgumentChosen) -> None:
        checklist = self.query_one(Checklist)
        if not checklist.select_argument(event.argument_id):
            checklist.filter = "all"
            checklist.select_argument(event.argument_id)
        self.show_detail(event.argument_id)

    # ------------------------------------------------------------------ moving about
    def action_back(self) -> None:
        if not self.session.back():
            self.notify("This is the first question.", severity="information")

    def action_forward(self) -> None:
        if self.session.forward():
            return
        if self.session.current is None:
            self.notify("No question is left after this one.", severity="information")
        else:
            self.notify(
                "This is the latest question: answer it (or press ? for don't know) to go on.",
                severity="information",
            )

    def on_key(self, event: events.Key) -> None:
        # At either end of the questions [ and ] are greyed out in the footer, so their bindings do not
        # run and the key arrives here: say why nothing moves rather than do nothing.
        if event.key in BACK_KEYS.split(",") and not self.session.can_go_back:
            event.stop()
            self.action_back()
        elif event.key in FORWARD_KEYS.split(",") and not self.session.can_go_forward:
            event.stop()
            self.action_forward()

    def action_jump(self) -> None:
        from rsd_checklist.tui.screens.dialogs import JumpDialog

        def chosen(fact_id: str | None) -> None:
            if fact_id:
                self.session.jump(fact_id)

        self.app.push_screen(JumpDialog(self.session), chosen)

    def action_answer_key(self, key: str) -> None:
        """y / n / ? / a digit pressed away from the answer widget: give it to the answer widget."""
        from rsd_checklist.tui.widgets.answers import ChoiceAnswer, MultiAnswer, NumberAnswer

        widget = self.query_one(QuestionPanel).answer_widget
        if widget is None:
            self.notify("No question is open: press j to review or change an answer.", severity="information")
        elif key == "question_mark" and isinstance(widget, ChoiceAnswer | MultiAnswer | NumberAnswer):
            widget.action_dont_know()
        elif isinstance(widget, ChoiceAnswer) and widget.fact.type == "bool":
            if key in ("y", "n"):
                widget.action_yes() if key == "y" else widget.action_no()
            else:
                self.notify("This is a yes-or-no question: y for yes, n for no, ? for don't know.")
        elif isinstance(widget, ChoiceAnswer):
            count = len(widget.fact.choices)
            if key.isdigit() and 1 <= int(key) <= count:
                widget.action_pick(int(key))
            elif key.isdigit():
                self.notify(f"This question has {count} choices: pick one with its number, 1 to {count}.")
            else:
                self.notify("y and n answer yes-or-no questions: pick a choice with its number (? for don't know).")
        elif isinstance(widget, MultiAnswer) and key.isdigit():
            self.notify("Tick choices in the answer list (its numbers or space), then press enter.")
        elif isinstance(widget, MultiAnswer):
            self.notify("y and n answer yes-or-no questions: tick choices with their numbers, then press enter.")
        elif isinstance(widget, NumberAnswer):
            self.notify("Type the number in the answer field, then press enter.")

    def action_open_passage(self) -> None:
        fact_id = self.session.current
        if fact_id is None:
            return
        citations = self.session.rule_base.facts[fact_id].citations
        if citations:
            self.app.open_citation(citations[0])
        else:
            self.notify("This question cites no passage.", severity="information")

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "back":
            return True if self.session.can_go_back else None
        if action == "forward":
            return True if self.session.can_go_forward else None
        return True

    # ------------------------------------------------------------------ files
    def action_save(self) -> None:
        self.app.save_session(self.session)

    def action_save_as(self) -> None:
        self.app.save_session(self.session, ask=True)

    def action_export(self) -> None:
        self.app.export_session(self.session)

    def action_close_case(self) -> None:
        self.app.close_case()

    def palette_commands(self) -> Iterator[PaletteCommand]:
        yield ("Save as…", "Save the case to a new file", self.action_save_as)
        for name in ("all", "applies", "open"):
            yield (f"Filter checklist: {name}", f"Show {name} arguments in the checklist", self._filter_to(name))

    def _filter_to(self, name: str) -> Callable[[], None]:
        def apply() -> None:
            self.query_one(Checklist).filter = name
            self.query_one("#side", TabbedContent).active = "tab-checklist"

        return apply

"""Training mode: the trainee predicts which arguments apply, then sees the tool's evaluation, the model
answer and a score, argument by argument, each disagreement linked to its explanation and sources."""

from __future__ import annotations

from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.content import Content
from textual.message import Message
from textual.screen import Screen
from textual.widgets import Button, Footer, Header, OptionList, Static, TabbedContent, TabPane
from textual.widgets.option_list import Option

from rsd_checklist.tui.state import Session
from rsd_checklist.tui.training import Score, score
from rsd_checklist.tui.widgets.checklist import status_content
from rsd_checklist.tui.widgets.detail import DetailPane
from rsd_checklist.tui.widgets.question import session_answer_text

if TYPE_CHECKING:
    from rsd_checklist.tui.app import RsdApp


def case_facts(session: Session) -> Content:
    """The case as the trainee reads it: title, summary, notes and the answers given."""
    rb = session.rule_base
    case = session.case
    parts: list[str | tuple[str, str] | Content] = [(case.title, "bold")]
    if case.summary:
        parts += ["\n", (case.summary, "italic")]
    if case.notes:
        parts += ["\n\n", case.notes]
    parts += ["\n\n", ("The facts", "bold $text-primary")]
    topic = None
    for fact_id, fact in rb.facts.items():
        if not session.is_answered(fact_id):
            continue
        if fact.topic != topic:
            topic = fact.topic
            parts += ["\n", (topic, "$foreground-muted")]
        parts += ["\n  ", fact.label, ": ", (session_answer_text(session, fact_id), "bold")]
    parts += ["\n\nEvery other fact is unknown."]
    return Content.assemble(*parts)


class PredictionList(OptionList):
    """Arguments grouped as in the checklist; space or enter marks one as expected to apply."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("space", "select", "Mark / unmark")]

    class Changed(Message):
        pass

    def __init__(self, session: Session, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.marked: set[str] = set()

    def on_mount(self) -> None:
        self._render_rows()
        self.border_title = "Which arguments apply?"

    def _prompt(self, argument_id: str) -> Content:
        marked = argument_id in self.marked
        box = ("[x] ", "bold $text-success") if marked else ("[ ] ", "$foreground-muted")
        return Content.assemble(box, self.session.rule_base.arguments[argument_id].title)

    def _render_rows(self) -> None:
        rb = self.session.rule_base
        options: list[Option] = []
        for group_id, group in rb.groups.items():
            members = rb.arguments_in_group(group_id)
            if members:
                options.append(Option(Content.styled(group.title, "bold $text-primary"), disabled=True))
                options += [Option(self._prompt(a.id), id=a.id) for a in members]
        self.set_options(options)
        self.action_first()

    def toggle(self, argument_id: str) -> None:
        self.marked ^= {argument_id}
        self.replace_option_prompt(argument_id, self._prompt(argument_id))
        self.post_message(self.Changed())

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        if event.option_id:
            self.toggle(event.option_id)


class PredictionScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("ctrl+r", "reveal", "Reveal and score"),
        Binding("escape", "leave", "Leave training"),
    ]

    app: RsdApp  # type: ignore[assignment]

    def __init__(self, session: Session) -> None:
        super().__init__(id="prediction")
        self.session = session

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(
            "Training: read the case, mark each argument you expect to apply (space), then reveal (ctrl+r).",
            id="training-instructions",
        )
        with Horizontal(id="prediction-body"):
            with VerticalScroll(id="case-facts"):
                yield Static(case_facts(self.session))
            with Vertical(id="prediction-side"):
                yield PredictionList(self.session, id="prediction-list")
                yield Button("Reveal and score  (ctrl+r)", id="reveal", variant="primary", compact=True)
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Training: {self.session.title}"
        self.query_one(PredictionList).focus()
        self._count()

    @on(PredictionList.Changed)
    def _count(self) -> None:
        marked = len(self.query_one(PredictionList).marked)
        self.query_one(PredictionList).border_subtitle = f"{marked} marked"

    @property
    def marked(self) -> set[str]:
        return set(self.query_one(PredictionList).marked)

    def action_reveal(self) -> None:
        self.app.reveal_training(self.session, self.marked)

    @on(Button.Pressed, "#reveal")
    def _reveal(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_reveal()

    def action_leave(self) -> None:
        self.dismiss(None)


class ResultList(OptionList):
    """Each argument: agree or differ, the tool's status, and the trainee's mark where they differ."""

    def __init__(self, session: Session, result: Score, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self.session = session
        self.result = result
        self.only_differences = False

    def on_mount(self) -> None:
        self.border_title = "Your prediction and the tool"
        self.render_rows()

    def render_rows(self) -> None:
        rb = self.session.rule_base
        options: list[Option] = []
        first_difference = None
        for group_id, group in rb.groups.items():
            verdicts = [self.result.verdict(a.id) for a in rb.arguments_in_group(group_id)]
            if self.only_differences:
                verdicts = [v for v in verdicts if not v.agrees]
            if not verdicts:
                continue
            options.append(Option(Content.styled(group.title, "bold $text-primary"), disabled=True))
            for v in verdicts:
                if v.agrees:
                    mark = ("= agree  ", "$text-success")
                    yours: tuple[str, str] | str = ""
                else:
                    mark = ("≠ differ ", "bold $text-error")
                    yours = ("  (you: " + ("applies" if v.predicted_applies else "not marked") + ")", "italic")
                    if first_difference is None:
                        first_difference = len(options)
                options.append(
                    Option(
                        Content.assemble(
                            mark, status_content(v.status, pad=False), "  ", rb.arguments[v.argument_id].title, yours
                        ),
                        id=v.argument_id,
                    )
                )
        if not options:
            options.append(Option("No disagreement: well done.", disabled=True))
        self.set_options(options)
        if first_difference is not None:
            self.highlighted = first_difference
        else:
            self.action_first()


class TrainingResultScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f", "differences", "Only differences"),
        Binding("m", "model_answer", "Model answer"),
        Binding("w", "why", "Why"),
        Binding("c", "continue_case", "Open the case"),
        Binding("escape", "leave", "Leave", show=False),
    ]

    app: RsdApp  # type: ignore[assignment]

    def __init__(self, session: Session, marked: set[str]) -> None:
        super().__init__(id="training-result")
        self.session = session
        self.marked = set(marked)
        self.result = score(marked, session.evaluation)

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(Content.styled(self.result.summary(), "bold"), id="training-score")
        with Horizontal(id="result-body"):
            yield ResultList(self.session, self.result, id="result-list")
            with TabbedContent(id="result-side", initial="tab-why"):
                with TabPane("Why", id="tab-why"):
                    yield DetailPane(id="result-detail", askable=False)
                with TabPane("Model answer", id="tab-model"), VerticalScroll(id="model-answer"):
                    yield Static(
                        Content(self.session.case.model_answer or "This case has no model answer."),
                        id="model-answer-text",
                    )
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = f"Training result: {self.session.title}"
        result_list = self.query_one(ResultList)
        result_list.focus()
        self._show_highlighted()

    def _show_highlighted(self) -> None:
        option = self.query_one(ResultList).highlighted_option
        self.query_one(DetailPane).show(self.session.evaluation, option.id if option else None)

    @on(OptionList.OptionHighlighted, "#result-list")
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        self.query_one(DetailPane).show(self.session.evaluation, event.option_id)

    @on(OptionList.OptionSelected, "#result-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.query_one(DetailPane).show(self.session.evaluation, event.option_id)
        self.action_why()

    @on(DetailPane.CitationChosen)
    def _citation(self, event: DetailPane.CitationChosen) -> None:
        self.app.open_citation(event.citation)

    @on(DetailPane.ArgumentChosen)
    def _argument(self, event: DetailPane.ArgumentChosen) -> None:
        result_list = self.query_one(ResultList)
        try:
            result_list.highlighted = result_list.get_option_index(event.argument_id)
        except Exception:
            result_list.only_differences = False
            result_list.render_rows()
            result_list.highlighted = result_list.get_option_index(event.argument_id)
        self.query_one(DetailPane).show(self.session.evaluation, event.argument_id)

    def action_differences(self) -> None:
        result_list = self.query_one(ResultList)
        result_list.only_differences = not result_list.only_differences
        result_list.render_rows()
        result_list.focus()

    def action_model_answer(self) -> None:
        self.query_one("#result-side", TabbedContent).active = "tab-model"
        self.query_one("#model-answer").focus()

    def action_why(self) -> None:
        self.query_one("#result-side", TabbedContent).active = "tab-why"
        self.query_one(DetailPane).focus()

    def action_continue_case(self) -> None:
        self.app.open_session_screen(self.session)

    def action_leave(self) -> None:
        self.dismiss(None)

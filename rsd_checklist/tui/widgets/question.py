"""The question panel: progress, the engine's current question, the answer widget, why it is asked,
its help text and the passage that shows why it matters."""

from __future__ import annotations

from textual.app import ComposeResult
from textual.containers import Container, VerticalScroll
from textual.content import Content
from textual.widget import Widget
from textual.widgets import Static

from rsd_checklist.render import SYMBOL, WORD
from rsd_checklist.tui.state import Session
from rsd_checklist.tui.widgets.answers import ChoiceAnswer, make_answer_widget

WHY_LIMIT = 6  # open arguments listed under "why this question?"


class QuestionPanel(VerticalScroll):
    """Shows `Session.current`; the screen calls `show(session)` after every change."""

    def __init__(self, *, id: str | None = None) -> None:
        super().__init__(id=id)
        self._shown: tuple[object, ...] | None = None
        self.fact_id: str | None = None
        self._answer: Widget | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="q-progress")
        yield Static(id="q-prompt")
        yield Container(id="q-answer")
        yield Static(id="q-help")
        yield Static(id="q-passage")
        yield Static(id="q-why")

    @property
    def answer_widget(self) -> Widget | None:
        return self._answer

    def focus_answer(self) -> None:
        """Focus the answer widget, once it is there (a new one may still be composing)."""
        widget = self.answer_widget
        if widget is None:
            return
        target = getattr(widget, "focus_target", widget)
        if target is None or not widget.is_mounted:
            self.call_after_refresh(self.focus_answer)
        else:
            target.focus()

    def show(self, session: Session) -> None:
        rb = session.rule_base
        ev = session.evaluation
        fact_id = session.current
        answered, relevant, unknown = session.progress
        progress = f"Answered {answered} · still relevant {relevant}"
        if unknown:
            progress += f" · don't know {unknown}"
        self.query_one("#q-progress", Static).update(Content(progress))
        key = (fact_id, repr(session.value(fact_id)) if fact_id else None, fact_id in session.unknown)
        same_question = key == self._shown
        self._shown = key
        self.fact_id = fact_id
        if fact_id is None:
            self.query_one("#q-prompt", Static).update(
                Content.assemble(
                    ("No question left that could change an argument.", "bold"),
                    "\n\nPress j to review or change any answer, ctrl+s to save, ctrl+e to export.",
                )
            )
            self.query_one("#q-answer").remove_children()
            self._answer = None
            for name in ("#q-why", "#q-help", "#q-passage"):
                self.query_one(name, Static).update("")
            return
        fact = rb.facts[fact_id]
        prompt = Content.assemble((fact.topic, "$foreground-muted"), "\n", (fact.prompt, "bold"))
        self.query_one("#q-prompt", Static).update(prompt)
        if not same_question:
            value, unknown_now = session.value(fact_id), fact_id in session.unknown
            current = self.answer_widget
            if isinstance(current, ChoiceAnswer) and fact.type in ("bool", "choice"):
                current.load(fact, value, unknown_now)
            else:
                container = self.query_one("#q-answer")
                container.remove_children()
                self._answer = make_answer_widget(rb, fact_id, value, unknown_now)
                container.mount(self._answer)
            self.scroll_home(animate=False)
        settles = ev.relevance.get(fact_id, ())
        if settles:
            count = len(settles)
            parts: list[str | tuple[str, str] | Content] = [
                ("Why this question? ", "bold"),
                f"It could settle {count} open argument{'s' if count != 1 else ''}:",
            ]
            for argument_id in settles[:WHY_LIMIT]:
                status = ev.status(argument_id)
                parts += [
                    "\n  ",
                    (f"{SYMBOL[status]} {WORD[status]}", "$text-warning"),
                    "  ",
                    rb.arguments[argument_id].title,
                ]
            if count > WHY_LIMIT:
                parts += ["\n  ", (f"… and {count - WHY_LIMIT} more", "italic")]
            why = Content.assemble(*parts)
        elif session.is_answered(fact_id):
            why = Content.assemble(("Answered: ", "bold"), session_answer_text(session, fact_id))
        else:
            why = Content.styled("This answer cannot change an open argument now.", "$foreground-muted")
        self.query_one("#q-why", Static).update(why)
        self.query_one("#q-help", Static).update(Content(fact.help) if fact.help else "")
        passage: list[str | tuple[str, str]] = []
        if fact.citations:
            passage.append(("Why it matters (r: read it in the report)", "bold"))
            for citation in fact.citations:
                passage += ["\n", (f"{citation.doc}, {citation.at}: ", "$foreground-muted"), f"“{citation.quote}”"]
        self.query_one("#q-passage", Static).update(Content.assemble(*passage))


def session_answer_text(session: Session, fact_id: str) -> str:
    if fact_id in session.unknown:
        return "don't know"
    return session.rule_base.format_value(fact_id, session.value(fact_id))

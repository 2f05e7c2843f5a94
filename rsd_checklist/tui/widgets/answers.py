"""Answer widgets, one per fact type. Each posts `AnswerGiven(fact_id, value)`; value None is "don't know".

bool and choice: a list of options with "Don't know" last (y / n / digits / ? / enter / click);
multi: a list of ticks with Done and Don't know; int: digits only, bounds checked inline.
"""

from __future__ import annotations

from typing import Any, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.message import Message
from textual.widget import Widget
from textual.widgets import Button, Input, OptionList, Static
from textual.widgets.option_list import Option

from rsd_checklist.rulebase import RuleBase
from rsd_checklist.schema import FactDef

DONT_KNOW = "Don't know"
MULTI_HINT = "Space or a digit ticks a choice; enter when done. ? for don't know."
_DIGIT_BINDINGS = [Binding(str(n), f"pick({n})", "Pick", show=False) for n in range(1, 10)]


class AnswerGiven(Message):
    """The person answered the question (value None: "don't know", the fact stays unknown)."""

    def __init__(self, fact_id: str, value: Any) -> None:
        super().__init__()
        self.fact_id = fact_id
        self.value = value


def make_answer_widget(rule_base: RuleBase, fact_id: str, value: Any, unknown: bool) -> Widget:
    fact = rule_base.facts[fact_id]
    if fact.type == "multi":
        return MultiAnswer(fact, value, unknown)
    if fact.type == "int":
        return NumberAnswer(fact, value, unknown)
    return ChoiceAnswer(fact, value, unknown)


def _marker(current: bool) -> tuple[str, str]:
    return ("  ● your answer", "$text-accent") if current else ("", "")


class ChoiceAnswer(OptionList):
    """Yes / No / Don't know, or the fact's choices and Don't know."""

    # not in the footer: each choice shows its key beside it, and the footer needs the room at 80 columns
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("y", "yes", "Yes", show=False),
        Binding("n", "no", "No", show=False),
        Binding("question_mark", "dont_know", "Don't know", show=False),
        *_DIGIT_BINDINGS,
    ]

    def __init__(self, fact: FactDef, value: Any, unknown: bool) -> None:
        super().__init__(*self._build(fact, value, unknown), classes="answer")

    def _build(self, fact: FactDef, value: Any, unknown: bool) -> list[Option]:
        self.fact = fact
        if fact.type == "bool":
            self.values: list[Any] = [True, False, None]
            labels = ["Yes", "No", DONT_KNOW]
        else:
            self.values = [c.value for c in fact.choices] + [None]
            labels = [c.label for c in fact.choices] + [DONT_KNOW]
        options = []
        for i, (label, v) in enumerate(zip(labels, self.values, strict=True)):
            key = "?" if v is None else (str(i + 1) if i < 9 else " ")
            if fact.type == "bool" and v is not None:
                key = "y" if v else "n"
            current = (v is None and unknown) or (v is not None and v == value and not unknown)
            options.append(
                Option(Content.assemble((f"{key} ", "$foreground-muted"), label, _marker(current)), id=f"a{i}")
            )
        self._initial = next(
            (i for i, v in enumerate(self.values) if (v is None and unknown) or (v is not None and v == value)),
            0,
        )
        return options

    def load(self, fact: FactDef, value: Any, unknown: bool) -> None:
        """Show another question in place (cheaper than a new widget)."""
        self.set_options(self._build(fact, value, unknown))
        self.highlighted = self._initial
        self.scroll_home(animate=False)
        self.refresh_bindings()

    def on_mount(self) -> None:
        self.highlighted = self._initial

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action in ("yes", "no"):
            return self.fact.type == "bool"
        if action == "pick":
            return self.fact.type != "bool" and int(str(parameters[0])) < len(self.values)
        return True

    def _give(self, index: int) -> None:
        self.highlighted = index
        self.post_message(AnswerGiven(self.fact.id, self.values[index]))

    def action_yes(self) -> None:
        self._give(0)

    def action_no(self) -> None:
        self._give(1)

    def action_dont_know(self) -> None:
        self._give(len(self.values) - 1)

    def action_pick(self, number: int) -> None:
        if 1 <= number < len(self.values):
            self._give(number - 1)

    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.post_message(AnswerGiven(self.fact.id, self.values[event.option_index]))


class MultiList(OptionList):
    """The choices of a multi-choice question: space, a digit or a click ticks one; enter confirms."""

    # not in the footer: MultiAnswer says these keys under the list (MULTI_HINT)
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("enter", "done", "Done", show=False),
        Binding("space", "toggle_highlighted", "Tick / untick", show=False),
        Binding("question_mark", "dont_know", "Don't know", show=False),
        *[Binding(str(n), f"toggle_number({n})", "Tick", show=False) for n in range(1, 10)],
    ]

    def __init__(self, fact: FactDef, chosen: list[str]) -> None:
        self.fact = fact
        self.chosen = set(chosen)
        super().__init__(*[Option(self._prompt(i), id=c.value) for i, c in enumerate(fact.choices)])

    def _prompt(self, index: int) -> Content:
        choice = self.fact.choices[index]
        box = ("[x] ", "bold $text-success") if choice.value in self.chosen else ("[ ] ", "$foreground-muted")
        number = str(index + 1) if index < 9 else " "
        return Content.assemble(box, (f"{number} ", "$foreground-muted"), choice.label)

    @property
    def selected(self) -> list[str]:
        return [c.value for c in self.fact.choices if c.value in self.chosen]

    def toggle_index(self, index: int) -> None:
        value = self.fact.choices[index].value
        self.chosen ^= {value}
        self.highlighted = index
        self.replace_option_prompt(value, self._prompt(index))

    def action_toggle_highlighted(self) -> None:
        if self.highlighted is not None:
            self.toggle_index(self.highlighted)

    def action_toggle_number(self, number: int) -> None:
        if 1 <= number <= len(self.fact.choices):
            self.toggle_index(number - 1)

    @on(OptionList.OptionSelected)
    def _clicked(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.toggle_index(event.option_index)

    def _owner(self) -> MultiAnswer | None:
        parent = self.parent
        while parent is not None and not isinstance(parent, MultiAnswer):
            parent = parent.parent
        return parent

    def action_done(self) -> None:
        owner = self._owner()
        if owner is not None:
            owner.action_done()

    def action_dont_know(self) -> None:
        owner = self._owner()
        if owner is not None:
            owner.action_dont_know()


class MultiAnswer(Vertical):
    """Choose every option that applies; Done records them (none chosen: "none of these")."""

    def __init__(self, fact: FactDef, value: Any, unknown: bool) -> None:
        super().__init__(classes="answer multi-answer")
        self.fact = fact
        self.value = list(value) if isinstance(value, list) else []
        self.unknown = unknown

    def compose(self) -> ComposeResult:
        yield MultiList(self.fact, self.value)
        state = "Your answer: don't know. " if self.unknown else ""
        yield Static(state + MULTI_HINT, id="multi-state", classes="muted")
        with Horizontal(classes="answer-buttons"):
            yield Button("Done", id="multi-done", variant="primary", compact=True)
            yield Button(DONT_KNOW, id="multi-dont-know", compact=True)

    @property
    def focus_target(self) -> Widget | None:
        return self.query(MultiList).first() if self.query(MultiList) else None

    def action_done(self) -> None:
        self.post_message(AnswerGiven(self.fact.id, list(self.query_one(MultiList).selected)))

    def action_dont_know(self) -> None:
        self.post_message(AnswerGiven(self.fact.id, None))

    @on(Button.Pressed, "#multi-done")
    def _done(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_done()

    @on(Button.Pressed, "#multi-dont-know")
    def _dont_know(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_dont_know()


class NumberInput(Input):
    # not in the footer: the hint under the field says it
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("question_mark", "dont_know", "Don't know", show=False, priority=True)
    ]

    def action_dont_know(self) -> None:
        parent = self.parent
        while parent is not None and not isinstance(parent, NumberAnswer):
            parent = parent.parent
        if isinstance(parent, NumberAnswer):
            parent.action_dont_know()


class NumberAnswer(Vertical):
    """A whole number within the fact's bounds; a bad value gets a message, never an exception."""

    def __init__(self, fact: FactDef, value: Any, unknown: bool) -> None:
        super().__init__(classes="answer number-answer")
        self.fact = fact
        self.value = value if isinstance(value, int) and not unknown else None
        self.unknown = unknown

    def bounds_text(self) -> str:
        low, high = self.fact.min, self.fact.max
        if low is not None and high is not None:
            return f"a whole number from {low} to {high}"
        if low is not None:
            return f"a whole number, {low} or more"
        if high is not None:
            return f"a whole number, at most {high}"
        return "a whole number"

    def compose(self) -> ComposeResult:
        yield NumberInput(
            "" if self.value is None else str(self.value),
            placeholder=self.bounds_text(),
            restrict=r"[0-9]*",
            max_length=6,
            compact=True,
        )
        hint = f"Type {self.bounds_text()}, then enter. ? for don't know."
        if self.unknown:
            hint = "Your answer: don't know. " + hint
        yield Static(hint, id="number-message", classes="muted")
        with Horizontal(classes="answer-buttons"):
            yield Button("OK", id="number-ok", variant="primary", compact=True)
            yield Button(DONT_KNOW, id="number-dont-know", compact=True)

    @property
    def focus_target(self) -> Widget | None:
        return self.query(NumberInput).first() if self.query(NumberInput) else None

    def problem(self, text: str) -> str | None:
        text = text.strip()
        if not text:
            return f"Type {self.bounds_text()}, or choose Don't know."
        if not text.isdigit():
            return f"Only digits, please: {self.bounds_text()}."
        number = int(text)
        if self.fact.min is not None and number < self.fact.min:
            return f"{number} is too small: give {self.bounds_text()}."
        if self.fact.max is not None and number > self.fact.max:
            return f"{number} is too large: give {self.bounds_text()}."
        return None

    def submit(self) -> None:
        text = self.query_one(NumberInput).value
        problem = self.problem(text)
        message = self.query_one("#number-message", Static)
        if problem:
            message.update(problem)
            message.add_class("error")
            return
        message.remove_class("error")
        self.post_message(AnswerGiven(self.fact.id, int(text.strip())))

    def action_dont_know(self) -> None:
        self.post_message(AnswerGiven(self.fact.id, None))

    @on(Input.Submitted)
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#number-ok")
    def _ok(self, event: Button.Pressed) -> None:
        event.stop()
        self.submit()

    @on(Button.Pressed, "#number-dont-know")
    def _dont_know(self, event: Button.Pressed) -> None:
        event.stop()
        self.action_dont_know()

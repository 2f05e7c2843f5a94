"""Modal dialogs: confirm a choice, give a file path, restore unsaved answers, jump to a question."""

from __future__ import annotations

import os
import time
from collections.abc import Iterable
from pathlib import Path
from typing import ClassVar

from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.screen import ModalScreen
from textual.widgets import Button, DirectoryTree, Input, OptionList, Static
from textual.widgets.option_list import Option

from rsd_checklist.tui.state import Session
from rsd_checklist.tui.storage import Recovery
from rsd_checklist.tui.widgets.hanging import HangingRow


class ConfirmDialog(ModalScreen[str]):
    """A question and a row of buttons; dismisses with the chosen value ("cancel" on escape).

    Each choice is (value, label); the first letter of a label is its key."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, title: str, message: str, choices: Iterable[tuple[str, str]]) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.message = message
        self.choices = list(choices)

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield Static(Content(self.message), classes="dialog-message")
            with Horizontal(classes="dialog-buttons"):
                for i, (value, label) in enumerate(self.choices):
                    yield Button(
                        Content.assemble((label[0], "underline"), label[1:]),
                        id=f"choice-{value}",
                        variant="primary" if i == 0 else "default",
                        compact=True,
                    )

    def on_key(self, event: events.Key) -> None:
        for value, label in self.choices:
            if event.character and event.character.lower() == label[0].lower():
                event.stop()
                self.dismiss(value)
                return

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        self.dismiss((event.button.id or "choice-cancel").removeprefix("choice-"))

    def action_cancel(self) -> None:
        self.dismiss("cancel")


class CaseFileTree(DirectoryTree):
    def filter_paths(self, paths: Iterable[Path]) -> Iterable[Path]:
        return [
            p for p in paths if not p.name.startswith(".") and (p.is_dir() or p.suffix.lower() in (".yaml", ".yml"))
        ]


class PathDialog(ModalScreen[Path | None]):
    """Ask for a file path. mode "open": an existing case file (with a folder tree); "save": any path,
    with the folder it goes into spelled out (a relative name lands in the working folder, which the
    person may not know)."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(
        self,
        title: str,
        default: str = "",
        mode: str = "save",
        hint: str = "",
        placeholder: str = "path/to/case.yaml",
    ) -> None:
        super().__init__(classes="dialog-screen")
        self.title_text = title
        self.default = default
        self.mode = mode
        self.hint = hint
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog path-dialog"):
            yield Static(Content.styled(self.title_text, "bold"), classes="dialog-title")
            yield Input(self.default, placeholder=self.placeholder, id="path-input")
            if self.mode != "open":
                yield Static(self._folder_text(self.default), id="path-folder")
            yield Static(self.hint or "Enter to confirm, escape to cancel.", id="path-message", classes="muted")
            if self.mode == "open":
                yield CaseFileTree(Path.cwd(), id="path-tree")

    def on_mount(self) -> None:
        self.query_one("#path-input", Input).focus()

    def _folder_text(self, text: str) -> Content:
        path = self._resolve(text)
        if path is None:
            return Content.styled("Type a file name, or a path.", "$text-muted")
        folder = Path(os.path.abspath(path)).parent
        note = "" if folder.is_dir() else " (there is no such folder)"
        return Content.assemble(("Folder: ", "$text-muted"), str(folder), (note, "$text-error"))

    @on(Input.Changed, "#path-input")
    def _typed(self, event: Input.Changed) -> None:
        if self.mode != "open":
            self.query_one("#path-folder", Static).update(self._folder_text(event.value))

    def _resolve(self, text: str) -> Path | None:
        text = text.strip()
        if not text:
            return None
        return Path(text).expanduser()

    @on(Input.Submitted, "#path-input")
    def _submitted(self, event: Input.Submitted) -> None:
        event.stop()
        path = self._resolve(event.value)
        message = self.query_one("#path-message", Static)
        if path is None:
            message.update("Give a file path.")
            return
        if self.mode == "open" and not path.is_file():
            message.update(f"There is no file {path}.")
            message.add_class("error")
            return
        if self.mode != "open" and not (path.parent if str(path.parent) else Path(".")).is_dir():
            message.update(f"The folder {path.parent} does not exist.")
            message.add_class("error")
            return
        if path.is_dir():
            message.update(f"{path} is a folder: give a file name.")
            message.add_class("error")
            return
        self.dismiss(path)

    @on(DirectoryTree.FileSelected)
    def _file_selected(self, event: DirectoryTree.FileSelected) -> None:
        event.stop()
        self.query_one("#path-input", Input).value = str(event.path)
        self.dismiss(Path(event.path))

    def action_cancel(self) -> None:
        self.dismiss(None)


class RecoveryDialog(ModalScreen[tuple[str, Recovery] | None]):
    """Unsaved answers from a session that ended without saving: restore or discard each."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("r", "restore", "Restore"),
        Binding("x,delete", "discard", "Discard"),
        Binding("escape", "later", "Not now"),
    ]

    def __init__(self, recoveries: list[Recovery]) -> None:
        super().__init__(classes="dialog-screen")
        self.recoveries = recoveries

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("Unsaved answers were kept", "bold"), classes="dialog-title")
            yield Static(
                "A session ended without saving. Restore its answers, or discard them.\n"
                "enter: restore · x: discard · escape: not now",
                classes="dialog-message",
            )
            yield OptionList(*self._options(), id="recovery-list")
            with Horizontal(classes="dialog-buttons"):
                yield Button("Restore", id="recovery-restore", variant="primary", compact=True)
                yield Button("Discard", id="recovery-discard", compact=True)
                yield Button("Not now", id="recovery-later", compact=True)

    def _options(self) -> list[Option]:
        options = []
        for i, r in enumerate(self.recoveries):
            when = time.strftime("%Y-%m-%d %H:%M", time.localtime(r.saved_at))
            options.append(
                Option(
                    Content.assemble((r.title, "bold"), f"\n  {_answers(r.answered, r.dont_know)} · {when}"),
                    id=str(i),
                )
            )
        return options

    def on_mount(self) -> None:
        self.query_one("#recovery-list", OptionList).focus()

    @on(OptionList.OptionSelected, "#recovery-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(("restore", self.recoveries[event.option_index]))

    def _chosen(self) -> Recovery | None:
        highlighted = self.query_one("#recovery-list", OptionList).highlighted
        return self.recoveries[highlighted] if highlighted is not None else None

    def action_restore(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.dismiss(("restore", chosen))

    def action_discard(self) -> None:
        chosen = self._chosen()
        if chosen is not None:
            self.dismiss(("discard", chosen))

    def action_later(self) -> None:
        self.dismiss(None)

    @on(Button.Pressed)
    def _pressed(self, event: Button.Pressed) -> None:
        event.stop()
        {"recovery-restore": self.action_restore, "recovery-discard": self.action_discard}.get(
            event.button.id or "", self.action_later
        )()


# the jump list's marks; the header names each, so they must not be mistaken for punctuation
ANSWERED, UNKNOWN, OPEN = "✓", "?", "○"


class JumpDialog(ModalScreen[str | None]):
    """Every question worth listing, grouped by topic: answered ones with their answer, relevant ones open."""

    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, session: Session) -> None:
        super().__init__(classes="dialog-screen")
        self.session = session

    def compose(self) -> ComposeResult:
        session = self.session
        rb = session.rule_base
        answered, relevant, unknown = session.progress
        with Vertical(classes="dialog jump-dialog"):
            yield Static(Content.styled("Go to a question", "bold"), classes="dialog-title")
            yield Static(
                f"{ANSWERED} answered {answered}   {UNKNOWN} don't know {unknown}   {OPEN} still relevant {relevant}\n"
                "Enter: go to the highlighted question.",
                classes="muted",
            )
            options: list[Option] = []
            highlight = None
            for topic, fact_ids in session.questions_by_topic():
                options.append(Option(Content.styled(topic, "bold $text-primary"), disabled=True))
                for fact_id in fact_ids:
                    fact = rb.facts[fact_id]
                    if fact_id in session.unknown:
                        mark = Content.styled(f"  {UNKNOWN} ", "$text-warning")
                        text = Content.assemble(fact.label, ("  don't know", "italic"))
                    elif fact_id in session.answers:
                        answer = rb.format_value(fact_id, session.answers[fact_id])
                        mark = Content.styled(f"  {ANSWERED} ", "$text-success")
                        text = Content.assemble(fact.label, ": ", (answer, "italic"))
                    else:
                        mark = Content.styled(f"  {OPEN} ", "$text-accent")
                        text = Content.assemble(fact.label, ("  not answered", "$foreground-muted"))
                    if fact_id == session.current:
                        highlight = len(options)
                    options.append(Option(HangingRow(mark, text), id=fact_id))
            yield OptionList(*options, id="jump-list")
            self._highlight = highlight

    def on_mount(self) -> None:
        jump_list = self.query_one("#jump-list", OptionList)
        if self._highlight is not None:
            jump_list.highlighted = self._highlight
        jump_list.focus()

    @on(OptionList.OptionSelected, "#jump-list")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


def _answers(answered: int, dont_know: int) -> str:
    """'15 answered, 1 don't know', as the case screen counts them."""
    text = f"{answered} answered"
    return f"{text}, {dont_know} don't know" if dont_know else text

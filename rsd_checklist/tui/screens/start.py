"""The start screen: new case, open a file, a bundled training case, or a recent file."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, ClassVar

from textual import on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.content import Content
from textual.screen import Screen
from textual.widgets import Footer, Header, OptionList, Static
from textual.widgets.option_list import Option

from rsd_checklist import DISCLAIMER
from rsd_checklist.tui.storage import display_path

if TYPE_CHECKING:
    from rsd_checklist.tui.app import RsdApp


class StartScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("n", "app.new_case", "New case"),
        Binding("o", "app.open_file", "Open file"),
        Binding("t", "train", "Training mode"),
        Binding("r", "app.search_reports", "Reports", show=False),
    ]

    app: RsdApp  # type: ignore[assignment]

    def __init__(self, cases: list[tuple[str, Path, str, str]], recent: list[Path]) -> None:
        """cases: (name, path, title, summary) of the bundled training cases."""
        super().__init__(id="start")
        self.cases = cases
        self.recent = recent

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(Content.styled(DISCLAIMER, "italic"), id="disclaimer")
        yield OptionList(*self._options(), id="start-menu")
        yield Footer()

    def on_mount(self) -> None:
        self.sub_title = self.app.rule_base.title if self.app.rule_base else ""
        menu = self.query_one("#start-menu", OptionList)
        menu.border_title = "Start"
        menu.focus()

    def on_screen_resume(self) -> None:
        recent = self.app.storage.recent()
        if recent != self.recent:  # a case was saved or opened meanwhile
            self.recent = recent
            menu = self.query_one("#start-menu", OptionList)
            highlighted = menu.highlighted
            menu.set_options(self._options())
            menu.highlighted = highlighted

    def _options(self) -> list[Option | None]:
        options: list[Option | None] = [
            Option(
                Content.assemble(("New case", "bold"), ("  start an empty interview  (n)", "$foreground-muted")),
                id="new",
            ),
            Option(Content.assemble(("Open a case file…", "bold"), ("  (o, ctrl+o)", "$foreground-muted")), id="open"),
        ]
        options.append(Option(Content.styled("Recent files", "bold $text-primary"), disabled=True))
        if self.recent:
            for i, path in enumerate(self.recent):
                options.append(Option(Content.assemble("  ", display_path(path)), id=f"recent:{i}"))
        else:
            options.append(Option(Content.styled("  No recent files yet.", "$foreground-muted"), disabled=True))
        options.append(
            Option(
                Content.assemble(
                    ("Training cases", "bold $text-primary"),
                    ("   enter: work on it · t: training mode", "$foreground-muted"),
                ),
                disabled=True,
            )
        )
        for name, _path, title, summary in self.cases:
            prompt = Content.assemble("  ", (title, "bold"))
            if summary:
                prompt = Content.assemble(prompt, "\n    ", (summary, "$foreground-muted"))
            options.append(Option(prompt, id=f"case:{name}"))
        return options

    def highlighted_case(self) -> str | None:
        option = self.query_one("#start-menu", OptionList).highlighted_option
        if option is not None and option.id and option.id.startswith("case:"):
            return option.id[5:]
        return None

    @on(OptionList.OptionSelected, "#start-menu")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        option_id = event.option_id or ""
        if option_id == "new":
            self.app.action_new_case()
        elif option_id == "open":
            self.app.action_open_file()
        elif option_id.startswith("case:"):
            self.app.open_bundled(option_id[5:])
        elif option_id.startswith("recent:"):
            self.app.open_path(self.recent[int(option_id[7:])])

    def action_train(self) -> None:
        name = self.highlighted_case() or (self.cases[0][0] if self.cases else None)
        if name is None:
            self.notify("There is no bundled training case.", severity="warning")
            return
        self.app.start_training(name)

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "train":
            return bool(self.cases)
        return True

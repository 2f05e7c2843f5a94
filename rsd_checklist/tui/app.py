"""The Textual app: screens for modes, the session model in `state.py`, files in `storage.py`.

The app renders the engine's Evaluation and holds no legal logic.
"""

from __future__ import annotations

import gc
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING, Any, ClassVar

from textual import work
from textual.app import App, SystemCommand
from textual.binding import Binding, BindingType
from textual.screen import Screen

from rsd_checklist import DISCLAIMER
from rsd_checklist.errors import InputError
from rsd_checklist.tui.paths import case_header
from rsd_checklist.tui.storage import Storage, display_path, is_bundled, slug

if TYPE_CHECKING:  # the engine and its models load in the background, after the first screen
    from rsd_checklist.corpus import Corpus
    from rsd_checklist.rulebase import RuleBase
    from rsd_checklist.schema import Citation
    from rsd_checklist.tui.screens.case import CaseScreen
    from rsd_checklist.tui.state import Session
    from rsd_checklist.tui.storage import Recovery

PaletteCommand = tuple[str, str, Callable[[], Any]]


def _own_actions(cls: type) -> set[str]:
    """The actions bound by this package's classes (a widget's inherited Textual bindings are left out)."""
    actions = set()
    for klass in cls.__mro__:
        if klass.__module__.startswith("rsd_checklist."):
            for binding in klass.__dict__.get("BINDINGS", ()):
                if isinstance(binding, Binding):
                    actions.add(binding.action)
    return actions


class RsdApp(App[None]):
    """rsd-checklist's terminal app.

    case_path: a case file to open at once; rules_dir / corpus_dir: other rule and report folders
    (default: the bundled ones); data_dir: where recent files and recovery copies live (default:
    the user data directory, from platformdirs); cases_dir: the training cases offered on the start
    screen (default: the bundled ones; they are opened read-only, never written over)."""

    CSS_PATH = "app.tcss"
    TITLE = "rsd-checklist"
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("f1", "help", "Help"),
        Binding("ctrl+n", "new_case", "New case", show=False),
        Binding("ctrl+o", "open_file", "Open file", show=False),
    ]

    def __init__(
        self,
        case_path: Path | None = None,
        rules_dir: Path | None = None,
        corpus_dir: Path | None = None,
        data_dir: Path | None = None,
        *,
        rule_base: RuleBase | None = None,
        cases_dir: Path | None = None,
    ) -> None:
        self.started = time.perf_counter()
        super().__init__()
        self.case_path = Path(case_path) if case_path is not None else None
        self.rules_dir = Path(rules_dir) if rules_dir is not None else None
        self.corpus_dir = Path(corpus_dir) if corpus_dir is not None else None
        self.cases_dir = Path(cases_dir) if cases_dir is not None else None
        self.storage = Storage(data_dir)
        self.rule_base: RuleBase | None = rule_base
        self._corpus: Corpus | None = None
        self.timings: list[tuple[str, float]] = []
        self._autosave_warned = False
        self._pending: list[Callable[[], Any]] = []

    # ------------------------------------------------------------------ start-up
    def on_mount(self) -> None:
        """Show the start screen at once; the rule base (pydantic, YAML) loads after it, in a thread."""
        from rsd_checklist.tui.screens.start import StartScreen

        self.push_screen(StartScreen(self.training_cases(), self.storage.recent()))
        self.call_after_refresh(self._first_screen)
        if self.rule_base is None:
            self.call_after_refresh(self._load_rules)
        else:
            self._rules_ready()

    def _first_screen(self) -> None:
        ms = (time.perf_counter() - self.started) * 1000
        self.record_timing("first-screen", ms)
        self.log(f"first screen after {ms:.0f} ms")

    @work(thread=True, exclusive=True, group="rules")
    def _load_rules(self) -> None:
        started = time.perf_counter()
        try:
            from rsd_checklist.loader import load_rule_base
            from rsd_checklist.resources import bundled

            rule_base = load_rule_base(self.rules_dir or bundled("rules"))
        except InputError as exc:
            self.call_from_thread(self.exit, None, 2, f"rsd-checklist: {exc.one_line()}")
            return
        self.call_from_thread(self._rules_loaded, rule_base, (time.perf_counter() - started) * 1000)

    def _rules_loaded(self, rule_base: RuleBase, ms: float) -> None:
        self.record_timing("rules-loaded", ms)
        self.log(f"rule base loaded in {ms:.0f} ms, in the background")
        self.rule_base = rule_base
        # The rule base lives as long as the app: keep the garbage collector from walking it
        # again on every collection while answers are evaluated (bench/run.py, scaling).
        gc.freeze()
        self._rules_ready()

    def _rules_ready(self) -> None:
        from rsd_checklist.tui.screens.start import StartScreen

        assert self.rule_base is not None
        for screen in self.screen_stack:
            if isinstance(screen, StartScreen):
                screen.sub_title = self.rule_base.title
        if self.case_path is not None:
            self.open_path(self.case_path)
            self.notify(DISCLAIMER, title="Training aid", timeout=8)
        pending, self._pending = self._pending, []
        for callback in pending:
            callback()
        recoveries = self.storage.recoveries()
        if recoveries:
            self.offer_recovery(recoveries)

    def when_ready(self, callback: Callable[[], Any]) -> None:
        """Run `callback` now if the rule base is loaded, else as soon as it is."""
        if self.rule_base is not None:
            callback()
        else:
            self._pending.append(callback)

    def case_files(self) -> dict[str, Path]:
        """The training cases by name."""
        if self.cases_dir is not None:
            return {p.stem: p for p in sorted(self.cases_dir.glob("*.yaml"))}
        from rsd_checklist.resources import bundled_cases

        try:
            return bundled_cases()
        except InputError:
            return {}

    def training_cases(self) -> list[tuple[str, Path, str, str]]:
        """(name, path, title, summary) of each training case, read without loading the rule base."""
        found = []
        for name, path in self.case_files().items():
            header = case_header(path)
            if header is not None:
                found.append((name, path, *header))
        return found

    @property
    def corpus(self) -> Corpus:
        if self._corpus is None:
            from rsd_checklist.corpus import load_corpus
            from rsd_checklist.resources import bundled

            self._corpus = load_corpus(self.corpus_dir or bundled("corpus"))
        return self._corpus

    def record_timing(self, label: str, ms: float) -> None:
        self.timings.append((label, ms))

    # ------------------------------------------------------------------ commands
    def get_system_commands(self, screen: Screen) -> Iterable[SystemCommand]:
        yield from super().get_system_commands(screen)
        seen = {"quit", "app.quit", "command_palette", "app.command_palette"}
        for active in screen.active_bindings.values():
            binding = active.binding
            if not binding.description or binding.system or binding.action in seen or not active.enabled:
                continue
            if binding.action not in _own_actions(type(active.node)):  # not scrolling, focus moves and the like
                continue
            seen.add(binding.action)
            keys = self.get_key_display(binding)
            yield SystemCommand(
                binding.description,
                f"{binding.tooltip or binding.description} ({keys})",
                self._binding_runner(binding.action, active.node),
            )
        extra: Callable[[], Iterable[PaletteCommand]] | None = getattr(screen, "palette_commands", None)
        if extra is not None:
            for title, help_text, callback in extra():
                yield SystemCommand(title, help_text, callback)

    def _binding_runner(self, action: str, node: Any) -> Callable[[], Any]:
        async def run() -> None:
            await self.run_action(action, node)

        return run

    def action_help(self) -> None:
        from rsd_checklist.tui.screens.help import HelpScreen

        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen())

    def action_search_reports(self) -> None:
        from rsd_checklist.tui.screens.report import ReportScreen

        corpus = self._load_corpus()
        if corpus is not None and corpus.documents:
            self.push_screen(ReportScreen(corpus, next(iter(corpus.documents)), None, search=True))

    def _load_corpus(self) -> Corpus | None:
        try:
            return self.corpus
        except InputError as exc:
            self.notify(exc.one_line(), title="The reports cannot be read", severity="error")
            return None

    def open_citation(self, citation: Citation) -> None:
        """Open the report at the cited passage, highlighted."""
        from rsd_checklist.tui.passages import locate
        from rsd_checklist.tui.screens.report import ReportScreen

        corpus = self._load_corpus()
        if corpus is None:
            return
        if citation.doc not in corpus.documents:
            self.notify(f"The report '{citation.doc}' is not in the corpus.", severity="error")
            return
        passage = locate(corpus, citation.doc, citation.quote, label=citation.at)
        if passage is None:
            self.notify("The passage was not found in the report; showing it from the start.", severity="warning")
        self.push_screen(ReportScreen(corpus, citation.doc, passage))

    # ------------------------------------------------------------------ cases
    @property
    def case_screen(self) -> CaseScreen | None:
        from rsd_checklist.tui.screens.case import CaseScreen

        for screen in self.screen_stack:
            if isinstance(screen, CaseScreen):
                return screen
        return None

    def action_new_case(self) -> None:
        self.when_ready(self._new_case)

    def _new_case(self) -> None:
        from rsd_checklist.tui.state import Session

        assert self.rule_base is not None
        self.open_session_screen(Session(self.rule_base))

    def open_bundled(self, name: str) -> None:
        self.open_path(self.case_files()[name], template=True)

    def open_path(self, path: Path, template: bool = False) -> None:
        """Open a case file; a template (a training case) is never written over."""
        self.when_ready(lambda: self._open_path(path, template))

    def _open_path(self, path: Path, template: bool) -> None:
        assert self.rule_base is not None
        try:
            session = self.storage.open_session(Path(path), self.rule_base, template=template)
        except InputError as exc:
            self.notify(exc.one_line(), title="This case file cannot be opened", severity="error", timeout=10)
            return
        except OSError as exc:
            self.notify(str(exc), title="This case file cannot be read", severity="error", timeout=10)
            return
        self.open_session_screen(session)

    @work(group="flow")
    async def action_open_file(self) -> None:
        from rsd_checklist.tui.screens.dialogs import PathDialog

        path = await self.push_screen_wait(
            PathDialog("Open a case file", "", mode="open", hint="Type a path or pick a file below.")
        )
        if path is not None:
            self.open_path(path)

    @work(group="flow")
    async def open_session_screen(self, session: Session) -> None:
        """Show a session in the case screen, after asking about unsaved answers in the one open."""
        from rsd_checklist.tui.screens.case import CaseScreen

        current = self.case_screen
        if current is not None and current.session is not session and not await self._release(current.session):
            return
        await self._back_to_start()
        await self.push_screen(CaseScreen(session))

    async def _back_to_start(self) -> None:
        from rsd_checklist.tui.screens.start import StartScreen

        while len(self.screen_stack) > 1 and not isinstance(self.screen, StartScreen):
            await self.pop_screen()

    @work(group="flow")
    async def close_case(self) -> None:
        current = self.case_screen
        if current is not None and not await self._release(current.session):
            return
        await self._back_to_start()

    async def _release(self, session: Session) -> bool:
        """Whether the session may be dropped: saved, discarded, or clean. Asks when it has unsaved answers."""
        from rsd_checklist.tui.screens.dialogs import ConfirmDialog

        if not session.dirty:
            return True
        choice = await self.push_screen_wait(
            ConfirmDialog(
                "Unsaved answers",
                f"“{session.title}” has answers that are not saved. Save them first?",
                [("save", "Save"), ("discard", "Discard"), ("cancel", "Cancel")],
            )
        )
        if choice == "save":
            return await self._save(session, ask=False)
        if choice == "discard":
            self.storage.discard_recovery(session.name)
            session.dirty = False
            return True
        return False

    # ------------------------------------------------------------------ saving, exporting, recovery
    @work(group="flow")
    async def save_session(self, session: Session, ask: bool = False) -> None:
        await self._save(session, ask)

    async def _ask_path(
        self,
        title: str,
        default: str,
        replace_ok: Path | None = None,
        hint: str = "",
        placeholder: str = "path/to/case.yaml",
    ) -> Path | None:
        from rsd_checklist.tui.screens.dialogs import ConfirmDialog, PathDialog

        path = await self.push_screen_wait(PathDialog(title, default, mode="save", hint=hint, placeholder=placeholder))
        if path is None:
            return None
        same = replace_ok is not None and path.resolve() == replace_ok.resolve()
        if path.exists() and not same:
            choice = await self.push_screen_wait(
                ConfirmDialog(
                    "Replace the file?",
                    f"{display_path(path)} exists. Replace it?",
                    [("replace", "Replace"), ("cancel", "Cancel")],
                )
            )
            if choice != "replace":
                return None
        return path

    async def _save(self, session: Session, ask: bool = False) -> bool:
        path = session.save_path
        if ask or path is None:
            default = display_path(path) if path else f"{slug(session.title)}.yaml"
            path = await self._ask_path("Save the case as", default, replace_ok=session.save_path)
            if path is None:
                return False
            if is_bundled(path):
                self.notify("The bundled training cases are not written over: choose another file.", severity="error")
                return False
        try:
            self.storage.save_session(session, path)
        except OSError as exc:
            self.notify(str(exc), title="Not saved", severity="error", timeout=10)
            return False
        self.notify(f"Saved to {display_path(path)}", title="Saved")
        screen = self.case_screen
        if screen is not None and screen.session is session:
            screen.refresh_views()
        return True

    @work(group="flow")
    async def export_session(self, session: Session) -> None:
        from rsd_checklist.tui.storage import export_formats, export_session

        formats = export_formats()
        name = f"{slug(session.title)}.md"
        # beside the case file, where the person will look for it; a case never saved has no such place
        default = display_path(session.save_path.parent / name) if session.save_path else name
        path = await self._ask_path(
            "Export the case",
            default,
            hint="The file's extension chooses the format: " + ", ".join(f".{f}" for f in formats) + ".",
            placeholder="path/to/summary.md",
        )
        if path is None:
            return
        try:
            export_session(session, path, lambda: self.corpus)
        except InputError as exc:
            self.notify(exc.one_line(), title="Not exported", severity="error", timeout=10)
            return
        except OSError as exc:
            self.notify(str(exc), title="Not exported", severity="error", timeout=10)
            return
        self.notify(f"Exported to {display_path(path)}", title="Exported")

    def autosave(self, session: Session) -> None:
        """Keep a recovery copy of unsaved answers (owner-only, in the data directory)."""
        if not session.dirty:
            return
        try:
            self.storage.write_recovery(session)
        except OSError as exc:
            if not self._autosave_warned:
                self._autosave_warned = True
                self.notify(f"Answers cannot be kept for recovery: {exc}", severity="warning")

    @work(group="recovery")
    async def offer_recovery(self, recoveries: list[Recovery]) -> None:
        from rsd_checklist.tui.screens.dialogs import RecoveryDialog

        assert self.rule_base is not None
        while recoveries:
            choice = await self.push_screen_wait(RecoveryDialog(recoveries))
            if choice is None:
                return
            action, recovery = choice
            if action == "discard":
                self.storage.discard_recovery(recovery.name)
                recoveries = [r for r in recoveries if r is not recovery]
                continue
            try:
                session = self.storage.restore(recovery, self.rule_base)
            except (InputError, OSError) as exc:
                message = exc.one_line() if isinstance(exc, InputError) else str(exc)
                self.notify(message, title="These answers cannot be restored", severity="error", timeout=10)
                recoveries = [r for r in recoveries if r is not recovery]
                continue
            self.open_session_screen(session)
            return

    # ------------------------------------------------------------------ training
    def start_training(self, name: str) -> None:
        self.when_ready(lambda: self._start_training(name))

    def _start_training(self, name: str) -> None:
        from rsd_checklist.tui.screens.training import PredictionScreen

        assert self.rule_base is not None
        try:
            session = self.storage.open_session(self.case_files()[name], self.rule_base, template=True)
        except InputError as exc:
            self.notify(exc.one_line(), severity="error")
            return
        self.push_screen(PredictionScreen(session))

    def reveal_training(self, session: Session, marked: set[str]) -> None:
        from rsd_checklist.tui.screens.training import TrainingResultScreen

        self.switch_screen(TrainingResultScreen(session, marked))

    # ------------------------------------------------------------------ quitting
    async def action_quit(self) -> None:
        self._quit_flow()

    @work(group="flow")
    async def _quit_flow(self) -> None:
        current = self.case_screen
        if current is not None and not await self._release(current.session):
            return
        self.exit()

"""Defects found by walking through the app, checked as a person sees them: the text on the screen at
80 and 120 columns, the notices, and the files written."""

from __future__ import annotations

import io
import re
from pathlib import Path
from typing import Any

import pytest
import yaml
from rich.console import Console
from test_app import jump_to, open_case, run, type_into
from textual.app import App
from textual.pilot import Pilot
from textual.widget import Widget
from textual.widgets import Input, OptionList

from rsd_checklist.rulebase import RuleBase
from rsd_checklist.tui.paths import display_path
from rsd_checklist.tui.screens.dialogs import JumpDialog, PathDialog
from rsd_checklist.tui.screens.report import ReportScreen
from rsd_checklist.tui.widgets.answers import ChoiceAnswer
from rsd_checklist.tui.widgets.checklist import Checklist
from rsd_checklist.tui.widgets.report_view import ReportView

SMALL = (80, 24)
WIDE = (120, 40)
ROW = re.compile(r"(• |  )(✓ applies|✗ does not apply|\? open)  ")


def screen_lines(app: App[Any]) -> list[str]:
    """The screen as plain text, line by line (what `App.export_screenshot` draws, without the SVG)."""
    width, height = app.size
    console = Console(
        width=width, height=height, file=io.StringIO(), force_terminal=True, record=True, legacy_windows=False
    )
    console.print(app.screen._compositor.render_update(full=True, screen_stack=app._background_screens))
    return console.export_text().splitlines()


def widget_lines(app: App[Any], widget: Widget) -> list[str]:
    region = widget.scrollable_content_region
    lines = screen_lines(app)
    return [lines[y][region.x : region.right] for y in range(region.y, region.bottom)]


async def fill(pilot: Pilot[Any], field: Input, text: str) -> None:
    """Put a long path in a field at once (typing it key by key takes seconds)."""
    field.focus()
    field.value = text
    await pilot.pause()


def notices(app: App[Any]) -> list[str]:
    return [n.message for n in app._notifications]


def checklist_problems(lines: list[str], rule_base: RuleBase) -> list[str]:
    """Rows whose wrapped lines do not hang under their title, and blank lines between rows."""
    titles = {a.title for a in rule_base.arguments.values()}
    groups = {g.title for g in rule_base.groups.values()}
    last = max(i for i, line in enumerate(lines) if line.strip())
    problems = [f"blank line {i} under {lines[i - 1].strip()!r}" for i in range(last) if not lines[i].strip()]
    blocks: list[list[Any]] = []  # [kind, indent, text]
    for line in lines[: last + 1]:
        if not line.strip():
            continue
        if match := ROW.match(line):
            blocks.append(["row", match.end(), line[match.end() :].strip()])
            continue
        kind, indent, text = blocks[-1] if blocks else ("", 0, "")
        if (kind == "row" and re.match(rf" {{{indent}}}\S", line)) or (
            kind == "group" and text not in groups
        ):  # hangs under the title
            blocks[-1][2] += " " + line.strip()
        else:
            blocks.append(["group", 0, line.strip()])
    for kind, _, text in blocks[:-1]:  # the last may run on below the bottom edge
        if text not in (titles if kind == "row" else groups):
            problems.append(f"{kind} {text!r} is not a title: a wrapped line is out of place")
    return problems


# ---------------------------------------------------------------------- 1. checklist rows


@pytest.mark.parametrize("size", [SMALL, WIDE])
def test_wrapped_checklist_rows_hang_under_the_title(make_app: Any, size: tuple[int, int]) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        checklist = screen.query_one(Checklist)
        lines = widget_lines(app, checklist)
        assert any(re.match(r" {9,}\S", line) for line in lines), "nothing wraps at this size"
        assert checklist_problems(lines, screen.session.rule_base) == []

    run(app, scenario, size=size)


def test_the_open_filter_leaves_no_blank_lines(make_app: Any) -> None:
    """The "all" list scrolls and the "open" one fits: the scroll bar went away under rows measured with it."""
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        checklist = screen.query_one(Checklist)
        for width in range(90, 121, 2):
            await pilot.resize_terminal(width, 40)
            checklist.filter = "all"
            await pilot.pause()
            checklist.filter = "open"
            await pilot.pause()
            problems = checklist_problems(widget_lines(app, checklist), screen.session.rule_base)
            assert problems == [], f"at {width} columns"

    run(app, scenario, size=(90, 40))


# ---------------------------------------------------------------------- 2. footer and title at 80 columns


def test_help_and_save_are_in_the_footer_at_80_columns(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")

        def check(where: str) -> None:
            footer = screen_lines(app)[-1]
            assert "f1 Help" in footer and "^s Save" in footer, f"{where}: {footer!r}"

        check("a yes-or-no question")
        await pilot.press("y")
        await pilot.pause()
        assert screen.session.rule_base.facts[screen.session.current or ""].type == "choice"
        check("a choice question")
        assert "• unsaved" in screen_lines(app)[0]
        await jump_to(pilot, "reasons_for_leaving")
        check("a multi-choice question")
        assert "Space or a digit ticks a choice" in "\n".join(screen_lines(app))
        screen.query_one(Checklist).focus()
        await pilot.pause()
        check("the checklist")

    run(app, scenario, size=SMALL)


def test_the_unsaved_marker_stays_readable_with_a_long_title(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        screen.session.case.title = "A training case whose title is far too long for the header at 80 columns"
        await pilot.press("y")
        await pilot.pause()
        assert "• unsaved" in screen_lines(app)[0]

    run(app, scenario, size=SMALL)


# ---------------------------------------------------------------------- 3. the jump dialog


def test_the_jump_dialog_names_its_marks(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await open_case(pilot, "musan_bible_study")
        await pilot.press("j")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, JumpDialog)
        text = "\n".join(screen_lines(app))
        assert "· ·" not in text
        assert re.search(r"○ still relevant \d+", text)
        unanswered = [o for o in dialog.query_one("#jump-list", OptionList).options if "not answered" in str(o.prompt)]
        assert unanswered and all(str(o.prompt).startswith("  ○ ") for o in unanswered)

    run(app, scenario, size=SMALL)


# ---------------------------------------------------------------------- 4 and 5. searching the reports


async def search(pilot: Pilot[Any], report: ReportScreen, query: str) -> str:
    """Search the reports; the hit list's title."""
    await type_into(pilot, report.query_one("#report-search", Input), query)
    await pilot.press("enter")
    await pilot.app.workers.wait_for_complete()
    await pilot.pause()
    return str(report.query_one("#report-hits", OptionList).border_title)


def test_search_counts_and_line_ranges_read_as_english(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("r")  # the start screen: search the reports
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        assert await search(pilot, report, "forced abortion") == "1 passage for “forced abortion”"
        assert await search(pilot, report, "zqxjv") == "No passages for “zqxjv”"
        assert re.fullmatch(r"\d+ passages for “screening”", await search(pilot, report, "screening"))
        passage = report.query_one(ReportView).passage
        assert passage is not None and passage.start_line == passage.end_line  # the first hit: one line
        title = str(report.query_one("#report-title").render())
        assert f", line {passage.start_line})" in title and "lines" not in title

    run(app, scenario)


def test_slash_focuses_the_search_without_typing_itself(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await open_case(pilot, "musan_bible_study")
        await pilot.press("slash")  # from the case: the reports, the search box focused
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        field = report.query_one("#report-search", Input)
        assert app.focused is field
        await pilot.press("slash")  # again, out of habit
        assert field.value == ""
        await pilot.press(*"and/or")  # inside a query a / is the person's own
        assert field.value == "and/or"
        report.query_one(ReportView).focus()
        await pilot.press("slash")
        assert app.focused is field and field.value == "and/or"

    run(app, scenario)


# ---------------------------------------------------------------------- 6. where files go


def test_export_is_suggested_beside_the_saved_case(make_app: Any, tmp_path: Path, monkeypatch: Any) -> None:
    elsewhere = tmp_path / "elsewhere"
    folder = tmp_path / "cases of mine"
    elsewhere.mkdir()
    folder.mkdir()
    monkeypatch.chdir(elsewhere)
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await open_case(pilot, "musan_bible_study")
        await pilot.press("ctrl+e")  # never saved: the working folder
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        field = dialog.query_one("#path-input", Input)
        assert field.value == "woman-from-musan-caught-at-bible-study.md"
        assert f"Folder: {elsewhere}" in str(dialog.query_one("#path-folder").render())
        await fill(pilot, field, "")
        assert field.placeholder == "path/to/summary.md"
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        assert f"Folder: {elsewhere}" in str(dialog.query_one("#path-folder").render())
        await fill(pilot, dialog.query_one("#path-input", Input), str(folder / "musan.yaml"))
        assert f"Folder: {folder}" in str(dialog.query_one("#path-folder").render())
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("ctrl+e")  # saved: beside the case file
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        suggested = dialog.query_one("#path-input", Input).value
        assert suggested == display_path(folder / "woman-from-musan-caught-at-bible-study.md")
        assert f"Folder: {folder}" in str(dialog.query_one("#path-folder").render())
        await pilot.press("enter")
        await pilot.pause()

    run(app, scenario)
    assert (folder / "woman-from-musan-caught-at-bible-study.md").is_file()
    assert not list(elsewhere.iterdir())


# ---------------------------------------------------------------------- 7. keys that did nothing


def test_keys_that_cannot_apply_say_why(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        await pilot.press("y")
        await pilot.pause()
        session = screen.session
        fact_id = session.current
        assert fact_id is not None and session.rule_base.facts[fact_id].type == "choice"
        assert isinstance(app.focused, ChoiceAnswer)
        await pilot.press("y")
        await pilot.pause()
        assert session.current == fact_id and fact_id not in session.answers
        assert any("pick a choice with its number" in n for n in notices(app))
        await pilot.press("right_square_bracket")  # the latest question, not answered yet
        await pilot.pause()
        assert session.current == fact_id
        assert any("This is the latest question" in n for n in notices(app))
        count = len(session.rule_base.facts[fact_id].choices)
        if count < 9:
            await pilot.press(str(count + 1))
            await pilot.pause()
            assert any(f"This question has {count} choices" in n for n in notices(app))

    run(app, scenario)


def test_a_question_that_no_longer_matters_can_be_shown(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        session = screen.session
        ev = session.evaluation
        idle = next(
            f
            for f in session.rule_base.facts
            if not session.is_answered(f) and f not in ev.relevance and ev.askable(f) and not ev.is_derived(f)
        )
        session.jump(idle)
        await pilot.pause()
        assert session.current == idle
        assert "cannot change an open argument now" in str(screen.query_one("#q-why").render())

    run(app, scenario)


# ---------------------------------------------------------------------- 8. saving a training case


def saved_through_the_app(make_app: Any, target: Path, keys: tuple[str, ...]) -> dict[str, Any]:
    """Open the Musan training case, press `keys`, save it as `target`; the file read back."""
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        for key in keys:
            await pilot.press(key)
            await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        await fill(pilot, dialog.query_one("#path-input", Input), str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert not screen.session.dirty

    run(app, scenario)
    return yaml.safe_load(target.read_text(encoding="utf-8"))


def test_a_training_case_saved_unchanged_keeps_its_expected_statuses(make_app: Any, tmp_path: Path) -> None:
    saved = saved_through_the_app(make_app, tmp_path / "same.yaml", ())
    assert saved["expected"] and saved["model_answer"]


def test_a_training_case_saved_with_other_answers_drops_its_expected_statuses(make_app: Any, tmp_path: Path) -> None:
    saved = saved_through_the_app(make_app, tmp_path / "changed.yaml", ("n",))  # asked for protection: no
    assert saved["facts"]["requested_protection"] is False
    assert "expected" not in saved and "model_answer" not in saved
    assert saved["title"] == "Woman from Musan caught at Bible study" and saved["summary"]


def test_dont_know_alone_keeps_the_expected_statuses(make_app: Any, tmp_path: Path) -> None:
    """An unknown fact is evaluated as an unanswered one: the expected statuses still hold."""
    saved = saved_through_the_app(make_app, tmp_path / "unknown.yaml", ("question_mark",))
    assert saved["facts"]["requested_protection"] is None
    assert saved["expected"] and saved["model_answer"]

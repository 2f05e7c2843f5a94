"""SVG snapshots of the main screens at fixed sizes (pytest-textual-snapshot).

Update after a deliberate change with `pytest tests/tui --snapshot-update`, then look at the SVGs.
The training cases come from a fixed copy (conftest.py) and the data directory is empty, so the
screens show no dates, paths or recent files.
"""

from __future__ import annotations

from typing import Any

from textual.pilot import Pilot
from textual.widgets import OptionList

from rsd_checklist.tui.screens.case import CaseScreen
from rsd_checklist.tui.screens.training import PredictionList
from rsd_checklist.tui.widgets.checklist import Checklist

WIDE = (100, 32)
SMALL = (80, 24)


async def _open(pilot: Pilot[Any], name: str) -> CaseScreen:
    menu = pilot.app.screen.query_one("#start-menu", OptionList)
    menu.highlighted = menu.get_option_index(f"case:{name}")
    await pilot.press("enter")
    await pilot.pause()
    screen = pilot.app.screen
    assert isinstance(screen, CaseScreen)
    return screen


def test_start_screen(snap_compare: Any, make_app: Any) -> None:
    assert snap_compare(make_app(), terminal_size=WIDE)


def test_interview_with_checklist(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await _open(pilot, "musan_bible_study")
        await pilot.press("y")  # asked for protection: four arguments settle, marked with •
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run_before)


def test_interview_at_80x24(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        await pilot.press("n")  # a new case: the first question
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=SMALL, run_before=run_before)


def test_detail_pane(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _open(pilot, "musan_bible_study")
        checklist = screen.query_one(Checklist)
        checklist.focus()
        checklist.select_argument("convention.nexus.religion")
        await pilot.press("enter")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run_before)


def test_report_viewer(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        screen = await _open(pilot, "musan_bible_study")
        screen.show_detail("convention.nexus.religion")
        await pilot.pause()
        await pilot.press("down", "down", "enter")  # the second source
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run_before)


def test_training_result(snap_compare: Any, make_app: Any) -> None:
    async def run_before(pilot: Pilot[Any]) -> None:
        menu = pilot.app.screen.query_one("#start-menu", OptionList)
        menu.highlighted = menu.get_option_index("case:musan_bible_study")
        await pilot.press("t")
        await pilot.pause()
        plist = pilot.app.screen.query_one(PredictionList)
        for argument_id in (
            "convention.outside_country_of_nationality",
            "convention.persecution",
            "convention.well_founded_fear",
            "convention.nexus.religion",
            "convention.nexus.particular_social_group",
            "convention.refugee",
        ):
            plist.highlighted = plist.get_option_index(argument_id)
            await pilot.press("space")
        await pilot.press("ctrl+r")
        await pilot.pause()

    assert snap_compare(make_app(), terminal_size=WIDE, run_before=run_before)

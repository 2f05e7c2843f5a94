"""The app keeps case data local: a whole session opens no network connection."""

from __future__ import annotations

import asyncio
from typing import Any

from textual.widgets import OptionList

from rsd_checklist.tui.screens.case import CaseScreen


def test_a_session_makes_no_network_connection(make_app: Any, no_network: list[object]) -> None:
    app = make_app()

    async def session() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            menu = app.screen.query_one("#start-menu", OptionList)
            menu.highlighted = menu.get_option_index("case:musan_bible_study")
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, CaseScreen)
            for key in ("y", "question_mark", "d", "f", "r"):  # answer, detail, filter, read the report
                await pilot.press(key)
                await pilot.pause()

    asyncio.run(session())
    assert no_network == []

"""The app keeps case data local: a whole session opens no network connection."""

from __future__ import annotations

import asyncio
import socket
from typing import Any

import pytest
from textual.widgets import OptionList

from rsd_checklist.tui.screens.case import CaseScreen


def test_a_session_makes_no_network_connection(make_app: Any, monkeypatch: pytest.MonkeyPatch) -> None:
    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network use is not allowed in rsd-checklist")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
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
    assert attempts == []

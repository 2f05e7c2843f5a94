"""A session killed outright (SIGKILL: no handler, no cleanup) loses no answer."""

from __future__ import annotations

import asyncio
import signal
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rsd_checklist.tui.screens.case import CaseScreen
from rsd_checklist.tui.screens.dialogs import RecoveryDialog

SESSION = """
import asyncio, os, signal, sys
from pathlib import Path
from textual.widgets import OptionList
from rsd_checklist.tui.app import RsdApp


async def main() -> None:
    app = RsdApp(data_dir=Path(sys.argv[1]))
    async with app.run_test(size=(100, 32)) as pilot:
        for _ in range(200):  # the rule base loads behind the start screen
            await pilot.pause(0.05)
            try:
                menu = app.screen.query_one("#start-menu", OptionList)
                index = menu.get_option_index("case:musan_bible_study")
            except Exception:
                continue
            break
        menu.highlighted = index
        await pilot.press("enter")
        await pilot.pause()
        await pilot.press("y")  # requested_protection: yes
        await pilot.pause()
        await pilot.press("question_mark")  # the next question: don't know
        await pilot.pause()
        print("answered", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)


asyncio.run(main())
"""


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL is POSIX")
def test_answers_survive_a_killed_process(make_app: Any, data_dir: Path, tmp_path: Path) -> None:
    script = tmp_path / "session.py"
    script.write_text(SESSION)
    result = subprocess.run([sys.executable, str(script), str(data_dir)], capture_output=True, text=True, timeout=120)
    assert result.returncode == -signal.SIGKILL, result.stderr[-2000:]
    assert "answered" in result.stdout
    recoveries = list((data_dir / "recovery").glob("*.yaml"))
    assert recoveries and all(p.stat().st_mode & 0o077 == 0 for p in recoveries)

    app = make_app()

    async def restore() -> None:
        async with app.run_test(size=(100, 32)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, RecoveryDialog)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, CaseScreen)
            session = app.screen.session
            assert session.answers["requested_protection"] is True
            assert session.answers["nationality"] == "dprk"  # the case's own answers too
            assert len(session.unknown) == 1

    asyncio.run(restore())

"""`open` and `serve`: argument parsing, the served command, the loopback default. No server is started."""

from __future__ import annotations

import argparse
import shlex
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from rsd_checklist.resources import bundled_cases
from rsd_checklist.tui import command
from rsd_checklist.tui.command import (
    add_open_arguments,
    add_serve_arguments,
    is_loopback,
    run_app,
    run_serve,
    serve_command,
)

MINI = Path(__file__).resolve().parent.parent / "fixtures" / "mini"


def _parse(adder: Any, argv: list[str], data_options: bool = False) -> argparse.Namespace:
    parser = argparse.ArgumentParser()
    if data_options:  # the CLI's own helper may have added them already
        parser.add_argument("--rules")
        parser.add_argument("--corpus")
    adder(parser)
    return parser.parse_args(argv)


def test_open_arguments() -> None:
    args = _parse(add_open_arguments, [])
    assert args.case is None and args.rules is None and args.corpus is None and args.data_dir is None
    args = _parse(add_open_arguments, ["musan_bible_study", "--rules", "r", "--corpus", "c"])
    assert (args.case, args.rules, args.corpus) == ("musan_bible_study", "r", "c")
    args = _parse(add_open_arguments, ["x.yaml", "--rules", "r"], data_options=True)
    assert args.case == "x.yaml" and args.rules == "r"


def test_serve_arguments_default_to_loopback() -> None:
    args = _parse(add_serve_arguments, [])
    assert args.host == "127.0.0.1" and args.port == 8000 and args.case is None
    args = _parse(add_serve_arguments, ["--host", "0.0.0.0", "--port", "9000", "border_trader"])
    assert (args.host, args.port, args.case) == ("0.0.0.0", 9000, "border_trader")


@pytest.mark.parametrize(
    ("host", "loopback"),
    [
        ("127.0.0.1", True),
        ("localhost", True),
        ("::1", True),
        ("127.0.0.2", True),
        ("0.0.0.0", False),
        ("10.1.2.3", False),
        ("example.org", False),
    ],
)
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


class FakeServer:
    made: list[FakeServer] = []  # noqa: RUF012 - a test double

    def __init__(
        self,
        command: str,
        host: str = "localhost",
        port: int = 8000,
        title: str | None = None,
        templates_path: str = "",
    ) -> None:
        self.command, self.host, self.port, self.title = command, host, port, title
        self.templates_path = templates_path
        self.served = False
        FakeServer.made.append(self)

    def serve(self, debug: bool = False) -> None:
        self.served = True


@pytest.fixture()
def fake_server(monkeypatch: pytest.MonkeyPatch) -> type[FakeServer]:
    import textual_serve.server

    FakeServer.made = []
    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    monkeypatch.setattr(command, "_port_problem", lambda host, port: None)  # whatever this machine runs
    return FakeServer


def test_serve_builds_the_open_command_on_loopback(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    args = _parse(add_serve_arguments, ["musan_bible_study"])
    assert run_serve(args) == 0
    (server,) = fake_server.made
    assert server.served and server.host == "127.0.0.1" and server.port == 8000
    words = shlex.split(server.command)
    assert words[:4] == [sys.executable, "-m", "rsd_checklist", "open"]
    assert Path(words[4]) == bundled_cases()["musan_bible_study"].resolve()
    assert "warning" not in capsys.readouterr().err
    page = (Path(server.templates_path) / "app_index.html").read_text()
    assert "<link" in page and "fonts.googleapis.com" not in page  # no web font fetched from outside
    assert "textual.js" in page  # the rest of the page is intact


def test_serve_quotes_paths_and_passes_data_folders(tmp_path: Path, fake_server: type[FakeServer]) -> None:
    odd = tmp_path / "my rules; $(x)"
    odd.mkdir()
    args = _parse(add_serve_arguments, ["--corpus", str(MINI / "corpus"), "--data-dir", str(odd)])
    command_line = serve_command(args)
    words = shlex.split(command_line)
    assert words[words.index("--data-dir") + 1] == str(odd.resolve())
    assert words[words.index("--corpus") + 1] == str((MINI / "corpus").resolve())
    assert "CASE" not in words


def test_serve_warns_when_not_loopback(fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]) -> None:
    args = _parse(add_serve_arguments, ["--host", "0.0.0.0", "--port", "8123"])
    assert run_serve(args) == 0
    assert fake_server.made[0].host == "0.0.0.0" and fake_server.made[0].port == 8123
    assert "warning: serving on 0.0.0.0" in capsys.readouterr().err


def test_serve_refuses_bad_input_before_serving(
    fake_server: type[FakeServer], capsys: pytest.CaptureFixture[str]
) -> None:
    assert run_serve(_parse(add_serve_arguments, ["no_such_case"])) == 2
    assert run_serve(_parse(add_serve_arguments, ["--port", "70000"])) == 2
    assert not fake_server.made
    err = capsys.readouterr().err
    assert "no such case file" in err and "--port 70000" in err


def test_open_reports_a_bad_case_in_one_line(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    bad = tmp_path / "bad.yaml"
    bad.write_text("title: x\nfacts: {nationality: martian}\n", encoding="utf-8")
    assert run_app(_parse(add_open_arguments, [str(bad)])) == 2
    err = capsys.readouterr().err.strip()
    assert err.startswith("rsd-checklist: ") and "martian" in err and "\n" not in err


def test_open_runs_the_app_with_the_case(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    from rsd_checklist.tui import app as app_module

    seen: dict[str, Any] = {}

    def fake_run(self: Any, *a: Any, **k: Any) -> None:
        seen.update(case=self.case_path, data=self.storage.root, rules=self.rule_base is not None)

    monkeypatch.setattr(app_module.RsdApp, "run", fake_run)
    args = _parse(add_open_arguments, ["border_trader", "--data-dir", str(tmp_path)])
    assert run_app(args) == 0
    assert seen == {"case": bundled_cases()["border_trader"], "data": tmp_path, "rules": True}


def test_run_app_accepts_a_bare_namespace(monkeypatch: pytest.MonkeyPatch) -> None:
    """With no subcommand, the CLI's namespace has none of the open options."""
    from rsd_checklist.tui import app as app_module

    seen: dict[str, Any] = {}
    monkeypatch.setattr(app_module.RsdApp, "run", lambda self, *a, **k: seen.update(rules=self.rule_base))
    assert run_app(argparse.Namespace()) == 0
    assert seen == {"rules": None}  # loaded by the app, behind the start screen


def test_command_module_does_not_import_textual() -> None:
    code = "import sys, rsd_checklist.tui.command; print('textual' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False"
    assert command.DEFAULT_HOST == "127.0.0.1"


def test_serve_on_a_busy_port_is_bad_input_in_one_line(
    monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    import socket

    import textual_serve.server

    monkeypatch.setattr(textual_serve.server, "Server", FakeServer)
    FakeServer.made = []
    with socket.socket() as holder:  # another program already listening on the port
        holder.bind(("127.0.0.1", 0))
        holder.listen()
        port = holder.getsockname()[1]
        assert run_serve(_parse(add_serve_arguments, ["--port", str(port)])) == 2
    assert not FakeServer.made
    err = capsys.readouterr().err.strip()
    assert err == (
        f"rsd-checklist: 127.0.0.1:{port}: the port is in use, perhaps by another rsd-checklist serve "
        "(choose another with --port)"
    )

"""The `open` (the default) and `serve` commands. Textual is imported only inside run_app and run_serve,
so that the CLI's other commands never load it.

Wiring, in cli.py:

    from rsd_checklist.tui.command import add_open_arguments, add_serve_arguments, run_app, run_serve

    p = sub.add_parser("open", help=...); add_open_arguments(p); p.set_defaults(func=run_app)
    p = sub.add_parser("serve", help=...); add_serve_arguments(p); p.set_defaults(func=run_serve)
    # no subcommand: run_app(args); attributes it lacks (case, rules, corpus, data_dir) count as None
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import sys
from pathlib import Path
from typing import Any

DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000
EXIT_OK, EXIT_BAD_INPUT = 0, 2


def _add_data_options(parser: argparse.ArgumentParser) -> None:
    """--rules, --corpus and --data-dir, unless the parser has them already."""
    known = set(parser._option_string_actions)  # argparse has no public way to ask
    if "--rules" not in known:
        parser.add_argument("--rules", metavar="DIR", help="rules folder (default: the bundled rules)")
    if "--corpus" not in known:
        parser.add_argument("--corpus", metavar="DIR", help="corpus folder (default: the bundled reports)")
    if "--data-dir" not in known:
        parser.add_argument(
            "--data-dir",
            metavar="DIR",
            help="where recent files and recovery copies are kept (default: your user data folder)",
        )


def add_open_arguments(parser: argparse.ArgumentParser) -> None:
    """`open [CASE] [--rules DIR] [--corpus DIR] [--data-dir DIR]`."""
    parser.add_argument(
        "case", nargs="?", metavar="CASE", help="a case file or the name of a bundled training case (optional)"
    )
    _add_data_options(parser)


def add_serve_arguments(parser: argparse.ArgumentParser) -> None:
    """`serve [CASE] [--host HOST] [--port N] [--rules DIR] [--corpus DIR] [--data-dir DIR]`."""
    parser.add_argument(
        "case", nargs="?", metavar="CASE", help="a case file or bundled training case each browser opens (optional)"
    )
    parser.add_argument(
        "--host",
        default=DEFAULT_HOST,
        help=f"address to listen on (default: {DEFAULT_HOST}, this machine only)",
    )
    parser.add_argument("--port", type=int, default=DEFAULT_PORT, help=f"port to listen on (default: {DEFAULT_PORT})")
    _add_data_options(parser)


def _option(args: Any, name: str) -> Any:
    return getattr(args, name, None)


def _check_inputs(args: Any) -> tuple[Any, Path | None]:
    """Load the rule base and check the case and corpus before any screen opens. Raises InputError."""
    from rsd_checklist.casefile import load_case
    from rsd_checklist.corpus import load_corpus
    from rsd_checklist.loader import load_rule_base
    from rsd_checklist.resources import bundled, resolve_case

    rules = _option(args, "rules")
    rule_base = load_rule_base(Path(rules) if rules else bundled("rules"))
    case_path = None
    if _option(args, "case"):
        case_path = resolve_case(str(args.case))
        load_case(case_path, rule_base)
    corpus = _option(args, "corpus")
    if corpus:
        load_corpus(Path(corpus))
    return rule_base, case_path


def run_app(args: Any) -> int:
    """Open the terminal app (`rsd-checklist`, `rsd-checklist open [CASE]`). Returns the exit code."""
    from rsd_checklist.errors import InputError

    rule_base, case_path = None, None
    if any(_option(args, name) for name in ("case", "rules", "corpus")):
        try:  # what the person named is checked before any screen opens
            rule_base, case_path = _check_inputs(args)
        except InputError as exc:
            print(f"rsd-checklist: {exc.one_line()}", file=sys.stderr)
            return EXIT_BAD_INPUT
    # else the start screen shows first and the bundled rule base loads behind it
    from rsd_checklist.tui.app import RsdApp

    corpus, data_dir = _option(args, "corpus"), _option(args, "data_dir")
    app = RsdApp(
        case_path=case_path,
        rules_dir=Path(args.rules) if _option(args, "rules") else None,
        corpus_dir=Path(corpus) if corpus else None,
        data_dir=Path(data_dir) if data_dir else None,
        rule_base=rule_base,
    )
    app.run()
    return int(app.return_code or EXIT_OK)


def is_loopback(host: str) -> bool:
    if host.strip().lower() in ("localhost", "localhost."):
        return True
    try:
        return ipaddress.ip_address(host.strip("[]")).is_loopback
    except ValueError:
        return False


def serve_command(args: Any) -> str:
    """The shell command each browser session runs: this Python, `-m rsd_checklist open [CASE]`."""
    parts = [sys.executable, "-m", "rsd_checklist", "open"]
    if _option(args, "case"):
        from rsd_checklist.resources import resolve_case

        parts.append(str(resolve_case(str(args.case)).resolve()))
    for name, flag in (("rules", "--rules"), ("corpus", "--corpus"), ("data_dir", "--data-dir")):
        value = _option(args, name)
        if value:
            parts += [flag, str(Path(value).resolve())]
    return " ".join(shlex.quote(part) for part in parts)


def local_templates() -> Path:
    """textual-serve's page template without the web font it would fetch from Google, so that a
    workshop participant's browser asks nothing of the outside world. Written to a fresh private
    folder each time: the installed package is never changed."""
    import re
    import tempfile

    import textual_serve

    source = Path(textual_serve.__file__).resolve().parent / "templates"
    target = Path(tempfile.mkdtemp(prefix="rsd-checklist-serve-"))
    for page in source.glob("*.html"):
        text = page.read_text(encoding="utf-8")
        text = re.sub(r"\s*<link[^>]*href=\"https?://[^\"]*\"[^>]*/?>", "", text)
        (target / page.name).write_text(text, encoding="utf-8")
    return target


def _port_problem(host: str, port: int) -> str | None:
    """Why the server could not listen on host:port, found before it starts and prints its banner."""
    import errno
    import os
    import socket

    try:
        infos = socket.getaddrinfo(host, port, type=socket.SOCK_STREAM)
    except OSError:
        return "cannot use this host name (check --host)"
    family, kind, proto, _name, address = infos[0]
    with socket.socket(family, kind, proto) as probe:
        if os.name != "nt":  # as the server binds; on Windows the option would let a busy port through
            probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(address)
        except OSError as exc:
            if exc.errno == errno.EADDRINUSE:
                return "the port is in use, perhaps by another rsd-checklist serve (choose another with --port)"
            return f"cannot listen here: {exc.strerror} (choose another --port or --host)"
    return None


def run_serve(args: Any) -> int:
    """Serve the app to browsers with textual-serve (`rsd-checklist serve`). Returns the exit code."""
    from rsd_checklist.errors import InputError

    host = _option(args, "host") or DEFAULT_HOST
    port = _option(args, "port")
    port = DEFAULT_PORT if port is None else port
    if not 0 < int(port) < 65536:
        print(f"rsd-checklist: --port {port}: not a port number (give 1 to 65535)", file=sys.stderr)
        return EXIT_BAD_INPUT
    try:
        _check_inputs(args)
        command = serve_command(args)
    except InputError as exc:
        print(f"rsd-checklist: {exc.one_line()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    if not is_loopback(host):
        print(
            f"rsd-checklist: warning: serving on {host}, which other machines may reach: anyone who can "
            "connect can use the app and open or save files as you. Use the default (127.0.0.1) unless "
            "the network is trusted.",
            file=sys.stderr,
        )
    problem = _port_problem(host, int(port))
    if problem:
        print(f"rsd-checklist: {host}:{port}: {problem}", file=sys.stderr)
        return EXIT_BAD_INPUT
    from textual_serve.server import Server

    server = Server(command, host=host, port=int(port), title="rsd-checklist", templates_path=str(local_templates()))
    url_host = f"[{host}]" if ":" in host and not host.startswith("[") else host
    print(f"rsd-checklist: serving on http://{url_host}:{port} (ctrl+c to stop)", file=sys.stderr)
    server.serve()
    return EXIT_OK

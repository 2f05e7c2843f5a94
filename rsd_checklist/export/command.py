"""The `export` and `graph` commands, for cli.py to wire in.

    p = sub.add_parser("export", ...);  add_export_arguments(p);  p.set_defaults(func=run_export)
    p = sub.add_parser("graph", ...);   add_graph_arguments(p);   p.set_defaults(func=run_graph)

Bad input raises rsd_checklist.errors.InputError (the CLI prints one line and exits 2). Every
case is loaded and every output path checked before anything is written, so a batch with one
bad case or one existing file writes nothing.
"""

from __future__ import annotations

import argparse
import contextlib
import sys
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from rsd_checklist.errors import InputError
from rsd_checklist.export import FORMATS, STREAMABLE, format_for

EXIT_OK = 0


def _iso_date(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a date: {text!r} (use YYYY-MM-DD)") from None


def _data_options(parser: argparse.ArgumentParser) -> None:
    """--rules and --corpus, unless the parser has them already (cli.py's `command()` adds them)."""
    for flag, what in (("--rules", "rules"), ("--corpus", "corpus")):
        with contextlib.suppress(argparse.ArgumentError):
            parser.add_argument(flag, metavar="DIR", default=None, help=f"{what} folder (default: the bundled {what})")


def _output_options(parser: argparse.ArgumentParser, what: str) -> None:
    parser.add_argument("-o", "--output", metavar="PATH", default=None, help=what)
    parser.add_argument("--force", action="store_true", help="replace an existing output file")


def add_export_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("cases", nargs="+", metavar="CASE", help="case files or bundled case names")
    parser.add_argument(
        "--format",
        choices=tuple(FORMATS),
        default=None,
        help="md, html, docx or json (default: from the -o file's extension, else md)",
    )
    _output_options(
        parser,
        "the file to write (md and json go to standard output without it); with several cases, "
        "a folder ending in /: DIR/<case>.<format>",
    )
    parser.add_argument(
        "--anonymise",
        "--anonymize",
        dest="anonymise",
        action="store_true",
        help="leave out the case title, summary and notes (free text that may name a real person)",
    )
    parser.add_argument(
        "--date", type=_iso_date, default=None, metavar="YYYY-MM-DD", help="the date on the summary (default: today)"
    )
    _data_options(parser)


def add_graph_arguments(parser: argparse.ArgumentParser) -> None:
    parser.add_argument("case", nargs="?", default=None, metavar="CASE", help="colour the map by this case's statuses")
    parser.add_argument(
        "--format", choices=("dot", "mermaid"), default="dot", help="dot (Graphviz, default) or mermaid"
    )
    _output_options(parser, "the file to write (default: standard output)")
    _data_options(parser)


# ---------------------------------------------------------------------------------------------


def _rule_base(args: argparse.Namespace) -> Any:
    from rsd_checklist.loader import load_rule_base
    from rsd_checklist.resources import bundled

    rules = getattr(args, "rules", None)
    return load_rule_base(Path(rules) if rules else bundled("rules"))


def _corpus(args: argparse.Namespace) -> Any:
    from rsd_checklist.corpus import load_corpus
    from rsd_checklist.resources import bundled

    corpus = getattr(args, "corpus", None)
    return load_corpus(Path(corpus) if corpus else bundled("corpus"))


@dataclass
class _Job:
    name: str  # the case file's stem
    case: Any
    target: Path | None  # None: standard output


def _is_folder_path(text: str) -> bool:
    return text.endswith(("/", "\\")) or Path(text).is_dir()


def _format(asked: str | None, output: str | None, several: bool) -> str:
    """The export format: as asked, or as the output file's extension says; they must agree.

    A summary written in one format under another's extension (Markdown in "memo.docx") would
    open as garbage in the clinic's word processor, so a clash is refused rather than guessed.
    """
    named = None if output is None or several or _is_folder_path(output) else format_for(output)
    if asked and named and asked != named:
        raise InputError(
            output or "--output",
            f"the name says {named} but --format is {asked}",
            f"drop --format, or name the file .{FORMATS[asked]}",
        )
    fmt = asked or named
    if fmt:
        return fmt
    if output is not None and not several and not _is_folder_path(output):
        raise InputError(
            output,
            "the format cannot be told from this name",
            "end it in .md, .html, .docx or .json, or add --format",
        )
    return "md"


def _targets(names: list[str], output: str | None, fmt: str) -> tuple[list[Path | None], Path | None]:
    """Where each case goes, and the folder to create first (if any)."""
    ext = FORMATS[fmt]
    several = len(names) > 1
    if output is None:
        if fmt not in STREAMABLE:
            raise InputError(f"--format {fmt}", "writes a file, not text for the terminal", "add -o FILE")
        if several and fmt != "json":
            raise InputError("--output", f"several cases in {fmt} need a folder", "add -o DIR/ (one file per case)")
        return [None] * len(names), None
    if several or _is_folder_path(output):
        folder = Path(output)
        if folder.exists() and not folder.is_dir():
            raise InputError(folder, "is a file, not a folder", "give a folder (DIR/) when exporting several cases")
        if not _is_folder_path(output):  # "-o two.md" for two cases is more likely a slip than a folder name
            raise InputError(
                output, f"{len(names)} cases need a folder, and this is not one", f"end it with / ({output}/)"
            )
        targets: list[Path | None] = []
        seen: dict[Path, str] = {}
        for name in names:
            target = folder / f"{name}.{ext}"
            if target in seen:
                raise InputError(
                    target,
                    f"two cases would be written here ({seen[target]} and {name})",
                    "export them to different folders",
                )
            seen[target] = name
            targets.append(target)
        return targets, (None if folder.is_dir() else folder)
    return [Path(output)], None


def run_export(args: argparse.Namespace) -> int:
    from rsd_checklist.casefile import load_case
    from rsd_checklist.engine import evaluate
    from rsd_checklist.export import render
    from rsd_checklist.export.output import write_export
    from rsd_checklist.files import ensure_private_dir
    from rsd_checklist.resources import resolve_case
    from rsd_checklist.summary import build_summary

    fmt = _format(args.format, args.output, several=len(args.cases) > 1)
    force: bool = bool(getattr(args, "force", False))
    anonymise: bool = bool(getattr(args, "anonymise", False))
    today: date = getattr(args, "date", None) or date.today()
    rule_base = _rule_base(args)
    corpus = _corpus(args)
    paths = [resolve_case(name) for name in args.cases]
    cases = [load_case(path, rule_base) for path in paths]  # every case checked before any output
    targets, make_folder = _targets([p.stem for p in paths], args.output, fmt)
    for target in targets:
        if target is None:
            continue
        if target.is_dir():
            raise InputError(target, "is a folder", "give a file name")
        if not force and (target.exists() or target.is_symlink()):
            raise InputError(target, "exists", "add --force to replace it")
        parent = target.parent
        if make_folder is None and not parent.is_dir():
            raise InputError(parent, "no such folder", "create it first, or give another output path")
    if make_folder is not None:
        ensure_private_dir(make_folder)

    jobs = [_Job(p.stem, c, t) for p, c, t in zip(paths, cases, targets, strict=True)]
    rows: list[tuple[str, int, int, str]] = []

    def export_one(job: _Job) -> None:
        evaluation = evaluate(rule_base, job.case.facts)
        summary = build_summary(job.case, evaluation, corpus, anonymise=anonymise, today=today)
        data = render(summary, fmt)
        if job.target is None:
            if fmt == "json" and len(jobs) > 1:  # JSON Lines: one summary a line
                import json

                data = (json.dumps(json.loads(data), ensure_ascii=False) + "\n").encode("utf-8")
            sys.stdout.write(data.decode("utf-8"))
            sys.stdout.flush()
        else:
            try:
                write_export(job.target, data, force=force)
            except OSError as exc:
                raise InputError(
                    job.target, f"cannot write: {exc.strerror or exc}", "check the folder and its permissions"
                ) from None
        rows.append(
            (
                job.name,
                summary.counts.applies,
                summary.counts.undetermined,
                str(job.target) if job.target else "(stdout)",
            )
        )

    if len(jobs) > 1 and sys.stderr.isatty():
        from rich.console import Console
        from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

        with Progress(
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            console=Console(stderr=True),
            transient=True,
        ) as progress:
            task = progress.add_task("Exporting", total=len(jobs))
            for job in jobs:
                progress.update(task, description=f"Exporting {job.name}")
                export_one(job)
                progress.advance(task)
    else:
        for job in jobs:
            export_one(job)

    if len(jobs) > 1:
        to_stdout = any(job.target is None for job in jobs)
        print(results_table(rows), file=sys.stderr if to_stdout else sys.stdout, end="")
    return EXIT_OK


def results_table(rows: list[tuple[str, int, int, str]]) -> str:
    """A plain table: case, arguments applying, open, file."""
    header = ("case", "applying", "open", "file")
    cells = [header, *((name, str(a), str(o), f) for name, a, o, f in rows)]
    widths = [max(len(r[i]) for r in cells) for i in range(3)]
    lines = []
    for r in cells:
        lines.append(f"{r[0]:<{widths[0]}}  {r[1]:>{widths[1]}}  {r[2]:>{widths[2]}}  {r[3]}".rstrip())
    total_a = sum(r[1] for r in rows)
    total_o = sum(r[2] for r in rows)
    plural = "case" if len(rows) == 1 else "cases"
    lines.append(f"{len(rows)} {plural} exported: {total_a} arguments applying, {total_o} open in all.")
    return "\n".join(lines) + "\n"


def run_graph(args: argparse.Namespace) -> int:
    from rsd_checklist.export.graph import to_dot, to_mermaid
    from rsd_checklist.export.output import write_export
    from rsd_checklist.summary import argument_map

    rule_base = _rule_base(args)
    evaluation = None
    name = "arguments"
    if args.case:
        from rsd_checklist.casefile import load_case
        from rsd_checklist.engine import evaluate
        from rsd_checklist.resources import resolve_case

        path = resolve_case(args.case)
        evaluation = evaluate(rule_base, load_case(path, rule_base).facts)
        name = path.stem
    graph = argument_map(rule_base, evaluation)
    text = to_dot(graph, name) if args.format == "dot" else to_mermaid(graph)
    output = getattr(args, "output", None)
    if output is None:
        sys.stdout.write(text)
        return EXIT_OK
    target = Path(output)
    try:
        write_export(target, text.encode("utf-8"), force=bool(getattr(args, "force", False)))
    except OSError as exc:
        raise InputError(
            target, f"cannot write: {exc.strerror or exc}", "check the folder and its permissions"
        ) from None
    return EXIT_OK


__all__ = ["add_export_arguments", "add_graph_arguments", "results_table", "run_export", "run_graph"]

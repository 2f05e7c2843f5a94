"""The command line. Heavy modules are imported inside the commands that need them."""

from __future__ import annotations

import argparse
import json
import os
import sys
from importlib import import_module
from pathlib import Path
from typing import Any, NoReturn

from rsd_checklist import __version__
from rsd_checklist.errors import InputError

EXIT_OK, EXIT_FINDINGS, EXIT_BAD_INPUT, EXIT_INTERNAL = 0, 1, 2, 3


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> NoReturn:  # one line, not argparse's usage block
        self.exit(EXIT_BAD_INPUT, f"{self.prog}: {message} (see '{self.prog} --help')\n")


def _rules(args: argparse.Namespace, use_cache: bool = True) -> Any:
    from rsd_checklist.loader import load_rule_base
    from rsd_checklist.resources import bundled

    return load_rule_base(Path(args.rules) if args.rules else bundled("rules"), use_cache=use_cache)


def _corpus(args: argparse.Namespace) -> Any:
    from rsd_checklist.corpus import load_corpus
    from rsd_checklist.resources import bundled

    return load_corpus(Path(args.corpus) if args.corpus else bundled("corpus"))


def _case(name: str, rule_base: Any) -> Any:
    from rsd_checklist.casefile import load_case
    from rsd_checklist.resources import resolve_case

    return load_case(resolve_case(name), rule_base)


def _training_cases(args: argparse.Namespace) -> list[Path]:
    """The cases `validate` checks: --cases DIR; else the cases/ folder beside a --rules folder
    (a trainer's copy of the project); else the bundled cases, for the bundled rules."""
    from rsd_checklist.resources import bundled

    if args.cases:
        folder = Path(args.cases)
        if not folder.is_dir():
            raise InputError(args.cases, "is not a folder of case files", "give the folder that holds them")
    elif args.rules:
        folder = Path(args.rules).resolve().parent / "cases"
    else:
        folder = bundled("cases")
    return sorted(folder.glob("*.yaml")) if folder.is_dir() else []


def cmd_validate(args: argparse.Namespace) -> int:
    from rsd_checklist.errors import InputErrors
    from rsd_checklist.validator import check_expected, validate

    try:
        rule_base = _rules(args)
        corpus = _corpus(args)
        cases = _training_cases(args)
        findings = validate(rule_base, corpus) + check_expected(rule_base, cases)
        if findings:  # a cached rule base has no positions: read the files again to place each finding
            rule_base = _rules(args, use_cache=False)
            findings = validate(rule_base, corpus) + check_expected(rule_base, cases)
    except InputErrors as exc:  # a trainer fixing rules wants every error at once
        for error in exc.errors:
            print(f"rsd-checklist: {error.one_line()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    print(f"Checked the rules in {rule_base.directory} and {len(cases)} training cases.")
    if args.coverage and not any(f.severity == "error" for f in findings):
        from rsd_checklist.casefile import load_case
        from rsd_checklist.coverage import coverage, coverage_text

        loaded = [load_case(p, rule_base) for p in cases]
        print(coverage_text(coverage(rule_base, corpus, loaded)))
        print()
    for finding in findings:
        print(finding.one_line(), file=sys.stderr)
    errors = sum(f.severity == "error" for f in findings)
    warnings = len(findings) - errors
    n_cites = len(rule_base.citation_sites)
    summary = (
        f"{len(rule_base.arguments)} arguments, {len(rule_base.facts)} facts, {n_cites} citations checked: "
        f"{_count(errors, 'error')}, {_count(warnings, 'warning')}"
    )
    print(summary)
    if errors:
        return EXIT_BAD_INPUT
    return EXIT_FINDINGS if warnings else EXIT_OK


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")


def cmd_evaluate(args: argparse.Namespace) -> int:
    from rsd_checklist import render
    from rsd_checklist.engine import evaluate

    rule_base = _rules(args)
    cases = [_case(name, rule_base) for name in args.cases]  # all checked before any output
    for i, case in enumerate(cases):
        evaluation = evaluate(rule_base, case.facts)
        if args.format == "json":
            print(
                json.dumps(render.to_json(case, evaluation), ensure_ascii=False, indent=None if len(cases) > 1 else 2)
            )
        elif args.format == "markdown":
            print(render.markdown(case, evaluation), end="")
        else:
            if i:
                print("\n" + "-" * 72 + "\n")
            print(render.text(case, evaluation))
    return EXIT_OK


def cmd_explain(args: argparse.Namespace) -> int:
    from rsd_checklist import render
    from rsd_checklist.engine import evaluate
    from rsd_checklist.errors import did_you_mean

    rule_base = _rules(args)
    case = _case(args.case, rule_base)
    if args.argument not in rule_base.arguments:
        hint = (
            did_you_mean(args.argument, rule_base.arguments.keys()) or "run 'rsd-checklist evaluate CASE' for the ids"
        )
        raise InputError(args.argument, "unknown argument", hint)
    print(render.explain_text(case, evaluate(rule_base, case.facts), args.argument))
    return EXIT_OK


def cmd_next(args: argparse.Namespace) -> int:
    from rsd_checklist import render
    from rsd_checklist.engine import evaluate

    rule_base = _rules(args)
    case = _case(args.case, rule_base)
    print(render.next_question_text(evaluate(rule_base, case.facts)))
    return EXIT_OK


def cmd_cases(args: argparse.Namespace) -> int:
    from rsd_checklist.casefile import load_case
    from rsd_checklist.resources import bundled_cases

    rule_base = _rules(args)
    for name, path in bundled_cases().items():
        case = load_case(path, rule_base)
        print(f"{name:32}  {case.title}")
        if case.summary:
            print(f"{'':32}  {case.summary}")
    return EXIT_OK


def cmd_facts(args: argparse.Namespace) -> int:
    rule_base = _rules(args)
    for fact in rule_base.facts.values():
        values = ", ".join(c.value for c in fact.choices) if fact.choices else fact.type
        print(f"{fact.id:50} {values}")
    return EXIT_OK


def cmd_corpus_search(args: argparse.Namespace) -> int:
    corpus = _corpus(args)
    query = " ".join(args.query)
    hits = corpus.search(query, limit=args.limit)
    if not hits:
        print(f"No passage matches '{query}'.")
        return EXIT_OK
    for hit in hits:
        doc = corpus.documents[hit.doc_id]
        print(f"{doc.meta.short}, {hit.locator} (line {hit.line}): {hit.snippet}")
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    if args.kind == "evaluation":
        from importlib.resources import files

        print(files("rsd_checklist").joinpath("schemas/evaluation.schema.json").read_text(encoding="utf-8"), end="")
        return EXIT_OK
    from rsd_checklist.schema import RuleFile, RuleIndex, case_schema, json_schema

    if args.kind == "case":  # the answers a case may give depend on the rule base's facts
        rule_base = _rules(args)
        print(json.dumps(case_schema(rule_base.facts.values(), rule_base.arguments), indent=2, ensure_ascii=False))
        return EXIT_OK
    model = {"rules": RuleFile, "index": RuleIndex}[args.kind]
    print(json.dumps(json_schema(model), indent=2))
    return EXIT_OK


def build_parser(argv: list[str] | None = None) -> argparse.ArgumentParser:
    """The command-line parser; `argv` tells which command is wanted, so only its module is imported."""
    chosen = next((a for a in (sys.argv[1:] if argv is None else argv) if not a.startswith("-")), None)
    parser = _Parser(
        prog="rsd-checklist", description="Refugee-status determination checklist: a training aid, not legal advice."
    )
    parser.add_argument("--version", action="version", version=f"rsd-checklist {__version__}")
    sub = parser.add_subparsers(dest="command", parser_class=_Parser, metavar="COMMAND")

    def command(name: str, func: Any, help_text: str, data: bool = True) -> argparse.ArgumentParser:
        p = sub.add_parser(name, help=help_text, description=help_text)
        p.set_defaults(func=func)
        if data:
            p.add_argument("--rules", metavar="DIR", help="rules folder (default: the bundled rules)")
            p.add_argument("--corpus", metavar="DIR", help="corpus folder (default: the bundled reports)")
        return p

    def plugged(name: str, module: str, adder: str, runner: str, help_text: str) -> None:
        """A command whose module (the app, the exporters) is imported only when it is the one chosen."""

        def run(args: argparse.Namespace) -> int:
            return int(getattr(import_module(module), runner)(args))

        p = command(name, run, help_text, data=False)
        if chosen == name:
            getattr(import_module(module), adder)(p)

    plugged(
        "open",
        "rsd_checklist.tui.command",
        "add_open_arguments",
        "run_app",
        "open the app, on a case file or bundled case if given (the default)",
    )
    plugged(
        "serve",
        "rsd_checklist.tui.command",
        "add_serve_arguments",
        "run_serve",
        "serve the app to browsers on this machine (textual-serve)",
    )
    p = command("validate", cmd_validate, "check the rule base: ids, references, quotations and pinpoints")
    p.add_argument(
        "--coverage", action="store_true", help="also show, per argument, its sources and the cases it applies in"
    )
    p.add_argument(
        "--cases",
        metavar="DIR",
        help="training cases whose expected statuses to check (default: cases/ beside --rules, else the bundled cases)",
    )
    p = command("evaluate", cmd_evaluate, "evaluate case files (or bundled case names)")
    p.add_argument("cases", nargs="+", metavar="CASE")
    p.add_argument("--format", choices=("text", "json", "markdown"), default="text")
    p = command("explain", cmd_explain, "show why one argument applies, fails or is open for a case")
    p.add_argument("case", metavar="CASE")
    p.add_argument("argument", metavar="ARGUMENT_ID")
    p = command("next", cmd_next, "the next question worth asking for a case")
    p.add_argument("case", metavar="CASE")
    plugged(
        "export",
        "rsd_checklist.export.command",
        "add_export_arguments",
        "run_export",
        "write argument summaries: Markdown, HTML, Word or JSON",
    )
    plugged(
        "graph",
        "rsd_checklist.export.command",
        "add_graph_arguments",
        "run_graph",
        "the argument map as Graphviz DOT or Mermaid",
    )
    command("cases", cmd_cases, "list the bundled training cases")
    command("facts", cmd_facts, "list the facts a case file may answer")
    p = command("corpus", None, "work with the reports", data=False)
    corpus_sub = p.add_subparsers(dest="corpus_command", parser_class=_Parser, metavar="ACTION", required=True)
    s = corpus_sub.add_parser("search", help="search the reports, best passages first")
    s.set_defaults(func=cmd_corpus_search)
    s.add_argument("query", nargs="+", metavar="WORD", help="words to look for (no quotes needed)")
    s.add_argument("--limit", type=int, default=10)
    s.add_argument("--corpus", metavar="DIR", help="corpus folder (default: the bundled reports)")
    p = command("schema", cmd_schema, "print the JSON Schema of a file kind, for editors", data=False)
    p.add_argument("kind", choices=("rules", "case", "index", "evaluation"), nargs="?", default="rules")
    p.add_argument(
        "--rules", metavar="DIR", help="rule base whose facts the case schema lists (default: the bundled rules)"
    )
    return parser


def main(argv: list[str] | None = None) -> int:
    # rsd-checklist uses no pydantic plugins; looking for them scans every installed package's
    # metadata, about 20 ms on each start of a command.
    os.environ.setdefault("PYDANTIC_DISABLE_PLUGINS", "1")
    for stream in (sys.stdout, sys.stderr):
        if hasattr(stream, "reconfigure") and (stream.encoding or "").lower().replace("-", "") != "utf8":
            stream.reconfigure(errors="replace")
    parser = build_parser(argv)
    args = parser.parse_args(argv)
    try:
        if args.command is None:  # the app is the main way in
            from rsd_checklist.tui.command import run_app

            return int(run_app(args))
        return int(args.func(args))
    except InputError as exc:
        print(f"rsd-checklist: {exc.one_line()}", file=sys.stderr)
        return EXIT_BAD_INPUT
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:
        return EXIT_OK
    except Exception as exc:  # a bug, not bad input: still one line, never a traceback
        print(f"rsd-checklist: internal error: {type(exc).__name__}: {exc} (please report it)", file=sys.stderr)
        return EXIT_INTERNAL

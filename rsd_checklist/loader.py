"""Rule files (YAML) to a linked, compiled RuleBase, with every error placed at file:line:col."""

from __future__ import annotations

import gc
import hashlib
import json
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from rsd_checklist import cache
from rsd_checklist import conditions as cond
from rsd_checklist.errors import InputError, InputErrors, Position, did_you_mean
from rsd_checklist.files import write_private
from rsd_checklist.rulebase import CitationSite, RuleBase
from rsd_checklist.schema import (
    ArgumentDef,
    CaseFile,
    Citation,
    FactDef,
    Group,
    ModelT,
    RuleFile,
    RuleIndex,
    construct_trusted,
)
from rsd_checklist.yamlio import MAX_FILE_BYTES, YamlDocument, load_yaml

INDEX_FILE = "index.yaml"

_KNOWN_KEYS = {
    name
    for model in (RuleIndex, RuleFile, FactDef, ArgumentDef, CaseFile, Group, Citation)
    for name in model.model_fields
} | {"value", "label", "when", "note", "response", "point", "cite", "argument"}


def validation_error(exc: ValidationError, doc: YamlDocument) -> InputErrors:
    """pydantic's errors as one-line input errors at the place in the file they concern."""
    errors = []
    # A misspelt key also makes the key it stands for missing; reporting the misspelling first
    # points at the line to fix ("unknown key 'titel' (did you mean 'title'?)").
    for err in sorted(exc.errors(include_url=False), key=lambda e: e["type"] != "extra_forbidden"):
        loc = tuple(err["loc"])
        kind = err["type"]
        if kind == "condition":
            loc = loc + tuple(err.get("ctx", {}).get("subpath", ()))
        field = loc[-1] if loc else ""
        hint = ""
        if kind == "missing":
            message = f"'{field}' is required here"
            hint = "add it"
        elif kind == "extra_forbidden":
            message = f"unknown key '{field}'"
            hint = did_you_mean(str(field), _KNOWN_KEYS) or "remove it or check its spelling"
        elif kind == "string_pattern_mismatch":
            message = f"'{err['input']}' is not a valid id or value here"
            hint = "use lower-case words joined by _ (and . between parts of an argument id)"
        elif kind in ("model_type", "dict_type"):
            message = (
                f"expected a mapping (key: value) at '{field}'" if field != "" else "expected a mapping (key: value)"
            )
            hint = "check the indentation"
        elif kind == "list_type":
            message = f"'{field}' takes a list"
            hint = "write it as a list of '- ' items"
        elif kind == "literal_error":
            expected = err.get("ctx", {}).get("expected", "")
            message = f"{_where(loc)}'{err['input']}' is not one of {expected}"
            hint = "an open argument is 'undetermined'" if err["input"] == "open" else "use one of them"
        elif kind in ("string_too_short", "too_short") and isinstance(err.get("input"), str):
            message = f"'{field}' is empty"
            hint = "write the passage out" if field == "quote" else "fill it in"
        elif kind == "too_short":
            message = f"'{field}' needs at least one entry"
            hint = "cite at least one passage of the reports" if field == "citations" else "add one"
        else:
            message = f"{_where(loc)}{err['msg']}"
            hint = ""
        errors.append(InputError(doc.position(loc), message, hint))
    return InputErrors(errors)


def _where(loc: tuple[Any, ...]) -> str:
    names = [str(part) for part in loc if isinstance(part, str)]
    return f"{names[-1]}: " if names else ""


def parse_model(model: type[BaseModel], doc: YamlDocument) -> Any:
    if not isinstance(doc.data, dict):
        raise InputError(doc.position(()), "expected a mapping of keys at the top of the file", "see docs/authoring.md")
    try:
        return model.model_validate(doc.data)
    except ValidationError as exc:
        raise validation_error(exc, doc) from None


def load_rule_base(directory: Path, *, use_cache: bool = True) -> RuleBase:
    """Load, check and compile every rule file listed in ``index.yaml``. Raises InputErrors.

    A rule base that loaded cleanly is cached as plain JSON under a hash of its files and of this
    code, so the next load skips YAML parsing. Positions are not cached: ``validate`` and anything
    else that reports places in the rule files passes ``use_cache=False``.
    """
    if not directory.is_dir():
        raise InputError(str(directory), "is not a rules folder", f"give a folder that holds {INDEX_FILE}")
    with _cyclic_gc_paused():
        return _load(directory, use_cache)


@contextmanager
def _cyclic_gc_paused() -> Iterator[None]:
    """Keep Python's cycle collector out of the way while a rule base is built.

    Loading allocates hundreds of thousands of small, acyclic objects (YAML nodes, dicts, models)
    that all stay alive; the collector would scan the growing heap again and again for cycles
    that are not there. On 5,000 arguments this pause cuts the first load from about 6 s to 1 s.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def _load(directory: Path, use_cache: bool) -> RuleBase:
    key = _cache_key(directory) if use_cache else None
    cache_file = cache.entry("rules", directory, key, ".json") if key else None
    cached = _read_cache(cache_file) if cache_file else None

    def read(name: str, what: str) -> YamlDocument:
        path = directory / name
        if cached is not None and name in cached:
            return YamlDocument(str(path), cached[name])
        return load_yaml(path, what)

    def model(kind: type[ModelT], doc: YamlDocument) -> ModelT:
        if cached is not None:  # validated when it was cached
            return construct_trusted(kind, doc.data)
        return parse_model(kind, doc)

    index_doc = read(INDEX_FILE, "rules index")
    index = model(RuleIndex, index_doc)
    errors: list[InputError] = []
    digest = hashlib.sha256((directory / INDEX_FILE).read_bytes())

    listed = set()
    for i, name in enumerate(index.files):
        if name in listed:
            errors.append(
                InputError(index_doc.position(("files", i)), f"{name} is listed twice", "list each file once")
            )
        listed.add(name)
    for path in sorted(directory.glob("*.y*ml")):
        if path.name != INDEX_FILE and path.name not in listed:
            errors.append(
                InputError(
                    str(path), f"is not listed in {INDEX_FILE}", f"add it to 'files' in {INDEX_FILE} or remove it"
                )
            )

    builder = _Builder(directory, index, index_doc, errors)
    loaded = {INDEX_FILE: index_doc.data}
    for i, name in enumerate(index.files):
        path = directory / name
        if not path.exists():
            errors.append(
                InputError(
                    index_doc.position(("files", i)),
                    f"the rule file {name} does not exist",
                    "create it or remove it from the list",
                )
            )
            continue
        doc = read(name, "rule file")
        loaded[name] = doc.data
        digest.update(path.read_bytes())
        builder.add(doc, model(RuleFile, doc))
    rule_base = builder.build(digest.hexdigest())
    if errors:
        raise InputErrors(errors)
    if cache_file and cached is None:
        _write_cache(cache_file, directory, loaded)
    return rule_base


def _code_signature() -> str:
    """What the cached data depends on besides the rule files: this package's loading code."""
    from rsd_checklist import __version__

    here = Path(__file__).resolve().parent
    parts = [__version__]
    for name in ("loader.py", "schema.py", "conditions.py", "yamlio.py"):
        stat = (here / name).stat()
        parts.append(f"{name}:{stat.st_size}:{stat.st_mtime_ns}")
    return "|".join(parts)


def _cache_key(directory: Path) -> str | None:
    digest = hashlib.sha256(_code_signature().encode())
    for path in sorted(directory.glob("*.y*ml")):
        try:
            if not path.is_file() or path.stat().st_size > MAX_FILE_BYTES:
                return None  # let the normal path report it
            digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
        except OSError:
            return None
    return digest.hexdigest()[:32]


def _read_cache(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) else None


def _write_cache(path: Path, directory: Path, loaded: dict[str, Any]) -> None:
    try:
        write_private(path, json.dumps(loaded, ensure_ascii=False))
    except OSError:
        return  # a cache is an optimisation; never fail a load over it
    cache.prune("rules", directory, keep=path)


class _Builder:
    def __init__(self, directory: Path, index: RuleIndex, index_doc: YamlDocument, errors: list[InputError]) -> None:
        self.directory = directory
        self.index = index
        self.errors = errors
        self.groups: dict[str, Group] = {}
        for i, group in enumerate(index.groups):
            if group.id in self.groups:
                errors.append(
                    InputError(
                        index_doc.position(("groups", i, "id")), f"group '{group.id}' is declared twice", "keep one"
                    )
                )
            self.groups[group.id] = group
        self.facts: dict[str, FactDef] = {}
        self.arguments: dict[str, ArgumentDef] = {}
        self.positions: dict[str, Position] = {}
        self.docs: dict[str, tuple[YamlDocument, tuple[str | int, ...]]] = {}
        self.sites: list[CitationSite] = []

    def add(self, doc: YamlDocument, rules: RuleFile) -> None:
        for i, fact in enumerate(rules.facts):
            path = ("facts", i)
            if fact.id in self.facts:
                first = self.positions[f"fact:{fact.id}"]
                self.errors.append(
                    InputError(
                        doc.position((*path, "id")), f"fact '{fact.id}' is defined twice", f"first defined at {first}"
                    )
                )
                continue
            self.facts[fact.id] = fact
            self.positions[f"fact:{fact.id}"] = doc.position(path)
            self.docs[f"fact:{fact.id}"] = (doc, path)
            self._sites(doc, path, f"fact {fact.id}", fact.citations)
            for j, derivation in enumerate(fact.derived):
                self._sites(doc, (*path, "derived", j), f"fact {fact.id}, derivation {j + 1}", derivation.citations)
        for i, argument in enumerate(rules.arguments):
            path = ("arguments", i)
            if argument.id in self.arguments:
                first = self.positions[f"argument:{argument.id}"]
                self.errors.append(
                    InputError(
                        doc.position((*path, "id")),
                        f"argument '{argument.id}' is defined twice",
                        f"first defined at {first}",
                    )
                )
                continue
            self.arguments[argument.id] = argument
            self.positions[f"argument:{argument.id}"] = doc.position(path)
            self.docs[f"argument:{argument.id}"] = (doc, path)
            owner = f"argument {argument.id}"
            self._sites(doc, path, owner, argument.citations)
            for j, response in enumerate(argument.answers):
                self._sites(doc, (*path, "answers", j), f"{owner}, answer {j + 1}", response.citations)
            for j, weakness in enumerate(argument.weaknesses):
                self._sites(doc, (*path, "weaknesses", j), f"{owner}, weakness {j + 1}", weakness.citations)

    def _sites(self, doc: YamlDocument, path: tuple[str | int, ...], owner: str, citations: Iterable[Citation]) -> None:
        for k, citation in enumerate(citations):
            where = (*path, "citations", k)
            self.sites.append(
                CitationSite(
                    doc.position(where),
                    owner,
                    citation,
                    doc.position((*where, "quote")),
                    doc.position((*where, "at")),
                )
            )

    def _error(self, key: str, sub: tuple[str | int, ...], message: str, hint: str = "") -> None:
        doc, path = self.docs[key]
        self.errors.append(InputError(doc.position((*path, *sub)), message, hint))

    def _check_fact(self, fact: FactDef) -> None:
        key = f"fact:{fact.id}"
        if fact.type in ("choice", "multi"):
            if not fact.choices:
                self._error(
                    key,
                    ("choices",),
                    f"fact '{fact.id}' of type {fact.type} needs choices",
                    "add a list of {value, label}",
                )
            values = [c.value for c in fact.choices]
            for dup in {v for v in values if values.count(v) > 1}:
                self._error(key, ("choices",), f"choice '{dup}' appears twice in fact '{fact.id}'", "keep one")
        elif fact.choices:
            self._error(
                key,
                ("choices",),
                f"fact '{fact.id}' of type {fact.type} takes no choices",
                "remove them or change the type",
            )
        if fact.type != "int" and (fact.min is not None or fact.max is not None):
            self._error(
                key, ("min",), f"only whole-number facts take min and max ('{fact.id}' is {fact.type})", "remove them"
            )
        if fact.min is not None and fact.max is not None and fact.min > fact.max:
            self._error(key, ("min",), f"min {fact.min} is above max {fact.max}", "swap them")
        if fact.asked_when is not None:
            self._check_condition(key, ("asked_when",), fact.asked_when, facts_only=True)
        for j, derivation in enumerate(fact.derived):
            self._check_condition(key, ("derived", j, "when"), derivation.when, facts_only=True)
            problem = value_problem(fact, derivation.value)
            if problem:
                self._error(key, ("derived", j, "value"), problem[0], problem[1])

    def _check_condition(
        self, key: str, where: tuple[str | int, ...], condition: cond.Condition, facts_only: bool = False
    ) -> None:
        for node, path in cond.walk_with_paths(condition, where):
            if isinstance(node, cond.ArgumentTest):
                if facts_only:
                    self._error(
                        key,
                        (*path, "argument"),
                        "only facts may be tested here, not arguments",
                        "test the facts the argument rests on",
                    )
                elif node.argument not in self.arguments:
                    self._error(
                        key,
                        (*path, "argument"),
                        f"unknown argument '{node.argument}'",
                        did_you_mean(node.argument, self.arguments.keys()) or "check the id",
                    )
            elif isinstance(node, cond.FactTest):
                fact = self.facts.get(node.fact)
                if fact is None:
                    self._error(
                        key,
                        (*path, "fact"),
                        f"unknown fact '{node.fact}'",
                        did_you_mean(node.fact, self.facts.keys()) or "define it in a facts file",
                    )
                    continue
                if facts_only and fact.derived:
                    self._error(
                        key, (*path, "fact"), f"'{node.fact}' is itself derived; test the facts it comes from", ""
                    )
                problem = operator_problem(fact, node)
                if problem:
                    self._error(
                        key, (*path, node.operator if node.operator != "yes" else "fact"), problem[0], problem[1]
                    )

    def build(self, digest: str) -> RuleBase:
        for fact in self.facts.values():
            self._check_fact(fact)
        references: dict[str, set[str]] = {}
        for argument in self.arguments.values():
            key = f"argument:{argument.id}"
            if argument.group not in self.groups:
                self._error(
                    key,
                    ("group",),
                    f"unknown group '{argument.group}'",
                    did_you_mean(argument.group, self.groups.keys()) or f"declare it under 'groups' in {INDEX_FILE}",
                )
            self._check_condition(key, ("when",), argument.when)
            for j, response in enumerate(argument.answers):
                if response.argument and response.argument not in self.arguments:
                    self._error(
                        key,
                        ("answers", j, "argument"),
                        f"unknown argument '{response.argument}'",
                        did_you_mean(response.argument, self.arguments.keys()) or "check the id",
                    )
            references[argument.id] = {a for a in cond.arguments_in(argument.when) if a in self.arguments}
        order = self._dependency_order(references)
        return RuleBase(
            directory=self.directory,
            title=self.index.title,
            description=self.index.description,
            groups=self.groups,
            facts=self.facts,
            arguments=self.arguments,
            order=tuple(order),
            when={a.id: cond.compile_condition(a.when) for a in self.arguments.values()},
            asked_when={
                f.id: cond.compile_condition(f.asked_when) for f in self.facts.values() if f.asked_when is not None
            },
            derivations={
                f.id: tuple((cond.compile_condition(d.when), d.value) for d in f.derived)
                for f in self.facts.values()
                if f.derived
            },
            gates={
                f.id: tuple(
                    sorted(
                        set().union(
                            *(cond.facts_in(c) for c in [f.asked_when, *(d.when for d in f.derived)] if c is not None)
                        )
                    )
                )
                for f in self.facts.values()
            },
            positions=self.positions,
            citation_sites=tuple(self.sites),
            content_hash=digest,
        )

    def _dependency_order(self, references: dict[str, set[str]]) -> list[str]:
        order: list[str] = []
        state: dict[str, int] = {}  # 1 visiting, 2 done

        def visit(node: str, trail: list[str]) -> None:
            if state.get(node) == 2:
                return
            if state.get(node) == 1:
                cycle = [*trail[trail.index(node) :], node]
                self._error(
                    f"argument:{node}",
                    ("when",),
                    "arguments depend on each other in a circle: " + " -> ".join(cycle),
                    "break the circle: one of them must not refer back",
                )
                return
            state[node] = 1
            for dep in sorted(references[node]):
                visit(dep, [*trail, node])
            state[node] = 2
            order.append(node)

        for argument_id in self.arguments:
            visit(argument_id, [])
        return order


_YES_NO_WORDS = frozenset({"yes", "no", "true", "false", "y", "n", "on", "off"})


def value_problem(fact: FactDef, value: object) -> tuple[str, str] | None:
    """Why `value` cannot be an answer to `fact`, as (message, hint); None when it can."""
    choices = [c.value for c in fact.choices]
    if fact.type == "bool":
        if not isinstance(value, bool):
            if isinstance(value, str) and value.strip().lower() in _YES_NO_WORDS:
                # a quoted "yes" is text to YAML, which reads the same word unquoted as true
                return f"'{fact.id}' takes true or false; {value!r} in quotes is text", "remove the quotes"
            return f"'{fact.id}' takes true or false, not {value!r}", "write true or false (or null: not known)"
    elif fact.type == "int":
        if isinstance(value, bool) or not isinstance(value, int):
            return f"'{fact.id}' takes a whole number, not {value!r}", "write a number such as 3"
        if fact.min is not None and value < fact.min:
            return f"'{fact.id}' cannot be below {fact.min} (got {value})", "correct the number"
        if fact.max is not None and value > fact.max:
            return f"'{fact.id}' cannot be above {fact.max} (got {value})", "correct the number"
    elif fact.type == "choice":
        if not isinstance(value, str) or value not in choices:
            return f"{value!r} is not a choice of '{fact.id}'", (
                did_you_mean(str(value), choices) or "choose one of: " + ", ".join(choices)
            )
    elif fact.type == "multi":
        if not isinstance(value, list):
            return f"'{fact.id}' takes a list of choices", "write it as [a, b]"
        for item in value:
            if not isinstance(item, str) or item not in choices:
                return f"{item!r} is not a choice of '{fact.id}'", (
                    did_you_mean(str(item), choices) or "choose from: " + ", ".join(choices)
                )
        if len(set(value)) != len(value):
            return f"a choice is repeated in '{fact.id}'", "list each choice once"
    return None


def operator_problem(fact: FactDef, test: cond.FactTest) -> tuple[str, str] | None:
    op, t = test.operator, fact.type
    allowed = {
        "yes": ("bool",),
        "is": ("bool", "int", "choice"),
        "in": ("choice",),
        "includes": ("multi",),
        "includes_any": ("multi",),
        "at_least": ("int",),
        "below": ("int",),
    }[op]
    if t not in allowed:
        shown = "a bare fact test" if op == "yes" else f"'{op}'"
        kind = {"bool": "a yes/no", "int": "a number", "choice": "a choice", "multi": "a multiple-choice"}[t]
        return f"{shown} does not fit '{fact.id}', {kind} fact", {
            "bool": "test it as {fact: x} or {fact: x, is: false}",
            "int": "use at_least, below or is",
            "choice": "use is or in",
            "multi": "use includes or includes_any",
        }[t]
    values = test.operand if op in ("in", "includes_any") else (test.operand,) if op in ("is", "includes") else ()
    for value in values:
        problem = value_problem(fact, [value] if t == "multi" else value)
        if problem:
            return problem
    return None

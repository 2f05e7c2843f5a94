"""Case profiles: load and check them against the rule base, save them safely."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

from rsd_checklist.errors import InputError, InputErrors, did_you_mean
from rsd_checklist.files import write_private
from rsd_checklist.loader import parse_model, value_problem
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.schema import CaseFile, Status
from rsd_checklist.yamlio import YamlDocument, load_yaml, parse_yaml


@dataclass
class Case:
    title: str
    facts: dict[str, Any] = field(default_factory=dict)  # only answered facts
    notes: str = ""
    summary: str = ""
    expected: dict[str, Status] = field(default_factory=dict)
    model_answer: str = ""
    source: Path | None = None

    @property
    def name(self) -> str:
        return self.source.stem if self.source else ""

    def to_yaml(self, rule_base: RuleBase | None = None) -> str:
        data: dict[str, Any] = {"title": self.title}
        if self.summary:
            data["summary"] = self.summary
        if self.notes:
            data["notes"] = self.notes
        order = list(rule_base.facts) if rule_base else sorted(self.facts)
        data["facts"] = {k: self.facts[k] for k in order if k in self.facts}
        if self.expected:
            data["expected"] = dict(self.expected)
        if self.model_answer:
            data["model_answer"] = self.model_answer
        return yaml.dump(data, Dumper=_CaseDumper, sort_keys=False, allow_unicode=True, width=100)


class _CaseDumper(yaml.SafeDumper):
    """Writes multi-line notes as readable blocks."""


def _represent_str(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    # Characters a YAML reader would fold or drop (NEL, other line separators, control
    # characters) are kept only by the escaped double-quoted style.
    if any(not (ch.isprintable() or ch in "\n\t") or ch in "\x85\u2028\u2029" for ch in value):
        style: str | None = '"'
    else:
        style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_CaseDumper.add_representer(str, _represent_str)


def load_case(path: Path, rule_base: RuleBase) -> Case:
    doc = load_yaml(Path(path), "case file")
    return case_from_document(doc, rule_base, Path(path))


def parse_case(text: str, name: str, rule_base: RuleBase) -> Case:
    return case_from_document(parse_yaml(text, name, "case file"), rule_base, Path(name))


def case_from_document(doc: YamlDocument, rule_base: RuleBase, source: Path | None) -> Case:
    model: CaseFile = parse_model(CaseFile, doc)
    errors: list[InputError] = []
    facts: dict[str, Any] = {}
    for fact_id, value in model.facts.items():
        where = doc.position(("facts", fact_id))
        fact = rule_base.facts.get(fact_id)
        if fact is None:
            hint = did_you_mean(fact_id, rule_base.facts.keys()) or "run 'rsd-checklist facts' for the list"
            errors.append(InputError(where, f"unknown fact '{fact_id}'", hint))
            continue
        if value is None:  # "don't know" written out
            continue
        problem = value_problem(fact, value)
        if problem:
            errors.append(InputError(where, problem[0], problem[1]))
            continue
        facts[fact_id] = value
    if not errors:
        errors.extend(_derivation_conflicts(doc, rule_base, facts))
    for argument_id in model.expected:
        if argument_id not in rule_base.arguments:
            hint = did_you_mean(argument_id, rule_base.arguments.keys()) or "check the argument id"
            errors.append(
                InputError(doc.position(("expected", argument_id)), f"unknown argument '{argument_id}'", hint)
            )
    if errors:
        raise InputErrors(errors)
    return Case(
        title=model.title,
        facts=facts,
        notes=model.notes,
        summary=model.summary,
        expected=dict(model.expected),
        model_answer=model.model_answer,
        source=source,
    )


def _derivation_conflicts(doc: YamlDocument, rule_base: RuleBase, facts: dict[str, Any]) -> list[InputError]:
    """Answers that contradict what the reports settle (a host's treaty status, say)."""
    errors = []
    for fact_id, derivations in rule_base.derivations.items():
        if fact_id not in facts:
            continue
        for j, (when, value) in enumerate(derivations):
            if when(facts, {}) is True:
                if facts[fact_id] != value:
                    note = rule_base.facts[fact_id].derived[j].note
                    errors.append(
                        InputError(
                            doc.position(("facts", fact_id)),
                            f"'{fact_id}' is {rule_base.format_value(fact_id, value)} on these facts"
                            + (f": {note}" if note else ""),
                            "remove this answer; the rule base supplies it",
                        )
                    )
                break
    return errors


def save_case(case: Case, path: Path, rule_base: RuleBase | None = None) -> None:
    write_private(Path(path), case.to_yaml(rule_base))


def check_expected(case: Case, evaluation: Any) -> list[tuple[str, Status, Status]]:
    """(argument, expected, actual) for each expected status the evaluation does not meet."""
    return [
        (argument_id, expected, evaluation.status(argument_id))
        for argument_id, expected in case.expected.items()
        if evaluation.status(argument_id) != expected
    ]


__all__ = ["Case", "InputErrors", "check_expected", "load_case", "parse_case", "save_case"]

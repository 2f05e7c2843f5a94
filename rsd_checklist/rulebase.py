"""The rule base: facts, argument groups and arguments, linked, compiled and ordered. Read-only."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from rsd_checklist.conditions import Compiled
from rsd_checklist.errors import Position
from rsd_checklist.schema import ArgumentDef, Citation, FactDef, Group, Response


@dataclass(frozen=True)
class CitationSite:
    """Where a citation stands in the rule files, and what it supports."""

    position: Position
    owner: str  # e.g. "argument convention.persecution, weakness 1"
    citation: Citation
    quote_position: Position | None = None  # the `quote:` line, where a misquotation is fixed
    at_position: Position | None = None  # the `at:` line, where a wrong pinpoint is fixed


@dataclass(frozen=True)
class RuleBase:
    directory: Path
    title: str
    description: str
    groups: dict[str, Group]
    facts: dict[str, FactDef]  # in questionnaire order
    arguments: dict[str, ArgumentDef]  # in file order
    order: tuple[str, ...]  # arguments in dependency order: each after those it refers to
    when: dict[str, Compiled]
    asked_when: dict[str, Compiled]
    derivations: dict[str, tuple[tuple[Compiled, object], ...]]
    gates: dict[str, tuple[str, ...]] = field(default_factory=dict)  # facts deciding if a fact is asked
    positions: dict[str, Position] = field(default_factory=dict)  # "fact:x" / "argument:y"
    citation_sites: tuple[CitationSite, ...] = ()
    content_hash: str = ""

    def fact_position(self, fact_id: str) -> Position:
        return self.positions.get(f"fact:{fact_id}", Position(str(self.directory)))

    def argument_position(self, argument_id: str) -> Position:
        return self.positions.get(f"argument:{argument_id}", Position(str(self.directory)))

    def oppositions_to(self, argument_id: str) -> list[tuple[ArgumentDef, Response]]:
        """The opposing positions that `argument_id` meets, each with the response that names it."""
        return [
            (position, response)
            for position in self.arguments.values()
            for response in position.answers
            if response.argument == argument_id
        ]

    def arguments_in_group(self, group_id: str) -> list[ArgumentDef]:
        return [a for a in self.arguments.values() if a.group == group_id]

    def choice_label(self, fact_id: str, value: object) -> str:
        fact = self.facts[fact_id]
        for choice in fact.choices:
            if choice.value == value:
                return choice.label
        return str(value)

    def format_value(self, fact_id: str, value: object) -> str:
        """An answer as a person reads it."""
        if value is None:
            return "not known"
        fact = self.facts[fact_id]
        if fact.type == "bool":
            return "yes" if value else "no"
        if fact.type == "multi":
            items = [self.choice_label(fact_id, v) for v in value]  # type: ignore[union-attr]
            return ", ".join(items) if items else "none"
        if fact.type == "choice":
            return self.choice_label(fact_id, value)
        return str(value)

"""The interview session: answers, "don't know", back and forward, the dirty flag. Plain Python, no Textual.

The session re-evaluates the whole case with `engine.evaluate` on every change and keeps the
result in `evaluation`; the widgets render that Evaluation and never work out a status themselves.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import replace
from pathlib import Path
from typing import Any

import yaml

from rsd_checklist.casefile import Case, load_case
from rsd_checklist.engine import Evaluation, evaluate
from rsd_checklist.loader import value_problem
from rsd_checklist.rulebase import RuleBase

NEW_CASE_TITLE = "New case"


def read_case(path: Path, rule_base: RuleBase) -> tuple[Case, set[str]]:
    """A case file and the facts it records as "don't know" (written out as `fact: null`)."""
    case = load_case(Path(path), rule_base)  # checks everything; raises InputError
    unknown: set[str] = set()
    try:
        data = yaml.safe_load(Path(path).read_text(encoding="utf-8"))
    except (OSError, yaml.YAMLError):  # load_case has read it already; nothing more to learn
        data = None
    facts = data.get("facts") if isinstance(data, dict) else None
    if isinstance(facts, dict):
        unknown = {k for k, v in facts.items() if v is None and k in rule_base.facts}
    return case, unknown


def _comparable(answers: dict[str, Any]) -> dict[str, Any]:
    """Answers in a form that compares equal whatever order a multi-choice answer was ticked in."""
    return {k: frozenset(v) if isinstance(v, list) else v for k, v in answers.items()}


def next_question(evaluation: Evaluation, skip: Iterable[str] = ()) -> str | None:
    """The engine's next question; when the person has said "don't know" to it, the engine's
    choice among the relevant questions left (the one that could settle most, questionnaire order)."""
    skip = set(skip)
    choice = evaluation.next_question
    if choice is None or choice not in skip:
        return choice
    best, best_count = None, 0
    for fact_id, arguments in evaluation.relevance.items():
        if fact_id not in skip and len(arguments) > best_count:
            best, best_count = fact_id, len(arguments)
    return best


class Session:
    """One case being worked on. `on_change` is called after every change to the answers."""

    def __init__(
        self,
        rule_base: RuleBase,
        case: Case | None = None,
        *,
        unknown: Iterable[str] = (),
        save_path: Path | None = None,
        name: str | None = None,
        dirty: bool = False,
    ) -> None:
        self.rule_base = rule_base
        case = case or Case(title=NEW_CASE_TITLE)
        self.case = replace(case, facts={k: v for k, v in case.facts.items() if v is not None})
        self.answers: dict[str, Any] = dict(self.case.facts)
        self._opened_with = _comparable(self.answers)
        self.unknown: set[str] = {f for f in unknown if f in rule_base.facts and f not in self.answers}
        self.set_aside: dict[str, Any] = {}  # answers made moot by a later answer, restored if asked again
        self.save_path = save_path  # where ctrl+s writes; None: ask (a new case, a bundled case)
        # A case opened from the user's own file keeps its `expected:` and model answer whatever the
        # answers: they are the trainer's writing, and `validate` says when they no longer hold.
        self._from_template = save_path is None
        self.name = name or (case.source.stem if case.source else "new-case")
        self.dirty = dirty
        self.evaluation: Evaluation = evaluate(rule_base, dict(self.answers))
        self.on_change: Callable[[Session], None] | None = None
        self._trail: list[str] = []
        self._pos = 0
        first = self.next_question()
        if first is not None:
            self._trail.append(first)

    # ------------------------------------------------------------------ questions
    @property
    def current(self) -> str | None:
        """The question on screen, or None when no question is left."""
        return self._trail[self._pos] if self._pos < len(self._trail) else None

    def next_question(self) -> str | None:
        return next_question(self.evaluation, self.unknown)

    def relevant(self) -> list[str]:
        """Unanswered questions whose answer could still change an argument (not those answered "don't know")."""
        return [f for f in self.evaluation.relevance if f not in self.unknown]

    @property
    def progress(self) -> tuple[int, int, int]:
        """(answered, still relevant, don't know)."""
        return len(self.answers), len(self.relevant()), len(self.unknown)

    def value(self, fact_id: str) -> Any:
        return self.answers.get(fact_id)

    def is_answered(self, fact_id: str) -> bool:
        return fact_id in self.answers or fact_id in self.unknown

    def shown(self, fact_id: str) -> bool:
        """Whether the question belongs in the list of questions: answered, or still relevant."""
        if self.evaluation.is_derived(fact_id):
            return False
        return self.is_answered(fact_id) or fact_id in self.evaluation.relevance

    def questions_by_topic(self) -> list[tuple[str, list[str]]]:
        """The questions worth listing, grouped by topic in questionnaire order."""
        groups: dict[str, list[str]] = {}
        for fact_id, fact in self.rule_base.facts.items():
            if self.shown(fact_id):
                groups.setdefault(fact.topic, []).append(fact_id)
        return list(groups.items())

    # ------------------------------------------------------------------ answering
    def check(self, fact_id: str, value: Any) -> str | None:
        """Why `value` cannot answer the question (one sentence), or None when it can."""
        if value is None:
            return None
        problem = value_problem(self.rule_base.facts[fact_id], value)
        return problem[0] if problem else None

    def answer(self, fact_id: str, value: Any) -> None:
        """Record an answer (None: "don't know", which keeps the fact unknown) and move on."""
        if fact_id not in self.rule_base.facts:
            raise KeyError(fact_id)
        problem = self.check(fact_id, value)
        if problem:
            raise ValueError(problem)
        if isinstance(value, list):
            order = [c.value for c in self.rule_base.facts[fact_id].choices]
            value = sorted(value, key=order.index)
        before = self._live_answers()
        self.set_aside.pop(fact_id, None)
        if value is None:
            self.answers.pop(fact_id, None)
            self.unknown.add(fact_id)
        else:
            self.answers[fact_id] = value
            self.unknown.discard(fact_id)
        self._settle(before)
        self.dirty = True
        del self._trail[self._pos + 1 :]
        following = self.next_question()
        if following is not None:
            self._trail.append(following)
        self._pos += 1
        self._changed()

    def _live_answers(self) -> set[str]:
        ev = self.evaluation
        return {f for f in self.answers if ev.askable(f) is not False and not ev.is_derived(f)}

    def _settle(self, live_before: set[str]) -> None:
        """Re-evaluate; answers that this change made moot (no longer asked, or now supplied by the
        rule base) are set aside, and answers set aside earlier come back when asked again."""
        for _ in range(len(self.rule_base.facts) + 1):
            ev = self.evaluation = evaluate(self.rule_base, dict(self.answers))
            moot = [f for f in live_before if f in self.answers and (ev.askable(f) is False or ev.is_derived(f))]
            back = [
                f for f in self.set_aside if f not in self.answers and ev.askable(f) is True and not ev.is_derived(f)
            ]
            if not moot and not back:
                return
            for f in moot:
                self.set_aside[f] = self.answers.pop(f)
            for f in back:
                self.answers[f] = self.set_aside.pop(f)

    # ------------------------------------------------------------------ moving about
    def back(self) -> bool:
        for pos in range(min(self._pos, len(self._trail)) - 1, -1, -1):
            if self._can_show(self._trail[pos]):
                self._pos = pos
                self._changed()
                return True
        return False

    def forward(self) -> bool:
        for pos in range(self._pos + 1, len(self._trail)):
            if self._can_show(self._trail[pos]):
                self._pos = pos
                self._changed()
                return True
        if self._pos == len(self._trail) - 1 and self.is_answered(self._trail[self._pos]):
            following = self.next_question()
            if following is None:
                self._pos = len(self._trail)
            else:
                self._trail.append(following)
                self._pos += 1
            self._changed()
            return True
        return False

    @property
    def can_go_back(self) -> bool:
        return any(self._can_show(f) for f in self._trail[: self._pos])

    @property
    def can_go_forward(self) -> bool:
        if any(self._can_show(f) for f in self._trail[self._pos + 1 :]):
            return True
        return self._pos == len(self._trail) - 1 and self.is_answered(self._trail[self._pos])

    def jump(self, fact_id: str) -> None:
        if fact_id not in self.rule_base.facts:
            raise KeyError(fact_id)
        if fact_id == self.current:
            return
        del self._trail[self._pos + 1 :]
        self._trail.append(fact_id)
        self._pos = len(self._trail) - 1
        self._changed()

    def _can_show(self, fact_id: str) -> bool:
        ev = self.evaluation
        return ev.askable(fact_id) is not False and not ev.is_derived(fact_id)

    def _changed(self) -> None:
        if self.on_change is not None:
            self.on_change(self)

    # ------------------------------------------------------------------ files
    @property
    def answers_changed(self) -> bool:
        """Whether the answers differ from those the case was opened with ("don't know" aside: an
        unknown fact is evaluated as an unanswered one)."""
        return _comparable(self.answers) != self._opened_with

    def _drops_training_notes(self) -> bool:
        return self._from_template and self.answers_changed

    def to_case(self) -> Case:
        """The case as it would be saved: answers, and "don't know" written out as null. A bundled
        training case's `expected:` statuses and model answer go once the answers differ from the
        ones it came with: they describe those answers, and would mislead on any others."""
        facts: dict[str, Any] = dict(self.answers)
        facts.update({f: None for f in self.unknown})
        case = replace(self.case, facts=facts)
        if self._drops_training_notes():
            case = replace(case, expected={}, model_answer="")
        return case

    def to_yaml(self) -> str:
        return self.to_case().to_yaml(self.rule_base)

    def mark_saved(self, path: Path) -> None:
        self.save_path = Path(path)
        self.case = replace(self.case, source=Path(path))
        if self._drops_training_notes():  # as written: answering as the case first had it does not bring them back
            self.case = replace(self.case, expected={}, model_answer="")
        self._from_template = False
        self.name = Path(path).stem
        self.dirty = False

    @property
    def title(self) -> str:
        return self.case.title

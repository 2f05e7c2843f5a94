"""Training mode: compare a trainee's prediction with the tool's evaluation, argument by argument. No Textual.

The tool's evaluation is the reference (the golden tests hold it to each case's `expected:` block).
A trainee marks the arguments expected to apply; any other status counts as "does not apply yet"
(does not apply, or open).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from rsd_checklist.engine import Evaluation
from rsd_checklist.schema import Status


@dataclass(frozen=True)
class Verdict:
    argument_id: str
    predicted_applies: bool
    status: Status  # the tool's

    @property
    def agrees(self) -> bool:
        return self.predicted_applies == (self.status == "applies")


@dataclass(frozen=True)
class Score:
    verdicts: tuple[Verdict, ...]

    @property
    def agreed(self) -> int:
        return sum(v.agrees for v in self.verdicts)

    @property
    def total(self) -> int:
        return len(self.verdicts)

    @property
    def percent(self) -> int:
        return round(100 * self.agreed / self.total) if self.total else 100

    @property
    def disagreements(self) -> tuple[Verdict, ...]:
        return tuple(v for v in self.verdicts if not v.agrees)

    def verdict(self, argument_id: str) -> Verdict:
        return next(v for v in self.verdicts if v.argument_id == argument_id)

    @property
    def open(self) -> int:
        return sum(v.status == "undetermined" for v in self.verdicts)

    def summary(self) -> str:
        missed = sum(1 for v in self.disagreements if v.status == "applies")
        extra = len(self.disagreements) - missed
        text = (
            f"You agreed with the tool on {self.agreed} of {self.total} arguments ({self.percent}%). "
            f"Missed: {missed} that apply. Marked but not applying: {extra}."
        )
        if self.open:  # else a case with few answers scores well for marking nothing
            text += (
                f" {self.open} are still open on these facts: leaving one unmarked counts as agreeing,"
                " since nothing yet shows that it applies."
            )
        return text


def score(prediction: Iterable[str], evaluation: Evaluation) -> Score:
    predicted = set(prediction)
    return Score(tuple(Verdict(a, a in predicted, r.status) for a, r in evaluation.results.items()))

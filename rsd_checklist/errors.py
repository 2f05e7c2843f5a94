"""Errors about input, reported as one line: ``file:line:col: message (hint)``."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class Position:
    """Where something stands in a file; line and column are 1-based, 0 when unknown."""

    file: str
    line: int = 0
    column: int = 0

    def __str__(self) -> str:
        if self.line:
            return f"{self.file}:{self.line}:{self.column}"
        return self.file


class InputError(Exception):
    """A file or an argument the user gave cannot be used. The CLI exits with code 2."""

    def __init__(self, position: Position | str | Path, message: str, hint: str = "") -> None:
        if not isinstance(position, Position):
            position = Position(str(position))
        self.position = position
        self.message = message
        self.hint = hint
        super().__init__(self.one_line())

    def one_line(self) -> str:
        text = f"{self.position}: {self.message}"
        if self.hint:
            text += f" ({self.hint})"
        return text


class InputErrors(InputError):
    """Several input errors found in one pass; the first stands for all of them."""

    def __init__(self, errors: list[InputError]) -> None:
        self.errors = errors
        first = errors[0]
        super().__init__(first.position, first.message, first.hint)


def did_you_mean(name: str, candidates: Iterable[str]) -> str:
    from difflib import get_close_matches  # only on the error path

    close = get_close_matches(name, sorted(candidates), n=1, cutoff=0.6)
    return f"did you mean '{close[0]}'?" if close else ""

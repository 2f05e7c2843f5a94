"""Where the bundled rules, corpus and training cases are: inside the installed package, or the checkout."""

from __future__ import annotations

from pathlib import Path

from rsd_checklist.errors import InputError, did_you_mean

KINDS = ("rules", "corpus", "cases")


def bundled(kind: str) -> Path:
    """The folder of bundled `kind` data (a wheel ships it under rsd_checklist/data/)."""
    # A wheel installs the package as plain files, so the data sits beside this module; reading it
    # through importlib.resources would cost every command-line start a few milliseconds.
    packaged = Path(__file__).resolve().parent / "data" / kind
    if packaged.is_dir():
        return packaged
    checkout = Path(__file__).resolve().parent.parent / kind
    if checkout.is_dir():
        return checkout
    raise InputError(str(packaged), f"the bundled {kind} are missing from this installation", "reinstall rsd-checklist")


def bundled_cases() -> dict[str, Path]:
    return {p.stem: p for p in sorted(bundled("cases").glob("*.yaml"))}


def resolve_case(name: str) -> Path:
    """A case file path, or the name of a bundled training case."""
    path = Path(name)
    if path.exists():
        return path
    cases = bundled_cases()
    stem = name[:-5] if name.endswith(".yaml") else name
    if stem in cases and path.parent == Path("."):
        return cases[stem]
    hint = did_you_mean(stem, cases.keys()) or "run 'rsd-checklist cases' to list the bundled training cases"
    raise InputError(name, "no such case file or bundled training case", hint)

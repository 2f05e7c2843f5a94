from __future__ import annotations

from pathlib import Path

import pytest

from rsd_checklist.corpus import Corpus, load_corpus
from rsd_checklist.loader import load_rule_base
from rsd_checklist.rulebase import RuleBase

ROOT = Path(__file__).resolve().parent.parent


def pytest_configure(config: pytest.Config) -> None:
    """Caches (rule base, search index) go to a fresh folder, for this process and its children."""
    import os
    import tempfile

    os.environ["XDG_CACHE_HOME"] = tempfile.mkdtemp(prefix="rsd-checklist-cache-")


MINI = Path(__file__).resolve().parent / "fixtures" / "mini"


@pytest.fixture(scope="session")
def rule_base() -> RuleBase:
    return load_rule_base(ROOT / "rules")


@pytest.fixture(scope="session")
def corpus() -> Corpus:
    return load_corpus(ROOT / "corpus")


@pytest.fixture(scope="session")
def mini_rules() -> RuleBase:
    return load_rule_base(MINI / "rules")


@pytest.fixture(scope="session")
def mini_corpus() -> Corpus:
    return load_corpus(MINI / "corpus")


@pytest.fixture()
def mini_copy(tmp_path: Path) -> Path:
    """A writable copy of the mini rule base, for tests that break it on purpose."""
    import shutil

    target = tmp_path / "rules"
    shutil.copytree(MINI / "rules", target)
    return target


@pytest.fixture()
def no_network(monkeypatch: pytest.MonkeyPatch) -> list[object]:
    """Every attempt to open a network connection is recorded and refused."""
    import socket

    attempts: list[object] = []

    def refuse(*args: object, **kwargs: object) -> None:
        attempts.append(args)
        raise OSError("network use is not allowed in rsd-checklist")

    monkeypatch.setattr(socket.socket, "connect", refuse)
    monkeypatch.setattr(socket.socket, "connect_ex", refuse)
    monkeypatch.setattr(socket, "create_connection", refuse)
    monkeypatch.setattr(socket, "getaddrinfo", refuse)
    return attempts

"""Full-text search of the reports with SQLite FTS5, the index cached by the corpus's content hash."""

from __future__ import annotations

import contextlib
import hashlib
import os
import re
import sqlite3
import tempfile
from typing import TYPE_CHECKING

from rsd_checklist import cache

if TYPE_CHECKING:
    from rsd_checklist.corpus import Corpus, SearchHit

INDEX_VERSION = "2"
_WORD = re.compile(r"\w+", re.UNICODE)


def _digest(corpus: Corpus) -> str:
    h = hashlib.sha256(INDEX_VERSION.encode())
    h.update((corpus.directory / "corpus.yaml").read_bytes())
    for doc in corpus.documents.values():
        h.update(doc.path.read_bytes())
    return h.hexdigest()[:24]


def _build(conn: sqlite3.Connection, corpus: Corpus) -> None:
    conn.execute(
        "CREATE VIRTUAL TABLE passages USING fts5(doc UNINDEXED, locator UNINDEXED, line UNINDEXED, body, tokenize='porter unicode61')"
    )
    rows = []
    for doc in corpus.documents.values():
        for region, start, end in doc.segments():
            if region.kind == "furniture":
                continue
            offset = start
            for para in re.split(r"\n\s*\n", doc.text[start:end]):
                body = corpus.readable(para)
                if body:
                    rows.append((doc.id, region.locator, doc.line_of(offset), body))
                offset += len(para) + 2
    conn.executemany("INSERT INTO passages VALUES (?, ?, ?, ?)", rows)
    conn.commit()


def _open(corpus: Corpus) -> sqlite3.Connection:
    path = cache.entry("corpus", corpus.directory, _digest(corpus), ".sqlite")
    if path is None:
        conn = sqlite3.connect(":memory:")
        _build(conn, corpus)
        return conn
    if not path.exists():
        # built under a name of its own, so two processes indexing at once do not collide
        fd, tmp = tempfile.mkstemp(prefix=".corpus-", suffix=".tmp", dir=path.parent)
        os.close(fd)
        try:
            conn = sqlite3.connect(tmp)
            _build(conn, corpus)
            conn.close()
            os.replace(tmp, path)
        finally:
            with contextlib.suppress(OSError):
                os.unlink(tmp)
        cache.prune("corpus", corpus.directory, keep=path)
    return sqlite3.connect(f"file:{path}?mode=ro", uri=True)


def search_corpus(corpus: Corpus, query: str, limit: int = 10) -> list[SearchHit]:
    from rsd_checklist.corpus import SearchHit

    words = _WORD.findall(query)
    if not words:
        return []
    conn = _open(corpus)
    try:
        rows: list[tuple[str, str, int, str]] = []
        for joiner in (" AND ", " OR "):  # all words first; any word when that finds nothing
            match = joiner.join(f'"{w}"' for w in words)
            rows = conn.execute(
                "SELECT doc, locator, line, snippet(passages, 3, '[', ']', '…', 16) FROM passages WHERE passages MATCH ? ORDER BY bm25(passages) LIMIT ?",
                (match, limit),
            ).fetchall()
            if rows:
                break
    finally:
        conn.close()
    return [SearchHit(doc, locator, int(line), snippet) for doc, locator, line, snippet in rows]

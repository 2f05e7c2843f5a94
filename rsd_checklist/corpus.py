"""The reports: metadata, regions (pages, sections, notes), quotation lookup and search.

Quotations are matched on a *key* form of the text that forgives what differs between a careful
transcription and the file: runs of white space, line-end hyphenation (joined or kept),
typographic quotes and dashes, and footnote markers glued to words ("property.5"). Body text is
matched apart from footnotes and running heads, so a quotation may run across a page break.
The pinpoint of a match is computed from the region where it starts (and ends).
"""

from __future__ import annotations

import bisect
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from rsd_checklist.errors import InputError, Position
from rsd_checklist.yamlio import YamlDocument, load_yaml

METADATA_FILE = "corpus.yaml"
MAX_FRAGMENT_GAP = 2500  # key characters allowed between the fragments of a "..." quotation

_FOLD = str.maketrans(
    {
        "\u2018": "'",
        "\u2019": "'",
        "\u201b": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u201e": '"',
        "\u2033": '"',
        "\u2010": "-",
        "\u2011": "-",
        "\u2012": "-",
        "\u2013": "-",
        "\u2014": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
    }
)
_MARKER_PUNCT = set(".,;:'\")")
_ELLIPSIS = re.compile(r"\s*(?:\.\s?\.\s?\.|\u2026)\s*")
_HYPHEN_BREAK = re.compile(r"(\w+)-[ \t]*\n\s*(\w+)")


class Region(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    line: int = Field(ge=1)
    locator: str
    kind: str = Field(default="text", pattern="^(text|note|furniture)$")
    expect: str = ""


class DocumentMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9-]*$")
    file: str
    short: str
    citation: str
    scheme: str
    source_note: str = ""
    regions: list[Region] = Field(min_length=1)


class CorpusMeta(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)
    documents: list[DocumentMeta] = Field(min_length=1)


def fold(text: str) -> str:
    """Typographic quotes, dashes and special spaces to their plain forms."""
    return text.translate(_FOLD)


def _is_marker(text: str, start: int, end: int) -> bool:
    """Whether the digits text[start:end] are a footnote marker glued to the word before them."""
    if end - start > 2 or start == 0:
        return False
    if end < len(text) and not text[end].isspace():
        return False
    before = text[start - 1]
    if before.isalpha():
        return True
    return before in _MARKER_PUNCT and start >= 2 and not text[start - 2].isdigit()


def key_with_offsets(text: str) -> tuple[str, list[int]]:
    """The matching key of `text` and, for each key character, its offset in `text`."""
    text = fold(text)
    out: list[str] = []
    offsets: list[int] = []
    i, n = 0, len(text)
    while i < n:
        ch = text[i]
        if ch == "-":
            j = i + 1
            while j < n and text[j] in " \t":
                j += 1
            if j < n and text[j] in "\r\n":  # line-end hyphenation: join the halves
                while j < n and text[j].isspace():
                    j += 1
                i = j
            else:
                i += 1
            continue
        if ch.isspace():
            j = i
            while j < n and text[j].isspace():
                j += 1
            if out and out[-1] != " ":
                out.append(" ")
                offsets.append(i)
            i = j
            continue
        if ch.isdigit():
            j = i
            while j < n and text[j].isdigit():
                j += 1
            if _is_marker(text, i, j):
                i = j
                continue
            out.extend(text[i:j])
            offsets.extend(range(i, j))
            i = j
            continue
        out.append(ch)
        offsets.append(i)
        i += 1
    return "".join(out), offsets


def key(text: str) -> str:
    return key_with_offsets(text)[0].strip()


def quote_fragments(quote: str) -> list[str]:
    """The parts of a quotation between ellipses, each in key form."""
    return [k for k in (key(part) for part in _ELLIPSIS.split(quote)) if k]


@dataclass(frozen=True)
class Match:
    doc: Document
    locator: str
    text: str  # the corpus's own wording, white space collapsed, markers dropped
    start_line: int
    end_line: int
    sentence_goes_on: bool = False  # the quotation stops before the end of the report's sentence


@dataclass
class Document:
    meta: DocumentMeta
    path: Path

    @property
    def id(self) -> str:
        return self.meta.id

    @cached_property
    def text(self) -> str:
        return self.path.read_text(encoding="utf-8")

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        starts.extend(m.end() for m in re.finditer("\n", self.text))
        return starts

    def line_of(self, offset: int) -> int:
        return bisect.bisect_right(self._line_starts, offset)

    def region_at_line(self, line: int) -> Region | None:
        lines = [r.line for r in self.meta.regions]
        i = bisect.bisect_right(lines, line) - 1
        return self.meta.regions[i] if i >= 0 else None

    def segments(self) -> Iterator[tuple[Region, int, int]]:
        """Each region with the offsets of its text: (region, start, end)."""
        starts = self._line_starts
        regions = self.meta.regions
        for i, region in enumerate(regions):
            start = starts[region.line - 1] if region.line - 1 < len(starts) else len(self.text)
            if i + 1 < len(regions):
                nxt = regions[i + 1].line - 1
                end = starts[nxt] if nxt < len(starts) else len(self.text)
            else:
                end = len(self.text)
            yield region, start, end

    @cached_property
    def _streams(self) -> list[_Stream]:
        """Matching streams: the body (text regions joined in order), then one per note."""
        body: list[tuple[int, int]] = []
        notes: list[list[tuple[int, int]]] = []
        for region, start, end in self.segments():
            if region.kind == "text":
                body.append((start, end))
            elif region.kind == "note":
                notes.append([(start, end)])
        return [_Stream.build(self.text, pieces) for pieces in [body, *notes] if pieces]

    def find_all(self, quote: str) -> list[Match]:
        """Every place where the quotation stands, in the order of the text."""
        fragments = quote_fragments(quote)
        if not fragments:
            return []
        matches = []
        for stream in self._streams:
            pos = stream.key.find(fragments[0])
            while pos != -1:
                spans = [(pos, pos + len(fragments[0]))]
                for fragment in fragments[1:]:
                    nxt = stream.key.find(fragment, spans[-1][1])
                    if nxt == -1 or nxt - spans[-1][1] > MAX_FRAGMENT_GAP:
                        break
                    spans.append((nxt, nxt + len(fragment)))
                else:
                    matches.append(self._match(quote, stream, spans))
                pos = stream.key.find(fragments[0], pos + 1)
        return matches

    def _match(self, quote: str, stream: _Stream, spans: list[tuple[int, int]]) -> Match:
        start_line = self.line_of(stream.original(spans[0][0]))
        end_line = self.line_of(stream.original(spans[-1][1] - 1))
        start_region = self.region_at_line(start_line)
        end_region = self.region_at_line(end_line)
        locator = _span_locator(
            start_region.locator if start_region else "",
            end_region.locator if end_region else "",
        )
        words = [_wording(quote, stream.text[stream.offsets[a] : stream.offsets[b - 1] + 1]) for a, b in spans]
        end = stream.offsets[spans[-1][1] - 1] + 1
        goes_on = _sentence_goes_on(stream.text[max(0, end - 8) : end], stream.text[end : end + 80])
        return Match(self, locator, " ... ".join(words), start_line, end_line, goes_on)


_SENTENCE_END = ".!?"
_PARAGRAPH_END = re.compile(r"[\"'”’)\]]*\d*[ \t]*(\r?\n[ \t]*){2}")
_CLOSING = "\"'”’)]"


def _sentence_goes_on(tail: str, after: str) -> bool:
    """Whether the report's sentence continues past a quotation that ends with `tail`.

    A block quotation that stops mid-sentence must say so (with an ellipsis), or it reads as
    if the report's sentence ended there. Closing quotation marks and footnote numbers
    (glued to the word in these reports) are looked past.
    """
    if tail.rstrip(_CLOSING)[-1:] in tuple(_SENTENCE_END):
        return False
    if _PARAGRAPH_END.match(after):  # a heading or a list item ends without a full stop
        return False
    rest = after.lstrip(_CLOSING).lstrip("0123456789").lstrip()
    return bool(rest) and rest[0] not in _SENTENCE_END


@dataclass
class _Stream:
    """Regions' text joined in reading order, its key, and the way back to file offsets."""

    text: str
    key: str
    offsets: list[int]  # key index -> offset in `text`
    pieces: list[tuple[int, int]]  # (offset in `text`, offset in the file) where each piece starts

    @classmethod
    def build(cls, source: str, spans: list[tuple[int, int]]) -> _Stream:
        parts, pieces, at = [], [], 0
        for start, end in spans:
            pieces.append((at, start))
            parts.append(source[start:end])
            at += end - start
        text = "".join(parts)
        key_text, offsets = key_with_offsets(text)
        return cls(text, key_text, offsets, pieces)

    def original(self, key_index: int) -> int:
        offset = self.offsets[key_index]
        i = bisect.bisect_right(self.pieces, (offset, float("inf"))) - 1
        at, start = self.pieces[i]
        return start + offset - at


def _wording(quote: str, raw: str) -> str:
    """The corpus's words for a quotation: a line-end hyphen is kept where the quotation keeps it."""
    plain_quote = " ".join(fold(quote).split())
    return readable(raw, lambda first, second: f"{first}-{second}" in plain_quote)


def readable(raw: str, keep_hyphen: Callable[[str, str], bool]) -> str:
    """Text as a reader sees it: white space collapsed, line-end hyphenation resolved by
    `keep_hyphen(first, second)`, footnote markers glued to words dropped."""
    raw = _HYPHEN_BREAK.sub(lambda m: f"{m[1]}-{m[2]}" if keep_hyphen(m[1], m[2]) else f"{m[1]}{m[2]}", raw)
    out = []
    for token in raw.split():
        m = re.fullmatch(r"(.*?\D)(\d{1,2})", token)
        if m and _is_marker(token, len(m[1]), len(token)):
            token = m[1]
        out.append(token)
    return " ".join(out)


def _span_locator(start: str, end: str) -> str:
    if not end or start == end:
        return start
    a, b = re.fullmatch(r"p\. (\d+)", start), re.fullmatch(r"p\. (\d+)", end)
    if a and b:
        return f"pp. {a[1]}-{b[1]}"
    return f"{start} to {end}"


@dataclass
class Corpus:
    directory: Path
    documents: dict[str, Document] = field(default_factory=dict)

    def document(self, doc_id: str) -> Document | None:
        return self.documents.get(doc_id)

    def find(self, doc_id: str, quote: str) -> list[Match]:
        doc = self.documents.get(doc_id)
        return doc.find_all(quote) if doc else []

    def check_regions(self) -> list[InputError]:
        """Regions whose `expect` text no longer opens their line: the file has shifted."""
        problems = []
        meta_file = str(self.directory / METADATA_FILE)
        for doc in self.documents.values():
            lines = doc.text.split("\n")
            previous = 0
            for region in doc.meta.regions:
                where = Position(meta_file)
                if region.line <= previous:
                    problems.append(
                        InputError(where, f"{doc.id}: regions must be in line order (line {region.line})", "sort them")
                    )
                previous = region.line
                if region.line > len(lines):
                    problems.append(
                        InputError(
                            where,
                            f"{doc.id}: region '{region.locator}' starts at line {region.line}, past the end of {doc.meta.file}",
                            "fix the line",
                        )
                    )
                elif not lines[region.line - 1].rstrip().startswith(region.expect.rstrip()):
                    problems.append(
                        InputError(
                            where,
                            f"{doc.id}: line {region.line} of {doc.meta.file} does not begin with {region.expect!r} ({region.locator})",
                            "the text has shifted: correct the region's line",
                        )
                    )
        return problems

    @cached_property
    def vocabulary(self) -> frozenset[str]:
        """Every word of the reports, lower-cased: tells "in-/ward" (joined) from "all-/pervasive" (kept)."""
        words: set[str] = set()
        for doc in self.documents.values():
            words.update(w.lower() for w in re.findall(r"[^\W\d_]+", doc.text))
        return frozenset(words)

    def readable(self, raw: str) -> str:
        """A passage as a reader sees it; a line-end hyphen is joined when the joined word occurs elsewhere."""
        return readable(raw, lambda first, second: (first + second).lower() not in self.vocabulary)

    def search(self, query: str, limit: int = 10) -> list[SearchHit]:
        from rsd_checklist.search import search_corpus

        return search_corpus(self, query, limit)


@dataclass(frozen=True)
class SearchHit:
    doc_id: str
    locator: str
    line: int
    snippet: str


def load_corpus(directory: Path) -> Corpus:
    meta_path = directory / METADATA_FILE
    if not directory.is_dir():
        raise InputError(str(directory), "is not a corpus folder", f"give a folder that holds {METADATA_FILE}")
    doc: YamlDocument = load_yaml(meta_path, "corpus metadata file")
    try:
        meta = CorpusMeta.model_validate(doc.data)
    except ValidationError as exc:
        from rsd_checklist.loader import validation_error

        raise validation_error(exc, doc) from None
    corpus = Corpus(directory)
    for i, dmeta in enumerate(meta.documents):
        path = directory / dmeta.file
        where = doc.position(("documents", i, "file"))
        if dmeta.id in corpus.documents:
            raise InputError(
                doc.position(("documents", i, "id")),
                f"document id '{dmeta.id}' is used twice",
                "give each report its own id",
            )
        if not path.is_file():
            raise InputError(
                where, f"the report file {dmeta.file} is not in {directory}", "copy the report beside corpus.yaml"
            )
        corpus.documents[dmeta.id] = Document(dmeta, path)
    return corpus

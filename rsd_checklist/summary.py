"""The argument summary: one model, built from an evaluation, that every export renders.

Everything a renderer needs is decided here, once: the order of the parts, the reasons an
argument applies in plain words, the quotations in the report's own wording with the pinpoint
the corpus computes, the footnote numbers and the short forms of citations (``Id.``,
``Charny, supra note 2, at 93``). A renderer only lays the parts out, so Markdown, HTML, Word
and JSON always agree on numbering and wording.

The model holds no legal logic of its own: statuses, explanations and missing facts come from
the `Evaluation`; the legal text and the citations come from the rule base and the corpus.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from typing import Literal

from rsd_checklist import DISCLAIMER, __version__
from rsd_checklist import conditions as cond
from rsd_checklist.casefile import Case
from rsd_checklist.corpus import Corpus
from rsd_checklist.engine import Evaluation, Explanation
from rsd_checklist.render import status_label
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.schema import ArgumentDef, Citation, Status

SUMMARY_FORMAT_VERSION = 1
ANONYMISED_TITLE = "Anonymised case"
ANONYMISED_NOTICE = (
    "Anonymised export: the case title, summary and notes were left out, because free text may name a real person."
)
OUTSIDE_CORPUS = "(outside the corpus, not quoted)"

# Characters XML 1.0 (and so Word and well-formed HTML) cannot hold; removed from every text.
_NOT_XML = re.compile("[^\t\n\r\u0020-\ud7ff\ue000-\ufffd\U00010000-\U0010ffff]")


def clean(text: str) -> str:
    """Text safe for every format: control characters dropped, line separators made newlines."""
    text = text.replace("\r\n", "\n").replace("\r", "\n").replace("\u2028", "\n").replace("\u2029", "\n\n")
    return _NOT_XML.sub("", text.replace("\x85", "\n"))


def _line(text: str) -> str:
    """Single-line text (titles, labels, answers, citations): white space collapsed."""
    return " ".join(clean(text).split())


def paragraphs(text: str) -> tuple[str, ...]:
    """Free text as paragraphs: blank lines separate them, other line breaks become spaces."""
    parts = re.split(r"\n[ \t]*\n", clean(text))
    return tuple(p for p in (" ".join(part.split()) for part in parts) if p)


# ---------------------------------------------------------------------------------------------
# The model


@dataclass(frozen=True)
class Segment:
    """A run of footnote text; legal style sets `Id.` and `supra` in italics."""

    text: str
    italic: bool = False


@dataclass(frozen=True)
class Footnote:
    number: int
    doc_id: str
    locator: str
    form: Literal["full", "supra", "id"]
    segments: tuple[Segment, ...]
    verified: bool = True  # False: the passage was not found in the report; rule's wording used

    @property
    def text(self) -> str:
        return "".join(s.text for s in self.segments)


@dataclass(frozen=True)
class Quotation:
    text: str  # the report's own wording
    doc_id: str
    locator: str  # the pinpoint computed from where the passage stands
    footnote: int


@dataclass(frozen=True)
class FactLine:
    id: str
    label: str
    answer: str  # as a person reads it
    derived: bool = False  # follows from other answers, not asked


@dataclass(frozen=True)
class OpenQuestion:
    id: str
    label: str
    prompt: str
    settles: tuple[str, ...]  # ids of the open arguments its answer could settle


@dataclass(frozen=True)
class ChecklistRow:
    id: str
    title: str
    status: Status
    label: str  # symbol and word, never colour alone


@dataclass(frozen=True)
class ChecklistGroup:
    id: str
    title: str
    rows: tuple[ChecklistRow, ...]


@dataclass(frozen=True)
class Authority:
    cite: str
    point: str


@dataclass(frozen=True)
class Weakness:
    point: str
    quotations: tuple[Quotation, ...]


@dataclass(frozen=True)
class Response:
    """How an opposing position is met: the argument that meets it (if any), in words, with sources."""

    argument: str | None
    argument_title: str | None
    argument_status: Status | None
    text: str
    quotations: tuple[Quotation, ...]


@dataclass(frozen=True)
class Opposition:
    """An opposing position an argument meets, and the response to it.

    When the position itself applies, it has its own section with the full response and its
    sources (`set_out_below`); otherwise the response's sources are quoted here.
    """

    position: str
    position_title: str
    position_status: Status
    response: str
    set_out_below: bool
    quotations: tuple[Quotation, ...]


@dataclass(frozen=True)
class ArgumentSection:
    id: str
    group: str
    group_title: str
    title: str
    status: Status
    kind: Literal["argument", "opposing_position"]
    test: str
    reasons: tuple[str, ...]  # why it applies on these facts, in plain words
    note: str
    quotations: tuple[Quotation, ...]
    oppositions: tuple[Opposition, ...]  # positions this argument meets
    responses: tuple[Response, ...]  # for an opposing position: how it is met
    weaknesses: tuple[Weakness, ...]
    authorities: tuple[Authority, ...]


@dataclass(frozen=True)
class OpenArgument:
    id: str
    title: str
    group_title: str
    questions: tuple[OpenQuestion, ...]  # the unanswered questions that could settle it


@dataclass(frozen=True)
class Remedy:
    id: str
    title: str
    request: str  # what to ask for (the rule's test)
    reasons: tuple[str, ...]
    note: str
    quotations: tuple[Quotation, ...]
    obstacles: tuple[Weakness, ...]
    authorities: tuple[Authority, ...]


@dataclass(frozen=True)
class MapNode:
    id: str
    title: str
    group: str
    group_title: str
    status: Status | None  # None in a map of the rule base without a case


@dataclass(frozen=True)
class MapEdge:
    source: str
    target: str
    kind: Literal["supports", "defeats", "answers"]  # source supports / defeats / answers target


@dataclass(frozen=True)
class ArgumentMap:
    nodes: tuple[MapNode, ...]
    edges: tuple[MapEdge, ...]
    omitted: int = 0  # arguments left out (those that do not apply on these facts)


@dataclass(frozen=True)
class BibliographyEntry:
    doc_id: str
    short: str
    citation: str
    first_note: int


@dataclass(frozen=True)
class StatusCounts:
    applies: int
    does_not_apply: int
    undetermined: int


@dataclass(frozen=True)
class Summary:
    title: str
    date: date
    date_text: str
    disclaimer: str
    anonymised: bool
    anonymised_notice: str | None
    case_name: str | None  # the case file's stem; None when anonymised
    case_summary: str  # "" when anonymised
    notes: tuple[str, ...]  # paragraphs; () when anonymised
    model_answer: tuple[str, ...]  # a training case's model answer, in paragraphs; () when none or anonymised
    rule_base_title: str
    rule_base_hash: str
    tool_version: str
    counts: StatusCounts
    facts: tuple[FactLine, ...]  # answered, in questionnaire order
    derived_facts: tuple[FactLine, ...]  # supplied by the rule base from the answers
    open_questions: tuple[OpenQuestion, ...]  # worth asking now, in questionnaire order
    next_question: str | None
    checklist: tuple[ChecklistGroup, ...]
    arguments: tuple[ArgumentSection, ...]  # those that apply, outside remedies: the advocate's, then opposing
    open_arguments: tuple[OpenArgument, ...]
    remedies: tuple[Remedy, ...]
    argument_map: ArgumentMap
    bibliography: tuple[BibliographyEntry, ...]
    other_authorities: tuple[Authority, ...]  # outside the corpus, not quoted
    footnotes: tuple[Footnote, ...]

    # `arguments` holds both kinds, the advocate's first, so that one list in reading order
    # keeps the footnote numbers running 1, 2, 3 in every format; these split it for renderers.
    @property
    def own_arguments(self) -> tuple[ArgumentSection, ...]:
        """The advocate's arguments that apply."""
        return tuple(s for s in self.arguments if s.kind == "argument")

    @property
    def opposing_positions(self) -> tuple[ArgumentSection, ...]:
        """The opposing positions that arise on these facts, each with the answers to it."""
        return tuple(s for s in self.arguments if s.kind == "opposing_position")


# ---------------------------------------------------------------------------------------------
# Citations: footnote numbers and short forms, decided once in reading order


def pinpoint(locator: str, *, after_id: bool = False) -> str:
    """How a pinpoint follows a citation: ``, at 93`` for pages (``Id. at 93``), ``, s. 301(b)(1)`` otherwise."""
    m = re.fullmatch(r"pp?\. (.+)", locator)
    if m:
        return f" at {m[1]}" if after_id else f", at {m[1]}"
    return f", {locator}" if locator else ""


class _Notes:
    """Hands out footnote numbers in reading order and picks the form of each citation."""

    def __init__(self, corpus: Corpus) -> None:
        self.corpus = corpus
        self.notes: list[Footnote] = []
        self.first: dict[str, int] = {}

    def quote(self, citation: Citation) -> Quotation:
        matches = self.corpus.find(citation.doc, citation.quote)
        if matches:
            match = next((m for m in matches if m.locator == citation.at), matches[0])
            text, locator, verified = _line(match.text), match.locator, True
            if match.sentence_goes_on:  # else the quotation would read as the report's whole sentence
                text += " ..."
        else:  # not found (validate would have said so): the rule's own words and pinpoint
            text, locator, verified = _line(citation.quote), citation.at, False
        number = len(self.notes) + 1
        self.notes.append(self._footnote(number, citation.doc, locator, verified))
        return Quotation(text, citation.doc, locator, number)

    def quotes(self, citations: Iterable[Citation]) -> tuple[Quotation, ...]:
        return tuple(self.quote(c) for c in citations)

    def _footnote(self, number: int, doc_id: str, locator: str, verified: bool) -> Footnote:
        doc = self.corpus.document(doc_id)
        full = _line(doc.meta.citation) if doc else doc_id
        short = _line(doc.meta.short) if doc else doc_id
        pin = pinpoint(locator)
        id_pin = pinpoint(locator, after_id=True)
        previous = self.notes[-1] if self.notes else None
        segments: list[Segment]
        if previous is not None and previous.doc_id == doc_id:
            form: Literal["full", "supra", "id"] = "id"
            same = previous.locator == locator
            segments = [Segment("Id.", italic=True)] if same else [Segment("Id.", italic=True), Segment(f"{id_pin}.")]
        elif doc_id in self.first:
            form = "supra"
            segments = [
                Segment(f"{short}, "),
                Segment("supra", italic=True),
                Segment(f" note {self.first[doc_id]}{pin}."),
            ]
        else:
            form = "full"
            self.first[doc_id] = number
            segments = [Segment(f"{full}{pin}.")]
        if not verified:
            segments.append(Segment(" (Passage not found in the report's text; quoted as the rule file gives it.)"))
        return Footnote(number, doc_id, locator, form, tuple(_merge(segments)), verified)


def _merge(segments: list[Segment]) -> list[Segment]:
    out: list[Segment] = []
    for s in segments:
        if out and out[-1].italic == s.italic:
            out[-1] = Segment(out[-1].text + s.text, s.italic)
        else:
            out.append(s)
    return out


# ---------------------------------------------------------------------------------------------
# Sorting lists of sources

# A plural pinpoint sorts with the singular, so "paras. 37-50" falls between "para. 28" and
# "para. 51" as a reader looking for paragraph 37 expects, not after every "para.".
_PLURAL_PINPOINT = re.compile(r"\b(para|art)s\.|\b([sp])\2\.")


def natural_key(text: str) -> tuple[tuple[str | int, ...], str]:
    """Sort key that reads numbers as numbers: "No. 8" before "No. 25" before "No. 105"."""
    folded = _PLURAL_PINPOINT.sub(lambda m: f"{m[1] or m[2]}.", text.casefold())
    # re.split with a group alternates text and digits, always starting with text, so the
    # tuples compare str with str and int with int at every position.
    parts = re.split(r"(\d+)", folded)
    return tuple(int(p) if i % 2 else p for i, p in enumerate(parts)), text


# ---------------------------------------------------------------------------------------------
# Reasons in plain words


def reasons(evaluation: Evaluation, argument_id: str) -> tuple[str, ...]:
    """The decisive answers behind an argument's status, one plain sentence each."""
    lines: list[str] = []
    _collect(evaluation, evaluation.explanation(argument_id), False, lines)
    return tuple(dict.fromkeys(lines))


def _collect(evaluation: Evaluation, node: Explanation, negated: bool, out: list[str]) -> None:
    if not node.decisive:
        return
    rb = evaluation.rule_base
    if node.fact is not None:
        text = _line(node.text)
        answer = _line(node.answer or "not known")
        if evaluation.is_derived(node.fact):
            how = f"{answer} (follows from the other answers; not asked)"
        else:
            how = f"answered {answer}"
        out.append(f"{text}: does not hold, {how}" if negated else f"{text}: {how}")
    elif node.argument is not None:
        title = _line(rb.arguments[node.argument].title)
        out.append(f"“{title}” does not apply" if negated else f"“{title}” applies")
    elif node.text == "not:":
        for child in node.children:
            _collect(evaluation, child, not negated, out)
    else:
        for child in node.children:
            _collect(evaluation, child, negated, out)


# ---------------------------------------------------------------------------------------------
# The argument map


def argument_map(rule_base: RuleBase, evaluation: Evaluation | None = None, *, include_all: bool = True) -> ArgumentMap:
    """Which arguments support, defeat or answer which; with a case, each argument's status.

    `include_all=False` leaves out the arguments that do not apply on the case's facts."""
    status = (lambda a: evaluation.status(a)) if evaluation is not None else (lambda a: None)
    keep = {
        a for a in rule_base.arguments if include_all or evaluation is None or evaluation.status(a) != "does_not_apply"
    }
    nodes = tuple(
        MapNode(a.id, _line(a.title), a.group, _group_title(rule_base, a.group), status(a.id))
        for a in rule_base.arguments.values()
        if a.id in keep
    )
    edges: list[MapEdge] = []
    for arg in rule_base.arguments.values():
        for source, negated in _argument_tests(arg.when, False):
            edges.append(MapEdge(source, arg.id, "defeats" if negated else "supports"))
        for answer in arg.answers:
            if answer.argument:
                edges.append(MapEdge(answer.argument, arg.id, "answers"))
    kept = tuple(dict.fromkeys(e for e in edges if e.source in keep and e.target in keep))
    return ArgumentMap(nodes, kept, len(rule_base.arguments) - len(keep))


def _group_title(rule_base: RuleBase, group_id: str) -> str:
    group = rule_base.groups.get(group_id)
    return _line(group.title) if group else group_id


def _argument_tests(node: cond.Condition, negated: bool) -> Iterable[tuple[str, bool]]:
    if isinstance(node, cond.ArgumentTest):
        yield node.argument, negated
    elif isinstance(node, cond.Not):
        yield from _argument_tests(node.part, not negated)
    elif isinstance(node, (cond.All, cond.Any_)):
        for part in node.parts:
            yield from _argument_tests(part, negated)


# ---------------------------------------------------------------------------------------------
# Building the summary


def date_text(day: date) -> str:
    return f"{day.day} {day:%B %Y}"


def build_summary(
    case: Case, evaluation: Evaluation, corpus: Corpus, *, anonymise: bool = False, today: date
) -> Summary:
    rb = evaluation.rule_base
    notes = _Notes(corpus)
    results = evaluation.results
    counts = StatusCounts(
        *(sum(r.status == s for r in results.values()) for s in ("applies", "does_not_apply", "undetermined"))
    )

    facts = tuple(
        FactLine(f, _line(rb.facts[f].label), _line(rb.format_value(f, evaluation.answers[f])))
        for f in rb.facts
        if evaluation.answers.get(f) is not None
    )
    derived = tuple(
        FactLine(f, _line(rb.facts[f].label), _line(rb.format_value(f, evaluation.facts[f])), derived=True)
        for f in rb.facts
        if evaluation.answers.get(f) is None and evaluation.facts.get(f) is not None
    )
    open_questions = tuple(
        OpenQuestion(f, _line(rb.facts[f].label), _line(rb.facts[f].prompt), settles)
        for f, settles in evaluation.relevance.items()
    )

    checklist = []
    for group in rb.groups.values():
        rows = tuple(
            ChecklistRow(a.id, _line(a.title), results[a.id].status, status_label(results[a.id].status))
            for a in rb.arguments_in_group(group.id)
        )
        if rows:
            checklist.append(ChecklistGroup(group.id, _line(group.title), rows))

    # Reading order decides the footnote numbers: the advocate's arguments, then the opposing
    # positions they meet (set apart so that no reader takes one for the advocate's own), then
    # the remedies.
    applying = [a for a in rb.arguments.values() if results[a.id].status == "applies"]
    groups = evaluation.rule_base.groups
    pleaded = [a for a in applying if groups[a.group].role != "remedies"]
    sections = tuple(
        _section(evaluation, a, notes)
        for kind in ("argument", "opposing_position")
        for a in pleaded
        if _kind(a) == kind
    )
    remedies = tuple(_remedy(evaluation, a, notes) for a in applying if groups[a.group].role == "remedies")

    open_arguments = tuple(
        OpenArgument(
            a.id,
            _line(a.title),
            _group_title(rb, a.group),
            tuple(
                OpenQuestion(f, _line(rb.facts[f].label), _line(rb.facts[f].prompt), evaluation.relevance.get(f, ()))
                for f in results[a.id].missing_facts
            ),
        )
        for a in rb.arguments.values()
        if results[a.id].status == "undetermined"
    )

    bibliography = tuple(
        sorted(
            (
                BibliographyEntry(
                    doc_id,
                    _line(corpus.documents[doc_id].meta.short) if doc_id in corpus.documents else doc_id,
                    _line(corpus.documents[doc_id].meta.citation) if doc_id in corpus.documents else doc_id,
                    first,
                )
                for doc_id, first in notes.first.items()
            ),
            key=lambda e: (natural_key(e.short), natural_key(e.citation)),
        )
    )
    # One entry per citation: the rule files name each authority in one form, so the same
    # citation from two arguments is the same source (the first argument's point is kept).
    authorities: dict[str, Authority] = {}
    for authority in (*(a for s in sections for a in s.authorities), *(a for r in remedies for a in r.authorities)):
        authorities.setdefault(authority.cite, authority)
    other = tuple(sorted(authorities.values(), key=lambda a: natural_key(a.cite)))

    return Summary(
        title=ANONYMISED_TITLE if anonymise else _line(case.title),
        date=today,
        date_text=date_text(today),
        disclaimer=DISCLAIMER,
        anonymised=anonymise,
        anonymised_notice=ANONYMISED_NOTICE if anonymise else None,
        case_name=None if anonymise else (case.name or None),
        case_summary="" if anonymise else _line(case.summary),
        notes=() if anonymise else paragraphs(case.notes),
        model_answer=() if anonymise else paragraphs(case.model_answer),
        rule_base_title=_line(rb.title),
        rule_base_hash=rb.content_hash,
        tool_version=__version__,
        counts=counts,
        facts=facts,
        derived_facts=derived,
        open_questions=open_questions,
        next_question=evaluation.next_question,
        checklist=tuple(checklist),
        arguments=sections,
        open_arguments=open_arguments,
        remedies=remedies,
        argument_map=argument_map(rb, evaluation, include_all=False),
        bibliography=bibliography,
        other_authorities=other,
        footnotes=tuple(notes.notes),
    )


def _kind(arg: ArgumentDef) -> Literal["argument", "opposing_position"]:
    # An opposing position is what the rule base gives answers to.
    return "opposing_position" if arg.answers else "argument"


def _authorities(arg: ArgumentDef) -> tuple[Authority, ...]:
    return tuple(Authority(_line(a.cite), _line(a.point)) for a in arg.authorities)


def _section(evaluation: Evaluation, arg: ArgumentDef, notes: _Notes) -> ArgumentSection:
    rb = evaluation.rule_base
    # The order of the calls to `notes` below is the order every renderer prints them in.
    quotations = notes.quotes(arg.citations)
    oppositions = []
    for position, answer in rb.oppositions_to(arg.id):
        status = evaluation.status(position.id)
        if status == "does_not_apply":
            continue
        set_out = status == "applies"
        oppositions.append(
            Opposition(
                position.id,
                _line(position.title),
                status,
                _line(answer.response),
                set_out,
                () if set_out else notes.quotes(answer.citations),
            )
        )
    responses = tuple(
        Response(
            answer.argument,
            _line(rb.arguments[answer.argument].title) if answer.argument else None,
            evaluation.status(answer.argument) if answer.argument else None,
            _line(answer.response),
            notes.quotes(answer.citations),
        )
        for answer in arg.answers
    )
    weaknesses = tuple(Weakness(_line(w.point), notes.quotes(w.citations)) for w in arg.weaknesses)
    return ArgumentSection(
        id=arg.id,
        group=arg.group,
        group_title=_group_title(rb, arg.group),
        title=_line(arg.title),
        status=evaluation.status(arg.id),
        kind=_kind(arg),
        test=_line(arg.test),
        reasons=reasons(evaluation, arg.id),
        note=_line(arg.note),
        quotations=quotations,
        oppositions=tuple(oppositions),
        responses=responses,
        weaknesses=weaknesses,
        authorities=_authorities(arg),
    )


def _remedy(evaluation: Evaluation, arg: ArgumentDef, notes: _Notes) -> Remedy:
    quotations = notes.quotes(arg.citations)
    obstacles = tuple(Weakness(_line(w.point), notes.quotes(w.citations)) for w in arg.weaknesses)
    return Remedy(
        id=arg.id,
        title=_line(arg.title),
        request=_line(arg.test),
        reasons=reasons(evaluation, arg.id),
        note=_line(arg.note),
        quotations=quotations,
        obstacles=obstacles,
        authorities=_authorities(arg),
    )


def all_quotations(summary: Summary) -> list[Quotation]:
    """Every quotation in reading order (their footnote numbers run 1, 2, 3, ...)."""
    out: list[Quotation] = []
    for s in summary.arguments:
        out += s.quotations
        for o in s.oppositions:
            out += o.quotations
        for r in s.responses:
            out += r.quotations
        for w in s.weaknesses:
            out += w.quotations
    for remedy in summary.remedies:
        out += remedy.quotations
        for w in remedy.obstacles:
            out += w.quotations
    return out


__all__ = [
    "ANONYMISED_NOTICE",
    "OUTSIDE_CORPUS",
    "ArgumentMap",
    "ArgumentSection",
    "Footnote",
    "Quotation",
    "Summary",
    "all_quotations",
    "argument_map",
    "build_summary",
    "natural_key",
]

"""The argument summary as Markdown: footnote syntax (``[^1]``), pipe tables, a Mermaid map.

Every piece of text is escaped, so nothing in a title, a note or a rule becomes markup, a link
or raw HTML.
"""

from __future__ import annotations

import re

from rsd_checklist.export import words as w
from rsd_checklist.export.graph import to_mermaid
from rsd_checklist.summary import ArgumentSection, Footnote, Quotation, Summary, Weakness

_SPECIAL = re.compile(r"([\\`*_\[\]<>|#~$])")
_ENTITY = re.compile(r"&(?=#?[A-Za-z0-9]+;)")


def md(text: str) -> str:
    """Plain text as Markdown that shows exactly that text: no markup, link, footnote or HTML."""
    text = _SPECIAL.sub(r"\\\1", text)
    text = _ENTITY.sub(r"\\&", text)
    text = re.sub(r"^(\s*)([-+=])", r"\1\\\2", text, flags=re.MULTILINE)  # list markers, setext
    return re.sub(r"^(\s*\d+)([.)])", r"\1\\\2", text, flags=re.MULTILINE)  # ordered list markers


def code(text: str) -> str:
    """A code span that holds `text` whatever backticks it contains."""
    longest = max((len(run) for run in re.findall("`+", text)), default=0)
    fence = "`" * (longest + 1)
    pad = " " if text.startswith("`") or text.endswith("`") else ""
    return f"{fence}{pad}{text}{pad}{fence}"


def _ref(number: int) -> str:
    return f"[^{number}]"


def _quotes(quotations: tuple[Quotation, ...]) -> list[str]:
    out = []
    for q in quotations:
        out += [f"> {md(q.text)}{_ref(q.footnote)}", ""]
    return out


def _weaknesses(label: str, items: tuple[Weakness, ...], word: str) -> list[str]:
    if not items:
        return []
    out = [f"**{label}**", ""]
    for i, item in enumerate(items, 1):
        out += [f"*{word} {i}.* {md(item.point)}", ""]
        out += _quotes(item.quotations)
    return out


def _footnote(note: Footnote) -> str:
    text = "".join(f"*{md(s.text)}*" if s.italic else md(s.text) for s in note.segments)
    return f"{_ref(note.number)}: {text}"


def _section(s: ArgumentSection) -> list[str]:
    """An argument, or an opposing position with the answers to it, as a level-3 section."""
    opposing = s.kind == "opposing_position"
    out = [f"### {md(s.title)}", "", f"*{md(w.section_caption(s))}* · `{s.id}`", ""]
    out += [f"**{w.POSITION if opposing else w.TEST}** {md(s.test)}", ""]
    out += [f"**{w.WHY_RAISED if opposing else w.WHY}**", ""] + [f"- {md(r)}" for r in s.reasons] + [""]
    if s.note:
        out += [f"**{w.NOTE}** {md(s.note)}", ""]
    out += [f"**{w.STATING if opposing else w.SUPPORT}**", "", *_quotes(s.quotations)]
    if s.oppositions:
        out += [f"**{w.OPPOSING}**", ""]
        for o in s.oppositions:
            crossref = w.opposition_crossref(o)
            text = md(w.opposition_text(o)) + (f" {md(crossref)}" if crossref else "")
            out += [f"*{md(w.opposition_heading(o))}* {text}", ""]
            out += _quotes(o.quotations)
    if s.responses:
        out += [f"**{w.RESPONSES}**", ""]
        for r in s.responses:
            out += [f"*{md(w.response_heading(r))}* {md(r.text)}", ""]
            out += _quotes(r.quotations)
    out += _weaknesses(w.WEAKNESSES, s.weaknesses, "Weakness")
    if s.authorities:
        out += [f"**{w.AUTHORITIES}**", ""] + [f"- {md(w.authority_text(a))}" for a in s.authorities] + [""]
    return out


def render_markdown(summary: Summary) -> str:
    out: list[str] = [f"# {w.HEADING_TITLE}: {md(summary.title)}", ""]
    meta = [f"**{label}:** {md(value)}" for label, value in w.meta_lines(summary)]
    if summary.case_name:
        meta[-1] = f"**{w.CASE_FILE}:** {code(summary.case_name)}"
    out += ["  \n".join(meta), ""]
    out += [f"> {md(summary.disclaimer)}", ""]
    if summary.anonymised_notice:
        out += [f"*{md(summary.anonymised_notice)}*", ""]

    out += [f"## {w.FACTS}", "", f"### {w.FACTS_ANSWERED}", ""]
    if summary.facts:
        out += [f"| {w.FACT_HEADERS[0]} | {w.FACT_HEADERS[1]} |", "|---|---|"]
        out += [f"| {md(f.label)} | {md(f.answer)} |" for f in summary.facts]
    else:
        out.append(w.NO_FACTS)
    out.append("")
    if summary.derived_facts:
        out += [f"### {w.FACTS_DERIVED}", "", f"| {w.FACT_HEADERS[0]} | {w.FACT_HEADERS[1]} |", "|---|---|"]
        out += [f"| {md(f.label)} | {md(f.answer)} |" for f in summary.derived_facts]
        out.append("")
    if summary.case_summary or summary.notes:
        out += [f"### {w.CASE_NOTES}", ""]
        for paragraph in (summary.case_summary, *summary.notes):
            if paragraph:
                out += [md(paragraph), ""]
    out += [f"### {w.OPEN_QUESTIONS}", ""]
    if summary.open_questions:
        for q in summary.open_questions:
            first = " (the next question to ask)" if q.id == summary.next_question else ""
            out.append(f"- **{md(q.label)}**{first}: {md(q.prompt)} It {w.settles_text(len(q.settles))}.")
    else:
        out.append(w.NO_OPEN_QUESTIONS)
    out.append("")

    out += [f"## {w.CHECKLIST}", "", md(w.counts_sentence(summary.counts)), ""]
    for group in summary.checklist:
        out += [f"### {md(group.title)}", "", f"| {w.CHECKLIST_HEADERS[0]} | {w.CHECKLIST_HEADERS[1]} |", "|---|---|"]
        out += [f"| {md(r.label)} | {md(r.title)} (`{r.id}`) |" for r in group.rows]
        out.append("")

    out += [f"## {w.ARGUMENTS}", ""]
    if not summary.own_arguments:
        out += [w.NO_ARGUMENTS, ""]
    for s in summary.own_arguments:
        out += _section(s)

    out += [f"## {w.OPPOSING_SIDE}", "", w.OPPOSING_SIDE_INTRO, ""]
    if not summary.opposing_positions:
        out += [w.NO_OPPOSING, ""]
    for s in summary.opposing_positions:
        out += _section(s)

    out += [f"## {w.OPEN_ARGUMENTS}", ""]
    if summary.open_arguments:
        for a in summary.open_arguments:
            questions = " ".join(md(q.prompt) for q in a.questions)
            out.append(f"- **{md(a.title)}** (`{a.id}`; {md(a.group_title)}). Would be settled by: {questions}")
    else:
        out.append(w.NO_OPEN_ARGUMENTS)
    out.append("")

    out += [f"## {w.REMEDIES}", ""]
    if not summary.remedies:
        out += [w.NO_REMEDIES, ""]
    for r in summary.remedies:
        out += [f"### {md(r.title)}", "", f"`{r.id}`", ""]
        out += [f"**{w.REQUEST}** {md(r.request)}", ""]
        out += [f"**{w.WHY}**", ""] + [f"- {md(x)}" for x in r.reasons] + [""]
        if r.note:
            out += [f"**{w.NOTE}** {md(r.note)}", ""]
        out += [f"**{w.SUPPORT}**", "", *_quotes(r.quotations)]
        out += _weaknesses(w.OBSTACLES, r.obstacles, "Obstacle")
        if r.authorities:
            out += [f"**{w.AUTHORITIES}**", ""] + [f"- {md(w.authority_text(a))}" for a in r.authorities] + [""]

    if summary.model_answer:
        out += [f"## {w.MODEL_ANSWER}", "", f"*{md(w.MODEL_ANSWER_INTRO)}*", ""]
        for paragraph in summary.model_answer:
            out += [md(paragraph), ""]

    out += [f"## {w.MAP}", "", md(w.map_caption(summary.argument_map, drawn=True)), ""]
    out += ["```mermaid", to_mermaid(summary.argument_map).rstrip("\n"), "```", ""]

    out += [f"## {w.BIBLIOGRAPHY}", "", f"### {w.REPORTS_CITED}", ""]
    if summary.bibliography:
        out += [f"- {md(e.citation)}. {md(w.bibliography_tail(e.first_note, e.short))}" for e in summary.bibliography]
    else:
        out.append(w.NO_CITATIONS)
    out.append("")
    if summary.other_authorities:
        out += [f"### {w.OTHER_AUTHORITIES}", ""]
        out += [f"- {md(a.cite)}" for a in summary.other_authorities] + [""]

    if summary.footnotes:
        out += [f"## {w.NOTES}", ""] + [_footnote(n) for n in summary.footnotes] + [""]
    return "\n".join(out).rstrip("\n") + "\n"

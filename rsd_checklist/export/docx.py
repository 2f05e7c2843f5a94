"""The argument summary as a Word document (.docx), with python-docx (imported here only).

Real heading styles (Title, Heading 1-3) so Word's navigation pane and table of contents work,
a table for the facts and the checklist, and the 'Quote' style for block quotations.

Endnotes: python-docx has no API for Word's native footnotes or endnotes (they live in a
separate endnotes part that it does not write). The notes are therefore set out in a "Notes"
section at the end, numbered as in the summary model, with superscript reference numbers in the
text: the same numbering and short forms as the Markdown and HTML exports.
"""

from __future__ import annotations

import io
from datetime import datetime, time
from typing import Any

from rsd_checklist.export import words as w
from rsd_checklist.export.graph import relations
from rsd_checklist.summary import ArgumentSection, Authority, Quotation, Summary, Weakness


def render_docx(summary: Summary) -> bytes:
    from docx import Document
    from docx.shared import Pt

    doc = Document()
    props = doc.core_properties
    props.title = f"{w.HEADING_TITLE}: {summary.title}"
    props.subject = summary.rule_base_title
    props.author = ""  # never the name of whoever ran the export
    props.last_modified_by = ""
    props.comments = summary.disclaimer
    props.keywords = "rsd-checklist; training aid"
    stamp = datetime.combine(summary.date, time(12, 0))
    props.created = stamp
    props.modified = stamp
    props.revision = 1

    normal = doc.styles["Normal"]
    normal.font.name = "Georgia"
    normal.font.size = Pt(11)

    # python-docx resolves a style given by name with a scan of every style, for every paragraph
    # (most of the time of a long summary); the ids are looked up once and set on the paragraph.
    style_ids = {name: doc.styles[name].style_id for name in ("Quote", "Intense Quote", "List Bullet")}

    def para(text: str = "", style: str | None = None) -> Any:
        p = doc.add_paragraph()
        if style is not None:
            p._p.get_or_add_pPr().style = style_ids[style]
        if text:
            p.add_run(text)
        return p

    def labelled(label: str, text: str, italic_label: bool = False) -> Any:
        p = doc.add_paragraph()
        run = p.add_run(label)
        run.bold = not italic_label
        run.italic = italic_label
        p.add_run(" " + text)
        return p

    def ref(p: Any, number: int) -> None:
        run = p.add_run(str(number))
        run.font.superscript = True

    def quotes(quotations: tuple[Quotation, ...]) -> None:
        for q in quotations:
            p = para(q.text, style="Quote")
            ref(p, q.footnote)

    def bullets(lines: list[str] | tuple[str, ...]) -> None:
        for line in lines:
            para(line, style="List Bullet")

    def label_only(label: str) -> None:
        p = doc.add_paragraph()
        p.add_run(label).bold = True

    def weaknesses(label: str, items: tuple[Weakness, ...], word: str) -> None:
        if not items:
            return
        label_only(label)
        for i, item in enumerate(items, 1):
            labelled(f"{word} {i}.", item.point, italic_label=True)
            quotes(item.quotations)

    def authorities(items: tuple[Authority, ...]) -> None:
        if items:
            label_only(w.AUTHORITIES)
            bullets([w.authority_text(a) for a in items])

    def table(headers: tuple[str, str], rows: list[tuple[str, str]]) -> None:
        t = doc.add_table(rows=1, cols=2)
        t.style = "Table Grid"
        for cell, text in zip(t.rows[0].cells, headers, strict=True):
            cell.paragraphs[0].add_run(text).bold = True
        for a, b in rows:
            cells = t.add_row().cells
            cells[0].text = a
            cells[1].text = b
        para()

    doc.add_heading(f"{w.HEADING_TITLE}: {summary.title}", level=0)
    for label, value in w.meta_lines(summary):
        labelled(f"{label}:", value)
    para(summary.disclaimer, style="Intense Quote")
    if summary.anonymised_notice:
        p = doc.add_paragraph()
        p.add_run(summary.anonymised_notice).italic = True

    doc.add_heading(w.FACTS, level=1)
    doc.add_heading(w.FACTS_ANSWERED, level=2)
    if summary.facts:
        table(w.FACT_HEADERS, [(f.label, f.answer) for f in summary.facts])
    else:
        para(w.NO_FACTS)
    if summary.derived_facts:
        doc.add_heading(w.FACTS_DERIVED, level=2)
        table(w.FACT_HEADERS, [(f.label, f.answer) for f in summary.derived_facts])
    if summary.case_summary or summary.notes:
        doc.add_heading(w.CASE_NOTES, level=2)
        for paragraph in (summary.case_summary, *summary.notes):
            if paragraph:
                para(paragraph)
    doc.add_heading(w.OPEN_QUESTIONS, level=2)
    if summary.open_questions:
        for q in summary.open_questions:
            first = " (the next question to ask)" if q.id == summary.next_question else ""
            p = para(style="List Bullet")
            p.add_run(q.label).bold = True
            p.add_run(f"{first}: {q.prompt} It {w.settles_text(len(q.settles))}.")
    else:
        para(w.NO_OPEN_QUESTIONS)

    doc.add_heading(w.CHECKLIST, level=1)
    para(w.counts_sentence(summary.counts))
    for group in summary.checklist:
        doc.add_heading(group.title, level=2)
        table(w.CHECKLIST_HEADERS, [(r.label, f"{r.title} ({r.id})") for r in group.rows])

    def section(s: ArgumentSection) -> None:
        opposing = s.kind == "opposing_position"
        doc.add_heading(s.title, level=2)
        p = doc.add_paragraph()
        p.add_run(f"{w.section_caption(s)} · {s.id}").italic = True
        labelled(w.POSITION if opposing else w.TEST, s.test)
        label_only(w.WHY_RAISED if opposing else w.WHY)
        bullets(s.reasons)
        if s.note:
            labelled(w.NOTE, s.note)
        label_only(w.STATING if opposing else w.SUPPORT)
        quotes(s.quotations)
        if s.oppositions:
            label_only(w.OPPOSING)
            for o in s.oppositions:
                crossref = w.opposition_crossref(o)
                labelled(w.opposition_heading(o), w.opposition_text(o) + (f" {crossref}" if crossref else ""), True)
                quotes(o.quotations)
        if s.responses:
            label_only(w.RESPONSES)
            for r in s.responses:
                labelled(w.response_heading(r), r.text, italic_label=True)
                quotes(r.quotations)
        weaknesses(w.WEAKNESSES, s.weaknesses, "Weakness")
        authorities(s.authorities)

    doc.add_heading(w.ARGUMENTS, level=1)
    if not summary.own_arguments:
        para(w.NO_ARGUMENTS)
    for s in summary.own_arguments:
        section(s)

    doc.add_heading(w.OPPOSING_SIDE, level=1)
    para(w.OPPOSING_SIDE_INTRO)
    if not summary.opposing_positions:
        para(w.NO_OPPOSING)
    for s in summary.opposing_positions:
        section(s)

    doc.add_heading(w.OPEN_ARGUMENTS, level=1)
    if summary.open_arguments:
        for a in summary.open_arguments:
            p = para(style="List Bullet")
            p.add_run(a.title).bold = True
            p.add_run(f" ({a.id}; {a.group_title}). Would be settled by: " + " ".join(q.prompt for q in a.questions))
    else:
        para(w.NO_OPEN_ARGUMENTS)

    doc.add_heading(w.REMEDIES, level=1)
    if not summary.remedies:
        para(w.NO_REMEDIES)
    for r in summary.remedies:
        doc.add_heading(r.title, level=2)
        p = doc.add_paragraph()
        p.add_run(r.id).italic = True
        labelled(w.REQUEST, r.request)
        label_only(w.WHY)
        bullets(r.reasons)
        if r.note:
            labelled(w.NOTE, r.note)
        label_only(w.SUPPORT)
        quotes(r.quotations)
        weaknesses(w.OBSTACLES, r.obstacles, "Obstacle")
        authorities(r.authorities)

    if summary.model_answer:
        doc.add_heading(w.MODEL_ANSWER, level=1)
        p = doc.add_paragraph()
        p.add_run(w.MODEL_ANSWER_INTRO).italic = True
        for paragraph in summary.model_answer:
            para(paragraph)

    doc.add_heading(w.MAP, level=1)
    para(w.map_caption(summary.argument_map, drawn=False))
    bullets([f"“{a}” {verb} “{b}”" for a, verb, b in relations(summary.argument_map)])

    doc.add_heading(w.BIBLIOGRAPHY, level=1)
    doc.add_heading(w.REPORTS_CITED, level=2)
    if summary.bibliography:
        bullets([f"{e.citation}. {w.bibliography_tail(e.first_note, e.short)}" for e in summary.bibliography])
    else:
        para(w.NO_CITATIONS)
    if summary.other_authorities:
        doc.add_heading(w.OTHER_AUTHORITIES, level=2)
        bullets([a.cite for a in summary.other_authorities])

    if summary.footnotes:
        # The endnotes, as a section (see the module docstring): "N. citation", in note order.
        doc.add_heading(w.NOTES, level=1)
        for note in summary.footnotes:
            p = doc.add_paragraph()
            p.add_run(f"{note.number}. ")
            for segment in note.segments:
                p.add_run(segment.text).italic = segment.italic or None

    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()

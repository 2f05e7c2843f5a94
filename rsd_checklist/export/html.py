"""The argument summary as one self-contained HTML page.

Inline CSS with a print stylesheet; no script, no font, image or link that would fetch anything
(a Content-Security-Policy says so to the browser too). Every piece of text is escaped. The
argument map is given in words and as Mermaid source, which needs no script to read.
"""

from __future__ import annotations

from html import escape

from rsd_checklist.export import words as w
from rsd_checklist.export.graph import relations, to_mermaid
from rsd_checklist.summary import ArgumentSection, Authority, Footnote, Quotation, Response, Summary, Weakness

CSP = "default-src 'none'; style-src 'unsafe-inline'; img-src 'none'; form-action 'none'; base-uri 'none'"

CSS = """
:root { color-scheme: light; }
body { font-family: Georgia, "Times New Roman", serif; line-height: 1.5; max-width: 46rem;
       margin: 2rem auto; padding: 0 1rem; color: #111; background: #fff; }
h1 { font-size: 1.6rem; margin-bottom: 0.3rem; }
h2 { font-size: 1.3rem; border-bottom: 1px solid #999; margin-top: 2.2rem; }
h3 { font-size: 1.1rem; margin-top: 1.6rem; }
.meta { margin: 0 0 1rem; color: #333; }
.meta dt { font-weight: bold; display: inline; }
.meta dd { display: inline; margin: 0 1rem 0 0.2rem; }
.disclaimer { border: 1px solid #8d6e00; background: #fff8e1; padding: 0.6rem 0.9rem; }
.anonymised { font-style: italic; }
.caption { font-style: italic; color: #333; }
.caption code, code { font-family: "DejaVu Sans Mono", Consolas, monospace; font-size: 0.85em; }
table { border-collapse: collapse; width: 100%; margin: 0.5rem 0 1rem; }
th, td { border: 1px solid #bbb; padding: 0.25rem 0.5rem; text-align: left; vertical-align: top; }
th { background: #f0f0f0; }
td.status { white-space: nowrap; }
blockquote { margin: 0.6rem 1.5rem; padding-left: 0.8rem; border-left: 3px solid #bbb; }
sup.ref a { text-decoration: none; }
.label { font-weight: bold; }
.sublabel { font-style: italic; }
ol.notes { font-size: 0.9rem; }
pre.mermaid { font-size: 0.8rem; white-space: pre-wrap; background: #f7f7f7; padding: 0.5rem; }
@media print {
  body { max-width: none; margin: 0; font-size: 11pt; }
  a { color: inherit; text-decoration: none; }
  h2, h3 { break-after: avoid; }
  blockquote, tr, .disclaimer { break-inside: avoid; }
  details { display: block; }
  details > summary { display: none; }
  pre.mermaid { display: none; }
  .disclaimer { background: none; }
}
"""


def h(text: str) -> str:
    return escape(text, quote=True)


def _ref(number: int) -> str:
    return f'<sup class="ref"><a href="#fn-{number}" id="fnref-{number}">{number}</a></sup>'


def _quotes(quotations: tuple[Quotation, ...]) -> list[str]:
    return [f"<blockquote><p>{h(q.text)}{_ref(q.footnote)}</p></blockquote>" for q in quotations]


def _labelled(label: str, text: str) -> str:
    return f'<p><span class="label">{h(label)}</span> {h(text)}</p>'


def _reasons(lines: tuple[str, ...], label: str = w.WHY) -> list[str]:
    return [f'<p class="label">{h(label)}</p>', "<ul>", *(f"<li>{h(r)}</li>" for r in lines), "</ul>"]


def _weaknesses(label: str, items: tuple[Weakness, ...], word: str) -> list[str]:
    if not items:
        return []
    out = [f'<p class="label">{h(label)}</p>']
    for i, item in enumerate(items, 1):
        out.append(f'<p><span class="sublabel">{h(word)} {i}.</span> {h(item.point)}</p>')
        out += _quotes(item.quotations)
    return out


def _authorities(items: tuple[Authority, ...]) -> list[str]:
    if not items:
        return []
    return [
        f'<p class="label">{h(w.AUTHORITIES)}</p>',
        "<ul>",
        *(f"<li>{h(w.authority_text(a))}</li>" for a in items),
        "</ul>",
    ]


def _footnote(note: Footnote) -> str:
    text = "".join(f"<i>{h(s.text)}</i>" if s.italic else h(s.text) for s in note.segments)
    back = f' <a href="#fnref-{note.number}" aria-label="back to the text">↩</a>'
    return f'<li id="fn-{note.number}" value="{note.number}">{text}{back}</li>'


def _table(headers: tuple[str, str], rows: list[tuple[str, str]], first_class: str = "") -> list[str]:
    cls = f' class="{first_class}"' if first_class else ""
    out = ["<table>", f"<thead><tr><th>{h(headers[0])}</th><th>{h(headers[1])}</th></tr></thead>", "<tbody>"]
    out += [f"<tr><td{cls}>{a}</td><td>{b}</td></tr>" for a, b in rows]
    return [*out, "</tbody>", "</table>"]


def _anchor(argument_id: str) -> str:
    return "arg-" + argument_id.replace(".", "-")


def _response_heading(r: Response) -> str:
    # The argument that gives an answer has its own section when it applies: link to it, so a
    # reader of the opposing side can turn back to the argument in full.
    text = h(w.response_heading(r))
    if r.argument is not None and r.argument_status == "applies":
        return f'<a href="#{_anchor(r.argument)}">{text}</a>'
    return text


def _section(s: ArgumentSection) -> list[str]:
    """An argument, or an opposing position with the answers to it, as an article with an anchor."""
    opposing = s.kind == "opposing_position"
    out = [
        f'<article id="{_anchor(s.id)}">',
        f"<h3>{h(s.title)}</h3>",
        f'<p class="caption">{h(w.section_caption(s))} · <code>{h(s.id)}</code></p>',
        _labelled(w.POSITION if opposing else w.TEST, s.test),
        *_reasons(s.reasons, w.WHY_RAISED if opposing else w.WHY),
    ]
    if s.note:
        out.append(_labelled(w.NOTE, s.note))
    out.append(f'<p class="label">{h(w.STATING if opposing else w.SUPPORT)}</p>')
    out += _quotes(s.quotations)
    if s.oppositions:
        out.append(f'<p class="label">{h(w.OPPOSING)}</p>')
        for o in s.oppositions:
            text = h(w.opposition_text(o))
            if o.set_out_below:
                text += f' <a href="#{_anchor(o.position)}">{h(w.opposition_crossref(o))}</a>'
            out.append(f'<p><span class="sublabel">{h(w.opposition_heading(o))}</span> {text}</p>')
            out += _quotes(o.quotations)
    if s.responses:
        out.append(f'<p class="label">{h(w.RESPONSES)}</p>')
        for r in s.responses:
            out.append(f'<p><span class="sublabel">{_response_heading(r)}</span> {h(r.text)}</p>')
            out += _quotes(r.quotations)
    out += _weaknesses(w.WEAKNESSES, s.weaknesses, "Weakness")
    out += _authorities(s.authorities)
    out.append("</article>")
    return out


def render_html(summary: Summary) -> str:
    title = f"{w.HEADING_TITLE}: {summary.title}"
    out = [
        "<!DOCTYPE html>",
        '<html lang="en">',
        "<head>",
        '<meta charset="utf-8">',
        f'<meta http-equiv="Content-Security-Policy" content="{h(CSP)}">',
        '<meta name="referrer" content="no-referrer">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>{h(title)}</title>",
        f"<style>{CSS}</style>",
        "</head>",
        "<body>",
        "<header>",
        f"<h1>{h(title)}</h1>",
        '<dl class="meta">',
        *(f"<dt>{h(label)}:</dt><dd>{h(value)}</dd>" for label, value in w.meta_lines(summary)),
        "</dl>",
        f'<p class="disclaimer" role="note">{h(summary.disclaimer)}</p>',
    ]
    if summary.anonymised_notice:
        out.append(f'<p class="anonymised">{h(summary.anonymised_notice)}</p>')
    out.append("</header>")

    out += ['<section id="facts">', f"<h2>{h(w.FACTS)}</h2>", f"<h3>{h(w.FACTS_ANSWERED)}</h3>"]
    if summary.facts:
        out += _table(w.FACT_HEADERS, [(h(f.label), h(f.answer)) for f in summary.facts])
    else:
        out.append(f"<p>{h(w.NO_FACTS)}</p>")
    if summary.derived_facts:
        out += [f"<h3>{h(w.FACTS_DERIVED)}</h3>"]
        out += _table(w.FACT_HEADERS, [(h(f.label), h(f.answer)) for f in summary.derived_facts])
    if summary.case_summary or summary.notes:
        out.append(f"<h3>{h(w.CASE_NOTES)}</h3>")
        out += [f"<p>{h(p)}</p>" for p in (summary.case_summary, *summary.notes) if p]
    out.append(f"<h3>{h(w.OPEN_QUESTIONS)}</h3>")
    if summary.open_questions:
        out.append("<ul>")
        for q in summary.open_questions:
            first = " (the next question to ask)" if q.id == summary.next_question else ""
            out.append(
                f'<li><span class="label">{h(q.label)}</span>{h(first)}: {h(q.prompt)} '
                f"It {h(w.settles_text(len(q.settles)))}.</li>"
            )
        out.append("</ul>")
    else:
        out.append(f"<p>{h(w.NO_OPEN_QUESTIONS)}</p>")
    out.append("</section>")

    out += ['<section id="checklist">', f"<h2>{h(w.CHECKLIST)}</h2>", f"<p>{h(w.counts_sentence(summary.counts))}</p>"]
    for group in summary.checklist:
        out.append(f"<h3>{h(group.title)}</h3>")
        out += _table(
            w.CHECKLIST_HEADERS,
            [(h(r.label), f"{h(r.title)} <code>{h(r.id)}</code>") for r in group.rows],
            first_class="status",
        )
    out.append("</section>")

    out += ['<section id="arguments">', f"<h2>{h(w.ARGUMENTS)}</h2>"]
    if not summary.own_arguments:
        out.append(f"<p>{h(w.NO_ARGUMENTS)}</p>")
    for s in summary.own_arguments:
        out += _section(s)
    out.append("</section>")

    out += ['<section id="opposing-side">', f"<h2>{h(w.OPPOSING_SIDE)}</h2>", f"<p>{h(w.OPPOSING_SIDE_INTRO)}</p>"]
    if not summary.opposing_positions:
        out.append(f"<p>{h(w.NO_OPPOSING)}</p>")
    for s in summary.opposing_positions:
        out += _section(s)
    out.append("</section>")

    out += ['<section id="open-arguments">', f"<h2>{h(w.OPEN_ARGUMENTS)}</h2>"]
    if summary.open_arguments:
        out.append("<ul>")
        for a in summary.open_arguments:
            questions = " ".join(h(q.prompt) for q in a.questions)
            out.append(
                f'<li><span class="label">{h(a.title)}</span> (<code>{h(a.id)}</code>; {h(a.group_title)}). '
                f"Would be settled by: {questions}</li>"
            )
        out.append("</ul>")
    else:
        out.append(f"<p>{h(w.NO_OPEN_ARGUMENTS)}</p>")
    out.append("</section>")

    out += ['<section id="remedies">', f"<h2>{h(w.REMEDIES)}</h2>"]
    if not summary.remedies:
        out.append(f"<p>{h(w.NO_REMEDIES)}</p>")
    for r in summary.remedies:
        out += [
            f'<article id="{_anchor(r.id)}">',
            f"<h3>{h(r.title)}</h3>",
            f'<p class="caption"><code>{h(r.id)}</code></p>',
            _labelled(w.REQUEST, r.request),
            *_reasons(r.reasons),
        ]
        if r.note:
            out.append(_labelled(w.NOTE, r.note))
        out.append(f'<p class="label">{h(w.SUPPORT)}</p>')
        out += _quotes(r.quotations)
        out += _weaknesses(w.OBSTACLES, r.obstacles, "Obstacle")
        out += _authorities(r.authorities)
        out.append("</article>")
    out.append("</section>")

    if summary.model_answer:
        out += [
            '<section id="model-answer">',
            f"<h2>{h(w.MODEL_ANSWER)}</h2>",
            f'<p class="caption">{h(w.MODEL_ANSWER_INTRO)}</p>',
        ]
        out += [f"<p>{h(paragraph)}</p>" for paragraph in summary.model_answer]
        out.append("</section>")

    graph = summary.argument_map
    out += [
        '<section id="argument-map">',
        f"<h2>{h(w.MAP)}</h2>",
        f"<p>{h(w.map_caption(graph, drawn=False))}</p>",
        "<ul>",
    ]
    out += [f"<li>“{h(a)}” {h(verb)} “{h(b)}”</li>" for a, verb, b in relations(graph)]
    out += [
        "</ul>",
        "<details><summary>Mermaid source of the diagram</summary>",
        f'<pre class="mermaid">{h(to_mermaid(graph))}</pre>',
        "</details>",
        "</section>",
    ]

    out += ['<section id="bibliography">', f"<h2>{h(w.BIBLIOGRAPHY)}</h2>", f"<h3>{h(w.REPORTS_CITED)}</h3>"]
    if summary.bibliography:
        out.append("<ul>")
        out += [
            f"<li>{h(e.citation)}. {h(w.bibliography_tail(e.first_note, e.short))}</li>" for e in summary.bibliography
        ]
        out.append("</ul>")
    else:
        out.append(f"<p>{h(w.NO_CITATIONS)}</p>")
    if summary.other_authorities:
        out += [f"<h3>{h(w.OTHER_AUTHORITIES)}</h3>", "<ul>"]
        out += [f"<li>{h(a.cite)}</li>" for a in summary.other_authorities]
        out.append("</ul>")
    out.append("</section>")

    if summary.footnotes:
        out += ['<section id="notes">', f"<h2>{h(w.NOTES)}</h2>", '<ol class="notes">']
        out += [_footnote(n) for n in summary.footnotes]
        out += ["</ol>", "</section>"]
    out += ["</body>", "</html>"]
    return "\n".join(out) + "\n"

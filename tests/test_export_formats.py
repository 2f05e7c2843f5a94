"""Every export format, read back: Markdown (golden file and a Markdown parser), HTML (an HTML
parser), Word (python-docx) and JSON (the published JSON Schema). Set UPDATE_GOLDEN=1 to rewrite
the golden Markdown after an intended change, then read the diff."""

from __future__ import annotations

import dataclasses
import io
import json
import os
import re
import typing
from datetime import date
from html import unescape
from html.parser import HTMLParser
from pathlib import Path

import jsonschema
import pytest
from conftest import ROOT

from rsd_checklist import summary as model
from rsd_checklist.casefile import Case, load_case
from rsd_checklist.corpus import Corpus
from rsd_checklist.engine import evaluate
from rsd_checklist.export import render
from rsd_checklist.export.docx import render_docx
from rsd_checklist.export.graph import to_dot, to_mermaid
from rsd_checklist.export.html import render_html
from rsd_checklist.export.markdown import md, render_markdown
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.summary import Summary, all_quotations, build_summary

DAY = date(2026, 1, 15)
GOLDEN = Path(__file__).resolve().parent / "golden" / "musan_bible_study.md"
SCHEMA = json.loads((ROOT / "docs" / "summary.schema.json").read_text(encoding="utf-8"))

HOSTILE_TITLE = '<script>alert("t")</script> [^1] *bold* | &amp; ![x](http://evil.example/p.png) `code` # </title>'
HOSTILE_NOTES = (
    "<img src=http://evil.example/x.png onerror=alert(1)>\n\n"
    "# not a heading\n\n- not a list\n1. not a list\n\n"
    "[link](https://evil.example) [^2]: fake note </style><style>body{}</style>\x07bell\x0bvt\n\n"
    "```\nfence\n```"
)


@pytest.fixture(scope="module")
def musan(rule_base: RuleBase, corpus: Corpus) -> Summary:
    case = load_case(ROOT / "cases" / "musan_bible_study.yaml", rule_base)
    return build_summary(case, evaluate(rule_base, case.facts), corpus, today=DAY)


@pytest.fixture(scope="module")
def hostile(rule_base: RuleBase, corpus: Corpus) -> Summary:
    facts = {"nationality": "dprk", "current_country": "china", "left_without_permission": True, "sex": "female"}
    case = Case(title=HOSTILE_TITLE, notes=HOSTILE_NOTES, summary="<b>bold</b> summary", facts=facts)
    return build_summary(case, evaluate(rule_base, facts), corpus, today=DAY)


# --------------------------------------------------------------------------------------------- Markdown


def test_golden_markdown(musan: Summary) -> None:
    text = render_markdown(musan)
    if os.environ.get("UPDATE_GOLDEN") == "1":
        GOLDEN.parent.mkdir(exist_ok=True)
        GOLDEN.write_text(text, encoding="utf-8")
    assert GOLDEN.exists(), "run with UPDATE_GOLDEN=1 to create the golden file"
    assert text == GOLDEN.read_text(encoding="utf-8"), "golden Markdown differs (UPDATE_GOLDEN=1 rewrites it)"


def test_markdown_order_of_parts(musan: Summary) -> None:
    text = render_markdown(musan)
    heads = [line for line in text.splitlines() if line.startswith("## ")]
    assert heads == [
        "## Facts",
        "## Checklist",
        "## Arguments that apply",
        "## The opposing side",
        "## Open arguments",
        "## Remedies to ask for",
        "## Model answer",
        "## Argument map",
        "## Bibliography",
        "## Notes",
    ]
    assert text.startswith("# Argument summary: Woman from Musan caught at Bible study\n")
    assert "**Date:** 15 January 2026" in text
    assert text.count(musan.disclaimer) == 1
    assert "```mermaid\nflowchart LR\n" in text


def test_markdown_footnotes_are_referenced_once_in_order(musan: Summary) -> None:
    text = render_markdown(musan)
    body, notes = text.split("\n## Notes\n")
    refs = [int(n) for n in re.findall(r"\[\^(\d+)\](?!:)", body)]
    assert refs == list(range(1, len(musan.footnotes) + 1))
    definitions = re.findall(r"^\[\^(\d+)\]: (.*)$", notes, flags=re.MULTILINE)
    assert [int(n) for n, _ in definitions] == refs
    assert definitions[0][1].startswith("Joel R. Charny, North Koreans in China")
    assert any(re.fullmatch(r"Charny, \*supra\* note 1, at \d+\.", t) for _, t in definitions)
    assert any(t == "*Id.*" for _, t in definitions)


def _markdown_to_html(text: str) -> str:
    markdown_it = pytest.importorskip("markdown_it")
    footnote = pytest.importorskip("mdit_py_plugins.footnote")
    return markdown_it.MarkdownIt("commonmark").enable("table").use(footnote.footnote_plugin).render(text)


def test_markdown_parses_with_real_footnotes_and_tables(musan: Summary) -> None:
    html = _markdown_to_html(render_markdown(musan))
    tree = _parse(html)
    assert len(tree.footnote_items) == len(musan.footnotes)
    assert tree.count("table") == 1 + 1 + len(musan.checklist)  # facts, derived facts, one per group
    assert tree.count("blockquote") == 1 + len(all_quotations(musan))  # the disclaimer, then the passages


def test_markdown_escapes_hostile_text(hostile: Summary) -> None:
    text = render_markdown(hostile)
    html = _markdown_to_html(text)
    tree = _parse(html)
    assert tree.count("script") == tree.count("img") == tree.count("style") == 0
    assert tree.count("h1") == 1
    assert tree.count("ol") == 1  # the footnotes' list, and no list made from the notes
    assert all(not href.startswith("http") for href in tree.hrefs)
    assert len(tree.footnote_items) == len(hostile.footnotes)  # "[^1]" in the title is not a footnote
    assert HOSTILE_TITLE in tree.text_of("h1")
    assert "# not a heading" in tree.text and "- not a list" in tree.text and "1. not a list" in tree.text
    assert "\x07" not in text and "\x0b" not in text


@pytest.mark.parametrize(
    "raw", ["a*b*c", "<b>", "[x](y)", "|", "# h", "- l", "1. o", "2) o", "&amp;", "x_y_z", "`c`", "\\"]
)
def test_md_escape_round_trips(raw: str) -> None:
    html = _markdown_to_html(md(raw))
    assert _parse(html).text.strip() == raw


# --------------------------------------------------------------------------------------------- HTML


class _Tree(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict[str, str | None]]] = []
        self.stack: list[str] = []
        self.texts: list[tuple[tuple[str, ...], str]] = []
        self.hrefs: list[str] = []
        self.srcs: list[str] = []
        self.footnote_items: list[str] = []
        self.sup_refs: list[str] = []
        self.style = ""

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = dict(attrs)
        self.tags.append((tag, a))
        if tag not in {"meta", "br", "hr", "img", "link", "input"}:
            self.stack.append(tag)
        if "href" in a:
            self.hrefs.append(a["href"] or "")
        if "src" in a:
            self.srcs.append(a["src"] or "")
        if tag == "li" and "footnote-item" in (a.get("class") or ""):  # markdown-it's footnote plugin
            self.footnote_items.append(a.get("id") or "")

    def handle_endtag(self, tag: str) -> None:
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        self.texts.append((tuple(self.stack), data))
        if self.stack[-2:] == ["sup", "a"]:
            self.sup_refs.append(data)
        if self.stack and self.stack[-1] == "style":
            self.style += data

    def count(self, tag: str) -> int:
        return sum(t == tag for t, _ in self.tags)

    @property
    def text(self) -> str:
        return "".join(d for _, d in self.texts)

    def text_of(self, tag: str) -> str:
        return "".join(d for stack, d in self.texts if tag in stack)


def _parse(html: str) -> _Tree:
    tree = _Tree()
    tree.feed(html)
    tree.close()
    return tree


def test_html_is_self_contained(musan: Summary) -> None:
    html = render_html(musan)
    tree = _parse(html)
    assert html.startswith("<!DOCTYPE html>")
    assert tree.count("script") == 0 and tree.count("link") == 0 and tree.count("img") == 0
    assert tree.count("iframe") == tree.count("object") == tree.count("embed") == 0
    assert tree.srcs == []
    assert tree.hrefs and all(h.startswith("#") for h in tree.hrefs)  # links inside the page only
    assert "@media print" in tree.style and "url(" not in tree.style and "@import" not in tree.style
    assert not any(k.startswith("on") for _, attrs in tree.tags for k in attrs)
    csp = next(a["content"] for t, a in tree.tags if t == "meta" and a.get("http-equiv") == "Content-Security-Policy")
    assert csp and "default-src 'none'" in csp


def test_html_content_and_footnotes(musan: Summary) -> None:
    tree = _parse(render_html(musan))
    assert tree.text_of("title") == "Argument summary: Woman from Musan caught at Bible study"
    assert tree.text_of("h1") == tree.text_of("title")
    assert [int(n) for n in tree.sup_refs] == list(range(1, len(musan.footnotes) + 1))
    notes = [(a["id"], a.get("value")) for t, a in tree.tags if t == "li" and (a.get("id") or "").startswith("fn-")]
    assert notes == [(f"fn-{n.number}", str(n.number)) for n in musan.footnotes]
    ids = [a["id"] for _, a in tree.tags if a.get("id")]
    assert len(ids) == len(set(ids))
    targets = {h[1:] for h in tree.hrefs}
    assert targets <= set(ids)  # every internal link lands somewhere
    assert tree.count("blockquote") == len(all_quotations(musan))
    assert tree.text.count(musan.disclaimer) == 1
    italic = tree.text_of("i")
    assert "Id." in italic and "supra" in italic


def test_html_escapes_hostile_text(hostile: Summary) -> None:
    html = render_html(hostile)
    tree = _parse(html)
    assert tree.count("script") == 0 and tree.count("img") == 0 and tree.count("b") == 0
    assert tree.count("style") == 1  # only the page's own
    assert tree.text_of("title") == f"Argument summary: {' '.join(HOSTILE_TITLE.split())}"
    assert "<img src=http://evil.example/x.png onerror=alert(1)>" in tree.text
    assert "</style><style>body{}</style>" in tree.text
    assert "\x07" not in html and "\x0b" not in html
    assert all(h.startswith("#") for h in tree.hrefs)


# --------------------------------------------------------------------------------------------- Word


def _docx(summary: Summary) -> typing.Any:
    import docx

    return docx.Document(io.BytesIO(render_docx(summary)))


def test_docx_structure(musan: Summary) -> None:
    doc = _docx(musan)
    styles = [p.style.name for p in doc.paragraphs]
    assert styles[0] == "Title"
    assert doc.paragraphs[0].text == "Argument summary: Woman from Musan caught at Bible study"
    heading1 = [p.text for p in doc.paragraphs if p.style.name == "Heading 1"]
    assert heading1 == [
        "Facts",
        "Checklist",
        "Arguments that apply",
        "The opposing side",
        "Open arguments",
        "Remedies to ask for",
        "Model answer",
        "Argument map",
        "Bibliography",
        "Notes",
    ]
    heading2 = [p.text for p in doc.paragraphs if p.style.name == "Heading 2"]
    assert "Nexus: religion" in heading2 and "Facts as answered" in heading2
    facts = doc.tables[0]
    assert [c.text for c in facts.rows[0].cells] == ["Question", "Answer"]
    assert [(r.cells[0].text, r.cells[1].text) for r in facts.rows[1:]] == [(f.label, f.answer) for f in musan.facts]
    assert facts.rows[0].cells[0].paragraphs[0].runs[0].bold
    quotes = [p for p in doc.paragraphs if p.style.name == "Quote"]
    assert len(quotes) == len(all_quotations(musan))
    assert sum(p.text.count(musan.disclaimer) for p in doc.paragraphs) == 1
    assert doc.core_properties.author == "" and doc.core_properties.title == doc.paragraphs[0].text


def test_docx_notes_and_superscript_references(musan: Summary) -> None:
    doc = _docx(musan)
    paragraphs = doc.paragraphs
    at_notes = next(i for i, p in enumerate(paragraphs) if p.style.name == "Heading 1" and p.text == "Notes")
    refs = [r.text for p in paragraphs[:at_notes] for r in p.runs if r.font.superscript]
    assert [int(n) for n in refs] == list(range(1, len(musan.footnotes) + 1))
    notes = [p.text for p in paragraphs[at_notes + 1 :]]
    assert notes == [f"{n.number}. {n.text}" for n in musan.footnotes]
    id_runs = [r for p in paragraphs[at_notes + 1 :] for r in p.runs if r.text == "Id."]
    assert id_runs and all(r.italic for r in id_runs)
    assert any(re.fullmatch(r"\d+\. Charny, supra note 1, at \d+\.", t) for t in notes)


def test_docx_with_hostile_text(hostile: Summary) -> None:
    doc = _docx(hostile)
    assert doc.paragraphs[0].text == f"Argument summary: {' '.join(HOSTILE_TITLE.split())}"
    body = "\n".join(p.text for p in doc.paragraphs)
    assert "<img src=http://evil.example/x.png onerror=alert(1)>" in body
    assert "bellvt" in body  # control characters dropped, the rest kept


# --------------------------------------------------------------------------------------------- JSON


def test_json_follows_the_published_schema(musan: Summary, hostile: Summary) -> None:
    jsonschema.Draft202012Validator.check_schema(SCHEMA)
    validator = jsonschema.Draft202012Validator(SCHEMA, format_checker=jsonschema.FormatChecker())
    for summary in (musan, hostile):
        data = json.loads(render(summary, "json"))
        validator.validate(data)
    data = json.loads(render(musan, "json"))
    assert data["format"] == "rsd-checklist-summary" and data["format_version"] == 1
    assert data["date"] == "2026-01-15"
    assert data["footnotes"][0]["text"] == musan.footnotes[0].text
    assert [a["id"] for a in data["arguments"]] == [s.id for s in musan.arguments]


def test_json_schema_matches_the_model() -> None:
    """The published schema names exactly the fields of the model: a new field needs the schema too."""
    classes = {
        name: cls
        for name, cls in vars(model).items()
        if dataclasses.is_dataclass(cls) and isinstance(cls, type) and cls.__module__ == model.__name__
    }
    assert set(SCHEMA["$defs"]) - {"Status"} == set(classes) - {"Summary"}
    for name, cls in classes.items():
        definition = SCHEMA if name == "Summary" else SCHEMA["$defs"][name]
        expected = {f.name for f in dataclasses.fields(cls)}
        expected |= {"format", "format_version"} if name == "Summary" else set()
        expected |= {"text"} if name == "Footnote" else set()
        assert set(definition["properties"]) == expected, name
        assert set(definition["required"]) == expected, name
        assert definition["additionalProperties"] is False


def test_a_training_case_carries_its_model_answer_in_every_format(musan: Summary, hostile: Summary) -> None:
    answer = musan.model_answer[0]
    assert answer.startswith("She is a refugee sur place")
    assert "## Model answer\n\n*The trainer's model answer" in render_markdown(musan)
    assert answer in render_markdown(musan)
    html = render_html(musan)
    assert '<section id="model-answer">' in html and f"<p>{answer}</p>".replace("'", "&#x27;") in html
    paragraphs = [p.text for p in _docx(musan).paragraphs]
    heading = paragraphs.index("Model answer")
    assert answer in paragraphs[heading + 1 :]
    assert json.loads(render(musan, "json"))["model_answer"] == list(musan.model_answer)
    assert hostile.model_answer == () and "Model answer" not in render_markdown(hostile)  # a case without one


def test_json_of_an_anonymised_summary_has_no_free_text(rule_base: RuleBase, corpus: Corpus) -> None:
    case = Case(
        title="Kim Soon-ja",
        notes="lives at 12 River Road",
        summary="Kim",
        model_answer="Kim is a refugee",
        facts={"nationality": "dprk"},
    )
    summary = build_summary(case, evaluate(rule_base, case.facts), corpus, anonymise=True, today=DAY)
    for fmt in ("json", "md", "html"):
        text = render(summary, fmt).decode("utf-8")
        assert "Kim" not in text and "River Road" not in text
        assert "Anonymised" in text
    body = "\n".join(p.text for p in _docx(summary).paragraphs)
    assert "Kim" not in body and "left out" in body


# --------------------------------------------------------------------------------------------- the map


def test_mermaid_and_dot(musan: Summary, rule_base: RuleBase) -> None:
    mermaid = to_mermaid(musan.argument_map)
    assert mermaid.startswith("flowchart LR\n")
    assert "a_sur_place_refugee ==>|answers| a_counter_economic_migrant" in mermaid
    full = model.argument_map(rule_base)
    assert "a_exclusion_article_1f -.->|defeats| a_convention_refugee" in to_mermaid(full)
    dot = to_dot(full)
    assert dot.startswith('digraph "arguments" {') and dot.rstrip().endswith("}")
    assert '"exclusion.article_1f" -> "convention.refugee" [label="defeats"' in dot
    assert dot.count("subgraph cluster_") == len({a.group for a in rule_base.arguments.values()})


def test_map_labels_are_escaped() -> None:
    graph = model.ArgumentMap(
        (
            model.MapNode("a.x", 'say "hi" <b>#1</b>', "g", 'G "q"', "applies"),
            model.MapNode("a.y", "y", "g", "G", None),
        ),
        (model.MapEdge("a.x", "a.y", "supports"),),
    )
    mermaid = to_mermaid(graph)
    assert '["✓ say #quot;hi#quot; #lt;b#gt;#35;1#lt;/b#gt; (applies)"]' in mermaid
    dot = to_dot(graph)
    assert 'label="✓ say \\"hi\\" <b>#1</b> (applies)"' in dot and 'label="G \\"q\\""' in dot


# --------------------------------------------------------------------------------------------- read back, by part
# Each format read back the way a reader meets it: which part a heading stands under, what a
# caption says, what the bibliography lists.


def _markdown_parts(text: str) -> dict[str, str]:
    """Level-2 sections of the Markdown, by heading."""
    return {part.split("\n", 1)[0]: part for part in re.split(r"^## ", text, flags=re.MULTILINE)[1:]}


def _html_sections(html: str) -> dict[str, str]:
    return dict(re.findall(r'<section id="([^"]+)">(.*?)</section>', html, flags=re.DOTALL))


def _docx_parts(summary: Summary) -> dict[str, list[typing.Any]]:
    """The paragraphs under each Heading 1 of the Word document."""
    parts: dict[str, list[typing.Any]] = {}
    current = ""
    for p in _docx(summary).paragraphs:
        if p.style.name == "Heading 1":
            current = p.text
            parts[current] = []
        elif current:
            parts[current].append(p)
    return parts


def test_opposing_positions_are_set_apart_from_the_advocates_arguments(musan: Summary) -> None:
    own = [s.title for s in musan.own_arguments]
    positions = [s.title for s in musan.opposing_positions]
    assert own and positions
    assert positions == [
        "Opposing position: they are economic migrants, not refugees",
        "Opposing position: China is bound by agreements with the DPRK to return them",
    ]

    parts = _markdown_parts(render_markdown(musan))
    assert [md(t) for t in re.findall(r"^### (.*)$", parts["Arguments that apply"], flags=re.MULTILINE)] == [
        md(t) for t in own
    ]
    assert "Opposing position" not in "".join(re.findall(r"^### .*$", parts["Arguments that apply"], re.MULTILINE))
    opposing = parts["The opposing side"]
    assert re.findall(r"^### (.*)$", opposing, flags=re.MULTILINE) == [md(t) for t in positions]
    assert "Positions the decision-maker may take on these facts" in opposing
    assert opposing.count("**Why it may be raised on these facts.**") == len(positions)
    assert "**Why it applies on these facts.**" not in opposing
    # the arguments that meet a position still send the reader to it
    for title in positions:
        assert f"set out below under “{title}”, in “The opposing side”" in parts["Arguments that apply"]

    sections = _html_sections(render_html(musan))
    article_ids = re.compile(r'<article id="([^"]+)">')
    assert article_ids.findall(sections["arguments"]) == ["arg-" + s.id.replace(".", "-") for s in musan.own_arguments]
    assert article_ids.findall(sections["opposing-side"]) == [
        "arg-" + s.id.replace(".", "-") for s in musan.opposing_positions
    ]
    crossrefs = set(re.findall(r'<a href="#([^"]+)">The position, every response', sections["arguments"]))
    assert crossrefs == set(article_ids.findall(sections["opposing-side"]))  # each lands on the position
    backlinks = set(re.findall(r'<a href="#([^"]+)">Response, by', sections["opposing-side"]))
    assert backlinks and backlinks <= set(article_ids.findall(sections["arguments"]))

    word = _docx_parts(musan)
    heading2 = {k: [p.text for p in v if p.style.name == "Heading 2"] for k, v in word.items()}
    assert heading2["Arguments that apply"] == own
    assert heading2["The opposing side"] == positions

    data = json.loads(render(musan, "json"))
    kinds = [a["kind"] for a in data["arguments"]]
    assert kinds == ["argument"] * len(own) + ["opposing_position"] * len(positions)
    assert [a["title"] for a in data["arguments"] if a["kind"] == "opposing_position"] == positions


def test_a_summary_with_no_opposing_position_says_so(rule_base: RuleBase, corpus: Corpus) -> None:
    empty = build_summary(Case(title="Empty"), evaluate(rule_base, {}), corpus, today=DAY)
    assert not empty.opposing_positions
    none = "No opposing position arises on the facts given so far."
    assert none in _markdown_parts(render_markdown(empty))["The opposing side"]
    assert none in _html_sections(render_html(empty))["opposing-side"]
    assert none in [p.text for p in _docx_parts(empty)["The opposing side"]]


def test_the_map_legend_matches_what_is_drawn(musan: Summary) -> None:
    edges = len(musan.argument_map.edges)
    # Markdown draws the map (Mermaid): solid, dotted and thick arrows, so the legend names them.
    drawn = _markdown_parts(render_markdown(musan))["Argument map"]
    assert "Arrows: solid, supports; dotted, defeats" in drawn
    assert all(arrow in drawn for arrow in ("-->|supports|", "==>|answers|"))
    # HTML and Word give the map as sentences, one link a line: no legend for arrows not there.
    html = render_html(musan)
    section = _html_sections(html)["argument-map"]
    shown = re.sub(r"<details>.*?</details>", "", section, flags=re.DOTALL)
    assert "Arrows" not in shown and "arrow" not in shown.lower()
    assert "Each line states one link between two arguments" in shown
    assert shown.count("<li>") == edges
    paragraphs = _docx_parts(musan)["Argument map"]
    assert not any("Arrows" in p.text or "arrow" in p.text.lower() for p in paragraphs)
    assert paragraphs[0].text.startswith("Each line states one link between two arguments")
    assert len([p for p in paragraphs if p.style.name == "List Bullet"]) == edges


def test_bibliography_lists_each_outside_authority_once_in_natural_order(musan: Summary) -> None:
    expected = [a.cite for a in musan.other_authorities]
    markdown = _markdown_parts(render_markdown(musan))["Bibliography"]
    listed_md = re.findall(r"^- (.*)$", markdown.split("### Other authorities", 1)[1], flags=re.MULTILINE)
    assert listed_md == [md(c) for c in expected]
    html = _html_sections(render_html(musan))["bibliography"].split("<h3>Other authorities", 1)[1]
    listed_html = [unescape(x) for x in re.findall(r"<li>(.*?)</li>", html)]
    assert listed_html == expected
    word = _docx_parts(musan)["Bibliography"]
    at = next(i for i, p in enumerate(word) if p.text.startswith("Other authorities"))
    assert [p.text for p in word[at + 1 :]] == expected

    assert len(expected) == len(set(expected))
    # one name per authority: the short and variant names the rule files once mixed in are gone
    assert not [c for c in expected if c.startswith(("UNHCR Handbook", "1951 Refugee Convention"))]
    assert not [c for c in expected if "(1979, reissued)" in c or c.startswith("Convention against Torture,")]
    assert sum(c.endswith("paras. 94-96") for c in expected) == 1
    assert sum(c.endswith(", para. 28") for c in expected) == 1
    # numbers in numeric order, e.g. the Handbook's paragraphs
    handbook = [int(re.search(r"paras?\. (\d+)", c)[1]) for c in expected if "Handbook" in c]  # type: ignore[index]
    assert handbook == sorted(handbook) and len(handbook) > 3
    no = [int(n) for c in expected for n in re.findall(r"Executive Committee, Conclusion No\. (\d+)", c)]
    assert no == sorted(no)

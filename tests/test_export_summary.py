"""The summary model that every export renders: order, citations, short forms, reasons, anonymising."""

from __future__ import annotations

import re
import shutil
from datetime import date
from pathlib import Path

import pytest
from conftest import MINI, ROOT

from rsd_checklist import DISCLAIMER
from rsd_checklist.casefile import Case, load_case
from rsd_checklist.corpus import Corpus, load_corpus
from rsd_checklist.engine import evaluate
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.summary import (
    ANONYMISED_NOTICE,
    ANONYMISED_TITLE,
    Summary,
    all_quotations,
    argument_map,
    build_summary,
    clean,
    natural_key,
    paragraphs,
    pinpoint,
)

DAY = date(2026, 1, 15)


def summary_of(name: str, rule_base: RuleBase, corpus: Corpus, **kw: object) -> Summary:
    case = load_case(ROOT / "cases" / f"{name}.yaml", rule_base)
    return build_summary(case, evaluate(rule_base, case.facts), corpus, today=DAY, **kw)  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def musan(rule_base: RuleBase, corpus: Corpus) -> Summary:
    return summary_of("musan_bible_study", rule_base, corpus)


def test_header_and_disclaimer(musan: Summary) -> None:
    assert musan.title == "Woman from Musan caught at Bible study"
    assert musan.date == DAY and musan.date_text == "15 January 2026"
    assert musan.disclaimer == DISCLAIMER
    assert not musan.anonymised and musan.anonymised_notice is None
    assert musan.case_name == "musan_bible_study"
    assert musan.notes and musan.notes[0].startswith("Drawn from an account in Charny")


def test_facts_as_answered_and_questions_left_open(musan: Summary, rule_base: RuleBase) -> None:
    answered = {f.id: f.answer for f in musan.facts}
    assert answered["nationality"] == "North Korean (DPRK)"
    assert answered["christian_activity"] == "yes"
    assert list(answered) == [f for f in rule_base.facts if f in answered]  # questionnaire order
    assert [f.id for f in musan.derived_facts] == ["host_party_to_refugee_convention"]
    assert musan.derived_facts[0].derived
    assert musan.next_question in {q.id for q in musan.open_questions}
    assert all(q.settles for q in musan.open_questions)


def test_checklist_has_every_argument_once(musan: Summary, rule_base: RuleBase) -> None:
    rows = [r for g in musan.checklist for r in g.rows]
    assert [r.id for r in rows] == [
        a for g in rule_base.groups for a in rule_base.arguments if rule_base.arguments[a].group == g
    ]
    assert sorted(r.id for r in rows) == sorted(rule_base.arguments)
    assert {r.label for r in rows} <= {"✓ applies", "✗ does not apply", "? open"}


def test_sections_hold_applying_arguments_and_remedies_apart(musan: Summary, rule_base: RuleBase) -> None:
    evaluation = evaluate(rule_base, load_case(ROOT / "cases" / "musan_bible_study.yaml", rule_base).facts)
    applying = [a for a, r in evaluation.results.items() if r.status == "applies"]
    pleaded = [a for a in applying if rule_base.arguments[a].group != "remedies"]
    # the advocate's arguments, then the opposing positions (those the rule base answers)
    own = [a for a in pleaded if not rule_base.arguments[a].answers]
    positions = [a for a in pleaded if rule_base.arguments[a].answers]
    assert [s.id for s in musan.arguments] == own + positions
    assert [s.id for s in musan.own_arguments] == own and [s.id for s in musan.opposing_positions] == positions
    assert positions == ["counter.economic_migrant", "counter.bilateral_return_agreement"]
    assert [r.id for r in musan.remedies] == [a for a in applying if rule_base.arguments[a].group == "remedies"]
    assert [o.id for o in musan.open_arguments] == [
        a for a, r in evaluation.results.items() if r.status == "undetermined"
    ]
    for open_argument in musan.open_arguments:
        assert [q.id for q in open_argument.questions] == list(evaluation.results[open_argument.id].missing_facts)
    assert musan.counts.applies == len(applying)


def test_reasons_state_the_decisive_answers_in_plain_words(musan: Summary) -> None:
    sections = {s.id: s for s in musan.arguments}
    religion = sections["convention.nexus.religion"]
    assert religion.reasons == (
        "Nationality is North Korean (DPRK): answered North Korean (DPRK)",
        "Christian activity: answered yes",
    )  # the false, non-decisive "reasons include religious" branch is left out
    refugee = sections["convention.refugee"]
    assert "“Persecution feared on return” applies" in refugee.reasons
    assert "“Exclusion under Article 1F” does not apply" in refugee.reasons  # a negated argument
    article_33 = sections["non_refoulement.article_33"]
    assert any("follows from the other answers; not asked" in r for r in article_33.reasons)  # derived fact


def test_quotations_are_the_reports_wording_with_computed_pinpoints(musan: Summary, corpus: Corpus) -> None:
    quotations = all_quotations(musan)
    assert quotations
    for q in quotations[:40]:
        text = q.text.removesuffix(" ...")  # the report's sentence goes on: said, not hidden
        matches = [*corpus.find(q.doc_id, text.replace(" ... ", "...")), *corpus.find(q.doc_id, text)]
        found = [m for m in matches if m.text == text]
        assert found, q
        assert q.text.endswith(" ...") is found[0].sentence_goes_on, q
    persecution = next(s for s in musan.arguments if s.id == "convention.persecution")
    assert [(q.doc_id, q.locator) for q in persecution.quotations] == [
        ("state-2005", "s. 301(b)(1)"),
        ("hrw-2002", "Summary"),
        ("charny-2004", "p. 93"),
        ("state-2005", "s. 301(b)(3)"),
    ]
    assert all(n.verified for n in musan.footnotes)
    article = next(s for s in musan.arguments if s.id == "convention.outside_country_of_nationality")
    assert article.quotations[0].text.endswith("to avail himself of the protection of that country ...")


def test_footnotes_are_numbered_in_reading_order(musan: Summary) -> None:
    numbers = [q.footnote for q in all_quotations(musan)]
    assert numbers == list(range(1, len(musan.footnotes) + 1))
    assert [n.number for n in musan.footnotes] == numbers


def test_full_citation_first_then_supra_and_id(musan: Summary, corpus: Corpus) -> None:
    first: dict[str, int] = {}
    previous = None
    for note in musan.footnotes:
        meta = corpus.documents[note.doc_id].meta
        if previous is not None and previous.doc_id == note.doc_id:
            assert note.form == "id"
            assert note.text == "Id." if previous.locator == note.locator else note.text.startswith("Id.")
            assert note.segments[0].text == "Id." and note.segments[0].italic
        elif note.doc_id in first:
            assert note.form == "supra"
            assert note.text.startswith(f"{meta.short}, supra note {first[note.doc_id]}")
            assert [s.text for s in note.segments if s.italic] == ["supra"]
        else:
            assert note.form == "full"
            assert note.text.startswith(meta.citation)
            first[note.doc_id] = note.number
        previous = note
    assert {e.doc_id: e.first_note for e in musan.bibliography} == first
    # the forms legal writing uses, with pinpoints
    texts = [n.text for n in musan.footnotes]
    assert any(re.fullmatch(r"Charny, supra note \d+, at \d+\.", t) for t in texts)
    assert any(re.fullmatch(r"Id\. at \d+\.", t) for t in texts)
    assert any(re.fullmatch(r"Human Rights Watch, supra note \d+, Summary\.", t) for t in texts)
    assert "Id." in texts


def test_pinpoint_forms() -> None:
    assert pinpoint("p. 93") == ", at 93"
    assert pinpoint("pp. 89-90") == ", at 89-90"
    assert pinpoint("p. 93", after_id=True) == " at 93"
    assert pinpoint("s. 301(b)(1)") == ", s. 301(b)(1)"
    assert pinpoint("s. 301(b)(1)", after_id=True) == ", s. 301(b)(1)"


def test_oppositions_point_to_the_positions_own_section(musan: Summary) -> None:
    sections = {s.id: s for s in musan.arguments}
    political = sections["convention.nexus.political_opinion"]
    economic = next(o for o in political.oppositions if o.position == "counter.economic_migrant")
    assert economic.set_out_below and not economic.quotations  # quoted in full in the position's section
    assert "counter.economic_migrant" in sections
    assert sections["counter.economic_migrant"].kind == "opposing_position"
    responses = sections["counter.economic_migrant"].responses
    assert [r.argument for r in responses] == [
        "sur_place.refugee",
        "convention.nexus.political_opinion",
        "persecution.class_based_deprivation",
    ]
    assert all(r.quotations for r in responses)
    fear = sections["convention.well_founded_fear"]
    home = next(o for o in fear.oppositions if o.position == "counter.returns_home_regularly")
    assert home.position_status == "undetermined" and not home.set_out_below and home.quotations
    # a position that does not arise on these facts is not raised against the argument
    for section in musan.arguments:
        assert all(o.position_status != "does_not_apply" for o in section.oppositions)


def test_authorities_outside_the_corpus_are_listed_not_quoted(musan: Summary) -> None:
    persecution = next(s for s in musan.arguments if s.id == "convention.persecution")
    assert persecution.authorities and persecution.authorities[0].cite.startswith("UNHCR, Handbook")
    cites = {a.cite for a in musan.other_authorities}
    assert persecution.authorities[0].cite in cites
    assert all(q.doc_id in {"hrw-2002", "charny-2004", "state-2005", "nautilus-2003"} for q in all_quotations(musan))


HANDBOOK = "UNHCR, Handbook on Procedures and Criteria for Determining Refugee Status"
CONVENTION = "1951 Convention relating to the Status of Refugees"
TORTURE = "Convention against Torture and Other Cruel, Inhuman or Degrading Treatment or Punishment (1984)"
LAUTERPACHT = (
    'E. Lauterpacht and D. Bethlehem, "The scope and content of the principle of non-refoulement: Opinion", in '
    "E. Feller, V. Türk and F. Nicholson (eds.), Refugee Protection in International Law (Cambridge University "
    "Press, 2003)"
)


def test_rule_files_name_each_outside_authority_in_one_full_form(rule_base: RuleBase) -> None:
    """The bibliography merges identical citations only, so each authority must have one name."""
    cites = [" ".join(a.cite.split()) for arg in rule_base.arguments.values() for a in arg.authorities]
    assert all(c.startswith(f"{HANDBOOK}, para") for c in cites if "Handbook" in c)
    assert all(c.startswith(f"{CONVENTION}, Art. ") for c in cites if c.startswith("1951") or "Refugee Convention" in c)
    assert all(c.startswith(f"{TORTURE}, Art. ") for c in cites if c.startswith("Convention against Torture"))
    assert all(c == LAUTERPACHT for c in cites if "Lauterpacht" in c)
    assert sum(c.startswith(HANDBOOK) for c in cites) > 10 and sum(c.startswith(CONVENTION) for c in cites) > 5


def test_natural_key_reads_numbers_as_numbers() -> None:
    in_order = [
        f"{CONVENTION}, Art. 1F",
        f"{CONVENTION}, Art. 31(1)",
        f"{CONVENTION}, Art. 33(2)",
        "UNHCR Executive Committee, Conclusion No. 8 (XXVIII) (1977)",
        "UNHCR Executive Committee, Conclusion No. 25 (XXXIII) (1982), para. (b)",
        "UNHCR Executive Committee, Conclusion No. 105 (LVII) (2006)",
        f"{HANDBOOK}, para. 28",
        f"{HANDBOOK}, paras. 37-50",  # plural pinpoints sort with the singular, by number
        f"{HANDBOOK}, para. 51",
        f"{HANDBOOK}, paras. 189-194",
    ]
    assert sorted(reversed(in_order), key=natural_key) == in_order
    assert sorted(in_order[::3] + in_order[1::3] + in_order[2::3], key=natural_key) == in_order


def test_other_authorities_once_each_in_natural_order(rule_base: RuleBase, corpus: Corpus) -> None:
    case = load_case(ROOT / "cases" / "musan_bible_study.yaml", rule_base)
    facts = {**case.facts, "requested_protection": True}  # so that Conclusion No. 8 is cited too
    summary = build_summary(case, evaluate(rule_base, facts), corpus, today=DAY)
    cites = [a.cite for a in summary.other_authorities]
    every = [a.cite for s in summary.arguments for a in s.authorities] + [
        a.cite for r in summary.remedies for a in r.authorities
    ]
    assert len(every) > len(cites) == len(set(cites)) and set(cites) == set(every)  # exact duplicates dropped
    assert cites == sorted(cites, key=natural_key)
    conclusions = [c for c in cites if "Executive Committee" in c]
    assert [re.search(r"No\. (\d+)", c)[1] for c in conclusions] == ["8", "25", "105"]  # type: ignore[index]
    assert [c.removeprefix(f"{HANDBOOK}, ") for c in cites if c.startswith(HANDBOOK)][:3] == [
        "para. 28",
        "paras. 37-50",
        "para. 51",
    ]
    assert not [c for c in cites if "UNHCR Handbook" in c or "reissued" in c or "1951 Refugee Convention" in c]
    # the reports cited are sorted the same way, by their short form
    assert [e.short for e in summary.bibliography] == sorted((e.short for e in summary.bibliography), key=natural_key)


def test_anonymise_drops_title_summary_and_notes(rule_base: RuleBase, corpus: Corpus) -> None:
    summary = summary_of("musan_bible_study", rule_base, corpus, anonymise=True)
    assert summary.anonymised and summary.title == ANONYMISED_TITLE
    assert summary.anonymised_notice == ANONYMISED_NOTICE
    assert summary.notes == () and summary.case_summary == "" and summary.case_name is None
    assert summary.facts  # the answers stay: they are the case


def test_a_case_with_no_answers(rule_base: RuleBase, corpus: Corpus) -> None:
    summary = build_summary(Case(title="Empty"), evaluate(rule_base, {}), corpus, today=DAY)
    assert summary.facts == () and summary.arguments == () and summary.remedies == ()
    assert summary.footnotes == () and summary.bibliography == ()
    assert len(summary.open_arguments) == len(rule_base.arguments)


def test_citation_not_found_falls_back_to_the_rule(mini_rules: RuleBase, tmp_path: Path) -> None:
    shutil.copytree(MINI / "corpus", tmp_path / "corpus")
    memo = tmp_path / "corpus" / "memo.txt"
    memo.write_text(memo.read_text().replace("face punish-", "face a fine-"))
    corpus = load_corpus(tmp_path / "corpus")
    case = Case(title="T", facts={"nationality": "dprk", "left_illegally": True})
    summary = build_summary(case, evaluate(mini_rules, case.facts), corpus, today=DAY)
    quotation = summary.arguments[0].quotations[0]
    assert (quotation.text, quotation.locator) == ("those who cross it face punishment on return.", "p. 1")
    note = summary.footnotes[0]
    assert not note.verified and "not found in the report" in note.text


def test_mini_pinpoints_and_wording(mini_rules: RuleBase, mini_corpus: Corpus) -> None:
    case = Case(
        title="T", facts={"nationality": "dprk", "left_illegally": True, "reasons": ["religious"], "country": "china"}
    )
    summary = build_summary(case, evaluate(mini_rules, case.facts), mini_corpus, today=DAY)
    quotes = {q.locator: q.text for q in all_quotations(summary)}
    assert quotes["p. 1"] == "those who cross it face punishment on return."
    # joined across the page break; the sentence goes on (", said ..."), and the summary says so
    assert quotes["pp. 1-2"] == "People who pray inward of the state ..."
    assert [n.text for n in summary.footnotes] == ["A Test Memo (2020), at 1.", "Id. at 1-2.", "Id. at 1 n. 1."]


def test_argument_map_edges(rule_base: RuleBase) -> None:
    graph = argument_map(rule_base)
    edges = {(e.source, e.target, e.kind) for e in graph.edges}
    assert ("convention.persecution", "convention.well_founded_fear", "supports") in edges
    assert ("exclusion.article_1f", "convention.refugee", "defeats") in edges
    assert ("sur_place.refugee", "counter.economic_migrant", "answers") in edges
    assert len(graph.nodes) == len(rule_base.arguments) and graph.omitted == 0
    assert all(n.status is None for n in graph.nodes)


def test_map_in_the_summary_leaves_out_what_does_not_apply(musan: Summary) -> None:
    graph = musan.argument_map
    ids = {n.id for n in graph.nodes}
    assert "exclusion.article_1f" not in ids and graph.omitted == musan.counts.does_not_apply
    assert all(e.source in ids and e.target in ids for e in graph.edges)


def test_text_is_cleaned_for_every_format() -> None:
    assert clean("bell\x07 nul\x00 vt\x0b ok\ttab") == "bell nul vt ok\ttab"
    assert clean("a\u2028b\x85c") == "a\nb\nc"
    assert paragraphs("one\ntwo\n\n  three  \n\n\n") == ("one two", "three")

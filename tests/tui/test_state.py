"""The session model, training scores and passage lookup: plain Python, no Textual."""

from __future__ import annotations

import itertools
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from rsd_checklist.casefile import load_case
from rsd_checklist.corpus import Corpus
from rsd_checklist.engine import evaluate
from rsd_checklist.resources import bundled_cases
from rsd_checklist.rulebase import RuleBase
from rsd_checklist.tui.passages import hit_passage, locate, wrap_ranges
from rsd_checklist.tui.state import Session, next_question, read_case
from rsd_checklist.tui.training import score


@pytest.fixture()
def musan(rule_base: RuleBase) -> Session:
    case = load_case(bundled_cases()["musan_bible_study"], rule_base)
    return Session(rule_base, case)


def test_new_session_asks_the_engines_first_question(rule_base: RuleBase) -> None:
    session = Session(rule_base)
    assert session.current == evaluate(rule_base, {}).next_question
    assert session.progress == (0, len(evaluate(rule_base, {}).relevance), 0)
    assert not session.dirty


def test_answering_changes_statuses_and_moves_on(musan: Session) -> None:
    assert musan.current == "requested_protection"
    before = musan.evaluation.status("remedy.unhcr_screening")
    musan.answer("requested_protection", True)
    assert before == "undetermined"
    assert musan.evaluation.status("remedy.unhcr_screening") == "applies"
    assert musan.current != "requested_protection"
    assert musan.dirty


def test_dont_know_keeps_the_fact_unknown_and_moves_on(musan: Session) -> None:
    statuses = {a: r.status for a, r in musan.evaluation.results.items()}
    musan.answer("requested_protection", None)
    assert "requested_protection" not in musan.answers
    assert "requested_protection" in musan.unknown
    assert {a: r.status for a, r in musan.evaluation.results.items()} == statuses
    assert musan.current is not None and musan.current != "requested_protection"
    assert "requested_protection" not in musan.relevant()
    assert musan.progress[2] == 1


def test_next_question_skips_dont_know_in_the_engines_order(rule_base: RuleBase) -> None:
    ev = evaluate(rule_base, {})
    first = ev.next_question
    second = next_question(ev, {first})
    assert second is not None and second != first
    assert len(ev.relevance[second]) == max(len(v) for k, v in ev.relevance.items() if k != first)


def test_back_forward_and_jump(musan: Session) -> None:
    first = musan.current
    assert not musan.can_go_back
    musan.answer(first, False)
    second = musan.current
    assert musan.back() and musan.current == first
    assert musan.can_go_forward
    assert musan.forward() and musan.current == second
    musan.jump("age")
    assert musan.current == "age"
    assert musan.back() and musan.current == second
    # answering a question reached by going back drops the way forward and asks the engine again
    assert musan.back() and musan.current == first
    musan.answer(first, True)
    assert musan.current == musan.next_question()


def test_an_answer_that_makes_another_moot_sets_it_aside(rule_base: RuleBase) -> None:
    session = Session(rule_base)
    session.answer("current_country", "russia")
    session.answer("host_party_to_refugee_convention", False)
    assert "host_party_to_refugee_convention" in session.answers
    session.answer("current_country", "china")  # the rule base now supplies the treaty status
    assert session.evaluation.is_derived("host_party_to_refugee_convention")
    assert "host_party_to_refugee_convention" not in session.answers
    session.answer("current_country", "russia")
    assert session.answers["host_party_to_refugee_convention"] is False


def test_questions_by_topic_lists_answered_and_relevant_only(musan: Session) -> None:
    listed = {f for _, facts in musan.questions_by_topic() for f in facts}
    assert set(musan.answers) <= listed
    assert set(musan.evaluation.relevance) <= listed
    for fact_id in listed - set(musan.answers) - musan.unknown:
        assert fact_id in musan.evaluation.relevance


def test_bad_answers_are_refused(rule_base: RuleBase) -> None:
    session = Session(rule_base)
    assert session.check("age", 200)
    with pytest.raises(ValueError):
        session.answer("age", 200)
    with pytest.raises(ValueError):
        session.answer("nationality", "martian")
    assert not session.dirty


def test_saved_case_keeps_dont_know(tmp_path: Path, musan: Session, rule_base: RuleBase) -> None:
    musan.answer("requested_protection", None)
    musan.answer("wants_resettlement_in", "south_korea")
    path = tmp_path / "case.yaml"
    path.write_text(musan.to_yaml(), encoding="utf-8")
    assert "requested_protection: null" in path.read_text(encoding="utf-8")
    case, unknown = read_case(path, rule_base)
    assert case.facts == musan.answers
    assert unknown == musan.unknown


def test_expected_statuses_are_written_only_for_the_answers_they_describe(rule_base: RuleBase, tmp_path: Path) -> None:
    session = Session(rule_base, load_case(bundled_cases()["border_trader"], rule_base))
    assert session.to_case().expected and session.to_case().model_answer
    session.answer("reasons_for_leaving", ["work", "food"])  # the same choices, ticked in another order
    assert not session.answers_changed and session.to_case().expected
    original = session.value("requested_protection")
    session.answer("requested_protection", not original)
    assert session.answers_changed
    case = session.to_case()
    assert not case.expected and not case.model_answer
    session.mark_saved(tmp_path / "mine.yaml")
    session.answer("requested_protection", original)  # as the training case had it, but the file is the user's now
    assert not session.to_case().expected and not session.to_case().model_answer


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(data=st.data())
def test_any_interview_round_trips(
    tmp_path_factory: pytest.TempPathFactory, rule_base: RuleBase, data: st.DataObject
) -> None:
    """Answer the engine's questions at random (don't know included): the saved file reads back the same."""
    session = Session(rule_base)
    for _ in range(data.draw(st.integers(0, 25))):
        fact_id = session.current
        if fact_id is None:
            break
        fact = rule_base.facts[fact_id]
        if fact.type == "bool":
            value = data.draw(st.sampled_from([True, False, None]))
        elif fact.type == "choice":
            value = data.draw(st.sampled_from([c.value for c in fact.choices] + [None]))
        elif fact.type == "multi":
            value = data.draw(st.lists(st.sampled_from([c.value for c in fact.choices]), unique=True))
        else:
            value = data.draw(st.integers(fact.min or 0, fact.max if fact.max is not None else 99))
        session.answer(fact_id, value)
    path = tmp_path_factory.mktemp("rt") / "case.yaml"
    path.write_text(session.to_yaml(), encoding="utf-8")
    case, unknown = read_case(path, rule_base)
    assert case.facts == session.answers
    assert unknown == session.unknown
    assert evaluate(rule_base, case.facts).results == session.evaluation.results


def test_training_score(musan: Session) -> None:
    applies = {a for a, r in musan.evaluation.results.items() if r.status == "applies"}
    perfect = score(applies, musan.evaluation)
    assert perfect.agreed == perfect.total == len(musan.evaluation.results)
    assert perfect.percent == 100 and not perfect.disagreements
    missed_one = sorted(applies)[0]
    wrong = {*applies - {missed_one}, "convention.nexus.particular_social_group"}
    result = score(wrong, musan.evaluation)
    assert result.agreed == result.total - 2
    assert {v.argument_id for v in result.disagreements} == {missed_one, "convention.nexus.particular_social_group"}
    assert "Missed: 1 that apply. Marked but not applying: 1." in result.summary()
    still_open = sum(r.status == "undetermined" for r in musan.evaluation.results.values())
    assert still_open and result.open == still_open
    assert f" {still_open} are still open on these facts: leaving one unmarked counts as agreeing" in result.summary()


def test_every_citation_is_located_with_its_words(rule_base: RuleBase, corpus: Corpus) -> None:
    for site in rule_base.citation_sites:
        citation = site.citation
        passage = locate(corpus, citation.doc, citation.quote)
        assert passage is not None, citation
        assert passage.spans, citation
        lines = corpus.documents[citation.doc].text.split("\n")
        marked = " ".join(lines[n - 1][a:b] for n in sorted(passage.spans) for a, b in passage.spans[n])
        first_word = citation.quote.split()[0].strip("'\".,…")
        assert first_word[:4].lower() in marked.lower(), (citation, marked)


def test_search_hit_passage_marks_the_words(corpus: Corpus) -> None:
    hits = corpus.search("Bible study", limit=3)
    assert hits
    passage = hit_passage(corpus, hits[0], "Bible study")
    lines = corpus.documents[hits[0].doc_id].text.split("\n")
    words = {lines[n - 1][a:b].lower() for n, spans in passage.spans.items() for a, b in spans}
    assert "bible" in words or "bibles" in words


@given(st.text(alphabet=st.sampled_from("ab  c\u00e9\u4e2d-"), max_size=200), st.integers(1, 40))
def test_wrap_ranges_cover_the_text_within_the_width(text: str, width: int) -> None:
    from rich.cells import cell_len

    rows = wrap_ranges(text, width)
    covered = {i for a, b in rows for i in range(a, b)}
    assert all(text[i] == " " for i in range(len(text)) if i not in covered)
    for (_, b), (c, _) in itertools.pairwise(rows):
        assert b <= c
    for a, b in rows:
        piece = text[a:b]
        assert cell_len(piece.rstrip(" ")) <= width or len(piece) == 1


def test_saving_over_a_trainers_own_case_keeps_its_expected_statuses_and_model_answer(
    rule_base: RuleBase, tmp_path: Path
) -> None:
    from rsd_checklist.tui.storage import Storage

    own = tmp_path / "my_case.yaml"
    own.write_text(bundled_cases()["border_trader"].read_text())
    storage = Storage(tmp_path / "data")
    session = storage.open_session(own, rule_base)
    assert session.save_path == own
    question = session.current
    assert question is not None
    session.answer(question, None)  # don't know
    changed = next(f for f in rule_base.facts if rule_base.facts[f].type == "bool" and f not in session.answers)
    session.answer(changed, True)
    assert session.answers_changed
    storage.save_session(session, own)
    saved = load_case(own, rule_base)
    original = load_case(bundled_cases()["border_trader"], rule_base)
    assert saved.expected == original.expected and saved.model_answer == original.model_answer
    recovery = storage.write_recovery(session)  # a recovery copy keeps them too
    assert load_case(recovery, rule_base).expected == original.expected

"""Pilot-driven flows through the app: start, interview, checklist, detail, reports, files, recovery, training.

Timings (re-evaluation + refresh after each answer, time to the first screen) are printed, not asserted:
run with `-s` to see them.
"""

from __future__ import annotations

import asyncio
import stat
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import yaml
from textual.pilot import Pilot
from textual.widgets import Input, OptionList

from rsd_checklist.tui.app import RsdApp
from rsd_checklist.tui.screens.case import CaseScreen
from rsd_checklist.tui.screens.dialogs import ConfirmDialog, JumpDialog, PathDialog, RecoveryDialog
from rsd_checklist.tui.screens.help import HelpScreen
from rsd_checklist.tui.screens.report import ReportScreen
from rsd_checklist.tui.screens.start import StartScreen
from rsd_checklist.tui.screens.training import PredictionList, PredictionScreen, ResultList, TrainingResultScreen
from rsd_checklist.tui.widgets.answers import ChoiceAnswer, MultiList, NumberAnswer, NumberInput
from rsd_checklist.tui.widgets.checklist import Checklist
from rsd_checklist.tui.widgets.detail import DetailPane
from rsd_checklist.tui.widgets.report_view import ReportView

SIZE = (100, 32)


def run(app: RsdApp, scenario: Callable[[Pilot[Any]], Awaitable[None]], size: tuple[int, int] = SIZE) -> None:
    async def main() -> None:
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            await scenario(pilot)

    asyncio.run(main())


def report_timings(app: RsdApp, label: str) -> None:
    for name in ("first-screen", "evaluate", "evaluate+refresh", "answer-to-paint"):
        values = [ms for n, ms in app.timings if n == name]
        if values:
            print(f"[{label}] {name}: n={len(values)} max={max(values):.2f} ms mean={sum(values) / len(values):.2f} ms")


async def open_case(pilot: Pilot[Any], name: str) -> CaseScreen:
    app = pilot.app
    assert isinstance(app.screen, StartScreen)
    menu = app.screen.query_one("#start-menu", OptionList)
    menu.highlighted = menu.get_option_index(f"case:{name}")
    await pilot.press("enter")
    await pilot.pause()
    assert isinstance(app.screen, CaseScreen)
    return app.screen


def row(screen: CaseScreen, argument_id: str) -> str:
    return screen.query_one(Checklist).get_option(f"arg:{argument_id}").prompt.plain  # type: ignore[union-attr]


async def jump_to(pilot: Pilot[Any], fact_id: str) -> None:
    await pilot.press("j")
    await pilot.pause()
    dialog = pilot.app.screen
    assert isinstance(dialog, JumpDialog)
    jump_list = dialog.query_one("#jump-list", OptionList)
    jump_list.highlighted = jump_list.get_option_index(fact_id)
    await pilot.press("enter")
    await pilot.pause()


async def type_into(pilot: Pilot[Any], widget: Input, text: str) -> None:
    widget.value = ""
    widget.focus()
    await pilot.press(*text)


# ---------------------------------------------------------------------- start


def test_start_screen_lists_training_cases_and_recent_files(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = app.screen
        assert isinstance(screen, StartScreen)
        menu = screen.query_one("#start-menu", OptionList)
        ids = [o.id for o in menu.options]
        assert ids[:2] == ["new", "open"]
        assert {"case:bare_profile", "case:border_trader", "case:musan_bible_study"} <= set(ids)
        text = "\n".join(o.prompt.plain for o in menu.options)  # type: ignore[union-attr]
        assert "Woman from Musan caught at Bible study" in text
        assert "No recent files yet." in text
        assert "not legal advice" in str(screen.query_one("#disclaimer").render())

    run(app, scenario)
    first = [ms for name, ms in app.timings if name == "first-screen"]
    assert first
    print(f"first screen after {first[0]:.0f} ms")


def test_help_and_command_palette(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        await pilot.pause()
        await open_case(pilot, "musan_bible_study")
        await pilot.press("n")
        await pilot.pause()
        titles = {c.title for c in app.get_system_commands(app.screen)}
        assert "Down" not in titles and "Copy selected text" not in titles
        for title in (
            "Back",
            "Questions",
            "Detail",
            "Filter",
            "Save",
            "Export",
            "Close case",
            "Help",
            "Save as…",
            "Theme",
        ):
            assert title in titles, title
        await pilot.press("ctrl+p")
        await pilot.pause()
        await pilot.press(*"Questions")
        await pilot.pause(0.3)
        await pilot.press("enter")
        await pilot.pause(0.2)
        assert isinstance(app.screen, JumpDialog)

    run(app, scenario)


# ---------------------------------------------------------------------- interview and checklist


def test_answering_changes_statuses(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        assert screen.session.current == "requested_protection"
        assert isinstance(app.focused, ChoiceAnswer)
        assert row(screen, "remedy.unhcr_screening").startswith("  ? open")
        await pilot.press("y")
        await pilot.pause()
        assert screen.session.answers["requested_protection"] is True
        assert row(screen, "remedy.unhcr_screening").startswith("• ✓ applies")
        assert screen.session.current != "requested_protection"
        assert "unsaved" in screen.sub_title
        # answer keys work from the checklist too
        screen.query_one(Checklist).focus()
        await pilot.press("question_mark")
        await pilot.pause()
        assert len(screen.session.unknown) == 1

    run(app, scenario)
    report_timings(app, "answering")


def test_dont_know_keeps_a_fact_unknown(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        before = row(screen, "remedy.unhcr_screening")
        await pilot.press("question_mark")
        await pilot.pause()
        session = screen.session
        assert "requested_protection" not in session.answers
        assert "requested_protection" in session.unknown
        assert row(screen, "remedy.unhcr_screening") == before
        assert session.current not in (None, "requested_protection")
        assert "don't know 1" in str(screen.query_one("#q-progress").render())

    run(app, scenario)


def test_back_and_forward(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        session = screen.session
        first = session.current
        await pilot.press("n")
        await pilot.pause()
        second = session.current
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert session.current == first
        options = app.focused
        assert isinstance(options, ChoiceAnswer)
        assert "● your answer" in options.get_option_at_index(1).prompt.plain  # type: ignore[union-attr]
        await pilot.press("ctrl+right")
        await pilot.pause()
        assert session.current == second

    run(app, scenario)


def test_number_question_checks_bounds_inline(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        await jump_to(pilot, "age")
        assert screen.session.current == "age"
        number = screen.query_one(NumberAnswer)
        field = number.query_one(NumberInput)
        assert field.value == "22"
        await type_into(pilot, field, "130")
        await pilot.press("enter")
        await pilot.pause()
        message = str(number.query_one("#number-message").render())
        assert "130 is too large: give a whole number from 0 to 120." in message
        assert screen.session.answers["age"] == 22
        await type_into(pilot, field, "abc")  # letters never reach the field
        assert field.value == ""
        await type_into(pilot, field, "17")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.answers["age"] == 17

    run(app, scenario)


def test_multi_choice_question(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        await jump_to(pilot, "reasons_for_leaving")
        multi = screen.query_one(MultiList)
        assert multi.selected == ["food"]
        choices = [c.value for c in screen.session.rule_base.facts["reasons_for_leaving"].choices]
        religious = choices.index("religious") + 1
        await pilot.press(str(religious))
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.answers["reasons_for_leaving"] == [c for c in choices if c in ("food", "religious")]

    run(app, scenario)


def test_irrelevant_questions_disappear(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("n")  # new case
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        session = screen.session
        relevant_before = set(session.relevant())
        assert session.current == "nationality"
        choices = [c.value for c in session.rule_base.facts["nationality"].choices]
        await pilot.press(str(choices.index("other") + 1))
        await pilot.pause()
        gone = relevant_before - set(session.relevant()) - {"nationality"}
        assert gone
        await pilot.press("j")
        await pilot.pause()
        listed = {o.id for o in app.screen.query_one("#jump-list", OptionList).options if o.id}
        assert "nationality" in listed and not gone & listed

    run(app, scenario)


def test_checklist_filter(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        checklist = screen.query_one(Checklist)
        for name, word in (("applies", "✓ applies"), ("open", "? open")):
            await pilot.press("f")
            await pilot.pause()
            assert checklist.filter == name
            rows = [o.prompt.plain for o in checklist.options if o.id and o.id.startswith("arg:")]  # type: ignore[union-attr]
            assert rows and all(r.strip().startswith(word) for r in rows)
        await pilot.press("f")
        await pilot.pause()
        assert checklist.filter == "all"
        assert sum(1 for o in checklist.options if o.id and o.id.startswith("arg:")) == len(
            screen.session.rule_base.arguments
        )

    run(app, scenario)


def test_theme_change_keeps_the_checklist(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        app.theme = "textual-light"
        await pilot.pause()
        assert row(screen, "convention.refugee").startswith("  ✓ applies")

    run(app, scenario)


# ---------------------------------------------------------------------- detail and reports


def test_detail_pane_and_report_viewer(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        checklist = screen.query_one(Checklist)
        checklist.focus()
        checklist.select_argument("convention.nexus.religion")
        await pilot.press("enter")
        await pilot.pause()
        detail = screen.query_one(DetailPane)
        assert app.focused is detail and detail.argument_id == "convention.nexus.religion"
        text = "\n".join(o.prompt.plain for o in detail.options)  # type: ignore[union-attr]
        for heading in ("Legal test", "Why, on these facts", "Sources", "Weak points", "Outside the corpus"):
            assert heading in text
        assert "Christian activity  (answer: yes)" in text
        await pilot.press("down")  # the first link: a source
        await pilot.press("enter")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        view = report.query_one(ReportView)
        assert view.passage is not None and view.passage.spans
        assert view.scroll_y <= view.row_of_line(view.passage.start_line) < view.scroll_y + view.size.height
        # search the corpus and open a hit
        await pilot.press("slash")
        await type_into(pilot, report.query_one("#report-search", Input), "Bible study")
        await pilot.press("enter")
        await app.workers.wait_for_complete()
        await pilot.pause()
        hits = report.query_one("#report-hits", OptionList)
        assert hits.display and report.hits
        await pilot.press("enter")
        await pilot.pause()
        assert view.passage is not None and view.passage.start_line == report.hits[0].line
        await pilot.press("escape")
        await pilot.pause()
        assert app.screen is screen

    run(app, scenario)


def test_open_questions_link_to_the_question(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        screen.show_detail("non_refoulement.screening_before_return")
        await pilot.pause()
        detail = screen.query_one(DetailPane)
        detail.highlighted = detail.get_option_index("fact:requested_protection")
        await pilot.press("enter")
        await pilot.pause()
        assert screen.session.current == "requested_protection"

    run(app, scenario)


# ---------------------------------------------------------------------- files


def test_save_and_open_round_trip(make_app: Any, tmp_path: Path) -> None:
    target = tmp_path / "work" / "my case.yaml"
    target.parent.mkdir()
    app = make_app()

    async def answer_and_save(pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        await pilot.press("1")  # nationality: the first choice
        await pilot.pause()
        await pilot.press("question_mark")  # don't know the next one
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        dialog = app.screen
        assert isinstance(dialog, PathDialog)
        assert dialog.query_one("#path-input", Input).value == "new-case.yaml"
        await type_into(pilot, dialog.query_one("#path-input", Input), str(target))
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen is screen and not screen.session.dirty
        assert "unsaved" not in screen.sub_title

    run(app, answer_and_save)
    saved = yaml.safe_load(target.read_text(encoding="utf-8"))
    assert saved["facts"]["nationality"] == "dprk"
    assert None in saved["facts"].values()
    assert stat.S_IMODE(target.stat().st_mode) == 0o600
    assert not list((app.storage.recovery_dir).glob("*.yaml"))

    again = make_app()

    async def reopen(pilot: Pilot[Any]) -> None:
        menu = again.screen.query_one("#start-menu", OptionList)
        assert "recent:0" in [o.id for o in menu.options]
        await pilot.press("ctrl+o")
        await pilot.pause()
        dialog = again.screen
        assert isinstance(dialog, PathDialog)
        await type_into(pilot, dialog.query_one("#path-input", Input), str(target))
        await pilot.press("enter")
        await pilot.pause()
        screen = again.screen
        assert isinstance(screen, CaseScreen)
        assert screen.session.answers == {"nationality": "dprk"}
        assert len(screen.session.unknown) == 1
        assert screen.session.save_path == target

    run(again, reopen)


def test_asks_before_discarding_unsaved_answers(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await open_case(pilot, "musan_bible_study")
        await pilot.press("y")
        await pilot.pause()
        assert app.storage.recoveries()
        await pilot.press("ctrl+q")
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("c")  # cancel: nothing lost
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("ctrl+w")  # close the case: asked again
        await pilot.pause()
        assert isinstance(app.screen, ConfirmDialog)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)
        await pilot.press("ctrl+q")
        await pilot.pause()
        await pilot.press("d")  # discard
        await pilot.pause()
        assert app.return_code == 0
        assert not app.storage.recoveries()

    run(app, scenario)


def test_recovery_after_an_abrupt_exit(make_app: Any) -> None:
    first = make_app()

    async def answer_then_vanish(pilot: Pilot[Any]) -> None:
        await open_case(pilot, "musan_bible_study")
        await pilot.press("y")
        await pilot.pause()
        await pilot.press("question_mark")
        await pilot.pause()
        # leaving the run_test block stops the app without the quit flow, as a closed terminal would

    run(first, answer_then_vanish)
    assert first.storage.recoveries()
    second = make_app()

    async def restore(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        assert isinstance(second.screen, RecoveryDialog)
        listed = str(second.screen.query_one(OptionList).get_option_at_index(0).prompt)
        (recovery,) = second.storage.recoveries()
        assert f"{recovery.answered} answered, 1 don't know · " in listed  # as the case screen counts
        await pilot.press("enter")
        await pilot.pause()
        screen = second.screen
        assert isinstance(screen, CaseScreen)
        session = screen.session
        assert session.answers["requested_protection"] is True
        assert len(session.unknown) == 1 and len(session.answers) == recovery.answered
        assert session.dirty and session.save_path is None
        assert session.title == "Woman from Musan caught at Bible study"

    run(second, restore)


def test_export_markdown_asks_before_replacing(make_app: Any, tmp_path: Path, monkeypatch: Any) -> None:
    monkeypatch.chdir(tmp_path)
    app = make_app()
    target = tmp_path / "woman-from-musan-caught-at-bible-study.md"

    async def export(pilot: Pilot[Any]) -> None:
        await open_case(pilot, "musan_bible_study")
        await pilot.press("ctrl+e")
        await pilot.pause()
        assert isinstance(app.screen, PathDialog)
        await pilot.press("enter")  # the suggested name, in the working folder
        await pilot.pause()
        assert target.exists()
        target.write_text("old", encoding="utf-8")
        for key in ("c", "r"):  # cancel, then replace
            await pilot.press("ctrl+e")
            await pilot.pause()
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ConfirmDialog)
            await pilot.press(key)
            await pilot.pause()
            if key == "c":
                assert target.read_text(encoding="utf-8") == "old"

    run(app, export)
    text = target.read_text(encoding="utf-8")
    assert "Woman from Musan caught at Bible study" in text and "applies" in text
    assert stat.S_IMODE(target.stat().st_mode) == 0o600


# ---------------------------------------------------------------------- training


def test_training_scores_the_prediction(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        menu = app.screen.query_one("#start-menu", OptionList)
        menu.highlighted = menu.get_option_index("case:musan_bible_study")
        await pilot.press("t")
        await pilot.pause()
        prediction = app.screen
        assert isinstance(prediction, PredictionScreen)
        plist = prediction.query_one(PredictionList)
        for argument_id in ("convention.refugee", "convention.nexus.particular_social_group"):
            plist.highlighted = plist.get_option_index(argument_id)
            await pilot.press("space")
        assert prediction.marked == {"convention.refugee", "convention.nexus.particular_social_group"}
        await pilot.press("ctrl+r")
        await pilot.pause()
        result = app.screen
        assert isinstance(result, TrainingResultScreen)
        score = result.result
        applies = {a for a, r in result.session.evaluation.results.items() if r.status == "applies"}
        assert score.agreed == score.total - (len(applies) - 1) - 1
        results = result.query_one(ResultList)
        assert results.get_option("convention.refugee").prompt.plain.startswith("= agree")  # type: ignore[union-attr]
        assert "(you: applies)" in results.get_option("convention.nexus.particular_social_group").prompt.plain  # type: ignore[union-attr]
        # the first disagreement is highlighted and explained, with its sources
        detail = result.query_one(DetailPane)
        assert detail.argument_id == results.highlighted_option.id  # type: ignore[union-attr]
        assert not score.verdict(detail.argument_id).agrees
        await pilot.press("m")
        await pilot.pause()
        assert "refugee sur place" in str(result.query_one("#model-answer-text").render())
        await pilot.press("c")  # on to the case itself
        await pilot.pause()
        assert isinstance(app.screen, CaseScreen)

    run(app, scenario)


# ---------------------------------------------------------------------- mouse, start-up paths, timings


def test_answering_with_the_mouse(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        screen = await open_case(pilot, "musan_bible_study")
        assert screen.session.current == "requested_protection"
        await pilot.click(ChoiceAnswer, offset=(4, 2))  # the second row: No
        await pilot.pause()
        assert screen.session.answers["requested_protection"] is False
        checklist = screen.query_one(Checklist)
        await pilot.click(Checklist, offset=(10, 2))  # a checklist row opens its detail
        await pilot.pause()
        assert screen.query_one(DetailPane).argument_id == checklist.highlighted_argument

    run(app, scenario)


def test_rules_load_behind_the_start_screen(data_dir: Path, cases_dir: Path) -> None:
    app = RsdApp(data_dir=data_dir, cases_dir=cases_dir)

    async def scenario(pilot: Pilot[Any]) -> None:
        assert isinstance(app.screen, StartScreen)
        await pilot.press("n")  # may come before the rule base is ready: it waits for it
        await app.workers.wait_for_complete()
        await pilot.pause()
        assert app.rule_base is not None
        assert isinstance(app.screen, CaseScreen)
        assert app.screen.session.current == "nationality"

    run(app, scenario)
    print(f"rule base loaded in the background in {dict(app.timings)['rules-loaded']:.0f} ms")


def test_a_bad_rules_folder_stops_the_app(data_dir: Path, tmp_path: Path) -> None:
    app = RsdApp(data_dir=data_dir, rules_dir=tmp_path / "nowhere")

    async def scenario(pilot: Pilot[Any]) -> None:
        await app.workers.wait_for_complete()
        await pilot.pause()

    run(app, scenario)
    assert app.return_code == 2


def test_opening_a_case_directly(make_app: Any) -> None:
    from rsd_checklist.resources import bundled_cases

    app = make_app(case_path=bundled_cases()["border_trader"])

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        assert screen.session.title.startswith("Trader")
        assert screen.session.save_path is None  # a bundled case is never written over
        await pilot.press("ctrl+w")
        await pilot.pause()
        assert isinstance(app.screen, StartScreen)

    run(app, scenario)


def test_browse_the_reports(make_app: Any) -> None:
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("r")
        await pilot.pause()
        report = app.screen
        assert isinstance(report, ReportScreen)
        assert isinstance(app.focused, Input)
        report.query_one(ReportView).focus()
        await pilot.press("b")
        await pilot.pause()
        documents = app.screen.query_one("#documents", OptionList)
        documents.highlighted = 2
        await pilot.press("enter")
        await pilot.pause()
        assert report.doc_id == list(app.corpus.documents)[2]
        await pilot.press("pagedown")
        await pilot.pause()
        assert report.query_one(ReportView).scroll_y > 0

    run(app, scenario)


def test_reevaluation_timings(make_app: Any) -> None:
    """Answer twenty questions as the engine asks them; report the time of each re-evaluation + refresh."""
    app = make_app()

    async def scenario(pilot: Pilot[Any]) -> None:
        await pilot.press("n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, CaseScreen)
        session = screen.session
        for _ in range(20):
            fact_id = session.current
            if fact_id is None:
                break
            fact = session.rule_base.facts[fact_id]
            if fact.type == "bool":
                await pilot.press("y")
            elif fact.type == "choice":
                await pilot.press("1")
            elif fact.type == "multi":
                await pilot.press("1", "enter")
            else:
                field = screen.query_one(NumberInput)
                await type_into(pilot, field, str(fact.min or 0))
                await pilot.press("enter")
            await pilot.pause()
            assert session.current != fact_id
        assert len([1 for name, _ in app.timings if name == "evaluate+refresh"]) >= 10

    run(app, scenario)
    report_timings(app, "20 answers")

"""The fixed wording of an argument summary, shared by every renderer so the formats read alike."""

from __future__ import annotations

from rsd_checklist.render import status_label
from rsd_checklist.summary import (
    OUTSIDE_CORPUS,
    ArgumentMap,
    ArgumentSection,
    Authority,
    Opposition,
    Response,
    StatusCounts,
    Summary,
)

HEADING_TITLE = "Argument summary"
CASE_FILE = "Case file"
FACTS = "Facts"
FACTS_ANSWERED = "Facts as answered"
FACTS_DERIVED = "Facts that follow from the answers (not asked)"
CASE_NOTES = "Case notes"
OPEN_QUESTIONS = "Questions left open"
CHECKLIST = "Checklist"
ARGUMENTS = "Arguments that apply"
OPPOSING_SIDE = "The opposing side"
OPPOSING_SIDE_INTRO = (
    "Positions the decision-maker may take on these facts, and the answers to them, with the passages on both sides."
)
OPEN_ARGUMENTS = "Open arguments"
REMEDIES = "Remedies to ask for"
MODEL_ANSWER = "Model answer"
MODEL_ANSWER_INTRO = "The trainer's model answer, from the training case: compare it with the reasoning above."
MAP = "Argument map"
BIBLIOGRAPHY = "Bibliography"
REPORTS_CITED = "Reports cited"
OTHER_AUTHORITIES = "Other authorities (outside the corpus, not quoted)"
NOTES = "Notes"

TEST = "The legal test."
POSITION = "The position."
WHY = "Why it applies on these facts."
WHY_RAISED = "Why it may be raised on these facts."
NOTE = "Note for the advocate."
SUPPORT = "Supporting passages."
STATING = "Passages stating the position."
OPPOSING = "Opposing positions and responses."
RESPONSES = "Responses."
WEAKNESSES = "Weaknesses."
AUTHORITIES = "Authorities outside the corpus."
REQUEST = "What to ask for."
OBSTACLES = "Obstacles."

FACT_HEADERS = ("Question", "Answer")
CHECKLIST_HEADERS = ("Status", "Argument")
NO_FACTS = "No question has been answered yet."
NO_OPEN_QUESTIONS = "None: no unanswered question could change an argument."
NO_ARGUMENTS = "No argument applies on the facts given so far."
NO_OPPOSING = "No opposing position arises on the facts given so far."
NO_OPEN_ARGUMENTS = "None: every argument is settled on these facts."
NO_REMEDIES = "No remedy applies yet on these facts; see the open arguments."
NO_CITATIONS = "No report is cited."
# Only for a map that is drawn (the Mermaid diagram in Markdown): a legend for arrows above a
# list of sentences would describe something the reader cannot see.
MAP_LEGEND = "Arrows: solid, supports; dotted, defeats (the argument holds only if the other does not); thick, answers."
MAP_IN_WORDS = (
    "Each line states one link between two arguments: the first supports the second when the second requires it; "
    "defeats the second when the second holds only if the first does not; answers the second when the second is "
    "an opposing position the first meets."
)


def meta_lines(summary: Summary) -> list[tuple[str, str]]:
    """(label, value) lines under the title."""
    lines = [("Date", summary.date_text), ("Rule base", summary.rule_base_title)]
    if summary.case_name:
        lines.append((CASE_FILE, summary.case_name))
    return lines


def counts_sentence(counts: StatusCounts) -> str:
    def n(k: int, one: str, many: str) -> str:
        return f"{k} {one if k == 1 else many}"

    return (
        f"{n(counts.applies, 'argument applies', 'arguments apply')}, "
        f"{n(counts.does_not_apply, 'does not apply', 'do not apply')}, "
        f"{counts.undetermined} open."
    )


def section_caption(section: ArgumentSection) -> str:
    return f"{section.group_title} · {status_label(section.status)}"


def settles_text(count: int) -> str:
    return f"could settle {count} open argument" + ("" if count == 1 else "s")


def opposition_heading(o: Opposition) -> str:
    return f"{o.position_title} ({status_label(o.position_status)})."


def opposition_text(o: Opposition) -> str:
    return f"Response: {o.response}"


def opposition_crossref(o: Opposition) -> str:
    """Where the position is set out in full, when it has its own section; else ""."""
    if not o.set_out_below:
        return ""
    return (
        f"The position, every response to it and their sources are set out below under “{o.position_title}”, "
        f"in “{OPPOSING_SIDE}”."
    )


def response_heading(r: Response) -> str:
    if r.argument_title is None:
        return "Response."
    return f"Response, by “{r.argument_title}” ({status_label(r.argument_status or 'undetermined')})."


def authority_text(a: Authority) -> str:
    return f"{a.cite} {OUTSIDE_CORPUS}" + (f": {a.point}" if a.point else ".")


def map_caption(graph: ArgumentMap, *, drawn: bool) -> str:
    """The map's caption: a legend for the arrows when the map is drawn, else how to read its lines."""
    text = MAP_LEGEND if drawn else MAP_IN_WORDS
    if graph.omitted == 1:
        text += " The one argument that does not apply on these facts is left out."
    elif graph.omitted:
        text += f" The {graph.omitted} arguments that do not apply on these facts are left out."
    return text


def bibliography_tail(first_note: int, short: str) -> str:
    return f"First cited at note {first_note}; cited after that as {short}."

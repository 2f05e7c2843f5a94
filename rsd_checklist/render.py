"""Evaluations as text for the terminal, Markdown, and the JSON contract of `evaluate --format json`."""

from __future__ import annotations

from typing import Any

from rsd_checklist import DISCLAIMER
from rsd_checklist.casefile import Case
from rsd_checklist.engine import Evaluation, Explanation
from rsd_checklist.schema import Status

SYMBOL: dict[Status, str] = {"applies": "✓", "does_not_apply": "✗", "undetermined": "?"}
WORD: dict[Status, str] = {"applies": "applies", "does_not_apply": "does not apply", "undetermined": "open"}
JSON_FORMAT_VERSION = 1


def status_label(status: Status) -> str:
    return f"{SYMBOL[status]} {WORD[status]}"


def fact_labels(evaluation: Evaluation, fact_ids: tuple[str, ...] | list[str]) -> str:
    return ", ".join(evaluation.rule_base.facts[f].label for f in fact_ids)


def text(case: Case, evaluation: Evaluation) -> str:
    rb = evaluation.rule_base
    lines = [case.title, DISCLAIMER, ""]
    width = max(len(status_label(s)) for s in SYMBOL)
    for group in rb.groups.values():
        results = [evaluation.results[a.id] for a in rb.arguments_in_group(group.id)]
        if not results:
            continue
        lines.append(group.title)
        for r in results:
            line = f"  {status_label(r.status):<{width}}  {rb.arguments[r.id].title}  [{r.id}]"
            lines.append(line)
            if r.missing_facts:
                lines.append(f"  {'':<{width}}    needs: {fact_labels(evaluation, r.missing_facts)}")
        lines.append("")
    lines.append(next_question_text(evaluation))
    return "\n".join(lines)


def next_question_text(evaluation: Evaluation) -> str:
    fact_id = evaluation.next_question
    if fact_id is None:
        return "No question left that could change an argument."
    fact = evaluation.rule_base.facts[fact_id]
    count = len(evaluation.relevance[fact_id])
    plural = "argument" if count == 1 else "arguments"
    return f"Next question ({fact_id}): {fact.prompt}\n  why: it could settle {count} open {plural}: " + ", ".join(
        evaluation.relevance[fact_id]
    )


def explain_text(case: Case, evaluation: Evaluation, argument_id: str) -> str:
    rb = evaluation.rule_base
    arg = rb.arguments[argument_id]
    result = evaluation.results[argument_id]
    lines = [
        f"{arg.title}  [{arg.id}]",
        f"Status: {status_label(result.status)}   (case: {case.title})",
        "",
        "Test: " + arg.test,
        "",
        "Why, on these facts:",
    ]
    lines += _tree(evaluation.explanation(argument_id), 1)
    if result.missing_facts:
        lines += ["", "Still open. These questions could settle it: " + fact_labels(evaluation, result.missing_facts)]
    if arg.note:
        lines += ["", "Note: " + arg.note]
    lines += ["", "Sources:"]
    lines += [f"  - {c.doc}, {c.at}: “{c.quote}”" for c in arg.citations]
    for position, response in rb.oppositions_to(argument_id):
        status = status_label(evaluation.status(position.id))
        lines += ["", f"{position.title}  [{position.id}]  {status}", f"Answer: {response.response}"]
        lines += [f"  - {c.doc}, {c.at}: “{c.quote}”" for c in response.citations]
    for response in arg.answers:
        who = (
            f" ({rb.arguments[response.argument].title}, {evaluation.status(response.argument).replace('_', ' ')})"
            if response.argument
            else ""
        )
        lines += ["", f"Answer{who}: {response.response}"]
        lines += [f"  - {c.doc}, {c.at}: “{c.quote}”" for c in response.citations]
    for weakness in arg.weaknesses:
        lines += ["", f"Weak point: {weakness.point}"]
        lines += [f"  - {c.doc}, {c.at}: “{c.quote}”" for c in weakness.citations]
    if arg.authorities:
        lines += ["", "Outside the corpus (not quoted):"]
        lines += [f"  - {a.cite}" + (f": {a.point}" if a.point else "") for a in arg.authorities]
    lines += ["", DISCLAIMER]
    return "\n".join(lines)


def _tree(node: Explanation, depth: int) -> list[str]:
    mark = {True: "✓", False: "✗", None: "?"}[node.value]
    line = "  " * depth + f"{mark} {node.text}"
    if node.fact:
        line += f"  (answer: {node.answer})"
    if not node.decisive:
        line += "  [not decisive]"
    lines = [line]
    for child in node.children:
        lines += _tree(child, depth + 1)
    return lines


def markdown(case: Case, evaluation: Evaluation) -> str:
    rb = evaluation.rule_base
    out = [f"# {_md(case.title)}", "", f"> {DISCLAIMER}", ""]
    for group in rb.groups.values():
        results = [evaluation.results[a.id] for a in rb.arguments_in_group(group.id)]
        if not results:
            continue
        out += [f"## {_md(group.title)}", "", "| Status | Argument | Still needs |", "|---|---|---|"]
        for r in results:
            needs = fact_labels(evaluation, r.missing_facts) if r.missing_facts else ""
            out.append(f"| {status_label(r.status)} | {_md(rb.arguments[r.id].title)} (`{r.id}`) | {_md(needs)} |")
        out.append("")
    out.append(_md(next_question_text(evaluation)).replace("\n", "  \n"))
    return "\n".join(out) + "\n"


def _md(value: str) -> str:
    return value.replace("|", "\\|").replace("<", "&lt;")


def to_json(case: Case, evaluation: Evaluation) -> dict[str, Any]:
    rb = evaluation.rule_base
    arguments = []
    for argument_id, result in evaluation.results.items():
        arg = rb.arguments[argument_id]
        arguments.append(
            {
                "id": arg.id,
                "group": arg.group,
                "title": arg.title,
                "status": result.status,
                "missing_facts": list(result.missing_facts),
                "explanation": evaluation.explanation(argument_id).to_json(),
                "citations": [{"doc": c.doc, "locator": c.at, "quote": c.quote} for c in arg.citations],
            }
        )
    next_fact = evaluation.next_question
    return {
        "format_version": JSON_FORMAT_VERSION,
        "disclaimer": DISCLAIMER,
        "case": {
            "title": case.title,
            "source": str(case.source) if case.source else None,
            "facts": {k: case.facts[k] for k in rb.facts if k in case.facts},
        },
        "rule_base": {"title": rb.title, "content_hash": rb.content_hash},
        "arguments": arguments,
        "next_question": None
        if next_fact is None
        else {
            "fact": next_fact,
            "prompt": rb.facts[next_fact].prompt,
            "settles": list(evaluation.relevance[next_fact]),
        },
    }

"""The detail pane of one argument: legal test, explanation, what would settle it, opposing positions,
weak points and sources. Text rows are inert; links (sources, questions, arguments) take the cursor:
up/down move between them, enter follows one."""

from __future__ import annotations

from collections.abc import Iterator

from textual import on
from textual.content import Content
from textual.message import Message
from textual.widgets import OptionList
from textual.widgets.option_list import Option

from rsd_checklist.engine import Evaluation, Explanation
from rsd_checklist.schema import Citation
from rsd_checklist.tui.widgets.checklist import status_content

MARK = {True: ("✓", "$text-success"), False: ("✗", "$text-error"), None: ("?", "$text-warning")}
VALUE_WORD = {True: "holds", False: "fails", None: "unknown"}


class DetailPane(OptionList):
    """Call `show(evaluation, argument_id)`; posts CitationChosen, QuestionChosen, ArgumentChosen."""

    class CitationChosen(Message):
        def __init__(self, citation: Citation) -> None:
            super().__init__()
            self.citation = citation

    class QuestionChosen(Message):
        def __init__(self, fact_id: str) -> None:
            super().__init__()
            self.fact_id = fact_id

    class ArgumentChosen(Message):
        def __init__(self, argument_id: str) -> None:
            super().__init__()
            self.argument_id = argument_id

    def __init__(self, *, id: str | None = None, askable: bool = True) -> None:
        super().__init__(id=id)
        self.askable = askable  # offer "go to the question" links (not in training results)
        self.argument_id: str | None = None
        self._citations: list[Citation] = []
        self._signature: tuple[object, ...] | None = None

    def show(self, evaluation: Evaluation, argument_id: str | None) -> None:
        if argument_id is None:
            self.argument_id = None
            self._signature = None
            self.border_title = "Detail"
            self.set_options([Option("Select an argument in the checklist (enter) to see why.", disabled=True)])
            return
        signature = (argument_id, tuple((a, r.status) for a, r in evaluation.results.items()), id(evaluation))
        if signature == self._signature:
            return
        keep = self.highlighted if argument_id == self.argument_id else None
        scroll = self.scroll_y if argument_id == self.argument_id else 0
        self._signature = signature
        self.argument_id = argument_id
        self._citations = []
        rows = list(self._rows(evaluation, argument_id))
        self.set_options(Option(prompt, id=link, disabled=link is None) for prompt, link in rows)
        self.border_title = f"Detail: {argument_id}"
        if keep is not None and keep < self.option_count and not self.get_option_at_index(keep).disabled:
            self.highlighted = keep
        else:
            self.highlighted = None
        self.scroll_to(y=scroll, animate=False, immediate=True)

    # ------------------------------------------------------------------ rows
    def _cite(self, citation: Citation, indent: str = "  ") -> tuple[Content, str]:
        self._citations.append(citation)
        n = len(self._citations)
        prompt = Content.assemble(
            indent, (f"[{n}] {citation.doc}, {citation.at}: ", "$text-accent"), f"“{citation.quote}”"
        )
        return prompt, f"cite:{n - 1}"

    def _rows(self, ev: Evaluation, argument_id: str) -> Iterator[tuple[Content, str | None]]:
        rb = ev.rule_base
        arg = rb.arguments[argument_id]
        result = ev.results[argument_id]
        group = rb.groups[arg.group].title if arg.group in rb.groups else arg.group
        yield (
            Content.assemble(
                (arg.title, "bold"), "\n", status_content(result.status, pad=False), "   ", (group, "$foreground-muted")
            ),
            None,
        )
        yield _heading("Legal test"), None
        yield Content(arg.test), None
        yield _heading("Why, on these facts"), None
        for line in _tree(ev.explanation(argument_id), 0):
            yield line, None
        if result.missing_facts:
            yield _heading("Still open: these questions could settle it"), None
            for fact_id in result.missing_facts:
                fact = rb.facts[fact_id]
                link = f"fact:{fact_id}" if self.askable and ev.askable(fact_id) is True else None
                arrow = "→ " if link else "· "
                yield Content.assemble("  ", arrow, (fact.label, "bold"), ": ", fact.prompt), link
        if arg.note:
            yield _heading("Note"), None
            yield Content(arg.note), None
        yield _heading("Sources (enter: open the report there)"), None
        for citation in arg.citations:
            yield self._cite(citation)
        if arg.answers:
            yield _heading("Responses to this position"), None
            for response in arg.answers:
                if response.argument and response.argument in rb.arguments:
                    other = rb.arguments[response.argument]
                    status = ev.status(response.argument)
                    yield (
                        Content.assemble("  → ", (other.title, "bold"), "  ", status_content(status, pad=False)),
                        f"arg:{response.argument}",
                    )
                yield Content.assemble("    ", response.response), None
                for citation in response.citations:
                    yield self._cite(citation, "    ")
        opposing = [other for other in rb.arguments.values() if any(r.argument == argument_id for r in other.answers)]
        if opposing:
            yield _heading("Opposing positions this argument answers"), None
            for other in opposing:
                status = ev.status(other.id)
                yield (
                    Content.assemble("  → ", (other.title, "bold"), "  ", status_content(status, pad=False)),
                    f"arg:{other.id}",
                )
        if arg.weaknesses:
            yield _heading("Weak points"), None
            for weakness in arg.weaknesses:
                yield Content.assemble("  - ", weakness.point), None
                for citation in weakness.citations:
                    yield self._cite(citation, "    ")
        if arg.authorities:
            yield _heading("Outside the corpus (listed, not quoted)"), None
            for authority in arg.authorities:
                yield (
                    Content.assemble("  - ", authority.cite, (": " + authority.point) if authority.point else ""),
                    None,
                )

    # ------------------------------------------------------------------ links
    @on(OptionList.OptionSelected)
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        link = event.option_id or ""
        kind, _, target = link.partition(":")
        if kind == "cite":
            self.post_message(self.CitationChosen(self._citations[int(target)]))
        elif kind == "fact":
            self.post_message(self.QuestionChosen(target))
        elif kind == "arg":
            self.post_message(self.ArgumentChosen(target))

    @on(OptionList.OptionHighlighted)
    def _highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()


def _heading(text: str) -> Content:
    return Content.styled(f"\n{text}", "bold $text-primary")


def _tree(node: Explanation, depth: int) -> list[Content]:
    mark, style = MARK[node.value]
    parts: list[str | tuple[str, str]] = ["  " * (depth + 1), (f"{mark} ", style), node.text]
    if node.fact:
        parts.append((f"  (answer: {node.answer})", "$foreground-muted" if node.answer == "not known" else "italic"))
    if not node.decisive:
        parts.append(("  [not decisive]", "$foreground-muted"))
    lines = [Content.assemble(*parts)]
    for child in node.children:
        lines += _tree(child, depth + 1)
    return lines

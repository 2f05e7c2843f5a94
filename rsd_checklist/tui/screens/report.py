"""The report viewer: a report's own text with the cited passage highlighted; browse and search the corpus."""

from __future__ import annotations

from typing import ClassVar

from textual import on, work
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.content import Content
from textual.screen import ModalScreen, Screen
from textual.widgets import Footer, Header, Input, OptionList, Static
from textual.widgets.option_list import Option

from rsd_checklist.corpus import Corpus, SearchHit
from rsd_checklist.tui.passages import Passage, hit_passage
from rsd_checklist.tui.widgets.report_view import ReportView


def passages(count: int) -> str:
    """How the hit list's title begins: No passages, 1 passage, 12 passages."""
    return "No passages" if count == 0 else f"{count} passage{'s' if count != 1 else ''}"


def line_range(start: int, end: int) -> str:
    return f"line {start}" if start == end else f"lines {start}-{end}"


class DocumentsDialog(ModalScreen[str | None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape", "cancel", "Cancel")]

    def __init__(self, corpus: Corpus, current: str) -> None:
        super().__init__(classes="dialog-screen")
        self.corpus = corpus
        self.current = current

    def compose(self) -> ComposeResult:
        with Vertical(classes="dialog"):
            yield Static(Content.styled("The reports", "bold"), classes="dialog-title")
            options = [
                Option(
                    Content.assemble((doc.meta.short, "bold"), "\n  ", (doc.meta.citation, "$foreground-muted")),
                    id=doc_id,
                )
                for doc_id, doc in self.corpus.documents.items()
            ]
            yield OptionList(*options, id="documents")

    def on_mount(self) -> None:
        documents = self.query_one("#documents", OptionList)
        documents.highlighted = list(self.corpus.documents).index(self.current)
        documents.focus()

    @on(OptionList.OptionSelected, "#documents")
    def _selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(event.option_id)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReportScreen(Screen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close"),
        # priority: the search box would otherwise take a / pressed in it as the first letter of a query
        Binding("slash", "focus_search", "Search", priority=True),
        Binding("b", "browse", "Reports"),
        Binding("g", "goto_passage", "To passage"),
    ]

    def __init__(self, corpus: Corpus, doc_id: str, passage: Passage | None = None, search: bool = False) -> None:
        super().__init__(id="report")
        self.corpus = corpus
        self.doc_id = doc_id
        self.passage = passage
        self.start_in_search = search
        self.hits: list[SearchHit] = []
        self.query_text = ""
        self._shown_doc: str | None = None

    def compose(self) -> ComposeResult:
        yield Header(icon="≡")
        yield Static(id="report-title")
        yield Input(placeholder="Search the reports (enter)", id="report-search", compact=True)
        yield OptionList(id="report-hits")
        yield ReportView(id="report-view")
        yield Footer()

    def on_mount(self) -> None:
        self.query_one("#report-hits").display = False
        self.show_document(self.doc_id, self.passage)
        if self.start_in_search:
            self.query_one("#report-search", Input).focus()
        else:
            self.query_one(ReportView).focus()

    def show_document(self, doc_id: str, passage: Passage | None) -> None:
        doc = self.corpus.documents[doc_id]
        self.doc_id = doc_id
        self.passage = passage
        where = (
            f"{passage.locator}, {line_range(passage.start_line, passage.end_line)}" if passage else "from the start"
        )
        self.sub_title = f"{doc.meta.short}, {passage.locator}" if passage else doc.meta.short
        self.query_one("#report-title", Static).update(
            Content.assemble((doc.meta.short, "bold"), f"  ({where})\n", (doc.meta.citation, "$foreground-muted"))
        )
        view = self.query_one(ReportView)
        if self._shown_doc == doc_id:
            view.set_passage(passage)
        else:
            self._shown_doc = doc_id
            view.set_document(doc.text, passage)

    def action_close(self) -> None:
        self.dismiss(None)

    def action_focus_search(self) -> None:
        self.query_one("#report-search", Input).focus()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "focus_search":  # a / inside a query being typed ("and/or") is the person's own
            search = self.query_one("#report-search", Input)
            return not (search.has_focus and search.value)
        return True

    @on(Input.Changed, "#report-search")
    def _search_typed(self, event: Input.Changed) -> None:
        self.refresh_bindings()

    def action_goto_passage(self) -> None:
        view = self.query_one(ReportView)
        view.action_goto_passage()
        view.focus()

    def action_browse(self) -> None:
        def chosen(doc_id: str | None) -> None:
            if doc_id:
                self.show_document(doc_id, None)
                self.query_one(ReportView).focus()

        self.app.push_screen(DocumentsDialog(self.corpus, self.doc_id), chosen)

    @on(Input.Submitted, "#report-search")
    def _search(self, event: Input.Submitted) -> None:
        event.stop()
        query = event.value.strip()
        if query:
            self.query_text = query
            self.run_search(query)

    @work(thread=True, exclusive=True, group="search")
    def run_search(self, query: str) -> None:
        try:
            hits = self.corpus.search(query, limit=30)
        except Exception as exc:  # the search index could not be built or read
            self.app.call_from_thread(self.notify, f"Search failed: {exc}", severity="error")
            return
        self.app.call_from_thread(self.show_hits, query, hits)

    def show_hits(self, query: str, hits: list[SearchHit]) -> None:
        self.hits = hits
        hit_list = self.query_one("#report-hits", OptionList)
        if not hits:
            hit_list.set_options([Option(f"No passage matches “{query}”.", disabled=True)])
        else:
            hit_list.set_options(
                Option(
                    Content.assemble(
                        (f"{self.corpus.documents[h.doc_id].meta.short}, {h.locator}: ", "bold"),
                        h.snippet.replace("\n", " "),
                    ),
                    id=str(i),
                )
                for i, h in enumerate(hits)
            )
        hit_list.border_title = f"{passages(len(hits))} for “{query}”"
        hit_list.display = True
        hit_list.focus()
        if hits:
            hit_list.highlighted = 0

    @on(OptionList.OptionSelected, "#report-hits")
    def _hit_chosen(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        hit = self.hits[int(event.option_id or 0)]
        self.show_document(hit.doc_id, hit_passage(self.corpus, hit, self.query_text))
        self.query_one(ReportView).focus()

    @on(OptionList.OptionHighlighted, "#report-hits")
    def _hit_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        event.stop()
        if event.option_id is None or not self.hits:
            return
        hit = self.hits[int(event.option_id)]
        self.show_document(hit.doc_id, hit_passage(self.corpus, hit, self.query_text))

"""The help screen: what the app shows and every key."""

from __future__ import annotations

from typing import ClassVar

from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Markdown

from rsd_checklist import DISCLAIMER

HELP = f"""\
# rsd-checklist: help

**Statuses** are shown by symbol and word: **✓ applies**, **✗ does not apply**, **? open**
(the facts given so far do not settle it). A **•** before a checklist row marks a status that the
last answer changed. An unanswered question is *unknown*, not "no".

## The interview (left)
The tool asks the question whose answer could settle the most open arguments, and skips the
questions that no longer matter. Under the question: its help text, the passage that shows why
it matters, and *why this question?*, the open arguments its answer could settle.

| Key | Action |
|---|---|
| `y` / `n` | yes / no |
| `1`-`9` | pick an option |
| `?` | don't know (the fact stays unknown; the interview moves on) |
| `enter` | confirm the highlighted option (a list: *Done*) |
| `space` | tick or untick an option of a list |
| `[` or `ctrl+←` | back to the previous question |
| `]` or `ctrl+→` | forward again |
| `j` or `ctrl+j` | jump to any question, grouped by topic |
| `r` | read the question's passage in the report |

## Checklist and detail (right)
| Key | Action |
|---|---|
| `f` | filter the checklist: all, applies, open |
| `enter` / `d` | detail of the highlighted argument / back to the checklist |
| `enter` on a source | open the report at that passage, highlighted |
| `enter` on a question | go to that question |
| `/` | search the reports |

## Reports
`/` search · `enter` open a hit · `b` browse the reports · `g` back to the passage · `escape` close.

## Files
| Key | Action |
|---|---|
| `ctrl+s` | save the case (the first time: choose a file) |
| `ctrl+o` | open a case file |
| `ctrl+n` | new case |
| `ctrl+e` | export the case (the file name's extension picks Markdown, HTML, Word or JSON) |
| `ctrl+w` | close the case |

Every answer is also kept in a recovery copy in your user data folder (owner-only), so a crash or a
closed terminal loses nothing: the next start offers to restore it. Saving or discarding removes it.

## Training mode
On the start screen, highlight a training case and press `t`. Mark the arguments you expect to
apply, then reveal: the app scores your prediction argument by argument, shows the model answer,
and explains each disagreement with its sources. An argument you leave unmarked is a prediction
that it does not apply on these facts; it agrees with the tool when the tool finds that it does
not apply or that it is still open (the facts do not yet show that it applies). The score says
how many arguments were still open.

## Everywhere
`ctrl+p` command palette (every action, and the theme) · `f1` this help · `ctrl+q` quit
(asks before discarding unsaved answers). The mouse works too, but is never needed.

---
{DISCLAIMER}
"""


class HelpScreen(ModalScreen[None]):
    BINDINGS: ClassVar[list[BindingType]] = [Binding("escape,f1,q", "close", "Close help")]

    def __init__(self) -> None:
        super().__init__(classes="dialog-screen")

    def compose(self) -> ComposeResult:
        with VerticalScroll(classes="dialog help-dialog", id="help-scroll"):
            yield Markdown(HELP, id="help-text")

    def on_mount(self) -> None:
        self.query_one("#help-scroll").focus()

    def action_close(self) -> None:
        self.dismiss(None)

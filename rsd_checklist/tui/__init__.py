"""The terminal app (Textual). Nothing here is imported by the CLI's evaluate path.

Entry points: `rsd_checklist.tui.command` (run_app, run_serve and their argument parsers) and
`rsd_checklist.tui.app.RsdApp`. The session model (`state.py`), file storage (`storage.py`),
training scores (`training.py`) and passage lookup (`passages.py`) are plain Python.
"""

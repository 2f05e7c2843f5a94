"""Widgets of the case screen: the question panel, the checklist and the detail pane."""

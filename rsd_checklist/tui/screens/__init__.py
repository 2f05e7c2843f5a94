"""The app's screens: start, case (interview + checklist + detail), report, help, training, dialogs."""

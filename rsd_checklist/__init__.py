"""rsd-checklist: a training aid for refugee-status determination arguments."""

__version__ = "0.1.0"

DISCLAIMER = (
    "Training aid, not legal advice: this checklist shows how the bundled reports bear on a "
    "hypothetical case; it does not decide any real person's claim."
)

"""``python -m triviaparse`` runs the command line."""

from .cli import run

run()

"""The user documentation as shipped: ``docs/*.md`` is copied into the wheel as
``triviaparse/docs/`` at build time (setup.py), so ``triviaparse docs`` works from any install;
a source checkout reads the repository's ``docs/`` directly."""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["TOPICS", "read"]

#: The pages, by the name ``triviaparse docs NAME`` takes (the file is ``NAME.md``).
TOPICS = ("index", "api", "formats", "batch", "testing", "performance")


def read(topic: str) -> str | None:
    """The Markdown text of ``topic``, or None where the docs are not installed."""
    shipped = resources.files("triviaparse").joinpath("docs", f"{topic}.md")
    if shipped.is_file():
        return shipped.read_text(encoding="utf-8")
    checkout = Path(__file__).resolve().parents[2] / "docs" / f"{topic}.md"
    return checkout.read_text(encoding="utf-8") if checkout.is_file() else None

"""Raw text copied from a browser (placeholder; being written)."""

from __future__ import annotations

from ..model import SourceFormat, TriviaPage
from . import Context


def read(text: str, ctx: Context) -> TriviaPage:
    """Read raw text."""
    return TriviaPage(source_format=SourceFormat.TEXT)

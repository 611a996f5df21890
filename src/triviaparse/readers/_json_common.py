"""Re-exports for the classic reader until it imports from ``_fragment`` itself.

HTML fragments live in ``_fragment``, JSON helpers in ``_json``.
"""

from __future__ import annotations

from ._fragment import drop_element

__all__ = ["drop_element"]

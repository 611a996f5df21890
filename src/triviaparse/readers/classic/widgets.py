"""The per-item widgets of classic pages (share box, vote prompt, buttons, "Share this" link),
in the shape IMDb served them: ``region`` cuts them out before parsing, and ``scan`` reads items
with them inside, by these same patterns, so that both agree on where each one ends."""

from __future__ import annotations

__all__ = ["BUTTON", "SHARE_BOX", "SHARE_LINK", "VOTE_PROMPT"]

#: The share box, up to its first ``</div>`` (it nests none).
SHARE_BOX = r"""<div class="sharesoda_pre"[^<]*+(?:<(?!/div>)[^<]*+)*+</div>"""
#: A button, up to its first ``</button>``.
BUTTON = r"""<button[^<]*+(?:<(?!/button>)[^<]*+)*+</button>"""
#: The vote prompt ("Interesting?") with its buttons.
VOTE_PROMPT = (
    r"""<span class=(?:'interesting-cast-vote'|"interesting-cast-vote")[^<>]*+>\s*+"""
    r"""<span>[^<>]*+</span>(?:\s*+<button[^<]*+</button>)*+\s*+</span>"""
)
#: The "Share this" link.
SHARE_LINK = r"""<span class="linksoda"><a href="[^"<>]*+">[^<>]*+</a></span>"""

"""``readers.Context``: what a reader reports problems through."""

from __future__ import annotations

import pytest

from triviaparse.model import ProblemCode
from triviaparse.readers import Context


def test_a_reader_reports_problems_under_a_problem_code_only() -> None:
    """``Context.problem`` takes a ``ProblemCode``; a bare string is refused, not stored."""
    ctx = Context()
    ctx.problem(ProblemCode.TRUNCATED_INPUT, "cut short")
    assert [p.code for p in ctx.problems] == [ProblemCode.TRUNCATED_INPUT]
    with pytest.raises(TypeError, match="ProblemCode"):
        ctx.problem("truncated-input", "cut short")  # type: ignore[arg-type]
    assert len(ctx.problems) == 1

"""The exception tree. Every error triviaparse raises on purpose is a ``TriviaparseError``."""

from __future__ import annotations

from .model import Problem, ProblemCode

__all__ = [
    "DecodeError",
    "IncompletePage",
    "MalformedPage",
    "TriviaparseError",
    "UnrecognizedInput",
    "error_for",
]


class TriviaparseError(Exception):
    """Base of every triviaparse error; names the input (``source``) and the place (``problem``)."""

    def __init__(
        self, message: str, *, source: str | None = None, problem: Problem | None = None
    ) -> None:
        self.source = source
        self.problem = problem
        where = []
        if source:
            where.append(source)
        if problem is not None and problem.line is not None:
            where.append(f"line {problem.line}")
        if problem is not None and problem.item is not None:
            where.append(f"item {problem.item}")
        prefix = f"{', '.join(where)}: " if where else ""
        code = f" [{problem.code}]" if problem is not None else ""
        super().__init__(f"{prefix}{message}{code}")


class UnrecognizedInput(TriviaparseError):
    """The input carries no marker of any IMDb layout triviaparse reads."""


class DecodeError(TriviaparseError):
    """The bytes could not be turned into text (bad compression, undecodable characters)."""


class IncompletePage(TriviaparseError):
    """The page holds fewer (or more) items than it declares, or was cut short."""


class MalformedPage(TriviaparseError):
    """The page is recognisably IMDb but part of it could not be read."""


_BY_CODE: dict[ProblemCode, type[TriviaparseError]] = {
    ProblemCode.UNRECOGNIZED_INPUT: UnrecognizedInput,
    ProblemCode.DECODE_ERROR: DecodeError,
    ProblemCode.DECLARED_COUNT_MISMATCH: IncompletePage,
    ProblemCode.INCOMPLETE_PAGE: IncompletePage,
    ProblemCode.TRUNCATED_INPUT: IncompletePage,
    ProblemCode.NO_ITEMS: IncompletePage,
}


def error_for(problem: Problem, source: str | None) -> TriviaparseError:
    """The exception strict mode raises for ``problem``."""
    cls = _BY_CODE.get(problem.code, MalformedPage)
    return cls(problem.message, source=source, problem=problem)

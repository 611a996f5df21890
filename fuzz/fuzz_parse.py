"""Coverage-guided fuzzing of ``triviaparse.parse`` with atheris (docs/testing.md, "Fuzzing").

    python fuzz/build_corpus.py                       # seeds from tests/fixtures → fuzz/corpus/
    python fuzz/fuzz_parse.py text fuzz/corpus/text -max_total_time=600 -dict=fuzz/imdb.dict

One target per input family (``TARGETS``); each input is parsed with the format detected and
with the target's formats forced, lenient and strict, and must keep triviaparse's promises:

- lenient ``parse`` returns a page and never reports ``internal-error`` (a reader bug);
- strict ``parse`` raises nothing but a ``TriviaparseError``, and never for ``internal-error``;
- ``from_dict(to_dict(page)) == page``, and ``to_dict`` encodes as UTF-8 JSON;
- no single parse takes over ``FUZZ_SLOW_SECONDS`` (1 s of CPU time; timed twice, the faster
  counts).

A broken promise is a finding. It is written to ``FUZZ_FINDINGS`` (default
``fuzz/findings-new/``, ignored by git) as ``<target>-<kind>-<hash>.bin`` beside a ``.txt``
that says what broke, one file per distinct place in the code, and fuzzing goes on, so one
known bug does not end a campaign. ``FUZZ_STOP=1`` makes the first finding a crash instead.
``python fuzz/fuzz_parse.py --check FILE...`` replays saved inputs through the same checks.
"""

from __future__ import annotations

import hashlib
import json
import os
import sys
import time
import traceback
from pathlib import Path
from typing import Any

#: Target name → the formats forced besides detection (``None``: detection only).
TARGETS: dict[str, tuple[str | None, ...]] = {
    "text": (None, "text"),
    "html_classic": (None, "html_classic"),
    "html_react": (None, "html_react"),
    "json": (None, "next_data", "graphql"),
    "wrapped": (None,),  # compressed bytes and saved HTTP responses: detection decides
}

SLOW_SECONDS = float(os.environ.get("FUZZ_SLOW_SECONDS", "1.0"))
FINDINGS = Path(os.environ.get("FUZZ_FINDINGS", Path(__file__).parent / "findings-new"))
STOP = os.environ.get("FUZZ_STOP", "") == "1"

_seen: set[str] = set()


class Finding(Exception):
    """A promise the input broke: ``kind`` (what), ``where`` (the place in the code)."""

    def __init__(self, kind: str, where: str, detail: str) -> None:
        super().__init__(f"{kind} at {where}: {detail}")
        self.kind, self.where, self.detail = kind, where, detail


def _place(exc: BaseException) -> str:
    """The innermost triviaparse frame of ``exc`` (or of its cause): where the bug is."""
    while exc.__cause__ is not None:
        exc = exc.__cause__
    frames = [
        f
        for f in traceback.extract_tb(exc.__traceback__)
        if "triviaparse" in f.filename and "fuzz" not in f.filename
    ]
    if not frames:
        return type(exc).__name__
    f = frames[-1]
    return f"{type(exc).__name__}@{Path(f.filename).name}:{f.lineno}({f.name})"


def _timed_parse(data: bytes, fmt: str | None, strict: bool) -> tuple[Any, float]:
    import triviaparse

    # CPU time, not wall time: on a loaded machine a fast parse can wait seconds for a core
    start = time.process_time()
    try:
        result: Any = triviaparse.parse(data, format=fmt, strict=strict)
    except BaseException as exc:  # returned, judged by the caller
        result = exc
    return result, time.process_time() - start


def check(data: bytes, formats: tuple[str | None, ...]) -> None:
    """Raise a ``Finding`` for the first promise ``data`` breaks."""
    import triviaparse

    for fmt in formats:
        for strict in (False, True):
            mode = f"{'strict' if strict else 'lenient'} format={fmt}"
            result, took = _timed_parse(data, fmt, strict)
            if took > SLOW_SECONDS:  # time it again before it counts
                result, took = _timed_parse(data, fmt, strict)
                if took > SLOW_SECONDS:
                    raise Finding(
                        "slow", f"{fmt}", f"{mode}: {took:.2f} s CPU for {len(data)} bytes"
                    )
            if isinstance(result, KeyboardInterrupt):
                raise result
            if strict:
                if isinstance(result, triviaparse.TriviaparseError):
                    code = result.problem.code if result.problem is not None else None
                    if code is triviaparse.ProblemCode.INTERNAL_ERROR:
                        raise Finding("internal-error", _place(result), f"{mode}: {result}")
                    continue
                if isinstance(result, BaseException):
                    raise Finding("raised", _place(result), f"{mode}: {result!r}")
            elif isinstance(result, BaseException):
                raise Finding("raised", _place(result), f"{mode}: {result!r}")
            else:
                for p in result.problems:
                    if p.code is triviaparse.ProblemCode.INTERNAL_ERROR:
                        # strict gives the traceback, hence the place
                        again, _ = _timed_parse(data, fmt, True)
                        where = _place(again) if isinstance(again, BaseException) else "?"
                        raise Finding("internal-error", where, f"{mode}: {p.message}")
            if isinstance(result, triviaparse.TriviaPage):
                _check_record(result, mode)


def _check_record(page: Any, mode: str) -> None:
    import triviaparse

    try:
        as_dict = triviaparse.to_dict(page)
        back = triviaparse.from_dict(as_dict)
    except Exception as exc:
        raise Finding("dict-round-trip-raised", _place(exc), f"{mode}: {exc!r}") from exc
    if back != page:
        raise Finding("dict-round-trip", "serialize", f"{mode}: from_dict(to_dict(page)) != page")
    try:
        json.dumps(as_dict, ensure_ascii=False).encode("utf-8")
    except UnicodeEncodeError as exc:
        bad = exc.object[max(0, exc.start - 40) : exc.end + 40]
        raise Finding("not-utf8", "to_dict", f"{mode}: {exc.reason}: {bad!r}") from exc
    except (ValueError, TypeError) as exc:
        raise Finding("not-json", _place(exc), f"{mode}: {exc!r}") from exc


def _save(target: str, data: bytes, finding: Finding) -> None:
    key = f"{finding.kind}|{finding.where}"
    if key in _seen:
        return
    _seen.add(key)
    FINDINGS.mkdir(parents=True, exist_ok=True)
    digest = hashlib.sha1(data).hexdigest()[:12]
    stem = FINDINGS / f"{target}-{finding.kind}-{digest}"
    stem.with_suffix(".bin").write_bytes(data)
    stem.with_suffix(".txt").write_text(
        f"target: {target}\nkind: {finding.kind}\nwhere: {finding.where}\n"
        f"size: {len(data)} bytes\ndetail: {finding.detail[:2000]}\n",
        encoding="utf-8",
    )
    print(
        f"\n=== FINDING {finding.kind} at {finding.where} -> {stem}.bin\n",
        file=sys.stderr,
        flush=True,
    )


def one_input(target: str) -> Any:
    formats = TARGETS[target]

    def test_one_input(data: bytes) -> None:
        try:
            check(data, formats)
        except Finding as finding:
            _save(target, data, finding)
            if STOP:
                raise

    return test_one_input


def main(argv: list[str]) -> int:
    if len(argv) > 1 and argv[1] == "--check":
        # Replay saved inputs through every target's checks, no fuzzing (atheris not needed).
        status = 0
        for name in argv[2:]:
            data = Path(name).read_bytes()
            formats = tuple(dict.fromkeys(f for fs in TARGETS.values() for f in fs))
            try:
                check(data, formats)
            except Finding as finding:
                status = 1
                print(f"{name}: {finding}")
            else:
                print(f"{name}: ok")
        return status
    if len(argv) < 2 or argv[1] not in TARGETS:
        print(
            f"usage: {argv[0]} {{{','.join(TARGETS)}}} [CORPUS_DIR] [libFuzzer options]\n"
            f"       {argv[0]} --check FILE...",
            file=sys.stderr,
        )
        return 2
    import atheris

    with atheris.instrument_imports(include=["triviaparse"]):
        import importlib
        import pkgutil

        import triviaparse

        # the readers load lazily: import every module now, while imports are instrumented
        for mod in pkgutil.walk_packages(triviaparse.__path__, "triviaparse."):
            if not mod.name.startswith(
                (
                    "triviaparse.testing",
                    "triviaparse.batch",
                    "triviaparse.cli",
                    "triviaparse.__main__",
                )
            ):
                importlib.import_module(mod.name)

    target = argv.pop(1)
    atheris.Setup(argv, one_input(target))
    atheris.Fuzz()
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))

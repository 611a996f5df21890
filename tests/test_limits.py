"""The page size limit (``limits.MAX_PAGE_BYTES``): refused before it is allocated, with a
``decode-error`` problem (``DecodeError`` in strict mode, ``too-large`` in ``convert``), and
bombs parse within bounded memory, measured in a process of their own."""

from __future__ import annotations

import gzip
import sys
from pathlib import Path

import pytest

import triviaparse
from triviaparse.batch import convert_one
from triviaparse.limits import MAX_PAGE_BYTES, is_too_large
from triviaparse.model import ProblemCode

from .bombs import MiB, bomb, parse_peak, write_bomb

#: What a process parsing any bomb may peak at (issue 11).
PEAK_LIMIT = 512 * MiB
OVER = MAX_PAGE_BYTES + 16 * MiB


def _too_large(page: triviaparse.TriviaPage) -> bool:
    return any(
        p.code is ProblemCode.DECODE_ERROR and is_too_large(p.message) for p in page.problems
    )


def test_the_limit_is_32_mib() -> None:
    assert MAX_PAGE_BYTES == 32 * MiB
    assert triviaparse.batch.MAX_PAGE_BYTES == MAX_PAGE_BYTES  # one limit for parse and batch


@pytest.mark.parametrize("kind", ["gzip", "bzip2", "xz"])
def test_a_bomb_over_the_limit_is_refused(kind: str) -> None:
    # 48 MiB was under the old 256 MiB limit: it was decompressed whole and parsed
    data = bomb(kind, OVER)
    page = triviaparse.parse(data)
    assert _too_large(page) and not page.items
    assert "the input is empty" not in [p.message for p in page.problems]
    with pytest.raises(triviaparse.DecodeError, match="too large"):
        triviaparse.parse(data, strict=True)


def test_just_under_the_limit_is_read() -> None:
    page = triviaparse.parse(gzip.compress(b"A fact.\n1 of 1 found this interesting\n"))
    assert not _too_large(page) and len(page.items) == 1


def test_plain_input_over_the_limit_is_refused() -> None:
    data = b"A fact.\n1 of 1 found this interesting\n" + b" " * MAX_PAGE_BYTES
    assert _too_large(triviaparse.parse(data))
    assert _too_large(triviaparse.parse(data.decode()))


def test_convert_calls_it_too_large_inside_an_http_response_too() -> None:
    body = bomb("gzip", OVER)
    http = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\nContent-Encoding: gzip\r\n\r\n" + body
    for data in (body, http):
        record = convert_one("bomb", data)
        assert record["error"]["code"] == "too-large", record
        assert convert_one("bomb", data, strict=True)["error"]["code"] == "too-large"


@pytest.mark.skipif(sys.platform != "linux", reason="ru_maxrss is in KiB on Linux")
@pytest.mark.parametrize(
    ("kind", "size", "unit"),
    [
        ("gzip", 1024 * MiB, b"\0"),  # 1 MB of gzip
        ("gzip", 250 * MiB, b"1 of 1 found this interesting.\n\n"),  # accepted before: 1.5 GB
        ("bzip2", OVER, b"\0"),  # 1 GiB peaks no higher (benchmarks: slow to build)
        ("xz", OVER, b"\0"),
    ],
)
def test_a_bomb_peaks_under_512_mib(tmp_path: Path, kind: str, size: int, unit: bytes) -> None:
    path = write_bomb(tmp_path / "bomb", kind, size, unit)
    peak, problems = parse_peak(path)
    assert ["decode-error"] == [code for code, _ in problems if code == "decode-error"]
    assert peak < PEAK_LIMIT, f"peak {peak / MiB:.0f} MiB"


def test_raw_text_is_read_up_to_the_line_limit(monkeypatch: pytest.MonkeyPatch) -> None:
    """Past MAX_TEXT_LINES the text reader stops and says so: its memory grows per line."""
    monkeypatch.setattr("triviaparse.readers.text.MAX_TEXT_LINES", 10)
    text = "Jump to: Spoilers (1)\n" + "".join(f"Fact {i}.\n\n" for i in range(20))
    page = triviaparse.parse(text)
    assert [i.text for i in page.items] == [f"Fact {i}." for i in range(5)]
    (problem,) = [p for p in page.problems if p.code is ProblemCode.DECODE_ERROR]
    assert is_too_large(problem.message) and "41 lines" in problem.message
    assert problem.line == 11
    assert convert_one("big.txt", text.encode())["page"]["items"]  # a page, with the problem


def test_32_mib_of_short_text_lines_peaks_under_512_mib(tmp_path: Path) -> None:
    path = tmp_path / "lines.txt"
    path.write_bytes(b"Jump to: Spoilers (1)\n" + b"x\n" * (MAX_PAGE_BYTES // 2 - 16))
    peak, problems = parse_peak(path)
    assert any(code == "decode-error" and is_too_large(msg) for code, msg in problems)
    assert peak < PEAK_LIMIT, f"peak {peak / MiB:.0f} MiB"


@pytest.mark.parametrize("seed", range(4))
def test_the_line_limit_cuts_where_counting_line_by_line_would(
    seed: int, monkeypatch: pytest.MonkeyPatch
) -> None:
    """``_nth`` (counting chunk by chunk) finds the n-th line break that a ``find`` per line
    finds, in texts of every density, with chunks made small so that every branch is taken."""
    import random

    from triviaparse.readers import text as text_reader

    rng = random.Random(seed)
    for chunk in (1, 7, 64, 100, 1 << 20):
        for _ in range(60):
            density = rng.choice((0.01, 0.2, 0.9, 1.0))
            size = rng.randrange(1, 3000)
            text = "".join("\n" if rng.random() < density else "x" for _ in range(size))
            total = text.count("\n")
            if not total:
                continue
            n = rng.randint(1, total)
            expected = -1
            for _ in range(n):
                expected = text.find("\n", expected + 1)
            monkeypatch.setattr(text_reader, "_NTH_CHUNK", chunk)
            assert text_reader._nth(text, "\n", n) == expected, (chunk, n, text)

"""``decode``: bytes as saved to text (HTTP framing here; compression in test_compression.py,
the size limit in test_limits.py)."""

from __future__ import annotations

import pytest

import triviaparse
from triviaparse.decode import _UTF8_CHUNK, decode, is_utf8, strip_http_headers


def _chunked(*parts: bytes) -> bytes:
    return b"".join(b"%x\r\n" % len(p) + p + b"\r\n" for p in parts) + b"0\r\n\r\n"


def test_chunked_body_of_several_chunks() -> None:
    # the chunk-size line was matched at the start of the body only: with two chunks or more
    # the sizes stayed in the text ("8", "1e" and "0" became items)
    data = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nTransfer-Encoding: chunked\r\n\r\n"
        + _chunked(b"A fact.\n", b"1 of 1 found this interesting\n")
    )
    assert strip_http_headers(data)[0] == b"A fact.\n1 of 1 found this interesting\n"
    page = triviaparse.parse(data)
    assert [i.text for i in page.items] == ["A fact."] and not page.problems


def test_headers_are_kept_and_charset_honoured() -> None:
    data = b"HTTP/1.1 200 OK\r\nContent-Type: text/html; charset=ISO-8859-1\r\n\r\ncaf\xe9"
    decoded = decode(data)
    assert decoded.text == "café" and decoded.encoding == "cp1252"
    assert ("content-type", "text/html; charset=ISO-8859-1") in decoded.headers


def test_lone_surrogates_in_a_str_become_replacement_characters() -> None:
    """A str can hold code points no UTF-8 can (a lone surrogate); the page must not."""
    import json

    import triviaparse

    page = triviaparse.parse(
        "Jump to: Spoilers (1)\nA fact \ud800 here.\n"
        "The trivia items below may give away important plot points.\n"
        "A twist \udfff.\n"
    )
    assert [i.text for i in page.items] == ["A fact \ufffd here.", "A twist \ufffd."]
    json.dumps(triviaparse.to_dict(page), ensure_ascii=False).encode("utf-8")
    (problem,) = [p for p in page.problems if p.code == "decode-error"]
    assert "2 lone surrogate code points" in problem.message
    assert not [
        p
        for p in triviaparse.parse("Jump to: x\nA fact \U0001f600.\n").problems
        if p.code == "decode-error"
    ]


def test_bytes_replaced_by_the_last_resort_detector_are_a_problem_not_a_log_line(
    capfd: pytest.CaptureFixture[str],
) -> None:
    import triviaparse

    # no charset fits: invalid UTF-8, and bytes undefined in Windows-1252 (0x81, 0x8d)
    data = (
        b"Jump to: Spoilers (1)\nA fact \xc3\x28 \x81\x8d here.\n"
        b"The trivia items below may give away important plot points.\nA twist.\n"
    )
    page = triviaparse.parse(data)
    assert page.items and any(
        p.code == "decode-error" and "U+FFFD" in p.message for p in page.problems
    )
    out, err = capfd.readouterr()
    assert err == "" and out == ""


@pytest.mark.parametrize("char", ["é", "\u20ac", "😀"])
@pytest.mark.parametrize("shift", range(-3, 4))
def test_is_utf8_reads_characters_across_its_pieces(char: str, shift: int) -> None:
    """A character cut by a piece's end is read with the next piece, as a whole decode
    reads it; a byte that is not UTF-8 is found wherever it stands."""
    encoded = char.encode()
    at = _UTF8_CHUNK + shift
    data = b"<" + b"a" * (at - 1) + encoded + b"a" * 10 + b">"
    assert is_utf8(data) and is_utf8(data, 0, len(data) - 1) and is_utf8(data, 1)
    cut = data[: at + 1]  # ends inside the character when it has more than one byte
    assert is_utf8(cut) is (len(encoded) == 1)
    for bad_at in (at, at + len(encoded), len(data) - 1):
        bad = data[:bad_at] + b"\xff" + data[bad_at + 1 :]
        assert not is_utf8(bad)
        assert is_utf8(bad, 0, min(at, bad_at))  # the range before it is fine


def test_is_utf8_of_nothing_is_true() -> None:
    assert is_utf8(b"") and is_utf8(b"abc", 3) and is_utf8(b"\xff", 0, 0)

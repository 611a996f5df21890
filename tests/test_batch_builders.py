"""The batch tests' own input builders (tests/batch_builders.py) give what those tests count on."""

from __future__ import annotations

import tarfile
import zipfile
from pathlib import Path

import pytest

from .batch_builders import make_page, mixed_inputs, write_tar, write_warc, write_zip


def test_make_page_parses_to_the_items_it_declares() -> None:
    import triviaparse

    page = triviaparse.parse(make_page("Alpha", 2001, items=5, spoilers=2), strict=True)
    assert (page.title, page.year, len(page.items)) == ("Alpha", 2001, 7)
    assert [i.is_spoiler for i in page.items] == [False] * 5 + [True] * 2
    assert [i.votes is not None for i in page.items[:5]] == [True, False, True, False, True]


def test_archives_hold_the_members_given(tmp_path: Path) -> None:
    members = {"a.txt": b"one", "sub/b.txt": b"two", "../up.txt": b"three"}
    with zipfile.ZipFile(write_zip(tmp_path / "m.zip", members)) as zf:
        assert {n: zf.read(n) for n in zf.namelist()} == members
    with tarfile.open(write_tar(tmp_path / "m.tar.gz", members)) as tf:
        got = {}
        for info in tf.getmembers():
            f = tf.extractfile(info)
            assert f is not None
            got[info.name] = f.read()
    assert got == members


def test_warc_holds_a_response_per_url(tmp_path: Path) -> None:
    archive = pytest.importorskip("warcio.archiveiterator")
    pages = [("https://www.imdb.com/title/tt0000001/trivia", b"A"), ("https://example.com/", b"B")]
    with open(write_warc(tmp_path / "c.warc.gz", pages), "rb") as f:
        got = [
            (r.rec_headers.get_header("WARC-Target-URI"), r.content_stream().read())
            for r in archive.ArchiveIterator(f)
            if r.rec_type == "response"
        ]
    assert got == pages


def test_mixed_inputs_count(tmp_path: Path) -> None:
    from triviaparse.batch import Expander

    pytest.importorskip("warcio")
    args, expected = mixed_inputs(tmp_path)
    ex = Expander()
    assert len(list(ex.expand(args))) == expected
    assert ex.skipped == 2  # the folder's PNG and the zip's JPEG; the hidden file is not seen

"""What becomes a page in a batch (HTTP responses, content coding), what is skipped
(scripts, style sheets, foreign JSON, a saved page's assets folder), and archives cut short."""

from __future__ import annotations

import gzip
import io
from pathlib import Path

import pytest

from triviaparse.batch import (
    ConvertOptions,
    Expander,
    convert_path,
    convert_warc,
    run_convert,
)
from triviaparse.batch.sniff import sniff

from .batch_builders import make_page, read_jsonl, write_tar, write_warc, write_zip

JS = 'var label = "Showing all 3 items";\nfunction show(n) {\n  return n;\n}\n'
CSS = '@charset "utf-8";\n/* Showing all 3 items */\nbody {\n  margin: 0;\n}\n'
JSON = '{"props": {"pageProps": {"post": "Showing all 3 items"}}, "page": "/blog"}'


def _http_gzip(page: str, *, chunked: bool = False) -> bytes:
    body = gzip.compress(page.encode())
    headers = "HTTP/1.1 200 OK\r\nContent-Type: text/plain; charset=utf-8\r\n"
    headers += "Content-Encoding: gzip\r\n"
    if chunked:
        headers += "Transfer-Encoding: chunked\r\n"
        body = f"{len(body):x}\r\n".encode() + body + b"\r\n0\r\n\r\n"
    return (headers + "\r\n").encode() + body


def _convert(args: list[str], out: Path) -> tuple[int, list[dict[str, object]], str]:
    err = io.StringIO()
    summary = run_convert(ConvertOptions(inputs=args, output=str(out)), stderr=err)
    return summary.skipped, read_jsonl(out), err.getvalue()


@pytest.mark.parametrize("chunked", [False, True])
def test_saved_http_response_with_gzip_body_is_a_page(tmp_path: Path, chunked: bool) -> None:
    # parse read it, but convert sniffed the gzip bytes after the headers as binary
    data = _http_gzip(make_page("Wrapped"), chunked=chunked)
    assert sniff(data[:4096]) == "page"
    assert sniff(gzip.compress(data)[:4096]) == "page"
    (tmp_path / "pages").mkdir()
    (tmp_path / "pages" / "tt1.http").write_bytes(data)
    record = convert_path(tmp_path / "pages" / "tt1.http")
    assert "page" in record, record
    skipped, records, _ = _convert([str(tmp_path / "pages")], tmp_path / "out.jsonl")
    assert skipped == 0 and len(records) == 1 and "page" in records[0]


def test_scripts_styles_and_foreign_json_are_skipped(tmp_path: Path) -> None:
    folder = tmp_path / "saved"
    folder.mkdir()
    (folder / "page.txt").write_text(make_page(), encoding="utf-8")
    (folder / "app.js").write_text(JS, encoding="utf-8")
    (folder / "app.min.js").write_text(
        "!function(){var a='Showing all 3 items'}();", encoding="utf-8"
    )
    (folder / "style.css").write_text(CSS, encoding="utf-8")
    (folder / "blog.json").write_text(JSON, encoding="utf-8")
    (folder / "js.gz").write_bytes(gzip.compress(JS.encode()))
    seen: list[tuple[str, str]] = []
    tasks = list(Expander(on_skip=lambda name, why: seen.append((name, why))).expand([str(folder)]))
    assert [Path(t.source["name"]).name for t in tasks] == ["page.txt"]
    assert sorted(Path(n).name for n, _ in seen) == [
        "app.js",
        "app.min.js",
        "blog.json",
        "js.gz",
        "style.css",
    ]
    assert dict((Path(n).name, why) for n, why in seen)["style.css"].startswith("JavaScript or CSS")
    skipped, records, err = _convert([str(folder)], tmp_path / "out.jsonl")
    assert skipped == 5 and len(records) == 1 and "page" in records[0]
    assert "5 non-page files skipped" in err
    # named explicitly, each still gets its record, from parse's reading of the whole file
    skipped, records, _ = _convert(
        [str(folder / "app.js"), str(folder / "blog.json")], tmp_path / "named.jsonl"
    )
    codes = [r["error"]["code"] for r in records]  # type: ignore[index]
    assert skipped == 0 and codes == ["not-a-trivia-page", "not-a-trivia-page"]


def test_scripts_in_archives_are_skipped(tmp_path: Path) -> None:
    z = write_zip(tmp_path / "a.zip", {"page.txt": make_page().encode(), "a.js": JS.encode()})
    seen: list[str] = []
    tasks = list(Expander(on_skip=lambda name, why: seen.append(name)).expand([str(z)]))
    assert len(tasks) == 1 and seen == [f"{z}::a.js"]


def test_saved_page_assets_folder_is_skipped(tmp_path: Path) -> None:
    # "Save Page As… complete" writes NAME.html and NAME_files/ with scripts, styles, images
    html = (
        '<html><head><title>Trivia</title></head><body><div id="trivia_content">'
        '<div class="soda odd"><div class="sodatext">A fact.</div></div></div></body></html>'
    )
    (tmp_path / "Trivia - IMDb.html").write_text(html, encoding="utf-8")
    assets = tmp_path / "Trivia - IMDb_files"
    (assets / "sub").mkdir(parents=True)
    (assets / "notes.txt").write_text(make_page("Asset"), encoding="utf-8")
    (assets / "sub" / "widget.html").write_text(html, encoding="utf-8")
    (tmp_path / "other_files").mkdir()  # no other.html beside it: an ordinary folder
    (tmp_path / "other_files" / "b.txt").write_text(make_page("Other"), encoding="utf-8")
    seen: list[tuple[str, str]] = []
    tasks = list(Expander(on_skip=lambda n, w: seen.append((n, w))).expand([str(tmp_path)]))
    assert [Path(t.source["name"]).name for t in tasks] == ["Trivia - IMDb.html", "b.txt"]
    assert sorted(Path(n).name for n, _ in seen) == ["notes.txt", "widget.html"]
    assert all("assets folder" in why for _, why in seen)


def _warc(tmp_path: Path, n: int = 4) -> Path:
    return write_warc(
        tmp_path / "c.warc.gz",
        [
            (f"https://www.imdb.com/title/tt{1000001 + i}/trivia", make_page(f"T{i}").encode())
            for i in range(n)
        ],
    )


@pytest.mark.parametrize("compressed", [True, False])
@pytest.mark.parametrize("where", [0.4, 0.7, 0.999])  # not on a record boundary
def test_truncated_warc_says_where_it_was_cut(
    tmp_path: Path, compressed: bool, where: float
) -> None:
    # the records after the cut simply vanished, with no error record
    whole = _warc(tmp_path).read_bytes()
    if not compressed:
        whole = gzip.decompress(whole)
    cut = tmp_path / ("cut.warc.gz" if compressed else "cut.warc")
    cut.write_bytes(whole[: int(len(whole) * where)])
    tasks = list(Expander().expand([str(cut)]))
    last = tasks[-1]
    assert last.error is not None and last.error[0] == "truncated-archive", last
    assert str(cut) in last.error[1] and "cut short" in last.error[1]
    assert all(t.error is None for t in tasks[:-1])
    assert convert_warc(str(cut))[-1]["error"]["code"] == "truncated-archive"  # type: ignore[index]


def test_whole_warc_has_no_error(tmp_path: Path) -> None:
    whole = _warc(tmp_path)
    plain = tmp_path / "plain.warc"
    plain.write_bytes(gzip.decompress(whole.read_bytes()))
    tasks = list(Expander().expand([str(whole), str(plain)]))
    assert len(tasks) == 8 and all(t.error is None for t in tasks)


def test_truncated_tar_and_zip(tmp_path: Path) -> None:
    members = {f"p/{i}.txt": (make_page(f"T{i}") * 20).encode() for i in range(4)}
    t = write_tar(tmp_path / "a.tar.gz", members)
    cut = tmp_path / "cut.tar.gz"
    cut.write_bytes(t.read_bytes()[: len(t.read_bytes()) // 2])
    tasks = list(Expander().expand([str(cut)]))
    assert tasks[-1].error is not None and tasks[-1].error[0] == "truncated-archive"
    assert str(cut) in tasks[-1].error[1]
    z = write_zip(tmp_path / "a.zip", members)
    zcut = tmp_path / "cut.zip"
    zcut.write_bytes(z.read_bytes()[: len(z.read_bytes()) // 2])
    tasks = list(Expander().expand([str(zcut)]))
    # the member list is at the end: the whole members before the cut are read from their
    # own headers
    assert tasks[-1].error is not None and tasks[-1].error[0] == "truncated-archive"
    assert len(tasks) > 1 and all(t.error is None and t.data for t in tasks[:-1])
    assert [t.source["member"] for t in tasks[:-1]] == list(members)[: len(tasks) - 1]
    zcut.write_bytes(z.read_bytes()[:20])
    assert [t.error[0] for t in Expander().expand([str(zcut)]) if t.error] == ["truncated-archive"]
    damaged = tmp_path / "damaged.zip"
    damaged.write_bytes(b"PK\x05\x06" + bytes(10))
    assert [t.error[0] for t in Expander().expand([str(damaged)]) if t.error] == ["unreadable"]


def test_cut_zip_members_are_checked_as_in_a_whole_zip(tmp_path: Path) -> None:
    z = write_zip(
        tmp_path / "b.zip",
        {
            "zeros.txt": bytes(20 * 1024 * 1024),
            "../up.txt": make_page().encode(),
            "page.txt": make_page().encode(),
            "last.txt": make_page().encode(),
        },
    )
    raw = z.read_bytes()
    cut = tmp_path / "cut.zip"
    cut.write_bytes(raw[: raw.rfind(b"PK\x03\x04")])  # cut where the last member starts
    codes = [t.error[0] if t.error else None for t in Expander().expand([str(cut)])]
    assert codes == ["compression-bomb", "unsafe-member", None, "truncated-archive"]


def test_http_deflate_body_longer_than_the_sniffed_head_is_a_page() -> None:
    import zlib

    body = zlib.compress(make_page(items=400).encode())
    data = (
        b"HTTP/1.1 200 OK\r\nContent-Type: text/plain\r\nContent-Encoding: deflate\r\n\r\n" + body
    )
    assert sniff(data[:4096]) == "page"

"""IMDb's plain-text data files (``trivia.list``, ``goofs.list``, ``crazy-credits.list``,
``taglines.list``, ``locations.list``, ``keywords.list``): one page per title, streamed.

A file is a header, a section banner underlined with "=", then either headed blocks
(``# Title (Year)`` followed by ``- `` items wrapped with two-space indents, or tab-indented
taglines) or one line per item (``Title (Year)<tabs>Place<tab>(note)``), up to a rule of
dashes. Lines are read one at a time, so memory stays flat on a file of any size; the
encoding (UTF-8 or Latin-1) is told from the first line that is not ASCII.
"""

from __future__ import annotations

import bz2
import gzip
import io
import itertools
import lzma
import os
import re
import zlib
from collections.abc import Iterable, Iterator
from typing import IO, TypeAlias

import attrs

from ..errors import error_for
from ..model import (
    DEFAULT_CATEGORY,
    Link,
    LinkKind,
    PageKind,
    Problem,
    ProblemCode,
    SourceFormat,
    TriviaItem,
    TriviaPage,
)
from ..normalize import clean_line, clean_text
from . import Context
from ._imdb import DATAFILE_BANNERS, GOOF_TYPES, REFUSED_BANNERS

__all__ = ["Block", "excerpt", "iter_blocks", "iter_datafile", "iter_entries", "page_of", "read"]

#: Page kinds whose files hold one line per item (title, tabs, value) instead of headings.
#: What ``iter_datafile`` reads: a path, or a binary file object (a pipe will do).
Source: TypeAlias = "str | os.PathLike[str] | IO[bytes] | io.RawIOBase | io.BufferedIOBase"
_TABBED = (PageKind.FILMING_LOCATIONS, PageKind.PLOT_KEYWORDS)
_RULE = re.compile(r"-{10,}+[ \t]*+\Z")
_UNDERLINE = re.compile(r"=++[ \t]*+\Z")
_YEAR = re.compile(r" \((?:(\d{4})|\?{4})(?:/[IVXL]{1,6}+)?\)\Z")
_MEDIA_SUFFIXES = (" (V)", " (TV)", " (VG)", " (mini)")
_GOOF_PREFIX = re.compile(r"([A-Z]{4}): ")
_QV = "(qv)"


@attrs.frozen(kw_only=True)
class Block:
    """One title of a data file as written: its heading, the line it starts on, its lines
    (consecutive from ``line``; the heading's own line first in headed files) and the
    problems met before it."""

    kind: PageKind
    banner: str
    heading: str
    line: int
    lines: tuple[str, ...]
    problems: tuple[Problem, ...] = ()


@attrs.frozen(kw_only=True)
class Refused:
    """A data file this package does not read (``alternate-versions.list``, or no banner of a
    kind it reads): ``message`` says which, ``line`` where the banner is (None: no banner)."""

    message: str
    line: int | None = None


_NO_BANNER = (
    "no section banner of a data file triviaparse reads (FILM TRIVIA, GOOFS LIST, "
    "CRAZY CREDITS, TAG LINES LIST, LOCATIONS LIST, THE KEYWORDS LIST) was found"
)


# ---------------------------------------------------------------------------------------------
# Lines to blocks.
# ---------------------------------------------------------------------------------------------


def iter_blocks(lines: Iterable[tuple[int, str]]) -> Iterator[Block | Refused]:
    """The titles of a data file given as ``(line number, text)`` pairs, in file order.

    Everything before the banner is header; a rule of dashes after it ends the list. A
    refused banner, or none, gives one :class:`Refused` and nothing else.
    """
    it = iter(lines)
    kind: PageKind | None = None
    banner = ""
    previous = ""
    for number, text in it:
        if _UNDERLINE.match(text) and previous in DATAFILE_BANNERS:
            kind, banner = DATAFILE_BANNERS[previous], previous
            break
        if _UNDERLINE.match(text) and previous in REFUSED_BANNERS:
            file, what = REFUSED_BANNERS[previous]
            yield Refused(
                message=f"this is IMDb's {file} data file ({previous}): {what} have "
                "no page kind in triviaparse, so the file is refused, not "
                "read as trivia",
                line=number - 1,
            )
            return
        previous = text.strip()
    if kind is None:
        yield Refused(message=_NO_BANNER)
        return
    if kind in _TABBED:
        yield from _tabbed_blocks(it, kind, banner)
    else:
        yield from _headed_blocks(it, kind, banner)


def _is_rule(text: str) -> bool:
    return text[:10] == "----------" and _RULE.match(text) is not None


def _block(
    kind: PageKind, banner: str, heading: str, start: int, body: list[str], stray: list[Problem]
) -> Block:
    """The block of one title gathered so far."""
    return Block(
        kind=kind,
        banner=banner,
        heading=heading,
        line=start,
        lines=tuple(body),
        problems=tuple(stray),
    )


def _stray(number: int, text: str, why: str) -> Problem:
    """A line that belongs to no title, left out."""
    return Problem(
        code=ProblemCode.UNEXPECTED_STRUCTURE,
        message=f"line {text.strip()[:60]!r} {why}; left out",
        line=number,
    )


def _headed_blocks(it: Iterator[tuple[int, str]], kind: PageKind, banner: str) -> Iterator[Block]:
    heading: str | None = None
    start = 0
    body: list[str] = []
    stray: list[Problem] = []
    for number, text in it:
        if text[:2] == "# ":
            if heading is not None:
                yield _block(kind, banner, heading, start, body, stray)
                stray = []
            heading, start, body = text[2:].strip(), number, [text]
        elif text[:1] == "-" and _is_rule(text):
            break
        elif heading is not None:
            body.append(text)
        elif text.strip():
            stray.append(_stray(number, text, "stands before any title heading"))
    if heading is not None:
        yield _block(kind, banner, heading, start, body, stray)


def _tabbed_blocks(it: Iterator[tuple[int, str]], kind: PageKind, banner: str) -> Iterator[Block]:
    heading: str | None = None
    start = 0
    body: list[str] = []
    stray: list[Problem] = []
    for number, text in it:
        if not text.strip():
            if heading is not None:
                body.append("")  # kept, so that a block's lines stay consecutive
            continue
        if _is_rule(text):
            break
        tab = text.find("\t")
        if tab <= 0:
            stray.append(_stray(number, text, "has no tab between a title and a value"))
            if heading is not None:
                body.append("")
            continue
        title = text[:tab].strip()
        if title != heading:
            if heading is not None:
                yield _block(kind, banner, heading, start, body, stray)
                stray = []
            heading, start, body = title, number, []
        body.append(text)
    if heading is not None:
        yield _block(kind, banner, heading, start, body, stray)


# ---------------------------------------------------------------------------------------------
# A block to a page.
# ---------------------------------------------------------------------------------------------


def parse_heading(heading: str) -> tuple[str, int | None, str | None]:
    """(title, year, episode) of a title as the data files write it.

    ``"24" (2001) {Day 1: 5:00 a.m.-6:00 a.m. (#1.6)}`` gives ("24", 2001, "Day 1: …(#1.6)");
    the quotes that mark a series, ``/II`` disambiguators and ``(V)``/``(TV)`` go, as on
    the web pages' titles.
    """
    s = heading.strip()
    s = s.removesuffix(" {{SUSPENDED}}")
    episode = None
    if s.endswith("}"):
        i = s.find(" {")
        if i > 0:
            episode, s = s[i + 2 : -1].strip() or None, s[:i]
    changed = True
    while changed:
        changed = False
        for suffix in _MEDIA_SUFFIXES:
            if s.endswith(suffix):
                s, changed = s[: -len(suffix)], True
    year = None
    m = _YEAR.search(s)
    if m is not None:
        year = int(m.group(1)) if m.group(1) else None
        s = s[: m.start()]
    if len(s) > 1 and s.startswith('"') and s.endswith('"'):
        s = s[1:-1]
    return s.strip(), year, episode


def _opener(text: str, quote: str, lo: int, close: int) -> int:
    """Where the quote opening a ``(qv)`` reference that closes at ``close`` is: the nearest
    ``quote`` at the start of a word (``'Peter O'Toole'`` opens before "Peter"); -1 if none."""
    i = text.rfind(quote, lo, close)
    while i >= lo:
        if i == lo or not text[i - 1].isalnum():
            return i
        i = text.rfind(quote, lo, i)
    return -1


def resolve_qv(text: str) -> tuple[str, tuple[Link, ...]]:
    """``text`` with its ``'Name (I)' (qv)`` and ``_Title (1999)_ (qv)`` references read as a
    person reads them ("Name", "Title (1999)"), and one link per reference (no IMDb id; the
    link's text is the name or title as the file keys it, disambiguator included)."""
    if _QV not in text:
        return text, ()
    out: list[str] = []
    links: list[Link] = []
    pos = 0
    qv = text.find(_QV)
    while qv >= 0:
        close = qv - 1
        while close > pos and text[close] == " ":
            close -= 1
        quote = text[close] if close >= pos else ""
        start = _opener(text, quote, pos, close) if quote in ("'", "_") else -1
        if start < 0 or close - start < 2:
            out.append(text[pos : qv + len(_QV)])  # not a reference after all: kept as written
            pos = qv + len(_QV)
            qv = text.find(_QV, pos)
            continue
        key = text[start + 1 : close]
        if quote == "'":
            links.append(Link(kind=LinkKind.NAME, imdb_id=None, text=key))
            shown = _drop_disambiguator(key)
        else:
            links.append(Link(kind=LinkKind.TITLE, imdb_id=None, text=key))
            shown = key
        out.append(text[pos:start])
        out.append(shown)
        pos = qv + len(_QV)
        qv = text.find(_QV, pos)
    out.append(text[pos:])
    return "".join(out), tuple(links)


_NAME_NUMERAL = re.compile(r" \([IVXL]{1,6}+\)\Z")


def _drop_disambiguator(name: str) -> str:
    """ "Nicole Burke (I)" -> "Nicole Burke": the numeral tells namesakes apart in the files."""
    m = _NAME_NUMERAL.search(name)
    return name[: m.start()] if m else name


def _item(
    text: str,
    kind: PageKind,
    line: int,
    index: int,
    problems: list[Problem],
    note: str | None = None,
) -> TriviaItem:
    category, label = DEFAULT_CATEGORY, None
    if kind is PageKind.GOOFS:
        m = _GOOF_PREFIX.match(text)
        if m is not None and m.group(1) in GOOF_TYPES:
            category, label = GOOF_TYPES[m.group(1)]
            text = text[m.end() :]
        elif m is not None:
            problems.append(
                Problem(
                    code=ProblemCode.UNEXPECTED_STRUCTURE,
                    message=f"unknown goof type {m.group(1)!r}; the item is "
                    "kept uncategorized with its prefix",
                    line=line,
                    item=index,
                )
            )
    text, links = resolve_qv(text)
    return TriviaItem(
        text=clean_text(text), category=category, category_label=label, links=links, note=note
    )


def page_of(block: Block) -> TriviaPage:
    """The page of one title: its items read, its title split, its problems listed."""
    problems = list(block.problems)
    items: list[TriviaItem] = []
    title, year, episode = parse_heading(block.heading)
    if block.kind in _TABBED:
        for number, text in enumerate(block.lines, block.line):
            if not text:
                continue
            parts = [p.strip() for p in text[text.find("\t") :].split("\t") if p.strip()]
            if not parts:
                problems.append(
                    Problem(
                        code=ProblemCode.EMPTY_ITEM,
                        message="a line names a title but no value",
                        line=number,
                        item=len(items),
                    )
                )
                continue
            note = " ".join(parts[1:]) or None
            items.append(_item(parts[0], block.kind, number, len(items), problems, note))
    else:
        _headed_items(block, items, problems)
    if not items:
        problems.append(
            Problem(
                code=ProblemCode.NO_ITEMS,
                message=f"the title {block.heading!r} has no items",
                line=block.line,
            )
        )
    return TriviaPage(
        title=title or None,
        year=year,
        episode=episode,
        page_kind=block.kind,
        source_format=SourceFormat.DATAFILE,
        items=tuple(items),
        problems=tuple(problems),
    )


@attrs.define
class _HeadedCut:
    """The item being cut from a headed block: its lines and the line it starts on."""

    kind: PageKind
    items: list[TriviaItem]
    problems: list[Problem]
    current: list[str] = attrs.Factory(list)
    first: int = 0

    def close(self) -> None:
        """The current lines make one item; an item of blanks is reported, not kept."""
        text = " ".join(self.current)
        if text.strip():
            self.items.append(_item(text, self.kind, self.first, len(self.items), self.problems))
        else:
            self.problems.append(
                Problem(
                    code=ProblemCode.EMPTY_ITEM,
                    message="an item holds no text",
                    line=self.first,
                    item=len(self.items),
                )
            )
        self.current.clear()

    def close_open(self) -> None:
        """Close the current item, if one is open."""
        if self.current:
            self.close()

    def start(self, text: str, number: int) -> None:
        """Open an item with ``text`` on line ``number`` (the open one, if any, stays open:
        callers close it first where it ends)."""
        self.current.append(text)
        self.first = number

    def unexpected(self, message: str, number: int) -> None:
        """Report a line the block's structure does not expect."""
        self.problems.append(
            Problem(
                code=ProblemCode.UNEXPECTED_STRUCTURE,
                message=message,
                line=number,
                item=len(self.items),
            )
        )


def _indented_line(cut: _HeadedCut, text: str, number: int, *, taglines: bool) -> None:
    """An indented line: a blank ends the item, a tab-indented tagline is one item, other
    lines continue the open item (or, with none open, start one, reported)."""
    stripped = text.strip()
    if not stripped:
        cut.close_open()
    elif taglines and text[:1] == "\t":
        cut.close_open()
        cut.start(stripped, number)
        cut.close()
    elif cut.current:
        cut.current.append(stripped)
    else:
        cut.unexpected("an indented line continues no item; read as an item of its own", number)
        cut.start(stripped, number)


def _headed_items(block: Block, items: list[TriviaItem], problems: list[Problem]) -> None:
    """Items of a headed block: ``- `` starts one, an indented line continues it, a blank
    line ends it; in taglines each tab-indented line is one."""
    taglines = block.kind is PageKind.TAGLINES
    cut = _HeadedCut(block.kind, items, problems)
    for number, text in enumerate(block.lines[1:], block.line + 1):
        lead = text[:1]
        if lead == " " or lead == "\t":
            _indented_line(cut, text, number, taglines=taglines)
        elif lead == "-" and (text[1:2] == " " or not text[1:].strip()):
            cut.close_open()
            cut.start(text[2:].strip(), number)
        elif text:
            cut.close_open()
            cut.unexpected(
                f"line {clean_line(text)[:60]!r} starts neither an item nor a "
                "title; read as an item of its own",
                number,
            )
            cut.start(text.strip(), number)
            cut.close()
        else:
            cut.close_open()
    cut.close_open()


# ---------------------------------------------------------------------------------------------
# Whole inputs: text (``parse``) and files (``iter_datafile``).
# ---------------------------------------------------------------------------------------------


def read(text: str, ctx: Context) -> TriviaPage:
    """The page of a data file's only title (``parse``); a file of many titles gives its first
    and says, as a ``multiple-pages`` problem, that :func:`triviaparse.iter_datafile` reads
    them all."""
    if "\r" in text:
        text = text.replace("\r\n", "\n")
    blocks = iter_blocks(enumerate(text.split("\n"), 1))
    first = next(blocks, None)
    if first is None:  # a banner and nothing after it: the no-items check says so
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.DATAFILE)
    if isinstance(first, Refused):
        ctx.problem(ProblemCode.UNRECOGNIZED_INPUT, first.message, line=first.line)
        return TriviaPage(page_kind=PageKind.UNKNOWN, source_format=SourceFormat.DATAFILE)
    page = page_of(first)
    # parse() reports through ctx (strict mode raises the first); its own check adds no-items
    ctx.problems.extend(p for p in page.problems if p.code is not ProblemCode.NO_ITEMS)
    page = attrs.evolve(page, problems=())
    second = next(blocks, None)
    if second is not None:
        ctx.problem(
            ProblemCode.MULTIPLE_PAGES,
            f"this IMDb data file holds many titles, one page each; parse() read only "
            f"the first ({first.heading!r}); use triviaparse.iter_datafile() to read "
            "them all",
            line=second.line if isinstance(second, Block) else None,
        )
    return page


def excerpt(block: Block) -> str:
    """The text of one title as a data file of its own: banner, underline, heading, items.

    ``parse`` reads it back into the title's page (batch workers get titles this way).
    """
    return "\n".join((block.banner, "=" * len(block.banner), *block.lines)) + "\n"


def open_binary(raw: IO[bytes] | io.RawIOBase | io.BufferedIOBase) -> io.BufferedIOBase:
    """``raw`` itself, or a streaming decompressor over it when it is gzip, bzip2 or xz."""
    if isinstance(raw, io.BufferedReader):
        buffered = raw
    else:
        source = raw if isinstance(raw, io.RawIOBase) else _Raw(raw)  # type: ignore[arg-type]
        buffered = io.BufferedReader(source)
    head = buffered.peek(6)[:6]
    if head.startswith(b"\x1f\x8b"):
        return gzip.GzipFile(fileobj=buffered, mode="rb")
    if head.startswith(b"BZh"):
        return bz2.BZ2File(buffered)
    if head.startswith(b"\xfd7zXZ\x00"):
        return lzma.LZMAFile(buffered)
    return buffered


class _Raw(io.RawIOBase):
    """Any object with ``read(n)`` as a raw stream (a BufferedReader needs one)."""

    def __init__(self, f: IO[bytes]) -> None:
        self.f = f

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: memoryview) -> int:  # type: ignore[override]
        data = self.f.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


class LineDecoder:
    """Bytes to text, the encoding told from the first line that is not ASCII: UTF-8 when it
    is valid UTF-8, else Latin-1 (as Windows-1252, like browsers and ``parse``). A line that
    breaks the rule is read as Latin-1 and reported."""

    def __init__(self) -> None:
        self.encoding: str | None = None
        self.problems: list[Problem] = []

    def __call__(self, number: int, raw: bytes) -> str:
        """One line (``number`` for the report)."""
        if raw.isascii():
            return raw.decode("ascii")
        if self.encoding is None:
            try:
                text = raw.decode("utf-8")
            except UnicodeDecodeError:
                self.encoding = "cp1252"
            else:
                self.encoding = "utf-8"
                return text
        try:
            return raw.decode(self.encoding)
        except UnicodeDecodeError:
            if self.encoding == "utf-8":
                self.problems.append(
                    Problem(
                        code=ProblemCode.DECODE_ERROR,
                        line=number,
                        message="this line is not UTF-8 like the lines before it; read as Latin-1",
                    )
                )
            return raw.decode("latin-1")

    def lines(self, first: int, data: bytes) -> list[str]:
        """The lines of ``data`` (whole lines, each ending in "\\n"), the first numbered
        ``first``: decoded at once where the whole chunk allows, else line by line."""
        if data.isascii():
            text = data.decode("ascii")
        elif self.encoding is not None or self._sniff(data):
            try:
                text = data.decode(self.encoding or "utf-8")
            except UnicodeDecodeError:
                text = "\n".join(self(n, raw) for n, raw in enumerate(data.split(b"\n"), first))
        else:
            text = "\n".join(self(n, raw) for n, raw in enumerate(data.split(b"\n"), first))
        if "\r" in text:
            text = text.replace("\r\n", "\n")
        lines = text.split("\n")
        lines.pop()  # after the last "\n"
        return lines

    def _sniff(self, data: bytes) -> bool:
        """Decide the encoding from the first non-ASCII line of ``data``; True once decided."""
        for raw in data.split(b"\n"):
            if not raw.isascii():
                self(0, raw)
                return True
        return False


_CHUNK = 1 << 20
_LONGEST_LINE = 16 << 20


def _chunks(stream: io.BufferedIOBase, decoder: LineDecoder) -> Iterator[list[str]]:
    number = 1
    rest = b""
    # read1: what the stream has, at most a chunk (a broken gzip stream still gives the
    # lines before the break)
    read = getattr(stream, "read1", stream.read)
    while chunk := read(_CHUNK):
        data = rest + chunk if rest else chunk
        cut = data.rfind(b"\n") + 1
        if cut == 0 and len(data) < _LONGEST_LINE:
            rest = data
            continue
        if cut == 0:  # a "line" longer than any data file has: cut, not held whole
            cut = len(data)
            data += b"\n"
        rest = data[cut:]
        lines = decoder.lines(number, data[:cut])
        number += len(lines)
        yield lines
    if rest:
        yield decoder.lines(number, rest + b"\n")


def iter_lines(stream: io.BufferedIOBase, decoder: LineDecoder) -> Iterator[str]:
    """The lines of a binary stream as text, line ends removed, read a mebibyte at a time."""
    return itertools.chain.from_iterable(_chunks(stream, decoder))


@attrs.frozen(kw_only=True)
class Entry:
    """One title of a data file: its heading as written, its line, and its page."""

    heading: str
    line: int
    page: TriviaPage


def iter_entries(source: Source, *, name: str | None = None) -> Iterator[Entry | Refused]:
    """Every title of a data file (a path or a binary file, compressed or not), lazily."""
    if isinstance(source, str | os.PathLike):
        with open(source, "rb") as f:
            yield from iter_entries(f, name=name)
        return
    decoder = LineDecoder()
    try:
        for block in iter_blocks(enumerate(iter_lines(open_binary(source), decoder), 1)):
            if isinstance(block, Refused):
                yield block
                return
            page = page_of(block)
            if decoder.problems:  # those of this title's lines (and of the header before it)
                end = block.line + len(block.lines)
                mine = [p for p in decoder.problems if (p.line or 0) < end]
                if mine:
                    page = attrs.evolve(page, problems=(*mine, *page.problems))
                    decoder.problems[:] = [p for p in decoder.problems if (p.line or 0) >= end]
            yield Entry(heading=block.heading, line=block.line, page=page)
    except (OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
        raise error_for(
            Problem(
                code=ProblemCode.TRUNCATED_INPUT
                if isinstance(exc, EOFError)
                else ProblemCode.DECODE_ERROR,
                message=f"the data file could not be read to its end: {exc}",
            ),
            name,
        ) from exc


def iter_datafile(path_or_binary_file: Source, *, strict: bool = False) -> Iterator[TriviaPage]:
    """The pages of an IMDb plain-text data file, one per title, in file order, lazily.

    Takes a path or a binary file object; gzip, bzip2 and xz are read as streams and the
    encoding is told from the content, so memory stays flat on a file of any size. Lenient:
    each page carries its own problems; a file of a kind triviaparse does not read
    (``alternate-versions.list``) gives one empty page saying so. Strict: the first problem
    raises a ``TriviaparseError`` naming the file and line. A file that cannot be read to its
    end raises ``DecodeError`` or ``IncompletePage`` after the titles before the break.
    """
    src = path_or_binary_file
    name = (
        os.fspath(src)
        if isinstance(src, str | os.PathLike)
        else str(getattr(src, "name", "") or "") or None
    )
    found = False
    for entry in iter_entries(src, name=name):
        found = True
        if isinstance(entry, Refused):
            problem = Problem(
                code=ProblemCode.UNRECOGNIZED_INPUT, message=entry.message, line=entry.line
            )
            if strict:
                raise error_for(problem, name)
            yield TriviaPage(
                page_kind=PageKind.UNKNOWN, source_format=SourceFormat.DATAFILE, problems=(problem,)
            )
            return
        if strict and entry.page.problems:
            raise error_for(entry.page.problems[0], name)
        yield entry.page
    if not found:
        problem = Problem(
            code=ProblemCode.NO_ITEMS, message="the data file holds no title after its banner"
        )
        if strict:
            raise error_for(problem, name)
        yield TriviaPage(
            page_kind=PageKind.UNKNOWN, source_format=SourceFormat.DATAFILE, problems=(problem,)
        )

"""Turn command-line INPUTs into a lazy, deterministic stream of tasks, one per page.

Files, folders (sorted walk, page-like files chosen by content), glob patterns, standard input,
compressed files, zip/tar archives and WARC files are all expanded here, one member at a time,
so that the batch never holds more than one member in memory and the order never depends on
the machine. Anything that cannot become a page still becomes a task carrying an error.
"""

from __future__ import annotations

import io
import lzma
import os
import re
import stat
import struct
import sys
import zlib
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ..compression import (
    ZIP,
    CorruptStream,
    TooLarge,
    compression_of,
    inflate_deflate,
    peek,
    peek_deflate,
)
from ..decode import strip_http_headers
from ..detect import non_page
from ..limits import MAX_PAGE_BYTES, MAX_RATIO, RATIO_FLOOR
from .convert import make_source
from .datafiles import expand_datafile, is_datafile

# glob, tempfile, tarfile and zipfile are imported where they are needed: a folder of pages
# needs none of them, and every run pays for its imports before the first page.

__all__ = [
    "MAX_RATIO",
    "TRIVIA_URL",
    "ArchiveError",
    "Expander",
    "Task",
    "estimate_total_bytes",
    "iter_warc",
    "sniff",
]

#: The IMDb URLs whose WARC responses are converted: the trivia family of title and name pages.
TRIVIA_URL = re.compile(
    r"^https?://(?:www\.|m\.)?imdb\.com/(?:"
    r"title/tt\d+/(?:|trivia|goofs|crazycredits|locations|keywords|taglines|quotes|soundtrack)"
    r"|name/nm\d+/(?:|bio|trivia))/?(?:[?#].*)?$",
    re.I,
)

_GLOB_CHARS = re.compile(r"[*?\[]")
_BINARY_MAGIC = (b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"%PDF", b"\x7fELF", b"MZ", b"RIFF",
                 b"OggS", b"ID3", b"SQLite format 3", b"\xca\xfe\xba\xbe", b"\x00asm",
                 b"7z\xbc\xaf", b"Rar!", b"\x00\x00\x01\x00", b"II*\x00", b"MM\x00*",
                 b"wOFF", b"wOF2", b"\x1a\x45\xdf\xa3", b"fLaC")
_SNIFF_BYTES = 4096
_BINARY_WHY = "binary content (an image, a PDF, an executable…), not a saved page"
#: What browsers name the folder of a page saved "complete" (NAME.html beside NAME_files/);
#: Chrome translates the suffix.
_ASSET_SUFFIXES = ("_files", "-Dateien", "_fichiers", "_archivos", "_arquivos", "_file",
                   "-bestanden", "_bestanden", "-filer", "_pliki")
_PAGE_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")
_CONTROLS = bytes(b for b in range(32) if b < 9 or b > 13)  # not in text, save ESC rarely


@dataclass(slots=True)
class Task:
    """One input on its way to a worker: a path to read, bytes, or an error decided already.

    ``index`` is the position in the deterministic input order; ``done_bytes`` how many bytes
    of the top-level inputs were consumed once this task was produced (for the progress bar);
    ``size`` the bytes a worker will read for it (the file's size, or ``len(data)``), so that
    the work is handed out in chunks of about the same weight.
    """

    index: int
    source: dict[str, Any]
    path: str | None = None
    data: bytes | None = None
    error: tuple[str, str] | None = None
    done_bytes: int = 0
    size: int = 0


def _is_binary(head: bytes) -> bool:
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):  # UTF-16 text carries NULs
        return False
    if head.startswith(_BINARY_MAGIC):
        return True
    if b"\x00" in head:
        return True
    controls = len(head) - len(head.translate(None, _CONTROLS))
    return controls > max(2, len(head) // 100)


def _is_tar(head: bytes) -> bool:
    return len(head) >= 262 and head[257:262] == b"ustar"


def _content_head(head: bytes) -> bytes:
    """The first bytes of a saved HTTP response's content: after its header block, through
    chunked transfer coding and gzip/bzip2/xz/deflate content coding."""
    body, headers = strip_http_headers(head)
    if not headers:
        return head
    if dict(headers).get("content-encoding", "").strip().lower() == "deflate":
        return peek_deflate(body, _SNIFF_BYTES)
    return peek(body, _SNIFF_BYTES) if compression_of(body) else body


def _non_page(head: bytes) -> str | None:
    """Why page-like bytes are no page (a script, a style sheet, JSON not from IMDb)."""
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        text = head.decode("utf-16", "replace")
    else:
        text = head.decode("utf-8", "replace")
    return non_page(text)


def sniff(head: bytes) -> str:
    """What the first bytes of a file are: "zip", "tar", "warc", "page", "empty", "binary",
    or "asset" (a script, a style sheet or JSON not from IMDb: text, but no page).

    Compressed files and saved HTTP responses are looked into: a gzipped tar is "tar", a
    gzipped WARC "warc", a gzipped page "page", an HTTP response with a gzipped body "page".
    Only the first few KiB are decompressed. Names never matter, only content.
    """
    if not head:
        return "empty"
    kind = compression_of(head)
    if kind == ZIP:
        return "zip"
    if head.startswith(b"WARC/"):
        return "warc"
    if _is_tar(head):
        return "tar"
    inner = peek(head, _SNIFF_BYTES) if kind else head
    if kind and not inner:
        return "page"  # undecodable compression is reported by the page's conversion
    if inner.startswith(b"WARC/"):
        return "warc"
    if _is_tar(inner):
        return "tar"
    inner = _content_head(inner)
    if _is_binary(inner[:_SNIFF_BYTES]):
        return "binary"
    return "asset" if _non_page(inner[:_SNIFF_BYTES]) else "page"


def _zip_cut_short(f: IO[bytes]) -> bool:
    """Whether a zip that cannot be opened starts like one: its end was cut off."""
    try:
        f.seek(0)
        return f.read(4) == b"PK\x03\x04"
    except (OSError, ValueError):
        return False


_ZIP_LOCAL = struct.Struct("<4sHHHHHIIIHH")


def _zip_local_members(f: IO[bytes]
                       ) -> Iterator[tuple[str, bytes | tuple[str, str], int]]:
    """(name, bytes or the error (code, message), end offset) of each whole member of a zip,
    from the local header before each member: what a zip cut before its central directory
    still holds. Stops at the cut, and at a member whose size follows its data. (A link is
    told from a file only in the central directory: read as data, its target is harmless.)"""
    f.seek(0)
    while True:
        head = f.read(_ZIP_LOCAL.size)
        if len(head) < _ZIP_LOCAL.size:
            return
        (magic, _version, flags, method, _time, _date, crc, csize, usize, nlen,
         elen) = _ZIP_LOCAL.unpack(head)
        if magic != b"PK\x03\x04" or flags & 0x8:  # sizes unknown until after the data
            return
        name = f.read(nlen).decode("utf-8" if flags & 0x800 else "cp437", "replace")
        f.read(elen)
        packed = f.read(csize)
        if len(packed) < csize:
            return  # the cut
        end = f.tell()
        data: bytes | tuple[str, str]
        if flags & 0x1:
            data = ("unreadable", "encrypted member")
        elif usize > MAX_PAGE_BYTES:
            data = ("too-large", f"member declares {usize} bytes, over the {MAX_PAGE_BYTES}-"
                                 "byte limit")
        elif method == 0:
            data = packed
        elif method == 8:
            try:
                data = inflate_deflate(packed, limit=MAX_PAGE_BYTES).data
            except TooLarge:
                data = ("too-large", f"member is over the {MAX_PAGE_BYTES}-byte limit")
            except CorruptStream as exc:
                data = ("unreadable", f"bad member: {exc}")
        else:
            data = ("unreadable", f"compression method {method} in a zip cut short")
        if isinstance(data, bytes):
            if len(data) > RATIO_FLOOR and len(data) > MAX_RATIO * max(csize, 1):
                data = ("compression-bomb", f"member expands {csize} bytes to {len(data)}; "
                                            "refused")
            elif zlib.crc32(data) != crc:
                data = ("unreadable", "bad member: its CRC does not match its data")
        yield name, data, end


def _asset_folders(dirnames: list[str], filenames: list[str]) -> list[str]:
    """The folders among ``dirnames`` that hold a saved page's assets: ``NAME_files`` (or a
    translation of the suffix) beside ``NAME.html``."""
    pages = {os.path.splitext(f)[0] for f in filenames
             if f.lower().endswith(_PAGE_EXTENSIONS)}
    found = []
    for d in dirnames:
        for suffix in _ASSET_SUFFIXES:
            if d.endswith(suffix) and d[:-len(suffix)] in pages:
                found.append(d)
                break
    return found


def _read_head(path: str) -> bytes:
    # os.open/os.read: the main process reads the head of every file of a folder, and the
    # buffered file object of open() costs about as much as the read itself
    fd = os.open(path, os.O_RDONLY | getattr(os, "O_BINARY", 0))
    try:
        head = os.read(fd, _SNIFF_BYTES)
        while head and len(head) < _SNIFF_BYTES:  # short reads (network file systems)
            more = os.read(fd, _SNIFF_BYTES - len(head))
            if not more:
                break
            head += more
        return head
    finally:
        os.close(fd)


def _position(f: IO[bytes]) -> int:
    """How far into ``f`` reading got (for the progress bar); 0 on a pipe."""
    try:
        return f.tell()
    except (OSError, ValueError):
        return 0


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[/\\]+", name)


class _Counting(io.RawIOBase):
    """A read-only wrapper that counts the bytes read through it (compressed archive bytes)."""

    def __init__(self, raw: IO[bytes]) -> None:
        self.raw = raw
        self.count = 0

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = self.raw.read(len(buffer))
        n = len(data)
        buffer[:n] = data
        self.count += n
        return n


class _Prefixed(io.RawIOBase):
    """A stream that gives ``head`` again before the rest of ``rest`` (after sniffing stdin)."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self.head = head
        self.rest = rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self.head:
            n = min(len(buffer), len(self.head))
            buffer[:n] = self.head[:n]
            self.head = self.head[n:]
            return n
        data = self.rest.read(len(buffer))
        buffer[:len(data)] = data
        return len(data)


@dataclass
class Expander:
    """Expands INPUT arguments into :class:`Task` objects, lazily and in a stable order.

    ``exclude`` holds the (device, inode) of files never to read (the output and its partial).
    ``skipped`` counts files and members left out because they are no page (binary content,
    scripts, style sheets, JSON not from IMDb, the assets folder of a saved page);
    ``on_skip(name, why)``, when given, is told of each (``convert -v`` lists them).
    """

    exclude: set[tuple[int, int]] = field(default_factory=set)
    stdin: IO[bytes] | None = None
    skipped: int = 0
    on_skip: Callable[[str, str], None] | None = None
    _index: int = 0
    _base_bytes: int = 0

    # -- task construction ---------------------------------------------------------------
    def _task(self, source: dict[str, Any], *, path: str | None = None,
              data: bytes | None = None, error: tuple[str, str] | None = None,
              done: int = 0, size: int = 0) -> Task:
        if data is not None:
            size = len(data)
        task = Task(self._index, source, path, data, error, self._base_bytes + done, size)
        self._index += 1
        return task

    def _skip(self, name: str, why: str) -> None:
        self.skipped += 1
        if self.on_skip is not None:
            self.on_skip(name, why)

    def _member(self, path: str, member: str) -> dict[str, Any]:
        return make_source(f"{path}::{member}", path=path, member=member)

    # -- top level -----------------------------------------------------------------------
    def expand(self, inputs: Iterable[str]) -> Iterator[Task]:
        """Every task of every INPUT, in order."""
        for arg in inputs:
            try:
                yield from self._argument(arg)
            except Exception as exc:  # a surprise in one input must not end the batch
                name = "<stdin>" if arg == "-" else arg
                yield self._task(make_source(name), error=(
                    "unreadable", f"reading stopped: {type(exc).__name__}: {exc}"))

    def _argument(self, arg: str) -> Iterator[Task]:
        if arg == "-":
            yield from self._stdin()
        elif _GLOB_CHARS.search(arg) and not os.path.lexists(arg):
            import glob

            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield self._task(make_source(arg), error=(
                    "no-match", f"the pattern {arg!r} matched no file"))
            for m in matches:
                yield from self._explicit(m)
        else:
            yield from self._explicit(arg)

    def _explicit(self, path: str) -> Iterator[Task]:
        if os.path.isdir(path):
            yield from self._walk(path)
            return
        yield from self._file(path, explicit=True)

    def _walk(self, top: str) -> Iterator[Task]:
        failed: list[OSError] = []  # a folder that cannot be listed still gets a record
        for dirpath, dirnames, filenames in os.walk(top, onerror=failed.append):
            while failed:
                exc = failed.pop(0)
                where = exc.filename or dirpath
                yield self._task(make_source(str(where)), error=(
                    "unreadable", f"folder not readable: {exc.strerror or exc}: {where}"))
            dirnames[:] = sorted(d for d in dirnames if not d.startswith("."))
            for d in _asset_folders(dirnames, filenames):
                dirnames.remove(d)
                self._skip_folder(os.path.join(dirpath, d))
            for name in sorted(filenames):
                if name.startswith("."):
                    continue
                yield from self._file(os.path.join(dirpath, name), explicit=False)
        for exc in failed:
            where = exc.filename or top
            yield self._task(make_source(str(where)), error=(
                "unreadable", f"folder not readable: {exc.strerror or exc}: {where}"))

    def _skip_folder(self, folder: str) -> None:
        """Count the files of a saved page's assets folder as skipped, without reading them."""
        why = "the assets folder of a page saved complete"
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in sorted(filenames):
                self._skip(os.path.join(dirpath, name), why)

    def _file(self, path: str, *, explicit: bool) -> Iterator[Task]:
        src = make_source(path)
        try:
            st = os.stat(path)
            if (st.st_dev, st.st_ino) in self.exclude:
                return
            if not stat.S_ISREG(st.st_mode):
                if explicit:
                    yield self._task(src, error=("unreadable", f"not a regular file: {path}"))
                return
            head = _read_head(path)
        except OSError as exc:
            yield self._task(src, error=("unreadable", f"{exc.strerror or exc}: {path}"))
            return
        kind = sniff(head)
        if kind == "binary" or (kind == "asset" and not explicit):
            # a file named explicitly always gets a record; text is judged whole by parse
            why = (_BINARY_WHY if kind == "binary"
                   else f"{_non_page(_content_head(peek(head)))}, not a saved page")
            if explicit:
                yield self._task(src, error=("not-a-page", why), done=st.st_size)
            else:
                self._skip(src["name"], why)
            self._base_bytes += st.st_size
            return
        if kind == "page" and is_datafile(head):  # expanded: one task per title
            try:
                yield from expand_datafile(path, self._task)
            except OSError as exc:
                yield self._task(src, error=("unreadable", f"{exc.strerror or exc}: {path}"))
            self._base_bytes += st.st_size
            return
        if kind in ("zip", "tar", "warc"):
            try:
                with open(path, "rb") as f:
                    yield from self._archive(kind, path, f)
            except OSError as exc:
                yield self._task(src, error=("unreadable", f"{exc.strerror or exc}: {path}"))
            self._base_bytes += st.st_size
            return
        yield self._task(src, path=path, done=st.st_size, size=st.st_size)
        self._base_bytes += st.st_size

    def _stdin(self) -> Iterator[Task]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        src = make_source("<stdin>")
        head = stream.read(_SNIFF_BYTES)  # blocks until this much, or the end
        kind = sniff(head)
        if kind == "zip":  # a zip needs to seek: spool it (to disk only past 64 MiB)
            import tempfile

            with tempfile.SpooledTemporaryFile(max_size=64 * 1024 * 1024) as spool:
                spool.write(head)
                while chunk := stream.read(1024 * 1024):
                    spool.write(chunk)
                spool.seek(0)
                yield from self._archive("zip", "<stdin>", spool)
        elif kind in ("tar", "warc"):
            whole = io.BufferedReader(_Prefixed(head, stream))
            yield from self._archive(kind, "<stdin>", whole)
        else:
            data = head + stream.read(MAX_PAGE_BYTES + 1 - len(head))
            if kind == "binary":
                yield self._task(src, error=("not-a-page", _BINARY_WHY), done=len(data))
            else:
                yield self._task(src, data=data, done=len(data))

    # -- archives ------------------------------------------------------------------------
    def _archive(self, kind: str, path: str, f: IO[bytes]) -> Iterator[Task]:
        first = self._index
        if kind == "zip":
            yield from self._zip(path, f)
        elif kind == "tar":
            yield from self._tar(path, f)
        else:
            yield from self._warc(path, f)
        if self._index == first:  # an archive is never silently empty in the output
            what = ("no IMDb trivia-family HTTP response" if kind == "warc"
                    else "no page-like member")
            yield self._task(make_source(path), error=("no-pages", f"the {kind} file holds "
                                                                   f"{what}"))

    def _page_or_skip(self, src: dict[str, Any], data: bytes, done: int) -> Iterator[Task]:
        kind = sniff(data[:_SNIFF_BYTES])
        if kind in ("binary", "asset", "zip", "tar", "warc"):
            if kind == "binary":
                why = _BINARY_WHY
            elif kind == "asset":
                why = f"{_non_page(_content_head(peek(data[:_SNIFF_BYTES])))}, not a saved page"
            else:  # archives are not opened recursively
                why = f"a {kind} file inside an archive (not opened)"
            self._skip(src["name"], why)
            return
        yield self._task(src, data=data, done=done)

    def _zip(self, path: str, f: IO[bytes]) -> Iterator[Task]:
        import zipfile

        try:
            zf = zipfile.ZipFile(f)
        except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
            if _zip_cut_short(f):
                yield from self._zip_cut(path, f)
            else:
                yield self._task(make_source(path), error=("unreadable",
                                                           f"bad zip archive: {exc}"))
            return
        with zf:
            for info in zf.infolist():
                name = info.filename
                if info.is_dir():
                    continue
                src = self._member(path, name)
                done = info.header_offset
                mode = info.external_attr >> 16
                if _unsafe_name(name) or stat.S_ISLNK(mode):
                    yield self._task(src, error=("unsafe-member", f"refused member {name!r}: "
                                                 "its path escapes the archive's folder"),
                                     done=done)
                    continue
                if info.flag_bits & 0x1:
                    yield self._task(src, error=("unreadable", "encrypted member"), done=done)
                    continue
                if info.file_size > MAX_PAGE_BYTES:
                    yield self._task(src, error=(
                        "too-large", f"member declares {info.file_size} bytes, over the "
                                     f"{MAX_PAGE_BYTES}-byte limit"), done=done)
                    continue
                if (info.file_size > RATIO_FLOOR
                        and info.file_size > MAX_RATIO * max(info.compress_size, 1)):
                    yield self._task(src, error=(
                        "compression-bomb", f"member expands {info.compress_size} bytes to "
                                            f"{info.file_size}; refused"), done=done)
                    continue
                try:
                    with zf.open(info) as member:
                        data = member.read(MAX_PAGE_BYTES + 1)
                except (zipfile.BadZipFile, OSError, EOFError, zlib.error, lzma.LZMAError,
                        NotImplementedError, ValueError, RuntimeError) as exc:
                    yield self._task(src, error=("unreadable", f"bad member: {exc}"), done=done)
                    continue
                if len(data) > MAX_PAGE_BYTES:
                    yield self._task(src, error=("too-large", "member is over the "
                                                 f"{MAX_PAGE_BYTES}-byte limit"), done=done)
                    continue
                yield from self._page_or_skip(src, data, done)

    def _zip_cut(self, path: str, f: IO[bytes]) -> Iterator[Task]:
        """A zip cut before its central directory (the member list, written last): its
        members are read from their local headers, in order, up to the cut."""
        count = 0
        end = 0
        for name, data, end in _zip_local_members(f):
            src = self._member(path, name)
            if _unsafe_name(name):
                yield self._task(src, error=("unsafe-member", f"refused member {name!r}: "
                                             "its path escapes the archive's folder"), done=end)
            elif isinstance(data, tuple):
                yield self._task(src, error=data, done=end)
            elif not name.endswith("/"):
                yield from self._page_or_skip(src, data, end)
            count += 1
        yield self._task(make_source(path), error=(
            "truncated-archive", f"{path}: the zip file is cut short before its central "
                                 f"directory (the list of its members, written last); the "
                                 f"{count} whole members before byte {end} were read from "
                                 "their own headers"), done=end)

    def _tar(self, path: str, f: IO[bytes]) -> Iterator[Task]:
        import tarfile

        raw = _Counting(f)
        expanded = 0
        seen = 0
        try:
            tf = tarfile.open(fileobj=raw, mode="r|*")
        except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
            yield self._task(make_source(path), error=("unreadable", f"bad tar archive: {exc}"))
            return
        try:
            with tf:
                for info in tf:
                    seen += 1
                    name = info.name
                    if info.isdir():
                        continue
                    src = self._member(path, name)
                    if _unsafe_name(name) or not info.isfile():
                        what = "a link or device" if not info.isfile() else "its path escapes"
                        yield self._task(src, error=(
                            "unsafe-member", f"refused member {name!r}: {what} "
                                             "the archive's folder"), done=raw.count)
                        continue
                    if info.size > MAX_PAGE_BYTES:
                        yield self._task(src, error=(
                            "too-large", f"member declares {info.size} bytes, over the "
                                         f"{MAX_PAGE_BYTES}-byte limit"), done=raw.count)
                        continue
                    member = tf.extractfile(info)
                    data = member.read(MAX_PAGE_BYTES + 1) if member is not None else b""
                    expanded += len(data)
                    if expanded > RATIO_FLOOR and expanded > MAX_RATIO * max(raw.count, 1):
                        yield self._task(src, error=(
                            "compression-bomb", f"the archive expands {raw.count} bytes to "
                                                f"{expanded}; refused the rest"), done=raw.count)
                        return
                    yield from self._page_or_skip(src, data, raw.count)
        except (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError) as exc:
            if isinstance(exc, EOFError) or "unexpected end of data" in str(exc):
                yield self._task(make_source(path), error=(
                    "truncated-archive", f"{path}: the tar file is cut short after {raw.count} "
                                         f"bytes, in or after its member {seen}; the members "
                                         "before the cut were read"), done=raw.count)
            else:
                yield self._task(make_source(path), error=(
                    "unreadable", f"tar archive unreadable after {seen} members: {exc}"),
                    done=raw.count)

    def _warc(self, path: str, f: IO[bytes]) -> Iterator[Task]:
        for item in iter_warc(path, f):
            if isinstance(item, tuple):
                src, data = item
                yield from self._page_or_skip(src, data, _position(f))
            else:
                yield self._task(make_source(path), error=(item.code, f"{path}: {item}"))
                return


class ArchiveError(str):
    """Why the rest of an archive could not be read (a ``str``, as :func:`iter_warc` has
    always yielded); ``code`` is the error record's code: ``truncated-archive`` when the file
    ends inside a record, else ``unreadable``."""

    code: str

    def __new__(cls, message: str, code: str = "unreadable") -> ArchiveError:
        self = super().__new__(cls, message)
        self.code = code
        return self


def _drained_short(rec: Any) -> bool:
    """Read the rest of a WARC record's block; True when the file ends before its
    ``Content-Length`` (warcio itself just stops, and the records after the cut vanish)."""
    raw = rec.raw_stream
    while raw.read(1 << 16):
        pass
    return getattr(raw, "limit", 0) > 0


def _at_end(stream: IO[bytes]) -> bool:
    try:
        return not stream.read(1)
    except (OSError, ValueError):
        return False


def iter_warc(path: str, f: IO[bytes] | None = None
              ) -> Iterator[tuple[dict[str, Any], bytes] | ArchiveError]:
    """The IMDb trivia-family HTTP responses of a WARC file, as (source, bytes) pairs.

    The bytes keep a minimal HTTP header so the page's declared charset is honoured. An
    :class:`ArchiveError` item (a string) says why the rest of the file could not be read,
    and is the last item: a file cut short says where (``truncated-archive``). Needs
    ``warcio``.
    """
    try:
        from warcio.archiveiterator import ArchiveIterator  # type: ignore[import-untyped]
    except ImportError:
        yield ArchiveError("reading WARC files needs warcio: pip install '.[warc]' from a "
                           "checkout of triviaparse")
        return
    own = f is None
    stream: IO[bytes] = open(path, "rb") if f is None else f
    records = 0
    it: Any = None
    try:
        it = ArchiveIterator(stream)
        dec = None
        for rec in it:
            dec = getattr(it.reader, "decompressor", None)  # the gzip member of this record
            item = _warc_page(path, rec)
            if _drained_short(rec):
                rid = rec.rec_headers.get_header("WARC-Record-ID") or "no WARC-Record-ID"
                yield ArchiveError(
                    f"the WARC file is cut short inside its record {records + 1} ({rid}, "
                    f"starting at byte {it.offset}); the {records} records before it were "
                    "read", "truncated-archive")
                return
            records += 1
            if item is not None:
                yield item
        # warcio ends quietly when the file stops inside a record's headers (then what it
        # read runs past the end of the last whole record) or inside the last gzip member
        if it.fh.tell() > it.offset:
            yield ArchiveError(
                f"the WARC file is cut short inside the headers of its record {records + 1} "
                f"(starting at byte {it.offset}); the {records} records before it were read",
                "truncated-archive")
        elif dec is not None and not getattr(dec, "eof", True):
            yield ArchiveError(
                f"the WARC file's last gzip member is cut short (the file ends at byte "
                f"{it.fh.tell()}); the {records} records before the cut were read",
                "truncated-archive")
    except Exception as exc:  # warcio raises many kinds on a damaged file
        where = f"after {records} records (byte {it.offset if it is not None else 0})"
        if _at_end(stream):
            yield ArchiveError(f"the WARC file ends inside a record {where}: cut short "
                               f"({type(exc).__name__}: {exc})", "truncated-archive")
        else:
            yield ArchiveError(f"WARC file unreadable {where}: {type(exc).__name__}: {exc}")
    finally:
        if own:
            stream.close()


def _warc_page(path: str, rec: Any) -> tuple[dict[str, Any], bytes] | None:
    """The (source, bytes) of a WARC record that is an IMDb trivia-family 2xx response."""
    if rec.rec_type != "response":
        return None
    url = rec.rec_headers.get_header("WARC-Target-URI") or ""
    if not TRIVIA_URL.match(url.strip("<>")) or rec.http_headers is None:
        return None
    status = rec.http_headers.get_statuscode() or ""
    if not status.startswith("2"):
        return None
    rid = rec.rec_headers.get_header("WARC-Record-ID") or ""
    ctype = rec.http_headers.get_header("Content-Type") or "text/html"
    body = rec.content_stream().read(MAX_PAGE_BYTES + 1)
    # The record's URL and date ride along for ``TriviaPage.url``/``captured_at``.
    when = rec.rec_headers.get_header("WARC-Date") or ""
    data = (f"HTTP/1.1 200 OK\r\nContent-Type: {ctype}\r\nWARC-Target-URI: {url}\r\n"
            f"WARC-Date: {when}\r\n\r\n").encode("latin-1", "replace") + body
    return make_source(f"{path}#{rid}", path=path, record_id=rid, url=url), data


def estimate_total_bytes(inputs: Iterable[str]) -> int | None:
    """The total size of the top-level inputs (for the time left), or None when unknown."""
    import glob

    total = 0
    for arg in inputs:
        if arg == "-":
            return None
        paths = (sorted(glob.glob(arg, recursive=True))
                 if _GLOB_CHARS.search(arg) and not os.path.lexists(arg) else [arg])
        for p in paths:
            if os.path.isdir(p):
                for dirpath, dirnames, filenames in os.walk(p):
                    assets = _asset_folders(dirnames, filenames)
                    dirnames[:] = [d for d in dirnames if not d.startswith(".")
                                   and d not in assets]
                    for name in filenames:
                        if not name.startswith("."):
                            try:
                                total += os.stat(os.path.join(dirpath, name)).st_size
                            except OSError:
                                pass
            else:
                try:
                    total += os.stat(p).st_size
                except OSError:
                    pass
    return total

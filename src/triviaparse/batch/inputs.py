"""Turn command-line INPUTs into a lazy, deterministic stream of tasks, one per page.

Files, folders (sorted walk, page-like files chosen by content), glob patterns, standard input,
compressed files, zip/tar archives and WARC files are all expanded here, one member at a time,
so that the batch never holds more than one member in memory and the order never depends on
the machine. Anything that cannot become a page still becomes a task carrying an error. What a
file is comes from :mod:`.sniff`; archive members from :mod:`.archives` and :mod:`.warc`.
"""

from __future__ import annotations

import io
import os
import re
import stat
import sys
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import IO, Any

from ..limits import MAX_PAGE_BYTES
from .archives import Member, iter_tar, iter_zip
from .convert import make_source
from .datafiles import expand_datafile, is_datafile
from .sniff import BINARY_WHY, SNIFF_BYTES, not_page_why, read_head, sniff
from .warc import iter_warc

# glob and tempfile are imported where they are needed: a folder of pages needs neither, and
# every run pays for its imports before the first page.

__all__ = ["Expander", "Task", "estimate_total_bytes"]

_GLOB_CHARS = re.compile(r"[*?\[]")
#: What browsers name the folder of a page saved "complete" (NAME.html beside NAME_files/);
#: Chrome translates the suffix.
_ASSET_SUFFIXES = (
    "_files",
    "-Dateien",
    "_fichiers",
    "_archivos",
    "_arquivos",
    "_file",
    "-bestanden",
    "_bestanden",
    "-filer",
    "_pliki",
)
_PAGE_EXTENSIONS = (".html", ".htm", ".xhtml", ".shtml")


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


def _asset_folders(dirnames: list[str], filenames: list[str]) -> list[str]:
    """The folders among ``dirnames`` that hold a saved page's assets: ``NAME_files`` (or a
    translation of the suffix) beside ``NAME.html``."""
    pages = {os.path.splitext(f)[0] for f in filenames if f.lower().endswith(_PAGE_EXTENSIONS)}
    found = []
    for d in dirnames:
        for suffix in _ASSET_SUFFIXES:
            if d.endswith(suffix) and d[: -len(suffix)] in pages:
                found.append(d)
                break
    return found


def _position(f: IO[bytes]) -> int:
    """How far into ``f`` reading got (for the progress bar); 0 on a pipe."""
    try:
        return f.tell()
    except (OSError, ValueError):
        return 0


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
        buffer[: len(data)] = data
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
    def _task(
        self,
        source: dict[str, Any],
        *,
        path: str | None = None,
        data: bytes | None = None,
        error: tuple[str, str] | None = None,
        done: int = 0,
        size: int = 0,
    ) -> Task:
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
                yield self._task(
                    make_source(name),
                    error=("unreadable", f"reading stopped: {type(exc).__name__}: {exc}"),
                )

    def _argument(self, arg: str) -> Iterator[Task]:
        if arg == "-":
            yield from self._stdin()
        elif _GLOB_CHARS.search(arg) and not os.path.lexists(arg):
            import glob

            matches = sorted(glob.glob(arg, recursive=True))
            if not matches:
                yield self._task(
                    make_source(arg), error=("no-match", f"the pattern {arg!r} matched no file")
                )
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
                yield self._task(
                    make_source(str(where)),
                    error=("unreadable", f"folder not readable: {exc.strerror or exc}: {where}"),
                )
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
            yield self._task(
                make_source(str(where)),
                error=("unreadable", f"folder not readable: {exc.strerror or exc}: {where}"),
            )

    def _skip_folder(self, folder: str) -> None:
        """Count the files of a saved page's assets folder as skipped, without reading them."""
        why = "the assets folder of a page saved complete"
        for dirpath, _dirnames, filenames in os.walk(folder):
            for name in sorted(filenames):
                self._skip(os.path.join(dirpath, name), why)

    def _file(self, path: str, *, explicit: bool) -> Iterator[Task]:
        """The tasks of one file; one named ``explicit``ly always gets a record."""
        src = make_source(path)
        try:
            st = os.stat(path)
            if (st.st_dev, st.st_ino) in self.exclude:
                return
            if not stat.S_ISREG(st.st_mode):
                if explicit:
                    yield self._task(src, error=("unreadable", f"not a regular file: {path}"))
                return
            head = read_head(path)
        except OSError as exc:
            yield self._task(src, error=("unreadable", f"{exc.strerror or exc}: {path}"))
            return
        yield from self._sniffed(path, src, head, st.st_size, explicit=explicit)
        self._base_bytes += st.st_size

    def _sniffed(
        self, path: str, src: dict[str, Any], head: bytes, size: int, *, explicit: bool
    ) -> Iterator[Task]:
        """The tasks of a regular file of ``size`` bytes, by what its ``head`` says it is."""
        kind = sniff(head)
        if kind == "binary" or (kind == "asset" and not explicit):
            # a file named explicitly always gets a record; text is judged whole by parse
            why = not_page_why(kind, head)
            if explicit:
                yield self._task(src, error=("not-a-page", why), done=size)
            else:
                self._skip(src["name"], why)
        elif kind == "page" and is_datafile(head):  # expanded: one task per title
            try:
                yield from expand_datafile(path, self._task)
            except OSError as exc:
                yield self._task(src, error=("unreadable", f"{exc.strerror or exc}: {path}"))
        elif kind in ("zip", "tar", "warc"):
            try:
                with open(path, "rb") as f:
                    yield from self._archive(kind, path, f)
            except OSError as exc:
                yield self._task(src, error=("unreadable", f"{exc.strerror or exc}: {path}"))
        else:
            yield self._task(src, path=path, done=size, size=size)

    def _stdin(self) -> Iterator[Task]:
        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        src = make_source("<stdin>")
        head = stream.read(SNIFF_BYTES)  # blocks until this much, or the end
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
                yield self._task(src, error=("not-a-page", BINARY_WHY), done=len(data))
            else:
                yield self._task(src, data=data, done=len(data))

    # -- archives ------------------------------------------------------------------------
    def _archive(self, kind: str, path: str, f: IO[bytes]) -> Iterator[Task]:
        first = self._index
        if kind == "zip":
            yield from self._members(path, iter_zip(path, f))
        elif kind == "tar":
            yield from self._members(path, iter_tar(path, f))
        else:
            yield from self._warc(path, f)
        if self._index == first:  # an archive is never silently empty in the output
            what = (
                "no IMDb trivia-family HTTP response" if kind == "warc" else "no page-like member"
            )
            yield self._task(make_source(path), error=("no-pages", f"the {kind} file holds {what}"))

    def _members(self, path: str, members: Iterator[Member]) -> Iterator[Task]:
        """The tasks of a zip or tar file's members, and of the error that ends it, if any."""
        for name, content, done in members:
            if isinstance(content, tuple):
                src = make_source(path) if name is None else self._member(path, name)
                yield self._task(src, error=content, done=done)
            elif name is not None:
                yield from self._page_or_skip(self._member(path, name), content, done)

    def _page_or_skip(self, src: dict[str, Any], data: bytes, done: int) -> Iterator[Task]:
        kind = sniff(data[:SNIFF_BYTES])
        if kind in ("binary", "asset", "zip", "tar", "warc"):
            if kind in ("binary", "asset"):
                why = not_page_why(kind, data[:SNIFF_BYTES])
            else:  # archives are not opened recursively
                why = f"a {kind} file inside an archive (not opened)"
            self._skip(src["name"], why)
            return
        yield self._task(src, data=data, done=done)

    def _warc(self, path: str, f: IO[bytes]) -> Iterator[Task]:
        for item in iter_warc(path, f):
            if isinstance(item, tuple):
                src, data = item
                yield from self._page_or_skip(src, data, _position(f))
            else:
                yield self._task(make_source(path), error=(item.code, f"{path}: {item}"))
                return


def estimate_total_bytes(inputs: Iterable[str]) -> int | None:
    """The total size of the top-level inputs (for the time left), or None when unknown."""
    import glob

    total = 0
    for arg in inputs:
        if arg == "-":
            return None
        paths = (
            sorted(glob.glob(arg, recursive=True))
            if _GLOB_CHARS.search(arg) and not os.path.lexists(arg)
            else [arg]
        )
        for p in paths:
            total += _folder_bytes(p) if os.path.isdir(p) else _size(p)
    return total


def _folder_bytes(top: str) -> int:
    """The size of the files a folder's walk would read (no hidden files, no assets folders)."""
    total = 0
    for dirpath, dirnames, filenames in os.walk(top):
        assets = _asset_folders(dirnames, filenames)
        dirnames[:] = [d for d in dirnames if not d.startswith(".") and d not in assets]
        total += sum(
            _size(os.path.join(dirpath, name)) for name in filenames if not name.startswith(".")
        )
    return total


def _size(path: str) -> int:
    """A file's size; 0 when it cannot be read (its record will say why)."""
    try:
        return os.stat(path).st_size
    except OSError:
        return 0

"""The crash-safe output file of ``triviaparse convert``, and the checks before a run writes it.

The file is written as ``OUTPUT.partial`` and renamed when complete, so an interrupted run
leaves whole records that ``--resume`` can read back; the records arrive already rendered
(:mod:`.formats`).
"""

from __future__ import annotations

import csv
import errno
import io
import json
import os
import stat
import time
from collections.abc import Iterable, Iterator
from typing import IO

from .formats import CSV_COLUMNS
from .formats import header as _header

__all__ = ["Output", "OutputError", "ResumeError", "check_output", "write_all"]

_STATUS = CSV_COLUMNS.index("status")
_ITEM_COUNT = CSV_COLUMNS.index("item_count")


class ResumeError(Exception):
    """The partial output cannot be continued (another format, or other inputs)."""


def _header_len(f: IO[bytes], fmt: str) -> int | None:
    """The length of the partial file's header; None when the cut fell inside it."""
    want = _header(fmt).encode("utf-8")
    if not want:
        return 0
    first = f.readline()
    if not first.endswith(b"\n") and want.startswith(first):
        return None
    if first != want:
        raise ResumeError(
            f"the partial file is not {fmt.upper()} written by triviaparse "
            "convert (another --format?)"
        )
    return len(first)


def _json_records(f: IO[bytes], fmt: str) -> Iterator[tuple[str, bool, int]]:
    """(source name, is an error, end offset) of each whole record of a JSON output."""
    first = True
    pos = f.tell()
    for line in iter(f.readline, b""):
        if not line.endswith(b"\n") or line == b"]\n":
            return
        body = line[1:] if fmt == "json" and not first and line.startswith(b",") else line
        try:
            rec = json.loads(body)
            name = rec["source"]["name"]
        except (ValueError, KeyError, TypeError):
            if first and fmt == "jsonl":
                raise ResumeError(
                    "the partial file is not JSON Lines written by triviaparse "
                    "convert (another --format?)"
                ) from None
            return
        first = False
        pos += len(line)
        yield name, "error" in rec, pos


def _csv_records(f: IO[bytes]) -> Iterator[tuple[str, bool, int]]:
    """The same for CSV: a record is whole when all its item rows are there."""
    pos = f.tell()
    index = 0
    group: list[list[str]] = []
    pending = b""
    for line in iter(f.readline, b""):
        pending += line
        if not line.endswith(b"\n") or pending.count(b'"') % 2:
            continue  # a quoted field with a line break goes on
        try:
            row = next(csv.reader(io.StringIO(pending.decode("utf-8"), newline="")))
        except (UnicodeDecodeError, csv.Error, StopIteration):
            return
        pos += len(pending)
        pending = b""
        if len(row) != len(CSV_COLUMNS) or row[0] != str(index):
            return
        group.append(row)
        failed = row[_STATUS] == "error"
        expected = 1 if failed else max(1, int(row[_ITEM_COUNT] or 0))
        if len(group) == expected:
            yield row[1], failed, pos
            index += 1
            group = []


def _records(f: IO[bytes], fmt: str) -> Iterator[tuple[str, bool, int]]:
    return _csv_records(f) if fmt == "csv" else _json_records(f, fmt)


def write_all(f: IO[bytes], data: bytes) -> None:
    """Write all of ``data`` to the binary file ``f``, or raise.

    A buffered writer can accept only part of a large write and drop the error that stopped
    it (a pipe closed by its reader, a full disk); writing the rest raises it again.
    """
    view = memoryview(data)
    while view:
        n = f.write(view)
        if n is None:  # a non-blocking stream that is full
            raise BlockingIOError(errno.EAGAIN, "the output accepts no more data now")
        view = view[n:]


class OutputError(Exception):
    """``-o`` names something that cannot be the output (a folder, one of the inputs)."""


def _identity(path: str) -> tuple[str, tuple[int, int] | None]:
    """The resolved path of ``path`` and its (device, inode) when it exists."""
    try:
        st = os.stat(path)
        ino: tuple[int, int] | None = (st.st_dev, st.st_ino)
    except (OSError, ValueError):
        ino = None
    return os.path.realpath(path), ino


def _candidates(arg: str) -> list[str]:
    """The files an INPUT argument names: itself, or what its glob pattern matches."""
    if any(c in arg for c in "*?[") and not os.path.lexists(arg):
        import glob

        return glob.glob(arg, recursive=True)
    return [arg]


def check_output(path: str | None, inputs: Iterable[str]) -> None:
    """Refuse an output that would harm something before any work: an existing folder, or
    a file that is one of the inputs (same resolved path or same inode; its ``.partial``
    too). Raises :class:`OutputError`; standard output (None or ``-``) is always fine."""
    if path is None or path == "-":
        return
    if os.path.isdir(path):
        raise OutputError(f"-o {path} is a folder; name a file to write")
    target = _target(path)
    mine = [_identity(target)]
    if _is_regular_target(target):
        mine.append(_identity(target + ".partial"))
    for arg in inputs:
        if arg == "-":
            continue
        for cand in _candidates(arg):
            real, ino = _identity(cand)
            for m_real, m_ino in mine:
                if real == m_real or (ino is not None and ino == m_ino):
                    raise OutputError(
                        f"-o {path} is the input {cand}; writing it would "
                        "destroy that input, choose another output"
                    )


def _target(path: str) -> str:
    """Where writing ``path`` must go: through a symbolic link to the file it names."""
    return os.path.realpath(path) if os.path.islink(path) else path


def _is_regular_target(target: str) -> bool:
    """True unless ``target`` exists and is not a regular file (a FIFO, a device…)."""
    try:
        return stat.S_ISREG(os.stat(target).st_mode)
    except FileNotFoundError:
        return True


class Output:
    """Where rendered records go: standard output, or ``path``.

    A regular file (or a new one) is written as ``path.partial`` and renamed when complete;
    through a symbolic link the file it points to is written (the link stays). A FIFO, a
    device or another non-regular file is written directly, never replaced. With ``resume``
    the whole records already in ``path.partial`` are kept (a trailing incomplete one is
    dropped); ``count`` says how many, ``resumed_names()`` gives their names. ``written``
    is how many records are known to have reached the output (flushed), which is what a
    run cut short by a write error reports.
    """

    #: How often buffered records reach the file at the latest.
    FLUSH_SECONDS = 0.25

    def __init__(
        self, path: str | None, fmt: str, *, resume: bool = False, stdout: IO[str] | None = None
    ) -> None:
        if path == "-":
            path = None
        self.path = path
        self.target = ""
        self.partial = ""
        self.direct = False
        self._flushed = 0.0
        self.fmt = fmt
        self.count = 0
        self.written = 0
        self.resumed_errors = 0
        self._header_len = 0
        self._stdout = stdout
        self._file: IO[bytes] | None = None
        if path is None:
            self._write_text(_header(fmt))
            return
        if os.path.isdir(path):
            raise OutputError(f"-o {path} is a folder; name a file to write")
        target = _target(path)
        if not _is_regular_target(target):
            if resume:
                raise ResumeError(
                    f"-o {path} is not a regular file: there is no partial output to resume"
                )
            # no temporary name and rename: that would replace the FIFO or device itself
            fd = os.open(target, os.O_WRONLY | getattr(os, "O_BINARY", 0))
            self._file = os.fdopen(fd, "wb")
            self.direct = True
            self._write_text(_header(fmt))
            return
        self.target = target
        self.partial = target + ".partial"
        if resume and os.path.exists(self.partial) and os.path.getsize(self.partial) > 0:
            self._file = open(self.partial, "r+b")
            try:
                header = _header_len(self._file, fmt)
                good = 0
                if header is not None:
                    good = self._header_len = header
                    for _name, failed, end in _records(self._file, fmt):
                        self.count += 1
                        self.resumed_errors += failed
                        good = end
            except BaseException:
                self._file.close()
                raise
            self._file.seek(good)
            self._file.truncate()
            if header is None:
                self._write_text(_header(fmt))
        else:
            self._file = open(self.partial, "wb")
            self._write_text(_header(fmt))
        self._file.flush()
        self.written = self.count

    def resumed_names(self) -> Iterator[str]:
        """The source names of the records kept from the partial file, read from it again
        (never all held in memory: a crawl's partial output can hold millions)."""
        if not self.count:
            return
        with open(self.partial, "rb") as f:
            f.seek(self._header_len)
            for n, (name, _failed, _end) in enumerate(_records(f, self.fmt)):
                if n >= self.count:
                    return
                yield name

    def _write_text(self, text: str) -> None:
        self._write_bytes(text.encode("utf-8"))

    def _write_bytes(self, data: bytes) -> None:
        if self._file is not None:
            write_all(self._file, data)
        else:
            out = self._stdout
            assert out is not None
            raw = getattr(out, "buffer", None)  # UTF-8 whatever the terminal's encoding
            if raw is not None:
                write_all(raw, data)
            else:
                out.write(data.decode("utf-8"))

    def write(self, chunk: str | bytes) -> None:
        """Append one rendered record (text, or its UTF-8 bytes); flushed at least every
        ``FLUSH_SECONDS``.

        A crash can only cut the last record short (``--resume`` drops it) or lose the records
        still buffered (they are converted again); it never harms the records before them.
        """
        data = chunk.encode("utf-8") if isinstance(chunk, str) else chunk
        if self.fmt == "json" and self.count:
            data = b"," + data
        self._write_bytes(data)
        self.count += 1
        now = time.monotonic()
        if now - self._flushed >= self.FLUSH_SECONDS:
            self._flushed = now
            self._flush()

    def _flush(self) -> None:
        if self._file is not None:
            self._file.flush()
        elif self._stdout is not None:
            self._stdout.flush()
        self.written = self.count

    def finish(self) -> None:
        """Close the output; a file is renamed from ``.partial`` to its name."""
        if self.fmt == "json":
            self._write_text("]\n")
        self._flush()
        if self._file is not None:
            if not self.direct:
                os.fsync(self._file.fileno())
            self._file.close()
            self._file = None
            if not self.direct:
                os.replace(self.partial, self.target)

    def abandon(self) -> None:
        """Close without finishing: ``.partial`` stays for ``--resume``.

        On standard output, a FIFO or a device (no resuming there) a JSON array is still
        closed, so what was written parses. After a write error whatever can still be
        flushed is, the rest is dropped quietly (the caller reports the error).
        """
        try:
            if self.fmt == "json" and (self._file is None or self.direct):
                self._write_text("]\n")
            self._flush()
        except (OSError, ValueError):
            pass
        if self._file is not None:
            try:
                self._file.close()
            except (OSError, ValueError):
                pass
            self._file = None

"""The members of zip and tar archives, one at a time, each within the page size limit.

An archive is read as a stream of :class:`Member` items in the archive's order: a member's
bytes, or why that member (or, with ``name`` None, the rest of the archive) cannot be read.
Unsafe names, links, encrypted members, members over the size limit and compression bombs are
refused member by member; a zip cut before its central directory is still read, from the
local header before each member.
"""

from __future__ import annotations

import io
import lzma
import re
import stat
import struct
import zlib
from collections.abc import Iterator
from typing import IO, Any, NamedTuple

from ..compression import CorruptStream, TooLarge, inflate_deflate
from ..limits import MAX_PAGE_BYTES, MAX_RATIO, RATIO_FLOOR

# tarfile and zipfile are imported where they are needed: a folder of pages needs neither,
# and every run pays for its imports before the first page.

__all__ = ["Member", "iter_tar", "iter_zip"]

Content = bytes | tuple[str, str]


class Member(NamedTuple):
    """One item of an archive: ``content`` is the member's bytes or the error (code, message)
    of its record; ``name`` None means the error is the archive's own (the last item);
    ``done`` is how far into the archive's bytes reading got (for the progress bar)."""

    name: str | None
    content: Content
    done: int = 0


def _unsafe_name(name: str) -> bool:
    if name.startswith(("/", "\\")) or re.match(r"^[A-Za-z]:", name):
        return True
    return ".." in re.split(r"[/\\]+", name)


def _refused(name: str, what: str = "its path escapes") -> tuple[str, str]:
    return ("unsafe-member", f"refused member {name!r}: {what} the archive's folder")


def _too_large(declared: int) -> tuple[str, str]:
    return ("too-large", f"member declares {declared} bytes, over the {MAX_PAGE_BYTES}-byte limit")


def _over_limit() -> tuple[str, str]:
    return ("too-large", f"member is over the {MAX_PAGE_BYTES}-byte limit")


def _is_bomb(packed: int, expanded: int) -> bool:
    return expanded > RATIO_FLOOR and expanded > MAX_RATIO * max(packed, 1)


# -- zip -----------------------------------------------------------------------------------


def iter_zip(path: str, f: IO[bytes]) -> Iterator[Member]:
    """The members of the zip file ``f`` (named ``path`` in messages); folders are left out."""
    import zipfile

    try:
        zf = zipfile.ZipFile(f)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError) as exc:
        if _zip_cut_short(f):
            yield from _zip_cut(path, f)
        else:
            yield Member(None, ("unreadable", f"bad zip archive: {exc}"))
        return
    with zf:
        for info in zf.infolist():
            if not info.is_dir():
                yield Member(info.filename, _zip_content(zf, info), info.header_offset)


def _zip_content(zf: Any, info: Any) -> Content:
    """The bytes of one member of an open zip file, or why they are refused."""
    import zipfile

    name = info.filename
    if _unsafe_name(name) or stat.S_ISLNK(info.external_attr >> 16):
        return _refused(name)
    if info.flag_bits & 0x1:
        return ("unreadable", "encrypted member")
    if info.file_size > MAX_PAGE_BYTES:
        return _too_large(info.file_size)
    if _is_bomb(info.compress_size, info.file_size):
        return (
            "compression-bomb",
            f"member expands {info.compress_size} bytes to {info.file_size}; refused",
        )
    try:
        with zf.open(info) as member:
            data: bytes = member.read(MAX_PAGE_BYTES + 1)
    except (
        zipfile.BadZipFile,
        OSError,
        EOFError,
        zlib.error,
        lzma.LZMAError,
        NotImplementedError,
        ValueError,
        RuntimeError,
    ) as exc:
        return ("unreadable", f"bad member: {exc}")
    return _over_limit() if len(data) > MAX_PAGE_BYTES else data


def _zip_cut_short(f: IO[bytes]) -> bool:
    """Whether a zip that cannot be opened starts like one: its end was cut off."""
    try:
        f.seek(0)
        return f.read(4) == b"PK\x03\x04"
    except (OSError, ValueError):
        return False


def _zip_cut(path: str, f: IO[bytes]) -> Iterator[Member]:
    """A zip cut before its central directory (the member list, written last): its members
    are read from their local headers, in order, up to the cut, which ends the stream."""
    count = 0
    end = 0
    for name, data, end in _zip_local_members(f):
        if _unsafe_name(name):
            yield Member(name, _refused(name), end)
        elif isinstance(data, tuple) or not name.endswith("/"):
            yield Member(name, data, end)
        count += 1
    yield Member(
        None,
        (
            "truncated-archive",
            f"{path}: the zip file is cut short before its central "
            f"directory (the list of its members, written last); the "
            f"{count} whole members before byte {end} were read from "
            "their own headers",
        ),
        end,
    )


_ZIP_LOCAL = struct.Struct("<4sHHHHHIIIHH")


def _zip_local_members(f: IO[bytes]) -> Iterator[tuple[str, Content, int]]:
    """(name, bytes or the error (code, message), end offset) of each whole member of a zip,
    from the local header before each member: what a zip cut before its central directory
    still holds. Stops at the cut, and at a member whose size follows its data. (A link is
    told from a file only in the central directory: read as data, its target is harmless.)"""
    f.seek(0)
    while True:
        head = f.read(_ZIP_LOCAL.size)
        if len(head) < _ZIP_LOCAL.size:
            return
        (magic, _version, flags, method, _time, _date, crc, csize, usize, nlen, elen) = (
            _ZIP_LOCAL.unpack(head)
        )
        if magic != b"PK\x03\x04" or flags & 0x8:  # sizes unknown until after the data
            return
        name = f.read(nlen).decode("utf-8" if flags & 0x800 else "cp437", "replace")
        f.read(elen)
        packed = f.read(csize)
        if len(packed) < csize:
            return  # the cut
        yield name, _local_content(packed, flags, method, crc, usize), f.tell()


def _local_content(packed: bytes, flags: int, method: int, crc: int, usize: int) -> Content:
    """The bytes of a member read from its local header, checked, or why they are refused."""
    if flags & 0x1:
        return ("unreadable", "encrypted member")
    if usize > MAX_PAGE_BYTES:
        return _too_large(usize)
    if method == 0:
        data = packed
    elif method == 8:
        try:
            data = inflate_deflate(packed, limit=MAX_PAGE_BYTES).data
        except TooLarge:
            return _over_limit()
        except CorruptStream as exc:
            return ("unreadable", f"bad member: {exc}")
    else:
        return ("unreadable", f"compression method {method} in a zip cut short")
    if _is_bomb(len(packed), len(data)):
        return ("compression-bomb", f"member expands {len(packed)} bytes to {len(data)}; refused")
    if zlib.crc32(data) != crc:
        return ("unreadable", "bad member: its CRC does not match its data")
    return data


# -- tar -----------------------------------------------------------------------------------


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


def iter_tar(path: str, f: IO[bytes]) -> Iterator[Member]:
    """The members of the tar file ``f`` (plain or compressed, read as a stream); folders
    are left out. The whole archive's expansion is watched, not each member's."""
    import tarfile

    errors = (tarfile.TarError, OSError, EOFError, zlib.error, lzma.LZMAError)
    raw = _Counting(f)
    try:
        tf = tarfile.open(fileobj=raw, mode="r|*")
    except errors as exc:
        yield Member(None, ("unreadable", f"bad tar archive: {exc}"))
        return
    expanded = 0
    seen = 0
    try:
        with tf:
            for info in tf:
                seen += 1
                if info.isdir():
                    continue
                content = _tar_content(tf, info)
                if isinstance(content, bytes):
                    expanded += len(content)
                    if _is_bomb(raw.count, expanded):
                        yield Member(
                            info.name,
                            (
                                "compression-bomb",
                                f"the archive expands {raw.count} bytes to "
                                f"{expanded}; refused the rest",
                            ),
                            raw.count,
                        )
                        return
                yield Member(info.name, content, raw.count)
    except errors as exc:
        yield Member(None, _tar_broken(path, exc, raw.count, seen), raw.count)


def _tar_content(tf: Any, info: Any) -> Content:
    """The bytes of the tar member ``info`` (next in the stream), or why they are refused."""
    name = info.name
    if _unsafe_name(name) or not info.isfile():
        return _refused(name, "a link or device" if not info.isfile() else "its path escapes")
    if info.size > MAX_PAGE_BYTES:
        return _too_large(info.size)
    member = tf.extractfile(info)
    return member.read(MAX_PAGE_BYTES + 1) if member is not None else b""


def _tar_broken(path: str, exc: BaseException, count: int, seen: int) -> tuple[str, str]:
    """The archive's error once reading a tar stream failed: cut short, or unreadable."""
    if isinstance(exc, EOFError) or "unexpected end of data" in str(exc):
        return (
            "truncated-archive",
            f"{path}: the tar file is cut short after {count} "
            f"bytes, in or after its member {seen}; the members "
            "before the cut were read",
        )
    return ("unreadable", f"tar archive unreadable after {seen} members: {exc}")

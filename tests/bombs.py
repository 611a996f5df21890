"""Compression bombs built at test time, streamed so that building one costs little memory."""

from __future__ import annotations

import bz2
import functools
import lzma
import struct
import zlib
from pathlib import Path

MiB = 1024 * 1024


def gzip_zeros(size: int) -> bytes:
    """A gzip stream of ``size`` zero bytes (a multiple of a MiB), built in about a second per
    GiB: after a full flush deflate forgets its past, so every MiB compresses to the same
    bytes, and only the CRC is computed over the whole."""
    zero = bytes(MiB)
    c = zlib.compressobj(9, zlib.DEFLATED, -zlib.MAX_WBITS)
    block = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    again = c.compress(zero) + c.flush(zlib.Z_FULL_FLUSH)
    assert block == again
    n = size // MiB
    crc = 0
    for _ in range(n):
        crc = zlib.crc32(zero, crc)
    header = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff"
    return header + block * n + c.flush() + struct.pack("<II", crc, size & 0xFFFFFFFF)


@functools.cache
def bomb(kind: str, size: int, unit: bytes = b"\0") -> bytes:
    """``size`` bytes of ``unit`` repeated, compressed as ``kind`` (gzip, bzip2, xz) chunk by
    chunk; kept for the session (a bomb is small, building one is not)."""
    if kind == "gzip" and unit == b"\0":
        return gzip_zeros(size)
    chunk = unit * (MiB // len(unit))
    c: zlib._Compress | bz2.BZ2Compressor | lzma.LZMACompressor
    if kind == "gzip":
        c = zlib.compressobj(6, zlib.DEFLATED, 16 + zlib.MAX_WBITS)
    elif kind == "bzip2":
        c = bz2.BZ2Compressor(9)
    else:
        c = lzma.LZMACompressor(preset=0)
    out = [c.compress(chunk) for _ in range(size // len(chunk))]
    out.append(c.flush())
    return b"".join(out)


def write_bomb(path: Path, kind: str, size: int, unit: bytes = b"\0") -> Path:
    path.write_bytes(bomb(kind, size, unit))
    return path


# Parses the file named by argv[1] and prints what parse said; run by _WRAPPER in a process
# of its own so that its peak memory is measured alone.
_CHILD = """
import json, sys, triviaparse
with open(sys.argv[1], "rb") as f:
    data = f.read()
page = triviaparse.parse(data)
print(json.dumps([[str(p.code), p.message] for p in page.problems]))
"""
_WRAPPER = """
import resource, subprocess, sys
out = subprocess.run([sys.executable, "-c", sys.argv[1], sys.argv[2]], check=True,
                     capture_output=True, text=True).stdout
print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
print(out, end="")
"""


def parse_peak(path: Path, timeout: float = 300) -> tuple[int, list[list[str]]]:
    """(peak RSS in bytes, problems as [code, message]) of ``parse`` reading ``path`` in a
    fresh process, measured with ``getrusage(RUSAGE_CHILDREN)`` by a parent of its own."""
    import json
    import os
    import signal
    import subprocess
    import sys

    # a session of its own, so that a timeout ends the parsing grandchild too
    proc = subprocess.Popen(
        [sys.executable, "-c", _WRAPPER, _CHILD, str(path)],
        stdout=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        out, _ = proc.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(proc.pid, signal.SIGKILL)
        proc.communicate()
        raise
    assert proc.returncode == 0, out
    rss, problems = out.split("\n", 1)
    return int(rss) * 1024, json.loads(problems)

"""Run ``triviaparse`` with faults injected by monkeypatching, for tests of killed and stuck runs.

    python tests/hooked_cli.py [--crash-on S] [--hang-on S] [--write-delay SECONDS] -- ARGS...

``--crash-on S``: converting an input whose name contains S (or one of its comma-separated
parts) ends its process (exit 3), as a crash in a parser would. ``--hang-on S``: such an input
runs a regular expression that backtracks for ever in C code (no signal handler can interrupt
it; only killing the process ends it). ``--write-delay``: each record written is followed by a
pause, so that a run can be interrupted half-way. The faults are patched into this process
before the run starts; workers are forked from it and inherit them. Production code reads no
test hook from anywhere.
"""

from __future__ import annotations

import re
import sys
import time
from typing import Any


def hang() -> None:
    """Backtrack for ever inside one ``re.match`` call (2**60 steps)."""
    re.match(r"(a+)+$", "a" * 60 + "b")


def install(
    *, crash_on: str | None = None, hang_on: str | None = None, write_delay: float = 0.0
) -> None:
    """Patch the faults into the batch modules of this process."""
    import os

    from triviaparse.batch import convert, output

    real_parse = getattr(convert, "parse")  # noqa: B009  (convert's own name for it)

    def parse(data: Any, **kw: Any) -> Any:
        name = kw.get("source") or ""
        if crash_on and any(s in name for s in crash_on.split(",")):
            os._exit(3)
        if hang_on and any(s in name for s in hang_on.split(",")):
            hang()
        return real_parse(data, **kw)

    setattr(convert, "parse", parse)  # noqa: B010
    if write_delay:
        real_write = output.Output.write

        def write(self: Any, chunk: Any) -> None:
            real_write(self, chunk)
            time.sleep(write_delay)

        setattr(output.Output, "write", write)  # noqa: B010


def main(argv: list[str]) -> int:
    """Install the hooks named before ``--``, then run the command line with the rest."""
    split = argv.index("--")
    hooks, rest = argv[:split], argv[split + 1 :]
    opts: dict[str, Any] = {}
    for name, value in zip(hooks[::2], hooks[1::2], strict=True):
        key = name.lstrip("-").replace("-", "_")
        opts[key] = float(value) if key == "write_delay" else value
    install(**opts)
    from triviaparse.cli import main as cli_main

    return cli_main(rest)


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))

"""``triviaparse convert``: the engine's results rendered, written in input order, summed up.

The conversion itself (workers, order, time limit, dead workers) is :mod:`.engine`'s, the same
that ``parse_many`` runs; here each page's record is rendered in the worker (JSON Lines, JSON
or CSV, already UTF-8), and the main process only appends the bytes to the output.
"""

from __future__ import annotations

import contextlib
import os
import sys
import time
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from .engine import DEFAULT_PAGE_TIMEOUT, run_tasks
from .inputs import Expander, Task, estimate_total_bytes
from .output import Output, OutputError, ResumeError, check_output

if TYPE_CHECKING:
    from .parquet import ParquetOutput

__all__ = ["ConvertOptions", "Progress", "Summary", "convert_tasks", "run_convert"]

Result = tuple[str, str | None]  # (rendered record, error code or None)


def convert_tasks(
    tasks: Iterable[Task],
    *,
    jobs: int = 1,
    strict: bool = False,
    fmt: str = "jsonl",
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
) -> Iterator[tuple[Task, Result]]:
    """Each task with its record rendered in ``fmt`` and its error code, in task order."""
    results = run_tasks(tasks, ("render", strict, fmt), jobs=jobs, page_timeout=page_timeout)
    try:
        for task, (data, code) in results:
            yield task, (data.decode("utf-8"), code)
    finally:
        close = getattr(results, "close", None)
        if close is not None:  # stop the workers now, not when the generator is collected
            close()


def _fmt_time(seconds: float) -> str:
    s = int(seconds)
    if s >= 3600:
        return f"{s // 3600}:{s % 3600 // 60:02d}:{s % 60:02d}"
    return f"{s // 60}:{s % 60:02d}"


class Progress:
    """A one-line progress bar on a terminal (at most ten redraws a second); silent otherwise.

    The time left is shown only once ``ETA_PAGES`` pages are done and ``ETA_SECONDS`` have
    passed: before that the rate says nothing yet.
    """

    ETA_PAGES = 5
    ETA_SECONDS = 2.0

    def __init__(self, stream: IO[str], *, enabled: bool, total_bytes: int | None) -> None:
        self.stream = stream
        self.enabled = enabled
        self.total_bytes = total_bytes
        self.start = time.monotonic()
        self._last = 0.0

    def update(self, done: int, errors: int, done_bytes: int, *, force: bool = False) -> None:
        """Redraw with ``done`` pages written, ``errors`` of them failed."""
        if not self.enabled:
            return
        now = time.monotonic()
        if not force and now - self._last < 0.1:
            return
        self._last = now
        elapsed = max(now - self.start, 1e-9)
        parts = [
            f"{done} pages",
            f"{done / elapsed:.1f} pages/s",
            f"{errors} error" + ("" if errors == 1 else "s"),
        ]
        if self.total_bytes and done_bytes:
            frac = min(done_bytes / self.total_bytes, 1.0)
            bar = "#" * int(frac * 20)
            left = elapsed * (1 - frac) / frac if frac > 0 else 0.0
            parts.insert(0, f"[{bar:<20}] {frac:4.0%}")
            if done >= self.ETA_PAGES and elapsed >= self.ETA_SECONDS:
                parts.append(f"{_fmt_time(left)} left")
        self.stream.write("\r" + " | ".join(parts) + "\x1b[K")
        self.stream.flush()

    def note(self, line: str) -> None:
        """Print ``line`` above the bar (the bar is redrawn at the next update)."""
        self.stream.write(("\r\x1b[K" if self.enabled else "") + line + "\n")
        self._last = 0.0

    def close(self) -> None:
        """Erase the bar so the summary line starts clean."""
        if self.enabled:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


@dataclass
class ConvertOptions:
    """What ``triviaparse convert`` was asked to do."""

    inputs: Sequence[str]
    output: str | None = None
    fmt: str = "jsonl"
    jobs: int = 1
    strict: bool = False
    resume: bool = False
    fail_fast: bool = False
    quiet: bool = False
    verbose: bool = False
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT


@dataclass
class Summary:
    """How a run went; ``exit_code`` is 0, 1 (some inputs failed), 2 (usage) or 130 (Ctrl-C)."""

    written: int = 0
    failed: int = 0
    skipped: int = 0
    resumed: int = 0
    seconds: float = 0.0
    exit_code: int = 0
    interrupted: bool = False
    #: Why writing the output failed (a closed pipe, a full disk…), None when it did not.
    write_error: OSError | None = None
    #: How many records reached the output (of ``written``) when the run was cut short.
    flushed: int = 0


class _OutputFailed(Exception):
    """Writing the output failed; ``error`` says why."""

    def __init__(self, error: OSError) -> None:
        super().__init__(str(error))
        self.error = error


def _written(write: Callable[..., None], *args: Any) -> None:
    """Call an output method; an OSError there is a failed output, not a failed input."""
    try:
        write(*args)
    except OSError as exc:
        raise _OutputFailed(exc) from exc


def _open_output(opts: ConvertOptions, out_text: IO[str]) -> Output | ParquetOutput:
    """The output of the run: a text format's :class:`Output`, or the Parquet writer."""
    if opts.fmt != "parquet":
        return Output(opts.output, opts.fmt, resume=opts.resume, stdout=out_text)
    import stat

    from .parquet import ParquetOutput

    if opts.output is None or opts.resume:
        raise OutputError("--format parquet needs -o FILE and cannot --resume")
    with contextlib.suppress(FileNotFoundError):
        if not stat.S_ISREG(os.stat(opts.output).st_mode):
            raise OutputError(f"--format parquet writes a regular file: {opts.output}")
    return ParquetOutput(opts.output)


def run_convert(
    opts: ConvertOptions,
    *,
    stdin: IO[bytes] | None = None,
    stdout: IO[str] | None = None,
    stderr: IO[str] | None = None,
) -> Summary:
    """Convert every input to one record in the output; see docs/batch.md."""
    out_text = stdout if stdout is not None else sys.stdout
    err_text = stderr if stderr is not None else sys.stderr
    summary = Summary()
    start = time.monotonic()
    try:
        check_output(opts.output, opts.inputs)
        output = _open_output(opts, out_text)
    except (OutputError, ResumeError, OSError) as exc:
        print(f"triviaparse convert: {exc}", file=err_text)
        summary.exit_code = 2
        return summary
    exclude = _own_files(opts, output)
    show = (not opts.quiet) and err_text.isatty()
    progress = Progress(
        err_text, enabled=show, total_bytes=estimate_total_bytes(opts.inputs) if show else None
    )

    def skipped(name: str, why: str) -> None:
        progress.note(f"triviaparse convert: skipped {name}: {why}")

    expander = Expander(exclude=exclude, stdin=stdin, on_skip=skipped if opts.verbose else None)
    tasks = expander.expand(opts.inputs)
    summary.resumed = output.count
    summary.failed = output.resumed_errors
    if not _skip_resumed(tasks, output, err_text):
        summary.exit_code = 2
        return summary
    # Parquet rows are built from each record's JSON line in this process (one writer)
    rendered = "jsonl" if opts.fmt == "parquet" else opts.fmt
    results = run_tasks(
        tasks, ("render", opts.strict, rendered), jobs=opts.jobs, page_timeout=opts.page_timeout
    )
    _write_results(results, output, opts, summary, progress)
    summary.flushed = output.written - summary.resumed
    summary.skipped = expander.skipped
    summary.seconds = time.monotonic() - start
    if not summary.interrupted:
        summary.exit_code = 1 if summary.failed else 0
    if not opts.quiet or summary.write_error is not None:
        print(_summary_line(opts, summary, output), file=err_text)
    return summary


def _own_files(opts: ConvertOptions, output: Output | ParquetOutput) -> set[tuple[int, int]]:
    """The (device, inode) of the output and its partial file, which are never read as input."""
    exclude = set()
    for p in [opts.output, output.partial] if opts.output is not None else []:
        try:
            st = os.stat(p)
            exclude.add((st.st_dev, st.st_ino))
        except OSError:
            pass
    return exclude


def _skip_resumed(tasks: Iterator[Task], output: Output | ParquetOutput, err_text: IO[str]) -> bool:
    """Take from ``tasks`` those whose records the partial output holds already; False (the
    partial abandoned, the reason printed) when they are not the same inputs."""
    for i, name in enumerate(output.resumed_names()):
        task = next(tasks, None)
        if task is None or task.source["name"] != name:
            got = "nothing" if task is None else repr(task.source["name"])
            print(
                f"triviaparse convert: cannot resume: record {i} of {output.partial} is "
                f"{name!r} but input {i} is {got}; were the inputs changed? Run again "
                "without --resume.",
                file=err_text,
            )
            output.abandon()
            return False
    return True


def _write_results(
    results: Iterator[tuple[Task, Any]],
    output: Output | ParquetOutput,
    opts: ConvertOptions,
    summary: Summary,
    progress: Progress,
) -> None:
    """Write each rendered record in order, counting in ``summary``; stop at the first failed
    input under ``fail_fast``, at Ctrl-C or when the output cannot be written (the partial
    output is then abandoned, and the workers are stopped in every case)."""
    try:
        for task, (chunk, code) in results:
            _written(output.write, chunk)
            summary.written += 1
            if code is not None:
                summary.failed += 1
            progress.update(summary.resumed + summary.written, summary.failed, task.done_bytes)
            if code is not None and opts.fail_fast:
                summary.exit_code = 1
                summary.interrupted = True
                break
        else:
            _written(output.finish)
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.exit_code = 130
    except _OutputFailed as exc:  # a closed pipe, a full disk, an I/O error
        summary.interrupted = True
        summary.exit_code = 1
        summary.write_error = exc.error
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
        if summary.interrupted:
            output.abandon()
        progress.close()


def _write_error(exc: OSError, output: Output | ParquetOutput) -> str:
    where = "standard output" if output.path is None else output.target or output.path
    if isinstance(exc, BrokenPipeError):
        return f"{where} was closed (broken pipe)"
    return f"cannot write {where}: {exc.strerror or exc}"


def _summary_line(opts: ConvertOptions, s: Summary, output: Output | ParquetOutput) -> str:
    """The one line that ends a run: what was converted, or how far a cut-off run got."""
    rate = s.written / s.seconds if s.seconds > 0 else 0.0
    timing = f"{s.seconds:.1f} s ({rate:.1f} pages/s)"
    if not s.interrupted:
        total = s.resumed + s.written
        parts = [f"{total - s.failed} of {total} inputs converted", f"{s.failed} failed"]
        if s.skipped:
            parts.append(f"{s.skipped} non-page files skipped")
        if s.resumed:
            parts.append(f"{s.resumed} kept from the partial output")
        parts.append(timing)
        line = "triviaparse convert: " + ", ".join(parts)
        return line + (f" -> {opts.output}" if opts.output not in (None, "-") else "")
    if s.write_error is not None:
        why = _write_error(s.write_error, output)
        written = s.flushed  # only what surely reached the output
    else:
        why = "stopped at the first failure" if s.exit_code == 1 else "interrupted"
        written = s.written
    parts = [f"{written} record{'' if written == 1 else 's'} written", f"{s.failed} failed"]
    if s.resumed:
        parts.append(f"{s.resumed} more kept from the partial output")
    line = f"triviaparse convert: {why} after {', '.join(parts)}, {timing}; the run is incomplete"
    if output.partial:
        line += (
            f"; the output so far is in {output.partial}, "
            "run the same command with --resume to continue"
        )
    return line

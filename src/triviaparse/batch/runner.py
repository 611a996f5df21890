"""The batch loop: tasks in, records out, in input order, on one process or N workers.

Workers get small chunks of tasks through a bounded window of futures, so memory stays flat
and the output order is the input order whatever N is. A worker that dies is replaced; the
input it was converting is retried alone once and becomes a ``worker-died`` record if it kills
its worker again.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, TYPE_CHECKING, Any

from ..readers import READERS, get_reader
from .convert import convert_one, convert_path, error_record
from .inputs import Expander, Task, estimate_total_bytes
from .output import Output, OutputError, ResumeError, check_output, render_encoded

if TYPE_CHECKING:  # concurrent.futures is imported by _parallel, only for -j N
    from concurrent.futures import Future

__all__ = ["ConvertOptions", "Progress", "Summary", "convert_tasks", "run_convert"]

# Work goes to the workers in chunks: few enough round trips that the main process (which
# shares the cores with the workers) stays nearly idle, small enough that memory stays flat and
# that no worker is left alone with a long chunk at the end. The first chunks are small, so
# every worker starts at once and a small batch is still spread; each next chunk is twice as
# large, up to _CHUNK_TASKS tasks or (roughly) _CHUNK_BYTES bytes of input.
_FIRST_CHUNK_TASKS = 4
_CHUNK_TASKS = 48
_CHUNK_BYTES = 1024 * 1024

Payload = tuple[int, dict[str, Any], str | None, bytes | None, tuple[str, str] | None]
Result = tuple[str, str | None]  # (rendered record, error code or None)
# What the workers send back: each record rendered and already UTF-8, with its error code;
# the main process writes the bytes as they are (no decoding and encoding again).
Encoded = tuple[bytes, str | None]


def _payload(t: Task) -> Payload:
    return (t.index, t.source, t.path, t.data, t.error)


def _convert_payload(p: Payload, strict: bool, fmt: str) -> Encoded:
    index, source, path, data, error = p
    if error is not None:
        record = error_record(source, error[0], error[1])
    elif path is not None:
        record = convert_path(path, strict=strict, source=source)
    else:
        record = convert_one(source["name"], data or b"", strict=strict, source=source)
    return render_encoded(record, index, fmt)


def _work(chunk: list[Payload], strict: bool, fmt: str) -> list[Encoded]:
    """What a worker process runs: convert and render a chunk of tasks."""
    return [_convert_payload(p, strict, fmt) for p in chunk]


def _init_worker() -> None:
    """Ctrl-C is the parent's to handle; a worker whose parent died (kill -9) exits too.

    SIGTERM (the pool ending its workers when one died) must end a worker at any moment: it
    was held off since the fork (see ``_parallel``), so the parent's Ctrl-C-like handler that
    the worker inherited cannot run, and it is let through only once the default is back.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM})
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:  # re-parented: nobody will ever read our results
                os._exit(1)

    threading.Thread(target=watch, name="triviaparse-parent-watch", daemon=True).start()


def _chunks(tasks: Iterable[Task]) -> Iterator[list[Task]]:
    chunk: list[Task] = []
    size = 0
    limit = _FIRST_CHUNK_TASKS
    for t in tasks:
        chunk.append(t)
        size += t.size or (len(t.data) if t.data is not None else 0)
        if len(chunk) >= limit or size >= _CHUNK_BYTES:
            yield chunk
            chunk, size = [], 0
            limit = min(2 * limit, _CHUNK_TASKS)
    if chunk:
        yield chunk


def _serial(tasks: Iterable[Task], strict: bool, fmt: str) -> Iterator[tuple[Task, Encoded]]:
    for t in tasks:
        yield t, _convert_payload(_payload(t), strict, fmt)


def _preload_readers() -> None:
    """Import every reader before forking, so workers share it instead of importing it each."""
    for fmt in READERS:
        try:
            get_reader(fmt)
        except ImportError:  # a reader not written yet: its pages say so in their records
            pass


def _parallel(tasks: Iterable[Task], jobs: int, strict: bool, fmt: str
              ) -> Iterator[tuple[Task, Encoded]]:
    """Convert on a pool of ``jobs`` worker processes, chunks in a bounded window of futures.

    On Linux the workers are forked after every reader is imported, whatever the default start
    method (forkserver from Python 3.14), so none imports them again; elsewhere the platform's
    default. If a worker dies, the pool is replaced: the chunk at the head of the window is
    retried a task at a time (a task that kills a fresh pool alone gets a ``worker-died``
    record) and the rest of the window is submitted again.
    """
    import multiprocessing
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool

    _preload_readers()
    ctx = (multiprocessing.get_context("fork") if sys.platform.startswith("linux")
           else multiprocessing.get_context())

    def pool() -> ProcessPoolExecutor:
        return ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_init_worker)

    def submit(ex: ProcessPoolExecutor, chunk: list[Task]) -> Future[list[Encoded]]:
        # A pool forks its workers in a submit; SIGTERM is held meanwhile (a few ms at most
        # for the main process), so that no worker gets one before _init_worker is ready.
        if not hasattr(signal, "pthread_sigmask"):
            return ex.submit(_work, [_payload(t) for t in chunk], strict, fmt)
        held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGTERM})
        try:
            return ex.submit(_work, [_payload(t) for t in chunk], strict, fmt)
        finally:
            signal.pthread_sigmask(signal.SIG_SETMASK, held)

    ex = pool()
    window: deque[tuple[list[Task], Future[list[Encoded]]]] = deque()
    chunks = _chunks(tasks)
    exhausted = False
    try:
        while True:
            while not exhausted and len(window) < 2 * jobs + 1:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    window.append((chunk, submit(ex, chunk)))
            if not window:
                break
            chunk, fut = window.popleft()
            try:
                results = fut.result()
            except BrokenProcessPool:
                ex.shutdown(wait=True, cancel_futures=True)
                ex = pool()
                results = []
                for t in chunk:  # one at a time, to find the input that kills its worker
                    try:
                        results.extend(submit(ex, [t]).result())
                    except BrokenProcessPool:
                        ex.shutdown(wait=True, cancel_futures=True)
                        ex = pool()
                        rec = error_record(t.source, "worker-died",
                                           "the worker process died twice converting this "
                                           "input (out of memory, or a crash in a parser)")
                        results.append(render_encoded(rec, t.index, fmt))
                window = deque((c, submit(ex, c)) for c, _ in window)
            yield from zip(chunk, results, strict=True)
    except BaseException:  # Ctrl-C, a closed pipe, --fail-fast: drop the queued work
        # and wait for the chunks already running (workers ignore Ctrl-C). Not wait=False:
        # the interpreter joins the pool's thread at exit anyway, and Python 3.11's exit hook
        # then races that thread closing its wake-up pipe ("Bad file descriptor" traceback).
        ex.shutdown(wait=True, cancel_futures=True)
        raise
    ex.shutdown(wait=True)


def _convert_encoded(tasks: Iterable[Task], jobs: int, strict: bool, fmt: str
                     ) -> Iterator[tuple[Task, Encoded]]:
    if jobs <= 1:
        return _serial(tasks, strict, fmt)
    return _parallel(tasks, jobs, strict, fmt)


def convert_tasks(tasks: Iterable[Task], *, jobs: int = 1, strict: bool = False,
                  fmt: str = "jsonl") -> Iterator[tuple[Task, Result]]:
    """Each task with its rendered record and error code, in task order."""
    results = _convert_encoded(tasks, jobs, strict, fmt)
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
        parts = [f"{done} pages", f"{done / elapsed:.1f} pages/s",
                 f"{errors} error" + ("" if errors == 1 else "s")]
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


def run_convert(opts: ConvertOptions, *, stdin: IO[bytes] | None = None,
                stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> Summary:
    """Convert every input to one record in the output; see docs/batch.md."""
    out_text = stdout if stdout is not None else sys.stdout
    err_text = stderr if stderr is not None else sys.stderr
    summary = Summary()
    start = time.monotonic()
    try:
        check_output(opts.output, opts.inputs)
        output = Output(opts.output, opts.fmt, resume=opts.resume, stdout=out_text)
    except (OutputError, ResumeError, OSError) as exc:
        print(f"triviaparse convert: {exc}", file=err_text)
        summary.exit_code = 2
        return summary
    exclude = set()
    for p in ([opts.output, output.partial] if opts.output is not None else []):
        try:
            st = os.stat(p)
            exclude.add((st.st_dev, st.st_ino))
        except OSError:
            pass
    show = (not opts.quiet) and err_text.isatty()
    progress = Progress(err_text, enabled=show,
                        total_bytes=estimate_total_bytes(opts.inputs) if show else None)

    def skipped(name: str, why: str) -> None:
        progress.note(f"triviaparse convert: skipped {name}: {why}")

    expander = Expander(exclude=exclude, stdin=stdin, on_skip=skipped if opts.verbose else None)
    tasks = expander.expand(opts.inputs)
    summary.resumed = output.count
    summary.failed = output.resumed_errors
    for i, name in enumerate(output.resumed_names()):
        task = next(tasks, None)
        if task is None or task.source["name"] != name:
            got = "nothing" if task is None else repr(task.source["name"])
            print(f"triviaparse convert: cannot resume: record {i} of {output.partial} is "
                  f"{name!r} but input {i} is {got}; were the inputs changed? Run again "
                  "without --resume.", file=err_text)
            output.abandon()
            summary.exit_code = 2
            return summary
    results = _convert_encoded(tasks, opts.jobs, opts.strict, opts.fmt)
    delay = float(os.environ.get("TRIVIAPARSE_TEST_WRITE_DELAY", "0") or 0)  # tests only
    try:
        for task, (chunk, code) in results:
            _written(output.write, chunk)
            summary.written += 1
            if code is not None:
                summary.failed += 1
            progress.update(summary.resumed + summary.written, summary.failed, task.done_bytes)
            if delay:
                time.sleep(delay)
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
    summary.flushed = output.written - summary.resumed
    summary.skipped = expander.skipped
    summary.seconds = time.monotonic() - start
    if not summary.interrupted:
        summary.exit_code = 1 if summary.failed else 0
    if not opts.quiet or summary.write_error is not None:
        print(_summary_line(opts, summary, output), file=err_text)
    return summary


def _write_error(exc: OSError, output: Output) -> str:
    where = "standard output" if output.path is None else output.target or output.path
    if isinstance(exc, BrokenPipeError):
        return f"{where} was closed (broken pipe)"
    return f"cannot write {where}: {exc.strerror or exc}"


def _summary_line(opts: ConvertOptions, s: Summary, output: Output) -> str:
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
        line += (f"; the output so far is in {output.partial}, "
                 "run the same command with --resume to continue")
    return line

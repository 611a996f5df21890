"""The batch loop: tasks in, records out, in input order, on one process or N workers.

Workers get small chunks of tasks through a bounded window of futures, so memory stays flat
and the output order is the input order whatever N is. A worker that dies is replaced; the
input it was converting is retried alone once and becomes a ``worker-died`` record if it kills
its worker again.
"""

from __future__ import annotations

import os
import pickle
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import IO, Any

from ..readers import READERS, get_reader
from .convert import convert_one, convert_path, error_record
from .inputs import Expander, Task, estimate_total_bytes
from .output import Output, ResumeError, render

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
    err = record.get("error")
    return render(record, index, fmt).encode("utf-8"), (err["code"] if err else None)


def _work(chunk: list[Payload], strict: bool, fmt: str) -> list[Encoded]:
    """What a worker process runs: convert and render a chunk of tasks."""
    return [_convert_payload(p, strict, fmt) for p in chunk]


def _init_worker() -> None:
    """Ctrl-C is the parent's to handle; a worker whose parent died (kill -9) exits too."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)
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


def _context() -> Any:
    """Fork where it is safe and cheap (Linux): the workers start at once, sharing the
    imported readers; elsewhere the platform's default start method."""
    import multiprocessing

    if sys.platform.startswith("linux"):
        return multiprocessing.get_context("fork")
    return multiprocessing.get_context()


def _worker_main(conn: Any, strict: bool, fmt: str) -> None:
    """A worker: receive a pickled chunk, send back its encoded records; b"" means stop."""
    _init_worker()
    signal.signal(signal.SIGTERM, signal.SIG_DFL)  # not the parent's Ctrl-C-like handler
    while True:
        try:
            msg = conn.recv_bytes()
        except (EOFError, OSError):
            return
        if not msg:
            return
        conn.send_bytes(pickle.dumps(_work(pickle.loads(msg), strict, fmt),
                                     pickle.HIGHEST_PROTOCOL))


class _Slot:
    """One chunk in the output order: its tasks, pickled for a worker, then its results."""

    __slots__ = ("msg", "results", "retry", "tasks")

    def __init__(self, tasks: list[Task], *, retry: bool = False) -> None:
        self.tasks = tasks
        self.msg = pickle.dumps([_payload(t) for t in tasks], pickle.HIGHEST_PROTOCOL)
        self.results: list[Encoded] | None = None
        self.retry = retry  # a task retried alone after its chunk's worker died


def _queue_limit(conn: Any) -> int:
    """The largest chunk that may wait in ``conn`` while its worker is busy, in bytes.

    A second chunk is sent ahead only when it surely fits in the socket's buffer: a send that
    blocked while the worker blocks sending its results back would hang both. 0: never.
    """
    try:
        import socket

        with socket.socket(fileno=os.dup(conn.fileno())) as sock:
            return int(sock.getsockopt(socket.SOL_SOCKET, socket.SO_SNDBUF)) // 4
    except (OSError, ValueError, AttributeError):  # not a socket (Windows pipes)
        return 0


class _Worker:
    """One worker process, its pipe, and the chunks sent to it, oldest (converting) first."""

    __slots__ = ("conn", "limit", "proc", "slots")

    def __init__(self, ctx: Any, strict: bool, fmt: str) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_worker_main, args=(child, strict, fmt), daemon=True,
                                name="triviaparse-worker")
        self.proc.start()
        child.close()  # so that the worker's death reads as the end of this pipe
        self.slots: deque[_Slot] = deque()
        self.limit = _queue_limit(self.conn)

    def send(self, slot: _Slot) -> None:
        self.conn.send_bytes(slot.msg)
        self.slots.append(slot)

    def stop(self, *, now: bool) -> None:
        if now:
            self.proc.terminate()
        else:
            try:
                self.conn.send_bytes(b"")
            except OSError:
                pass
        self.conn.close()
        self.proc.join()


def _parallel(tasks: Iterable[Task], jobs: int, strict: bool, fmt: str
              ) -> Iterator[tuple[Task, Encoded]]:
    """Convert on ``jobs`` worker processes that the main process feeds itself.

    One pipe per worker, no feeder or manager threads to wake for every chunk; each worker has
    its next chunk waiting (when small enough) so it never waits for the main process, and a
    worker that dies costs only the chunk it was converting.
    """
    from multiprocessing.connection import wait

    _preload_readers()
    ctx = _context()
    workers = [_Worker(ctx, strict, fmt) for _ in range(jobs)]
    window: deque[_Slot] = deque()  # every chunk not yet yielded, in output order
    todo: deque[_Slot] = deque()  # those of them no worker has been given yet
    chunks = _chunks(tasks)
    exhausted = False

    def died(i: int) -> None:
        """Worker ``i`` died: replace it; the chunk it was converting is retried a task at a
        time (a task that was already alone gets a ``worker-died`` record)."""
        w = workers[i]
        w.conn.close()
        w.proc.join()
        workers[i] = _Worker(ctx, strict, fmt)
        if not w.slots:
            return
        todo.extendleft(reversed(list(w.slots)[1:]))  # sent ahead, never started
        slot = w.slots[0]
        if slot.retry:
            t = slot.tasks[0]
            rec = error_record(t.source, "worker-died",
                               "the worker process died twice converting this "
                               "input (out of memory, or a crash in a parser)")
            slot.results = [(render(rec, t.index, fmt).encode("utf-8"), "worker-died")]
            return
        alone = [_Slot([t], retry=True) for t in slot.tasks]
        at = window.index(slot)
        del window[at]
        for s in reversed(alone):
            window.insert(at, s)
        todo.extendleft(reversed(alone))

    def dispatch() -> None:
        for ahead in (0, 1):
            for i in range(len(workers)):
                if not todo:
                    return
                w = workers[i]
                if len(w.slots) != ahead or (ahead and len(todo[0].msg) > w.limit):
                    continue
                slot = todo.popleft()
                try:
                    w.send(slot)
                except OSError:  # it died meanwhile: its chunks go to a new one
                    todo.appendleft(slot)
                    died(i)

    def collect(timeout: float | None) -> None:
        busy = {w.conn: i for i, w in enumerate(workers) if w.slots}
        for conn in wait(list(busy), timeout):
            i = busy[conn]
            w = workers[i]
            try:
                results = pickle.loads(w.conn.recv_bytes())
            except (EOFError, OSError):
                died(i)
                continue
            w.slots.popleft().results = results

    try:
        while True:
            collect(0)
            dispatch()
            if not exhausted and len(window) < 2 * jobs + 1:
                chunk = next(chunks, None)
                if chunk is None:
                    exhausted = True
                else:
                    slot = _Slot(chunk)
                    window.append(slot)
                    todo.append(slot)
                continue
            if not window:
                break
            head = window[0]
            if head.results is None:
                collect(None)
                continue
            window.popleft()
            yield from zip(head.tasks, head.results, strict=True)
    except BaseException:  # Ctrl-C, a closed pipe, --fail-fast: drop the queued work
        for w in workers:
            w.stop(now=True)
        raise
    for w in workers:
        w.stop(now=False)


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
    """A one-line progress bar on a terminal (at most ten redraws a second); silent otherwise."""

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
            parts.append(f"{_fmt_time(left)} left")
        self.stream.write("\r" + " | ".join(parts) + "\x1b[K")
        self.stream.flush()

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


def run_convert(opts: ConvertOptions, *, stdin: IO[bytes] | None = None,
                stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> Summary:
    """Convert every input to one record in the output; see docs/batch.md."""
    out_text = stdout if stdout is not None else sys.stdout
    err_text = stderr if stderr is not None else sys.stderr
    summary = Summary()
    start = time.monotonic()
    try:
        output = Output(opts.output, opts.fmt, resume=opts.resume, stdout=out_text)
    except (ResumeError, OSError) as exc:
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
    expander = Expander(exclude=exclude, stdin=stdin)
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
    show = (not opts.quiet) and err_text.isatty()
    progress = Progress(err_text, enabled=show,
                        total_bytes=estimate_total_bytes(opts.inputs) if show else None)
    results = _convert_encoded(tasks, opts.jobs, opts.strict, opts.fmt)
    delay = float(os.environ.get("TRIVIAPARSE_TEST_WRITE_DELAY", "0") or 0)  # tests only
    try:
        for task, (chunk, code) in results:
            output.write(chunk)
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
            output.finish()
    except KeyboardInterrupt:
        summary.interrupted = True
        summary.exit_code = 130
    except BrokenPipeError:
        summary.interrupted = True
        summary.exit_code = 1
    finally:
        close = getattr(results, "close", None)
        if close is not None:
            close()
        if summary.interrupted:
            output.abandon()
        progress.close()
    summary.skipped = expander.skipped
    summary.seconds = time.monotonic() - start
    if not summary.interrupted:
        summary.exit_code = 1 if summary.failed else 0
    if not opts.quiet:
        print(_summary_line(opts, summary, output), file=err_text)
    return summary


def _summary_line(opts: ConvertOptions, s: Summary, output: Output) -> str:
    total = s.resumed + s.written
    rate = s.written / s.seconds if s.seconds > 0 else 0.0
    parts = [f"{total - s.failed} of {total} inputs converted", f"{s.failed} failed"]
    if s.skipped:
        parts.append(f"{s.skipped} non-page files skipped")
    if s.resumed:
        parts.append(f"{s.resumed} kept from the partial output")
    parts.append(f"{s.seconds:.1f} s ({rate:.1f} pages/s)")
    line = "triviaparse convert: " + ", ".join(parts)
    if s.interrupted and opts.output is not None:
        why = "stopped at the first failure" if s.exit_code == 1 else "interrupted"
        line += (f"; {why}: the output so far is in {output.partial}, "
                 "run the same command with --resume to continue")
    elif opts.output is not None:
        line += f" -> {opts.output}"
    return line

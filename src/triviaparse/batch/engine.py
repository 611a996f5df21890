"""The one batch engine: tasks in, one result per page out, in input order, on N processes.

``parse_many`` (results as :class:`ParseResult`) and ``triviaparse convert`` (results rendered
to output bytes) both run :func:`run_tasks`; they differ only in the last step a worker takes
with each page's record (:data:`Job`). Work goes to worker processes in small chunks, and each
chunk's results come back at once; a worker busy with one chunk is sent the next when it is
small, so that it never waits for the main process in between. Each worker notes in shared
memory which page it is on and since when, so a page that runs past the time limit has its
worker killed and replaced (an error record ``timeout``), and a page whose worker dies is
retried once, then becomes ``worker-died``.
"""

from __future__ import annotations

import os
import sys
import time
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import Any

import attrs

from ..model import TriviaPage
from ..serialize import from_dict
from .convert import convert_one, convert_path, error_record
from .formats import render_encoded
from .inputs import Expander, Task
from .workers import Pool, Sent, Worker

__all__ = [
    "DEFAULT_PAGE_TIMEOUT",
    "ParseResult",
    "ResultError",
    "ResultSource",
    "parse_many",
    "run_tasks",
]

#: The default per-page time limit, in seconds, of ``convert`` and ``parse_many``.
DEFAULT_PAGE_TIMEOUT = 60.0

# Work goes to the workers in chunks: few enough round trips that the main process (which
# shares the cores with the workers) stays nearly idle, small enough that memory stays flat and
# that no worker is left alone with a long chunk at the end. The first chunks are small, so
# every worker starts at once and a small batch is still spread; each next chunk is twice as
# large, up to _CHUNK_TASKS tasks or (roughly) _CHUNK_BYTES bytes of input.
_FIRST_CHUNK_TASKS = 4
_CHUNK_TASKS = 48
_CHUNK_BYTES = 1024 * 1024
# A worker busy with a chunk is sent a second one only when it pickles to at most this many
# bytes (paths, not page bytes): such a send fits in the pipe's buffer (on Linux) and never
# waits for the busy worker, so the main process stays free to collect results and to stop a
# worker that hangs. Elsewhere pipe buffers may be smaller: one chunk at a time.
_QUEUED_BYTES = 32 * 1024 if sys.platform.startswith("linux") else 0
# Results are yielded in input order, so a worker may run at most this many chunks (per job)
# ahead of the oldest one not yet back: enough that a worker slowed down (a big page, or a
# core taken by another program) does not leave the others idle; few enough that memory stays
# flat (each chunk carries at most about _CHUNK_BYTES of page bytes, and its records).
_WINDOW_PER_JOB = 4


@attrs.frozen(kw_only=True, slots=True)
class ResultSource:
    """Where a page came from: ``name`` always; ``path``, archive ``member``, WARC
    ``record_id`` and ``url`` where they apply (else None); ``name_bytes`` the name's bytes in
    base64 where they are not UTF-8 (``name`` then shows U+FFFD)."""

    name: str
    path: str | None = None
    member: str | None = None
    record_id: str | None = None
    url: str | None = None
    name_bytes: str | None = None


@attrs.frozen(kw_only=True, slots=True)
class ResultError:
    """Why an input gave no page: a stable ``code`` (docs/batch.md), a ``message`` for
    people, and the exception's class name under ``strict`` (else None)."""

    code: str
    message: str
    exception: str | None = None


def _one_of(instance: ParseResult, attribute: attrs.Attribute[Any], value: Any) -> None:
    if (instance.page is None) == (value is None):
        raise ValueError("a ParseResult has exactly one of page and error")


@attrs.frozen(kw_only=True, slots=True)
class ParseResult:
    """One input page's outcome: ``page`` (a TriviaPage) or ``error``, never both.

    ``index`` is the page's position in the input order (0-based, as ``input_index`` in a
    ``convert`` CSV).
    """

    index: int
    source: ResultSource
    page: TriviaPage | None = None
    error: ResultError | None = attrs.field(default=None, validator=_one_of)

    @property
    def ok(self) -> bool:
        """True when the input gave a page."""
        return self.page is not None


# What a worker does with each page's record: ("result", strict, "") gives a ParseResult;
# ("render", strict, fmt) the record rendered in an output format, as UTF-8 bytes with its
# error code. A plain tuple, so it pickles to workers under any start method.
Job = tuple[str, bool, str]
Payload = tuple[int, dict[str, Any], str | None, bytes | None, tuple[str, str] | None]


def _payload(t: Task) -> Payload:
    return (t.index, t.source, t.path, t.data, t.error)


def _record(p: Payload, strict: bool) -> dict[str, Any]:
    _, source, path, data, error = p
    if error is not None:
        return error_record(source, error[0], error[1])
    if path is not None:
        return convert_path(path, strict=strict, source=source)
    return convert_one(source["name"], data or b"", strict=strict, source=source)


def _finish(record: dict[str, Any], index: int, job: Job) -> Any:
    """The record as the caller of the engine wants it (see :data:`Job`)."""
    kind, _, fmt = job
    if kind == "render":
        return render_encoded(record, index, fmt)
    s = record["source"]
    source = ResultSource(
        name=s["name"],
        path=s.get("path"),
        member=s.get("member"),
        record_id=s.get("record_id"),
        url=s.get("url"),
        name_bytes=s.get("name_bytes"),
    )
    e = record.get("error")
    if e is not None:
        return ParseResult(
            index=index,
            source=source,
            error=ResultError(code=e["code"], message=e["message"], exception=e.get("exception")),
        )
    # convert_one's record is the one verdict on a page; rebuilding the page from it costs
    # about 1.5 % of parsing it (the corpus pages: 5 ms against 347 ms)
    return ParseResult(index=index, source=source, page=from_dict(record["page"]))


def _run_job(p: Payload, job: Job) -> Any:
    return _finish(_record(p, job[1]), p[0], job)


def _failed(task: Task, job: Job, code: str, message: str) -> Any:
    """The result of a task the engine gave up on (its worker died, or it ran too long)."""
    return _finish(error_record(task.source, code, message), task.index, job)


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


class Chunk:
    """Consecutive tasks and their results as they come back (None until then)."""

    __slots__ = ("deaths", "results", "tasks")

    def __init__(self, tasks: list[Task]) -> None:
        self.tasks = tasks
        self.results: list[tuple[Any] | None] = [None] * len(tasks)  # (result,) once back
        self.deaths: dict[int, int] = {}


def _serial(tasks: Iterable[Task], job: Job) -> Iterator[tuple[Task, Any]]:
    for t in tasks:
        yield t, _run_job(_payload(t), job)


class _Run:
    """One parallel run's state: the window of chunks not yet fully yielded (at most
    ``_WINDOW_PER_JOB * jobs + 1``), the work waiting for a worker, and the workers."""

    def __init__(
        self, tasks: Iterable[Task], jobs: int, job: Job, page_timeout: float | None
    ) -> None:
        from multiprocessing.connection import wait
        from multiprocessing.reduction import ForkingPickler

        self.wait = wait
        self.dumps = ForkingPickler.dumps  # what Connection.send pickles with
        self.pickled: tuple[tuple[Chunk, list[int]], memoryview] | None = None
        self.pool = Pool(jobs, job, _run_job)
        self.jobs = jobs
        self.job = job
        self.page_timeout = page_timeout
        self.window: deque[Chunk] = deque()  # every chunk not yet fully yielded, in order
        self.todo: deque[tuple[Chunk, list[int]]] = deque()  # (chunk, positions) to send
        self.chunks = _chunks(tasks)
        self.exhausted = False
        self.head = 0  # the next position of window[0] to yield

    def fill(self) -> None:
        """Take chunks of tasks into the window until it is full or the tasks end."""
        while not self.exhausted and len(self.window) < _WINDOW_PER_JOB * self.jobs + 1:
            tasks = next(self.chunks, None)
            if tasks is None:
                self.exhausted = True
            else:
                self.window.append(Chunk(tasks))
                self.todo.append((self.window[-1], list(range(len(tasks)))))

    def ready(self) -> Iterator[tuple[Task, Any]]:
        """The results back at the front of the window, in task order."""
        while self.window and (r := self.window[0].results[self.head]) is not None:
            yield self.window[0].tasks[self.head], r[0]
            self.head += 1
            if self.head == len(self.window[0].tasks):
                self.window.popleft()
                self.head = 0

    def dispatch(self) -> None:
        """Send waiting work to idle workers, starting new ones up to ``jobs``; then small
        chunks to busy workers that hold only the one they are on."""
        while self.todo:
            item = self.todo[0]
            w = self._worker_for(item)
            if w is None:
                return
            data = self._pickled(item)
            self.todo.popleft()
            w.sent.append(Sent(item[0], item[1], time.monotonic()))
            try:
                w.conn.send_bytes(data)
            except OSError:
                self.lost(w, "worker-died", _DIED)

    def _worker_for(self, item: tuple[Chunk, list[int]]) -> Worker | None:
        """An idle worker, else a new one (up to ``jobs``), else, when ``item`` pickles to
        at most _QUEUED_BYTES, one busy with a single chunk; None when none is free."""
        idle = [w for w in self.pool.workers if not w.sent]
        if idle:
            return idle[-1]
        if len(self.pool.workers) < self.jobs:
            return self.pool.start()
        w = next((w for w in self.pool.workers if len(w.sent) == 1), None)
        if w is None or len(self._pickled(item)) > _QUEUED_BYTES:
            return None
        return w

    def _pickled(self, item: tuple[Chunk, list[int]]) -> memoryview:
        """The payloads of ``item`` as sent to a worker (kept while it waits in line)."""
        done = self.pickled
        if done is None or done[0] is not item:
            chunk, positions = item
            done = self.pickled = (item, self.dumps([_payload(chunk.tasks[i]) for i in positions]))
        return done[1]

    def collect(self) -> None:
        """Wait until a worker sends results or the oldest page reaches the time limit, then
        take the results that came back and stop the workers over the limit."""
        busy = [w for w in self.pool.workers if w.sent]
        if not busy:
            return
        timeout = None
        if self.page_timeout is not None:
            first = min(w.where()[1] for w in busy)
            timeout = max(0.0, first + self.page_timeout - time.monotonic())
        self.wait([w.conn for w in busy], timeout)
        for w in busy:
            if w.conn.poll():
                self._receive(w)
            elif self.page_timeout is not None:
                k, started = w.where()
                if time.monotonic() - started > self.page_timeout:
                    self.lost(
                        w,
                        "timeout",
                        f"converting this input took over "
                        f"{self.page_timeout:g} s (--page-timeout); its "
                        "worker was stopped",
                        k,
                    )

    def _receive(self, w: Worker) -> None:
        """Store the results of the oldest chunk ``w`` sent back; the clock of the chunk
        after it (if any) runs from now at the latest."""
        try:
            results = w.conn.recv()
        except (EOFError, OSError):
            self.lost(w, "worker-died", _DIED)
            return
        sent = w.sent.popleft()
        w.received += 1
        for pos, result in zip(sent.positions, results, strict=True):
            sent.chunk.results[pos] = (result,)
        if w.sent:
            w.sent[0].since = max(w.sent[0].since, time.monotonic())

    def lost(self, w: Worker, code: str, message: str, k: int | None = None) -> None:
        """``w`` is gone while on its page ``k`` of its oldest chunk (read from its progress
        when None): record that page if it is done for, requeue the rest of the chunk's pages
        first in line (the results of those it had finished went with it), then the chunk it
        held after it, and forget the worker."""
        self.pool.stop(w)
        if not w.sent:
            return
        if k is None:
            k = w.where()[0]
        for later in list(w.sent)[:0:-1]:
            self.todo.appendleft((later.chunk, later.positions))
        chunk, positions = w.sent[0].chunk, w.sent[0].positions
        w.sent.clear()
        pos = positions[k]
        retry = False
        if code == "worker-died":
            chunk.deaths[pos] = chunk.deaths.get(pos, 0) + 1
            retry = chunk.deaths[pos] < 2  # once may be bad luck (the machine's memory)
        if retry:
            rest = positions
        else:
            chunk.results[pos] = (_failed(chunk.tasks[pos], self.job, code, message),)
            rest = positions[:k] + positions[k + 1 :]
        if rest:
            self.todo.appendleft((chunk, rest))


def _parallel(
    tasks: Iterable[Task], jobs: int, job: Job, page_timeout: float | None
) -> Iterator[tuple[Task, Any]]:
    """Run on ``jobs`` worker processes; chunks in a bounded window, results in task order."""
    run = _Run(tasks, jobs, job, page_timeout)
    finished = False
    try:
        while True:
            run.fill()
            yield from run.ready()
            if not run.window:
                if run.exhausted:
                    break
                continue  # every chunk of the window was done: take the next ones
            run.dispatch()
            run.collect()
        finished = True
    finally:  # done, or the caller stopped early (break, close, Ctrl-C): no worker is left
        run.pool.close(kill=not finished)


_DIED = (
    "the worker process died twice converting this input (out of memory, or a crash in a parser)"
)


def run_tasks(
    tasks: Iterable[Task],
    job: Job,
    *,
    jobs: int = 1,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
) -> Iterator[tuple[Task, Any]]:
    """Each task with its result (as ``job`` says), in task order.

    With ``jobs`` > 1, or any ``page_timeout``, pages are converted in worker processes (a
    runaway page can only be stopped by killing its process); with one job and no time limit,
    in this process.
    """
    if page_timeout is not None and page_timeout == float("inf"):
        page_timeout = None
    if jobs <= 1 and page_timeout is None:
        return _serial(tasks, job)
    return _parallel(tasks, max(jobs, 1), job, page_timeout)


def _tasks(inputs: Iterable[Any], expander: Expander) -> Iterator[Task]:
    """The tasks of paths, folders, globs, archives, WARC files and (name, bytes) pairs,
    numbered in one sequence."""
    index = 0
    for item in inputs:
        if isinstance(item, tuple):
            name, data = item
            src = {"name": name, "path": None, "member": None, "record_id": None, "url": None}
            found: Iterable[Task] = [Task(0, src, data=bytes(data), size=len(data))]
        else:
            found = expander.expand([os.fspath(item)])
        for t in found:
            t.index = index
            index += 1
            yield t


def _cores() -> int:
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:
        return os.cpu_count() or 1


def parse_many(
    inputs: Iterable[Any],
    *,
    jobs: int | None = None,
    strict: bool = False,
    page_timeout: float | None = DEFAULT_PAGE_TIMEOUT,
) -> Generator[ParseResult, None, None]:
    """Parse many pages lazily: one :class:`ParseResult` per input page, in input order.

    ``inputs`` holds paths (files, folders, glob patterns, compressed files, zip/tar archives,
    WARC files: whatever ``triviaparse convert`` takes) and ``(name, bytes)`` pairs, each pair
    one page. ``jobs`` worker processes (None: one per core) convert the pages, as
    ``convert -j``; ``page_timeout`` seconds (None: no limit) bounds each page. Leaving the
    loop early, or closing the iterator, stops the workers. See docs/batch.md.
    """
    if isinstance(inputs, (str, bytes, os.PathLike)):
        raise TypeError("parse_many takes an iterable of inputs: write [path] for one path")
    n = _cores() if jobs is None else jobs
    if n < 1:
        raise ValueError(f"jobs must be at least 1, not {jobs}")
    if page_timeout is not None and not page_timeout > 0:
        raise ValueError(
            f"page_timeout must be a positive number of seconds or None, not {page_timeout}"
        )
    return _results(
        run_tasks(
            _tasks(inputs, Expander()), ("result", strict, ""), jobs=n, page_timeout=page_timeout
        )
    )


def _results(pairs: Iterator[tuple[Task, Any]]) -> Generator[ParseResult, None, None]:
    try:
        for _, result in pairs:
            yield result
    finally:  # stop the workers now, not when the engine's generator is collected
        close = getattr(pairs, "close", None)
        if close is not None:
            close()

"""The worker processes of the batch engine: started on demand, each converting chunks of pages.

A worker notes in shared memory which chunk and page it is on and since when, which is all the
engine (:mod:`.engine`) needs to enforce the per-page time limit and to tell which page a dead
worker was on. A worker may hold a second chunk in its pipe while it converts the first, so that
it never waits for the main process between chunks. On Linux the workers are forked after every
reader is imported.
"""

from __future__ import annotations

import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from ..readers import READERS, get_reader

if TYPE_CHECKING:
    from multiprocessing.connection import Connection
    from multiprocessing.context import BaseContext
    from multiprocessing.process import BaseProcess

    from .engine import Chunk, Job

__all__ = ["Pool", "Sent", "Worker"]

#: What a worker does with each payload of a chunk: ``run(payload, job)`` gives its result.
Run = Callable[[Any, "Job"], Any]

#: A worker's progress says ``chunk * _SEQ + page``: the chunk it is on (counted from 0 by the
#: worker, as the main process counts the chunks it sent it) and the page within it, in one
#: double, so that it is read whole. Chunks hold far fewer than _SEQ pages.
_SEQ = 1 << 16


def _init_worker() -> None:
    """Ctrl-C and SIGTERM are the parent's to handle; a worker whose parent died exits too.

    Both signals were held off since the fork (see ``Pool.start``), so the parent's handlers
    the worker inherited can never run; they are let through once the defaults are back.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    if hasattr(signal, "pthread_sigmask"):
        signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGINT, signal.SIGTERM})
    parent = os.getppid()

    def watch() -> None:
        while True:
            time.sleep(0.5)
            if os.getppid() != parent:  # re-parented: nobody will ever read our results
                os._exit(1)

    threading.Thread(target=watch, name="triviaparse-parent-watch", daemon=True).start()


def _worker_main(conn: Connection, job: Job, progress: Any, run: Run) -> None:
    """A worker's life: receive a chunk of payloads, send back the chunk's results.

    ``progress`` (shared memory the parent reads) says which page of which chunk is being
    converted, ``[chunk * _SEQ + position, time.monotonic() at its start]``, -1 between chunks.
    """
    _init_worker()
    try:
        n = 0
        while True:
            chunk = conn.recv()
            if chunk is None:
                return
            results = []
            for k, p in enumerate(chunk):
                progress[1] = time.monotonic()
                progress[0] = n * _SEQ + k  # after the time: who sees the position sees its time
                results.append(run(p, job))
            progress[0] = -1  # before the send: once its results are read, a worker is idle
            conn.send(results)
            n += 1
    except (EOFError, OSError):  # the parent closed the pipe (it stopped early, or died)
        return


def _preload_readers() -> None:
    """Import every reader before forking, so workers share it instead of importing it each."""
    for fmt in READERS:
        get_reader(fmt)


class Sent:
    """Work sent to a worker: the tasks of ``chunk`` at ``positions``, waiting or being
    converted since ``since`` (the sending, or when the chunk before it came back)."""

    __slots__ = ("chunk", "positions", "since")

    def __init__(self, chunk: Chunk, positions: list[int], since: float) -> None:
        self.chunk = chunk
        self.positions = positions
        self.since = since


class Worker:
    """One worker process and the chunks it was sent whose results have not come back
    (``sent``, oldest first; ``received`` chunks came back before them)."""

    __slots__ = ("conn", "proc", "progress", "received", "sent")

    def __init__(self, proc: BaseProcess, conn: Connection, progress: Any) -> None:
        self.proc = proc
        self.conn = conn
        self.progress = progress
        self.sent: deque[Sent] = deque()
        self.received = 0

    def where(self) -> tuple[int, float]:
        """Which of the oldest chunk's ``positions`` (an index into it) the worker is on,
        since when."""
        v = self.progress[0]
        started = self.progress[1]
        if self.progress[0] != v:  # it has just moved on to the next page
            v, started = self.progress[0], time.monotonic()
        if v < 0:  # between chunks: the oldest one's clock runs from its sending (or the
            return 0, self.sent[0].since  # return of the one before it)
        n, k = divmod(int(v), _SEQ)
        if n != self.received:  # done with it (its results are on their way): no clock
            return 0, time.monotonic()
        return k, started


class Pool:
    """Up to ``jobs`` worker processes, started when there is work for them."""

    def __init__(self, jobs: int, job: Job, run: Run) -> None:
        import multiprocessing

        _preload_readers()
        self.ctx: BaseContext = (
            multiprocessing.get_context("fork")
            if sys.platform.startswith("linux")
            else multiprocessing.get_context()
        )
        self.jobs = jobs
        self.job = job
        self.run = run
        self.workers: list[Worker] = []

    def start(self) -> Worker:
        conn, child = self.ctx.Pipe(duplex=True)
        progress = self.ctx.RawArray("d", [-1.0, 0.0])
        proc = self.ctx.Process(  # type: ignore[attr-defined]
            target=_worker_main,
            args=(child, self.job, progress, self.run),
            name="triviaparse-worker",
            daemon=True,
        )
        # Ctrl-C and SIGTERM are held while forking (a few ms at most for the main process),
        # so that no worker gets one before _init_worker has set its own handling.
        held = None
        if hasattr(signal, "pthread_sigmask"):
            held = signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGINT, signal.SIGTERM})
        try:
            proc.start()
        finally:
            if held is not None:
                signal.pthread_sigmask(signal.SIG_SETMASK, held)
        child.close()
        w = Worker(proc, conn, progress)
        self.workers.append(w)
        return w

    def stop(self, w: Worker) -> None:
        """Kill one worker now (it may be stuck in C code) and forget it."""
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join()
        w.conn.close()
        self.workers.remove(w)

    def close(self, *, kill: bool) -> None:
        """End every worker: at once when ``kill``, else let idle ones read the end."""
        for w in list(self.workers):
            if not kill:
                try:
                    w.conn.send(None)
                except OSError:
                    pass
                w.proc.join(5)
            self.stop(w)

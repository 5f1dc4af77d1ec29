"""Run queries where they can be stopped: a small pool of worker processes.

A query inside pyoxigraph cannot be interrupted from Python, so each query runs in a worker
process that has the store open read-only. When a query passes its time limit the worker is
killed (which really stops it), a fresh one is started in the background, and the other
workers go on serving. Workers start on demand (`start()` warms the whole pool) and reopen the
store's current generation before each query, so a new build shows without a restart.
"""

from __future__ import annotations

import queue
import signal
import socket
import subprocess
import sys
import threading
from dataclasses import dataclass
from multiprocessing.connection import Connection

from flask import Flask, current_app

from web.errors import QueryFailed, QueryTimeout, ServerBusy
from web.execution import QueryJob, QueryOutcome, execute
from web.mirror import MemoryMirror

EXTENSION = "ofsted_kg_query_runner"
# A worker imports pyoxigraph and opens the store; allow for a slow, busy machine.
WORKER_START_SECONDS = 60.0


# Workers are fresh interpreters (not multiprocessing's spawn, which would re-run the
# parent's main script in each of them); this is their whole program.
WORKER_PROGRAM = "import sys; from web.query_runner import worker_main; worker_main(*sys.argv[1:])"


@dataclass(eq=False)
class _Worker:
    process: subprocess.Popen[bytes]
    connection: Connection


def worker_main(location: str, descriptor: str, memory_quads: str) -> None:
    """Answer jobs from the socket `descriptor` until the parent closes it."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle
    from graph.store import EmbeddedStore, open_store

    connection = Connection(int(descriptor))
    opened = open_store(location)
    store = MemoryMirror(opened, int(memory_quads)) if isinstance(opened, EmbeddedStore) else opened
    if isinstance(store, MemoryMirror):
        store.current()  # start copying the current generation now, not at the first query
    connection.send("ready")
    while True:
        try:
            job = connection.recv()
        except EOFError:
            return
        connection.send(execute(store, job))


class QueryRunner:
    """A pool of `size` worker processes, each with the store at `location` open read-only."""

    def __init__(self, location: str, size: int, memory_quads: int) -> None:
        self.location = location
        self.size = max(1, size)
        self.memory_quads = memory_quads
        self._idle: queue.Queue[_Worker] = queue.Queue()
        self._workers: set[_Worker] = set()
        self._lock = threading.Lock()
        self._starting = 0
        self._closed = False

    def start(self) -> None:
        """Start every worker now rather than on first use."""
        while self._reserve_slot():
            self._idle.put(self._spawn())

    def run(self, job: QueryJob, timeout: float) -> QueryOutcome:
        """Run `job` in a worker; stop it (killing the worker) after `timeout` seconds."""
        worker = self._acquire(timeout)
        try:
            worker.connection.send(job)
            if not worker.connection.poll(timeout):
                self._discard(worker)
                raise QueryTimeout(
                    f"the query ran longer than {timeout:g} s and was stopped",
                    limit_seconds=timeout,
                )
            outcome: QueryOutcome = worker.connection.recv()
        except (EOFError, OSError) as error:
            self._discard(worker)
            raise QueryFailed(f"the query worker stopped unexpectedly ({error})") from error
        self._idle.put(worker)
        return outcome

    def close(self) -> None:
        """Stop every worker."""
        with self._lock:
            self._closed = True
            workers = list(self._workers)
            self._workers.clear()
        for worker in workers:
            _stop(worker)

    @property
    def worker_count(self) -> int:
        """Return how many workers are running."""
        with self._lock:
            return len(self._workers)

    def worker_pids(self) -> set[int]:
        """Return the process ids of the running workers."""
        with self._lock:
            return {worker.process.pid for worker in self._workers}

    # --- the pool ------------------------------------------------------------------------

    def _reserve_slot(self) -> bool:
        with self._lock:
            if self._closed or len(self._workers) + self._starting >= self.size:
                return False
            self._starting += 1
            return True

    def _spawn(self) -> _Worker:
        """Start a worker for a slot `_reserve_slot` gave; wait until it is ready."""
        worker: _Worker | None = None
        parent_end, child_end = socket.socketpair()
        try:
            with child_end:
                process = subprocess.Popen(
                    [
                        sys.executable,
                        "-c",
                        WORKER_PROGRAM,
                        self.location,
                        str(child_end.fileno()),
                        str(self.memory_quads),
                    ],
                    pass_fds=(child_end.fileno(),),
                    stdin=subprocess.DEVNULL,
                )
            worker = _Worker(process, Connection(parent_end.detach()))
            ready = worker.connection.poll(WORKER_START_SECONDS)
            ready = ready and worker.connection.recv() == "ready"
        except (EOFError, OSError) as error:
            ready = False
            reason = f" ({error})"
            parent_end.close()  # a no-op once the worker's connection owns it
        else:
            reason = ""
        with self._lock:
            self._starting -= 1
            if ready and worker is not None and not self._closed:
                self._workers.add(worker)
                return worker
        if worker is not None:
            _stop(worker)
        raise QueryFailed(f"a query worker could not start{reason}")

    def _acquire(self, wait: float) -> _Worker:
        try:
            return self._idle.get_nowait()
        except queue.Empty:
            pass
        if self._reserve_slot():
            return self._spawn()
        try:
            return self._idle.get(timeout=wait)
        except queue.Empty:
            raise ServerBusy(
                f"every query worker stayed busy for {wait:g} s; try again later"
            ) from None

    def _discard(self, worker: _Worker) -> None:
        with self._lock:
            self._workers.discard(worker)
        _stop(worker)
        replacer = threading.Thread(target=self._replace, name="query-worker-replacer", daemon=True)
        replacer.start()

    def _replace(self) -> None:
        if self._reserve_slot():
            try:
                self._idle.put(self._spawn())
            except QueryFailed:
                return  # the next query will try to start one again


def _stop(worker: _Worker) -> None:
    worker.process.kill()
    worker.process.wait(timeout=10)
    worker.connection.close()


def init_app(app: Flask, location: str, size: int, memory_quads: int) -> QueryRunner:
    """Give `app` a query runner for the store at `location`."""
    runner = QueryRunner(location, size, memory_quads)
    app.extensions[EXTENSION] = runner
    return runner


def get_runner(app: Flask | None = None) -> QueryRunner:
    """Return the query runner of `app` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION]

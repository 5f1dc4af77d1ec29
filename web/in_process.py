"""Queries run in the serving process itself, stopped by ending that process.

Under `ofsted-kg serve` each request is answered by one of a few serving processes
(web/http_worker.py), one request at a time, and the query runs right there: no hop to
another process. pyoxigraph cannot interrupt a query, but it releases the GIL while it
evaluates, so a watchdog thread sees a query pass its limit, answers the client with the
timeout error and ends the process; the front (web/front.py) still holds every other
connection and starts a fresh serving process.
"""

from __future__ import annotations

import mmap
import os
import struct
import sys
import threading
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

from flask import Flask

from graph.store import EmbeddedStore, StoreError, open_store
from web.execution import QueryJob, QueryOutcome, execute
from web.mirror import MemoryMirror
from web.query_runner import EXTENSION

_CLOCK = struct.Struct("d")
# Exit status of a serving process its watchdog ended: the front tells it from a crash.
EXIT_QUERY_STOPPED = 75


class Watchdog:
    """Calls `on_expiry(limit)` and ends the process when an armed time limit passes.

    It wakes every `poll_seconds` rather than being woken per query, so arming and disarming
    cost nothing on the path of a fast query; a limit is kept to within that interval. When a
    query starts it writes the time into `busy_clock` (shared with the front, 0.0 when idle), so
    the front can kill this process should it hang where the watchdog cannot run.
    """

    def __init__(
        self,
        on_expiry: Callable[[float], None],
        busy_clock: mmap.mmap | None = None,
        poll_seconds: float = 0.02,
    ) -> None:
        self._on_expiry = on_expiry
        self._busy_clock = busy_clock
        self._poll_seconds = poll_seconds
        self._lock = threading.Lock()
        self._armed: tuple[float, float] | None = None  # (deadline, limit) while a query runs
        self._thread = threading.Thread(target=self._watch, name="query-watchdog", daemon=True)
        self._thread.start()

    @contextmanager
    def limit(self, seconds: float) -> Iterator[None]:
        """Stop the process if the block takes longer than `seconds`."""
        now = time.monotonic()
        if self._busy_clock is not None:
            _CLOCK.pack_into(self._busy_clock, 0, now)
        # One assignment of the pair, which the watchdog reads whole: no lock needed to arm.
        self._armed = (now + seconds, seconds)
        try:
            yield
        finally:
            # Taken under the lock, so a response is never written while the watchdog is
            # writing the timeout answer: one of the two wins, whole.
            with self._lock:
                self._armed = None
            if self._busy_clock is not None:
                _CLOCK.pack_into(self._busy_clock, 0, 0.0)

    def _watch(self) -> None:
        while True:
            time.sleep(self._poll_seconds)
            with self._lock:
                armed = self._armed
                if armed is not None and time.monotonic() >= armed[0]:
                    try:
                        self._on_expiry(armed[1])
                    finally:
                        os._exit(EXIT_QUERY_STOPPED)


class InProcessRunner:
    """The query runner of a serving process: same interface as web.query_runner.QueryRunner."""

    def __init__(self, location: str, memory_quads: int, watchdog: Watchdog) -> None:
        opened = open_store(location)
        self._store = (
            MemoryMirror(opened, memory_quads) if isinstance(opened, EmbeddedStore) else opened
        )
        self._watchdog = watchdog

    def start(self) -> None:
        """Start copying the store into memory now, not at the first query."""
        if isinstance(self._store, MemoryMirror):
            try:
                self._store.current()
            except StoreError as error:
                # Serve anyway: each query says what is wrong, and a build can still mend it.
                print(f"ofsted-kg serve: {error}", file=sys.stderr, flush=True)

    def run(self, job: QueryJob, timeout: float) -> QueryOutcome:
        """Run `job` here; past `timeout` seconds the watchdog answers and ends the process."""
        with self._watchdog.limit(timeout):
            return execute(self._store, job)

    def close(self) -> None:
        """Nothing to stop: the process ends with its queries."""

    @property
    def worker_count(self) -> int:
        """Return 1: this process runs the queries."""
        return 1

    def worker_pids(self) -> set[int]:
        """Return this process's id."""
        return {os.getpid()}


def init_app(app: Flask, location: str, memory_quads: int, watchdog: Watchdog) -> InProcessRunner:
    """Give `app` a runner that queries the store at `location` in this process."""
    runner = InProcessRunner(location, memory_quads, watchdog)
    app.extensions[EXTENSION] = runner
    return runner

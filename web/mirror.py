"""An in-memory copy of the embedded store's current generation, for a query worker.

Queries on pyoxigraph's in-memory store run several times faster than on its on-disk store
(aggregates and joins especially), so each query worker copies the current generation into
memory in a background thread and answers from the copy once it is ready. Until then, and for
a store larger than the worker may copy, it answers from the on-disk generation: answers always
come from the current build, only their speed changes.

A copy is only made while it leaves the machine memory to spare: the processes serving one store
copy it in turn, each after seeing what the ones before it took, so a large store on a machine
with many cores fills memory up to a margin and the remaining processes answer from disk.
"""

from __future__ import annotations

import contextlib
import fcntl
import os
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import NamedTuple

import pyoxigraph as ox

from graph.store import EmbeddedStore, stores_merged_default_graph

# What a quad takes in pyoxigraph's in-memory store (measured: about 420 MB a million).
BYTES_PER_QUAD = 420
# While a copy is made, the N-Quads it is made from are held beside it.
COPY_PEAK_FACTOR = 2


def available_memory() -> int | None:
    """Return the bytes the system can still give without swapping, or None where unknown."""
    with contextlib.suppress(OSError, ValueError), open("/proc/meminfo", "rb") as meminfo:
        for line in meminfo:
            if line.startswith(b"MemAvailable:"):
                return int(line.split()[1]) * 1024
    return None


class Answerer(NamedTuple):
    """The store answering for the current generation."""

    store: ox.Store
    answered_by: str  # "memory" or "disk"
    # Whether its default graph is the stored merge of the named graphs (see graph/store.py);
    # if not, queries ask pyoxigraph for its union instead.
    merge_stored: bool
    # That default graph alone, for queries that name no graph (MemoryMirror), or None.
    default_only: ox.Store | None = None


class MemoryMirror:
    """The store to query for the current generation: the in-memory copy, or the disk."""

    def __init__(
        self,
        store: EmbeddedStore,
        max_quads: int,
        available: Callable[[], int | None] = available_memory,
    ) -> None:
        self._store = store
        self._max_quads = max_quads
        self._available = available
        self._lock = threading.Lock()
        self._copy: tuple[str, Answerer] | None = None  # (generation, its copy)
        self._started: str | None = None  # the generation last copied, or being copied

    def current(self) -> Answerer:
        """Return the store answering for the current generation: its copy, or the disk."""
        generation = self._store.current_generation()  # a new build shows without a restart
        copy = self._copy
        if copy is not None and copy[0] == generation:
            return copy[1]
        self._store.refresh()
        disk = self._store.raw()
        if generation is not None and self._max_quads > 0:
            self._start_copy(generation, disk)
        return Answerer(disk, "disk", self._store.merge_stored)

    def wait(self, seconds: float) -> bool:
        """Wait until the current generation is in memory; return False if it is not in time."""
        deadline = time.monotonic() + seconds
        while self.current().answered_by != "memory":
            if time.monotonic() > deadline:
                return False
            time.sleep(0.05)
        return True

    def _start_copy(self, generation: str, disk: ox.Store) -> None:
        with self._lock:
            if self._started == generation:
                return
            self._started = generation
        threading.Thread(
            target=self._copy_generation, args=(generation, disk), name="store-mirror", daemon=True
        ).start()

    def _copy_generation(self, generation: str, disk: ox.Store) -> None:
        # pyoxigraph releases the GIL while it dumps and loads, so queries go on meanwhile.
        with _in_turn(self._store.path):
            try:
                if not self._may_copy(len(disk)):
                    return  # this generation is answered from disk
                data = disk.dump(format=ox.RdfFormat.N_QUADS) or b""
            except OSError:
                return  # the generation was replaced and removed while being copied
            memory = ox.Store()
            # lenient: the data comes out of our own store, already checked when it went in
            memory.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
            del data  # freed before the next process in turn sees what memory is left
            merged = stores_merged_default_graph(memory)
            default_only = self._default_only_copy(memory) if merged else None
        answerer = Answerer(memory, "memory", merged, default_only)
        with self._lock:
            if self._started == generation:
                self._copy = (generation, answerer)

    def _default_only_copy(self, memory: ox.Store) -> ox.Store | None:
        """Return a copy of the default graph alone, if memory allows. pyoxigraph's in-memory
        store keeps every graph in the same indexes, so a pattern over the default graph steps
        over the named graphs' entries too: alone, the grade distribution takes 0.85 of the
        time, a scan of the recommendations 0.6 (benchmarks/README.md)."""
        triples = memory.dump(format=ox.RdfFormat.N_TRIPLES, from_graph=ox.DefaultGraph()) or b""
        available = self._available()
        needed = triples.count(b"\n") * BYTES_PER_QUAD * COPY_PEAK_FACTOR
        if available is not None and needed > available:
            return None
        default_only = ox.Store()
        default_only.bulk_load(triples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
        return default_only

    def _may_copy(self, quads: int) -> bool:
        if quads > self._max_quads:
            return False
        available = self._available()
        return available is None or quads * BYTES_PER_QUAD * COPY_PEAK_FACTOR <= available


@contextlib.contextmanager
def _in_turn(folder: Path) -> Iterator[None]:
    """Hold the lock that the processes serving the store in `folder` take in turn to copy it."""
    try:
        descriptor = os.open(folder, os.O_RDONLY)  # a lock on the folder: the store stays read-only
    except OSError:
        yield  # no folder to lock: opening its generation fails too, and is answered from disk
        return
    try:
        fcntl.flock(descriptor, fcntl.LOCK_EX)  # released by the kernel if this process dies
        yield
    finally:
        os.close(descriptor)

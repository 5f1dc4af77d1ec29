"""An in-memory copy of the embedded store's current generation, for a query worker.

Queries on pyoxigraph's in-memory store run several times faster than on its on-disk store
(aggregates and joins especially), so each query worker copies the current generation into
memory in a background thread and answers from the copy once it is ready. Until then, and for
a store larger than the worker may copy, it answers from the on-disk generation: answers always
come from the current build, only their speed changes.
"""

from __future__ import annotations

import threading
import time

import pyoxigraph as ox

from graph.store import EmbeddedStore


class MemoryMirror:
    """The store to query for the current generation: the in-memory copy, or the disk."""

    def __init__(self, store: EmbeddedStore, max_quads: int) -> None:
        self._store = store
        self._max_quads = max_quads
        self._lock = threading.Lock()
        self._copy: tuple[str, ox.Store] | None = None  # (generation, its copy)
        self._started: str | None = None  # the generation last copied, or being copied

    def current(self) -> tuple[ox.Store, str]:
        """Return the store holding the current generation, and "memory" or "disk"."""
        generation = self._store.current_generation()  # a new build shows without a restart
        copy = self._copy
        if copy is not None and copy[0] == generation:
            return copy[1], "memory"
        self._store.refresh()
        disk = self._store.raw()
        if generation is not None and self._max_quads > 0:
            self._start_copy(generation, disk)
        return disk, "disk"

    def wait(self, seconds: float) -> bool:
        """Wait until the current generation is in memory; return False if it is not in time."""
        deadline = time.monotonic() + seconds
        while self.current()[1] != "memory":
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
        try:
            if len(disk) > self._max_quads:
                return  # too large to hold in memory: this generation is answered from disk
            data = disk.dump(format=ox.RdfFormat.N_QUADS) or b""
        except OSError:
            return  # the generation was replaced and removed while being copied
        memory = ox.Store()
        # lenient: the data comes out of our own store, already checked when it went in
        memory.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
        with self._lock:
            if self._started == generation:
                self._copy = (generation, memory)

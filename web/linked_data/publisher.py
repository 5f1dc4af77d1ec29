"""The server's view of the published dataset: its statistics and its dump files, per generation.

A dump is written once per store generation, on its first request, into a cache folder
(`DUMP_CACHE_DIR`, default `$XDG_CACHE_HOME/ofsted-kg/dumps/<store key>`), then served as a
file (ranges, ETags). A new build publishes a new generation: the next request writes fresh
dumps and removes the old generation's. Dump writing and counting are bounded scans of the
store, not arbitrary queries, so they run here rather than in the killable query workers.
"""

from __future__ import annotations

import hashlib
import os
import shutil
import threading
import time
from pathlib import Path

from flask import Flask, current_app

from graph.catalogue import FileFacts, file_facts
from graph.dumps import DUMP_FORMATS, dump_filename, parse_dump_filename, write_dump
from graph.store import EmbeddedStore, Store, StoreError, open_store
from graph.void import DatasetStatistics, dataset_statistics

EXTENSION = "ofsted_kg_linked_data"
# A SPARQL server has no generations: its statistics are recounted after this many seconds.
REMOTE_STATISTICS_SECONDS = 300.0


def default_cache_dir(store_location: str) -> Path:
    """Return the dump cache folder for a store: under $XDG_CACHE_HOME (~/.cache)."""
    cache_home = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    key = hashlib.sha1(store_location.encode("utf-8")).hexdigest()[:12]
    return Path(cache_home) / "ofsted-kg" / "dumps" / key


class Publisher:
    """Statistics and dump files of the store at `location`, cached per generation."""

    def __init__(self, location: str, cache_dir: Path) -> None:
        self.location = location
        self.cache_dir = cache_dir
        self._store: Store | None = None
        self._lock = threading.Lock()
        self._store_lock = threading.Lock()
        self._file_locks: dict[str, threading.Lock] = {}
        self._statistics: tuple[str, float, DatasetStatistics] | None = None

    @property
    def store(self) -> Store:
        """Return the store, opened on first use."""
        if self._store is None:
            self._store = open_store(self.location)  # cheap: an embedded store opens lazily
        return self._store

    def generation(self) -> str:
        """Return a name for the data now served: the store generation, or 'remote'."""
        with self._store_lock:
            store = self.store
            if isinstance(store, EmbeddedStore):
                store.refresh()
                return store.current_generation() or "empty"
        return "remote"

    def statistics(self) -> DatasetStatistics:
        """Return the dataset's counts, recounted when the generation changes."""
        generation = self.generation()
        with self._lock:
            cached = self._statistics
            fresh = cached is not None and cached[0] == generation
            if fresh and generation == "remote":
                fresh = time.monotonic() - cached[1] < REMOTE_STATISTICS_SECONDS  # type: ignore[index]
            if fresh:
                return cached[2]  # type: ignore[index]
        statistics = dataset_statistics(self.store)
        with self._lock:
            self._statistics = (generation, time.monotonic(), statistics)
        return statistics

    def dump_file(self, filename: str) -> Path | None:
        """Return the dump file `filename` of the current generation, writing it if needed."""
        if parse_dump_filename(filename) is None:
            return None
        generation = self.generation()
        folder = self.cache_dir / generation
        path = folder / filename
        with self._lock:
            lock = self._file_locks.setdefault(filename, threading.Lock())
        with lock:
            if generation == "remote" or not path.exists():
                self._write(folder, filename)
        return path

    def published_files(self) -> dict[str, FileFacts]:
        """Return size and SHA-256 of the gzip dumps already written for this generation."""
        folder = self.cache_dir / self.generation()
        facts = {}
        for name in DUMP_FORMATS:
            path = folder / dump_filename(name, compressed=True)
            if path.exists():
                facts[path.name] = file_facts(path)
        return facts

    def _write(self, folder: Path, filename: str) -> None:
        parsed = parse_dump_filename(filename)
        if parsed is None:
            raise StoreError(f"{filename} is not a dump file name")
        dump_format, compressed = parsed
        self._remove_other_generations(keep=folder.name)
        folder.mkdir(parents=True, exist_ok=True)
        partial = folder / f".{filename}.{os.getpid()}.{threading.get_ident()}.part"
        try:
            with partial.open("wb") as handle:
                write_dump(self.store, dump_format.name, handle, compressed=compressed)
            os.replace(partial, folder / filename)  # readers never see half a file
        finally:
            partial.unlink(missing_ok=True)

    def _remove_other_generations(self, keep: str) -> None:
        if not self.cache_dir.exists():
            return
        for folder in self.cache_dir.iterdir():
            if folder.is_dir() and folder.name != keep:
                # A download still reading an old file keeps it (POSIX unlink semantics).
                shutil.rmtree(folder, ignore_errors=True)


def init_app(app: Flask) -> Publisher:
    """Give `app` a publisher for its store (config DUMP_CACHE_DIR names the cache folder)."""
    location = app.config["SETTINGS"].store
    cache_dir = app.config.get("DUMP_CACHE_DIR") or default_cache_dir(location)
    publisher = Publisher(location, Path(cache_dir))
    app.extensions[EXTENSION] = publisher
    return publisher


def get_publisher(app: Flask | None = None) -> Publisher:
    """Return the publisher of `app` (default: the current app)."""
    return (app or current_app).extensions[EXTENSION]

"""The store behind one small interface: the embedded on-disk Oxigraph store, or a SPARQL server.

The embedded store keeps whole generations of the database side by side:

    STORE/CURRENT            name of the generation readers use (replaced atomically)
    STORE/generations/<id>/  an Oxigraph (RocksDB) database

A build checkpoints the current generation (hard links, so it costs milliseconds), changes the
copy, and only then points CURRENT at it. A build killed at any moment therefore leaves the
previous graph whole, and readers never see a half-written one; a running server notices the
new CURRENT and reopens.

Each report is a named graph, and the default graph is stored too: the merge of the named
graphs, each triple once, as SPARQL's default graph is a set. pyoxigraph's own union default
graph matches a triple once per named graph that holds it (oxigraph issue #1919), so a fact two
reports state (the same report as text and as PDF, an inspection a committee report repeats)
was counted twice. A transaction keeps the merge up to date; a generation written before
there was one is answered from pyoxigraph's union until the next build adds it.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import gc
import os
import shutil
from collections.abc import Iterable, Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

import pyoxigraph as ox

from graph.datasets import query_if_merging
from graph.iris import OKG, PREFIXES

# Largest batch (bytes of N-Quads) whose quads and triples load side by side: two bulk loads at
# once hold both in memory (at 1,000 reports, with 64 MiB batches, 100 MiB more at the peak),
# and a build's large batches load while its workers parse, when no core is idle anyway.
SIDE_BY_SIDE_MAX_BYTES = 16 * 1024 * 1024


class StoreError(Exception):
    """The store cannot be opened or written; the message says why."""


@dataclass(frozen=True, slots=True)
class StoredReport:
    """What the store remembers of a loaded file, to skip unchanged files on rebuild."""

    graph: str
    source: str
    content_hash: str


class Transaction(Protocol):
    """Changes to a store that become visible together, or not at all."""

    def drop_graph(self, graph: str) -> None: ...

    def load_nquads(
        self, data: bytes, *, trusted: bool = False, triples: bytes | None = None
    ) -> None:
        """Load N-Quads into their named graphs. `trusted`: pyoxigraph wrote them from terms it
        had checked; `triples`: the same quads' triples as N-Triples, if the caller has them."""
        ...

    def compact(self) -> None:
        """Reorganise what was written for faster reading (after many separate loads)."""


class Store(Protocol):
    """What the rest of ofsted-kg needs of a store."""

    location: str

    def query(self, sparql: str, *, union_default_graph: bool = True) -> ox.QueryResults: ...

    def stored_reports(self) -> dict[str, StoredReport]: ...

    def named_graphs(self) -> list[str]: ...

    def transaction(self) -> contextlib.AbstractContextManager[Transaction]: ...


STORED_REPORTS_QUERY = f"""
SELECT ?graph ?source ?hash WHERE {{
  GRAPH ?graph {{ ?graph <{OKG.sourcePath}> ?source ; <{OKG.contentHash}> ?hash }}
}}"""


class EmbeddedStore:
    """The on-disk Oxigraph store, in generations (see the module docstring)."""

    def __init__(self, path: Path) -> None:
        self.path = Path(path)
        self.location = str(self.path)
        self._store: ox.Store | None = None
        self._generation: str | None = None
        self._pointer: tuple[tuple[int, int, int], str | None] | None = None
        self._merge_stored = False

    # --- reading -------------------------------------------------------------------------

    def current_generation(self) -> str | None:
        """Return the name of the generation readers should use, or None for an empty store."""
        pointer = self.location + "/CURRENT"
        try:
            status = os.stat(pointer)
        except FileNotFoundError:
            return None
        # CURRENT is replaced by a rename, never rewritten in place, so an unchanged file
        # (same inode, time and size) names the same generation: a stat instead of a read on
        # every query.
        key = (status.st_ino, status.st_mtime_ns, status.st_size)
        if self._pointer is not None and self._pointer[0] == key:
            return self._pointer[1]
        try:
            with open(pointer, encoding="utf-8") as file:
                name = file.read().strip() or None
        except FileNotFoundError:
            return None
        self._pointer = (key, name)
        return name

    def _reader(self) -> ox.Store:
        generation = self.current_generation()
        if generation is None:
            if (
                self.path.exists()
                and any(self.path.iterdir())
                and not (self.path / "generations").exists()
            ):
                raise StoreError(f"{self.path} is not an ofsted-kg store (no CURRENT file)")
            # An empty store answers queries with no rows rather than failing.
            if self._store is None or self._generation is not None:
                self._store, self._generation = ox.Store(), None
                self._merge_stored = False
            return self._store
        if generation != self._generation or self._store is None:
            directory = self.path / "generations" / generation
            try:
                self._store = ox.Store.read_only(str(directory))
            except OSError as error:
                raise StoreError(f"cannot open store generation {directory}: {error}") from error
            self._generation = generation
            self._merge_stored = stores_merged_default_graph(self._store)
        return self._store

    @property
    def merge_stored(self) -> bool:
        """Whether the current generation stores the merge of its named graphs as its default
        graph (every generation a build writes does; see the module docstring)."""
        self._reader()
        return self._merge_stored

    def refresh(self) -> bool:
        """Reopen if a build has published a new generation; return True if it did."""
        before = self._generation
        self._reader()
        return self._generation != before

    def query(self, sparql: str, *, union_default_graph: bool = True) -> ox.QueryResults:
        """Run a SPARQL query over the current generation; its default graph is the merge of
        the named graphs unless `union_default_graph` is False (then it is the stored one), or
        the merge of the graphs its FROM clauses name."""
        reader = self._reader()
        merged = query_if_merging(lambda _: reader, sparql)
        if merged is not None:
            return merged
        return reader.query(
            sparql,
            use_default_graph_as_union=union_default_graph and not self._merge_stored,
            prefixes=PREFIXES,
        )

    def raw(self) -> ox.Store:
        """Return the underlying pyoxigraph store of the current generation (read-only)."""
        return self._reader()

    def named_graphs(self) -> list[str]:
        """Return the IRIs of the named graphs, sorted."""
        return sorted(graph.value for graph in self._reader().named_graphs())

    def stored_reports(self) -> dict[str, StoredReport]:
        """Return the loaded files by source path."""
        reports = {}
        for row in self._reader().query(STORED_REPORTS_QUERY):
            report = StoredReport(row["graph"].value, row["source"].value, row["hash"].value)
            reports[report.source] = report
        return reports

    # --- writing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[_EmbeddedTransaction]:
        """Yield a writable copy of the current generation; publish it if the block succeeds."""
        self.path.mkdir(parents=True, exist_ok=True)
        generations = self.path / "generations"
        generations.mkdir(exist_ok=True)
        with _exclusive_lock(self.path / "LOCK"):
            current = self.current_generation()
            self._remove_abandoned(generations, keep={current})
            name = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%S%fZ")
            target = generations / name
            if current is not None:
                ox.Store.read_only(str(generations / current)).backup(str(target))
            transaction = _EmbeddedTransaction(ox.Store(str(target)))
            try:
                transaction.store_merge_if_missing()
                yield transaction
                transaction.close(flush=True)
                _atomic_write(self.path / "CURRENT", name + "\n")
            except BaseException:
                transaction.close(flush=False)
                shutil.rmtree(target, ignore_errors=True)
                raise
            # Older generations go once the new one is published; a reader that still has one
            # open keeps its files (POSIX unlink semantics) until it reopens.
            self._remove_abandoned(generations, keep={name, current})
        # The next read opens the new generation; opening it now would cost a build that
        # reads nothing more a hundredth of a second.
        self._store = self._generation = None

    @staticmethod
    def _remove_abandoned(generations: Path, keep: set[str | None]) -> None:
        for directory in generations.iterdir():
            if directory.name not in keep:
                shutil.rmtree(directory, ignore_errors=True)


class _EmbeddedTransaction:
    def __init__(self, store: ox.Store) -> None:
        self._store: ox.Store | None = store

    @property
    def store(self) -> ox.Store:
        if self._store is None:
            raise StoreError("the transaction is over")
        return self._store

    def close(self, *, flush: bool) -> None:
        """Flush if asked, then release the database so its folder can be published or removed."""
        if self._store is not None and flush:
            self._store.flush()
        self._store = None
        gc.collect()  # pyoxigraph closes RocksDB only when the last reference goes

    def drop_graph(self, graph: str) -> None:
        """Remove a named graph, and from the default graph what no other named graph states."""
        node = ox.NamedNode(graph)
        if not self.store.contains_named_graph(node):
            return
        dropped = list(self.store.quads_for_pattern(None, None, None, node))
        self.store.remove_graph(node)
        for quad in dropped:
            if not _stated_in_a_named_graph(self.store, quad):
                self.store.remove(ox.Quad(quad.subject, quad.predicate, quad.object))

    def load_nquads(
        self, data: bytes, *, trusted: bool = False, triples: bytes | None = None
    ) -> None:
        """Load N-Quads into their named graphs and their triples into the default graph (the
        merge). `trusted` data (pyoxigraph wrote it from valid terms) is not checked; with
        `triples` (the same quads' triples, as N-Triples) pyoxigraph loads both in bulk."""
        if not data:
            return
        if trusted and triples is not None:
            # Bulk loads in Rust: a build's batches are written while its workers parse, and
            # taking each quad through Python makes a build a quarter slower. Each bulk load
            # names blank nodes anew, so data with any loads with its triples in one (lines of
            # N-Triples are N-Quads of the default graph), and other data without that copy.
            if b"_:" in data:
                self.store.bulk_load(data + triples, format=ox.RdfFormat.N_QUADS, lenient=True)
                return
            if len(data) > SIDE_BY_SIDE_MAX_BYTES:
                self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
                self.store.bulk_load(triples, format=ox.RdfFormat.N_TRIPLES, lenient=True)
                return
            # The two loads run side by side: each keeps one core busy (pyoxigraph releases
            # the GIL), so the load after a build's last file takes two cores, not one.
            with ThreadPoolExecutor(max_workers=1) as helper:
                triples_loaded = helper.submit(
                    self.store.bulk_load, triples, format=ox.RdfFormat.N_TRIPLES, lenient=True
                )
                self.store.bulk_load(data, format=ox.RdfFormat.N_QUADS, lenient=True)
                triples_loaded.result()
            return
        # Parsed here rather than by bulk_load, which names blank nodes anew as it stores them:
        # a triple and its copy in the default graph must share theirs.
        quads = ox.parse(
            data, format=ox.RdfFormat.N_QUADS, lenient=trusted, rename_blank_nodes=True
        )
        self.store.bulk_extend(_with_default_graph_copies(quads))

    def store_merge_if_missing(self) -> None:
        """Store the merge of the named graphs as the default graph, if it is not there (a
        generation written before ofsted-kg kept one)."""
        if stores_merged_default_graph(self.store):
            return
        named = list(self.store.quads_for_pattern(None, None, None, None))
        self.store.bulk_extend(ox.Quad(quad.subject, quad.predicate, quad.object) for quad in named)

    def compact(self) -> None:
        # Each bulk load leaves its own sorted files; merging them makes reads over the whole
        # graph 2 to 4 times faster on a store of 5,000 reports (benchmarks/README.md).
        self.store.optimize()


def stores_merged_default_graph(store: ox.Store) -> bool:
    """Whether `store` holds the merge of its named graphs as its default graph. A build keeps
    one whenever there are named graphs, so a default graph with anything in it is the merge."""
    return next(store.quads_for_pattern(None, None, None, ox.DefaultGraph()), None) is not None


def _stated_in_a_named_graph(store: ox.Store, quad: ox.Quad) -> bool:
    """Whether a named graph of `store` holds `quad`'s triple."""
    return any(
        not isinstance(other.graph_name, ox.DefaultGraph)
        for other in store.quads_for_pattern(quad.subject, quad.predicate, quad.object)
    )


def _with_default_graph_copies(quads: Iterable[ox.Quad]) -> Iterator[ox.Quad]:
    for quad in quads:
        yield quad
        yield ox.Quad(quad.subject, quad.predicate, quad.object)


@contextlib.contextmanager
def _exclusive_lock(path: Path) -> Iterator[None]:
    with path.open("a") as handle:
        try:
            fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise StoreError(f"another build is writing to {path.parent}") from None
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _atomic_write(path: Path, content: str) -> None:
    temporary = path.with_name(path.name + ".tmp")
    with temporary.open("w", encoding="utf-8") as handle:
        handle.write(content)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temporary, path)
    directory = os.open(path.parent, os.O_RDONLY)
    try:
        os.fsync(directory)
    finally:
        os.close(directory)


def open_store(location: str) -> Store:
    """Open the store at `location`: a folder for the embedded store, or a SPARQL server URL."""
    if location.startswith(("http://", "https://")):
        from graph.remote import RemoteStore

        return RemoteStore(location)
    return EmbeddedStore(Path(location).expanduser())


def quads_to_nquads(quads: Iterable[ox.Quad]) -> bytes:
    """Serialise quads as N-Quads bytes (the form builds pass between processes)."""
    return ox.serialize(quads, format=ox.RdfFormat.N_QUADS) or b""

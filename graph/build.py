"""Build the graph: files in parallel through the loaders, each into its own named graph."""

from __future__ import annotations

import contextlib
import datetime as dt
import gc
import hashlib
import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from types import ModuleType
from typing import TYPE_CHECKING

import pyoxigraph as ox

from graph import __version__
from graph.early_extraction import EarlyExtraction
from graph.store import Store, Transaction, quads_to_nquads
from graph.terms import BUILD_GRAPH, REFERENCE_GRAPH, QuadWriter, date, node, report_iri, text
from loaders.errors import LoadError
from loaders.extract import content_hash

# concurrent.futures is imported where it is used: the early extraction forks before it is.
if TYPE_CHECKING:
    from concurrent.futures import Executor, Future

    from graph.register import Register
    from loaders.document import Document

REPORT_SUFFIXES = {".pdf", ".txt"}
DCTERMS = "http://purl.org/dc/terms/"
SCHEMA_VERSION = "https://schema.org/softwareVersion"
# Below this many files to parse, a process pool costs more than it saves.
MIN_FILES_FOR_POOL = 4
# When this many files are left to parse, what has gathered is loaded at once: it is done
# while they parse (the smallest files, last), and the load after the last file, with the
# cores otherwise idle, holds only them. One load, not one per file: each load costs 15-20 ms
# of CPU however small it is.
LAST_BATCH_FILES = 10
# The early extraction takes at most this share of the bytes to parse, from the smallest files
# up: it is meant for the start-up, not to compete with the workers.
EARLY_EXTRACTION_SHARE = 0.25


@dataclass(frozen=True, slots=True)
class SourceFile:
    """A file to load and the source name it is known by (the path as given to build)."""

    path: Path
    source: str


@dataclass
class BuildResult:
    """What a build did, file by file."""

    loaded: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    failed: list[tuple[str, str]] = field(default_factory=list)  # (source, reason)
    warnings: list[tuple[str, str]] = field(default_factory=list)  # (source, message)
    reference_updated: bool = False

    @property
    def ok(self) -> bool:
        return not self.failed


def collect_sources(paths: Iterable[str]) -> tuple[list[SourceFile], list[tuple[str, str]]]:
    """Expand files and folders into report files; name the paths that cannot be read."""
    files: list[SourceFile] = []
    missing: list[tuple[str, str]] = []
    for given in paths:
        path = Path(given)
        if path.is_dir():
            candidates = sorted(
                child for child in path.rglob("*") if child.suffix.lower() in REPORT_SUFFIXES
            )
            found = [child for child in candidates if child.is_file()]
            for child in candidates:
                if child.is_symlink() and not child.exists():
                    name = display_source(os.path.join(given, child.relative_to(path)))
                    missing.append((name, "broken link: its target does not exist"))
            if not candidates:
                missing.append((display_source(given), "folder holds no .pdf or .txt files"))
            files.extend(
                SourceFile(child, display_source(os.path.join(given, child.relative_to(path))))
                for child in found
            )
        elif path.is_file():
            files.append(SourceFile(path, display_source(given)))
        else:
            missing.append((display_source(given), "no such file or folder"))
    unique = {file.source: file for file in files}
    return list(unique.values()), missing


def display_source(path: str) -> str:
    """Return a path as text that is valid Unicode.

    A file name that is not UTF-8 reaches Python with surrogate escapes, which cannot be written
    to the graph or the terminal; its odd bytes are shown as \\xNN instead.
    """
    return path.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


@cache
def code_fingerprint() -> str:
    """Return a hash of the code and reference data that shape the graph.

    A change to any parser, the mapping, the register or the ontology changes it, so files
    parsed by older code are parsed again on the next build.
    """
    project = Path(__file__).resolve().parent.parent
    digest = hashlib.sha256()
    for folder, patterns in (
        ("loaders", ("**/*.py",)),
        ("graph", ("*.py", "data/*.csv")),
        ("ontology", ("*.ttl",)),
    ):
        for pattern in patterns:
            for path in sorted((project / folder).glob(pattern)):
                digest.update(path.relative_to(project).as_posix().encode())
                digest.update(path.read_bytes())
    return digest.hexdigest()[:20]


Parsed = tuple[str, bytes | None, str | None, list[str]]  # source, N-Quads, failure, warnings


def _parse_to_nquads(file: SourceFile, document: Document | None = None) -> Parsed:
    """Parse one file, or the text already extracted from it, in a worker."""
    try:
        if document is None:
            outcome = _parsing().load_file(file.path, file.source)
        else:
            outcome = _parsing().load_document(document, file.path.name)
        quads, warnings = _mapping().map_outcome(outcome, _worker_register())
    except LoadError as error:
        return file.source, None, error.reason, []
    except Exception as error:  # noqa: BLE001 - one file's bug must not lose the whole batch
        return file.source, None, f"internal error ({type(error).__name__}: {error})", []
    return file.source, quads_to_nquads(quads), None, warnings


def _prepare_for_workers(to_parse: list[SourceFile]) -> None:
    """Load and import, once, what every parse worker needs, so that the forked ones inherit it."""
    _worker_register()
    if to_parse:
        _parsing(), _mapping()
    if any(file.path.suffix.lower() == ".pdf" for file in to_parse):
        import pypdfium2  # noqa: F401 - else each worker imports it on its first PDF


# The parsers and the mapping are imported only when a file needs parsing (in the parent,
# before the workers fork, so they inherit them): a rebuild with nothing changed starts fast.
def _parsing() -> ModuleType:
    import loaders.pipeline

    return loaders.pipeline


def _mapping() -> ModuleType:
    import graph.mapping

    return graph.mapping


def _reference_nquads() -> bytes:
    from graph.reference import reference_quads

    return quads_to_nquads(reference_quads(_worker_register()))


@cache
def _worker_register() -> Register:
    from graph.register import Register

    return Register.load()


def _file_size(file: SourceFile) -> int:
    try:
        return file.path.stat().st_size
    except OSError:
        return 0  # gone since it was listed: its worker names the reason


def _hash_file(file: SourceFile) -> str | None:
    try:
        return content_hash(file.path.read_bytes())
    except OSError:
        return None


def build(
    store: Store,
    paths: Sequence[str],
    *,
    workers: int | None = None,
    force: bool = False,
    on_progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Load `paths` into `store`; unchanged files are skipped, changed ones replace their graph."""
    result = BuildResult()
    files, missing = collect_sources(paths)
    result.failed.extend(missing)
    stored = store.stored_reports()
    fingerprint = code_fingerprint()
    stale_code = force or _stored_fingerprint(store) != fingerprint
    to_parse: list[SourceFile] = []
    for file in files:
        previous = stored.get(file.source)
        # Hashed only when it could spare the parse; the worker hashes what it reads anyway.
        if not stale_code and previous is not None and previous.content_hash == _hash_file(file):
            result.unchanged.append(file.source)
            if on_progress:
                on_progress(file.source)
        else:
            to_parse.append(file)
    needs_reference = stale_code or REFERENCE_GRAPH not in store.named_graphs()
    if not to_parse and not needs_reference:
        return result

    workers = workers or os.cpu_count() or 1
    pooled = workers > 1 and len(to_parse) >= MIN_FILES_FOR_POOL
    if pooled:
        # Largest files first so the pool does not end waiting on one big PDF.
        to_parse.sort(key=_file_size, reverse=True)
    with _early_extraction(to_parse if pooled else []) as early:
        _prepare_for_workers(to_parse)
        with (
            _parsing_pool(to_parse, workers, early)
            if pooled
            else contextlib.nullcontext(map(_parse_to_nquads, to_parse)) as parsed,
            store.transaction() as transaction,
            _LoadBatch(transaction) as batch,
        ):
            _load_parsed(
                parsed,
                len(to_parse),
                batch,
                result,
                needs_reference=needs_reference,
                fingerprint=fingerprint,
                on_progress=on_progress,
            )
    return result


def _load_parsed(
    parsed: Iterable[Parsed],
    count: int,
    batch: _LoadBatch,
    result: BuildResult,
    *,
    needs_reference: bool,
    fingerprint: str,
    on_progress: Callable[[str], None] | None,
) -> None:
    """Hand each parsed file to the loader as it comes, then the reference and build graphs."""
    extras_due = True
    for position, (source, nquads, reason, warnings) in enumerate(parsed, start=1):
        if on_progress:
            on_progress(source)
        result.warnings.extend((source, message) for message in warnings)
        if nquads is None:
            result.failed.append((source, reason or "unknown failure"))
        else:
            batch.replace(report_iri(source).value, nquads)
            result.loaded.append(source)
        if count - position == LAST_BATCH_FILES:
            batch.load_gathered()
        if extras_due:
            # Made while the workers parse the next files, not after the last one.
            _load_extras(batch, needs_reference=needs_reference, fingerprint=fingerprint)
            extras_due = False
    if extras_due:
        _load_extras(batch, needs_reference=needs_reference, fingerprint=fingerprint)
    result.reference_updated = needs_reference
    batch.finish()


def _load_extras(batch: _LoadBatch, *, needs_reference: bool, fingerprint: str) -> None:
    """Add the reference graph (if due) and the graph that records this build."""
    if needs_reference:
        batch.replace(REFERENCE_GRAPH, _reference_nquads())
    batch.replace(BUILD_GRAPH, quads_to_nquads(_build_quads(fingerprint)))


class _LoadBatch:
    """Load graphs in few bulk loads, on a writer thread, while the workers go on parsing.

    Each bulk load writes and ingests its own sorted files, so one per report would cost far
    more than the data itself, and one at the end would leave the cores idle while it ran.
    Batches start small, so the first load overlaps the parsing, and grow with the data
    loaded (capped, so a huge build does not sit in memory); pyoxigraph releases the GIL
    while it loads. Every store operation goes through the one writer thread, in order.
    """

    MIN_BYTES = 6 * 1024 * 1024
    MAX_BYTES = 64 * 1024 * 1024
    # From this many bytes loaded in one build the store is compacted before it is published:
    # a few seconds per 1,000 reports, repaid by every later query over the whole graph.
    COMPACT_FROM_BYTES = 256 * 1024 * 1024
    # Batches handed to the writer and not yet loaded, at most: parsing waits beyond that.
    IN_FLIGHT = 2

    def __init__(self, transaction: Transaction) -> None:
        self.transaction = transaction
        self.parts: list[bytes] = []
        # The same quads' triples, for the store's default graph, while every part has them.
        self.triple_parts: list[bytes] | None = []
        self.size = 0
        self.loaded = 0
        from concurrent.futures import ThreadPoolExecutor

        self._writer = ThreadPoolExecutor(max_workers=1, thread_name_prefix="ofsted-kg-load")
        self._operations: list[Future[None]] = []
        self._loads: deque[Future[None]] = deque()

    def __enter__(self) -> _LoadBatch:
        return self

    def __exit__(self, *exc_info: object) -> None:
        # On failure the transaction is abandoned; still wait, so nothing writes after it.
        self._writer.shutdown(wait=True, cancel_futures=True)

    def replace(self, graph: str, nquads: bytes) -> None:
        """Replace `graph` with `nquads`, in the current batch."""
        self._operations.append(self._writer.submit(self.transaction.drop_graph, graph))
        self.parts.append(nquads)
        if self.triple_parts is not None:
            # Every line pyoxigraph wrote ends with the graph's IRI: cut it, and the line is a
            # triple. (A part with another graph in it keeps the store deriving them itself.)
            ending = f" <{graph}> .\n".encode()
            if nquads.count(ending) == nquads.count(b"\n"):
                self.triple_parts.append(nquads.replace(ending, b" .\n"))
            else:
                self.triple_parts = None
        self.size += len(nquads)
        if self.size >= min(self.MAX_BYTES, max(self.MIN_BYTES, self.loaded // 4)):
            self._send()

    def load_gathered(self) -> None:
        """Load the current batch now, however small."""
        self._send()

    def finish(self) -> None:
        """Load what is left and wait for every operation; raise the first store error."""
        self._send()
        for operation in self._operations:
            operation.result()
        if self.loaded >= self.COMPACT_FROM_BYTES:
            self.transaction.compact()

    def _send(self) -> None:
        if not self.parts:
            return
        while len(self._loads) >= self.IN_FLIGHT:
            self._loads.popleft().result()
        # The graphs were written by pyoxigraph from terms it had checked when they were made.
        triples = None if self.triple_parts is None else b"".join(self.triple_parts)
        load = self._writer.submit(
            self.transaction.load_nquads, b"".join(self.parts), trusted=True, triples=triples
        )
        self._operations.append(load)
        self._loads.append(load)
        self.loaded += self.size
        self.parts, self.triple_parts, self.size = [], [], 0


@contextlib.contextmanager
def _parsing_pool(
    ordered: list[SourceFile], workers: int, early: EarlyExtraction | None
) -> Iterator[Iterator[Parsed]]:
    """Start parsing `ordered` (largest first) on `workers` processes; yield their results.

    The workers start on entry, so they are busy while the caller opens the store.
    """
    from concurrent.futures import ProcessPoolExecutor
    from multiprocessing import get_context

    pool = ProcessPoolExecutor(
        max_workers=workers, mp_context=get_context("fork"), initializer=_quiet_collector
    )
    try:
        early_sources = early.sources if early else frozenset()
        futures = [
            pool.submit(_parse_to_nquads, file)
            for file in ordered
            if file.source not in early_sources
        ]
        yield _pool_results(pool, futures, ordered, early)
    finally:
        pool.shutdown(wait=True, cancel_futures=True)


def _pool_results(
    pool: Executor,
    futures: list[Future[Parsed]],
    ordered: list[SourceFile],
    early: EarlyExtraction | None,
) -> Iterator[Parsed]:
    import concurrent.futures
    from concurrent.futures.process import BrokenProcessPool

    finished: set[str] = set()
    try:
        if early:
            # The workers are running: the early extraction has had its time.
            extracted = early.collect()
            for file in ordered:
                if file.source in extracted.failures:
                    finished.add(file.source)
                    yield file.source, None, extracted.failures[file.source], []
                elif file.source in early.sources:
                    document = extracted.documents.get(file.source)
                    futures.append(pool.submit(_parse_to_nquads, file, document))
        for future in concurrent.futures.as_completed(futures):
            outcome = future.result()
            finished.add(outcome[0])
            yield outcome
    except BrokenProcessPool:
        # A worker died (pdfium crashing on a hostile PDF, the OOM killer) and took the pool
        # with it; which file killed it is unknown, so each unfinished file gets its own
        # process: the culprit is named and the others still load.
        for file in ordered:
            if file.source not in finished:
                yield _parse_isolated(file)


@contextlib.contextmanager
def _early_extraction(ordered: list[SourceFile]) -> Iterator[EarlyExtraction | None]:
    """Extract the smallest files of `ordered` while the build starts (graph/early_extraction)."""
    sizes = [_file_size(file) for file in ordered]
    budget = EARLY_EXTRACTION_SHARE * sum(sizes)
    smallest: list[SourceFile] = []
    for file, size in zip(reversed(ordered), reversed(sizes), strict=True):
        budget -= size
        if budget < 0:
            break
        smallest.append(file)
    if not smallest:
        yield None
        return
    try:
        early = EarlyExtraction([(file.path, file.source) for file in smallest])
    except OSError:  # no process to spare (a process limit): the workers extract everything
        yield None
        return
    with early:
        yield early


def _quiet_collector() -> None:
    """Make the cyclic garbage collector run rarely in a parse worker.

    Parsing makes many short-lived objects and few cycles, so the default thresholds spend
    a few percent of the worker's time scanning; the objects inherited from the parent are
    frozen so no collection scans them (or copies their pages by touching them).
    """
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)


def _parse_isolated(file: SourceFile) -> tuple[str, bytes | None, str | None, list[str]]:
    """Parse one file in a process of its own; a crash becomes a failure naming the file."""
    from concurrent.futures import ProcessPoolExecutor
    from concurrent.futures.process import BrokenProcessPool
    from multiprocessing import get_context

    try:
        with ProcessPoolExecutor(max_workers=1, mp_context=get_context("fork")) as pool:
            return pool.submit(_parse_to_nquads, file).result()
    except BrokenProcessPool:
        return file.source, None, "the parsing process crashed on this file", []


def _stored_fingerprint(store: Store) -> str | None:
    rows = list(
        store.query(
            f"SELECT ?v WHERE {{ GRAPH <{BUILD_GRAPH}> {{ <{BUILD_GRAPH}> <{DCTERMS}hasVersion> ?v }} }}"  # noqa: E501
        )
    )
    return rows[0]["v"].value if rows else None


def _build_quads(fingerprint: str) -> list[ox.Quad]:
    out = QuadWriter(BUILD_GRAPH)
    subject = node(BUILD_GRAPH)
    out.add(subject, DCTERMS + "hasVersion", text(fingerprint))
    out.add(subject, SCHEMA_VERSION, text(__version__))
    out.add(subject, DCTERMS + "modified", date(dt.datetime.now(dt.UTC).date()))
    return out.quads

"""Loading while parsing: graphs go to the store in batches on a writer thread.

However the batches fall, the store must hold the same quads; a batch the store refuses must
abort the whole build and leave the previous graph as it was.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph import build as build_module
from graph.build import build
from graph.store import EmbeddedStore, StoreError, _EmbeddedTransaction
from tests.conftest import SEED_FILES

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
REPORT_GRAPHS = "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"


def quads(store: EmbeddedStore) -> tuple[set[str], int]:
    """Return the quads without blank nodes (named afresh by each load), and how many have one."""
    # The build graph records the day; everything else must match exactly.
    kept = [
        str(quad)
        for quad in store.raw().quads_for_pattern(None, None, None, None)
        if isinstance(quad.graph_name, ox.NamedNode) and "/graph/build" not in str(quad.graph_name)
    ]
    plain = {quad for quad in kept if "_:" not in quad}
    return plain, len(kept) - len(plain)


def count(store: EmbeddedStore, query: str = COUNT) -> int:
    return int(next(iter(store.query(query)))["n"].value)


def spy_on_loads(monkeypatch: pytest.MonkeyPatch, fail_at: int | None = None) -> list[int]:
    """Record the size of each bulk load from now on; make load number `fail_at` fail."""
    sizes: list[int] = []
    original = _EmbeddedTransaction.load_nquads

    def recorded(self: _EmbeddedTransaction, data: bytes, **options: object) -> None:
        sizes.append(len(data))
        if len(sizes) == fail_at:
            raise StoreError("disk full (simulated)")
        original(self, data, **options)

    monkeypatch.setattr(_EmbeddedTransaction, "load_nquads", recorded)
    return sizes


def test_one_report_per_batch_gives_the_same_store_as_one_batch(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = [str(path) for path in SEED_FILES.values()]
    whole = EmbeddedStore(tmp_path / "whole")
    build(whole, seeds, workers=1)
    monkeypatch.setattr(build_module._LoadBatch, "MIN_BYTES", 1)
    monkeypatch.setattr(build_module._LoadBatch, "MAX_BYTES", 1)
    loads = spy_on_loads(monkeypatch)
    batched = EmbeddedStore(tmp_path / "batched")
    result = build(batched, seeds, workers=1)
    assert len(result.loaded) == len(SEED_FILES)
    assert len(loads) >= len(SEED_FILES)  # each report, the reference and build graphs apart
    assert quads(batched) == quads(whole)
    assert count(batched) > 1000


def test_a_batch_the_store_refuses_aborts_the_build_and_keeps_the_old_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    reports = tmp_path / "reports"
    reports.mkdir()
    shutil.copy(SEED_FILES["000"], reports)
    store = EmbeddedStore(tmp_path / "store")
    build(store, [str(reports)], workers=1)
    before = count(store)
    for key in ("002", "003", "004"):
        shutil.copy(SEED_FILES[key], reports)
    monkeypatch.setattr(build_module._LoadBatch, "MIN_BYTES", 1)
    loads = spy_on_loads(monkeypatch, fail_at=2)
    with pytest.raises(StoreError, match="disk full"):
        build(store, [str(reports)], workers=1)
    assert len(loads) >= 2  # the failing load was tried (later ones may have been queued)
    reopened = EmbeddedStore(tmp_path / "store")
    assert count(reopened) == before
    assert count(reopened, REPORT_GRAPHS) == count(store, REPORT_GRAPHS)


def test_a_large_build_is_compacted_and_keeps_every_quad(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seeds = [str(path) for path in SEED_FILES.values()]
    plain = EmbeddedStore(tmp_path / "plain")
    build(plain, seeds, workers=1)
    compactions: list[bool] = []
    original = _EmbeddedTransaction.compact

    def counted(self: _EmbeddedTransaction) -> None:
        compactions.append(True)
        original(self)

    monkeypatch.setattr(_EmbeddedTransaction, "compact", counted)
    build(EmbeddedStore(tmp_path / "small"), seeds, workers=1)
    assert compactions == []  # far below the threshold: not worth the time
    monkeypatch.setattr(build_module._LoadBatch, "COMPACT_FROM_BYTES", 1)
    compacted = EmbeddedStore(tmp_path / "compacted")
    build(compacted, seeds, workers=1)
    assert compactions == [True]
    assert quads(compacted) == quads(plain)


def test_what_is_left_to_load_after_the_last_file_is_only_the_last_files(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Five seeds are far below a batch: without the rule they would all load after the last.
    seeds = [str(path) for path in SEED_FILES.values()]
    monkeypatch.setattr(build_module, "LAST_BATCH_FILES", 2)
    loads = spy_on_loads(monkeypatch)
    build(EmbeddedStore(tmp_path / "store"), seeds, workers=1)
    assert len(loads) == 2
    first_three_and_reference, last_two = loads
    assert 0 < last_two < first_three_and_reference

"""The embedded store: changes become visible whole or not at all, even under kill -9."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest

from graph.store import EmbeddedStore, StoreError, open_store

GRAPH = "https://w3id.org/ofsted-kg/id/report/test"


def _nquads(count: int, graph: str = GRAPH, label: str = "v") -> bytes:
    lines = [f'<urn:s{i}> <urn:p> "{label}{i}" <{graph}> .' for i in range(count)]
    return ("\n".join(lines) + "\n").encode()


def _count(store: EmbeddedStore) -> int:
    return int(next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")))["n"].value)


def test_an_empty_store_answers_with_no_rows(tmp_path: Path) -> None:
    assert _count(EmbeddedStore(tmp_path / "new")) == 0


def test_a_transaction_publishes_its_changes_together(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    with store.transaction() as transaction:
        transaction.load_nquads(_nquads(10))
    assert _count(store) == 10
    assert store.named_graphs() == [GRAPH]


def test_a_failed_transaction_leaves_the_previous_graph_whole(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    with store.transaction() as transaction:
        transaction.load_nquads(_nquads(10))
    with pytest.raises(RuntimeError), store.transaction() as transaction:
        transaction.drop_graph(GRAPH)
        transaction.load_nquads(_nquads(3, label="new"))
        raise RuntimeError("parser crashed")
    assert _count(store) == 10
    assert len(list((tmp_path / "generations").iterdir())) == 1


def test_replacing_a_graph_leaves_other_graphs(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    other = GRAPH + "-other"
    with store.transaction() as transaction:
        transaction.load_nquads(_nquads(5) + _nquads(4, graph=other))
    with store.transaction() as transaction:
        transaction.drop_graph(GRAPH)
        transaction.load_nquads(_nquads(2, label="new"))
    rows = store.query("SELECT ?g (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } } GROUP BY ?g")
    assert {row["g"].value: int(row["n"].value) for row in rows} == {GRAPH: 2, other: 4}


def test_a_reader_sees_a_new_generation_without_reopening(tmp_path: Path) -> None:
    writer, reader = EmbeddedStore(tmp_path), EmbeddedStore(tmp_path)
    with writer.transaction() as transaction:
        transaction.load_nquads(_nquads(1))
    assert _count(reader) == 1
    with writer.transaction() as transaction:
        transaction.load_nquads(_nquads(7, graph=GRAPH + "2", label="w"))  # 7 new triples
    assert _count(reader) == 8


def test_a_second_writer_is_refused_while_one_is_writing(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    with store.transaction(), pytest.raises(StoreError, match="another build"):  # noqa: SIM117
        with EmbeddedStore(tmp_path).transaction():
            pass


def test_a_folder_that_is_not_a_store_is_named(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("hello")
    with pytest.raises(StoreError, match="not an ofsted-kg store"):
        EmbeddedStore(tmp_path).query("ASK { ?s ?p ?o }")


def test_open_store_chooses_by_location(tmp_path: Path) -> None:
    assert isinstance(open_store(str(tmp_path)), EmbeddedStore)


KILLED_WRITER = textwrap.dedent(
    """
    import sys, time
    from graph.store import EmbeddedStore
    store = EmbeddedStore(sys.argv[1])
    with store.transaction() as transaction:
        transaction.drop_graph(sys.argv[2])
        for chunk in range(1000):
            lines = [f'<urn:k{chunk}-{i}> <urn:p> "x" <{sys.argv[2]}> .' for i in range(200)]
            transaction.load_nquads(("\\n".join(lines) + "\\n").encode())
            if chunk == 5:
                print("writing", flush=True)
        time.sleep(60)
    """
)


def test_kill_9_during_a_build_leaves_the_previous_graph_whole(tmp_path: Path) -> None:
    store = EmbeddedStore(tmp_path)
    with store.transaction() as transaction:
        transaction.load_nquads(_nquads(25))
    writer = subprocess.Popen(
        [sys.executable, "-c", KILLED_WRITER, str(tmp_path), GRAPH],
        stdout=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONPATH": str(Path(__file__).resolve().parent.parent)},
    )
    assert writer.stdout is not None
    assert writer.stdout.readline().strip() == "writing"
    time.sleep(0.2)
    writer.send_signal(signal.SIGKILL)
    writer.wait(timeout=10)
    reader = EmbeddedStore(tmp_path)
    assert _count(reader) == 25
    whole = reader.current_generation()
    abandoned = {path.name for path in (tmp_path / "generations").iterdir()} - {whole}
    assert len(abandoned) == 1
    # The next build starts from the whole previous generation and clears the abandoned one;
    # the previous generation stays for readers that still have it open.
    with reader.transaction() as transaction:
        transaction.load_nquads(_nquads(1, graph=GRAPH + "-next", label="w"))  # a new triple
    assert _count(reader) == 26
    remaining = {path.name for path in (tmp_path / "generations").iterdir()}
    assert remaining == {whole, reader.current_generation()}

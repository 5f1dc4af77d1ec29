"""Helpers for the endpoint tests: a store from N-Quads, an app, and real servers in a thread."""

from __future__ import annotations

import contextlib
import threading
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from flask import Flask
from waitress.server import create_server

from graph.settings import Settings
from graph.store import EmbeddedStore
from web import create_app
from web.front import Front
from web.query_runner import get_runner


def store_with(path: Path, nquads: str) -> EmbeddedStore:
    """Return an embedded store at `path` holding exactly `nquads`."""
    store = EmbeddedStore(path)
    with store.transaction() as transaction:
        for graph in store.named_graphs():
            transaction.drop_graph(graph)
        transaction.load_nquads(nquads.encode("utf-8"))
    return store


@contextlib.contextmanager
def running_app(
    store: Path, config: dict[str, Any] | None = None, **settings: Any
) -> Iterator[Flask]:
    """Yield an app over `store` (folder or server URL) in test mode; stop its workers after."""
    app = create_app(
        Settings(store=str(store), **settings),
        {"TESTING": True, "QUERY_WORKERS": 2, **(config or {})},
    )
    try:
        yield app
    finally:
        get_runner(app).close()


def wait_for_workers(app: Flask, count: int, seconds: float = 30.0) -> bool:
    """Wait until `app` has `count` live query workers; return False if it did not in time."""
    runner = get_runner(app)
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if runner.worker_count >= count:
            return True
        time.sleep(0.05)
    return False


@contextlib.contextmanager
def live_server(app: Flask) -> Iterator[str]:
    """Serve `app` with waitress on 127.0.0.1 (a free port); yield its base URL."""
    server = create_server(app, host="127.0.0.1", port=0, threads=4)
    thread = threading.Thread(target=server.run, name="test-waitress", daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.effective_port}"
    finally:
        server.close()
        thread.join(timeout=10)


@contextlib.contextmanager
def live_front(
    store: Path | str, config: dict[str, Any] | None = None, processes: int = 2, **settings: Any
) -> Iterator[tuple[str, Front]]:
    """Serve the store with `ofsted-kg serve`'s front and serving processes (test mode) on a
    free port of 127.0.0.1; yield its base URL and the front once a query is answered."""
    front = Front(
        Settings(store=str(store), host="127.0.0.1", port=0, **settings),
        processes,
        {"TESTING": True, **(config or {})},
        log=lambda line: None,
    )
    front.start()
    thread = threading.Thread(target=front.serve_forever, name="test-front", daemon=True)
    thread.start()
    base = f"http://127.0.0.1:{front.port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{base}/sparql?query=ASK%7B%7D", timeout=30) as reply:
                    if reply.status == 200:
                        break
            except OSError:
                if time.monotonic() > deadline:
                    raise
                time.sleep(0.1)
        yield base, front
    finally:
        front.stop()
        thread.join(timeout=30)


ID = "https://w3id.org/ofsted-kg/id/"
OKG = "https://w3id.org/ofsted-kg/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS = "http://www.w3.org/2000/01/rdf-schema#"
XSD_INTEGER = "http://www.w3.org/2001/XMLSchema#integer"
ALPHA = ID + "report/alpha"
BETA = ID + "report/beta"
# Two report graphs, 7 + 4 = 11 triples. The recommendation text holds a comma, quotes and a
# line break, which CSV, TSV, JSON and XML must each escape in their own way.
RECOMMENDATION_TEXT = 'Improve supervision, so that "plans" are reviewed.\nWithin three months.'
_ESCAPED_TEXT = RECOMMENDATION_TEXT.replace('"', '\\"').replace("\n", "\\n")
SAMPLE_NQUADS = f"""
<{ID}inspection/alpha> <{RDF_TYPE}> <{OKG}Inspection> <{ALPHA}> .
<{ID}inspection/alpha> <{RDFS}label> "Alphaton children's services inspection"@en <{ALPHA}> .
<{ID}judgement/alpha-overall> <{OKG}judgementOf> <{ID}inspection/alpha> <{ALPHA}> .
<{ID}judgement/alpha-overall> <{OKG}grade> <{ID}grade/good> <{ALPHA}> .
<{ID}recommendation/alpha-1> <{OKG}judgementOf> <{ID}inspection/alpha> <{ALPHA}> .
<{ID}recommendation/alpha-1> <{RDFS}comment> "{_ESCAPED_TEXT}" <{ALPHA}> .
<{ID}recommendation/alpha-1> <{OKG}number> "1"^^<{XSD_INTEGER}> <{ALPHA}> .
<{ID}inspection/beta> <{RDF_TYPE}> <{OKG}Inspection> <{BETA}> .
<{ID}inspection/beta> <{RDFS}label> "Betaford inspection" <{BETA}> .
<{ID}judgement/beta-overall> <{OKG}judgementOf> <{ID}inspection/beta> <{BETA}> .
<{ID}judgement/beta-overall> <{OKG}grade> <{ID}grade/inadequate> <{BETA}> .
"""
SAMPLE_TRIPLES = 11
# Twelve unconstrained patterns over 11 triples: 11**12 rows to count, far past any limit.
ENDLESS_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"
)

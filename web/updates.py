"""SPARQL Update for the test mode only, so the W3C protocol tests' update cases can run.

`create_app` refuses ALLOW_UPDATES outside TESTING: the served endpoint is read-only. An update
runs on a scratch copy of the graph, honouring the protocol's using-graph-uri and
using-named-graph-uri by adding USING clauses; the result is then published as a new store
generation, so the query workers see it on their next query. The default graph is the merge of
the named graphs, which the store keeps, so an update may only leave triples in named graphs.
"""

from __future__ import annotations

import threading

import pyoxigraph as ox
from flask import Flask, current_app

from graph.sparql_text import (
    add_using,
    cleared_graphs,
    has_using_or_with,
    service_calls,
    tokens,
)
from graph.store import EmbeddedStore, StoreError, open_store
from graph.vocab import PREFIXES
from web.errors import BadRequest, Forbidden, QueryFailed, QuerySyntaxError
from web.execution import syntax_position

EXTENSION = "ofsted_kg_test_updates"


class _UpdateTarget:
    def __init__(self, store: EmbeddedStore) -> None:
        self.store = store
        self.lock = threading.Lock()


def init_app(app: Flask) -> None:
    """Open the store for writing updates, if the app allows them (test mode)."""
    if not app.config["ALLOW_UPDATES"]:
        return
    store = open_store(app.config["SETTINGS"].store)
    if not isinstance(store, EmbeddedStore):
        raise ValueError("test-mode updates need the embedded store")
    app.extensions[EXTENSION] = _UpdateTarget(store)


def run_update(
    text: str, using_graphs: list[str], using_named_graphs: list[str], base_iri: str
) -> None:
    """Apply a SPARQL Update to the store and publish the result."""
    target: _UpdateTarget = current_app.extensions[EXTENSION]
    if (using_graphs or using_named_graphs) and has_using_or_with(text):
        raise BadRequest(
            "give the update's dataset either with USING/WITH or with using-graph-uri/"
            "using-named-graph-uri, not both"
        )
    if any(token.depth == 0 and token.is_keyword("LOAD") for token in tokens(text)):
        raise Forbidden("LOAD is refused: the endpoint fetches nothing from the network")
    if service_calls(text, PREFIXES, base_iri):
        raise Forbidden("SERVICE is refused in updates")
    text = add_using(text, using_graphs, using_named_graphs)
    with target.lock:
        scratch = ox.Store()
        # The named graphs only: the stored default graph is their merge, which the
        # transaction below writes again.
        scratch.extend(
            quad
            for quad in target.store.raw().quads_for_pattern(None, None, None)
            if not isinstance(quad.graph_name, ox.DefaultGraph)
        )
        # The store keeps no empty graphs, so every graph exists (if empty) and may be
        # cleared or dropped; the scratch copy must not call that an error.
        for graph in cleared_graphs(text, PREFIXES, base_iri):
            scratch.add_graph(ox.NamedNode(graph))
        try:
            scratch.update(text, base_iri=base_iri, prefixes=PREFIXES)
        except SyntaxError as error:
            raise QuerySyntaxError(str(error), *syntax_position(str(error))) from None
        except (OSError, ValueError, RuntimeError) as error:
            raise QueryFailed(f"the update failed: {error}") from error
        if next(scratch.quads_for_pattern(None, None, None, ox.DefaultGraph()), None):
            raise BadRequest(
                "updates must write into named graphs: the default graph is the union of them"
            )
        try:
            with target.store.transaction() as transaction:
                for graph in target.store.named_graphs():
                    transaction.drop_graph(graph)
                transaction.load_nquads(scratch.dump(format=ox.RdfFormat.N_QUADS) or b"")
        except StoreError as error:
            raise QueryFailed(f"the update could not be saved: {error}") from error

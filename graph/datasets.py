"""Queries whose default graph merges several graphs, answered with each triple once.

A query may name the graphs its default graph is made of: the protocol's `default-graph-uri`
(given more than once), or the query's own FROM clauses. SPARQL makes that default graph the
RDF merge of the graphs, a set; pyoxigraph evaluates it as their union and matches a triple
once per listed graph stating it (oxigraph issue #1919, as with its union default graph), so a
fact that two of the listed reports state was counted twice. Such a query therefore runs on a
scratch in-memory store holding the merge as its default graph, beside the dataset's named
graphs as they are. A default graph of one graph, or of none, is answered by pyoxigraph as it
is: nothing can be stated twice there. (pyoxigraph also matches a graph listed twice twice,
as a default graph or a named one: such a dataset takes the scratch store too.)
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass

import pyoxigraph as ox

from graph.iris import PREFIXES
from graph.sparql_text import dataset_clauses


@dataclass(frozen=True, slots=True)
class QueryDataset:
    """The graphs a query's default graph merges, and the named graphs it may read."""

    default_graphs: tuple[str, ...]
    named_graphs: tuple[str, ...]

    @property
    def needs_merge(self) -> bool:
        """Whether pyoxigraph would match a triple more than once: the default graph lists two
        or more graphs (or one twice), or a named graph is listed twice."""
        return len(self.default_graphs) > 1 or len(set(self.named_graphs)) < len(self.named_graphs)


def requested_dataset(
    sparql: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    prefixes: Mapping[str, str],
    base_iri: str | None = None,
) -> QueryDataset | None:
    """Return the dataset a request names, or None if it names none (then the store's default
    graph and all its named graphs are the dataset).

    The protocol's graphs, when any are given, replace the query's FROM and FROM NAMED
    clauses, as the SPARQL 1.1 Protocol says.
    """
    if default_graphs is not None or named_graphs is not None:
        return QueryDataset(tuple(default_graphs or ()), tuple(named_graphs or ()))
    from_graphs, from_named_graphs = dataset_clauses(sparql, prefixes, base_iri or "")
    if not from_graphs and not from_named_graphs:
        return None
    return QueryDataset(tuple(from_graphs), tuple(from_named_graphs))


def query_if_merging(
    graphs_of: Callable[[QueryDataset], ox.Store],
    sparql: str,
    *,
    default_graphs: Sequence[str] | None = None,
    named_graphs: Sequence[str] | None = None,
    base_iri: str | None = None,
) -> ox.QueryResults | None:
    """Answer `sparql` if the dataset it or the protocol's graphs name needs the merge, over the
    graphs of `graphs_of(dataset)` (a store holding at least the dataset's graphs, as named
    graphs); return None if it does not, for the store to answer as usual."""
    dataset = requested_dataset(
        sparql,
        default_graphs=default_graphs,
        named_graphs=named_graphs,
        prefixes=PREFIXES,
        base_iri=base_iri,
    )
    if dataset is None or not dataset.needs_merge:
        return None
    scratch = ox.Store()
    scratch.extend(_dataset_quads(graphs_of(dataset), dataset))
    return scratch.query(
        sparql,
        base_iri=base_iri,
        prefixes=PREFIXES,
        default_graph=ox.DefaultGraph(),
        named_graphs=[ox.NamedNode(graph) for graph in dict.fromkeys(dataset.named_graphs)],
    )


def _dataset_quads(source: ox.Store, dataset: QueryDataset) -> Iterator[ox.Quad]:
    for graph in dict.fromkeys(dataset.default_graphs):
        for quad in source.quads_for_pattern(None, None, None, ox.NamedNode(graph)):
            yield ox.Quad(quad.subject, quad.predicate, quad.object)
    for graph in dict.fromkeys(dataset.named_graphs):
        yield from source.quads_for_pattern(None, None, None, ox.NamedNode(graph))

"""The store as any SPARQL 1.1 server: queries by the SPARQL protocol, writes by the Graph Store
Protocol.

`RemoteStore("http://host:7878")` talks to an Oxigraph server laid out as `oxigraph serve` lays
it out (`/query`, `/store`); a URL ending in `/query` or `/sparql` is taken as the query
endpoint itself, with the graph store beside it at `store`. Other layouts (Fuseki's `/data`) are
given explicitly: `RemoteStore(url, store_endpoint=...)`.

The default graph is the merge of the named graphs, each triple once, as in the embedded store:
a transaction that changed any graph ends by reading the named graphs back and putting their
merge as the server's default graph (Oxigraph's own `union-default-graph` would match a triple
once per graph stating it, oxigraph issue #1919, and a server without such an option would
answer from an empty default graph). A blank node in the default graph is not the same node as
in its named graph there: the Graph Store Protocol names blank nodes anew. Writes are collected
by the transaction and sent when the block ends, one PUT (or DELETE) per named graph: a failure
inside the block sends nothing, but the server applies the graphs one by one, so a failure
while sending can leave some graphs replaced and others not.
"""

from __future__ import annotations

import ast
import contextlib
import re
import urllib.error
import urllib.request
from collections import defaultdict
from collections.abc import Iterator
from urllib.parse import quote, urlsplit, urlunsplit

import pyoxigraph as ox
from SPARQLWrapper import POST, POSTDIRECTLY, SPARQLWrapper
from SPARQLWrapper.SPARQLExceptions import QueryBadFormed, SPARQLWrapperException

from graph.datasets import query_if_merging
from graph.store import STORED_REPORTS_QUERY, StoredReport, StoreError
from graph.vocab import PREFIXES

# Results first (SELECT, ASK), then graphs (CONSTRUCT, DESCRIBE): the server picks what fits.
ACCEPT = (
    "application/sparql-results+json, application/n-triples;q=0.9, text/turtle;q=0.8, "
    "application/sparql-results+xml;q=0.5"
)
NAMED_GRAPHS_QUERY = "SELECT DISTINCT ?graph WHERE { GRAPH ?graph { } }"
MERGE_QUERY = "CONSTRUCT { ?s ?p ?o } WHERE { GRAPH ?g { ?s ?p ?o } }"
# Report graphs beside an empty default graph: the store lacks their merge.
MERGE_MISSING_QUERY = "ASK { FILTER (NOT EXISTS { ?s ?p ?o } && EXISTS { GRAPH ?g { ?s ?p ?o } }) }"
_FIRST_LINE_POSITION = re.compile(r"\b1:(\d+)")


class RemoteStoreError(StoreError, OSError):
    """The SPARQL server refused or failed a request; the message says why."""


def endpoints(location: str) -> tuple[str, str]:
    """Return the (query, graph store) endpoint URLs for a server `location`."""
    scheme, netloc, path, _, _ = urlsplit(location)
    trimmed = path.rstrip("/")
    head, _, last = trimmed.rpartition("/")
    if last in ("query", "sparql"):
        return location, urlunsplit((scheme, netloc, f"{head}/store", "", ""))
    return (
        urlunsplit((scheme, netloc, f"{trimmed}/query", "", "")),
        urlunsplit((scheme, netloc, f"{trimmed}/store", "", "")),
    )


class RemoteStore:
    """A store on a SPARQL 1.1 server (see the module docstring)."""

    def __init__(
        self,
        location: str,
        *,
        query_endpoint: str | None = None,
        store_endpoint: str | None = None,
        timeout: float = 300.0,
    ) -> None:
        self.location = location
        default_query, default_store = endpoints(location)
        self.query_endpoint = query_endpoint or default_query
        self.store_endpoint = store_endpoint or default_store
        self.timeout = timeout

    # --- reading -------------------------------------------------------------------------

    def query(
        self,
        sparql: str,
        *,
        union_default_graph: bool = True,
        default_graphs: tuple[str, ...] | list[str] | None = None,
        named_graphs: tuple[str, ...] | list[str] | None = None,
        base_iri: str | None = None,
    ) -> ox.QueryResults:
        """Run a query on the server; return pyoxigraph results, as the embedded store does.
        Its default graph is the stored merge of the named graphs, whatever
        `union_default_graph` says (the embedded store's stores without one need it).

        A query whose default graph merges several graphs (`default_graphs`, FROM clauses) runs
        here, on those graphs read from the server: Oxigraph's server, like pyoxigraph, would
        match a triple once per listed graph stating it (graph/datasets.py)."""
        merged = query_if_merging(
            lambda dataset: self._read_graphs(dataset.default_graphs + dataset.named_graphs),
            sparql,
            default_graphs=default_graphs,
            named_graphs=named_graphs,
            base_iri=base_iri,
        )
        if merged is not None:
            return merged
        client = SPARQLWrapper(self.query_endpoint)
        client.setMethod(POST)
        client.setRequestMethod(POSTDIRECTLY)
        client.setOnlyConneg(True)  # no format=... parameters, only the Accept header
        client.setTimeout(max(1, round(self.timeout)))
        client.addCustomHttpHeader("Accept", ACCEPT)
        client.setQuery(_prologue(base_iri) + sparql)
        for iri in default_graphs or ():
            client.addParameter("default-graph-uri", iri)
        for iri in named_graphs or ():
            client.addParameter("named-graph-uri", iri)
        try:
            response = client.query().response
            body = response.read()
        except QueryBadFormed as error:
            prologue = len(_prologue(base_iri))
            raise SyntaxError(_shift_columns(_server_message(error), prologue)) from None
        except (SPARQLWrapperException, OSError) as error:
            raise RemoteStoreError(
                f"SPARQL server {self.query_endpoint} failed: {_server_message(error)}"
            ) from error
        return _results(body, response.headers.get_content_type())

    def _read_graphs(self, graphs: tuple[str, ...]) -> ox.Store:
        """Return an in-memory store holding `graphs` as the server has them (Graph Store
        Protocol GETs; a graph the server does not have is empty)."""
        scratch = ox.Store()
        for graph in dict.fromkeys(graphs):
            answer = self._send("GET", graph, None)
            if answer is None:
                continue
            body, media_type = answer
            rdf_format = ox.RdfFormat.from_media_type(media_type)
            if rdf_format is None:
                raise RemoteStoreError(f"the graph store answered {graph} with {media_type!r}")
            scratch.load(body, format=rdf_format, to_graph=ox.NamedNode(graph))
        return scratch

    def named_graphs(self) -> list[str]:
        """Return the IRIs of the named graphs, sorted."""
        return sorted(row["graph"].value for row in self.query(NAMED_GRAPHS_QUERY))

    def missing_merge_warning(self) -> str | None:
        """Say so if the server holds report graphs but nothing in its default graph, as a
        store that an ofsted-kg from before the stored merge wrote: queries that name no graph
        would find nothing, with no error, until a build stores the merge."""
        if not bool(self.query(MERGE_MISSING_QUERY)):
            return None
        return (
            f"{self.location} holds report graphs but an empty default graph (written by an "
            "earlier ofsted-kg, before the default graph held their merge): queries that name "
            f"no graph find nothing until `ofsted-kg build --force --store {self.location} "
            "PATHS...` stores it"
        )

    def stored_reports(self) -> dict[str, StoredReport]:
        """Return the loaded files by source path."""
        reports = {}
        for row in self.query(STORED_REPORTS_QUERY):
            report = StoredReport(row["graph"].value, row["source"].value, row["hash"].value)
            reports[report.source] = report
        return reports

    # --- writing -------------------------------------------------------------------------

    @contextlib.contextmanager
    def transaction(self) -> Iterator[RemoteTransaction]:
        """Collect graph changes; send them to the server when the block succeeds."""
        transaction = RemoteTransaction()
        yield transaction
        requests = transaction.requests()
        for method, graph, body in requests:
            self._send(method, graph, body)
        if requests:
            self._store_merge()

    def _store_merge(self) -> None:
        """Put the merge of the named graphs as the server's default graph."""
        triples = self.query(MERGE_QUERY, union_default_graph=False)
        self._send("PUT", None, ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b"")

    def _send(self, method: str, graph: str | None, body: bytes | None) -> tuple[bytes, str] | None:
        """Make one Graph Store Protocol request; return the response's body and media type,
        or None for a graph the server does not have (404) when reading or deleting it."""
        target = "default" if graph is None else "graph=" + quote(graph, safe="")
        request = urllib.request.Request(
            f"{self.store_endpoint}?{target}", data=body, method=method
        )
        if body is not None:
            request.add_header("Content-Type", "application/n-triples")
        if method == "GET":
            request.add_header("Accept", "application/n-triples, text/turtle;q=0.9")
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:
                return response.read(), response.headers.get_content_type()
        except urllib.error.HTTPError as error:
            if method in ("GET", "DELETE") and error.code == 404:
                return None  # reading or dropping a graph the server never had
            raise RemoteStoreError(
                f"{method} {graph or 'default graph'} on {self.store_endpoint} failed: "
                f"HTTP {error.code} {error.read().decode('utf-8', 'replace').strip()}"
            ) from error
        except OSError as error:
            raise RemoteStoreError(f"cannot reach {self.store_endpoint}: {error}") from error


class RemoteTransaction:
    """Graph changes to send in one go: which graphs to replace or drop, and their triples."""

    def __init__(self) -> None:
        self._dropped: set[str] = set()
        self._triples: dict[str | None, list[ox.Triple]] = defaultdict(list)

    def drop_graph(self, graph: str) -> None:
        """Empty `graph` (on the server, when the transaction ends)."""
        self._dropped.add(graph)
        self._triples.pop(graph, None)

    def load_nquads(
        self, data: bytes, *, trusted: bool = False, triples: bytes | None = None
    ) -> None:
        """Add N-Quads to their graphs (the server checks them and makes its own default graph:
        `trusted` and `triples` change nothing)."""
        if not data:
            return
        for quad in ox.parse(data, format=ox.RdfFormat.N_QUADS):
            graph = None if isinstance(quad.graph_name, ox.DefaultGraph) else quad.graph_name.value
            self._triples[graph].append(quad.triple)

    def compact(self) -> None:
        """Nothing to do: the server organises its own storage."""

    def requests(self) -> list[tuple[str, str | None, bytes | None]]:
        """Return the Graph Store Protocol requests as (method, graph, N-Triples body)."""
        planned: list[tuple[str, str | None, bytes | None]] = []
        for graph in sorted(self._dropped | {g for g in self._triples if g is not None}):
            triples = self._triples.get(graph)
            if graph in self._dropped:
                # PUT replaces the whole graph; a dropped graph with nothing new is deleted.
                if triples:
                    planned.append(("PUT", graph, _ntriples(triples)))
                else:
                    planned.append(("DELETE", graph, None))
            else:
                planned.append(("POST", graph, _ntriples(triples or [])))
        if self._triples.get(None):
            planned.append(("POST", None, _ntriples(self._triples[None])))
        return planned


def _ntriples(triples: list[ox.Triple]) -> bytes:
    return ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES) or b""


def _prologue(base_iri: str | None) -> str:
    # One line, so that the server's line numbers in error messages still match the query's.
    declarations = [f"BASE <{base_iri}>"] if base_iri else []
    declarations.extend(f"PREFIX {name}: <{iri}>" for name, iri in PREFIXES.items())
    return " ".join(declarations) + " "


def _results(body: bytes, media_type: str) -> ox.QueryResults:
    if media_type in ("application/sparql-results+json", "application/json"):
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.JSON)
    if media_type in ("application/sparql-results+xml", "application/xml"):
        return ox.parse_query_results(body, format=ox.QueryResultsFormat.XML)
    rdf_format = ox.RdfFormat.from_media_type(media_type)
    if rdf_format is None:
        raise RemoteStoreError(f"the SPARQL server answered with {media_type!r}")
    # Load the graph into a scratch store and CONSTRUCT it back, so callers get the same
    # QueryTriples type the embedded store returns.
    scratch = ox.Store()
    scratch.extend(
        ox.Quad(t.subject, t.predicate, t.object) for t in ox.parse(body, format=rdf_format)
    )
    return scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")


def _server_message(error: BaseException) -> str:
    """Return the server's own words from a SPARQLWrapper error, on one line."""
    message = str(error)
    _, marker, response = message.partition("Response:\n")
    if marker:
        try:
            raw = ast.literal_eval(response.strip())
        except (ValueError, SyntaxError):
            raw = response
        message = raw.decode("utf-8", "replace") if isinstance(raw, bytes) else str(raw)
    return " ".join(message.split())[:2000]


def _shift_columns(message: str, width: int) -> str:
    # Errors on the first line count the one-line prologue we put before the query.
    return _FIRST_LINE_POSITION.sub(
        lambda match: f"1:{max(int(match.group(1)) - width, 1)}", message
    )

"""One query, run inside a worker process: evaluate it on the store and write the response body.

Everything a worker receives and sends back is a plain picklable value (`QueryJob`,
`QueryOutcome`), so the web process never touches the store while a query runs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import pyoxigraph as ox

from graph.datasets import query_if_merging
from graph.remote import RemoteStore
from graph.store import StoreError
from graph.vocab import PREFIXES
from web.mirror import MemoryMirror
from web.negotiation import GRAPH_FORMATS, RESULT_FORMATS
from web.results import Written, write_boolean, write_solutions, write_triples

_POSITION = re.compile(r"\b(?:at|line)\s+(\d+):(\d+)")
_DECLARES_PREFIXES = re.compile("prefix", re.IGNORECASE)
# The keyword as a word ("geography", in a prefix IRI of ours, does not name a graph), over
# the text in capitals. The pattern starts with the word itself, so the search is a quick scan
# for it; one starting with a word boundary is tried at every character (17 us on a lookup
# that declares our prefixes, against 1.5 us).
_GRAPH_WORD = re.compile(r"GRAPH(?<!\wGRAPH)(?!\w)")


# Neither record is frozen: a frozen dataclass takes three times as long to make, and both are
# made on every query; nothing changes them once made.
@dataclass(slots=True)
class QueryJob:
    """A query to run and how to answer it."""

    sparql: str
    results_format: str | None  # for SELECT and ASK; None: the client accepts none
    graph_format: str | None  # for CONSTRUCT and DESCRIBE
    row_limit: int
    base_iri: str | None = None
    # The protocol's dataset (default-graph-uri, named-graph-uri); None: not given.
    default_graphs: tuple[str, ...] | None = None
    named_graphs: tuple[str, ...] | None = None
    # Without a protocol dataset or FROM, the default graph is the union of the named graphs.
    union_default_graph: bool = True


@dataclass(slots=True)
class QueryOutcome:
    """What a worker sends back: a response body, or why there is none."""

    body: bytes = b""
    media_type: str = ""
    truncated: bool = False
    rows: int = 0
    error: str | None = None  # syntax_error, not_acceptable or query_failed
    message: str = ""
    line: int | None = None
    column: int | None = None
    store: str = ""  # what answered: memory, disk (the embedded store) or remote


def execute(store: MemoryMirror | RemoteStore, job: QueryJob) -> QueryOutcome:
    """Run `job` on `store` and return the written response or the error."""
    try:
        results, answered_by = _evaluate(store, job)
        return _write(results, job, answered_by)
    except SyntaxError as error:
        line, column = syntax_position(str(error))
        return QueryOutcome(error="syntax_error", message=str(error), line=line, column=column)
    except (OSError, ValueError, RuntimeError, StoreError) as error:
        # OSError: the store or a remote server failed; ValueError/RuntimeError: evaluation.
        return QueryOutcome(error="query_failed", message=str(error))


def may_name_a_graph(sparql: str) -> bool:
    """Whether the query may use a named graph (the word GRAPH anywhere, even in a string or
    an IRI: then it runs on every graph, which is never wrong, only slower)."""
    upper = sparql.upper()
    return "GRAPH" in upper and _GRAPH_WORD.search(upper) is not None


def syntax_position(message: str) -> tuple[int | None, int | None]:
    """Return the (line, column) a parser's message points at, if it says."""
    match = _POSITION.search(message)
    if match is None:
        return None, None
    return int(match.group(1)), int(match.group(2))


def _evaluate(store: MemoryMirror | RemoteStore, job: QueryJob) -> tuple[ox.QueryResults, str]:
    if isinstance(store, RemoteStore):
        results = store.query(
            job.sparql,
            union_default_graph=job.union_default_graph,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            base_iri=job.base_iri,
        )
        return results, "remote"
    target, answered_by, merge_stored, default_only = store.current()
    if (
        job.default_graphs is not None
        or job.named_graphs is not None
        or not job.union_default_graph
    ):
        merged = query_if_merging(
            lambda _: target,
            job.sparql,
            default_graphs=job.default_graphs,
            named_graphs=job.named_graphs,
            base_iri=job.base_iri,
        )
        if merged is not None:
            return merged, answered_by
    options: dict[str, object] = {}
    if job.default_graphs is not None or job.named_graphs is not None:
        options["default_graph"] = [ox.NamedNode(iri) for iri in job.default_graphs or ()]
        options["named_graphs"] = [ox.NamedNode(iri) for iri in job.named_graphs or ()]
    elif job.union_default_graph and not merge_stored:
        options["use_default_graph_as_union"] = True
    elif job.union_default_graph and default_only is not None and not may_name_a_graph(job.sparql):
        target = default_only
    if _DECLARES_PREFIXES.search(job.sparql):
        # A query's own PREFIX declarations win over the built-in prefixes (okg:, org:,
        # skos:...), so these only matter to a query that uses one it does not declare, which
        # fails without them; and handing them to pyoxigraph costs a third as much as parsing
        # a lookup. Clients' queries mostly declare theirs.
        try:
            return target.query(job.sparql, base_iri=job.base_iri, **options), answered_by
        except SyntaxError:
            pass
    results = target.query(job.sparql, base_iri=job.base_iri, prefixes=PREFIXES, **options)
    return results, answered_by


def _write(results: ox.QueryResults, job: QueryJob, answered_by: str) -> QueryOutcome:
    written: Written
    if isinstance(results, ox.QueryTriples):
        if job.graph_format is None:
            return _not_acceptable("an RDF graph (CONSTRUCT or DESCRIBE)")
        written = write_triples(results, job.graph_format, job.row_limit)
        media_type = GRAPH_FORMATS[job.graph_format].media_type
    else:
        if job.results_format is None:
            return _not_acceptable("SPARQL results (SELECT or ASK)")
        if isinstance(results, ox.QuerySolutions):
            written = write_solutions(results, job.results_format, job.row_limit)
        else:
            written = write_boolean(bool(results), job.results_format)
        media_type = RESULT_FORMATS[job.results_format].media_type
    return QueryOutcome(
        body=written.body,
        media_type=media_type,
        truncated=written.truncated,
        rows=written.rows,
        store=answered_by,
    )


def _not_acceptable(what: str) -> QueryOutcome:
    return QueryOutcome(
        error="not_acceptable",
        message=f"the query returns {what}, and no format for it is acceptable",
    )

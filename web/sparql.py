"""The SPARQL 1.1 Protocol endpoint at /sparql (read-only).

Queries come by GET, by form-encoded POST or as an application/sparql-query POST body, with
default-graph-uri and named-graph-uri honoured. Without them (or FROM in the query) the default
graph is the union of the named graphs, one per source report; with several, their merge
(graph/datasets.py), each triple once. A bare GET returns the service
description, or a small HTML page to a browser.

Limits, all visible to the client:
- `timeout` (seconds) lowers the server's query time limit for one request; a query past its
  limit is stopped and answered with 503.
- At most the server's row limit of rows (triples for CONSTRUCT and DESCRIBE) is returned.
  Every query response carries `X-SPARQL-Truncated: true` or `false` (SPARQL results formats
  have no place for such a flag), `X-SPARQL-Row-Limit` and `X-SPARQL-Query-Ms`, and, for
  diagnosis, `X-SPARQL-Store` (memory, disk or remote: what answered).
- SPARQL Update is refused (403); so is SERVICE to a host not on the allow-list.
"""

from __future__ import annotations

import json
import math
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass

import pyoxigraph as ox
from flask import Blueprint, Response, current_app, render_template, request
from werkzeug.datastructures import CombinedMultiDict, MultiDict

from graph.settings import Settings
from graph.sparql_text import host_of, names_dataset, service_calls
from graph.vocab import PREFIXES
from web.errors import (
    BadRequest,
    EndpointError,
    Forbidden,
    NotAcceptable,
    PayloadTooLarge,
    QueryFailed,
    QuerySyntaxError,
    UnsupportedMediaType,
)
from web.execution import QueryJob, QueryOutcome
from web.negotiation import (
    GRAPH_FORMATS,
    GRAPH_MEDIA_TYPES,
    UnknownFormat,
    choose_formats,
    negotiate,
)
from web.query_runner import get_runner
from web.service_description import describe_service, serialise_description
from web.updates import run_update

bp = Blueprint("sparql", __name__)

FORM = "application/x-www-form-urlencoded"
QUERY_BODY = "application/sparql-query"
UPDATE_BODY = "application/sparql-update"
NAMED_GRAPHS_QUERY = "SELECT DISTINCT ?graph WHERE { GRAPH ?graph { } } ORDER BY ?graph"
# Where the fast path leaves the outcome of a query it ran but does not answer itself (or the
# endpoint error running it raised).
RAN_OUTCOME = "ofsted_kg.query_outcome"
# A bare GET: the service description in an RDF format, or the HTML page for a browser.
DESCRIPTION_MEDIA_TYPES = (*GRAPH_MEDIA_TYPES, ("text/html", "html"))


@dataclass(frozen=True, slots=True)
class Operation:
    """One protocol operation: a query or an update, and its parameters."""

    kind: str  # "query" or "update"
    text: str
    params: MultiDict[str, str]


@bp.route("/sparql", methods=["GET", "POST"])
@bp.route("/sparql/", methods=["GET", "POST"])
def endpoint() -> Response:
    """Answer a SPARQL protocol request."""
    operation = read_operation()
    if operation is None:
        return describe()
    if operation.kind == "update":
        return update(operation)
    return query(operation)


def read_operation() -> Operation | None:
    """Return the request's one query or update; None for a bare GET."""
    limit = current_app.config["MAX_CONTENT_LENGTH"]
    if limit is not None and len(request.query_string) > limit:
        raise PayloadTooLarge("the request URL is longer than the endpoint accepts")
    if request.method in ("GET", "HEAD"):  # HEAD: the same answer without its body
        if "update" in request.args:
            raise BadRequest("SPARQL Update must be sent by POST")
        return _one_operation(request.args, allow_none=True)
    if request.mimetype == FORM:
        return _one_operation(CombinedMultiDict([request.args, request.form]), allow_none=False)
    if request.mimetype in (QUERY_BODY, UPDATE_BODY):
        charset = request.mimetype_params.get("charset", "utf-8").lower()
        if charset not in ("utf-8", "utf8"):
            raise UnsupportedMediaType(f"{request.mimetype} must be UTF-8, not {charset}")
        if "query" in request.args or "update" in request.args:
            raise BadRequest("the body holds the operation; the URL must not carry another")
        try:
            text = request.get_data(cache=False).decode("utf-8")
        except UnicodeDecodeError:
            raise BadRequest("the request body is not valid UTF-8") from None
        kind = "query" if request.mimetype == QUERY_BODY else "update"
        return Operation(kind, text, request.args)
    raise UnsupportedMediaType(
        f"POST a query as {FORM} or {QUERY_BODY}, not {request.mimetype or 'no media type'}"
    )


def _one_operation(params: MultiDict[str, str], *, allow_none: bool) -> Operation | None:
    queries, updates = params.getlist("query"), params.getlist("update")
    if queries and updates:
        raise BadRequest("send a query or an update, not both")
    texts, kind = (queries, "query") if queries else (updates, "update")
    if len(texts) > 1:
        raise BadRequest(f"send exactly one {kind}, not {len(texts)}")
    if not texts:
        if allow_none:
            return None
        raise BadRequest("the request holds no query")
    return Operation(kind, texts[0], params)


def query(operation: Operation) -> Response:
    """Run a query and return its results in the negotiated format."""
    settings = current_app.config["SETTINGS"]
    params = operation.params
    job, timeout = plan_query(
        operation.text,
        params.getlist,
        request.headers.get("Accept"),
        request.base_url,
        settings,
        current_app.config["SERVICE_ALLOWLIST"],
    )
    started = time.perf_counter()
    # The fast path (web/fast_sparql.py) may have run the query already and left its outcome.
    ran = request.environ.get(RAN_OUTCOME)
    if isinstance(ran, EndpointError):
        raise ran
    outcome = checked(ran or get_runner().run(job, timeout))
    response = Response(outcome.body, content_type=outcome.media_type)
    elapsed_ms = (time.perf_counter() - started) * 1000
    response.headers.extend(query_headers(outcome, settings.row_limit, elapsed_ms))
    response.vary.add("Accept")
    return response


def plan_query(
    text: str,
    values: Callable[[str], list[str]],
    accept: str | None,
    base_iri: str,
    settings: Settings,
    service_allowlist: Sequence[str],
) -> tuple[QueryJob, float]:
    """Return the job for a query and its time limit, from the request's parameters
    (`values(name)` lists a parameter's values); raise the endpoint error it deserves."""
    try:
        results_format, graph_format = choose_formats(accept, values("format"))
    except UnknownFormat as error:
        raise BadRequest(str(error)) from None
    if results_format is None and graph_format is None:
        raise NotAcceptable(_formats_hint())
    check_services(text, base_iri, service_allowlist)
    default_graphs = _iris(values("default-graph-uri"))
    named_graphs = _iris(values("named-graph-uri"))
    protocol_dataset = bool(default_graphs or named_graphs)
    job = QueryJob(
        sparql=text,
        results_format=results_format.name if results_format else None,
        graph_format=graph_format.name if graph_format else None,
        row_limit=settings.row_limit,
        base_iri=base_iri,
        default_graphs=tuple(default_graphs) if protocol_dataset else None,
        named_graphs=tuple(named_graphs) if protocol_dataset else None,
        union_default_graph=not names_dataset(text),
    )
    timeouts = values("timeout")
    return job, request_timeout(timeouts[0] if timeouts else None, settings.query_timeout)


def query_headers(
    outcome: QueryOutcome, row_limit: int, elapsed_ms: float
) -> list[tuple[str, str]]:
    """Return the headers a query's response carries besides its type and length."""
    return [
        ("X-SPARQL-Truncated", "true" if outcome.truncated else "false"),
        ("X-SPARQL-Row-Limit", str(row_limit)),
        ("X-SPARQL-Query-Ms", f"{elapsed_ms:.1f}"),
        ("X-SPARQL-Store", outcome.store),
    ]


def checked(outcome: QueryOutcome) -> QueryOutcome:
    """Return a worker's outcome, or raise the error it reports."""
    if outcome.error == "syntax_error":
        raise QuerySyntaxError(outcome.message, outcome.line, outcome.column)
    if outcome.error == "not_acceptable":
        raise NotAcceptable(f"{outcome.message}; {_formats_hint()}")
    if outcome.error is not None:
        raise QueryFailed(outcome.message)
    return outcome


def update(operation: Operation) -> Response:
    """Refuse an update, unless the app is in the test mode that allows them."""
    if not current_app.config["ALLOW_UPDATES"]:
        raise Forbidden("this endpoint is read-only: SPARQL Update is refused")
    run_update(
        operation.text,
        _iris(operation.params.getlist("using-graph-uri")),
        _iris(operation.params.getlist("using-named-graph-uri")),
        request.base_url,
    )
    return Response(status=204)


def describe() -> Response:
    """Return the service description, or the HTML page to a browser."""
    format_values = request.args.getlist("format")
    if format_values:
        try:
            chosen = choose_formats(None, format_values)[1]
        except UnknownFormat as error:
            raise BadRequest(str(error)) from None
        choice = chosen.name if chosen else None
    else:
        choice = negotiate(request.headers.get("Accept"), DESCRIPTION_MEDIA_TYPES)
    if choice is None:
        raise NotAcceptable("the service description is written as HTML or RDF only")
    if choice == "html":
        response = Response(render_template("sparql.html", endpoint=request.base_url))
    else:
        triples = describe_service(
            request.base_url,
            named_graphs(),
            federated=bool(current_app.config["SERVICE_ALLOWLIST"]),
            updates=current_app.config["ALLOW_UPDATES"],
        )
        response = Response(
            serialise_description(triples, choice), content_type=GRAPH_FORMATS[choice].media_type
        )
    response.vary.add("Accept")
    return response


def named_graphs() -> list[str]:
    """Return the store's named graphs, asked of a query worker like any query."""
    settings = current_app.config["SETTINGS"]
    job = QueryJob(NAMED_GRAPHS_QUERY, "json", None, settings.row_limit)
    outcome = checked(get_runner().run(job, settings.query_timeout))
    bindings = json.loads(outcome.body)["results"]["bindings"]
    return [row["graph"]["value"] for row in bindings]


def check_services(text: str, base_iri: str, allowlist: Sequence[str]) -> None:
    """Refuse a query whose SERVICE calls go anywhere but allowed hosts, before it runs."""
    allowed = {host.lower() for host in allowlist}
    for call in service_calls(text, PREFIXES, base_iri):
        if call.iri is None:
            raise Forbidden(f"SERVICE {call.text} is refused: name a fixed endpoint IRI")
        host = host_of(call.iri)
        if host not in allowed and host.partition(":")[0] not in allowed:
            raise Forbidden(f"SERVICE <{call.iri}> is refused: {host} is not an allowed host")


def request_timeout(raw: str | None, limit: float) -> float:
    """Return the time limit for this query: the `timeout` parameter, at most `limit`."""
    if raw is None or raw == "":
        return limit
    try:
        value = float(raw)
    except ValueError:
        raise BadRequest(f"timeout must be a number of seconds, not {raw!r}") from None
    if not math.isfinite(value) or value <= 0:
        raise BadRequest(f"timeout must be a positive number of seconds, not {raw!r}")
    return min(value, limit)


def _iris(values: list[str]) -> list[str]:
    for value in values:
        try:
            ox.NamedNode(value)
        except ValueError:
            raise BadRequest(f"{value!r} is not an absolute IRI") from None
    return values


def _formats_hint() -> str:
    return (
        "SELECT and ASK are written as application/sparql-results+json, "
        "application/sparql-results+xml, text/csv or text/tab-separated-values; CONSTRUCT and "
        "DESCRIBE as text/turtle, application/n-triples, application/rdf+xml or "
        "application/ld+json"
    )

"""The short way through for plain SPARQL queries: answered before Flask is involved.

A cheap lookup takes pyoxigraph well under a tenth of a millisecond, while routing it through
Flask (request and response objects, hooks) costs several times that. So a query sent to
/sparql by GET, form POST or `application/sparql-query` POST is planned with the same
functions as the Flask view (web/sparql.py: plan_query, query_headers), run, and, when it
succeeds, written here with the same headers the app's hooks add. Everything else, and every
request this module is not sure about, goes to Flask unchanged; a query that ran but failed
goes to Flask with its outcome, so errors are rendered in one place.
"""

from __future__ import annotations

import io
import time
from collections.abc import Callable, Iterable
from typing import Any

from flask import Flask

from web.cors import CORS_HEADERS
from web.errors import EndpointError
from web.pages.security import security_headers
from web.query_runner import get_runner
from web.query_string import parse_pairs
from web.sparql import FORM, QUERY_BODY, RAN_OUTCOME, plan_query, query_headers

WSGIApp = Callable[[dict[str, Any], Callable[..., Any]], Iterable[bytes]]
PATHS = ("/sparql", "/sparql/")
# Parameters of a query request; any other (an update, above all) goes to Flask.
_KNOWN = frozenset(("query", "default-graph-uri", "named-graph-uri", "format", "timeout"))
_HOST_CHARACTERS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-:[]")


class FastSparql:
    """WSGI middleware over the Flask app's `wsgi_app`: answers plain queries itself."""

    def __init__(self, app: Flask, wrapped: WSGIApp) -> None:
        self.app = app
        self.wrapped = wrapped
        self.settings = app.config["SETTINGS"]
        self.allowlist = tuple(app.config["SERVICE_ALLOWLIST"])
        self.max_bytes = app.config["MAX_CONTENT_LENGTH"]

    def __call__(self, environ: dict[str, Any], start_response: Callable[..., Any]) -> Any:
        if environ.get("PATH_INFO") not in PATHS:
            return self.wrapped(environ, start_response)
        request = self._read(environ)
        if request is None:
            return self.wrapped(environ, start_response)
        text, values = request
        base_iri = _base_url(environ)
        if base_iri is None:
            return self.wrapped(environ, start_response)
        try:
            job, timeout = plan_query(
                text,
                lambda name: values.get(name, []),
                environ.get("HTTP_ACCEPT"),
                base_iri,
                self.settings,
                self.allowlist,
            )
        except EndpointError:
            return self.wrapped(environ, start_response)  # Flask answers with the error
        started = time.perf_counter()
        try:
            outcome = get_runner(self.app).run(job, timeout)
        except EndpointError as error:  # stopped at its time limit, or no worker free
            environ[RAN_OUTCOME] = error
            return self.wrapped(environ, start_response)
        if outcome.error is not None:
            environ[RAN_OUTCOME] = outcome
            return self.wrapped(environ, start_response)
        elapsed_ms = (time.perf_counter() - started) * 1000
        headers = [
            ("Content-Type", outcome.media_type),
            ("Content-Length", str(len(outcome.body))),
            *query_headers(outcome, self.settings.row_limit, elapsed_ms),
            ("Vary", "Accept"),
            *CORS_HEADERS,
            *security_headers(outcome.media_type),
        ]
        start_response("200 OK", headers)
        return [outcome.body]

    def _read(self, environ: dict[str, Any]) -> tuple[str, dict[str, list[str]]] | None:
        """Return the query and its parameters, or None to leave the request to Flask."""
        method = environ.get("REQUEST_METHOD")
        query_string = environ.get("QUERY_STRING", "")
        if len(query_string) > self.max_bytes or not query_string.isascii():
            return None
        pairs = parse_pairs(query_string) if query_string else []
        if method == "GET":
            return _one_query(pairs, None)
        if method != "POST":
            return None
        media_type, _, parameters = environ.get("CONTENT_TYPE", "").partition(";")
        media_type = media_type.strip().lower()
        body = _body(environ, self.max_bytes)
        if body is None:
            return None
        if media_type == FORM:
            if not body.isascii():
                return None
            return _one_query(pairs + parse_pairs(body.decode("ascii")), None)
        if media_type == QUERY_BODY:
            charset = parameters.strip().lower()
            if charset and charset not in ("charset=utf-8", "charset=utf8"):
                return None
            try:
                text = body.decode("utf-8")
            except UnicodeDecodeError:
                return None
            return _one_query(pairs, text)
        return None


def _one_query(
    pairs: list[tuple[str, str]], body_query: str | None
) -> tuple[str, dict[str, list[str]]] | None:
    values: dict[str, list[str]] = {}
    for name, value in pairs:
        if name not in _KNOWN:
            return None
        values.setdefault(name, []).append(value)
    queries = values.get("query", [])
    if body_query is not None:
        return (body_query, values) if not queries else None
    return (queries[0], values) if len(queries) == 1 else None


def _body(environ: dict[str, Any], max_bytes: int) -> bytes | None:
    """Read the request body, and put it back for Flask should the request go there."""
    try:
        length = int(environ.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return None
    if length < 0 or length > max_bytes:
        return None
    body = environ["wsgi.input"].read(length) if length else b""
    environ["wsgi.input"] = io.BytesIO(body)
    return body


def _base_url(environ: dict[str, Any]) -> str | None:
    """Return the request URL without its query string, as Flask's `request.base_url` is."""
    host = environ.get("HTTP_HOST")
    scheme = environ.get("wsgi.url_scheme", "http")
    if host is None:
        host = environ.get("SERVER_NAME", "")
        port = environ.get("SERVER_PORT", "")
        if port and port != ("443" if scheme == "https" else "80"):
            host = f"{host}:{port}"
    if not host or not _HOST_CHARACTERS.issuperset(host):
        return None  # unusual: let Werkzeug make of it what it does
    if host.endswith((":80", ":443")) or environ.get("SCRIPT_NAME"):
        return None  # Werkzeug drops a default port and quotes a mount point: leave it to it
    return f"{scheme}://{host}{environ['PATH_INFO']}"


def init_app(app: Flask) -> None:
    """Put the fast path in front of `app`'s Flask handling."""
    app.wsgi_app = FastSparql(app, app.wsgi_app)  # type: ignore[method-assign]

"""The ofsted-kg web app: one factory, settings from one object, one blueprint per area."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask, Response, request

from graph.settings import Settings
from web import errors, query_runner, response_cache, sparql, updates

# Longest request (body, or URL for GET) the app reads: queries are text, not uploads.
MAX_REQUEST_BYTES = 1024 * 1024
# Blueprints whose answers depend only on the data, so are kept until the next build.
PAGE_BLUEPRINTS = ("home", "library", "entity", "network", "charts")
CORS_EXPOSED_HEADERS = "X-SPARQL-Truncated, X-SPARQL-Row-Limit, X-SPARQL-Query-Ms, X-SPARQL-Store"


def default_query_workers() -> int:
    """Return how many query worker processes to run: one per core, at least two."""
    return max(2, os.cpu_count() or 2)


def create_app(
    settings: Settings | None = None, test_config: dict[str, Any] | None = None
) -> Flask:
    """Create the web app over the store named in `settings` (default: from the environment).

    `test_config` overrides Flask config keys; besides Flask's own these are MAX_CONTENT_LENGTH
    (request size cap), SERVICE_ALLOWLIST (hosts a SERVICE clause may call; none by default),
    QUERY_WORKERS (query processes), QUERY_MEMORY_QUADS (most quads each worker copies into
    memory; 0: query the disk) and ALLOW_UPDATES (SPARQL Update, only with TESTING).
    """
    settings = settings or Settings.from_environment()
    app = Flask(__name__)
    app.config.from_mapping(
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SERVICE_ALLOWLIST=settings.allowed_service_hosts(),
        QUERY_WORKERS=default_query_workers(),
        QUERY_MEMORY_QUADS=query_runner.DEFAULT_MEMORY_QUADS,
        ALLOW_UPDATES=False,
    )
    if test_config:
        app.config.from_mapping(test_config)
    if app.config["ALLOW_UPDATES"] and not app.config["TESTING"]:
        raise ValueError("ALLOW_UPDATES is for the test mode only (set TESTING too)")
    errors.init_app(app)
    query_runner.init_app(
        app,
        app.config["SETTINGS"].store,
        app.config["QUERY_WORKERS"],
        app.config["QUERY_MEMORY_QUADS"],
    )
    updates.init_app(app)
    app.register_blueprint(sparql.bp)
    from web.linked_data import bp as linked_data  # dumps, VoID, DCAT, /store, /def (issue #6)

    app.register_blueprint(linked_data)  # before the pages, so its /def answers
    from web.pages import register_pages  # the HTML pages (issue #5)

    register_pages(app)
    cache_bytes = app.config.get("PAGE_CACHE_BYTES", app.config["SETTINGS"].page_cache_mb << 20)
    response_cache.init_app(app, PAGE_BLUEPRINTS, cache_bytes)
    app.after_request(add_cors_headers)
    return app


def add_cors_headers(response: Response) -> Response:
    """Let pages on any origin read every response, and answer CORS preflight requests."""
    response.headers["Access-Control-Allow-Origin"] = "*"
    response.headers["Access-Control-Expose-Headers"] = CORS_EXPOSED_HEADERS
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept, Content-Type"
        )
        response.headers["Access-Control-Max-Age"] = "86400"
    return response

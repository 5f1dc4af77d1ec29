"""The ofsted-kg web app: one factory, settings from one object, one blueprint per area."""

from __future__ import annotations

import os
from typing import Any

from flask import Flask

from graph.settings import Settings
from web import errors, fast_sparql, query_runner, response_cache, sparql, updates
from web.cors import CORS_EXPOSED_HEADERS, add_cors_headers

__all__ = ["CORS_EXPOSED_HEADERS", "MAX_REQUEST_BYTES", "create_app"]

# Longest request (body, or URL for GET) the app reads: queries are text, not uploads.
MAX_REQUEST_BYTES = 1024 * 1024
# Blueprints whose answers depend only on the data, so are kept until the next build.
PAGE_BLUEPRINTS = ("home", "library", "entity", "network", "charts")


def default_query_workers() -> int:
    """Return how many query worker processes to run: one per core, at least two."""
    return max(2, os.cpu_count() or 2)


def create_app(
    settings: Settings | None = None, test_config: dict[str, Any] | None = None
) -> Flask:
    """Create the web app over the store named in `settings` (default: from the environment).

    `test_config` overrides Flask config keys; besides Flask's own these are MAX_CONTENT_LENGTH
    (request size cap), SERVICE_ALLOWLIST (hosts a SERVICE clause may call; none by default),
    QUERY_WORKERS (query processes), ALLOW_UPDATES (SPARQL Update, only with TESTING) and
    QUERY_WATCHDOG (a web.in_process.Watchdog: run queries in this process, which the watchdog
    ends when one passes its limit; set by the serving processes of `ofsted-kg serve`) and
    FAST_SPARQL (answer plain queries before Flask: web/fast_sparql.py; on by default).
    """
    settings = settings or Settings.from_environment()
    app = Flask(__name__)
    app.config.from_mapping(
        SETTINGS=settings,
        MAX_CONTENT_LENGTH=MAX_REQUEST_BYTES,
        SERVICE_ALLOWLIST=settings.allowed_service_hosts(),
        QUERY_WORKERS=default_query_workers(),
        ALLOW_UPDATES=False,
        FAST_SPARQL=True,
    )
    if test_config:
        app.config.from_mapping(test_config)
        settings = app.config["SETTINGS"]
    if app.config["ALLOW_UPDATES"] and not app.config["TESTING"]:
        raise ValueError("ALLOW_UPDATES is for the test mode only (set TESTING too)")
    errors.init_app(app)
    watchdog = app.config.get("QUERY_WATCHDOG")
    if watchdog is not None:  # a serving process of `ofsted-kg serve`: queries run right here
        from web import in_process

        in_process.init_app(app, settings.store, settings.memory_copy_quads, watchdog)
    else:
        query_runner.init_app(
            app,
            settings.store,
            app.config["QUERY_WORKERS"],
            settings.memory_copy_quads,
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
    if app.config["FAST_SPARQL"]:
        fast_sparql.init_app(app)
    return app

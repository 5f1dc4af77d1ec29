"""`ofsted-kg serve`: the web app under waitress, a production WSGI server."""

from __future__ import annotations

import click

from graph.settings import Settings


@click.command()
@click.option("--store", help="Store folder or SPARQL server URL [env OFSTED_KG_STORE].")
@click.option("--host", help="Address to serve on [env OFSTED_KG_HOST; default 127.0.0.1].")
@click.option("--port", type=int, help="Port to serve on [env OFSTED_KG_PORT; default 5000].")
@click.option(
    "--query-timeout",
    type=click.FloatRange(min=0, min_open=True),
    help="Seconds a query may run before it is stopped [env OFSTED_KG_QUERY_TIMEOUT; default 5].",
)
@click.option(
    "--row-limit",
    type=click.IntRange(min=1),
    help="Most result rows returned; more are cut [env OFSTED_KG_ROW_LIMIT; default 10000].",
)
@click.option(
    "--page-cache-mb",
    type=click.IntRange(min=0),
    help="Megabytes of pages and named-query answers kept until the next build (0: off) "
    "[env OFSTED_KG_PAGE_CACHE_MB; default 64].",
)
@click.option(
    "--service-allow",
    "service_allowlist",
    help="Comma-separated hosts SERVICE may call [env OFSTED_KG_SERVICE_ALLOWLIST; default none].",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Threads serving requests.",
)
@click.pass_context
def serve(
    ctx: click.Context,
    store: str | None,
    host: str | None,
    port: int | None,
    query_timeout: float | None,
    row_limit: int | None,
    page_cache_mb: int | None,
    service_allowlist: str | None,
    threads: int,
) -> None:
    """Serve the SPARQL endpoint (/sparql) over the store, read-only.

    The default graph is the union of every report's graph. Each query runs in a worker
    process that is killed when the query passes its time limit.
    """
    from waitress import serve as run_waitress

    from web import create_app
    from web.query_runner import get_runner

    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings.from_environment()
    settings = base.with_overrides(
        store=store,
        host=host,
        port=port,
        query_timeout=query_timeout,
        row_limit=row_limit,
        page_cache_mb=page_cache_mb,
        service_allowlist=service_allowlist,
    )
    app = create_app(settings)
    runner = get_runner(app)
    runner.start()
    click.echo(
        f"Serving {settings.store} at http://{settings.host}:{settings.port}/sparql "
        f"(query timeout {settings.query_timeout:g} s, row limit {settings.row_limit})",
        err=True,
    )
    try:
        run_waitress(
            app,
            host=settings.host,
            port=settings.port,
            threads=threads,
            max_request_body_size=app.config["MAX_CONTENT_LENGTH"],
            ident="ofsted-kg",
        )
    finally:
        runner.close()

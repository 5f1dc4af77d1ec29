"""`ofsted-kg serve`: the web app behind its own front (web/front.py), or under waitress.

The default (`--server front`, on systems that can pass sockets between processes) runs a few
serving processes, each answering one request at a time with the query in process, behind
one front process that holds the connections. `--server waitress` runs the app in waitress's
threads, each query in a separate killable worker process (web/query_runner.py).
"""

from __future__ import annotations

import contextlib
import socket

import click

from graph.settings import Settings

# Passing a connection to another process needs Unix sockets' SCM_RIGHTS.
DEFAULT_SERVER = "front" if hasattr(socket, "send_fds") else "waitress"
# How long starting to serve waits on a SPARQL server's answer to the store check.
CHECK_SECONDS = 10.0


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
    "--memory-copy-quads",
    type=click.IntRange(min=0),
    help="Most quads each serving process copies into memory to query faster, about 420 MB "
    "per million each (and up to half that again for the default graph alone); a larger "
    "store, or one the machine lacks the memory for, is queried on "
    "disk (0: always on disk) "
    "[env OFSTED_KG_MEMORY_COPY_QUADS; default 5000000].",
)
@click.option(
    "--service-allow",
    "service_allowlist",
    help="Comma-separated hosts SERVICE may call [env OFSTED_KG_SERVICE_ALLOWLIST; default none].",
)
@click.option(
    "--server",
    "server_kind",
    type=click.Choice(["front", "waitress"]),
    default=DEFAULT_SERVER,
    show_default=True,
    help="front: serving processes behind one front; waitress: threads and query workers.",
)
@click.option(
    "--processes",
    type=click.IntRange(min=1),
    help="Serving processes (front) or query workers (waitress) [default: front, two more "
    "than the cores; waitress, one per core, at least 2].",
)
@click.option(
    "--threads",
    type=click.IntRange(min=1),
    default=8,
    show_default=True,
    help="Threads serving requests (waitress only).",
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
    memory_copy_quads: int | None,
    service_allowlist: str | None,
    server_kind: str,
    processes: int | None,
    threads: int,
) -> None:
    """Serve the SPARQL endpoint (/sparql) over the store, read-only.

    The default graph is the union of every report's graph. A query that passes its time
    limit is stopped by ending the process running it; the others go on being served.
    """
    base = ctx.obj if isinstance(ctx.obj, Settings) else Settings.from_environment()
    settings = base.with_overrides(
        store=store,
        host=host,
        port=port,
        query_timeout=query_timeout,
        row_limit=row_limit,
        page_cache_mb=page_cache_mb,
        memory_copy_quads=memory_copy_quads,
        service_allowlist=service_allowlist,
    )
    _check_store(settings.store)
    if server_kind == "front":
        _serve_with_front(settings, processes)
    else:
        _serve_with_waitress(settings, processes, threads)


def _check_store(location: str) -> None:
    """Refuse to serve a folder that holds something other than an ofsted-kg store; warn of a
    SPARQL server that cannot answer yet, or would answer wrongly."""
    from graph.remote import RemoteStore
    from graph.store import EmbeddedStore, StoreError, open_store

    store = open_store(location)
    if isinstance(store, RemoteStore):
        # A server may come up after the endpoint does, or be mended by a build: serve anyway.
        store.timeout = CHECK_SECONDS
        try:
            warning = store.missing_merge_warning()
        except StoreError as error:
            warning = f"{error}; queries fail until it answers"
        except SyntaxError:
            warning = None  # a server that cannot read the check's ASK: nothing to tell
        if warning is not None:
            click.echo(f"Warning: {warning}", err=True)
    elif isinstance(store, EmbeddedStore):
        try:
            store.raw()
        except StoreError as error:
            raise click.ClickException(str(error)) from None


def _serve_with_front(settings: Settings, processes: int | None) -> None:
    from web import MAX_REQUEST_BYTES
    from web.front import START_SECONDS, Front, default_processes, install_stop_signals

    front = Front(settings, processes or default_processes(), max_request_bytes=MAX_REQUEST_BYTES)
    front.start()
    install_stop_signals(front)
    if not front.wait_until_ready(START_SECONDS):
        click.echo(f"No serving process started within {START_SECONDS:g} s; still trying", err=True)
    click.echo(
        f"Serving {settings.store} at http://{settings.host}:{front.port}/sparql "
        f"(query timeout {settings.query_timeout:g} s, row limit {settings.row_limit}, "
        f"{front.processes} serving processes)",
        err=True,
    )
    with contextlib.suppress(KeyboardInterrupt):  # serve_forever stops its processes first
        front.serve_forever()


def _serve_with_waitress(settings: Settings, processes: int | None, threads: int) -> None:
    from waitress import serve as run_waitress

    from web import create_app
    from web.query_runner import get_runner

    config = {"QUERY_WORKERS": processes} if processes else None
    app = create_app(settings, config)
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

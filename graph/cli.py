"""The `ofsted-kg` command line. Its commands, options and CSV columns are a stable interface."""

from __future__ import annotations

import contextlib
import gc
import sys
from pathlib import Path
from typing import ClassVar

import click

from graph.settings import Settings, settings_table

STORE_HELP = (
    "Store folder or SPARQL server URL "
    "[env OFSTED_KG_STORE; default ~/.local/share/ofsted-kg/store]."
)


def _settings(ctx: click.Context, **overrides: object) -> Settings:
    base: Settings = ctx.obj
    return base.with_overrides(**overrides)


def _open(settings: Settings):
    from graph.store import StoreError, open_store

    try:
        return open_store(settings.store)
    except StoreError as error:
        raise click.ClickException(str(error)) from error


class _LazyGroup(click.Group):
    """A group whose heavier commands (the web server) are imported only when used."""

    lazy_commands: ClassVar[dict[str, str]] = {"serve": "web.serve:serve"}

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted([*super().list_commands(ctx), *self.lazy_commands])

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name in self.lazy_commands:
            import importlib

            module_name, attribute = self.lazy_commands[name].split(":")
            return getattr(importlib.import_module(module_name), attribute)
        return super().get_command(ctx, name)


@click.group(
    cls=_LazyGroup,
    epilog="Settings: "
    + "; ".join(
        f"{name} (${env}, default {default})" for name, env, default, _ in settings_table()
    ),
)
@click.version_option(package_name="ofsted-kg")
@click.pass_context
def main(ctx: click.Context) -> None:
    """Build, query and export a knowledge graph of Ofsted children's services inspections."""
    ctx.obj = Settings.from_environment()


@main.command()
@click.argument("paths", nargs=-1, required=True)
@click.option("--store", help=STORE_HELP)
@click.option("--workers", type=int, help="Processes that parse files (default: one per core).")
@click.option("--force", is_flag=True, help="Parse every file again, even if unchanged.")
@click.pass_context
def build(
    ctx: click.Context, paths: tuple[str, ...], store: str | None, workers: int | None, force: bool
) -> None:
    """Load report files or folders of them (PDF or text) into the store.

    Each file becomes one named graph. Unchanged files are skipped; a changed file replaces only
    its own graph. A file that cannot be read is named with the reason, the others still load,
    and the exit status is 1.
    """
    from graph.build import build as run_build
    from graph.build import collect_sources
    from graph.store import StoreError

    settings = _settings(ctx, store=store, workers=workers)
    target = _open(settings)
    files, _ = collect_sources(paths)
    show_progress = sys.stderr.isatty() and len(files) > 1
    try:
        with (
            click.progressbar(
                length=len(files), label="Loading reports", file=sys.stderr, show_pos=True
            )
            if show_progress
            else _NullBar() as bar
        ):
            result = run_build(
                target,
                list(paths),
                workers=settings.workers or None,
                force=force,
                on_progress=lambda _source: bar.update(1),
            )
    except StoreError as error:
        raise click.ClickException(str(error)) from error
    for source, message in result.warnings:
        click.echo(f"warning: {source}: {message}", err=True)
    for source, reason in result.failed:
        click.echo(f"error: {source}: {reason}", err=True)
    click.echo(
        f"{len(result.loaded)} loaded, {len(result.unchanged)} unchanged, "
        f"{len(result.failed)} failed; store: {target.location}",
        err=True,
    )
    # Nothing made from here on is garbage worth collecting: frozen, the build's objects are
    # not scanned again by the interpreter's last collection at exit (about 10 ms).
    gc.freeze()
    if result.failed:
        ctx.exit(1)


class _NullBar:
    def __enter__(self) -> _NullBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _steps: int) -> None:
        return None


TABLE_FORMATS = ("csv",)
# The whole-dataset dump formats of graph/dumps.py (tests/test_dumps.py holds the two together).
DUMP_FORMAT_NAMES = ("nq", "trig", "ttl", "nt", "jsonld", "rdfxml")


@main.command()
@click.option("--store", help=STORE_HELP)
@click.option(
    "--table",
    type=click.Choice(["inspections", "judgements", "recommendations"]),
    help="Which flat table to write (with --format csv).",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice([*TABLE_FORMATS, *DUMP_FORMAT_NAMES]),
    default="csv",
    show_default=True,
    help="csv: a flat table (give --table). nq, trig: the whole dataset with its named graphs; "
    "ttl, nt, jsonld, rdfxml: the whole dataset as one graph (their union).",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
@click.option(
    "--gzip",
    "compressed",
    is_flag=True,
    help="Compress a dataset dump with gzip (implied by an -o name ending in .gz).",
)
@click.pass_context
def export(
    ctx: click.Context,
    store: str | None,
    table: str | None,
    output_format: str,
    output: Path | None,
    compressed: bool,
) -> None:
    """Write a flat table as CSV, or the whole dataset in an RDF format.

    Dataset dumps are streamed graph by graph and sorted, so the same inputs give the same
    bytes; the build graph (build date, code fingerprint) is left out of them.
    """
    if output_format in TABLE_FORMATS:
        if table is None:
            raise click.UsageError("--format csv writes a flat table: give --table")
        if compressed:
            raise click.UsageError("--gzip is for dataset dumps, not CSV tables")
        _export_table(ctx, store, table, output)
        return
    if table is not None:
        raise click.UsageError(f"--table is for CSV; --format {output_format} dumps every table")
    compressed = compressed or (output is not None and output.name.endswith(".gz"))
    _export_dump(ctx, store, output_format, output, compressed)


def _export_table(ctx: click.Context, store: str | None, table: str, output: Path | None) -> None:
    from graph.exports import write_csv

    target = _open(_settings(ctx, store=store))
    if output is None:
        write_csv(target, table, sys.stdout)
        return
    with output.open("w", newline="", encoding="utf-8") as handle:
        count = write_csv(target, table, handle)
    click.echo(f"{count} rows written to {output}", err=True)


def _export_dump(
    ctx: click.Context, store: str | None, output_format: str, output: Path | None, compressed: bool
) -> None:
    import os

    from graph.dumps import write_dump

    target = _open(_settings(ctx, store=store))
    if output is None:
        write_dump(target, output_format, sys.stdout.buffer, compressed=compressed)
        sys.stdout.buffer.flush()
        return
    partial = output.with_name(output.name + ".part")
    try:
        with partial.open("wb") as handle:
            summary = write_dump(target, output_format, handle, compressed=compressed)
        os.replace(partial, output)
    finally:
        partial.unlink(missing_ok=True)
    click.echo(
        f"{summary.statements} statements from {summary.graphs} graphs written to {output}",
        err=True,
    )


@main.command()
@click.argument("directory", type=click.Path(file_okay=False, path_type=Path))
@click.option("--store", help=STORE_HELP)
@click.option(
    "--base-url",
    help="Where the release will be served; the VoID and DCAT files name the endpoint and "
    "downloads under it (default: http://HOST:PORT/ of the serve settings).",
)
@click.pass_context
def release(ctx: click.Context, directory: Path, store: str | None, base_url: str | None) -> None:
    """Write a release into DIRECTORY: every dump (gzip), void.ttl, catalog.ttl and SHA256SUMS.

    The same inputs and code give byte-identical dumps (see `export`).
    """
    from graph.catalogue import write_release

    settings = _settings(ctx, store=store)
    written = write_release(
        _open(settings), directory, base_url or f"http://{settings.host}:{settings.port}/"
    )
    for path in written:
        click.echo(str(path), err=True)


@main.command()
@click.argument("old", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.argument("new", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["text", "json"]),
    default="text",
    show_default=True,
)
@click.pass_context
def diff(ctx: click.Context, old: Path, new: Path, output_format: str) -> None:
    """Report what changed between two dumps: reports added, removed or changed, grades changed.

    Exit status: 0 if the dumps hold the same data, 1 if they differ, 2 if one cannot be read.
    """
    import json

    from graph.diff import DumpReadError, diff_dumps, diff_text, read_dump

    try:
        result = diff_dumps(read_dump(old), read_dump(new))
    except DumpReadError as error:
        click.echo(f"error: {error}", err=True)
        ctx.exit(2)
    if output_format == "json":
        click.echo(json.dumps(result.as_dict(), indent=2))
    else:
        click.echo(diff_text(result, str(old), str(new)), nl=False)
    ctx.exit(0 if result.identical else 1)


@main.command()
@click.argument("sparql", required=False)
@click.option("--named", help="Run a named research query instead (see --list).")
@click.option("--list", "list_named", is_flag=True, help="List the named research queries.")
@click.option("--store", help=STORE_HELP)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["table", "csv", "tsv", "json", "xml", "turtle", "ntriples"]),
    default="table",
    show_default=True,
    help="Output format (turtle/ntriples for CONSTRUCT and DESCRIBE).",
)
@click.pass_context
def query(
    ctx: click.Context,
    sparql: str | None,
    named: str | None,
    list_named: bool,
    store: str | None,
    output_format: str,
) -> None:
    """Run a SPARQL query (text, @FILE, or - for standard input) and print the results.

    The default graph is the union of every report's graph; the okg:, org:, prov:, dcterms:,
    skos:, schema:, qb: and id: prefixes are predefined.
    """
    from graph.named_queries import UnknownQueryError, named_queries, named_query
    from graph.querying import QueryFailed, run_query

    if list_named:
        for item in named_queries().values():
            click.echo(f"{item.name}: {item.title}")
        return
    if named:
        try:
            sparql = named_query(named).sparql
        except UnknownQueryError as error:
            raise click.ClickException(str(error.args[0])) from error
    elif sparql is None:
        raise click.UsageError("give a SPARQL query, or --named NAME, or --list")
    elif sparql == "-":
        sparql = sys.stdin.read()
    elif sparql.startswith("@"):
        sparql = Path(sparql[1:]).read_text(encoding="utf-8")
    target = _open(_settings(ctx, store=store))
    try:
        click.echo(run_query(target, sparql, output_format), nl=False)
    except QueryFailed as error:
        raise click.ClickException(str(error)) from error
    _warn_of_missing_merge(target)


def _warn_of_missing_merge(target: object) -> None:
    """After the answer, say if it came from a SPARQL server whose default graph lacks the
    report graphs' merge (graph/remote.py): an empty answer would otherwise look like a fact."""
    from graph.remote import RemoteStore
    from graph.store import StoreError

    if not isinstance(target, RemoteStore):
        return
    with contextlib.suppress(StoreError, SyntaxError):  # the answer above is what matters
        warning = target.missing_merge_warning()
        if warning is not None:
            click.echo(f"Warning: {warning}", err=True)


@main.command()
@click.option("--store", help=STORE_HELP)
@click.pass_context
def validate(ctx: click.Context, store: str | None) -> None:
    """Check the built graph against the SHACL shapes; exit 1 if anything does not conform."""
    from graph.validate import validate_store

    target = _open(_settings(ctx, store=store))
    report = validate_store(target)
    click.echo(report.text)
    if not report.conforms:
        ctx.exit(1)


if __name__ == "__main__":
    main()

"""The `ofsted-kg` command line. Its commands, options and CSV columns are a stable interface."""

from __future__ import annotations

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
    if result.failed:
        ctx.exit(1)


class _NullBar:
    def __enter__(self) -> _NullBar:
        return self

    def __exit__(self, *_: object) -> None:
        return None

    def update(self, _steps: int) -> None:
        return None


@main.command()
@click.option("--store", help=STORE_HELP)
@click.option(
    "--table",
    type=click.Choice(["inspections", "judgements", "recommendations"]),
    required=True,
    help="Which flat table to write.",
)
@click.option(
    "--format", "output_format", type=click.Choice(["csv"]), default="csv", show_default=True
)
@click.option(
    "-o",
    "--output",
    type=click.Path(dir_okay=False, path_type=Path),
    help="File to write (default: stdout).",
)
@click.pass_context
def export(
    ctx: click.Context, store: str | None, table: str, output_format: str, output: Path | None
) -> None:
    """Write a flat table (one row per report, judgement or recommendation) as CSV."""
    from graph.exports import write_csv

    target = _open(_settings(ctx, store=store))
    if output is None:
        write_csv(target, table, sys.stdout)
        return
    with output.open("w", newline="", encoding="utf-8") as handle:
        count = write_csv(target, table, handle)
    click.echo(f"{count} rows written to {output}", err=True)


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

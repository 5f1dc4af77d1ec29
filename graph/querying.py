"""Run a SPARQL query on a store and render the results for the terminal or a file."""

from __future__ import annotations

import pyoxigraph as ox

from graph.store import Store

RESULT_FORMATS = {
    "csv": ox.QueryResultsFormat.CSV,
    "tsv": ox.QueryResultsFormat.TSV,
    "json": ox.QueryResultsFormat.JSON,
    "xml": ox.QueryResultsFormat.XML,
}
GRAPH_FORMATS = {"turtle": ox.RdfFormat.TURTLE, "ntriples": ox.RdfFormat.N_TRIPLES}


class QueryFailed(Exception):
    """The query could not be parsed or run; the message says why."""


def run_query(store: Store, sparql: str, output_format: str = "table") -> str:
    """Return the results of `sparql` rendered as `output_format`."""
    try:
        results = store.query(sparql)
    except SyntaxError as error:
        raise QueryFailed(f"SPARQL syntax error: {error}") from error
    except OSError as error:
        raise QueryFailed(f"query failed: {error}") from error
    if isinstance(results, ox.QueryBoolean | bool):
        return ("true" if bool(results) else "false") + "\n"
    if isinstance(results, ox.QueryTriples):
        rdf_format = GRAPH_FORMATS.get(output_format, ox.RdfFormat.TURTLE)
        return (ox.serialize(results, format=rdf_format) or b"").decode("utf-8")
    if output_format in RESULT_FORMATS:
        return results.serialize(format=RESULT_FORMATS[output_format]).decode("utf-8")
    return _table(results)


def _cell(term: object) -> str:
    if term is None:
        return ""
    return getattr(term, "value", str(term))


def _table(solutions: ox.QuerySolutions) -> str:
    names = [variable.value for variable in solutions.variables]
    rows = [[_cell(solution[name]) for name in names] for solution in solutions]
    widths = [max([len(name)] + [len(row[i]) for row in rows]) for i, name in enumerate(names)]
    widths = [min(width, 80) for width in widths]

    def line(cells: list[str]) -> str:
        return "  ".join(
            cell[:80].ljust(width) for cell, width in zip(cells, widths, strict=True)
        ).rstrip()

    out = [line(names), line(["-" * width for width in widths])]
    out.extend(line(row) for row in rows)
    out.append(f"({len(rows)} rows)")
    return "\n".join(out) + "\n"

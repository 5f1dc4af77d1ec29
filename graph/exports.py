"""Flat CSV tables for R, Stata and spreadsheets, produced by SPARQL over the graph.

The column lists are a published interface (users' scripts rely on them): add columns at the
end if ever needed, never rename or reorder.
"""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from typing import IO

from graph.store import Store
from graph.terms import REFERENCE_GRAPH

TABLE_COLUMNS: dict[str, tuple[str, ...]] = {
    "inspections": (
        "source",
        "authority_gss",
        "authority_name",
        "report_type",
        "inspection_start",
        "inspection_end",
        "published",
        "lead_inspector",
    ),
    "judgements": (
        "source",
        "authority_gss",
        "authority_name",
        "report_type",
        "inspection_start",
        "inspection_end",
        "published",
        "lead_inspector",
        "area",
        "grade",
    ),
    "recommendations": (
        "source",
        "authority_gss",
        "inspection_start",
        "part",
        "number",
        "text",
        "timescale",
        "addressed_to",
    ),
}
# Headline judgements first, in the order reports print them; other areas follow by name.
AREA_ORDER = (
    "overall",
    "help_protection",
    "in_care",
    "adoption",
    "care_leavers",
    "in_care_and_care_leavers",
    "leaders",
    "lscb",
)
PART_ORDER = ("local_authority", "lscb")

_INSPECTIONS = f"""
SELECT ?graph ?source ?gss ?name ?reportType ?start ?end ?published ?family WHERE {{
  GRAPH ?graph {{
    ?graph okg:sourcePath ?source ; okg:parserFamily ?family .
    OPTIONAL {{ ?graph okg:authorityNameAsPrinted ?name }}
    OPTIONAL {{ ?graph dcterms:issued ?published }}
    OPTIONAL {{ ?graph dcterms:subject ?authority }}
    OPTIONAL {{
      ?graph okg:reportsOn ?inspection .
      OPTIONAL {{ ?inspection okg:reportType ?reportType }}
      OPTIONAL {{ ?inspection schema:startDate ?start }}
      OPTIONAL {{ ?inspection schema:endDate ?end }}
    }}
  }}
  OPTIONAL {{ GRAPH <{REFERENCE_GRAPH}> {{ ?authority okg:gssCode ?gss }} }}
}}"""

_LEADS = """
SELECT ?graph ?name ?position WHERE {
  GRAPH ?graph {
    ?graph okg:reportsOn ?inspection .
    ?inspection okg:leadInspector ?person ; prov:qualifiedAssociation ?association .
    ?association prov:agent ?person .
    ?person schema:name ?name .
    OPTIONAL { ?association schema:position ?position }
  }
}"""

_JUDGEMENTS = """
SELECT ?graph ?area ?grade WHERE {
  GRAPH ?graph {
    ?graph okg:reportsOn ?inspection .
    ?judgement okg:judgementOf ?inspection ; a okg:Judgement ; okg:area ?area ; okg:grade ?grade .
  }
}"""

_RECOMMENDATIONS = """
SELECT ?graph ?part ?number ?text ?timescale ?addressedTo WHERE {
  GRAPH ?graph {
    ?graph okg:reportsOn ?inspection .
    ?item okg:judgementOf ?inspection ; a okg:Recommendation ; okg:part ?part ;
          okg:number ?number ; rdf:value ?text .
    OPTIONAL { ?item okg:timescale ?timescale }
    OPTIONAL { ?item okg:addressedToName ?addressedTo }
  }
}"""


def _last_segment(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def _value(row: object, name: str) -> str:
    term = row[name]  # type: ignore[index]
    return "" if term is None else term.value


def _inspection_rows(store: Store) -> dict[str, dict[str, str]]:
    leads: dict[str, list[tuple[int, str]]] = defaultdict(list)
    for row in store.query(_LEADS):
        position = int(_value(row, "position") or 0)
        leads[row["graph"].value].append((position, row["name"].value))
    rows: dict[str, dict[str, str]] = {}
    for row in store.query(_INSPECTIONS):
        graph = row["graph"].value
        family = _value(row, "family")
        report_type = _last_segment(_value(row, "reportType")) if row["reportType"] else ""
        rows[graph] = {
            "source": _value(row, "source"),
            "authority_gss": _value(row, "gss"),
            "authority_name": _value(row, "name"),
            "report_type": report_type or ("committee_report" if family == "committee" else ""),
            "inspection_start": _value(row, "start"),
            "inspection_end": _value(row, "end"),
            "published": _value(row, "published"),
            "lead_inspector": "; ".join(name for _, name in sorted(set(leads[graph]))),
        }
    return rows


def table_rows(store: Store, table: str) -> Iterator[dict[str, str]]:
    """Yield the rows of export table `table` (see TABLE_COLUMNS), sorted for stable diffs."""
    if table not in TABLE_COLUMNS:
        raise ValueError(f"unknown table {table!r}; choose one of {', '.join(TABLE_COLUMNS)}")
    inspections = _inspection_rows(store)
    if table == "inspections":
        yield from sorted(inspections.values(), key=lambda row: row["source"])
    elif table == "judgements":
        rows = []
        for row in store.query(_JUDGEMENTS):
            base = inspections.get(row["graph"].value)
            if base is None:
                continue
            area = _last_segment(row["area"].value)
            rows.append({**base, "area": area, "grade": _last_segment(row["grade"].value)})
        yield from sorted(rows, key=lambda row: (row["source"], *_area_key(row["area"])))
    else:
        rows = []
        for row in store.query(_RECOMMENDATIONS):
            base = inspections.get(row["graph"].value)
            if base is None:
                continue
            rows.append(
                {
                    "source": base["source"],
                    "authority_gss": base["authority_gss"],
                    "inspection_start": base["inspection_start"],
                    "part": _last_segment(row["part"].value),
                    "number": _value(row, "number"),
                    "text": _value(row, "text"),
                    "timescale": _value(row, "timescale"),
                    "addressed_to": _value(row, "addressedTo"),
                }
            )
        yield from sorted(
            rows, key=lambda row: (row["source"], _part_key(row["part"]), int(row["number"]))
        )


def _area_key(area: str) -> tuple[int, str]:
    return (AREA_ORDER.index(area), "") if area in AREA_ORDER else (len(AREA_ORDER), area)


def _part_key(part: str) -> int:
    return PART_ORDER.index(part) if part in PART_ORDER else len(PART_ORDER)


def write_csv(store: Store, table: str, output: IO[str]) -> int:
    """Write export table `table` as CSV to `output`; return the number of data rows."""
    columns = TABLE_COLUMNS.get(table, ())
    writer = csv.DictWriter(output, fieldnames=columns, lineterminator="\n")
    rows = list(table_rows(store, table))
    writer.writeheader()
    writer.writerows(rows)
    return len(rows)


__all__ = ["TABLE_COLUMNS", "table_rows", "write_csv"]

"""The part of an entity page a reader wants first, by the kind of thing it is.

An authority: its inspections over time with their grades, its grade chart, partnerships and
statistical neighbours. An inspection: its judgements and recommendations. A judgement or a
recommendation: the quoted source passage with its report and page. A passage: its words and
place. A partnership: its members and their periods. A report: its findings with pages.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from graph.charts import AREA_ORDER, area_rank
from graph.vocab import OKG
from web.pages.charts import history_chart
from web.pages.querying import select_values

Section = dict[str, Any]
# The areas an authority page shows as headline grades: the charts' order, as a set.
HEADLINE_AREAS = frozenset(AREA_ORDER)
PASSAGE_FIELDS = """
    OPTIONAL { ?passage okg:quote ?quote }
    OPTIONAL { ?passage okg:page ?page }
    OPTIONAL { ?passage okg:paragraph ?paragraph }
    OPTIONAL { ?passage okg:section ?section }
    OPTIONAL { ?passage dcterms:isPartOf ?report .
               OPTIONAL { ?report dcterms:title ?reportTitle }
               OPTIONAL { ?report okg:sourcePath ?sourcePath } }"""


def section_for(iri: str, types: list[str], properties: list[dict[str, Any]]) -> Section | None:
    """Return the type-specific section of the page of `iri`, or None for other things."""
    for type_iri, build in SECTION_BUILDERS:
        if type_iri in types:
            return build(iri)
    return None


def authority_section(iri: str) -> Section:
    """Return an authority's inspections with grades, partnerships and neighbours."""
    inspections = select_values(f"""
SELECT DISTINCT ?inspection ?start ?end ?framework ?reportType ?report ?reportTitle WHERE {{
  ?inspection okg:inspects <{iri}> .
  OPTIONAL {{ ?inspection schema:startDate ?start }}
  OPTIONAL {{ ?inspection schema:endDate ?end }}
  OPTIONAL {{ ?inspection okg:framework/skos:prefLabel ?framework }}
  OPTIONAL {{ ?inspection okg:reportType/skos:prefLabel ?reportType }}
  OPTIONAL {{ ?report okg:reportsOn ?inspection .
             OPTIONAL {{ ?report dcterms:title ?reportTitle }} }}
}} ORDER BY DESC(?start)""")
    judgements = select_values(f"""
SELECT DISTINCT ?inspection ?judgement ?area ?areaLabel ?grade ?scale WHERE {{
  ?inspection okg:inspects <{iri}> .
  ?judgement a okg:Judgement ; okg:judgementOf ?inspection ; okg:area ?a ; okg:grade ?g .
  ?a skos:notation ?area ; skos:prefLabel ?areaLabel .
  ?g skos:prefLabel ?grade .
  OPTIONAL {{ ?g skos:exactMatch/skos:notation ?scale }}
}}""")
    by_inspection: dict[str, dict[str, Any]] = {}
    for row in inspections:
        entry = by_inspection.setdefault(
            row["inspection"], {**row, "reports": [], "grades": [], "other_judgements": 0}
        )
        if row.get("report") and row["report"] not in [r["iri"] for r in entry["reports"]]:
            entry["reports"].append(
                {"iri": row["report"], "title": row.get("reportTitle", "report")}
            )
    for row in sorted(judgements, key=lambda r: area_rank(r["area"])):
        entry = by_inspection.get(row["inspection"])
        if entry is None:
            continue
        if row["area"] in HEADLINE_AREAS:
            entry["grades"].append(row)
        else:
            entry["other_judgements"] += 1
    partnerships = select_values(f"""
SELECT DISTINCT ?partnership ?label ?kind ?start ?end ?other ?otherName WHERE {{
  ?partnership org:hasMember <{iri}> ; rdfs:label ?label .
  OPTIONAL {{ ?partnership okg:partnershipKind/skos:prefLabel ?kind }}
  OPTIONAL {{ ?partnership org:hasMembership ?membership .
             ?membership org:member <{iri}> ; org:memberDuring ?period .
             OPTIONAL {{ ?period time:hasBeginning/time:inXSDDate ?start }}
             OPTIONAL {{ ?period time:hasEnd/time:inXSDDate ?end }} }}
  OPTIONAL {{ ?partnership org:hasMember ?other . FILTER(?other != <{iri}>)
             ?other rdfs:label ?otherName }}
}} ORDER BY ?label ?otherName""")
    grouped: dict[str, dict[str, Any]] = {}
    for row in partnerships:
        entry = grouped.setdefault(row["partnership"], {**row, "others": []})
        other = {"iri": row.get("other"), "name": row.get("otherName")}
        if other["iri"] and other not in entry["others"]:
            entry["others"].append(other)
    neighbours = select_values(f"""
SELECT DISTINCT ?neighbour ?name WHERE {{
  {{ <{iri}> okg:statisticalNeighbour ?neighbour }} UNION
  {{ ?neighbour okg:statisticalNeighbour <{iri}> }}
  ?neighbour rdfs:label ?name .
}} ORDER BY ?name""")
    return {
        "kind": "authority",
        "inspections": list(by_inspection.values()),
        "partnerships": list(grouped.values()),
        "neighbours": neighbours,
        "chart": history_chart(iri) if judgements else None,
    }


def inspection_section(iri: str) -> Section:
    """Return an inspection's authority, dates, judgements and recommendations."""
    facts = select_values(f"""
SELECT DISTINCT ?authority ?name ?start ?end ?framework ?reportType ?lead ?leadName WHERE {{
  OPTIONAL {{ <{iri}> okg:inspects ?authority . ?authority rdfs:label ?name }}
  OPTIONAL {{ <{iri}> schema:startDate ?start }}
  OPTIONAL {{ <{iri}> schema:endDate ?end }}
  OPTIONAL {{ <{iri}> okg:framework/skos:prefLabel ?framework }}
  OPTIONAL {{ <{iri}> okg:reportType/skos:prefLabel ?reportType }}
  OPTIONAL {{ <{iri}> okg:leadInspector ?lead . ?lead schema:name ?leadName }}
}}""")
    judgements = select_values(f"""
SELECT DISTINCT ?judgement ?area ?areaLabel ?label ?grade ?scale ?page WHERE {{
  ?judgement a okg:Judgement ; okg:judgementOf <{iri}> ; okg:area ?a ; okg:grade ?g .
  ?a skos:notation ?area ; skos:prefLabel ?areaLabel .
  ?g skos:prefLabel ?grade .
  OPTIONAL {{ ?g skos:exactMatch/skos:notation ?scale }}
  OPTIONAL {{ ?judgement rdfs:label ?label }}
  OPTIONAL {{ ?judgement okg:derivedFromPassage/okg:page ?page }}
}}""")
    recommendations = select_values(f"""
SELECT DISTINCT ?recommendation ?part ?number ?text ?timescale ?priority ?page WHERE {{
  ?recommendation a okg:Recommendation ; okg:judgementOf <{iri}> ; rdf:value ?text .
  OPTIONAL {{ ?recommendation okg:part/skos:prefLabel ?part }}
  OPTIONAL {{ ?recommendation okg:number ?number }}
  OPTIONAL {{ ?recommendation okg:timescale ?timescale }}
  OPTIONAL {{ ?recommendation okg:priority ?priority }}
  OPTIONAL {{ ?recommendation okg:derivedFromPassage/okg:page ?page }}
}} ORDER BY ?part ?number""")
    leads = sorted({(row["lead"], row["leadName"]) for row in facts if row.get("lead")})
    return {
        "kind": "inspection",
        "facts": facts[0] if facts else {},
        "leads": [{"iri": lead, "name": name} for lead, name in leads],
        "judgements": sorted(judgements, key=lambda row: area_rank(row["area"])),
        "recommendations": recommendations,
    }


def judgement_section(iri: str) -> Section:
    """Return a judgement's grade, area, inspection and the passage it was read from."""
    rows = select_values(f"""
SELECT DISTINCT ?grade ?scale ?areaLabel ?inspection ?authority ?name ?start ?passage ?quote ?page
       ?paragraph ?section ?report ?reportTitle ?sourcePath WHERE {{
  <{iri}> okg:grade ?g ; okg:area ?a ; okg:judgementOf ?inspection .
  ?g skos:prefLabel ?grade .
  OPTIONAL {{ ?g skos:exactMatch/skos:notation ?scale }}
  OPTIONAL {{ ?a skos:prefLabel ?areaLabel }}
  OPTIONAL {{ ?inspection okg:inspects ?authority . ?authority rdfs:label ?name }}
  OPTIONAL {{ ?inspection schema:startDate ?start }}
  OPTIONAL {{ <{iri}> okg:derivedFromPassage ?passage . {PASSAGE_FIELDS} }}
}} LIMIT 1""")
    return {"kind": "judgement", "facts": rows[0] if rows else {}}


def recommendation_section(iri: str) -> Section:
    """Return a recommendation's words, place in the report, and the passage behind it."""
    rows = select_values(f"""
SELECT DISTINCT ?text ?number ?part ?timescale ?addressedTo ?priority ?inspection ?authority ?name
       ?start ?passage ?quote ?page ?paragraph ?section ?report ?reportTitle ?sourcePath WHERE {{
  <{iri}> rdf:value ?text .
  OPTIONAL {{ <{iri}> okg:number ?number }}
  OPTIONAL {{ <{iri}> okg:part/skos:prefLabel ?part }}
  OPTIONAL {{ <{iri}> okg:timescale ?timescale }}
  OPTIONAL {{ <{iri}> okg:addressedToName ?addressedTo }}
  OPTIONAL {{ <{iri}> okg:priority ?priority }}
  OPTIONAL {{ <{iri}> okg:judgementOf ?inspection .
             OPTIONAL {{ ?inspection okg:inspects ?authority . ?authority rdfs:label ?name }}
             OPTIONAL {{ ?inspection schema:startDate ?start }} }}
  OPTIONAL {{ <{iri}> okg:derivedFromPassage ?passage . {PASSAGE_FIELDS} }}
}} LIMIT 1""")
    return {"kind": "recommendation", "facts": rows[0] if rows else {}}


def passage_section(iri: str) -> Section:
    """Return a passage's words, page, paragraph and report."""
    rows = select_values(f"""
SELECT DISTINCT ?quote ?page ?paragraph ?section ?report ?reportTitle ?sourcePath WHERE {{
  BIND(<{iri}> AS ?passage) {PASSAGE_FIELDS}
}} LIMIT 1""")
    return {"kind": "passage", "facts": rows[0] if rows else {}}


def partnership_section(iri: str) -> Section:
    """Return a partnership's kind, members with their periods, and the reports naming it."""
    members = select_values(f"""
SELECT DISTINCT ?member ?name ?start ?end WHERE {{
  <{iri}> org:hasMember ?member . ?member rdfs:label ?name .
  OPTIONAL {{ <{iri}> org:hasMembership ?membership .
             ?membership org:member ?member ; org:memberDuring ?period .
             OPTIONAL {{ ?period time:hasBeginning/time:inXSDDate ?start }}
             OPTIONAL {{ ?period time:hasEnd/time:inXSDDate ?end }} }}
}} ORDER BY ?name""")
    kind = select_values(f"""
SELECT DISTINCT ?kind WHERE {{ <{iri}> okg:partnershipKind/skos:prefLabel ?kind }} LIMIT 1""")
    return {
        "kind": "partnership",
        "partnership_kind": kind[0]["kind"] if kind else "",
        "members": members,
    }


def report_section(iri: str) -> Section:
    """Return a report's inspection, dates and numbered findings with their pages."""
    facts = select_values(f"""
SELECT DISTINCT ?title ?issued ?sourcePath ?inspection ?authority ?name WHERE {{
  OPTIONAL {{ <{iri}> dcterms:title ?title }}
  OPTIONAL {{ <{iri}> dcterms:issued ?issued }}
  OPTIONAL {{ <{iri}> okg:sourcePath ?sourcePath }}
  OPTIONAL {{ <{iri}> okg:reportsOn ?inspection }}
  OPTIONAL {{ <{iri}> dcterms:subject ?authority . ?authority rdfs:label ?name }}
}} LIMIT 1""")
    findings = select_values(f"""
SELECT DISTINCT ?finding ?paragraph ?section ?page ?quote WHERE {{
  ?finding a okg:Finding ; dcterms:isPartOf <{iri}> ; okg:quote ?quote .
  OPTIONAL {{ ?finding okg:paragraph ?paragraph }}
  OPTIONAL {{ ?finding okg:section ?section }}
  OPTIONAL {{ ?finding okg:page ?page }}
}} ORDER BY ?paragraph ?page""")
    return {"kind": "report", "facts": facts[0] if facts else {}, "findings": findings}


SECTION_BUILDERS: tuple[tuple[str, Callable[[str], Section]], ...] = (
    (str(OKG.LocalAuthority), authority_section),
    (str(OKG.Inspection), inspection_section),
    (str(OKG.Judgement), judgement_section),
    (str(OKG.Recommendation), recommendation_section),
    (str(OKG.Finding), passage_section),
    (str(OKG.Passage), passage_section),
    (str(OKG.Partnership), partnership_section),
    (str(OKG.InspectionReport), report_section),
    (str(OKG.CommitteeReport), report_section),
)

"""The SPARQL 1.1 Service Description a bare GET of the endpoint returns.

It names the endpoint, the query language, every result format, the features (the default
graph is the union of the named graphs, one per source report) and the named graphs.
"""

from __future__ import annotations

from collections.abc import Iterable

import pyoxigraph as ox

from web.results import GRAPH_WRITERS

SD = "http://www.w3.org/ns/sparql-service-description#"
FORMATS = "http://www.w3.org/ns/formats/"
RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
DCTERMS_DESCRIPTION = ox.NamedNode("http://purl.org/dc/terms/description")
RDFS_COMMENT = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#comment")
RESULT_FORMAT_IRIS = (
    "SPARQL_Results_JSON",
    "SPARQL_Results_XML",
    "SPARQL_Results_CSV",
    "SPARQL_Results_TSV",
    "Turtle",
    "N-Triples",
    "RDF_XML",
    "JSON-LD",
)
DESCRIPTION_PREFIXES = {
    "sd": SD,
    "formats": FORMATS,
    "dcterms": "http://purl.org/dc/terms/",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
}
UNION_NOTE = (
    "The default graph is the union of all named graphs; each named graph holds what was read "
    "from one source report."
)


def _sd(term: str) -> ox.NamedNode:
    return ox.NamedNode(SD + term)


def describe_service(
    endpoint: str,
    named_graphs: Iterable[str],
    *,
    federated: bool = False,
    updates: bool = False,
) -> list[ox.Triple]:
    """Return the triples of the service description of `endpoint`."""
    service = ox.BlankNode("service")
    dataset = ox.BlankNode("dataset")
    default_graph = ox.BlankNode("default_graph")
    triples = [
        ox.Triple(service, RDF_TYPE, _sd("Service")),
        ox.Triple(service, _sd("endpoint"), ox.NamedNode(endpoint)),
        ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Query")),
        ox.Triple(service, _sd("feature"), _sd("UnionDefaultGraph")),
        ox.Triple(service, _sd("defaultEntailmentRegime"), ox.NamedNode(_ENTAILMENT_SIMPLE)),
        ox.Triple(service, DCTERMS_DESCRIPTION, ox.Literal(_service_text(updates))),
        ox.Triple(service, _sd("defaultDataset"), dataset),
        ox.Triple(dataset, RDF_TYPE, _sd("Dataset")),
        ox.Triple(dataset, _sd("defaultGraph"), default_graph),
        ox.Triple(default_graph, RDF_TYPE, _sd("Graph")),
        ox.Triple(default_graph, RDFS_COMMENT, ox.Literal(UNION_NOTE)),
    ]
    triples.extend(
        ox.Triple(service, _sd("resultFormat"), ox.NamedNode(FORMATS + name))
        for name in RESULT_FORMAT_IRIS
    )
    if federated:
        triples.append(ox.Triple(service, _sd("feature"), _sd("BasicFederatedQuery")))
    if updates:
        triples.append(ox.Triple(service, _sd("supportedLanguage"), _sd("SPARQL11Update")))
    for index, graph in enumerate(named_graphs):
        named = ox.BlankNode(f"graph{index}")
        triples.append(ox.Triple(dataset, _sd("namedGraph"), named))
        triples.append(ox.Triple(named, RDF_TYPE, _sd("NamedGraph")))
        triples.append(ox.Triple(named, _sd("name"), ox.NamedNode(graph)))
    return triples


def serialise_description(triples: list[ox.Triple], format_name: str) -> bytes:
    """Write the description in one of the graph formats (turtle, ntriples, rdfxml, jsonld)."""
    rdf_format = GRAPH_WRITERS[format_name]
    prefixes = DESCRIPTION_PREFIXES if rdf_format is not ox.RdfFormat.N_TRIPLES else None
    return ox.serialize(triples, format=rdf_format, prefixes=prefixes) or b""


_ENTAILMENT_SIMPLE = "http://www.w3.org/ns/entailment/Simple"


def _service_text(updates: bool) -> str:
    access = "Read-write (test mode)." if updates else "Read-only: SPARQL Update is refused."
    return (
        "ofsted-kg: Ofsted inspection reports on English local authorities' children's "
        f"services. {access} The okg:, org:, prov:, qb:, schema:, time:, skos:, dcterms:, "
        "rdfs:, rdf:, xsd:, statgeo: and id: prefixes are predefined."
    )

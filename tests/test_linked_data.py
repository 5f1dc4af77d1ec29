"""The linked-data routes (VoID, DCAT, dumps, Graph Store Protocol, /def), the example queries
stored as data, the links out, and the pieces of the ontology page (shapes, trees, diagram).
"""

from __future__ import annotations

import gzip
import hashlib
import re
import xml.etree.ElementTree as ElementTree
from collections.abc import Iterator
from pathlib import Path

import pyoxigraph as ox
import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient
from rdflib.compare import isomorphic
from rdflib.namespace import DCAT, OWL, RDF, SKOS, VOID

from graph.dumps import dump_bytes
from graph.named_queries import named_queries
from graph.store import EmbeddedStore
from graph.terms import BUILD_GRAPH, REFERENCE_GRAPH, report_iri
from graph.vocab import ID, PREFIXES, STATGEO
from graph.void import DATASET_IRI, dataset_statistics
from loaders.records import Framework
from ontology import ONTOLOGY_FILE, SHAPES_FILE, load_ontology_graph
from tests.endpoint_server import running_app
from tests.test_dumps import build_store
from web.linked_data.diagram import diagram_svg, layout, model_diagram
from web.linked_data.diagram_layout import assign_layers
from web.linked_data.ontology_model import OKG_NAMESPACE, ontology_view
from web.linked_data.shapes_model import shapes_view

SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
SVG = "{http://www.w3.org/2000/svg}"
BROWSER = "text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8"
WESTMINSTER_2016 = report_iri("seeds/000_0198f2293c425e86.txt").value
pytestmark = pytest.mark.filterwarnings("ignore::DeprecationWarning:rdflib")


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> EmbeddedStore:
    root = tmp_path_factory.mktemp("linked")
    return EmbeddedStore(build_store(root / "work", root / "store"))


@pytest.fixture(scope="module")
def app(store: EmbeddedStore, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    cache = tmp_path_factory.mktemp("dump-cache")
    with running_app(Path(store.location), {"DUMP_CACHE_DIR": str(cache)}) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def parse(body: bytes, media_type: str) -> rdflib.Graph:
    formats = {"text/turtle": "turtle", "application/n-triples": "nt",
               "application/ld+json": "json-ld", "application/rdf+xml": "xml"}  # fmt: skip
    return rdflib.Graph().parse(data=body, format=formats[media_type])


def store_graph(store: EmbeddedStore, graph: str) -> rdflib.Graph:
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.raw().quads_for_pattern(None, None, None, ox.NamedNode(graph))
    ]
    return rdflib.Graph().parse(
        data=ox.serialize(triples, format=ox.RdfFormat.N_TRIPLES), format="nt"
    )


# --- /.well-known/void and /catalog ------------------------------------------------------------


@pytest.mark.parametrize(
    "media_type",
    ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"],
)
def test_void_in_each_rdf_format_gives_the_store_counts(
    client: FlaskClient, store: EmbeddedStore, media_type: str
) -> None:
    response = client.get("/.well-known/void", headers={"Accept": media_type})
    assert response.status_code == 200
    assert response.mimetype == media_type
    void = parse(response.data, media_type)
    triples = void.value(DATASET_IRI, VOID.triples)
    assert int(triples) == dataset_statistics(store).triples
    endpoint = void.value(DATASET_IRI, VOID.sparqlEndpoint)
    assert str(endpoint) == "http://localhost/sparql"  # the server's own address


def test_void_defaults_to_turtle_and_shows_html_to_browsers(client: FlaskClient) -> None:
    assert client.get("/.well-known/void").mimetype == "text/turtle"
    page = client.get("/.well-known/void", headers={"Accept": BROWSER})
    assert page.mimetype == "text/html"
    assert b"okg:Judgement" in page.data and b"Dataset description" in page.data
    assert "Accept" in page.headers["Vary"]


def test_catalogue_lists_distributions_and_services(client: FlaskClient) -> None:
    response = client.get("/catalog?format=ttl")
    catalogue = parse(response.data, "text/turtle")
    assert (None, RDF.type, DCAT.Catalog) in catalogue
    urls = {
        str(catalogue.value(d, DCAT.downloadURL))
        for d in catalogue.objects(DATASET_IRI, DCAT.distribution)
    }
    assert "http://localhost/dumps/ofsted-kg.nq.gz" in urls
    services = {
        str(catalogue.value(s, DCAT.endpointURL))
        for s in catalogue.subjects(RDF.type, DCAT.DataService)
    }
    assert services == {"http://localhost/sparql", "http://localhost/store"}


# --- /dumps ------------------------------------------------------------------------------------


def test_dump_download_is_the_cli_dump(client: FlaskClient, store: EmbeddedStore) -> None:
    response = client.get("/dumps/ofsted-kg.nq.gz")
    assert response.status_code == 200
    assert response.mimetype == "application/gzip"
    assert gzip.decompress(response.data) == dump_bytes(store, "nq")
    plain = client.get("/dumps/ofsted-kg.ttl")
    assert plain.mimetype == "text/turtle"
    assert plain.data == dump_bytes(store, "ttl")


def test_dump_downloads_are_conditional(client: FlaskClient) -> None:
    first = client.get("/dumps/ofsted-kg.nt.gz")
    again = client.get("/dumps/ofsted-kg.nt.gz", headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304


def test_catalogue_gives_size_and_checksum_of_written_dumps(client: FlaskClient) -> None:
    body = client.get("/dumps/ofsted-kg.trig.gz").data
    catalogue = parse(client.get("/catalog", headers={"Accept": "text/turtle"}).data, "text/turtle")
    distribution = rdflib.URIRef("http://localhost/dumps/ofsted-kg.trig.gz")
    assert int(catalogue.value(distribution, DCAT.byteSize)) == len(body)
    checksum = catalogue.value(distribution, rdflib.URIRef("http://spdx.org/rdf/terms#checksum"))
    value = catalogue.value(checksum, rdflib.URIRef("http://spdx.org/rdf/terms#checksumValue"))
    assert str(value) == hashlib.sha256(body).hexdigest()


@pytest.mark.parametrize(
    "name", ["ofsted-kg.csv", "secrets.nq", "..%2Fstore", "ofsted-kg.nq.gz.gz"]
)
def test_unknown_dump_names_are_not_found(client: FlaskClient, name: str) -> None:
    assert client.get(f"/dumps/{name}").status_code == 404


# --- the Graph Store Protocol ------------------------------------------------------------------


@pytest.mark.parametrize(
    "media_type",
    ["text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml"],
)
def test_one_report_graph(client: FlaskClient, store: EmbeddedStore, media_type: str) -> None:
    response = client.get(
        "/store", query_string={"graph": WESTMINSTER_2016}, headers={"Accept": media_type}
    )
    assert response.status_code == 200, response.data
    assert response.mimetype == media_type
    assert isomorphic(parse(response.data, media_type), store_graph(store, WESTMINSTER_2016))


def test_a_graph_in_n_quads_keeps_its_name(client: FlaskClient) -> None:
    response = client.get(
        "/store",
        query_string={"graph": WESTMINSTER_2016},
        headers={"Accept": "application/n-quads"},
    )
    lines = response.data.decode("utf-8").splitlines()
    assert lines and all(line.endswith(f"<{WESTMINSTER_2016}> .") for line in lines)


def test_the_build_graph_is_served_too(client: FlaskClient) -> None:
    response = client.get(
        "/store", query_string={"graph": BUILD_GRAPH}, headers={"Accept": "text/turtle"}
    )
    assert response.status_code == 200 and b"softwareVersion" in response.data


def test_the_default_graph_is_the_union(client: FlaskClient, store: EmbeddedStore) -> None:
    response = client.get("/store?default", headers={"Accept": "application/n-triples"})
    assert response.status_code == 200
    assert response.mimetype == "application/n-triples"
    assert response.data == dump_bytes(store, "nt")


@pytest.mark.parametrize(
    ("query", "status"),
    [
        ("", 400),  # neither graph nor default
        ("default&graph=https://w3id.org/ofsted-kg/id/graph/reference", 400),  # both
        ("graph=not%20an%20iri", 400),
        ("graph=https://w3id.org/ofsted-kg/id/report/0000000000000000", 404),
    ],
)
def test_graph_store_errors(client: FlaskClient, query: str, status: int) -> None:
    assert client.get(f"/store?{query}").status_code == status


@pytest.mark.parametrize("method", ["put", "post", "delete", "patch"])
def test_the_graph_store_is_read_only(client: FlaskClient, method: str) -> None:
    response = getattr(client, method)("/store?default", data=b"<a:b> <a:c> <a:d> .")
    assert response.status_code == 405
    assert "GET" in response.headers["Allow"] and "PUT" not in response.headers["Allow"]


def test_head_gives_headers_without_body(client: FlaskClient) -> None:
    response = client.head("/store", query_string={"graph": REFERENCE_GRAPH})
    assert response.status_code == 200 and response.data == b""


# --- /def ----------------------------------------------------------------------------------------


def test_def_gives_turtle_to_machines(client: FlaskClient) -> None:
    response = client.get("/def", headers={"Accept": "*/*"})
    assert response.mimetype == "text/turtle"
    assert response.data == ONTOLOGY_FILE.read_bytes()
    as_xml = client.get("/def", headers={"Accept": "application/rdf+xml"})
    assert isomorphic(
        parse(as_xml.data, "application/rdf+xml"), rdflib.Graph().parse(ONTOLOGY_FILE)
    )


def test_def_page_documents_every_term_and_shape(client: FlaskClient) -> None:
    response = client.get("/def", headers={"Accept": BROWSER})
    assert response.status_code == 200 and response.mimetype == "text/html"
    html = response.data.decode("utf-8")
    ontology = rdflib.Graph().parse(ONTOLOGY_FILE)
    terms = {
        str(term)[len(OKG_NAMESPACE) :]
        for kind in (OWL.Class, OWL.ObjectProperty, OWL.DatatypeProperty)
        for term in ontology.subjects(RDF.type, kind)
        if str(term).startswith(OKG_NAMESPACE)
    }
    missing = {term for term in terms if f'id="{term}"' not in html}
    assert not missing
    shapes = rdflib.Graph().parse(SHAPES_FILE)
    named = {
        str(s).rsplit("#", 1)[1]
        for s in shapes.subjects(RDF.type, SH.NodeShape)
        if isinstance(s, rdflib.URIRef)
    }
    assert not {name for name in named if f'id="shape-{name}"' not in html}
    assert "<svg" in html and 'id="schemes"' in html and 'id="links-out"' in html


def test_def_page_has_no_inline_script_or_style(client: FlaskClient) -> None:
    # The site's Content-Security-Policy allows neither.
    html = client.get("/def", headers={"Accept": BROWSER}).data.decode("utf-8")
    assert "<script" not in html
    assert not re.search(r"<style|\sstyle=", html)


def test_shapes_at_their_own_iri(client: FlaskClient) -> None:
    assert client.get("/def/shapes").data == SHAPES_FILE.read_bytes()
    browser = client.get("/def/shapes", headers={"Accept": BROWSER})
    assert browser.status_code == 303 and browser.headers["Location"].endswith("/def#shapes")


def test_the_diagram_is_an_svg_file(client: FlaskClient) -> None:
    response = client.get("/def/diagram.svg")
    assert response.mimetype == "image/svg+xml"
    svg = ElementTree.fromstring(response.data)
    texts = {element.text for element in svg.iter(f"{SVG}text")}
    assert {"okg:Inspection", "okg:Judgement", "okg:LocalAuthority", "judgementOf"} <= texts


# --- example queries as data, and the links out ------------------------------------------------


def test_every_named_query_is_a_sparql_executable(store: EmbeddedStore) -> None:
    rows = list(
        store.query(
            "PREFIX sh: <http://www.w3.org/ns/shacl#> "
            "SELECT ?query ?label ?text WHERE { GRAPH ?g { ?query a sh:SPARQLExecutable , "
            "sh:SPARQLSelectExecutable ; rdfs:label ?label ; rdfs:comment ?comment ; "
            "sh:select ?text ; sh:prefixes ?prefixes } }"
        )
    )
    found = {row["query"].value: row for row in rows}
    assert set(found) == {f"{ID}query/{name}" for name in named_queries()}
    for name, query in named_queries().items():
        row = found[f"{ID}query/{name}"]
        assert row["label"].value == query.title
        assert not row["text"].value.startswith("#")  # the header comments are the label


def test_stored_queries_run_with_their_declared_prefixes(store: EmbeddedStore) -> None:
    declarations = {
        row["prefix"].value: row["namespace"].value
        for row in store.query(
            "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?prefix ?namespace WHERE { "
            "?query sh:prefixes/sh:declare [ sh:prefix ?prefix ; sh:namespace ?namespace ] }"
        )
    }
    assert declarations == PREFIXES
    prologue = "".join(f"PREFIX {p}: <{n}>\n" for p, n in declarations.items())
    for row in store.query(
        "PREFIX sh: <http://www.w3.org/ns/shacl#> SELECT ?text WHERE { ?q sh:select ?text }"
    ):
        # Without the store's predefined prefixes: only the declared ones.
        list(store.raw().query(prologue + row["text"].value))


def test_authorities_link_to_their_ons_geography(store: EmbeddedStore) -> None:
    rows = list(
        store.query(
            "SELECT ?gss ?spatial WHERE { ?a a okg:LocalAuthority ; okg:gssCode ?gss ; "
            "dcterms:spatial ?spatial }"
        )
    )
    assert rows
    assert all(row["spatial"].value == f"{STATGEO}{row['gss'].value}" for row in rows)


def test_grade_notations_follow_ofsteds_coding() -> None:
    # ontology/schemes.ttl: "Notations follow Ofsted's official statistics coding: 1 outstanding,
    # 2 good, 3 requires improvement / adequate, 4 inadequate."
    words = {"1": {"Outstanding"}, "2": {"Good"}, "3": {"Requires improvement",
             "Requires improvement to be good", "Adequate"}, "4": {"Inadequate"}}  # fmt: skip
    rows = ontology_view()["grade_coding"]
    # One grade scheme per framework; joint targeted area inspections grade nothing.
    assert len(rows) == len([f for f in Framework if f is not Framework.JTAI])
    for row in rows:
        for code, cell in zip(("1", "2", "3", "4"), row["cells"], strict=True):
            assert cell is not None, (row["scheme"], code)
            assert cell["scale"] == code
            assert cell["label"] in words[code]


# --- the pieces of the ontology page -----------------------------------------------------------


def test_concept_trees_follow_skos_broader() -> None:
    # schemes.ttl: area:lac_2013_... concepts have "skos:broader area:outcomes".
    graph = load_ontology_graph()
    narrower = {str(c) for c in graph.subjects(SKOS.broader, rdflib.URIRef(f"{ID}area/outcomes"))}
    (areas,) = [s for s in ontology_view()["schemes"] if s["iri"] == f"{ID}area"]

    def find(nodes: list, iri: str) -> dict | None:
        for node in nodes:
            if node["link"]["iri"] == iri:
                return node
            if found := find(node["children"], iri):
                return found
        return None

    outcomes = find(areas["tree"], f"{ID}area/outcomes")
    assert narrower and {child["link"]["iri"] for child in outcomes["children"]} == narrower
    assert all(node["link"]["iri"] not in narrower for node in areas["tree"])  # not at the root


def test_shapes_read_as_words() -> None:
    shapes = {shape["name"]: shape for shape in shapes_view()}
    authority = {row["path"]: row for row in shapes["okgsh:LocalAuthorityShape"]["properties"]}
    assert authority["okg:gssCode"]["count"] == "1"
    assert any(
        "pattern ^E(06|07|08|09|10|11|12|13)" in rule["words"]
        for rule in authority["okg:gssCode"]["rules"]
    )
    assert authority["okg:region"]["rules"][0]["links"][0]["text"] == "okg:Region"
    membership = {row["path"] for row in shapes["okgsh:MembershipShape"]["properties"]}
    assert "^org:hasMembership" in membership
    grade_rules = " ".join(shapes["okgsh:GradeOfFrameworkShape"]["rules"])
    assert "(okg:judgementOf|okg:claimAbout)/okg:framework" in grade_rules
    inspection = " ".join(shapes["okgsh:InspectionShape"]["rules"])
    assert "okg:inspects [1..*]" in inspection and "okg:inspectedService [1..*]" in inspection


def test_diagram_boxes_do_not_overlap_and_every_link_is_drawn() -> None:
    graph = load_ontology_graph()
    diagram = layout(model_diagram(graph))
    boxes = list(diagram.boxes.values())
    for i, a in enumerate(boxes):
        for b in boxes[i + 1 :]:
            apart = (a.x + a.width <= b.x or b.x + b.width <= a.x
                     or a.y + a.height <= b.y or b.y + b.height <= a.y)  # fmt: skip
            assert apart, (a.title, b.title)
    labels = {label for arrow in diagram.arrows for label in arrow.labels}
    # okg.ttl: "okg:inspects ... rdfs:domain okg:Inspection ; rdfs:range okg:LocalAuthority".
    assert {"inspects", "reportsOn", "judgementOf", "claimAbout", "region"} <= labels
    svg = diagram_svg(graph)
    assert svg.count("<rect") >= len(boxes)


def test_layers_put_most_arrows_downwards() -> None:
    nodes = ["a", "b", "c", "d"]
    edges = [("a", "b", 1.0), ("b", "c", 1.0), ("c", "a", 0.5), ("a", "d", 1.0)]
    layers = assign_layers(nodes, edges)
    assert layers["a"] < layers["b"] < layers["c"]  # the light edge c->a is the one reversed
    assert layers["d"] == layers["a"] + 1

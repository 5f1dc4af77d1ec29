"""The HTML pages and their data routes through Flask's test client, over the seed reports."""

from __future__ import annotations

import csv
import io
import json
import re
from collections.abc import Iterator

import pytest
import rdflib
from flask import Flask
from flask.testing import FlaskClient

from graph.named_queries import named_queries
from tests.browser.pages_store import (
    HOSTILE_AUTHORITY,
    HOSTILE_PARTNERSHIP,
    PARTNERSHIP_LABEL,
    SCRIPT_LABEL,
    build_pages_store,
)
from tests.endpoint_server import running_app

ID = "https://w3id.org/ofsted-kg/id/"
WESTMINSTER = ID + "authority/E09000033"
ILACS_2024 = ID + "inspection/E09000033/ilacs/2024-11-11"
RDFS_LABEL = rdflib.URIRef("http://www.w3.org/2000/01/rdf-schema#label")
OKG_INSPECTS = rdflib.URIRef("https://w3id.org/ofsted-kg/def#inspects")


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Flask]:
    path = tmp_path_factory.mktemp("pages") / "store"
    build_pages_store(path)
    with running_app(path) as app:
        yield app


@pytest.fixture
def client(app: Flask) -> FlaskClient:
    return app.test_client()


def _html(client: FlaskClient, path: str) -> str:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200, (path, response.data[:300])
    assert response.mimetype == "text/html"
    return response.get_data(as_text=True)


# --- every page, and what protects it ------------------------------------------------------

PAGES = [
    "/",
    "/sparql",
    "/queries",
    "/network",
    "/charts",
    "/charts/authority/E09000033",
    "/def",
    "/id/authority/E09000033",
    "/id/inspection/E09000033/ilacs/2024-11-11",
    "/id/partnership/tri-borough",
]


@pytest.mark.parametrize("path", PAGES)
def test_every_page_has_a_strict_content_security_policy(client: FlaskClient, path: str) -> None:
    response = client.get(path, headers={"Accept": "text/html"})
    assert response.status_code == 200
    policy = response.headers["Content-Security-Policy"]
    directives = dict(part.strip().split(" ", 1) for part in policy.split(";"))
    assert directives["default-src"] == "'self'"
    assert directives["script-src"] == "'self'"  # no inline script, no CDN
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)", html), "inline script in " + path
    assert not re.search(r"\son[a-z]+\s*=", html), "inline event handler in " + path
    assert "https://cdn" not in html and "//unpkg" not in html


def test_the_home_page_says_what_the_graph_holds(client: FlaskClient) -> None:
    html = _html(client, "/")
    # Seed 002: "Inspection dates: 10-20 April 2012"; seed 003: "11 to 15 November 2024".
    assert "2012–2024" in html
    for link in ("/sparql", "/queries", "/network", "/charts", "/def"):
        assert f'href="{link}"' in html
    assert "okg:Judgement" in html  # the short guide to the data model


def test_the_editor_page_loads_yasgui_from_this_server(client: FlaskClient) -> None:
    html = _html(client, "/sparql")
    assert 'src="/static/vendor/yasgui/yasgui.min.js"' in html
    assert 'src="/static/js/editor.js"' in html
    for item in named_queries().values():
        assert f'data-name="{item.name}"' in html


# --- the named research queries ------------------------------------------------------------


def test_there_are_at_least_twelve_documented_named_queries() -> None:
    queries = named_queries()
    assert len(queries) >= 12
    for item in queries.values():
        assert item.title != item.name and item.description, item.name


@pytest.mark.parametrize("name", sorted(named_queries()))
def test_every_named_query_runs_as_json_and_csv(client: FlaskClient, name: str) -> None:
    as_json = client.get(f"/queries/{name}.json")
    assert as_json.status_code == 200, as_json.data[:300]
    assert as_json.mimetype == "application/sparql-results+json"
    variables = json.loads(as_json.data)["head"]["vars"]
    as_csv = client.get(f"/queries/{name}.csv")
    assert as_csv.status_code == 200
    assert next(csv.reader(io.StringIO(as_csv.get_data(as_text=True)))) == variables
    assert client.get(f"/queries/{name}.rq").get_data(as_text=True) == named_queries()[name].sparql


def _rows(client: FlaskClient, name: str) -> list[dict[str, str]]:
    body = json.loads(client.get(f"/queries/{name}.json").data)
    return [{k: v["value"] for k, v in row.items()} for row in body["results"]["bindings"]]


def test_latest_grades_gives_westminsters_2024_grades(client: FlaskClient) -> None:
    # Seed 003 (inspection 11 to 15 November 2024): "Overall effectiveness  Outstanding".
    rows = [row for row in _rows(client, "latest-grades") if row["authority"] == WESTMINSTER]
    overall = [row for row in rows if row["area"] == "overall"]
    assert [(row["start"], row["grade"], row["scale"]) for row in overall] == [
        ("2024-11-11", "Outstanding", "1")
    ]


def test_shared_partnership_pairs_join_the_tri_borough(client: FlaskClient) -> None:
    pairs = {
        (row["firstName"], row["secondName"], row["partnershipName"])
        for row in _rows(client, "shared-partnership-pairs")
    }
    assert ("Hammersmith and Fulham", "Westminster", "Tri-borough partnership") in pairs


def test_an_unknown_named_query_is_not_found(client: FlaskClient) -> None:
    assert client.get("/queries/no-such-query.csv").status_code == 404
    assert client.get("/queries/no-such-query.json").status_code == 404


def test_the_library_lists_every_query_with_its_downloads(client: FlaskClient) -> None:
    html = _html(client, "/queries")
    catalogue = json.loads(client.get("/queries/index.json").data)
    assert catalogue["prefixes"]["okg"] == "https://w3id.org/ofsted-kg/def#"
    for item in catalogue["queries"]:
        assert f"/queries/{item['name']}.csv" in html
        assert f"/sparql?named={item['name']}" in html


# --- a page for every IRI ------------------------------------------------------------------


def test_an_authority_page_shows_inspections_grades_partnerships(client: FlaskClient) -> None:
    html = _html(client, "/id/authority/E09000033")
    assert "<h1>Westminster</h1>" in html
    # Seed 003 began on 11 November 2024 and graded everything outstanding; seed 000 (SIF,
    # January 2016) graded help and protection good.
    assert 'href="/id/inspection/E09000033/ilacs/2024-11-11"' in html
    assert 'class="grade grade-1"' in html and ">Outstanding</span>" in html
    assert 'class="grade grade-2"' in html
    assert "Tri-borough partnership" in html
    assert "Statistical neighbours" in html
    assert "<svg" in html and "/charts/authority/E09000033.png" in html


def test_a_judgement_page_quotes_the_report(client: FlaskClient) -> None:
    html = _html(client, "/id/inspection/E09000033/ilacs/2024-11-11/judgement/overall")
    assert "Where the report says it" in html
    assert "<blockquote>Overall effectiveness" in html  # seed 003's judgement table row
    assert ">Outstanding</span>" in html
    assert 'href="/id/report/' in html


def test_a_recommendation_page_quotes_the_report(client: FlaskClient) -> None:
    html = _html(
        client, "/id/inspection/E09000033/ilacs/2024-11-11/recommendation/local_authority/1"
    )
    # Seed 003, "What needs to improve?": the LADO service.
    assert "local authority designated officer (LADO) service" in html
    assert "<blockquote>" in html


def test_an_inspection_page_lists_judgements_and_recommendations(client: FlaskClient) -> None:
    html = _html(client, "/id/inspection/E09000033/ilacs/2024-11-11")
    assert "Naintara Khosla" in html  # seed 003: "Lead inspector: Naintara Khosla"
    assert html.count('class="grade grade-1"') >= 5
    assert "LADO" in html


@pytest.mark.parametrize(
    ("suffix", "accept", "rdf_format"),
    [
        (".ttl", None, "turtle"),
        (".jsonld", None, "json-ld"),
        (".nt", None, "nt"),
        ("", "text/turtle", "turtle"),
        ("", "application/ld+json", "json-ld"),
        ("", "application/n-triples", "nt"),
    ],
)
def test_an_iri_page_is_data_by_suffix_or_negotiation(
    client: FlaskClient, suffix: str, accept: str | None, rdf_format: str
) -> None:
    headers = {"Accept": accept} if accept else {}
    response = client.get("/id/authority/E09000033" + suffix, headers=headers)
    assert response.status_code == 200
    graph = rdflib.Graph().parse(data=response.get_data(as_text=True), format=rdf_format)
    westminster = rdflib.URIRef(WESTMINSTER)
    assert (westminster, RDFS_LABEL, rdflib.Literal("Westminster", lang="en")) in graph
    # Incoming links too: the inspection that inspects Westminster.
    assert (rdflib.URIRef(ILACS_2024), OKG_INSPECTS, westminster) in graph


def test_a_browser_gets_html_for_an_iri(client: FlaskClient) -> None:
    response = client.get(
        "/id/authority/E09000033",
        headers={"Accept": "text/html,application/xhtml+xml,*/*;q=0.8"},
    )
    assert response.mimetype == "text/html"
    assert "Accept" in response.headers["Vary"]


@pytest.mark.parametrize(
    "path",
    [
        "/id/authority/E00000000",
        "/id/authority/E09000033%3E%20%3Fp%20%3Fo",  # an attempt to break out of <...>
        '/id/x"y',
        "/id/authority/E00000000.ttl",
    ],
)
def test_unknown_or_malformed_iris_are_not_found(client: FlaskClient, path: str) -> None:
    assert client.get(path, headers={"Accept": "text/html"}).status_code == 404
    assert client.get(path, headers={"Accept": "text/turtle"}).status_code == 404


# --- network, charts ------------------------------------------------------------------------


def test_network_json_is_node_link_data_with_pages(client: FlaskClient) -> None:
    data = json.loads(client.get("/network.json").data)
    nodes = {node["id"]: node for node in data["nodes"]}
    assert nodes[WESTMINSTER]["page"] == "/id/authority/E09000033"
    assert nodes[ID + "partnership/tri-borough"]["label"] == "Tri-borough partnership"
    assert any(
        {link["source"], link["target"]} == {WESTMINSTER, ID + "partnership/tri-borough"}
        for link in data["links"]
    )


@pytest.mark.parametrize(
    ("path", "mimetype"),
    [
        ("/charts/latest-grades.svg", "image/svg+xml"),
        ("/charts/latest-grades.png", "image/png"),
        ("/charts/latest-grades.csv", "text/csv"),
        ("/charts/authority/E09000033.svg", "image/svg+xml"),
        ("/charts/authority/E09000033.png", "image/png"),
        ("/charts/authority/E09000033.csv", "text/csv"),
    ],
)
def test_each_chart_downloads_as_svg_png_and_csv(
    client: FlaskClient, path: str, mimetype: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    assert response.mimetype == mimetype
    if mimetype == "image/png":
        assert response.data.startswith(b"\x89PNG\r\n\x1a\n")
    if mimetype == "text/csv":
        rows = list(csv.DictReader(io.StringIO(response.get_data(as_text=True))))
        westminster = [row for row in rows if row["name"] == "Westminster"]
        # Seed 003 and seed 000 both give an overall grade of Outstanding.
        assert any(r["area"] == "overall" and r["grade"] == "Outstanding" for r in westminster)


def test_the_charts_page_links_each_chart_to_its_sparql(client: FlaskClient) -> None:
    html = _html(client, "/charts")
    assert "/sparql?named=latest-grades" in html
    authority_page = _html(client, "/charts/authority/E09000033")
    assert "/sparql#query=" in authority_page


@pytest.mark.parametrize("path", ["/charts/authority/E0900003", "/charts/authority/E00000000"])
def test_a_chart_of_an_unknown_authority_is_not_found(client: FlaskClient, path: str) -> None:
    assert client.get(path).status_code == 404


# --- untrusted text never runs ---------------------------------------------------------------


@pytest.mark.parametrize(
    "path",
    [
        "/id/authority/E09999999",
        "/id/partnership/hostile-test",
        "/id/authority/E09000033",
        "/charts",
        "/charts/latest-grades.svg",
    ],
)
def test_labels_holding_markup_are_escaped(client: FlaskClient, path: str) -> None:
    body = client.get(path, headers={"Accept": "text/html"}).get_data(as_text=True)
    assert "<script>window.hacked" not in body
    assert "<img src=x" not in body
    assert "&lt;script&gt;window.hacked" in body


def test_hostile_labels_are_in_the_data_as_written(client: FlaskClient) -> None:
    data = json.loads(client.get("/network.json").data)
    labels = {node["id"]: node["label"] for node in data["nodes"]}
    assert labels[HOSTILE_AUTHORITY] == SCRIPT_LABEL
    assert labels[HOSTILE_PARTNERSHIP] == PARTNERSHIP_LABEL

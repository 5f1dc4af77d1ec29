"""Every page in a real browser: loads clean, works with the mouse and the keyboard, runs no
untrusted text, fits a phone. Screenshots land in test-output/screenshots/."""

from __future__ import annotations

import re

import pytest

from tests.browser.conftest import DESKTOP, PHONE, Watched
from tests.browser.pages_store import (
    HOSTILE_PARTNERSHIP,
    PARTNERSHIP_LABEL,
    SCRIPT_LABEL,
)

ID = "https://w3id.org/ofsted-kg/id/"
WESTMINSTER = ID + "authority/E09000033"
KENSINGTON = ID + "authority/E09000020"
HAMMERSMITH = ID + "authority/E09000013"
TRI_BOROUGH = ID + "partnership/tri-borough"
TRI_BOROUGH_LSCB = ID + "partnership/tri-borough-lscb"
ILACS_2024 = "/id/inspection/E09000033/ilacs/2024-11-11"

PAGES = {
    "home": "/",
    "editor": "/sparql",
    "queries": "/queries",
    "network": "/network",
    "charts": "/charts",
    "chart-westminster": "/charts/authority/E09000033",
    "data-model": "/def",
    "authority": "/id/authority/E09000033",
    "inspection": ILACS_2024,
    "judgement": ILACS_2024 + "/judgement/overall",
    "recommendation": ILACS_2024 + "/recommendation/local_authority/1",
    "partnership": "/id/partnership/tri-borough",
    "region": "/id/region/E12000007",
}
OWNED_ELSEWHERE = {"data-model"}


def _wait_until_drawn(watched: Watched, name: str) -> None:
    if name == "network":
        watched.page.wait_for_selector("#network[data-ready=true]")
    if name == "editor":
        watched.page.wait_for_selector(".yasqe .CodeMirror")


@pytest.mark.parametrize("name", sorted(PAGES))
def test_every_page_loads_clean_at_desktop_and_phone_width(watched: Watched, name: str) -> None:
    watched.open(PAGES[name])
    _wait_until_drawn(watched, name)
    assert watched.page.locator("h1").count() == 1
    watched.screenshot(f"{name}-desktop")
    watched.page.set_viewport_size(PHONE)
    watched.open(PAGES[name])
    _wait_until_drawn(watched, name)
    watched.screenshot(f"{name}-phone")
    # Usable on a phone: nothing pushes the page wider than the screen. (/def is the linked
    # data helper's page, issue #6; its diagram is checked there.)
    overflow = watched.page.evaluate(
        "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 1 or name in OWNED_ELSEWHERE, f"{name} is {overflow}px wider than a phone"
    watched.page.set_viewport_size(DESKTOP)
    assert watched.problems() == []


def test_an_unknown_iri_gets_a_page_saying_so(watched: Watched) -> None:
    response = watched.page.goto(watched.base_url + "/id/authority/E00000000")
    assert response.status == 404
    assert watched.page.locator("h1").inner_text() == "Nothing is known about this IRI"
    watched.screenshot("not-found-desktop")
    # The browser reports the page's own 404 status; nothing else may go wrong.
    assert [p for p in watched.problems() if "status of 404" not in p] == []
    assert len(watched.console_errors) == 1


def test_a_report_page_reached_by_links_loads_clean(watched: Watched) -> None:
    watched.open(PAGES["judgement"])
    with watched.page.expect_navigation():
        watched.page.locator("figcaption a").first.click()
    assert re.search(r"/id/report/[0-9a-f]{16}$", watched.page.url)
    assert watched.page.locator("table.findings tbody tr").count() > 10
    watched.screenshot("report-desktop")
    assert watched.problems() == []


# --- the query editor --------------------------------------------------------------------------


def _result_rows(watched: Watched):
    rows = watched.page.locator(".yasr table.dataTable tbody tr")
    rows.first.wait_for()
    return rows


def test_the_editor_runs_a_named_query_from_its_library(watched: Watched) -> None:
    watched.open("/sparql")
    watched.page.wait_for_selector(".yasqe .CodeMirror")
    watched.page.locator("a.open-query[data-name=partnership-members]").click()
    rows = _result_rows(watched)
    assert rows.count() > 10
    table = watched.page.locator(".yasr table.dataTable")
    assert "Tri-borough partnership" in table.inner_text()
    # Result IRIs link to their pages on this server.
    link = table.locator('a[href="/id/partnership/tri-borough"]').first
    assert link.count() == 1
    hrefs = table.locator("a.iri").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert all(not href.startswith(ID) for href in hrefs)
    watched.screenshot("editor-results-desktop")
    assert watched.problems() == []


def test_the_editor_opens_a_named_query_from_the_address(watched: Watched) -> None:
    watched.open("/sparql?named=latest-grades")
    rows = _result_rows(watched)
    assert rows.count() >= 5
    assert "Westminster" in watched.page.locator(".yasr table.dataTable").inner_text()
    assert watched.problems() == []


def test_the_editor_shows_results_as_a_graph(watched: Watched) -> None:
    watched.open("/sparql?named=shared-partnership-pairs")
    _result_rows(watched)
    watched.page.locator(".yasr button.select_graph:visible").click()
    watched.page.locator(".results-graph canvas").first.wait_for()
    note = watched.page.locator(".results-graph-note").inner_text()
    assert re.match(r"\d+ nodes, \d+ edges", note)
    watched.screenshot("editor-graph-desktop")
    assert watched.problems() == []


def test_the_editor_flags_a_syntax_error_before_running(watched: Watched) -> None:
    watched.open("/sparql")
    watched.page.wait_for_selector(".yasqe .CodeMirror")
    watched.page.evaluate(
        "() => window.ofstedEditor.getTab().getYasqe().setValue('SELECT ?x WHERE { ?x ?y }')"
    )
    watched.page.locator(".yasqe .parseErrorIcon").first.wait_for()
    assert watched.problems() == []


# --- the partnership network -------------------------------------------------------------------


def test_the_network_joins_the_tri_borough_through_their_partnership(watched: Watched) -> None:
    watched.open("/network")
    watched.page.wait_for_selector("#network[data-ready=true]")
    seen = watched.page.evaluate(
        """(ids) => {
          const cy = window.ofstedNetwork;
          const node = cy.getElementById(ids.partnership);
          return {
            visible: node.visible(),
            label: node.data('label'),
            members: node.neighborhood('node').filter(n => n.visible()).map(n => n.id()),
            edgesVisible: node.connectedEdges().filter(e => e.visible()).length,
          };
        }""",
        {"partnership": TRI_BOROUGH},
    )
    assert seen["visible"] and seen["label"] == "Tri-borough partnership"
    assert {WESTMINSTER, KENSINGTON, HAMMERSMITH} <= set(seen["members"])
    assert seen["edgesVisible"] >= 3
    watched.screenshot("network-tri-borough-desktop")
    assert watched.problems() == []


def test_a_click_on_a_network_node_opens_its_page(watched: Watched) -> None:
    watched.open("/network")
    watched.page.wait_for_selector("#network[data-ready=true]")
    point = watched.page.evaluate(
        """(id) => {
          const cy = window.ofstedNetwork;
          const node = cy.getElementById(id);
          cy.zoom(2);
          cy.center(node);
          const box = cy.container().getBoundingClientRect();
          const at = node.renderedPosition();
          return { x: box.left + at.x, y: box.top + at.y };
        }""",
        WESTMINSTER,
    )
    with watched.page.expect_navigation():
        watched.page.mouse.click(point["x"], point["y"])
    assert watched.page.url.endswith("/id/authority/E09000033")
    assert watched.page.locator("h1").inner_text() == "Westminster"
    assert watched.problems() == []


def test_the_network_filters_by_relation_and_region(watched: Watched) -> None:
    watched.open("/network")
    watched.page.wait_for_selector("#network[data-ready=true]")
    for relation in ("partnership", "shared_service", "statistical_neighbour"):
        watched.page.locator(f"input[name=relation][value={relation}]").uncheck()
    visible = watched.page.evaluate(
        "(ids) => ids.map(id => window.ofstedNetwork.getElementById(id).visible())",
        [TRI_BOROUGH, TRI_BOROUGH_LSCB, WESTMINSTER],
    )
    # Only shared boards remain: the tri-borough LSCB and its members, not the partnership.
    assert visible == [False, True, True]
    watched.page.locator("input[name=relation][value=partnership]").check()
    watched.page.locator("#region-filter").select_option("North West")
    # Blackpool (North West)'s only arrangement is a shared service, so it is hidden too; the
    # filter is re-applied on the change event, so wait for it rather than read at once.
    hidden = "(ids) => ids.every(id => !window.ofstedNetwork.getElementById(id).visible())"
    watched.page.wait_for_function(hidden, arg=[TRI_BOROUGH, ID + "authority/E06000009"])
    watched.page.locator("input[name=relation][value=shared_service]").check()
    assert watched.page.evaluate(
        "(id) => window.ofstedNetwork.getElementById(id).visible()", ID + "authority/E06000009"
    )
    assert watched.problems() == []


def test_the_network_colours_nodes_by_community(watched: Watched) -> None:
    watched.open("/network")
    watched.page.wait_for_selector("#network[data-ready=true]")
    pair = """(id) => {
      const cy = window.ofstedNetwork;
      const first = cy.getElementById(id);
      const other = cy.nodes('.authority').filter(
        n => n.data('community') % 8 !== first.data('community') % 8)[0];
      return [first.style('background-color'), other.style('background-color')];
    }"""
    by_kind = watched.page.evaluate(pair, WESTMINSTER)
    assert by_kind[0] == by_kind[1]  # two authorities: the colour of their kind
    watched.page.locator("input[name=colour][value=community]").check()
    by_community = watched.page.evaluate(pair, WESTMINSTER)
    assert by_community[0] != by_community[1]
    same = watched.page.evaluate(
        "(ids) => ids.map(id => window.ofstedNetwork.getElementById(id).data('community'))",
        [WESTMINSTER, KENSINGTON, HAMMERSMITH],
    )
    assert len(set(same)) == 1  # the tri-borough is one community
    watched.screenshot("network-communities-desktop")
    assert watched.problems() == []


def test_the_network_can_be_searched_with_the_keyboard(watched: Watched) -> None:
    watched.open("/network")
    watched.page.wait_for_selector("#network[data-ready=true]")
    watched.page.locator("#network-search").focus()
    watched.page.keyboard.type("Westminster")
    watched.page.keyboard.press("Tab")
    focused = watched.page.evaluate("() => document.activeElement.textContent")
    assert focused == "Westminster"
    watched.page.keyboard.press("Enter")
    details = watched.page.locator("#node-details")
    assert details.locator("h2 a").inner_text() == "Westminster"
    assert "Tri-borough partnership" in details.inner_text()
    assert watched.problems() == []


# --- keyboard ------------------------------------------------------------------------------------


def test_the_first_tab_reaches_a_skip_link_to_the_content(watched: Watched) -> None:
    watched.open("/")
    watched.page.keyboard.press("Tab")
    assert watched.page.evaluate("() => document.activeElement.textContent") == "Skip to content"
    watched.page.keyboard.press("Enter")
    assert watched.page.evaluate("() => document.activeElement.id") == "main"
    watched.page.keyboard.press("Tab")
    focused_href = watched.page.evaluate("() => document.activeElement.getAttribute('href')")
    assert focused_href is not None  # the next stop is a link inside the content


def test_focus_is_visible_on_links(watched: Watched) -> None:
    watched.open("/")
    watched.page.keyboard.press("Tab")
    watched.page.keyboard.press("Tab")
    outline = watched.page.evaluate("() => getComputedStyle(document.activeElement).outlineStyle")
    assert outline != "none"


# --- untrusted text ---------------------------------------------------------------------

HOSTILE_PAGES = [
    "/id/authority/E09999999",
    "/id/partnership/hostile-test",
    "/id/authority/E09000033",
    "/charts",
    "/id/inspection/E09999999/ilacs/2020-01-06/judgement/overall",
]


@pytest.mark.parametrize("path", HOSTILE_PAGES)
def test_a_label_holding_a_script_is_shown_not_run(watched: Watched, path: str) -> None:
    watched.open(path)
    assert watched.page.evaluate("() => window.hacked") is None
    text = watched.page.locator("main").inner_text()
    assert "<script>window.hacked" in text
    assert watched.page.locator("main script").count() == 0
    assert watched.problems() == []


def test_the_network_shows_a_script_label_as_text(watched: Watched) -> None:
    watched.open("/network")
    watched.page.wait_for_selector("#network[data-ready=true]")
    watched.page.locator("#network-search").fill("script")
    watched.page.locator("#search-results button").first.wait_for()
    labels = watched.page.locator("#search-results button").all_inner_texts()
    assert PARTNERSHIP_LABEL in labels and SCRIPT_LABEL in labels
    watched.page.locator("#search-results button", has_text="shared").click()
    assert watched.page.locator("#node-details h2").inner_text() == PARTNERSHIP_LABEL
    assert watched.page.evaluate("() => window.hacked") is None
    assert watched.problems() == []


def test_the_editor_shows_a_script_label_as_text(watched: Watched) -> None:
    watched.open("/sparql")
    watched.page.wait_for_selector(".yasqe .CodeMirror")
    watched.page.evaluate(
        """(iri) => {
          const tab = window.ofstedEditor.getTab();
          tab.getYasqe().setValue('SELECT ?label WHERE { <' + iri + '> rdfs:label ?label }');
          tab.query();
        }""",
        HOSTILE_PARTNERSHIP,
    )
    _result_rows(watched)
    assert "<script>window.hacked" in watched.page.locator(".yasr table.dataTable").inner_text()
    assert watched.page.evaluate("() => window.hacked") is None
    assert watched.problems() == []

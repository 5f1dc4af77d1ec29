"""The partnership network (graph/network.py): projection, structure and node-link data."""

from __future__ import annotations

import json
import math
from collections.abc import Iterator

import networkx as nx
import pytest

from graph.network import (
    AUTHORITIES_QUERY,
    MEMBERSHIPS_QUERY,
    NEIGHBOURS_QUERY,
    Row,
    analyse,
    node_link,
    partnership_network,
    shared_partnerships,
    store_select,
)
from graph.store import EmbeddedStore
from tests.browser.pages_store import build_pages_store

ID = "https://w3id.org/ofsted-kg/id/"
WESTMINSTER = ID + "authority/E09000033"
KENSINGTON = ID + "authority/E09000020"
HAMMERSMITH = ID + "authority/E09000013"
NEWHAM = ID + "authority/E09000025"
LONDON = ID + "region/E12000007"
TRI_BOROUGH = ID + "partnership/tri-borough"
TRI_BOROUGH_LSCB = ID + "partnership/tri-borough-lscb"
WEST_LONDON_YOS = ID + "partnership/west-london-yos"


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedStore]:
    yield build_pages_store(tmp_path_factory.mktemp("network") / "store")


@pytest.fixture(scope="module")
def network(store: EmbeddedStore) -> nx.Graph:
    return analyse(partnership_network(store_select(store)))


# --- the projection, from the seed reports and the register ---------------------------------


@pytest.mark.parametrize("authority", [WESTMINSTER, KENSINGTON, HAMMERSMITH])
def test_the_tri_borough_authorities_are_members_of_the_tri_borough_partnership(
    network: nx.Graph, authority: str
) -> None:
    # Seed 000 (Westminster 2016): "The DCS is executive director of children's services for the
    # tri-borough partnership"; the register lists its members as Westminster, Kensington and
    # Chelsea, and Hammersmith and Fulham.
    assert network.has_edge(authority, TRI_BOROUGH)
    assert network.edges[authority, TRI_BOROUGH]["relation"] == "partnership"


def test_tri_borough_authorities_share_their_board_and_services(network: nx.Graph) -> None:
    # Seed 000: "The LSCB is shared with Hammersmith and Fulham, and the Royal Borough of
    # Kensington and Chelsea"; seed 001: the West London Youth Offending Service covers "the
    # three boroughs of Westminster, Hammersmith and Fulham, and Kensington and Chelsea".
    shared = shared_partnerships(network, WESTMINSTER, HAMMERSMITH)
    assert {TRI_BOROUGH, TRI_BOROUGH_LSCB, WEST_LONDON_YOS} <= set(shared)
    assert network.edges[WESTMINSTER, TRI_BOROUGH_LSCB]["relation"] == "shared_board"
    assert network.edges[KENSINGTON, WEST_LONDON_YOS]["relation"] == "shared_service"
    assert TRI_BOROUGH not in shared_partnerships(network, WESTMINSTER, NEWHAM)


def test_nodes_carry_their_type_label_and_region(network: nx.Graph) -> None:
    assert network.nodes[WESTMINSTER]["label"] == "Westminster"
    assert network.nodes[WESTMINSTER]["type"] == "authority"
    assert network.nodes[WESTMINSTER]["region"] == "London"
    assert network.nodes[TRI_BOROUGH]["type"] == "partnership"
    assert network.nodes[TRI_BOROUGH]["kind"] == "tri_borough"
    assert network.nodes[TRI_BOROUGH]["regions"] == ["London"]
    assert network.nodes[LONDON]["type"] == "region"
    assert network.edges[WESTMINSTER, LONDON]["relation"] == "region"


# --- the structure networkx computes ------------------------------------------------------


def test_every_node_gets_centrality_community_and_a_position(network: nx.Graph) -> None:
    for node, data in network.nodes(data=True):
        assert {"degree", "degree_centrality", "betweenness", "community", "x", "y"} <= set(data), (
            node
        )
        assert math.isfinite(data["x"]) and math.isfinite(data["y"])
    assert network.graph["communities"] >= 2


def test_a_partnership_joining_three_authorities_lies_between_them(network: nx.Graph) -> None:
    # Westminster sits in seven shared arrangements, a London borough with none in one: the
    # bridge is more central than the leaf.
    assert (
        network.nodes[WESTMINSTER]["betweenness"]
        > network.nodes[ID + "authority/E09000001"]["betweenness"]
    )
    assert network.nodes[TRI_BOROUGH]["degree"] == 3


def test_the_tri_borough_group_is_drawn_together(network: nx.Graph) -> None:
    def distance(first: str, second: str) -> float:
        a, b = network.nodes[first], network.nodes[second]
        return math.hypot(a["x"] - b["x"], a["y"] - b["y"])

    # An authority in no partnership (City of London) is drawn far from the group.
    assert distance(WESTMINSTER, TRI_BOROUGH) < distance(WESTMINSTER, ID + "authority/E09000001")
    assert distance(WESTMINSTER, HAMMERSMITH) < 600


def test_the_layout_is_the_same_every_time(store: EmbeddedStore, network: nx.Graph) -> None:
    again = analyse(partnership_network(store_select(store)))
    for node, data in network.nodes(data=True):
        assert (again.nodes[node]["x"], again.nodes[node]["y"]) == (data["x"], data["y"])
        assert again.nodes[node]["community"] == data["community"]


def test_node_link_data_has_the_networkx_shape(network: nx.Graph) -> None:
    data = json.loads(json.dumps(node_link(network)))
    assert all({"id", "label"} <= set(node) for node in data["nodes"])
    assert all({"source", "target", "relation"} <= set(link) for link in data["links"])
    assert any(
        {link["source"], link["target"]} == {WESTMINSTER, TRI_BOROUGH} for link in data["links"]
    )
    assert set(data["relations"]) == {
        "partnership",
        "shared_board",
        "shared_service",
        "region",
        "statistical_neighbour",
    }
    rebuilt = nx.node_link_graph(data, edges="links")
    assert rebuilt.number_of_nodes() == network.number_of_nodes()


# --- the projection on rows made up for the purpose ----------------------------------------


def _fake_select(answers: dict[str, list[Row]]):
    def select(sparql: str) -> list[Row]:
        return answers.get(sparql, [])

    return select


def test_statistical_neighbours_and_kinds_become_relations() -> None:
    authorities = [
        {"authority": "a:1", "label": "One", "region": "r:1", "regionLabel": "North"},
        {"authority": "a:2", "label": "Two", "region": "r:1", "regionLabel": "North"},
        {"authority": "a:3", "label": "Three"},
    ]
    memberships = [
        {"partnership": "p:1", "label": "Shared MASH", "kind": "mash", "member": "a:1"},
        {"partnership": "p:1", "label": "Shared MASH", "kind": "mash", "member": "a:2"},
        {"partnership": "p:2", "label": "Odd", "member": "a:9"},  # not an authority we know
    ]
    neighbours = [{"authority": "a:1", "neighbour": "a:3"}]
    graph = partnership_network(
        _fake_select(
            {
                AUTHORITIES_QUERY: authorities,
                MEMBERSHIPS_QUERY: memberships,
                NEIGHBOURS_QUERY: neighbours,
            }
        )
    )
    assert graph.edges["a:1", "p:1"]["relation"] == "shared_service"
    assert graph.edges["a:1", "a:3"]["relation"] == "statistical_neighbour"
    assert graph.edges["a:1", "r:1"]["relation"] == "region"
    assert "a:9" not in graph
    assert graph.nodes["p:2"]["kind"] == "other"
    assert graph.nodes["a:3"]["region"] == ""
    analyse(graph)  # a graph with an isolated partnership and no region still lays out
    assert all("x" in data for _, data in graph.nodes(data=True))


def test_an_empty_graph_is_analysed_without_error() -> None:
    graph = analyse(partnership_network(_fake_select({})))
    assert node_link(graph)["nodes"] == []


def test_store_select_returns_plain_strings(store: EmbeddedStore) -> None:
    rows = store_select(store)(f"SELECT ?label WHERE {{ <{WESTMINSTER}> rdfs:label ?label }}")
    assert rows == [{"label": "Westminster"}]

"""The partnership network as a networkx graph: who shares boards, services and regions.

Nodes are local authorities, partnerships (shared boards, shared services, trusts...) and
regions; edges say how two of them are joined (the `relation` attribute): membership of a
partnership of some kind, lying in a region, or being statistical neighbours. `analyse` adds the
structure networkx computes (degree and betweenness centrality, communities, a layout), and
`node_link` writes the graph in networkx's node-link shape (`nodes` with `id` and `label`,
`links` with `source` and `target`) for Cytoscape.js or any other reader.

The graph is read through a `Select` function (a SPARQL SELECT to rows of plain strings), so
the same code serves the web app (through its query workers) and a store opened directly.
"""

from __future__ import annotations

import math
from collections.abc import Callable
from typing import Any

import networkx as nx

from graph.store import Store

Row = dict[str, str]
Select = Callable[[str], list[Row]]

# Which relation an authority's membership of a partnership is, by partnership kind.
KIND_RELATIONS = {
    "shared_lscb": "shared_board",
    "safeguarding_partnership": "shared_board",
    "out_of_hours": "shared_service",
    "youth_offending": "shared_service",
    "adoption_agency": "shared_service",
    "mash": "shared_service",
    "tri_borough": "partnership",
    "childrens_trust": "partnership",
    "other": "partnership",
}
RELATIONS = {
    "partnership": "member of a partnership",
    "shared_board": "shares a safeguarding board",
    "shared_service": "shares a service",
    "region": "in region",
    "statistical_neighbour": "statistical neighbour",
}
LAYOUT_SEED = 7  # a fixed seed: the same graph is drawn the same way every time
SPACING = 70.0  # pixels between neighbouring nodes in the drawing
SHELF_WIDTH = 1800.0  # how wide a row of packed groups may grow before a new row starts
GRID_COLUMNS = 8  # authorities per row under their region

AUTHORITIES_QUERY = """
SELECT DISTINCT ?authority ?label ?gss ?region ?regionLabel WHERE {
  ?authority a okg:LocalAuthority ; rdfs:label ?label .
  OPTIONAL { ?authority okg:gssCode ?gss }
  OPTIONAL { ?authority okg:region ?region . ?region rdfs:label ?regionLabel }
}"""
MEMBERSHIPS_QUERY = """
SELECT DISTINCT ?partnership ?label ?kind ?kindLabel ?member WHERE {
  ?partnership a okg:Partnership ; rdfs:label ?label ; org:hasMember ?member .
  ?member a okg:LocalAuthority .
  OPTIONAL { ?partnership okg:partnershipKind ?kindConcept .
             ?kindConcept skos:notation ?kind .
             OPTIONAL { ?kindConcept skos:prefLabel ?kindLabel } }
}"""
NEIGHBOURS_QUERY = """
SELECT DISTINCT ?authority ?neighbour WHERE {
  ?authority okg:statisticalNeighbour ?neighbour .
  ?authority a okg:LocalAuthority . ?neighbour a okg:LocalAuthority .
}"""


def partnership_network(select: Select) -> nx.Graph:
    """Return the network of authorities, partnerships and regions read through `select`."""
    graph = nx.Graph()
    for row in _sorted(select(AUTHORITIES_QUERY)):
        iri = row["authority"]
        graph.add_node(
            iri,
            label=row["label"],
            type="authority",
            gss=row.get("gss", ""),
            region=row.get("regionLabel", ""),
        )
        if row.get("region"):
            graph.add_node(row["region"], label=row.get("regionLabel", ""), type="region")
            graph.add_edge(iri, row["region"], relation="region")
    for row in _sorted(select(MEMBERSHIPS_QUERY)):
        kind = row.get("kind") or "other"
        partnership = row["partnership"]
        graph.add_node(
            partnership,
            label=row["label"],
            type="partnership",
            kind=kind,
            kind_label=row.get("kindLabel") or kind.replace("_", " "),
        )
        if row["member"] not in graph:
            continue  # a member the authorities query did not return (no label)
        graph.add_edge(row["member"], partnership, relation=KIND_RELATIONS.get(kind, "partnership"))
    for row in _sorted(select(NEIGHBOURS_QUERY)):
        if row["authority"] in graph and row["neighbour"] in graph:
            graph.add_edge(row["authority"], row["neighbour"], relation="statistical_neighbour")
    _inherit_regions(graph)
    return graph


def _sorted(rows: list[Row]) -> list[Row]:
    """Return rows in a fixed order, so the layout does not depend on the store's order."""
    return sorted(rows, key=lambda row: sorted(row.items()))


def _inherit_regions(graph: nx.Graph) -> None:
    """Give each partnership the regions of its members, so a region filter can keep it."""
    for node, data in graph.nodes(data=True):
        if data["type"] == "partnership":
            regions = {graph.nodes[member].get("region", "") for member in graph[node]}
            data["regions"] = sorted(region for region in regions if region)


def analyse(graph: nx.Graph) -> nx.Graph:
    """Add centrality, community and layout position to every node of `graph`; return it."""
    if graph.number_of_nodes() == 0:
        return graph
    degree = nx.degree_centrality(graph)
    betweenness = nx.betweenness_centrality(graph, normalized=True)
    communities = nx.community.louvain_communities(graph, seed=LAYOUT_SEED)
    # Largest community first, so community 0 is the same group from one build to the next.
    ordered = sorted(communities, key=lambda members: (-len(members), min(members)))
    community_of = {node: index for index, members in enumerate(ordered) for node in members}
    positions = layout(graph)
    for node, data in graph.nodes(data=True):
        data["degree"] = graph.degree(node)
        data["degree_centrality"] = round(degree[node], 4)
        data["betweenness"] = round(betweenness[node], 4)
        data["community"] = community_of[node]
        data["x"] = round(float(positions[node][0]), 1)
        data["y"] = round(float(positions[node][1]), 1)
    graph.graph["communities"] = len(ordered)
    return graph


def layout(graph: nx.Graph) -> dict[str, tuple[float, float]]:
    """Return a position for every node: groups joined by partnerships first, then regions.

    Each group of authorities joined by partnerships or as statistical neighbours is laid out
    by a spring layout of its own and the groups are packed in rows, largest first, so that
    the shared arrangements are legible; below them each region sits above a grid of its
    authorities that belong to no such group.
    """
    core = nx.Graph(
        (first, second)
        for first, second, relation in graph.edges(data="relation")
        if relation != "region"
    )
    groups = sorted(nx.connected_components(core), key=lambda nodes: (-len(nodes), min(nodes)))
    positions: dict[str, tuple[float, float]] = {}
    x = y = row_height = 0.0
    for nodes in groups:
        radius = SPACING * math.sqrt(len(nodes)) * 1.2
        group = core.subgraph(sorted(nodes))
        # A stronger repulsion than the default keeps shared arrangements of the same members
        # (which pull alike) from landing on top of each other.
        spread = 3 / math.sqrt(len(nodes))
        local = nx.spring_layout(group, k=spread, seed=LAYOUT_SEED, scale=radius, iterations=200)
        size = 2 * radius + SPACING
        if x and x + size > SHELF_WIDTH:
            x, y, row_height = 0.0, y + row_height, 0.0
        for node, (dx, dy) in local.items():
            positions[node] = (x + radius + float(dx), y + radius + float(dy))
        x, row_height = x + size, max(row_height, size)
    y += row_height + SPACING
    regions = sorted(
        (data["label"], node) for node, data in graph.nodes(data=True) if data["type"] == "region"
    )
    unplaced = sorted(
        (data.get("region", ""), data["label"], node)
        for node, data in graph.nodes(data=True)
        if node not in positions and data["type"] != "region"
    )
    x, block_rows, width = 0.0, 0, GRID_COLUMNS * SPACING
    for label, region in [*regions, ("", None)]:
        members = [node for region_label, _, node in unplaced if region_label == label]
        if region is None and not members:
            continue
        if x and x + width > SHELF_WIDTH:
            x, y, block_rows = 0.0, y + (block_rows + 2) * SPACING, 0
        if region is not None:
            positions[region] = (x + (width - SPACING) / 2, y)
        for index, node in enumerate(members):
            row, column = divmod(index, GRID_COLUMNS)
            positions[node] = (x + column * SPACING, y + SPACING * (row + 1))
        block_rows = max(block_rows, math.ceil(len(members) / GRID_COLUMNS))
        x += width + SPACING
    return positions


def node_link(graph: nx.Graph) -> dict[str, Any]:
    """Return `graph` as node-link data: `nodes` (id, label, ...) and `links` (source, target)."""
    data = nx.node_link_data(graph, edges="links")
    data["relations"] = RELATIONS
    return data


def shared_partnerships(graph: nx.Graph, first: str, second: str) -> list[str]:
    """Return the partnerships both authorities are members of."""
    return sorted(
        node
        for node in set(graph[first]) & set(graph[second])
        if graph.nodes[node]["type"] == "partnership"
    )


def store_select(store: Store) -> Select:
    """Return a Select that runs queries on `store` directly."""

    def select(sparql: str) -> list[Row]:
        solutions = store.query(sparql)
        names = [variable.value for variable in solutions.variables]
        rows = []
        for solution in solutions:
            row = {}
            for name in names:
                term = solution[name]
                if term is not None:
                    row[name] = term.value
            rows.append(row)
        return rows

    return select

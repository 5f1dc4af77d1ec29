"""The partnership network: /network draws it with Cytoscape.js, /network.json gives the data.

The structure (centrality, communities, positions) is computed by networkx in
graph/network.py; the page only draws it, filters it and opens a node's page on a click.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, render_template

from graph.network import RELATIONS, analyse, node_link, partnership_network
from web.pages.links import local_href
from web.pages.querying import select_values

bp = Blueprint("network", __name__)


def network_data() -> dict[str, Any]:
    """Return the partnership network as node-link data, each node with its page here."""
    data = node_link(analyse(partnership_network(select_values)))
    for node in data["nodes"]:
        node["page"] = local_href(node["id"]) or node["id"]
    return data


@bp.get("/network.json")
def as_json() -> Response:
    """Return the partnership network as node-link JSON."""
    return jsonify(network_data())


@bp.get("/network")
def page() -> str:
    """Show the partnership network."""
    return render_template("network.html", relations=RELATIONS)

"""Linked-data publication: dumps, VoID, the DCAT catalogue, the Graph Store endpoint, /def.

    /.well-known/void      VoID description of the dataset (counts read from the store)
    /catalog               DCAT 3 catalogue: the dataset, its dumps and data services
    /dumps/<file>          whole-dataset dumps (nq, trig, ttl, nt, jsonld, rdf; .gz or not)
    /store?graph=IRI       SPARQL 1.1 Graph Store Protocol, read-only (also ?default)
    /def                   the ontology: HTML documentation, or Turtle and other RDF formats

Register with `app.register_blueprint(bp)`; the app's store (config SETTINGS) is opened on
first use, and dumps are cached in config DUMP_CACHE_DIR (see `publisher`).
"""

from __future__ import annotations

from flask import Blueprint

from web.linked_data import graph_store, ontology_pages, publication, publisher

bp = Blueprint(
    "linked_data",
    __name__,
    static_folder="static",
    static_url_path="/linked-data/static",
)
bp.record_once(lambda state: publisher.init_app(state.app))
for _module in (publication, graph_store, ontology_pages):
    _module.add_routes(bp)

"""/.well-known/void, /catalog and /dumps/<file>: the dataset's description and its downloads."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, redirect, render_template, request, send_file
from werkzeug.exceptions import NotFound

from graph.catalogue import catalogue_graph
from graph.dumps import DUMP_FORMATS, dump_filename, parse_dump_filename
from graph.void import OGL_V3, TITLE, DatasetStatistics, PublicationUrls, void_graph
from web.linked_data.ontology_model import compact
from web.linked_data.publisher import get_publisher
from web.linked_data.responses import HTML, RDF_GRAPH, choose, negotiated, rdf_response

GZIP_MEDIA_TYPE = "application/gzip"


def urls() -> PublicationUrls:
    """Return the publication URLs under this server's root, as the request reached it."""
    return PublicationUrls.at(request.url_root)


def void() -> Response | str:
    """Return the VoID description (Turtle by default; HTML to a browser)."""
    representation = choose((*RDF_GRAPH, HTML))
    stats = get_publisher().statistics()
    if representation is HTML:
        return negotiated(
            Response(render_template("linked_data/void.html", **void_view(stats, urls())))
        )
    return rdf_response(void_graph(stats, urls()), representation)


def void_view(stats: DatasetStatistics, where: PublicationUrls) -> dict[str, Any]:
    """Return what the VoID page shows, as plain data."""
    return {
        "title": TITLE,
        "stats": stats,
        "counts": [
            ("triples", stats.triples),
            ("entities (IRIs under id:)", stats.entities),
            ("source reports", stats.documents),
            ("classes", len(stats.classes)),
            ("properties", len(stats.properties)),
            ("distinct subjects", stats.distinct_subjects),
            ("distinct objects", stats.distinct_objects),
            ("links to ONS geographies", stats.ons_links),
        ],
        "classes": sorted(
            ((compact(iri), iri, count) for iri, count in stats.classes.items()),
            key=lambda row: (-row[2], row[0]),
        ),
        "properties": sorted(
            ((compact(iri), iri, count) for iri, count in stats.properties.items()),
            key=lambda row: (-row[2], row[0]),
        ),
        "downloads": _downloads(where),
        "sparql": str(where.sparql),
        "licence": str(OGL_V3),
        "formats": [(r.name, r.media_type) for r in RDF_GRAPH],
    }


def catalogue() -> Response | str:
    """Return the DCAT catalogue (Turtle by default; HTML to a browser)."""
    representation = choose((*RDF_GRAPH, HTML))
    publisher = get_publisher()
    stats = publisher.statistics()
    files = publisher.published_files()
    if representation is HTML:
        view = {
            **void_view(stats, urls()),
            "files": files,
            "graph_store": str(urls().graph_store),
            "void": str(urls().void),
        }
        return negotiated(Response(render_template("linked_data/catalog.html", **view)))
    return rdf_response(catalogue_graph(stats, urls(), files), representation)


def _downloads(where: PublicationUrls) -> list[dict[str, Any]]:
    return [
        {
            "title": dump_format.title,
            "format": dump_format.name,
            "media_type": dump_format.media_type,
            "keeps_graphs": dump_format.keeps_graphs,
            "filename": dump_filename(dump_format.name, compressed=True),
            "url": str(where.dump(dump_filename(dump_format.name, compressed=True))),
            "plain_url": str(where.dump(dump_filename(dump_format.name))),
        }
        for dump_format in DUMP_FORMATS.values()
    ]


def dump(filename: str) -> Response:
    """Send a whole-dataset dump file (written on first request for each store generation)."""
    parsed = parse_dump_filename(filename)
    if parsed is None:
        raise NotFound(
            f"no dump {filename!r}; the dumps are "
            + ", ".join(dump_filename(name, compressed=True) for name in DUMP_FORMATS)
            + " (and the same without .gz)"
        )
    dump_format, compressed = parsed
    path = get_publisher().dump_file(filename)
    if path is None:
        raise NotFound(f"no dump {filename!r}")
    return send_file(
        path,
        mimetype=GZIP_MEDIA_TYPE if compressed else dump_format.media_type,
        download_name=filename,
        conditional=True,
        etag=True,
        max_age=60,
    )


def dumps_index() -> Response:
    """Point at the catalogue, which lists every dump."""
    return redirect("/catalog", code=303)


def add_routes(bp: Blueprint) -> None:
    """Add this module's views to `bp`."""
    bp.add_url_rule("/.well-known/void", view_func=void)
    bp.add_url_rule("/catalog", view_func=catalogue)
    bp.add_url_rule("/dumps/", view_func=dumps_index)
    bp.add_url_rule("/dumps/<filename>", view_func=dump)

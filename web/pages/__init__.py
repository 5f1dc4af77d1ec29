"""The HTML pages: home, query editor library, a page per IRI, the network, charts.

`register_pages(app)` adds every blueprint, the template helpers and the security headers.
Each view builds a plain dict and then renders it as HTML or as data.
"""

from __future__ import annotations

from flask import Flask

from graph.charts import grade_style, short_grade
from graph.named_queries import named_queries
from web.pages import charts, entity, home, library, network, security
from web.pages.links import compact, href, local_href

BLUEPRINTS = (home.bp, library.bp, entity.bp, network.bp, charts.bp)


def register_pages(app: Flask) -> None:
    """Add the pages' blueprints, template filters and security headers to `app`."""
    for blueprint in BLUEPRINTS:
        app.register_blueprint(blueprint)
    app.add_template_filter(href, "href")
    app.add_template_filter(local_href, "local_href")
    app.add_template_filter(compact, "compact")
    app.add_template_filter(short_grade, "short_grade")
    app.add_template_global(grade_style, "grade_style")
    app.add_template_global(named_queries, "named_queries")
    security.init_app(app)

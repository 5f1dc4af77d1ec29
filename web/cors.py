"""CORS: every response may be read by pages on any origin; preflight requests are answered."""

from __future__ import annotations

from flask import Response, request

CORS_EXPOSED_HEADERS = "X-SPARQL-Truncated, X-SPARQL-Row-Limit, X-SPARQL-Query-Ms, X-SPARQL-Store"
# What every response carries (web/fast_sparql.py adds them to the responses it writes).
CORS_HEADERS = (
    ("Access-Control-Allow-Origin", "*"),
    ("Access-Control-Expose-Headers", CORS_EXPOSED_HEADERS),
)


def add_cors_headers(response: Response) -> Response:
    """Let pages on any origin read every response, and answer CORS preflight requests."""
    for name, value in CORS_HEADERS:
        response.headers[name] = value
    if request.method == "OPTIONS":
        response.headers["Access-Control-Allow-Methods"] = "GET, POST, OPTIONS"
        response.headers["Access-Control-Allow-Headers"] = request.headers.get(
            "Access-Control-Request-Headers", "Accept, Content-Type"
        )
        response.headers["Access-Control-Max-Age"] = "86400"
    return response

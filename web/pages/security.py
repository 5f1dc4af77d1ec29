"""Response headers that keep untrusted text from running: a Content-Security-Policy of 'self'.

Every response also says nosniff and may not be framed (clickjacking).

Pages load scripts and styles only from this server (no inline script, no CDN). The one
exception is a few constant style sheets that YASGUI's table column resizer and Cytoscape.js
write into the page; they are allowed by their hashes, so no other inline style can apply.
"""

from __future__ import annotations

import base64
import hashlib

from flask import Flask, Response

# The exact texts YASGUI's column resizer (column-resizer) puts in <style> elements.
RESIZER_STYLES = (
    " .grip-resizable{table-layout:fixed;} .grip-resizable > tbody > tr > td, .grip-resizable"
    " > tbody > tr > th{overflow:hidden} .grip-padding > tbody > tr > td, .grip-padding > tbody"
    " > tr > th{padding-left:0!important; padding-right:0!important;} .grip-container{"
    " height:0px; position:relative;} .grip-handle{margin-left:-5px; position:absolute;"
    " z-index:5; } .grip-handle .grip-resizable{position:absolute;background-color:red;"
    "filter:alpha(opacity=1);opacity:0;width:10px;height:100%;cursor: col-resize;top:0px}"
    " .grip-lastgrip{position:absolute; width:1px; } .grip-drag{ border-left:1px dotted black;"
    "\t} .grip-flex{width:auto!important;} .grip-handle.grip-disabledgrip .grip-resizable"
    "{cursor:default; display:none;}",
    "*{cursor:col-resize!important}",
    # Cytoscape.js's one rule for its container.
    ".__________cytoscape_container { position: relative; }",
)


def style_hash(text: str) -> str:
    """Return the CSP source expression allowing an inline style of exactly `text`."""
    digest = hashlib.sha256(text.encode("utf-8")).digest()
    return "'sha256-" + base64.b64encode(digest).decode("ascii") + "'"


CONTENT_SECURITY_POLICY = "; ".join(
    (
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self' " + " ".join(style_hash(text) for text in RESIZER_STYLES),
        "img-src 'self' data:",
        "font-src 'self' data:",
        "connect-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    )
)
# Everything else (JSON, CSV, RDF, scripts) is data: if a browser is tricked into rendering one
# as a document, it may run nothing, load nothing and sit in no frame.
DATA_SECURITY_POLICY = "default-src 'none'; frame-ancestors 'none'; sandbox"


_DOCUMENT_TYPES = ("text/html", "image/svg+xml")


def security_headers(content_type: str) -> list[tuple[str, str]]:
    """Return the security headers of a response of `content_type` that sets none itself."""
    media_type = content_type.partition(";")[0].strip().lower()
    policy = CONTENT_SECURITY_POLICY if media_type in _DOCUMENT_TYPES else DATA_SECURITY_POLICY
    return [
        ("X-Content-Type-Options", "nosniff"),
        # Old browsers know only X-Frame-Options; new ones read frame-ancestors in the policy.
        ("X-Frame-Options", "DENY"),
        ("Referrer-Policy", "same-origin"),
        ("Content-Security-Policy", policy),
    ]


def add_security_headers(response: Response) -> Response:
    """Give every response a Content-Security-Policy, nosniff and frame denial."""
    for name, value in security_headers(response.mimetype):
        if name == "Content-Security-Policy" and response.mimetype in _DOCUMENT_TYPES:
            response.headers[name] = value  # a page's policy is always ours
        else:
            response.headers.setdefault(name, value)
    return response


def init_app(app: Flask) -> None:
    """Add the security headers to every response of `app`."""
    app.after_request(add_security_headers)

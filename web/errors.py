"""Errors as small classes carrying an HTTP status, and the one handler that renders them.

Every failure the web app reports, its own or Werkzeug's (404, 405, 413), leaves through
`render_error`, as JSON when the client prefers JSON (a JavaScript client) and as one line of
plain text otherwise (curl, a browser). Both carry the same fields:

    {"ok": false, "status": 400, "error": "syntax_error", "message": "...", "line": 1, "column": 8}
    400 syntax_error: ... (line 1, column 8)
"""

from __future__ import annotations

import json
from typing import Any, ClassVar

from flask import Flask, Response, request
from werkzeug.exceptions import HTTPException

from web.negotiation import prefers_json


class EndpointError(Exception):
    """A request the endpoint cannot answer; `status` and `code` say how it failed."""

    status: ClassVar[int] = 500
    code: ClassVar[str] = "internal_error"

    def __init__(self, message: str, **details: Any) -> None:
        super().__init__(message)
        self.message = message
        self.details = {name: value for name, value in details.items() if value is not None}
        self.headers: dict[str, str] = {}


class BadRequest(EndpointError):
    """The request breaks the SPARQL protocol (no query, two queries, a bad parameter)."""

    status = 400
    code = "bad_request"


class QuerySyntaxError(BadRequest):
    """The query or update is not valid SPARQL; `line` and `column` say where."""

    code = "syntax_error"

    def __init__(self, message: str, line: int | None = None, column: int | None = None) -> None:
        super().__init__(message, line=line, column=column)


class Forbidden(EndpointError):
    """The endpoint refuses the operation (an update, a SERVICE call to a host not allowed)."""

    status = 403
    code = "forbidden"


class NotAcceptable(EndpointError):
    """No format the endpoint can write for this result is acceptable to the client."""

    status = 406
    code = "not_acceptable"


class PayloadTooLarge(EndpointError):
    """The request is larger than the endpoint accepts."""

    status = 413
    code = "request_too_large"


class UnsupportedMediaType(EndpointError):
    """A POST body whose media type or charset the protocol does not allow."""

    status = 415
    code = "unsupported_media_type"


class QueryFailed(EndpointError):
    """The query was valid but the store failed while running it."""

    status = 500
    code = "query_failed"


class QueryTimeout(EndpointError):
    """The query ran past its time limit and was stopped."""

    status = 503
    code = "timeout"


class ServerBusy(EndpointError):
    """Every query worker stayed busy for the whole time limit."""

    status = 503
    code = "busy"


def error_payload(error: EndpointError | HTTPException) -> dict[str, Any]:
    """Return the fields every error response carries, whatever its format."""
    if isinstance(error, EndpointError):
        return {
            "ok": False,
            "status": error.status,
            "error": error.code,
            "message": error.message,
            **error.details,
        }
    status = error.code or 500
    name = (error.name or "error").lower().replace(" ", "_")
    message = error.description or error.name or "error"
    if status == 500:
        message = "internal server error"  # never leak a traceback's words
    return {"ok": False, "status": status, "error": name, "message": message}


def error_text(payload: dict[str, Any]) -> str:
    """Return the one-line plain-text form of an error payload."""
    where = ""
    if "line" in payload:
        where = f" (line {payload['line']}, column {payload.get('column', '?')})"
    return f"{payload['status']} {payload['error']}: {payload['message']}{where}\n"


def error_body(payload: dict[str, Any], accept: str | None) -> tuple[bytes, str]:
    """Return an error payload written as the client prefers (JSON or text), and its type."""
    if prefers_json(accept):
        return json.dumps(payload).encode(), "application/json"
    return error_text(payload).encode(), "text/plain; charset=utf-8"


def render_error(error: EndpointError | HTTPException) -> Response:
    """Render any error as JSON or text, in the shape above, keeping its extra headers."""
    payload = error_payload(error)
    body, content_type = error_body(payload, request.headers.get("Accept"))
    response = Response(body, content_type=content_type)
    response.status_code = payload["status"]
    if isinstance(error, HTTPException):
        for name, value in error.get_headers():
            if name.lower() != "content-type":
                response.headers[name] = value
    else:
        response.headers.update(error.headers)
    return response


def init_app(app: Flask) -> None:
    """Route every endpoint error and HTTP error through `render_error`."""
    app.register_error_handler(EndpointError, render_error)
    app.register_error_handler(HTTPException, render_error)

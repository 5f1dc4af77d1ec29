"""A serving process of `ofsted-kg serve`: the web app, answering one connection at a time.

The front (web/front.py) reads and parses a request, then hands it over with the client's
connection; this process runs the app (queries included, in process: web/in_process.py) and
writes the response straight to the client. It then keeps the connection and reads the client's
next request itself, so a client sending one request after another is answered without the
front in between, until the front asks for the connection back (other requests are waiting),
the client stops, or it closes the connection. When a query passes its time limit the watchdog
writes the timeout error to that client and ends this process; the front starts another.
"""

from __future__ import annotations

import contextlib
import functools
import io
import mmap
import pickle
import select
import signal
import socket
import sys
import time
import traceback
from collections.abc import Callable, Iterable
from email.utils import formatdate
from typing import Any

from waitress.adjustments import Adjustments
from waitress.parser import HTTPRequestParser

from web import handoff
from web.errors import QueryTimeout, error_body, error_payload

# Seconds a client may take to accept a response before it is given up.
SEND_SECONDS = 30.0
# Seconds a connection may stay without a request (or part-way through one) before it is
# closed, by a serving process holding it or by the front. As long as waitress's default.
IDLE_SECONDS = 120.0
# Seconds a request that has begun arriving may take to arrive whole before the connection
# goes back to the front (which waits on slow clients without holding a serving process).
PARTIAL_SECONDS = 0.2
_UNPREFIXED = ("CONTENT_LENGTH", "CONTENT_TYPE")
# Most header blocks a serving process remembers (a few per client program, in practice).
KNOWN_HEADS = 256
# Responses without a body, by status code.
_NO_BODY = ("1", "204", "304")
# Headers that belong to one connection: the server sets them, not the app.
_HOP_BY_HOP = frozenset(("connection", "keep-alive", "transfer-encoding"))
# The front and a serving process share this many bytes: when the running query began.
BUSY_CLOCK_BYTES = 8
PROGRAM = "import sys; from web.http_worker import main; main(*sys.argv[1:])"


class _Exchange:
    """The request being answered: where the watchdog writes if its query runs too long."""

    def __init__(self) -> None:
        self.client: socket.socket | None = None
        self.accept: str | None = None
        self.version = "1.1"

    def answer_timeout(self, limit: float) -> None:
        client = self.client
        if client is None:
            return
        error = QueryTimeout(
            f"the query ran longer than {limit:g} s and was stopped", limit_seconds=limit
        )
        response = error_response(
            error_payload(error), "Service Unavailable", self.accept, self.version
        )
        with contextlib.suppress(OSError):  # the client may have gone: nothing left to tell it
            send_all(client, response)


def send_all(client: socket.socket, data: bytes) -> None:
    """Write `data` to the non-blocking `client`, waiting for room at most SEND_SECONDS at a
    time; raise TimeoutError if the client stops taking it.

    The socket has no Python timeout because Python would then poll it before every send and
    receive, though a small answer almost always goes at once: that poll was a third of the
    system calls of a cheap lookup.
    """
    view = memoryview(data)
    while view:
        try:
            view = view[client.send(view) :]
            continue
        except (BlockingIOError, InterruptedError):
            pass
        writable = select.poll()
        writable.register(client, select.POLLOUT)
        if not writable.poll(SEND_SECONDS * 1000):
            raise TimeoutError(f"the client took no data for {SEND_SECONDS:g} s")


def http_date() -> str:
    """Return the Date header's value."""
    return _formatted_date(int(time.time()))


@functools.lru_cache(maxsize=1)
def _formatted_date(second: int) -> str:
    return formatdate(second, usegmt=True)


def response_head(
    version: str, status: str, headers: list[tuple[str, str]], body: bytes | None
) -> bytes:
    """Return the status line and `headers`, with Date, Server and, if `body` is given, its
    Content-Length (so give it only if `headers` have none)."""
    lines = [f"HTTP/{version} {status}"]
    lines += [f"{name}: {value}" for name, value in headers]
    if body is not None:
        lines.append(f"Content-Length: {len(body)}")
    lines += [f"Date: {http_date()}", "Server: ofsted-kg", "", ""]
    return "\r\n".join(lines).encode("latin-1")


def asks_to_keep_alive(environ: dict[str, Any]) -> bool:
    """Return whether the client lets the connection carry another request after this one."""
    asked = environ.get("HTTP_CONNECTION", "").lower()
    if environ["SERVER_PROTOCOL"] == "HTTP/1.0":
        return "keep-alive" in asked
    return "close" not in asked


def respond(
    app: Callable[..., Iterable[bytes]], environ: dict[str, Any], client: socket.socket
) -> bool:
    """Run the WSGI `app` on `environ` and write its response; return whether to keep open."""
    started: list[Any] = []

    def start_response(status: str, headers: list[tuple[str, str]], exc_info: Any = None) -> Any:
        if exc_info is not None and started:
            raise exc_info[1].with_traceback(exc_info[2])
        started[:] = [status, headers]
        return _no_write

    result = app(environ, start_response)
    try:
        body = b"".join(result)
    finally:
        close = getattr(result, "close", None)
        if close is not None:
            close()
    status, app_headers = started
    keep = asks_to_keep_alive(environ)
    headers = []
    has_length = False
    for name, value in app_headers:  # one pass over them: this runs for every request
        lower = name.lower()
        if lower in _HOP_BY_HOP:  # the server's to set; the app may only ask to close
            keep = keep and not (lower == "connection" and value.lower() == "close")
            continue
        has_length = has_length or lower == "content-length"
        headers.append((name, value))
    version = environ["SERVER_PROTOCOL"][5:]
    if version == "1.0" and keep:
        headers.append(("Connection", "Keep-Alive"))
    elif not keep:
        headers.append(("Connection", "close"))
    no_body = status.startswith(_NO_BODY)
    if environ["REQUEST_METHOD"] == "HEAD" or no_body:
        # The app has set HEAD's Content-Length; a 204 or 304 must not have one.
        send_all(client, response_head(version, status, headers, None))
        return keep
    head = response_head(version, status, headers, None if has_length else body)
    if len(body) < 1 << 18:
        send_all(client, head + body)  # one write: one packet for a small answer
    else:
        send_all(client, head)
        send_all(client, body)
    return keep


def _no_write(data: bytes) -> None:
    raise NotImplementedError("this server does not support the WSGI write() callable")


def wsgi_environ(
    parser: HTTPRequestParser, peer: tuple[str, int], server_name: str, server_port: int
) -> dict[str, Any]:
    """Return the WSGI environ of a parsed request (without wsgi.input and the constants)."""
    path = parser.path
    if path.startswith("/"):
        path = "/" + path.lstrip("/")
    environ = {
        "REMOTE_ADDR": peer[0],
        "REMOTE_HOST": peer[0],
        "REMOTE_PORT": str(peer[1]),
        "REQUEST_METHOD": parser.command.upper(),
        "SERVER_NAME": server_name,
        "SERVER_PORT": str(server_port),
        "SERVER_SOFTWARE": "ofsted-kg",
        "SERVER_PROTOCOL": f"HTTP/{parser.version}",
        "SCRIPT_NAME": "",
        "PATH_INFO": path,
        "REQUEST_URI": parser.request_uri,
        "QUERY_STRING": parser.query,
        "wsgi.url_scheme": parser.url_scheme,
    }
    for name, value in parser.headers.items():
        environ.setdefault(name if name in _UNPREFIXED else "HTTP_" + name, value)
    return environ


def request_body(parser: HTTPRequestParser) -> bytes:
    """Return a complete request's body."""
    return parser.get_body_stream().read() if parser.body_rcv is not None else b""


def error_response(payload: dict[str, Any], reason: str, accept: str | None, version: str) -> bytes:
    """Return a whole error response in the endpoint's error shape (web/errors.py), as JSON
    or text by the client's Accept header, closing the connection."""
    body, media_type = error_body(payload, accept)
    headers = [
        ("Content-Type", media_type),
        ("Access-Control-Allow-Origin", "*"),
        ("Connection", "close"),
    ]
    return response_head(version, f"{payload['status']} {reason}", headers, body) + body


def parser_error_response(parser: HTTPRequestParser) -> bytes:
    """Return the response to a request the parser refused (too large, malformed...)."""
    error = parser.error
    payload = {
        "ok": False,
        "status": error.code,
        "error": error.reason.lower().replace(" ", "_"),
        "message": error.body,
    }
    version = "1.0" if parser.version == "1.0" else "1.1"
    return error_response(payload, error.reason, parser.headers.get("ACCEPT"), version)


_CONSTANT_ENVIRON = {
    "wsgi.version": (1, 0),
    "wsgi.errors": sys.stderr,
    "wsgi.multithread": False,
    "wsgi.multiprocess": True,
    "wsgi.run_once": False,
    "wsgi.input_terminated": True,
}


class _Connection:
    """One client connection while this process holds it."""

    def __init__(self, client: socket.socket, peer: tuple[str, int], control: socket.socket):
        self.client = client
        self.peer = peer
        self.poller = select.poll()
        self.poller.register(client, select.POLLIN)
        self.poller.register(control, select.POLLIN)
        self.control = control


class Session:
    """Answers the connections the front hands over, one at a time."""

    def __init__(
        self,
        app: Callable[..., Iterable[bytes]],
        exchange: _Exchange,
        adjustments: Adjustments,
        server_name: str,
        server_port: int,
    ) -> None:
        self.app = app
        self.exchange = exchange
        self.adjustments = adjustments
        self.server_name = server_name
        self.server_port = server_port
        # Header blocks parsed before, and their environ and body length (see _seen_before).
        self._known_heads: dict[bytes, tuple[dict[str, Any], int]] = {}

    def serve(
        self, connection: _Connection, environ: dict[str, Any], body: bytes, unread: bytes
    ) -> tuple[int, bytes]:
        """Answer the request, then the connection's next ones (`unread`: bytes of them the
        front has read already); return (reply kind, bytes read of an unfinished request)."""
        while True:
            if not self._answer(connection.client, environ, body):
                return handoff.CLOSE, b""
            outcome = self._next_request(connection, unread)
            if outcome[0] != "request":
                return outcome[1], outcome[2]
            _kind, environ, body, unread = outcome

    def _answer(self, client: socket.socket, environ: dict[str, Any], body: bytes) -> bool:
        environ.update(_CONSTANT_ENVIRON)
        environ["wsgi.input"] = io.BytesIO(body)
        exchange = self.exchange
        exchange.accept = environ.get("HTTP_ACCEPT")
        exchange.version = environ["SERVER_PROTOCOL"][5:]
        exchange.client = client  # last: the watchdog reads the other two after it
        try:
            return respond(self.app, environ, client)
        except OSError:
            return False  # the client went away mid-answer
        except Exception:  # noqa: BLE001 - a bug: tell the client and the log, go on serving
            traceback.print_exc()
            payload = {
                "ok": False,
                "status": 500,
                "error": "internal_server_error",
                "message": "internal server error",
            }
            response = error_response(
                payload, "Internal Server Error", exchange.accept, exchange.version
            )
            with contextlib.suppress(OSError):
                send_all(client, response)
            return False
        finally:
            exchange.client = None

    def _seen_before(
        self, raw: bytes, peer: tuple[str, int]
    ) -> tuple[dict[str, Any], bytes, bytes] | None:
        """Return (environ, body, unread) for a whole request whose header block this process
        has parsed before, else None. A client sends the same headers request after request, so
        this skips most of the parsing; the environ is a function of the header block alone."""
        end = raw.find(b"\r\n\r\n")
        known = self._known_heads.get(raw[:end]) if end > 0 else None
        if known is None:
            return None
        template, length = known
        start = end + 4
        if len(raw) < start + length:
            return None
        environ = dict(template)
        environ["REMOTE_ADDR"] = environ["REMOTE_HOST"] = peer[0]
        environ["REMOTE_PORT"] = str(peer[1])
        return environ, raw[start : start + length], raw[start + length :]

    def _remember(
        self, raw: bytes, fed: int, parser: HTTPRequestParser, environ: dict[str, Any]
    ) -> None:
        """Keep a plainly framed request's environ for `_seen_before`."""
        end = raw.find(b"\r\n\r\n")
        plain = not parser.chunked and not parser.expect_continue and not raw[:1].isspace()
        if not plain or end <= 0 or fed != end + 4 + parser.content_length:
            return
        if len(self._known_heads) >= KNOWN_HEADS:
            self._known_heads.clear()
        self._known_heads[raw[:end]] = (dict(environ), parser.content_length)

    def _next_request(self, connection: _Connection, raw: bytes) -> tuple[Any, ...]:
        """Wait for the next request: ("request", environ, body, unread) when it is whole,
        ("done", kind, unread) when the connection goes back to the front or is closed."""
        parser = HTTPRequestParser(self.adjustments)
        fed = 0
        continued = False
        idle_until = time.monotonic() + IDLE_SECONDS
        whole_by: float | None = None
        while True:
            if not fed:
                seen = self._seen_before(raw, connection.peer)
                if seen is not None:
                    return ("request", *seen)
            while fed < len(raw) and not parser.completed:
                consumed = parser.received(raw[fed:])
                if not consumed:
                    break
                fed += consumed
            if parser.completed:
                if parser.empty:  # blank lines between pipelined requests
                    raw, fed, parser = raw[fed:], 0, HTTPRequestParser(self.adjustments)
                    continue
                if parser.error is not None:
                    with contextlib.suppress(OSError):
                        send_all(connection.client, parser_error_response(parser))
                    return ("done", handoff.CLOSE, b"")
                environ = wsgi_environ(parser, connection.peer, self.server_name, self.server_port)
                self._remember(raw, fed, parser, environ)
                return ("request", environ, request_body(parser), raw[fed:])
            if parser.headers_finished and parser.expect_continue and not continued:
                continued = True
                with contextlib.suppress(OSError):
                    send_all(connection.client, b"HTTP/1.1 100 Continue\r\n\r\n")
            if raw and whole_by is None:
                whole_by = time.monotonic() + PARTIAL_SECONDS
            wait = (whole_by or idle_until) - time.monotonic()
            if wait <= 0:
                return ("done", handoff.KEEP_OPEN, raw) if raw else ("done", handoff.CLOSE, b"")
            events = connection.poller.poll(wait * 1000)
            if any(descriptor == connection.control.fileno() for descriptor, _ in events):
                handoff.receive_message(connection.control)  # the front wants it back
                return ("done", handoff.KEEP_OPEN, raw)
            if not events:
                continue
            try:
                data = connection.client.recv(1 << 16)
            except (BlockingIOError, InterruptedError, TimeoutError):
                continue
            except OSError:
                data = b""
            if not data:
                return ("done", handoff.CLOSE, b"")
            raw += data


def main(descriptor: str, busy_descriptor: str) -> None:
    """Set up from the front's first message, then answer connections until the front leaves."""
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the front's to handle
    from web import create_app
    from web.in_process import Watchdog
    from web.query_runner import get_runner

    control = socket.socket(fileno=int(descriptor))
    busy_clock = mmap.mmap(int(busy_descriptor), BUSY_CLOCK_BYTES)
    setup = handoff.receive_message(control)
    if setup is None:
        return
    settings, config, server_port, max_request_bytes = pickle.loads(setup[0])
    exchange = _Exchange()
    watchdog = Watchdog(exchange.answer_timeout, busy_clock)
    app = create_app(settings, {**config, "QUERY_WATCHDOG": watchdog})
    get_runner(app).start()
    adjustments = Adjustments(
        max_request_body_size=max_request_bytes, ident="ofsted-kg", url_scheme="http"
    )
    session = Session(app, exchange, adjustments, settings.host, server_port)
    control.sendall(handoff.pack_reply(0, handoff.READY))
    while True:
        message = handoff.receive_message(control)
        if message is None:
            return
        payload, client_descriptor = message
        if client_descriptor is None:
            continue  # asked for a connection it has already given back
        connection_id, peer, environ, body, unread = pickle.loads(payload)
        with socket.socket(fileno=client_descriptor) as client:
            client.setblocking(False)  # as the front has it; written to by send_all
            connection = _Connection(client, peer, control)
            kind, unread = session.serve(connection, environ, body, unread)
        control.sendall(handoff.pack_reply(connection_id, kind, unread))

"""The benchmark's HTTP clients: each one keep-alive connection, sending SPARQL by form POST.

Timing an endpoint over HTTP times its client too, the same for every engine. Two clients, so
a reader sees both what a researcher meets and what the servers alone take:

- `StdlibClient` (the default, `--client stdlib`) does what a researcher's Python script does
  through SPARQLWrapper or urllib: encodes the query, sends it with Python's http.client
  (which parses every response header into an email message) and decodes the JSON answer.
  About 0.15 ms an exchange on this machine, as long as pyoxigraph takes to evaluate the
  corpus's grade distribution: it narrows every ratio between two servers.
- `LeanClient` (`--client lean`) does as little as a client can: it encodes a query's request
  once, sends it whole and reads the response whole (by Content-Length, chunked, or to the
  close of the connection) without decoding it, so what is timed is the server's work and the
  loopback. Its time limits are the kernel's (SO_RCVTIMEO, SO_SNDTIMEO) rather than Python's
  socket timeout, which polls before every send and receive.

Both return the answer's bytes; the benchmark counts its rows outside the timed runs.
"""

from __future__ import annotations

import http.client
import json
import socket
import struct
import urllib.parse

JSON_RESULTS = "application/sparql-results+json"
RECEIVE_BYTES = 1 << 16
# Errors that mean the server closed a connection left idle: the request is sent once more on
# a fresh one, as urllib3 does.
STALE = (BrokenPipeError, ConnectionResetError)
STDLIB_STALE = (http.client.RemoteDisconnected, *STALE)


class ResponseError(RuntimeError):
    """The server's response was not HTTP/1.x this client can read, or not 200 OK."""


class _ClosedEarly(ConnectionError):
    """The connection closed before the first byte of the response."""


class StdlibClient:
    """Python's http.client, encoding each query and decoding each answer, as scripts do."""

    def __init__(self, port: int, path: str, timeout: float, accept: str = JSON_RESULTS) -> None:
        self.port, self.path, self.timeout, self.accept = port, path, timeout, accept
        self.connection = http.client.HTTPConnection("127.0.0.1", port, timeout=timeout)

    def post_query(self, query: str) -> bytes:
        """Send `query` and return the body of the 200 response (decoded once, as a script
        would, when it is JSON); raise ResponseError for any other status."""
        body = urllib.parse.urlencode({"query": query})
        headers = {"Content-Type": "application/x-www-form-urlencoded", "Accept": self.accept}
        try:
            try:
                self.connection.request("POST", self.path, body, headers)
                response = self.connection.getresponse()
            except STDLIB_STALE:
                self._reconnect()
                self.connection.request("POST", self.path, body, headers)
                response = self.connection.getresponse()
            data = response.read()
        except (OSError, http.client.HTTPException) as error:
            self._reconnect()  # a timed-out exchange leaves the connection unusable
            if isinstance(error, OSError):
                raise
            raise ResponseError(f"{type(error).__name__}: {error}") from error
        if response.status != 200:
            raise ResponseError(f"HTTP {response.status}: {data[:300]!r}")
        if self.accept == JSON_RESULTS:
            json.loads(data)
        return data

    def close(self) -> None:
        """Close the connection; the next query opens another."""
        self.connection.close()

    def _reconnect(self) -> None:
        self.connection.close()
        self.connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=self.timeout)


class LeanClient:
    """As little client work as there can be: see the module's docstring."""

    def __init__(self, port: int, path: str, timeout: float, accept: str = JSON_RESULTS) -> None:
        self.port, self.path, self.timeout, self.accept = port, path, timeout, accept
        self._socket: socket.socket | None = None
        self._buffer = bytearray()
        self._requests: dict[str, bytes] = {}

    def post_query(self, query: str) -> bytes:
        """Send `query` and return the body of the 200 response; raise ResponseError for any
        other status, TimeoutError past the time limit, OSError if the connection fails."""
        request = self._requests.get(query)
        if request is None:
            request = self._requests[query] = self._encode(query)
        try:
            try:
                status, body, keep_open = self._exchange(request)
            except (_ClosedEarly, *STALE):
                self.close()  # closed by the server while idle: once more on a fresh one
                status, body, keep_open = self._exchange(request)
        except (OSError, ResponseError):
            self.close()  # a timed-out or garbled exchange leaves the connection unusable
            raise
        if not keep_open:
            self.close()
        if status != 200:
            raise ResponseError(f"HTTP {status}: {body[:300]!r}")
        return body

    def close(self) -> None:
        """Close the connection; the next query opens another."""
        if self._socket is not None:
            self._socket.close()
            self._socket = None
        self._buffer.clear()

    def _encode(self, query: str) -> bytes:
        body = urllib.parse.urlencode({"query": query}).encode("ascii")
        head = (
            f"POST {self.path} HTTP/1.1\r\n"
            f"Host: 127.0.0.1:{self.port}\r\n"
            "Content-Type: application/x-www-form-urlencoded\r\n"
            f"Accept: {self.accept}\r\n"
            f"Content-Length: {len(body)}\r\n\r\n"
        )
        return head.encode("ascii") + body

    def _connect(self) -> socket.socket:
        connection = socket.create_connection(("127.0.0.1", self.port), timeout=self.timeout)
        connection.settimeout(None)
        seconds = int(self.timeout)
        limit = struct.pack("ll", seconds, int((self.timeout - seconds) * 1_000_000))
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_RCVTIMEO, limit)
        connection.setsockopt(socket.SOL_SOCKET, socket.SO_SNDTIMEO, limit)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        self._socket = connection
        return connection

    def _exchange(self, request: bytes) -> tuple[int, bytes, bool]:
        connection = self._socket or self._connect()
        try:
            connection.sendall(request)
            head = self._read_head(first=True)
            while head[0] == 100:  # "100 Continue" goes before the real response
                head = self._read_head(first=False)
        except BlockingIOError as error:  # what a kernel time limit raises
            raise TimeoutError(f"no answer within {self.timeout:g} s") from error
        status, version, headers = head
        keep_open = _keeps_open(version, headers)
        try:
            if status in (204, 304):
                return status, b"", keep_open
            if b"chunked" in headers.get(b"transfer-encoding", b"").lower():
                return status, self._read_chunked(), keep_open
            if b"content-length" in headers:
                return status, self._read_exactly(_length(headers[b"content-length"])), keep_open
            return status, self._read_to_close(), False
        except BlockingIOError as error:
            raise TimeoutError(f"the answer stopped arriving for {self.timeout:g} s") from error

    def _receive(self, first: bool = False) -> bool:
        """Read what has arrived into the buffer; False at the end of the connection."""
        assert self._socket is not None
        try:
            data = self._socket.recv(RECEIVE_BYTES)
        except ConnectionResetError:
            if first:
                raise _ClosedEarly("the server reset the connection") from None
            raise
        if not data:
            if first:
                raise _ClosedEarly("the server closed the connection")
            return False
        self._buffer += data
        return True

    def _read_head(self, first: bool) -> tuple[int, bytes, dict[bytes, bytes]]:
        end = self._buffer.find(b"\r\n\r\n")
        while end < 0:
            if not self._receive(first=first and not self._buffer):
                raise ResponseError("the connection closed inside the response's head")
            end = self._buffer.find(b"\r\n\r\n")
        lines = bytes(self._buffer[:end]).split(b"\r\n")
        del self._buffer[: end + 4]
        version, _, rest = lines[0].partition(b" ")
        code = rest[:3]
        if not version.startswith(b"HTTP/1.") or not code.isdigit():
            raise ResponseError(f"not an HTTP/1.x status line: {lines[0][:100]!r}")
        headers: dict[bytes, bytes] = {}
        for line in lines[1:]:
            name, colon, value = line.partition(b":")
            if not colon:
                raise ResponseError(f"not a header line: {line[:100]!r}")
            headers[name.strip().lower()] = value.strip()
        return int(code), version, headers

    def _read_exactly(self, length: int) -> bytes:
        while len(self._buffer) < length:
            if not self._receive():
                raise ResponseError(
                    f"the connection closed {length - len(self._buffer)} bytes short of the body"
                )
        body = bytes(self._buffer[:length])
        del self._buffer[:length]
        return body

    def _read_line(self) -> bytes:
        end = self._buffer.find(b"\r\n")
        while end < 0:
            if not self._receive():
                raise ResponseError("the connection closed inside a chunked body")
            end = self._buffer.find(b"\r\n")
        line = bytes(self._buffer[:end])
        del self._buffer[: end + 2]
        return line

    def _read_chunked(self) -> bytes:
        parts = []
        while True:
            size_field = self._read_line().partition(b";")[0].strip()
            try:
                size = int(size_field, 16)
            except ValueError:
                raise ResponseError(f"not a chunk size: {size_field[:20]!r}") from None
            if size == 0:
                while self._read_line():  # trailer fields, up to an empty line
                    pass
                return b"".join(parts)
            parts.append(self._read_exactly(size))
            if self._read_exactly(2) != b"\r\n":
                raise ResponseError("a chunk does not end with CRLF")

    def _read_to_close(self) -> bytes:
        while self._receive():
            pass
        body = bytes(self._buffer)
        self._buffer.clear()
        return body


def _keeps_open(version: bytes, headers: dict[bytes, bytes]) -> bool:
    connection = headers.get(b"connection", b"").lower()
    if version == b"HTTP/1.0":
        return b"keep-alive" in connection
    return b"close" not in connection


def _length(value: bytes) -> int:
    if not value.isdigit():
        raise ResponseError(f"not a Content-Length: {value[:20]!r}")
    return int(value)


CLIENTS: dict[str, type[StdlibClient] | type[LeanClient]] = {
    "stdlib": StdlibClient,
    "lean": LeanClient,
}

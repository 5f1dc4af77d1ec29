"""The fastest any SPARQL endpoint could be here: an HTTP server that evaluates nothing.

It answers each form-POSTed query with an answer computed beforehand (pyoxigraph's SPARQL
JSON), so timing it times what every engine in endpoint_bench.py pays whatever it does: the
benchmark's client, loopback TCP and a minimal Python server loop. Adding pyoxigraph's own time
to evaluate and write a query gives the least time an endpoint over pyoxigraph could answer it
in, which says whether a target is in reach at all.

    python benchmarks/stored_answers.py PORT ANSWERS  # ANSWERS: pickled {query text: body}
"""

from __future__ import annotations

import pickle
import socket
import sys
import threading
import urllib.parse
from pathlib import Path

HEAD = "HTTP/1.1 {status}\r\nContent-Type: {media_type}\r\nContent-Length: {length}\r\n\r\n"
JSON_RESULTS = "application/sparql-results+json"
# A probe's query (endpoint_bench.wait_until_up) gets an empty result.
EMPTY_RESULT = b'{"head":{"vars":[]},"results":{"bindings":[{}]}}'


def answer(request_body: bytes, answers: dict[str, bytes]) -> bytes:
    """Return the whole response to a form POST whose body is `request_body`."""
    query = urllib.parse.parse_qs(request_body.decode("ascii")).get("query", [""])[0]
    body = answers.get(query)
    if body is None and query.startswith("SELECT * WHERE {}"):
        body = EMPTY_RESULT
    if body is None:
        body = f"no stored answer for: {query[:200]}".encode()
        head = HEAD.format(status="404 Not Found", media_type="text/plain", length=len(body))
    else:
        head = HEAD.format(status="200 OK", media_type=JSON_RESULTS, length=len(body))
    return head.encode("latin-1") + body


def serve_connection(client: socket.socket, answers: dict[str, bytes]) -> None:
    """Answer one keep-alive connection's requests until the client closes it."""
    buffer = b""
    with client:
        while True:
            end = buffer.find(b"\r\n\r\n")
            while end < 0:
                data = client.recv(1 << 16)
                if not data:
                    return
                buffer += data
                end = buffer.find(b"\r\n\r\n")
            length = 0
            for line in buffer[:end].split(b"\r\n")[1:]:
                name, _, value = line.partition(b":")
                if name.strip().lower() == b"content-length":
                    length = int(value)
            start = end + 4
            while len(buffer) < start + length:
                data = client.recv(1 << 16)
                if not data:
                    return
                buffer += data
            client.sendall(answer(buffer[start : start + length], answers))
            buffer = buffer[start + length :]


def serve(port: int, answers: dict[str, bytes]) -> None:
    """Serve on 127.0.0.1:`port`, a thread per connection, until killed."""
    with socket.create_server(("127.0.0.1", port)) as listener:
        while True:
            client, _peer = listener.accept()
            client.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            threading.Thread(target=serve_connection, args=(client, answers), daemon=True).start()


if __name__ == "__main__":
    serve(int(sys.argv[1]), pickle.loads(Path(sys.argv[2]).read_bytes()))

"""The endpoint benchmark's HTTP clients (benchmarks/http_exchange.py) against real servers.

The lean client reads HTTP itself, so each way a server may frame or end a response is tried:
Content-Length over a kept-alive connection (benchmarks/stored_answers.py), chunked (`oxigraph
serve`, checked against Python's http.client reading the same answer), a body that ends with
the connection, a connection the server drops between requests, a server that never answers,
and one that does not speak HTTP. The small servers here are real sockets on 127.0.0.1.
"""

from __future__ import annotations

import contextlib
import json
import pickle
import socket
import subprocess
import sys
import threading
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from tests.conftest import BENCHMARKS, free_port, load_benchmark

http_exchange = load_benchmark("http_exchange")
BOTH_CLIENTS = [http_exchange.LeanClient, http_exchange.StdlibClient]


def _wait_for_port(port: int, process: subprocess.Popen[bytes]) -> None:
    deadline = time.monotonic() + 30
    while True:
        try:
            socket.create_connection(("127.0.0.1", port), timeout=1).close()
            return
        except OSError:
            if time.monotonic() > deadline or process.poll() is not None:
                raise
            time.sleep(0.05)


@contextlib.contextmanager
def stored_answers(tmp_path: Path, answers: dict[str, bytes]) -> Iterator[int]:
    """Run benchmarks/stored_answers.py with `answers`; yield its port."""
    answers_file = tmp_path / "answers.pickle"
    answers_file.write_bytes(pickle.dumps(answers))
    port = free_port()
    command = [sys.executable, str(BENCHMARKS / "stored_answers.py"), str(port), str(answers_file)]
    process = subprocess.Popen(command, stderr=subprocess.DEVNULL)
    try:
        _wait_for_port(port, process)
        yield port
    finally:
        process.kill()
        process.wait(timeout=10)


@contextlib.contextmanager
def socket_server(handle: Callable[[socket.socket], None]) -> Iterator[tuple[int, list[int]]]:
    """Serve each connection with `handle` in a thread; yield the port and a one-item list
    counting the connections accepted."""
    listener = socket.create_server(("127.0.0.1", 0))
    accepted = [0]

    def accept_loop() -> None:
        while True:
            try:
                connection, _ = listener.accept()
            except OSError:
                return  # the listener was closed: the test is over
            accepted[0] += 1
            threading.Thread(target=_handled, args=(handle, connection), daemon=True).start()

    threading.Thread(target=accept_loop, daemon=True).start()
    try:
        yield listener.getsockname()[1], accepted
    finally:
        listener.close()


def _handled(handle: Callable[[socket.socket], None], connection: socket.socket) -> None:
    with connection, contextlib.suppress(OSError):
        handle(connection)


def read_request(connection: socket.socket) -> bytes:
    """Read one whole request (head and Content-Length body); b"" if the client left."""
    data = b""
    while b"\r\n\r\n" not in data:
        chunk = connection.recv(65536)
        if not chunk:
            return b""
        data += chunk
    head, _, body = data.partition(b"\r\n\r\n")
    length = 0
    for line in head.split(b"\r\n")[1:]:
        name, _, value = line.partition(b":")
        if name.strip().lower() == b"content-length":
            length = int(value)
    while len(body) < length:
        body += connection.recv(65536)
    return head


@pytest.mark.parametrize("client_class", BOTH_CLIENTS)
def test_answers_come_whole_and_in_order_over_one_kept_connection(
    client_class: type, tmp_path: Path
) -> None:
    small = b'{"head":{"vars":["n"]},"results":{"bindings":[{"n":{"type":"literal","value":"1"}}]}}'
    # Larger than one receive (64 kB), so the body arrives in pieces.
    rows = ",".join(f'{{"n":{{"type":"literal","value":"{n}"}}}}' for n in range(8000))
    large = ('{"head":{"vars":["n"]},"results":{"bindings":[' + rows + "]}}").encode()
    assert len(large) > 200_000
    with stored_answers(tmp_path, {"small": small, "large": large}) as port:
        client = client_class(port, "/", 10)
        for _ in range(3):
            assert client.post_query("large") == large
            assert client.post_query("small") == small


@pytest.mark.parametrize("client_class", BOTH_CLIENTS)
def test_a_status_other_than_200_is_an_error_naming_it(client_class: type, tmp_path: Path) -> None:
    with (
        stored_answers(tmp_path, {}) as port,
        pytest.raises(http_exchange.ResponseError, match="HTTP 404"),
    ):
        client_class(port, "/", 10).post_query("SELECT * WHERE { ?s ?p ?o }")


def test_a_chunked_answer_reads_as_http_client_reads_it(oxigraph_url: str) -> None:
    triples = "".join(
        f'<http://example.org/s{n}> <http://example.org/p> "value {n}" .\n' for n in range(3000)
    )
    upload = urllib.request.Request(
        f"{oxigraph_url}/store?default",
        data=triples.encode(),
        headers={"Content-Type": "application/n-triples"},
        method="POST",
    )
    urllib.request.urlopen(upload).close()
    query = "SELECT ?s ?o WHERE { ?s ?p ?o } ORDER BY ?s"
    with urllib.request.urlopen(
        f"{oxigraph_url}/query?" + urllib.parse.urlencode({"query": query})
    ) as probe:
        assert probe.headers["Transfer-Encoding"] == "chunked"  # else this tests nothing
    port = urllib.parse.urlsplit(oxigraph_url).port
    lean = http_exchange.LeanClient(port, "/query", 10)
    first, second = lean.post_query(query), lean.post_query(query)
    reference = http_exchange.StdlibClient(port, "/query", 10).post_query(query)
    assert first == second == reference
    bindings = json.loads(first)["results"]["bindings"]
    assert len(bindings) == 3000
    assert {row["o"]["value"] for row in bindings} == {f"value {n}" for n in range(3000)}


def test_a_body_that_ends_with_the_connection_is_read_to_its_end() -> None:
    def answer_and_close(connection: socket.socket) -> None:
        read_request(connection)
        connection.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        connection.sendall(b"HTTP/1.0 200 OK\r\nContent-Type: text/plain\r\n\r\nall ")
        time.sleep(0.05)  # the rest comes after the client has read the head
        connection.sendall(b"of it")

    with socket_server(answer_and_close) as (port, accepted):
        client = http_exchange.LeanClient(port, "/", 5)
        assert client.post_query("ASK {}") == b"all of it"
        assert client.post_query("ASK {}") == b"all of it"
    assert accepted[0] == 2  # the second request went on a new connection


def test_a_connection_the_server_says_it_closes_is_not_used_again() -> None:
    stop = threading.Event()

    def answer_and_linger(connection: socket.socket) -> None:
        read_request(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 4\r\n\r\ntrue")
        stop.wait(30)  # slow to close: a client that sent another request here would wait

    with socket_server(answer_and_linger) as (port, accepted):
        client = http_exchange.LeanClient(port, "/", 2)
        try:
            assert client.post_query("ASK {}") == b"true"
            assert client.post_query("ASK {}") == b"true"
        finally:
            stop.set()
    assert accepted[0] == 2


def test_a_connection_the_server_dropped_while_idle_is_replaced_and_the_query_sent_again() -> None:
    def answer_once(connection: socket.socket) -> None:
        read_request(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 4\r\n\r\ntrue")
        # Then close without a word, as a server does with a connection left idle.

    with socket_server(answer_once) as (port, accepted):
        client = http_exchange.LeanClient(port, "/", 5)
        assert client.post_query("ASK {}") == b"true"
        time.sleep(0.2)  # the server has closed its end by now
        assert client.post_query("ASK {}") == b"true"
    assert accepted[0] == 2


def test_a_server_that_never_answers_times_out_at_the_limit() -> None:
    release = threading.Event()

    def never_answer(connection: socket.socket) -> None:
        read_request(connection)
        release.wait(30)

    with socket_server(never_answer) as (port, _accepted):
        client = http_exchange.LeanClient(port, "/", 0.3)
        started = time.monotonic()
        with pytest.raises(TimeoutError):
            client.post_query("ASK {}")
        elapsed = time.monotonic() - started
        release.set()
    assert 0.25 < elapsed < 5


@pytest.mark.parametrize(
    "response",
    [b"SSH-2.0-OpenSSH_9.2\r\n\r\n", b"HTTP/1.1 200 OK\r\nno colon here\r\n\r\n"],
    ids=["not http", "bad header"],
)
def test_a_response_that_is_not_http_is_an_error_saying_so(response: bytes) -> None:
    def garble(connection: socket.socket) -> None:
        read_request(connection)
        connection.sendall(response)

    with (
        socket_server(garble) as (port, _accepted),
        pytest.raises(http_exchange.ResponseError, match="not a"),
    ):
        http_exchange.LeanClient(port, "/", 5).post_query("ASK {}")


def test_a_body_cut_short_is_an_error_not_a_short_answer() -> None:
    def cut_short(connection: socket.socket) -> None:
        read_request(connection)
        connection.sendall(b"HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly this")

    with (
        socket_server(cut_short) as (port, _accepted),
        pytest.raises(http_exchange.ResponseError, match="91 bytes short"),
    ):
        http_exchange.LeanClient(port, "/", 5).post_query("ASK {}")

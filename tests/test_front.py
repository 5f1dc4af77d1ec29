"""`ofsted-kg serve`'s front and serving processes, over real sockets and real processes.

What a production HTTP/1.1 server owes its clients (kept connections, pipelining, 100-continue,
chunked bodies, size limits, malformed requests, HTTP/1.0, large answers), and what this design
promises: a query past its limit is answered with the timeout error and its process replaced
while other clients go on being served, and a connection a serving process holds between
requests is given back as soon as another client needs that process.
"""

from __future__ import annotations

import http.client
import json
import os
import signal
import socket
import threading
import time
import urllib.parse
from collections.abc import Iterator
from pathlib import Path

import pytest

from graph.settings import Settings
from tests.endpoint_server import (
    ENDLESS_QUERY,
    SAMPLE_NQUADS,
    SAMPLE_TRIPLES,
    live_front,
    store_with,
)
from web.front import Front

COUNT = "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }"
JSON = "application/sparql-results+json"
QUERY = "application/sparql-query"


@pytest.fixture(scope="module")
def served(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Front]]:
    path = tmp_path_factory.mktemp("front") / "store"
    store_with(path, SAMPLE_NQUADS)
    with live_front(path, row_limit=100_000) as running:
        yield running


def connect(base: str, timeout: float = 30) -> http.client.HTTPConnection:
    return http.client.HTTPConnection(urllib.parse.urlsplit(base).netloc, timeout=timeout)


def count_of(body: bytes) -> int:
    return int(json.loads(body)["results"]["bindings"][0]["n"]["value"])


def raw_exchange(base: str, data: bytes, until: bytes, timeout: float = 10) -> bytes:
    """Send `data` on a fresh socket; return what comes back until `until` (or the end)."""
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    with socket.create_connection((host, int(port)), timeout=timeout) as sock:
        sock.sendall(data)
        return read_until(sock, until)


def read_until(sock: socket.socket, marker: bytes, times: int = 1) -> bytes:
    received = b""
    deadline = time.monotonic() + 10
    while received.count(marker) < times and time.monotonic() < deadline:
        chunk = sock.recv(1 << 16)
        if not chunk:
            break
        received += chunk
    return received


def get_count(connection: http.client.HTTPConnection, query: str = COUNT) -> tuple[int, int]:
    connection.request(
        "GET", "/sparql?" + urllib.parse.urlencode({"query": query}), headers={"Accept": JSON}
    )
    response = connection.getresponse()
    body = response.read()
    return response.status, count_of(body) if response.status == 200 else -1


def test_queries_by_get_and_both_posts_share_one_kept_connection(
    served: tuple[str, Front],
) -> None:
    base, _front = served
    connection = connect(base)
    assert get_count(connection) == (200, SAMPLE_TRIPLES)
    first_socket = connection.sock
    connection.request(
        "POST",
        "/sparql",
        urllib.parse.urlencode({"query": COUNT}),
        {"Content-Type": "application/x-www-form-urlencoded", "Accept": JSON},
    )
    response = connection.getresponse()
    assert (response.status, count_of(response.read())) == (200, SAMPLE_TRIPLES)
    connection.request(
        "POST", "/sparql", COUNT.encode(), {"Content-Type": "application/sparql-query"}
    )
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200
    assert response.headers["Access-Control-Allow-Origin"] == "*"
    assert response.headers["X-SPARQL-Store"] in ("memory", "disk")
    assert response.headers["Server"] == "ofsted-kg"
    assert body.startswith(b"{")  # JSON is the default results format
    assert connection.sock is first_socket  # no reconnection: the server kept it open


def test_pipelined_requests_are_answered_in_order(served: tuple[str, Front]) -> None:
    base, _front = served
    ask = "/sparql?" + urllib.parse.urlencode(
        {"query": "ASK { GRAPH ?g { ?s ?p ?o } }", "format": "json"}
    )
    none = "/sparql?" + urllib.parse.urlencode({"query": COUNT + " LIMIT 0", "format": "csv"})
    request = "GET {} HTTP/1.1\r\nHost: test\r\n{}\r\n"
    data = (request.format(ask, "") + request.format(none, "Connection: close\r\n")).encode()
    received = raw_exchange(base, data, b"\x00never")  # to the end: closed after the second
    first, second = received.index(b'"boolean": true'), received.index(b"text/csv")
    assert received.count(b"HTTP/1.1 200 OK") == 2
    assert first < second


def test_expect_continue_is_answered_before_the_body(served: tuple[str, Front]) -> None:
    base, _front = served
    host, port = urllib.parse.urlsplit(base).netloc.split(":")
    body = COUNT.encode()
    head = (
        "POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
        f"Accept: {JSON}\r\nExpect: 100-continue\r\nContent-Length: {len(body)}\r\n\r\n"
    )
    with socket.create_connection((host, int(port)), timeout=10) as sock:
        sock.sendall(head.encode())
        assert read_until(sock, b"\r\n\r\n").startswith(b"HTTP/1.1 100 Continue")
        sock.sendall(body)
        answer = read_until(sock, b"}}]}}")
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert count_of(answer.split(b"\r\n\r\n", 1)[1]) == SAMPLE_TRIPLES


def test_a_chunked_body_is_read_whole(served: tuple[str, Front]) -> None:
    base, _front = served
    body = COUNT.encode()
    chunks = (
        b"".join(b"%x\r\n%s\r\n" % (len(part), part) for part in (body[:10], body[10:]))
        + b"0\r\n\r\n"
    )
    head = (
        "POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
        f"Accept: {JSON}\r\nTransfer-Encoding: chunked\r\n\r\n"
    ).encode()
    answer = raw_exchange(base, head + chunks, b"}}]}}")
    assert answer.startswith(b"HTTP/1.1 200 OK")
    assert count_of(answer.split(b"\r\n\r\n", 1)[1]) == SAMPLE_TRIPLES


def test_malformed_and_oversized_requests_are_refused_with_the_reason(
    served: tuple[str, Front],
) -> None:
    base, _front = served
    garbage = raw_exchange(base, b"NOT HTTP AT ALL\r\n\r\n", b"\r\n\r\n")
    assert garbage.split(b"\r\n")[0].endswith(b" 400 Bad Request")
    huge = (
        "POST /sparql HTTP/1.1\r\nHost: test\r\nContent-Type: application/sparql-query\r\n"
        f"Accept: application/json\r\nContent-Length: {5 * 1024 * 1024}\r\n\r\n"
    ).encode()
    too_large = raw_exchange(base, huge, b"}")
    assert too_large.startswith(b"HTTP/1.1 413")
    payload = json.loads(too_large.split(b"\r\n\r\n", 1)[1])
    assert payload["ok"] is False and payload["status"] == 413


def test_http_1_0_without_keep_alive_is_closed_after_the_answer(
    served: tuple[str, Front],
) -> None:
    base, _front = served
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT, "format": "json"})
    answer = raw_exchange(base, f"GET {path} HTTP/1.0\r\n\r\n".encode(), b"\x00never")
    assert answer.startswith(b"HTTP/1.0 200 OK")  # read to the end: the server closed it
    assert count_of(answer.split(b"\r\n\r\n", 1)[1]) == SAMPLE_TRIPLES


def test_a_large_answer_arrives_whole(served: tuple[str, Front]) -> None:
    base, _front = served
    # 11**4 rows of twelve terms: megabytes, well over any socket buffer.
    query = "SELECT * WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"
    connection = connect(base)
    connection.request(
        "GET",
        "/sparql?" + urllib.parse.urlencode({"query": query}),
        headers={"Accept": "text/tab-separated-values"},  # a line per row, newlines escaped
    )
    response = connection.getresponse()
    body = response.read()
    assert response.status == 200
    assert len(body) == int(response.headers["Content-Length"]) > 1_000_000
    assert body.count(b"\n") == SAMPLE_TRIPLES**4 + 1


def test_a_query_past_its_limit_is_answered_503_and_the_others_go_on(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with live_front(tmp_path, query_timeout=1.5) as (base, front):
        pids_before = front.server_pids()
        answers: dict[str, object] = {}

        def run_endless() -> None:
            connection = connect(base)
            started = time.monotonic()
            connection.request(
                "POST",
                "/sparql",
                ENDLESS_QUERY.encode(),
                {"Content-Type": "application/sparql-query", "Accept": "application/json"},
            )
            response = connection.getresponse()
            answers["status"], answers["body"] = response.status, response.read()
            answers["seconds"] = time.monotonic() - started

        endless = threading.Thread(target=run_endless)
        endless.start()
        time.sleep(0.3)
        other = connect(base)
        served_meanwhile = 0
        while endless.is_alive() and served_meanwhile < 200:
            assert get_count(other) == (200, SAMPLE_TRIPLES)
            served_meanwhile += 1
        endless.join(timeout=30)
        assert served_meanwhile >= 5  # other clients were answered while it ran
        assert answers["status"] == 503
        payload = json.loads(answers["body"])  # type: ignore[arg-type]
        assert payload["error"] == "timeout" and payload["limit_seconds"] == 1.5
        assert 1.4 < answers["seconds"] < 6  # type: ignore[operator]
        deadline = time.monotonic() + 30
        while len(front.server_pids() - pids_before) < 1 and time.monotonic() < deadline:
            time.sleep(0.05)
        assert len(front.server_pids()) == 2  # the stopped process was replaced...
        assert front.server_pids() != pids_before  # ...by a new one
        assert get_count(connect(base)) == (200, SAMPLE_TRIPLES)


def test_the_timeout_parameter_lowers_the_limit_for_one_query(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with live_front(tmp_path, query_timeout=20) as (base, _front):
        connection = connect(base)
        started = time.monotonic()
        connection.request(
            "GET", "/sparql?" + urllib.parse.urlencode({"query": ENDLESS_QUERY, "timeout": "0.5"})
        )
        response = connection.getresponse()
        text = response.read().decode()
        assert time.monotonic() - started < 5
        assert response.status == 503
        assert text.startswith("503 timeout:")  # plain text for a client that did not ask JSON


def test_a_held_connection_is_given_back_when_another_client_needs_the_process(
    tmp_path: Path,
) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with live_front(tmp_path, processes=1) as (base, _front):
        first = connect(base)
        assert get_count(first) == (200, SAMPLE_TRIPLES)  # the one process now holds `first`
        second = connect(base)
        started = time.monotonic()
        assert get_count(second) == (200, SAMPLE_TRIPLES)
        assert time.monotonic() - started < 2  # not after the held connection's idle time
        assert get_count(first) == (200, SAMPLE_TRIPLES)  # `first` still works, via the front
        assert get_count(second) == (200, SAMPLE_TRIPLES)


def test_a_slow_client_does_not_hold_the_only_serving_process(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with live_front(tmp_path, processes=1) as (base, _front):
        host, port = urllib.parse.urlsplit(base).netloc.split(":")
        with socket.create_connection((host, int(port)), timeout=10) as slow:
            slow.sendall(b"GET /sparql?query=ASK%7B%7D HTTP/1.1\r\nHost: te")  # and waits
            started = time.monotonic()
            assert get_count(connect(base)) == (200, SAMPLE_TRIPLES)
            assert time.monotonic() - started < 2
            slow.sendall(b"st\r\nAccept: application/sparql-results+json\r\n\r\n")
            answer = read_until(slow, b"}")
            assert answer.startswith(b"HTTP/1.1 200 OK")
            assert json.loads(answer.split(b"\r\n\r\n", 1)[1])["boolean"] is True


def test_head_gets_the_headers_of_get_and_no_body(served: tuple[str, Front]) -> None:
    base, _front = served
    path = "/sparql?" + urllib.parse.urlencode({"query": COUNT, "format": "json"})
    connection = connect(base)
    connection.request("GET", path)
    got = connection.getresponse()
    body = got.read()
    connection.request("HEAD", path)
    head = connection.getresponse()
    assert (head.status, head.read()) == (200, b"")
    assert head.headers["Content-Length"] == got.headers["Content-Length"] == str(len(body))
    assert head.headers["Content-Type"] == got.headers["Content-Type"]
    assert get_count(connection) == (200, SAMPLE_TRIPLES)  # the connection is still in step


@pytest.mark.parametrize(
    "target",
    [
        "/sparql?" + urllib.parse.urlencode({"query": COUNT}),  # answered before Flask
        "/sparql?" + urllib.parse.urlencode({"query": "SELECT nonsense"}),  # Flask's 400
        "/.well-known/void",  # a Flask page, which sets its own Content-Length
    ],
)
def test_each_framing_header_is_sent_once(served: tuple[str, Front], target: str) -> None:
    base, _front = served
    request = f"GET {target} HTTP/1.1\r\nHost: x\r\nAccept: {JSON}, text/turtle\r\n\r\n"
    head = raw_exchange(base, request.encode(), b"\r\n\r\n").partition(b"\r\n\r\n")[0]
    names = [line.partition(b":")[0].lower() for line in head.split(b"\r\n")[1:]]
    for name in (b"content-length", b"content-type", b"date", b"server"):
        assert names.count(name) == 1, (name, head)
    assert b"connection" not in names  # HTTP/1.1 keeps the connection without saying so


def test_a_serving_process_that_dies_is_replaced_and_the_others_go_on(tmp_path: Path) -> None:
    store_with(tmp_path, SAMPLE_NQUADS)
    with live_front(tmp_path, processes=2) as (base, front):
        before = front.server_pids()
        victim = min(before)
        os.kill(victim, signal.SIGKILL)  # a crash, not a time limit
        deadline = time.monotonic() + 60
        while (victim in front.server_pids() or len(front.server_pids()) < 2) and (
            time.monotonic() < deadline
        ):
            time.sleep(0.05)
        assert victim not in front.server_pids() and len(front.server_pids()) == 2
        for _ in range(4):  # fresh connections: both processes answer, the new one included
            assert get_count(connect(base)) == (200, SAMPLE_TRIPLES)


def answered_by(base: str) -> str:
    """Return what answered a query on a fresh connection: "memory" or "disk"."""
    connection = connect(base)
    connection.request("GET", "/sparql?query=ASK%7B%7D")
    response = connection.getresponse()
    response.read()
    return response.headers["X-SPARQL-Store"]


def test_the_memory_copy_setting_keeps_every_serving_process_on_disk(
    served: tuple[str, Front], tmp_path: Path
) -> None:
    base, _front = served
    deadline = time.monotonic() + 30
    while answered_by(base) != "memory":  # by default the small store is soon copied
        assert time.monotonic() < deadline
        time.sleep(0.05)
    store_with(tmp_path, SAMPLE_NQUADS)
    with live_front(tmp_path, processes=2, memory_copy_quads=0) as (base, _front):
        time.sleep(1)  # far longer than copying this store takes
        assert {answered_by(base) for _ in range(8)} == {"disk"}


def test_a_folder_that_is_not_a_store_is_named_in_each_answer_not_a_hang(tmp_path: Path) -> None:
    (tmp_path / "notes.txt").write_text("not a store")
    front = Front(
        Settings(store=str(tmp_path), host="127.0.0.1", port=0), 1, {}, log=lambda line: None
    )
    front.start()
    thread = threading.Thread(target=front.serve_forever, daemon=True)
    thread.start()
    try:
        connection = connect(f"http://127.0.0.1:{front.port}", timeout=60)
        connection.request("GET", "/sparql?query=ASK%7B%7D", headers={"Accept": "application/json"})
        response = connection.getresponse()
        payload = json.loads(response.read())
        assert response.status == 500
        assert "is not an ofsted-kg store" in payload["message"]
    finally:
        front.stop()
        thread.join(timeout=30)


def test_requests_with_the_same_headers_are_still_read_each_for_itself(
    served: tuple[str, Front],
) -> None:
    """A serving process skips re-parsing a header block it has seen; the body, the peer and
    any header that differs must still come from each request."""
    base, _front = served
    connection = connect(base)
    answers = []
    for query, accept in (
        ("ASK { ?s ?p ?o }", JSON),
        ("ASK { ?s ?p 42 }", JSON),  # same length, so the same header block
        ("ASK { ?s ?p ?o }", JSON),
        ("ASK { ?s ?p ?o }", "application/sparql-results+xml"),
    ):
        connection.request(
            "POST", "/sparql", query.encode(), {"Content-Type": QUERY, "Accept": accept}
        )
        response = connection.getresponse()
        answers.append((response.headers.get_content_type(), response.read()))
    assert [json.loads(body)["boolean"] for _, body in answers[:3]] == [True, False, True]
    assert answers[3][0] == "application/sparql-results+xml"
    assert b"<boolean>true</boolean>" in answers[3][1]

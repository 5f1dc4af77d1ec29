"""The front of `ofsted-kg serve`: holds every client connection, hands requests to servers.

One event loop accepts connections and reads requests (waitress's HTTP/1.1 parser: keep-alive,
pipelining, chunked bodies, `Expect: 100-continue`, size limits). A complete request goes,
with its connection's file descriptor, to an idle serving process (web/http_worker.py), which
runs the app with the query in process and writes the response straight to the client. So a
lookup costs one hop, as in a native server, and slow clients never hold a serving process.

A serving process that passes a query's time limit answers that client with the timeout error
and ends itself (web/in_process.py); the front, which still holds every other connection, starts
another. A serving process that hangs past a generous backstop is killed. Requests wait in line
while every serving process is busy, and get 503 after the query time limit.
"""

from __future__ import annotations

import collections
import contextlib
import mmap
import os
import pickle
import selectors
import shutil
import signal
import socket
import struct
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from waitress.adjustments import Adjustments
from waitress.parser import HTTPRequestParser

from graph.settings import Settings
from web import handoff
from web.errors import ServerBusy, error_payload
from web.http_worker import (
    BUSY_CLOCK_BYTES,
    IDLE_SECONDS,
    PROGRAM,
    error_response,
    parser_error_response,
    request_body,
    wsgi_environ,
)
from web.in_process import EXIT_QUERY_STOPPED

# Seconds a serving process may take to start (import the app, open the store).
START_SECONDS = 120.0
# How often the front checks its clocks (idle connections, waiting requests, hung processes).
TICK_SECONDS = 0.1
MAX_CONNECTIONS = 1000
RECEIVE_BYTES = 1 << 16
_CLOCK = struct.Struct("d")

READING, WAITING, ANSWERING, CLOSED = "reading", "waiting", "answering", "closed"


@dataclass(eq=False)
class _Connection:
    id: int
    sock: socket.socket
    peer: tuple[str, int]
    parser: HTTPRequestParser
    state: str = READING
    buffer: bytes = b""
    since: float = 0.0  # when it last read bytes, or started waiting
    continued: bool = False  # "100 Continue" sent for the current request


@dataclass(eq=False)
class _Server:
    process: subprocess.Popen[bytes]
    control: socket.socket
    busy_clock: mmap.mmap  # when its running query began (0.0: none running)
    started: float
    ready: bool = False
    connection: _Connection | None = None
    asked_back: bool = False  # asked to give its connection back
    replies: bytearray = field(default_factory=bytearray)


class Front:
    """Serve the app on `settings.host:settings.port` with `processes` serving processes."""

    def __init__(
        self,
        settings: Settings,
        processes: int,
        app_config: dict[str, Any] | None = None,
        log: Callable[[str], None] | None = None,
        max_request_bytes: int = 1024 * 1024,
    ) -> None:
        self.settings = settings
        self.processes = max(1, processes)
        # One page cache for all the serving processes, which outlives any of them.
        self._cache_directory = tempfile.mkdtemp(prefix="ofsted-kg-pages-", dir=_memory_backed())
        self.app_config = {"PAGE_CACHE_DIR": self._cache_directory, **(app_config or {})}
        self.log = log or (lambda line: print(line, file=sys.stderr, flush=True))
        self.adjustments = Adjustments(
            max_request_body_size=max_request_bytes, ident="ofsted-kg", url_scheme="http"
        )
        # A hung serving process (one that stopped without its watchdog) is killed after this.
        self.backstop_seconds = 10 * settings.query_timeout + 30
        self._selector = selectors.DefaultSelector()
        self._listener: socket.socket | None = None
        self._wake_reader, self._wake_writer = socket.socketpair()
        self._connections: dict[int, _Connection] = {}
        self._servers: list[_Server] = []
        self._idle: list[_Server] = []
        self._waiting: collections.deque[_Connection] = collections.deque()
        self._next_id = 1
        self._failed_starts = 0
        self._next_start = 0.0
        self._stopping = False
        self._accepting = True
        self.port = 0

    # --- life cycle ------------------------------------------------------------------------

    def start(self) -> None:
        """Listen, and start the serving processes (they become ready in the background)."""
        listener = socket.create_server(
            (self.settings.host, self.settings.port), backlog=1024, reuse_port=False
        )
        listener.setblocking(False)
        self._listener = listener
        self.port = listener.getsockname()[1]
        self._selector.register(listener, selectors.EVENT_READ, (self._accept, listener))
        self._wake_reader.setblocking(False)
        self._selector.register(
            self._wake_reader, selectors.EVENT_READ, (self._woken, self._wake_reader)
        )
        for _ in range(self.processes):
            self._start_server()

    def serve_forever(self) -> None:
        """Run until `stop()` (or an exception, such as KeyboardInterrupt); then clean up."""
        next_tick = 0.0
        try:
            while not self._stopping:
                for key, _events in self._selector.select(TICK_SECONDS):
                    handler, target = key.data
                    handler(target)
                now = time.monotonic()
                if now >= next_tick:
                    self._check_clocks(now)
                    next_tick = now + TICK_SECONDS
        finally:
            self._shut_down()

    def stop(self) -> None:
        """Ask the loop to end (from any thread or a signal handler)."""
        self._stopping = True
        with contextlib.suppress(OSError):
            self._wake_writer.send(b"x")

    def wait_until_ready(self, seconds: float) -> bool:
        """Run the loop until one serving process is ready; False if none is within `seconds`."""
        deadline = time.monotonic() + seconds
        while not any(server.ready for server in self._servers):
            if time.monotonic() > deadline or self._stopping:
                return False
            for key, _events in self._selector.select(TICK_SECONDS):
                handler, target = key.data
                handler(target)
            self._check_clocks(time.monotonic())
        return True

    def server_pids(self) -> set[int]:
        """Return the process ids of the serving processes."""
        return {server.process.pid for server in tuple(self._servers)}  # a copy: safe from threads

    def _woken(self, sock: socket.socket) -> None:
        with contextlib.suppress(BlockingIOError):
            sock.recv(64)

    def _shut_down(self) -> None:
        for connection in list(self._connections.values()):
            self._close(connection)
        for server in list(self._servers):
            self._end_server(server)
        if self._listener is not None:
            if self._accepting:
                self._selector.unregister(self._listener)
            self._listener.close()
            self._listener = None
        self._selector.close()
        self._wake_reader.close()
        self._wake_writer.close()
        shutil.rmtree(self._cache_directory, ignore_errors=True)

    # --- connections -----------------------------------------------------------------------

    def _accept(self, listener: socket.socket) -> None:
        for _ in range(64):
            if len(self._connections) >= MAX_CONNECTIONS:
                # The rest wait in the kernel's backlog until a connection closes.
                self._selector.unregister(listener)
                self._accepting = False
                return
            try:
                sock, peer = listener.accept()
            except (BlockingIOError, InterruptedError):
                return
            except OSError as error:
                self.log(f"accept failed: {error}")
                return
            sock.setblocking(False)
            sock.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
            connection = _Connection(self._next_id, sock, peer, self._parser())
            connection.since = time.monotonic()
            self._next_id += 1
            self._connections[connection.id] = connection
            self._selector.register(sock, selectors.EVENT_READ, (self._readable, connection))

    def _parser(self) -> HTTPRequestParser:
        return HTTPRequestParser(self.adjustments)

    def _readable(self, connection: _Connection) -> None:
        data = _receive(connection.sock, RECEIVE_BYTES)
        if data is None:
            return
        if not data:
            self._close(connection)
            return
        connection.buffer += data
        connection.since = time.monotonic()
        self._read_requests(connection)

    def _read_requests(self, connection: _Connection) -> None:
        """Parse what has arrived; queue the connection once a request is complete."""
        while connection.buffer and connection.state == READING:
            parser = connection.parser
            consumed = parser.received(connection.buffer)
            connection.buffer = connection.buffer[consumed:]
            if parser.completed:
                if parser.empty:  # blank lines between pipelined requests
                    connection.parser = self._parser()
                    continue
                if parser.error is not None:
                    self._send_quietly(connection, parser_error_response(parser))
                    self._close(connection)
                    return
                self._queue(connection)
                return
            if parser.headers_finished and parser.expect_continue and not connection.continued:
                connection.continued = True
                self._send_quietly(connection, b"HTTP/1.1 100 Continue\r\n\r\n")
            if consumed == 0:
                return

    def _queue(self, connection: _Connection) -> None:
        self._selector.unregister(connection.sock)
        connection.state = WAITING
        connection.since = time.monotonic()
        self._waiting.append(connection)
        self._dispatch()
        if self._waiting:
            self._ask_connections_back()

    def _ask_connections_back(self) -> None:
        """Ask serving processes holding a connection between requests to give it back."""
        for server in self._servers:
            if server.connection is not None and not server.asked_back:
                server.asked_back = True
                with contextlib.suppress(OSError):  # if it has ended, its EOF says so
                    handoff.send_message(server.control, handoff.NUDGE)

    def _resume(self, connection: _Connection) -> None:
        """Read the connection's next request (it may have arrived already)."""
        connection.state = READING
        connection.parser = self._parser()
        connection.continued = False
        connection.since = time.monotonic()
        self._selector.register(connection.sock, selectors.EVENT_READ, (self._readable, connection))
        if connection.buffer:
            self._read_requests(connection)

    def _close(self, connection: _Connection) -> None:
        if connection.state == CLOSED:
            return
        if connection.state == READING:
            self._selector.unregister(connection.sock)
        connection.state = CLOSED
        self._connections.pop(connection.id, None)
        connection.sock.close()
        if not self._accepting and self._listener is not None:
            self._selector.register(
                self._listener, selectors.EVENT_READ, (self._accept, self._listener)
            )
            self._accepting = True

    def _send_quietly(self, connection: _Connection, data: bytes) -> None:
        # Short answers from the front: what the socket takes now, or nothing if it has gone.
        with contextlib.suppress(OSError):
            connection.sock.send(data)

    # --- serving processes -----------------------------------------------------------------

    def _start_server(self) -> None:
        parent_end, child_end = socket.socketpair()
        with child_end, tempfile.TemporaryFile() as clock_file:
            clock_file.truncate(BUSY_CLOCK_BYTES)
            busy_clock = mmap.mmap(clock_file.fileno(), BUSY_CLOCK_BYTES)
            descriptors = (child_end.fileno(), clock_file.fileno())
            process = subprocess.Popen(
                [sys.executable, "-c", PROGRAM, *map(str, descriptors)],
                pass_fds=descriptors,
                stdin=subprocess.DEVNULL,
            )
        server = _Server(process, parent_end, busy_clock, time.monotonic())
        setup = (self.settings, self.app_config, self.port, self.adjustments.max_request_body_size)
        handoff.send_message(parent_end, pickle.dumps(setup))
        parent_end.setblocking(False)
        self._servers.append(server)
        self._selector.register(parent_end, selectors.EVENT_READ, (self._server_replied, server))

    def _server_replied(self, server: _Server) -> None:
        data = _receive(server.control, 1 << 16)
        if data is None:
            return
        if not data:
            self._server_gone(server)
            return
        server.replies += data
        for connection_id, kind, unread in handoff.unpack_replies(server.replies):
            if kind == handoff.READY:
                server.ready = True
                self._failed_starts = 0
            else:
                connection = server.connection
                server.connection = None
                if connection is not None and connection.id == connection_id:
                    if kind == handoff.KEEP_OPEN and connection.state == ANSWERING:
                        connection.buffer = unread + connection.buffer
                        self._resume(connection)
                    else:
                        self._close(connection)
            self._idle.append(server)
        self._dispatch()

    def _dispatch(self) -> None:
        while self._waiting and self._idle:
            connection = self._waiting.popleft()
            if connection.state != WAITING:
                continue
            server = self._idle.pop()  # the last one used: its caches are warm
            parser = connection.parser
            environ = wsgi_environ(parser, connection.peer, self.settings.host, self.port)
            # Bytes after this request (pipelined ones) go along: the process reads on from them.
            message = pickle.dumps(
                (connection.id, connection.peer, environ, request_body(parser), connection.buffer)
            )
            try:
                server.control.setblocking(True)
                handoff.send_message(server.control, message, connection.sock.fileno())
                server.control.setblocking(False)
            except OSError:
                self._waiting.appendleft(connection)
                self._server_gone(server)
                continue
            parser.close()
            connection.buffer = b""
            connection.state = ANSWERING
            server.connection = connection
            server.asked_back = False

    def _server_gone(self, server: _Server) -> None:
        """Forget a serving process that ended (or is ended here); start another."""
        code = self._end_server(server)
        if self._stopping:
            return
        if code == EXIT_QUERY_STOPPED:
            self.log(f"serving process {server.process.pid} stopped a query past its time limit")
        elif not server.ready:
            self._failed_starts += 1
            self.log(f"serving process {server.process.pid} failed to start (exit status {code})")
        else:
            self.log(f"serving process {server.process.pid} ended (exit status {code})")
        # A process that cannot start is retried ever more slowly, not in a tight loop.
        delay = 0.0 if not self._failed_starts else min(30.0, 0.5 * 2**self._failed_starts)
        self._next_start = time.monotonic() + delay

    def _end_server(self, server: _Server) -> int | None:
        if server in self._servers:
            self._servers.remove(server)
            self._selector.unregister(server.control)
        if server in self._idle:
            self._idle.remove(server)
        server.control.close()
        server.busy_clock.close()
        if server.process.poll() is None:
            server.process.kill()
        try:
            code = server.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            code = None
        if server.connection is not None:
            # Its watchdog has answered the client (or it crashed): the connection is done.
            self._close(server.connection)
            server.connection = None
        return code

    # --- clocks ----------------------------------------------------------------------------

    def _check_clocks(self, now: float) -> None:
        # While no serving process is ready (starting up), requests wait without a limit.
        any_ready = any(server.ready for server in self._servers)
        for connection in list(self._connections.values()):
            if connection.state == READING and now - connection.since > IDLE_SECONDS:
                self._close(connection)
            elif (
                connection.state == WAITING
                and any_ready
                and now - connection.since > self._wait_limit()
            ):
                self._answer_busy(connection)
        for server in list(self._servers):
            (query_began,) = _CLOCK.unpack_from(server.busy_clock)
            if query_began and now - query_began > self.backstop_seconds:
                self.log(f"serving process {server.process.pid} hung; killing it")
                self._server_gone(server)
            elif not server.ready and now - server.started > START_SECONDS:
                self._server_gone(server)
        missing = self.processes - len(self._servers)
        if missing > 0 and not self._stopping and now >= self._next_start:
            for _ in range(missing):
                self._start_server()

    def _wait_limit(self) -> float:
        return self.settings.query_timeout

    def _answer_busy(self, connection: _Connection) -> None:
        error = ServerBusy(
            f"every serving process stayed busy for {self._wait_limit():g} s; try again later"
        )
        parser = connection.parser
        version = "1.0" if parser.version == "1.0" else "1.1"
        response = error_response(
            error_payload(error), "Service Unavailable", parser.headers.get("ACCEPT"), version
        )
        self._send_quietly(connection, response)
        self._close(connection)


def install_stop_signals(front: Front) -> None:
    """Stop `front` cleanly on SIGTERM (SIGINT raises KeyboardInterrupt, which also stops it)."""
    signal.signal(signal.SIGTERM, lambda _signum, _frame: front.stop())


def _receive(sock: socket.socket, size: int) -> bytes | None:
    """Return what a ready socket holds: b"" when its peer has gone, None if nothing yet."""
    try:
        return sock.recv(size)
    except (BlockingIOError, InterruptedError):
        return None
    except OSError:
        return b""


def _memory_backed() -> str | None:
    """Return /dev/shm where there is one (files there live in memory), else None (the
    system's temporary directory)."""
    return "/dev/shm" if os.path.isdir("/dev/shm") and os.access("/dev/shm", os.W_OK) else None


def default_processes() -> int:
    """Return how many serving processes to run: two more than the cores, so a long query
    (which holds its process to the end) leaves every core with a process to serve others."""
    return (os.cpu_count() or 2) + 2

"""How the front and its serving processes talk: framed messages over a Unix socket pair.

The front sends a serving process its set-up, then one request at a time, each with the client
connection's file descriptor attached (SCM_RIGHTS), so the serving process writes the response
straight to the client. The serving process may keep the connection for the client's next
requests; its reply says when it gives it back (with any bytes of a request it began reading)
or has closed it. A message with an empty payload and no descriptor asks a serving process to
give its connection back, because other requests are waiting.
"""

from __future__ import annotations

import socket
import struct

_LENGTH = struct.Struct("!I")
_REPLY = struct.Struct("!QBI")
REPLY_SIZE = _REPLY.size

# Reply kinds: the process is ready for requests; it gives the connection back open (for the
# front to read its next request); it closed the connection.
READY, KEEP_OPEN, CLOSE = 0, 1, 2
NUDGE = b""


def send_message(sock: socket.socket, payload: bytes, descriptor: int | None = None) -> None:
    """Send `payload` whole, with `descriptor` (if any) riding on its first bytes."""
    framed = _LENGTH.pack(len(payload)) + payload
    if descriptor is None:
        sock.sendall(framed)
        return
    sent = socket.send_fds(sock, [framed], [descriptor])
    if sent < len(framed):
        sock.sendall(framed[sent:])


def receive_message(sock: socket.socket) -> tuple[bytes, int | None] | None:
    """Return the next message and the descriptor that came with it; None when the peer left.

    Reads exactly one message, never into the next: a stream socket may hold several.
    """
    header, descriptors, _flags, _address = socket.recv_fds(sock, _LENGTH.size, 1)
    if not header:
        for descriptor in descriptors:
            socket.close(descriptor)
        return None
    header += _receive_exactly(sock, _LENGTH.size - len(header))
    if len(header) < _LENGTH.size:
        return None
    (length,) = _LENGTH.unpack(header)
    payload = _receive_exactly(sock, length)
    if len(payload) < length:
        return None
    return payload, (descriptors[0] if descriptors else None)


def _receive_exactly(sock: socket.socket, count: int) -> bytes:
    """Return the next `count` bytes, or fewer if the peer left."""
    chunks, have = [], 0
    while have < count:
        chunk = sock.recv(min(count - have, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        have += len(chunk)
    return b"".join(chunks)


def pack_reply(connection_id: int, kind: int, unread: bytes = b"") -> bytes:
    """Return a reply about `connection_id`, with the bytes it read of an unfinished request."""
    return _REPLY.pack(connection_id, kind, len(unread)) + unread


def unpack_replies(buffer: bytearray) -> list[tuple[int, int, bytes]]:
    """Take every whole reply off the front of `buffer`: (connection id, kind, unread bytes)."""
    replies = []
    while len(buffer) >= REPLY_SIZE:
        connection_id, kind, length = _REPLY.unpack_from(buffer)
        if len(buffer) < REPLY_SIZE + length:
            break
        replies.append((connection_id, kind, bytes(buffer[REPLY_SIZE : REPLY_SIZE + length])))
        del buffer[: REPLY_SIZE + length]
    return replies

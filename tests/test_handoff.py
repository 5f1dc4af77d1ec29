"""Framing between the front and its serving processes (web/handoff.py), over a real socket pair."""

from __future__ import annotations

import os
import socket

from web import handoff


def test_back_to_back_messages_are_read_one_at_a_time_with_their_descriptor() -> None:
    front, server = socket.socketpair()
    reader, writer = os.pipe()
    try:
        handoff.send_message(front, handoff.NUDGE)  # a request to give a connection back...
        handoff.send_message(front, b"request" * 1000, reader)  # ...then a request, with a fd
        handoff.send_message(front, b"last")
        assert handoff.receive_message(server) == (b"", None)
        payload, descriptor = handoff.receive_message(server) or (b"", None)
        assert payload == b"request" * 1000
        assert descriptor is not None
        os.write(writer, b"through the passed descriptor")
        assert os.read(descriptor, 100) == b"through the passed descriptor"
        os.close(descriptor)
        assert handoff.receive_message(server) == (b"last", None)
        front.close()
        assert handoff.receive_message(server) is None  # the front has gone
    finally:
        server.close()
        os.close(reader)
        os.close(writer)


def test_replies_are_taken_whole_and_a_partial_one_is_kept() -> None:
    buffer = bytearray(handoff.pack_reply(7, handoff.KEEP_OPEN, b"GET / HT"))
    buffer += handoff.pack_reply(8, handoff.CLOSE)
    buffer += handoff.pack_reply(9, handoff.CLOSE)[:5]
    assert handoff.unpack_replies(buffer) == [
        (7, handoff.KEEP_OPEN, b"GET / HT"),
        (8, handoff.CLOSE, b""),
    ]
    assert len(buffer) == 5  # the start of the third waits for the rest
    buffer += handoff.pack_reply(9, handoff.CLOSE)[5:]
    assert handoff.unpack_replies(buffer) == [(9, handoff.CLOSE, b"")]

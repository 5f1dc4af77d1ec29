"""Read a URL-encoded query string or form body into (name, value) pairs, quickly.

A SPARQL query sent by GET is a kilobyte or two of percent-escapes, and the standard library's
`parse_qsl` decodes them one at a time in Python: some 40 microseconds a request, as long as a
cheap lookup takes to run. The same decoding is done here in C (binascii's quoted-printable
decoder, after `%XX` is rewritten as `=XX`). Text the shortcut could read differently from
`parse_qsl` (a `%` not followed by two hex digits, or anything not ASCII) goes to `parse_qsl`
itself, so the pairs are always exactly what `parse_qsl(text, keep_blank_values=True)` gives.
"""

from __future__ import annotations

import binascii
from urllib.parse import parse_qsl


class _BadEscape(Exception):
    """A `%` not followed by two hex digits: left to parse_qsl."""


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """Return the (name, value) pairs of `text`, blank values kept, in order."""
    # A line break lets the decoder drop an `=` and what follows it (a quoted-printable soft
    # line break), which the length check in _unquote_plus could not see.
    if not text.isascii() or "\n" in text or "\r" in text:
        return parse_qsl(text, keep_blank_values=True)
    pairs = []
    try:
        for field in text.split("&"):
            if not field:
                continue
            name, _, value = field.partition("=")
            pairs.append((_unquote_plus(name), _unquote_plus(value)))
    except _BadEscape:
        return parse_qsl(text, keep_blank_values=True)
    return pairs


def _unquote_plus(text: str) -> str:
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    # "=" is escaped first, so that every "=" left for the decoder starts an escape.
    escaped = text.replace("=", "=3D").replace("%", "=")
    decoded = binascii.a2b_qp(escaped)
    # Each valid escape turns three characters into one byte. The decoder reads an invalid
    # one (an "=" before something other than two hex digits, or at the end) in fewer
    # characters or gives more bytes, so the length shows it, without a search of the text
    # for every "%" (which took longer than the decoding).
    if len(decoded) != len(escaped) - 2 * escaped.count("="):
        raise _BadEscape
    return decoded.decode("utf-8", "replace")

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
import re
from urllib.parse import parse_qsl

_BARE_PERCENT = re.compile(r"%(?![0-9A-Fa-f]{2})")


def parse_pairs(text: str) -> list[tuple[str, str]]:
    """Return the (name, value) pairs of `text`, blank values kept, in order."""
    if not text.isascii() or _BARE_PERCENT.search(text):
        return parse_qsl(text, keep_blank_values=True)
    pairs = []
    for field in text.split("&"):
        if not field:
            continue
        name, _, value = field.partition("=")
        pairs.append((_unquote_plus(name), _unquote_plus(value)))
    return pairs


def _unquote_plus(text: str) -> str:
    text = text.replace("+", " ")
    if "%" not in text:
        return text
    # Every "%" starts a valid escape (checked above): "=" is escaped first so that only the
    # rewritten escapes are left for the decoder.
    escaped = text.replace("=", "=3D").replace("%", "=")
    return binascii.a2b_qp(escaped).decode("utf-8", "replace")

"""The library of named research queries: `graph/queries/NAME.rq`, with titles and descriptions.

A query file starts with comment lines `# title: ...` and `# description: ...` (continued on
indented comment lines); the rest is SPARQL using the predefined prefixes (graph/vocab.py).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

QUERY_DIR = Path(__file__).resolve().parent / "queries"
_FIELD = re.compile(r"^#\s*(title|description):\s*(.*)$")
_CONTINUATION = re.compile(r"^#\s{2,}(.*)$")


class UnknownQueryError(KeyError):
    """No named query has that name."""


@dataclass(frozen=True, slots=True)
class NamedQuery:
    """A stored research query."""

    name: str
    title: str
    description: str
    sparql: str


def _parse(path: Path) -> NamedQuery:
    fields: dict[str, str] = {}
    current = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if match := _FIELD.match(line):
            current = match.group(1)
            fields[current] = match.group(2).strip()
        elif current and (match := _CONTINUATION.match(line)):
            fields[current] += " " + match.group(1).strip()
        elif not line.startswith("#"):
            current = None
    return NamedQuery(
        name=path.stem,
        title=fields.get("title", path.stem),
        description=fields.get("description", ""),
        sparql=path.read_text(encoding="utf-8"),
    )


@cache
def named_queries() -> dict[str, NamedQuery]:
    """Return every named query by name, sorted by name."""
    return {path.stem: _parse(path) for path in sorted(QUERY_DIR.glob("*.rq"))}


def named_query(name: str) -> NamedQuery:
    """Return the named query `name`, or raise UnknownQueryError listing the known names."""
    try:
        return named_queries()[name]
    except KeyError:
        known = ", ".join(named_queries())
        raise UnknownQueryError(f"no named query {name!r}; known: {known}") from None

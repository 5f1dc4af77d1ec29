"""A small lexical reading of SPARQL text: what must be known about a query before it runs.

The store parses queries itself but tells us nothing about them before it runs them, so the
endpoint and the store read the few things they must decide on first: the SERVICE calls a
query would make (refused unless their host is allowed), whether the query names its own
dataset (FROM) and which graphs, and, for the test-mode update, the USING/WITH clauses and
where the protocol's graphs go.

Strings, comments and IRIs are skipped whole, so a keyword inside them never counts; braces
are counted so that only top-level clauses (the query's own dataset clause) are seen as such.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from urllib.parse import urljoin, urlsplit

_TOKEN = re.compile(
    r"""
      (?P<space>\s+)
    | (?P<comment>\#[^\r\n]*)
    | (?P<string>\"\"\"(?:[^"\\]|\\.|"(?!""))*\"\"\"
               | '''(?:[^'\\]|\\.|'(?!''))*'''
               | "(?:[^"\\\r\n]|\\.)*"
               | '(?:[^'\\\r\n]|\\.)*')
    | (?P<iri><[^<>"{}|^`\\\x00-\x20]*>)
    | (?P<open>\{)
    | (?P<close>\})
    | (?P<variable>[?$][\w\u00b7\u0300-\u036f\u203f-\u2040]+)
    | (?P<word>(?:[^\W\d][\w.\-]*)?:(?:[\w.\-:%]|\\.)*|[^\W\d][\w\-]*)
    | (?P<other>[^\s#"'<{}?$\w:]+|.)
    """,
    re.VERBOSE | re.DOTALL,
)


# A keyword can only be a token where no letter or underscore comes just before it and no
# word character or hyphen just after (the word pattern above would take those in), so text
# without such an occurrence needs no tokenising. Matching more than the tokenizer would is
# harmless: it only means tokenising. The text is searched in upper case, as the tokenizer
# compares keywords, and the pattern starts with the word itself so that the search is a
# quick scan for it (the look-behind comes after, over the word and the character before).
_MAY_NAME_DATASET = re.compile(r"FROM(?<![^\W\d]FROM)(?![\w\-])")
_MAY_CALL_SERVICE = re.compile(r"SERVICE(?<![^\W\d]SERVICE)(?![\w\-])")


@dataclass(frozen=True, slots=True)
class Token:
    """A lexical unit outside strings and comments, with its brace depth."""

    kind: str  # iri, open, close, variable, word, other, string
    text: str
    start: int
    depth: int

    def is_keyword(self, *names: str) -> bool:
        """Return True if this is one of the keywords `names` (any case)."""
        return self.kind == "word" and self.text.upper() in names


def tokens(text: str) -> Iterator[Token]:
    """Yield the tokens of `text`, skipping white space and comments."""
    depth = 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind in ("space", "comment"):
            continue
        if kind == "close":
            depth = max(depth - 1, 0)
        yield Token(kind, match.group(), match.start(), depth)
        if kind == "open":
            depth += 1


@dataclass(frozen=True, slots=True)
class ServiceCall:
    """A SERVICE clause: its endpoint IRI, or None when a variable names it."""

    iri: str | None
    text: str


def service_calls(text: str, prefixes: Mapping[str, str], base_iri: str) -> list[ServiceCall]:
    """Return the SERVICE clauses of a query, their IRIs resolved against prefixes and base."""
    upper = text.upper()
    # The common case costs a plain search of the text (far quicker than the pattern's).
    if "SERVICE" not in upper or not _MAY_CALL_SERVICE.search(upper):
        return []
    calls = []
    for token, following, declared, base in _with_prologue(text, prefixes, base_iri):
        if token.is_keyword("SERVICE"):
            targets = [t for t in following if not t.is_keyword("SILENT")]
            target = targets[0] if targets else None
            iri = _resolve(target, declared, base)
            calls.append(ServiceCall(iri, target.text if target else ""))
    return calls


def cleared_graphs(text: str, prefixes: Mapping[str, str], base_iri: str) -> list[str]:
    """Return the graphs an update's CLEAR GRAPH and DROP GRAPH operations name."""
    graphs = []
    for token, following, declared, base in _with_prologue(text, prefixes, base_iri):
        if token.depth == 0 and token.is_keyword("CLEAR", "DROP"):
            rest = [t for t in following if not t.is_keyword("SILENT")]
            if len(rest) >= 2 and rest[0].is_keyword("GRAPH"):
                iri = _resolve(rest[1], declared, base)
                if iri is not None:
                    graphs.append(iri)
    return graphs


def _with_prologue(
    text: str, prefixes: Mapping[str, str], base_iri: str
) -> Iterator[tuple[Token, list[Token], dict[str, str], str]]:
    """Yield each token, the three after it, and the prefixes and base declared so far."""
    declared = dict(prefixes)
    base = base_iri
    stream = [token for token in tokens(text) if token.kind != "string"]
    for index, token in enumerate(stream):
        following = stream[index + 1 : index + 4]
        if token.is_keyword("PREFIX") and len(following) >= 2 and following[1].kind == "iri":
            declared[following[0].text.rstrip(":")] = urljoin(base, following[1].text[1:-1])
        elif token.is_keyword("BASE") and following and following[0].kind == "iri":
            base = urljoin(base, following[0].text[1:-1])
        yield token, following, declared, base


def _resolve(token: Token | None, prefixes: Mapping[str, str], base: str) -> str | None:
    if token is None or token.kind == "variable":
        return None
    if token.kind == "iri":
        return urljoin(base, token.text[1:-1])
    if token.kind == "word" and ":" in token.text:
        prefix, _, local = token.text.partition(":")
        if prefix in prefixes:
            return prefixes[prefix] + local
    return None


def host_of(iri: str) -> str:
    """Return the host (and port, if any) an IRI points at, in lower case."""
    return (urlsplit(iri).netloc.rpartition("@")[2]).lower()


def names_dataset(text: str) -> bool:
    """Return True if a query has its own dataset clause (FROM or FROM NAMED)."""
    upper = text.upper()
    if "FROM" not in upper or not _MAY_NAME_DATASET.search(upper):
        return False
    return any(token.depth == 0 and token.is_keyword("FROM") for token in tokens(text))


def dataset_clauses(
    text: str, prefixes: Mapping[str, str], base_iri: str = ""
) -> tuple[list[str], list[str]]:
    """Return the graphs a query's FROM and FROM NAMED clauses name, in order (IRIs resolved
    against its BASE, prefixed names expanded with its PREFIXes or `prefixes`)."""
    default_graphs: list[str] = []
    named_graphs: list[str] = []
    if not names_dataset(text):
        return default_graphs, named_graphs
    for token, following, declared, base in _with_prologue(text, prefixes, base_iri):
        if token.depth != 0 or not token.is_keyword("FROM") or not following:
            continue
        if following[0].is_keyword("NAMED"):
            iri = _resolve(following[1] if len(following) > 1 else None, declared, base)
            if iri is not None:
                named_graphs.append(iri)
        else:
            iri = _resolve(following[0], declared, base)
            if iri is not None:
                default_graphs.append(iri)
    return default_graphs, named_graphs


def has_using_or_with(text: str) -> bool:
    """Return True if an update names its own dataset (USING, USING NAMED or WITH)."""
    return any(token.depth == 0 and token.is_keyword("USING", "WITH") for token in tokens(text))


def add_using(text: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """Insert USING clauses for the protocol's graphs before each top-level WHERE of an update.

    `DELETE WHERE` (which may not carry USING) is left alone.
    """
    clauses = " ".join(
        [f"USING <{iri}>" for iri in default_graphs]
        + [f"USING NAMED <{iri}>" for iri in named_graphs]
    )
    if not clauses:
        return text
    insert_at = []
    previous: Token | None = None
    for token in tokens(text):
        after_delete = previous is not None and previous.is_keyword("DELETE")
        if token.depth == 0 and token.is_keyword("WHERE") and not after_delete:
            insert_at.append(token.start)
        previous = token
    for position in reversed(insert_at):
        text = f"{text[:position]}{clauses} {text[position:]}"
    return text

"""Where an IRI's page is on this server, and how IRIs and grades are shown in the pages."""

from __future__ import annotations

from urllib.parse import quote

from graph.vocab import ID, ONTOLOGY_IRI, PREFIXES

ID_BASE = str(ID)
DEF_BASE = ONTOLOGY_IRI + "#"
# Longest namespace first, so `id:` wins over a shorter prefix of the same IRI.
_NAMESPACES = sorted(PREFIXES.items(), key=lambda item: len(item[1]), reverse=True)


def local_href(iri: str) -> str | None:
    """Return the path of `iri`'s page on this server, or None for an IRI we do not mint."""
    if iri.startswith(ID_BASE):
        return "/id/" + quote(iri[len(ID_BASE) :], safe="/-_.~:")
    if iri.startswith(DEF_BASE):
        return "/def#" + quote(iri[len(DEF_BASE) :], safe="-_.~")
    return None


def href(iri: str) -> str:
    """Return the link for `iri`: its page here if we mint it, else the IRI itself."""
    return local_href(iri) or iri


def compact(iri: str) -> str:
    """Return `iri` as a prefixed name (okg:grade, id:authority/E09000033) when one fits."""
    for prefix, namespace in _NAMESPACES:
        if iri.startswith(namespace) and len(iri) > len(namespace):
            return f"{prefix}:{iri[len(namespace) :]}"
    return iri


def readable_tail(iri: str) -> str:
    """Return a short readable name for an IRI that has no label."""
    if iri.startswith(ID_BASE):
        return iri[len(ID_BASE) :].replace("/", " › ").replace("_", " ")
    return compact(iri)


def id_iri(path: str) -> str:
    """Return the IRI we mint for the page path `path` (without /id/)."""
    return ID_BASE + path


# Characters SPARQL's IRIREF forbids, and controls and spaces: an IRI holding one is refused
# before it goes into a query.
_FORBIDDEN_IN_IRI = set('<>"{}|^`\\') | {chr(code) for code in range(0x21)}


def is_safe_iri(iri: str) -> bool:
    """Return True if `iri` can be written between < and > in SPARQL as it is."""
    return bool(iri) and not any(character in _FORBIDDEN_IN_IRI for character in iri)

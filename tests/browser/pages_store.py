"""The store the page tests run on: the five seed reports, plus one graph of hostile labels.

The hostile graph names an authority, a partnership (with Westminster as a member, so it shows
in the network and on Westminster's page) and a judgement whose labels hold markup and
script, to prove every page shows such text as text.
"""

from __future__ import annotations

from pathlib import Path

from graph.build import build
from graph.store import EmbeddedStore
from tests.conftest import SEEDS

ID = "https://w3id.org/ofsted-kg/id/"
OKG = "https://w3id.org/ofsted-kg/def#"
RDF_TYPE = "http://www.w3.org/1999/02/22-rdf-syntax-ns#type"
RDFS_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
ORG = "http://www.w3.org/ns/org#"
SCHEMA = "https://schema.org/"
XSD_DATE = "http://www.w3.org/2001/XMLSchema#date"

HOSTILE_GRAPH = ID + "report/hostile-labels-test"
HOSTILE_GSS = "E09999999"
HOSTILE_AUTHORITY = ID + f"authority/{HOSTILE_GSS}"
HOSTILE_PARTNERSHIP = ID + "partnership/hostile-test"
HOSTILE_INSPECTION = ID + f"inspection/{HOSTILE_GSS}/ilacs/2020-01-06"
HOSTILE_JUDGEMENT = HOSTILE_INSPECTION + "/judgement/overall"
SCRIPT_LABEL = "<script>window.hacked = 1; alert('hacked')</script> Borough"
PARTNERSHIP_LABEL = "<script>window.hacked = 2</script> & <b>shared</b> service"
JUDGEMENT_LABEL = '<img src=x onerror="window.hacked = 3"> Overall'
WESTMINSTER = ID + "authority/E09000033"


def _literal(text: str) -> str:
    escaped = text.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def hostile_nquads() -> str:
    """Return the N-Quads of the hostile-labels graph."""
    graph = f"<{HOSTILE_GRAPH}>"
    triples = [
        (HOSTILE_AUTHORITY, RDF_TYPE, f"<{OKG}LocalAuthority>"),
        (HOSTILE_AUTHORITY, RDFS_LABEL, _literal(SCRIPT_LABEL)),
        (HOSTILE_AUTHORITY, OKG + "gssCode", _literal(HOSTILE_GSS)),
        (HOSTILE_AUTHORITY, OKG + "region", f"<{ID}region/E12000007>"),
        (HOSTILE_PARTNERSHIP, RDF_TYPE, f"<{OKG}Partnership>"),
        (HOSTILE_PARTNERSHIP, RDFS_LABEL, _literal(PARTNERSHIP_LABEL)),
        (HOSTILE_PARTNERSHIP, OKG + "partnershipKind", f"<{ID}partnership-kind/youth_offending>"),
        (HOSTILE_PARTNERSHIP, ORG + "hasMember", f"<{HOSTILE_AUTHORITY}>"),
        (HOSTILE_PARTNERSHIP, ORG + "hasMember", f"<{WESTMINSTER}>"),
        (HOSTILE_INSPECTION, RDF_TYPE, f"<{OKG}Inspection>"),
        (HOSTILE_INSPECTION, OKG + "inspects", f"<{HOSTILE_AUTHORITY}>"),
        (HOSTILE_INSPECTION, OKG + "framework", f"<{ID}framework/ilacs>"),
        (HOSTILE_INSPECTION, SCHEMA + "startDate", f'"2020-01-06"^^<{XSD_DATE}>'),
        (HOSTILE_JUDGEMENT, RDF_TYPE, f"<{OKG}Judgement>"),
        (HOSTILE_JUDGEMENT, OKG + "judgementOf", f"<{HOSTILE_INSPECTION}>"),
        (HOSTILE_JUDGEMENT, OKG + "area", f"<{ID}area/overall>"),
        (HOSTILE_JUDGEMENT, OKG + "grade", f"<{ID}grade/ilacs/good>"),
        (HOSTILE_JUDGEMENT, RDFS_LABEL, _literal(JUDGEMENT_LABEL)),
    ]
    lines = []
    for subject, predicate, obj in triples:
        value = obj if obj.startswith(("<", '"')) else f"<{obj}>"
        lines.append(f"<{subject}> <{predicate}> {value} {graph} .")
    return "\n".join(lines) + "\n"


def build_pages_store(path: Path) -> EmbeddedStore:
    """Build the seed reports into a store at `path` and add the hostile-labels graph."""
    store = EmbeddedStore(path)
    result = build(store, [str(SEEDS)], workers=1)
    assert not result.failed, result.failed
    with store.transaction() as transaction:
        transaction.load_nquads(hostile_nquads().encode("utf-8"))
    return store

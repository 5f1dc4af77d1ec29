"""The plain-string vocabularies the build uses, held to the standard vocabularies' term lists.

graph/iris.py names standard terms openly (without rdflib, which building the graph does not
load), so a mistyped one would not fail at import; here every standard term in a built graph
must be one that rdflib's closed copy of that vocabulary defines.
"""

from __future__ import annotations

import pytest
from rdflib import URIRef
from rdflib.namespace import DCTERMS, ORG, PROV, QB, RDF, RDFS, SDO, SKOS, TIME

from graph import iris, vocab
from graph.mapping import map_outcome
from graph.reference import reference_quads
from graph.register import Register
from loaders.pipeline import load_file
from tests.conftest import SEED_FILES

STANDARD = {
    str(iris.RDF): RDF,
    str(iris.RDFS): RDFS,
    str(iris.DCTERMS): DCTERMS,
    str(iris.SKOS): SKOS,
    str(iris.ORG): ORG,
    str(iris.PROV): PROV,
    str(iris.QB): QB,
    str(iris.SCHEMA): SDO,
    str(iris.TIME): TIME,
}


@pytest.fixture(scope="module")
def used_terms() -> set[str]:
    """Return every predicate and class IRI in the seeds' graphs and the reference graph."""
    register = Register.load()
    quads = list(reference_quads(register))
    for path in SEED_FILES.values():
        quads.extend(map_outcome(load_file(path), register)[0])
    rdf_type = iris.RDF.type
    terms = {quad.predicate.value for quad in quads}
    terms |= {quad.object.value for quad in quads if quad.predicate.value == rdf_type}
    return terms


def test_the_graph_uses_only_defined_standard_terms(used_terms: set[str]) -> None:
    checked = 0
    for term in used_terms:
        for namespace, closed in STANDARD.items():
            if term.startswith(namespace) and "/" not in term[len(namespace) :]:
                assert URIRef(term) in closed, f"{term} is not a term of {namespace}"
                checked += 1
    assert checked >= 30  # the check saw the graph's many standard terms


def test_a_mistyped_own_term_fails() -> None:
    with pytest.raises(AttributeError):
        _ = iris.OKG.Judgment
    with pytest.raises(AttributeError):
        _ = vocab.OKG.Judgment


def test_both_vocabularies_name_the_same_terms() -> None:
    names = [name for name in iris.OKG.__annotations__ if not name.startswith("_")]
    assert len(names) > 50
    for name in names:
        assert str(getattr(vocab.OKG, name)) == getattr(iris.OKG, name)
        assert getattr(iris.OKG, name) == "https://w3id.org/ofsted-kg/def#" + name


def test_standard_terms_that_are_also_str_methods_are_terms() -> None:
    # DCTERMS.title and DCTERMS.format name RDF terms, not the str methods.
    assert iris.DCTERMS.title == "http://purl.org/dc/terms/title"
    assert iris.DCTERMS.format == "http://purl.org/dc/terms/format"

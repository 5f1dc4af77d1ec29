"""The reference graph: ontology, concept schemes, authorities, regions and partnerships."""

from __future__ import annotations

import pyoxigraph as ox

from graph.iris import DCTERMS, OKG, ORG, RDFS, SKOS, STATGEO, TIME
from graph.mapping import authority_iri, partnership_iri
from graph.query_catalogue import query_catalogue_quads
from graph.register import Register
from graph.terms import REFERENCE_GRAPH, QuadWriter, date, english, mint, node, text
from ontology import ontology_files

AUTHORITY_TYPE_LABELS = {
    "london_borough": "London borough",
    "metropolitan_district": "Metropolitan district",
    "unitary_authority": "Unitary authority",
    "county_council": "County council",
}


def reference_quads(register: Register) -> list[ox.Quad]:
    """Return the quads of the reference graph."""
    out = QuadWriter(REFERENCE_GRAPH)
    graph = node(REFERENCE_GRAPH)
    for path in ontology_files():
        if path.name == "shapes.ttl":
            continue  # shapes describe the data; they are served as documentation, not data
        for triple in ox.parse(path=str(path), format=ox.RdfFormat.TURTLE):
            out.quads.append(ox.Quad(triple.subject, triple.predicate, triple.object, graph))
    _regions(out, register)
    _authorities(out, register)
    _partnerships(out, register)
    out.quads.extend(query_catalogue_quads(graph))  # example queries, discoverable as data
    return out.quads


def _regions(out: QuadWriter, register: Register) -> None:
    for region in register.regions():
        iri = mint("region", region.gss_code)
        out.typed(iri, OKG.Region)
        out.add(iri, RDFS.label, english(region.name))
        out.add(iri, SKOS.prefLabel, english(region.name))
        out.add(iri, OKG.gssCode, text(region.gss_code))
        out.add(iri, DCTERMS.spatial, node(str(STATGEO) + region.gss_code))


def _authorities(out: QuadWriter, register: Register) -> None:
    for authority in register.authorities():
        iri = authority_iri(authority.gss_code)
        out.typed(iri, OKG.LocalAuthority, ORG.FormalOrganization)
        out.add(iri, RDFS.label, english(authority.name))
        out.add(iri, SKOS.prefLabel, english(authority.name))
        names = {authority.official_name, *authority.aliases} - {authority.name, ""}
        for alias in sorted(names):
            out.add(iri, SKOS.altLabel, english(alias))
        out.add(iri, SKOS.notation, text(authority.gss_code))
        out.add(iri, OKG.gssCode, text(authority.gss_code))
        out.add(iri, DCTERMS.spatial, node(str(STATGEO) + authority.gss_code))
        if authority.region_gss:
            out.add(iri, OKG.region, mint("region", authority.region_gss))
        out.add(iri, OKG.authorityType, mint("authority-type", authority.authority_type))
        if authority.ofsted_urn:
            out.add(iri, OKG.ofstedUrn, text(authority.ofsted_urn))
        if authority.valid_from:
            out.add(iri, node("https://schema.org/foundingDate"), date(authority.valid_from))
        if authority.valid_to:
            out.add(iri, node("https://schema.org/dissolutionDate"), date(authority.valid_to))
        for successor in authority.replaced_by:
            out.add(authority_iri(successor), DCTERMS.replaces, iri)


def _partnerships(out: QuadWriter, register: Register) -> None:
    for partnership in register.partnerships():
        iri = partnership_iri(partnership.id)
        out.typed(iri, OKG.Partnership, ORG.OrganizationalCollaboration)
        out.add(iri, RDFS.label, english(partnership.name))
        out.add(iri, SKOS.prefLabel, english(partnership.name))
        for alias in partnership.aliases:
            out.add(iri, SKOS.altLabel, english(alias))
        out.add(iri, OKG.partnershipKind, mint("partnership-kind", partnership.kind))
        for member in partnership.members:
            membership = mint("partnership", partnership.id, "member", member.gss_code)
            out.typed(membership, ORG.Membership)
            out.add(membership, ORG.member, authority_iri(member.gss_code))
            out.add(membership, ORG.organization, iri)
            out.add(iri, ORG.hasMembership, membership)
            out.add(iri, ORG.hasMember, authority_iri(member.gss_code))
            start = member.valid_from or partnership.valid_from
            end = member.valid_to or partnership.valid_to
            if start or end:
                period = mint("partnership", partnership.id, "member", member.gss_code, "period")
                out.typed(period, TIME.Interval)
                out.add(membership, ORG.memberDuring, period)
                for relation, day, suffix in (
                    (TIME.hasBeginning, start, "start"),
                    (TIME.hasEnd, end, "end"),
                ):
                    if day:
                        instant = node(f"{period.value}/{suffix}")
                        out.typed(instant, TIME.Instant)
                        out.add(instant, TIME.inXSDDate, date(day))
                        out.add(period, relation, instant)

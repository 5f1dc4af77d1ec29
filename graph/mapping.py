"""Map parsed records to RDF quads in the report's own named graph (see ontology/MODEL.md)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Protocol

from pyoxigraph import BlankNode, Literal, NamedNode, Quad

from graph import iris
from graph.terms import (
    RDF_TYPE,
    boolean,
    date,
    decimal,
    english,
    integer,
    mint,
    report_iri,
    slug,
    text,
)
from loaders.records import (
    AreaStatistic,
    CommitteeReport,
    Framework,
    InspectionReference,
    InspectionReport,
    Judgement,
    ParseOutcome,
    PartnershipMention,
    Passage,
    Recommendation,
)

OFSTED = mint("organisation", "ofsted")
AREA_STATISTICS = mint("dataset", "area-statistics")


class _Terms:
    """A vocabulary whose terms are pyoxigraph NamedNodes, each made once on first use.

    Mapping writes tens of thousands of quads per build: terms made once, rather than turned
    from str into NamedNode for every quad, spare it most of that work.
    """

    def __init__(self, vocabulary: object) -> None:
        self._vocabulary = vocabulary

    def __getattr__(self, name: str) -> NamedNode:
        if name.startswith("_"):  # not a term (copy, pickle and the like look for these)
            raise AttributeError(name)
        term = NamedNode(getattr(self._vocabulary, name))
        setattr(self, name, term)  # found as a plain attribute from now on
        return term


DCTERMS = _Terms(iris.DCTERMS)
OKG = _Terms(iris.OKG)
ORG = _Terms(iris.ORG)
PROV = _Terms(iris.PROV)
QB = _Terms(iris.QB)
RDF = _Terms(iris.RDF)
RDFS = _Terms(iris.RDFS)
SCHEMA = _Terms(iris.SCHEMA)
SKOS = _Terms(iris.SKOS)
TIME = _Terms(iris.TIME)
_RDF_TYPE = NamedNode(RDF_TYPE)

Subject = NamedNode | BlankNode
Object = NamedNode | BlankNode | Literal


class _GraphWriter:
    """Collect the quads of one named graph from terms that are already pyoxigraph terms.

    graph.terms.QuadWriter takes predicates and classes as str too; here every one is a
    NamedNode (see _Terms), which spares a conversion check per quad.
    """

    __slots__ = ("graph", "quads")

    def __init__(self, graph: NamedNode) -> None:
        self.graph = graph
        self.quads: list[Quad] = []

    def add(self, subject: Subject, predicate: NamedNode, obj: Object | None) -> None:
        """Add one statement; a None object is skipped so optional facts need no if."""
        if obj is not None:
            self.quads.append(Quad(subject, predicate, obj, self.graph))

    def typed(self, subject: NamedNode, *classes: NamedNode) -> NamedNode:
        """Add rdf:type statements and return the subject."""
        graph = self.graph
        self.quads.extend([Quad(subject, _RDF_TYPE, cls, graph) for cls in classes])
        return subject

    def describe(self, subject: Subject, *facts: tuple[NamedNode, Object | None]) -> None:
        """Add a (predicate, object) statement per fact; facts with a None object are skipped.

        One call for all of a subject's statements: the records hold thousands of findings and
        passages, and a call per statement would cost more than the statements themselves.
        """
        graph = self.graph
        self.quads.extend(
            [Quad(subject, predicate, obj, graph) for predicate, obj in facts if obj is not None]
        )


class AuthorityLike(Protocol):
    gss_code: str


class PartnershipLike(Protocol):
    id: str


class Resolver(Protocol):
    """What mapping needs from the register: names as printed to reference IRIs."""

    def resolve_authority(
        self, name: str, on_date: dt.date | None = None
    ) -> AuthorityLike | None: ...

    def resolve_partnership(
        self, name: str, member_gss: str | None = None, on_date: dt.date | None = None
    ) -> PartnershipLike | None: ...


# The IRIs of the few concepts below recur in every report: each is made once (NamedNodes
# are immutable, so one object serves every quad).
@cache
def framework_iri(framework: Framework | str) -> NamedNode:
    return mint("framework", str(framework))


@cache
def grade_iri(framework: Framework | str, grade: str) -> NamedNode:
    return mint("grade", str(framework), str(grade))


@cache
def area_iri(area: str) -> NamedNode:
    return mint("area", area)


@cache
def report_type_iri(report_type: str) -> NamedNode:
    return mint("report-type", report_type)


@cache
def part_iri(part: str) -> NamedNode:
    return mint("report-part", str(part))


def authority_iri(gss_code: str) -> NamedNode:
    return mint("authority", gss_code)


def partnership_iri(partnership_id: str) -> NamedNode:
    return mint("partnership", partnership_id)


def person_iri(name: str) -> NamedNode:
    return mint("person", slug(name))


def inspection_iri(
    authority_key: str, framework: Framework | str, start: dt.date | None
) -> NamedNode:
    """Return the inspection's IRI: the same for every document about the same inspection."""
    return mint(
        "inspection", authority_key, str(framework), start.isoformat() if start else "undated"
    )


class RecordMapper:
    """Turn one ParseOutcome into the quads of its named graph."""

    def __init__(self, outcome: ParseOutcome, resolver: Resolver) -> None:
        self.outcome = outcome
        self.resolver = resolver
        self.report = report_iri(outcome.source)
        self.out = _GraphWriter(self.report)
        self.warnings: list[str] = []
        self._passages = 0

    def quads(self) -> list[Quad]:
        """Return every quad the record yields."""
        record = self.outcome.record
        if isinstance(record, InspectionReport):
            self._inspection_report(record)
        else:
            self._committee_report(record)
        return self.out.quads

    # --- shared pieces -------------------------------------------------------------------

    def _report_common(self, cls: NamedNode, title: str, published: dt.date | None) -> None:
        out, report = self.out, self.report
        out.typed(report, cls, PROV.Entity, SCHEMA.Report)
        out.add(report, DCTERMS.title, text(title))
        out.add(report, OKG.sourcePath, text(self.outcome.source))
        out.add(report, OKG.contentHash, text(self.outcome.content_hash))
        out.add(report, DCTERMS.format, text(self.outcome.media_type))
        out.add(report, OKG.parserFamily, text(self.outcome.record.family))
        out.add(report, DCTERMS.issued, date(published) if published else None)

    def _authority(self, name: str, on_date: dt.date | None) -> tuple[NamedNode, str]:
        """Return the authority's IRI and key; an unknown name gets its own IRI and a warning."""
        match = self.resolver.resolve_authority(name, on_date)
        if match is not None:
            return authority_iri(match.gss_code), match.gss_code
        self.warnings.append(f"authority {name!r} is not in the register")
        key = "unresolved-" + slug(name)
        iri = mint("authority", key)
        self.out.typed(iri, OKG.LocalAuthority)
        self.out.add(iri, RDFS.label, english(name))
        return iri, key

    def _passage(self, passage: Passage | None) -> NamedNode | None:
        if passage is None or not passage.text:
            return None
        self._passages += 1
        iri = NamedNode(f"{self.report.value}/passage/{self._passages}")
        self.out.describe(
            iri,
            (_RDF_TYPE, OKG.Passage),
            (OKG.quote, text(passage.text)),
            (OKG.page, integer(passage.page) if passage.page is not None else None),
            (OKG.paragraph, integer(passage.paragraph) if passage.paragraph is not None else None),
            (OKG.section, text(passage.section) if passage.section else None),
            (DCTERMS.isPartOf, self.report),
        )
        return iri

    def _derived(self, subject: NamedNode, passage: Passage | None) -> None:
        self.out.add(subject, PROV.wasDerivedFrom, self.report)
        self.out.add(subject, OKG.derivedFromPassage, self._passage(passage))

    def _partnerships(
        self,
        mentions: Sequence[PartnershipMention],
        on_date: dt.date | None,
        authority: tuple[NamedNode, str],
    ) -> None:
        """Link the partnerships the text names; unknown ones are minted per authority.

        A name the register does not know ("the Local Safeguarding Children Board") means the
        authority's own board or service, so its IRI is scoped by the authority's key rather
        than merged with every other authority's board of the same generic name.
        """
        out = self.out
        own_iri, own_key = authority
        for mention in mentions:
            match = self.resolver.resolve_partnership(mention.name, own_key, on_date)
            if match is not None:
                iri = partnership_iri(match.id)
            else:
                iri = partnership_iri(f"{own_key}-{slug(mention.name)}")
                out.typed(iri, OKG.Partnership, ORG.OrganizationalCollaboration)
                out.add(iri, RDFS.label, english(mention.name))
                out.add(iri, OKG.partnershipKind, mint("partnership-kind", str(mention.kind)))
                out.add(iri, ORG.hasMember, own_iri)
                for partner in mention.partner_names:
                    member = self.resolver.resolve_authority(partner, on_date)
                    if member is not None:
                        out.add(iri, ORG.hasMember, authority_iri(member.gss_code))
            out.add(iri, OKG.mentionedIn, self.report)

    # --- inspection reports --------------------------------------------------------------

    def _inspection_report(self, record: InspectionReport) -> None:
        out = self.out
        authority, key = self._authority(record.authority_name, record.inspection_start)
        inspection = inspection_iri(key, record.framework, record.inspection_start)
        title = f"{record.authority_name}: {record.report_type.replace('_', ' ')} report"
        self._report_common(OKG.InspectionReport, title, record.published)
        out.add(self.report, DCTERMS.publisher, OFSTED)
        out.add(self.report, DCTERMS.subject, authority)
        out.add(self.report, OKG.authorityNameAsPrinted, text(record.authority_name))
        out.add(self.report, PROV.wasGeneratedBy, inspection)
        out.add(self.report, OKG.reportsOn, inspection)

        out.typed(inspection, OKG.Inspection, PROV.Activity)
        out.add(inspection, OKG.inspects, authority)
        out.add(inspection, OKG.framework, framework_iri(record.framework))
        out.add(inspection, OKG.reportType, report_type_iri(record.report_type))
        out.add(
            inspection,
            OKG.reportTypeBasis,
            text(record.report_type_basis) if record.report_type_basis else None,
        )
        out.add(
            inspection,
            SCHEMA.startDate,
            date(record.inspection_start) if record.inspection_start else None,
        )
        out.add(
            inspection,
            SCHEMA.endDate,
            date(record.inspection_end) if record.inspection_end else None,
        )
        out.add(inspection, OKG.includesLscbReview, boolean(record.includes_lscb_review))
        self._team(inspection, record)
        self._visits(inspection, record.visits)
        self._judgements(inspection, record)
        self._recommendations(inspection, record.recommendations)
        self._strengths(inspection, record)
        self._findings(inspection, record)
        self._previous(inspection, record)
        self._statistics(authority, record.statistics)
        self._partnerships(record.partnerships, record.inspection_start, (authority, key))

    def _team(self, inspection: NamedNode, record: InspectionReport) -> None:
        out = self.out
        people = [(name, "lead inspector") for name in record.lead_inspectors]
        people += [
            (member.name, member.role)
            for member in record.team
            if member.name not in record.lead_inspectors
        ]
        for position, (name, role) in enumerate(people, start=1):
            person = person_iri(name)
            out.typed(person, OKG.Inspector, PROV.Person, SCHEMA.Person)
            out.add(person, SCHEMA.name, text(name))
            out.add(person, RDFS.label, text(name))
            # One association per person and role: a person can hold two roles on one team.
            association = NamedNode(f"{inspection.value}/association/{slug(name)}/{slug(role)}")
            out.typed(association, PROV.Association)
            out.add(association, PROV.agent, person)
            role_iri = mint("role", slug(role))
            out.typed(role_iri, PROV.Role)
            out.add(role_iri, RDFS.label, english(role))
            out.add(association, PROV.hadRole, role_iri)
            # Keeps the printed order, so joint lead inspectors export as printed.
            out.add(association, SCHEMA.position, integer(position))
            out.add(inspection, PROV.qualifiedAssociation, association)
            out.add(inspection, PROV.wasAssociatedWith, person)
        for name in record.lead_inspectors:
            out.add(inspection, OKG.leadInspector, person_iri(name))

    def _visits(self, inspection: NamedNode, visits: Sequence[tuple[dt.date, dt.date]]) -> None:
        if len(visits) < 2:
            return  # one block of days on site is already schema:startDate/endDate
        out = self.out
        for index, (start, end) in enumerate(visits, start=1):
            interval = NamedNode(f"{inspection.value}/visit/{index}")
            out.typed(interval, TIME.Interval)
            for relation, day in ((TIME.hasBeginning, start), (TIME.hasEnd, end)):
                instant = NamedNode(
                    f"{interval.value}/{'start' if relation == TIME.hasBeginning else 'end'}"
                )
                out.typed(instant, TIME.Instant)
                out.add(instant, TIME.inXSDDate, date(day))
                out.add(interval, relation, instant)
            out.add(inspection, OKG.visit, interval)

    def _judgements(self, inspection: NamedNode, record: InspectionReport) -> None:
        out = self.out
        for judgement in record.judgements:
            iri = judgement_iri(inspection, judgement)
            out.typed(iri, OKG.Judgement, PROV.Entity)
            out.add(iri, OKG.judgementOf, inspection)
            out.add(iri, PROV.wasGeneratedBy, inspection)
            out.add(iri, OKG.area, area_iri(judgement.area))
            out.add(iri, OKG.grade, grade_iri(record.framework, judgement.grade))
            out.add(iri, RDFS.label, english(judgement.label))
            out.add(iri, OKG.service, text(judgement.service) if judgement.service else None)
            self._derived(iri, judgement.passage)

    def _recommendations(self, inspection: NamedNode, items: Sequence[Recommendation]) -> None:
        out = self.out
        for item in items:
            iri = NamedNode(f"{inspection.value}/recommendation/{item.part}/{item.number}")
            out.typed(iri, OKG.Recommendation, PROV.Entity)
            out.add(iri, OKG.judgementOf, inspection)
            out.add(iri, OKG.part, part_iri(item.part))
            out.add(iri, OKG.number, integer(item.number))
            out.add(iri, RDF.value, text(item.text))
            out.add(iri, OKG.timescale, text(item.timescale) if item.timescale else None)
            out.add(
                iri, OKG.addressedToName, text(item.addressed_to) if item.addressed_to else None
            )
            out.add(iri, OKG.priority, boolean(item.priority))
            out.add(iri, OKG.service, text(item.service) if item.service else None)
            self._derived(iri, item.passage)

    def _strengths(self, inspection: NamedNode, record: InspectionReport) -> None:
        out = self.out
        counters: dict[str, int] = {}
        for strength in record.strengths:
            counters[strength.part] = counters.get(strength.part, 0) + 1
            # Keyed under the report: the numbering is this document's, not the inspection's.
            number = counters[strength.part]
            iri = NamedNode(f"{self.report.value}/strength/{strength.part}/{number}")
            out.typed(iri, OKG.Strength, PROV.Entity)
            out.add(iri, OKG.judgementOf, inspection)
            out.add(iri, OKG.part, part_iri(strength.part))
            out.add(iri, RDF.value, text(strength.text))
            self._derived(iri, strength.passage)

    def _findings(self, inspection: NamedNode, record: InspectionReport) -> None:
        out = self.out
        seen: set[tuple[str, int]] = set()
        for finding in record.findings:
            key = (str(finding.part), finding.number)
            if key in seen:
                continue  # a report that restarts numbering keeps the first of each number
            seen.add(key)
            iri = NamedNode(f"{self.report.value}/finding/{finding.part}/{finding.number}")
            out.describe(
                iri,
                (_RDF_TYPE, OKG.Finding),
                (_RDF_TYPE, OKG.Passage),
                (OKG.judgementOf, inspection),
                (OKG.part, part_iri(finding.part)),
                (OKG.paragraph, integer(finding.number)),
                (OKG.section, text(finding.section) if finding.section else None),
                (OKG.page, integer(finding.page) if finding.page is not None else None),
                (OKG.quote, text(finding.text)),
                (DCTERMS.isPartOf, self.report),
            )

    def _previous(self, inspection: NamedNode, record: InspectionReport) -> None:
        out = self.out
        for index, previous in enumerate(record.previous_inspections, start=1):
            iri = NamedNode(f"{self.report.value}/previous/{index}")
            out.typed(iri, OKG.PreviousInspectionReference)
            out.add(iri, RDFS.comment, text(previous.text))
            out.add(iri, OKG.previousYear, integer(previous.year) if previous.year else None)
            out.add(iri, OKG.previousMonth, integer(previous.month) if previous.month else None)
            out.add(iri, OKG.previousScope, text(previous.scope) if previous.scope else None)
            out.add(iri, OKG.previousGrade, scale_iri(previous.grade) if previous.grade else None)
            out.add(iri, OKG.derivedFromPassage, self._passage(previous.passage))
            out.add(inspection, OKG.refersToPreviousInspection, iri)

    def _statistics(self, authority: NamedNode, statistics: Sequence[AreaStatistic]) -> None:
        out = self.out
        seen: set[str] = set()
        for statistic in statistics:
            when = statistic.reference_date.isoformat() if statistic.reference_date else "undated"
            key = f"{statistic.measure}/{statistic.unit}/{when}"
            if key in seen:
                continue
            seen.add(key)
            iri = NamedNode(f"{self.report.value}/statistic/{key}")
            out.typed(iri, QB.Observation)
            out.add(iri, QB.dataSet, AREA_STATISTICS)
            out.add(iri, OKG.refArea, authority)
            out.add(
                iri,
                OKG.refDate,
                date(statistic.reference_date) if statistic.reference_date else None,
            )
            out.add(iri, OKG.measure, mint("measure", statistic.measure))
            out.add(iri, OKG.unit, text(statistic.unit))
            out.add(iri, OKG.value, decimal(statistic.value))
            self._derived(iri, statistic.passage)

    # --- committee reports ---------------------------------------------------------------

    def _committee_report(self, record: CommitteeReport) -> None:
        out = self.out
        council, council_key = self._authority(record.authority_name, record.meeting_date)
        self._report_common(OKG.CommitteeReport, record.title, record.meeting_date)
        out.add(self.report, DCTERMS.publisher, council)
        out.add(self.report, DCTERMS.subject, council)
        out.add(self.report, OKG.authorityNameAsPrinted, text(record.authority_name))
        out.add(self.report, OKG.committee, text(record.committee) if record.committee else None)
        out.add(
            self.report, OKG.meetingDate, date(record.meeting_date) if record.meeting_date else None
        )
        out.add(self.report, DCTERMS.creator, text(record.author) if record.author else None)
        for reference in record.inspections:
            inspection = self._referenced_inspection(reference)
            out.add(self.report, DCTERMS.references, inspection)
            for claim in reference.claims:
                iri = NamedNode(
                    f"{self.report.value}/claim/{_inspection_key(inspection)}/{claim.area}"
                )
                out.typed(iri, OKG.Claim, PROV.Entity)
                out.add(iri, OKG.claimedBy, self.report)
                out.add(iri, OKG.claimAbout, inspection)
                out.add(iri, OKG.area, area_iri(claim.area))
                out.add(iri, OKG.grade, grade_iri(reference.framework, claim.grade))
                out.add(iri, RDFS.label, english(claim.label))
                self._derived(iri, claim.passage)
        self._partnerships(record.partnerships, record.meeting_date, (council, council_key))

    def _referenced_inspection(self, reference: InspectionReference) -> NamedNode:
        """Return the IRI of an inspection a committee report describes, typing it minimally."""
        out = self.out
        on_date = reference.inspection_start or reference.published
        if reference.service_name:
            match = self.resolver.resolve_partnership(reference.service_name)
            service_key = match.id if match else slug(reference.service_name)
            when = (
                reference.inspection_start.isoformat()
                if reference.inspection_start
                else (
                    f"{reference.year:04d}-{reference.month:02d}"
                    if reference.year and reference.month
                    else "undated"
                )
            )
            inspection = mint("inspection", service_key, str(reference.framework), when)
            out.add(inspection, OKG.inspectedService, partnership_iri(service_key))
            if match is None:
                service = partnership_iri(service_key)
                out.typed(service, OKG.Partnership, ORG.OrganizationalCollaboration)
                out.add(service, RDFS.label, english(reference.service_name))
                out.add(service, OKG.partnershipKind, mint("partnership-kind", "other"))
            for name in reference.authority_names:
                member = self.resolver.resolve_authority(name, on_date)
                out.add(
                    inspection, OKG.inspects, authority_iri(member.gss_code) if member else None
                )
            out.add(inspection, OKG.outcome, text(reference.outcome) if reference.outcome else None)
            out.add(inspection, SKOS.note, text(reference.title) if reference.title else None)
        else:
            name = reference.authority_names[0] if reference.authority_names else ""
            authority, key = self._authority(name, on_date)
            inspection = inspection_iri(key, reference.framework, reference.inspection_start)
            out.add(inspection, OKG.inspects, authority)
        out.typed(inspection, OKG.Inspection, PROV.Activity)
        out.add(inspection, OKG.framework, framework_iri(reference.framework))
        start, end = reference.inspection_start, reference.inspection_end
        out.add(inspection, SCHEMA.startDate, date(start) if start else None)
        out.add(inspection, SCHEMA.endDate, date(end) if end else None)
        return inspection


def _inspection_key(inspection: NamedNode) -> str:
    return inspection.value.rsplit("/inspection/", 1)[1]


def judgement_iri(inspection: NamedNode, judgement: Judgement) -> NamedNode:
    """Return the IRI of a judgement: one per area of an inspection."""
    return NamedNode(f"{inspection.value}/judgement/{judgement.area}")


def scale_iri(grade: str) -> NamedNode:
    """Return the comparable-scale concept of a grade (adequate and requires improvement: 3)."""
    notation = {
        "outstanding": 1,
        "good": 2,
        "requires_improvement": 3,
        "adequate": 3,
        "inadequate": 4,
    }
    return mint("grade", "scale", notation[str(grade)])


def map_outcome(outcome: ParseOutcome, resolver: Resolver) -> tuple[list[Quad], list[str]]:
    """Return the quads of one parsed file and the warnings raised while mapping it."""
    mapper = RecordMapper(outcome, resolver)
    return mapper.quads(), mapper.warnings


__all__ = ["RecordMapper", "decimal", "map_outcome"]

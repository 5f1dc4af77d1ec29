"""Typed records that parsers produce: plain data, no RDF.

Every parser turns one document into one `InspectionReport` or `CommitteeReport`. The graph
layer maps these records to RDF; nothing here knows about IRIs or vocabularies.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from enum import StrEnum


class Grade(StrEnum):
    """A judgement grade as the export spells it."""

    OUTSTANDING = "outstanding"
    GOOD = "good"
    REQUIRES_IMPROVEMENT = "requires_improvement"
    ADEQUATE = "adequate"
    INADEQUATE = "inadequate"


class Framework(StrEnum):
    """The inspection framework a report was written under (one grade scheme each)."""

    SAFEGUARDING_LAC_2009 = "safeguarding_lac_2009"  # 2009-2012, grades 1-4, "adequate"
    LAC_2013 = "lac_2013"  # 2013 looked-after children inspections, "adequate"
    # 2012-2013 unannounced inspections of arrangements for the protection of children, "adequate"
    CHILD_PROTECTION_2012 = "child_protection_2012"
    SIF = "sif"  # Single Inspection Framework 2013-2017 (and its LSCB reviews)
    ILACS = "ilacs"  # Inspecting local authority children's services, 2018 on
    JTAI = "jtai"  # joint targeted area inspections (Ofsted, CQC, HMICFRS, HMIP), 2016 on
    HMIP_YOUTH_JUSTICE = "hmip_youth_justice"  # probation inspectorate, youth offending


class ReportPart(StrEnum):
    """Which part of a combined report makes a recommendation."""

    LOCAL_AUTHORITY = "local_authority"
    LSCB = "lscb"


@dataclass(frozen=True, slots=True)
class Passage:
    """Where a fact was read: the words, with page and paragraph where the source has them."""

    text: str
    page: int | None = None
    paragraph: int | None = None
    section: str | None = None


@dataclass(frozen=True, slots=True)
class Judgement:
    """One graded judgement.

    `area` is a short snake_case id: overall, leaders, help_protection, in_care, care_leavers,
    in_care_and_care_leavers, adoption, lscb for the headline judgements; other judgements
    (for example the 2012 framework's `being_healthy`) get their own ids. `label` is the
    judgement's name as printed.
    """

    area: str
    label: str
    grade: Grade
    passage: Passage | None = None
    # The 2009-2012 framework has two overall judgements (safeguarding, looked after
    # children); `service` tells them apart. None for frameworks with one of each area.
    service: str | None = None


@dataclass(frozen=True, slots=True)
class Recommendation:
    """A recommendation, area for improvement or "what needs to improve" point."""

    part: ReportPart
    number: int
    text: str
    timescale: str | None = None  # "Immediately", "Within three months", ...
    addressed_to: str | None = (
        None  # body named as responsible, e.g. "Inner North West London PCTs"
    )
    priority: bool = False  # SIF "priority and immediate action"
    passage: Passage | None = None
    service: str | None = None  # 2009-2012: "safeguarding" or "looked_after_children"


@dataclass(frozen=True, slots=True)
class Strength:
    """A strength the report states (SIF LSCB "areas of strength", key strengths...)."""

    part: ReportPart
    text: str
    passage: Passage | None = None


@dataclass(frozen=True, slots=True)
class Finding:
    """A numbered finding paragraph of the report body."""

    number: int
    text: str
    section: str
    page: int | None = None
    part: ReportPart = ReportPart.LOCAL_AUTHORITY


@dataclass(frozen=True, slots=True)
class Inspector:
    """A member of the inspection team as printed, without titles."""

    name: str
    role: str  # "lead inspector", "inspector", "team inspector", "shadow inspector", ...


@dataclass(frozen=True, slots=True)
class PreviousInspection:
    """An earlier inspection the report refers to ("judged to be good in September 2011")."""

    text: str
    year: int | None = None
    month: int | None = None
    scope: str | None = None  # "safeguarding", "looked after children", "children's services"
    grade: Grade | None = None
    passage: Passage | None = None


@dataclass(frozen=True, slots=True)
class AreaStatistic:
    """A figure about the area ("At 31 March 2015, 179 children were being looked after")."""

    measure: str  # snake_case id, e.g. children_looked_after, child_protection_plans
    value: float
    unit: str  # "count", "per_10000", "percent"
    reference_date: dt.date | None
    passage: Passage | None = None


class PartnershipKind(StrEnum):
    """Kinds of partnership or shared service a report can name."""

    TRI_BOROUGH = "tri_borough"
    SHARED_LSCB = "shared_lscb"
    SAFEGUARDING_PARTNERSHIP = "safeguarding_partnership"
    OUT_OF_HOURS = "out_of_hours"
    YOUTH_OFFENDING = "youth_offending"
    ADOPTION_AGENCY = "adoption_agency"
    MASH = "mash"
    CHILDRENS_TRUST = "childrens_trust"
    OTHER = "other"


@dataclass(frozen=True, slots=True)
class PartnershipMention:
    """A partnership or shared service named in the text."""

    kind: PartnershipKind
    name: str  # as printed, e.g. "West London Youth Offending Service"
    # Authorities the text says take part, as printed; the report's own authority is implied.
    partner_names: tuple[str, ...] = ()
    passage: Passage | None = None


@dataclass(frozen=True, slots=True)
class InspectionReport:
    """Everything one inspection report says that the graph keeps."""

    family: str  # parser family id, e.g. "sif", "ilacs"
    framework: Framework
    report_type: str  # export id: sif, ilacs_standard, ilacs_short, safeguarding_lac_2012, ...
    authority_name: str  # as printed
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    published: dt.date | None
    lead_inspectors: tuple[str, ...] = ()
    team: tuple[Inspector, ...] = ()
    judgements: tuple[Judgement, ...] = ()
    recommendations: tuple[Recommendation, ...] = ()
    strengths: tuple[Strength, ...] = ()
    findings: tuple[Finding, ...] = ()
    previous_inspections: tuple[PreviousInspection, ...] = ()
    statistics: tuple[AreaStatistic, ...] = ()
    partnerships: tuple[PartnershipMention, ...] = ()
    # Blocks of days on site, for inspections split in two (ILACS); one block otherwise.
    visits: tuple[tuple[dt.date, dt.date], ...] = ()
    # How report_type was decided when the report does not say (ILACS standard vs short).
    report_type_basis: str | None = None
    includes_lscb_review: bool = False
    lscb_name: str | None = None


@dataclass(frozen=True, slots=True)
class ClaimedJudgement:
    """A grade that another document says an inspection gave."""

    area: str
    label: str
    grade: Grade
    passage: Passage | None = None


@dataclass(frozen=True, slots=True)
class InspectionReference:
    """An inspection that a committee report describes, and what it claims about it."""

    inspectorate: str  # "Ofsted", "HMI Probation"
    framework: Framework
    title: str  # e.g. "Short Quality Screening of the West London Youth Offending Service"
    authority_names: tuple[str, ...]  # authorities covered, as printed
    inspection_start: dt.date | None
    inspection_end: dt.date | None
    published: dt.date | None
    year: int | None = None
    month: int | None = None  # for inspections the text dates only by month
    service_name: str | None = None  # inspected service where not the whole authority
    claims: tuple[ClaimedJudgement, ...] = ()
    outcome: str | None = None  # an ungraded verdict, e.g. "highly effective"
    passage: Passage | None = None


@dataclass(frozen=True, slots=True)
class CommitteeReport:
    """A council committee report about one or more inspections."""

    family: str
    authority_name: str
    committee: str
    meeting_date: dt.date | None
    title: str
    author: str | None
    inspections: tuple[InspectionReference, ...] = ()
    partnerships: tuple[PartnershipMention, ...] = ()


Record = InspectionReport | CommitteeReport


@dataclass(frozen=True, slots=True)
class ParseOutcome:
    """A parsed record with the source it came from, ready for mapping."""

    source: str  # path as given to build
    content_hash: str
    media_type: str
    record: Record
    warnings: tuple[str, ...] = field(default=())

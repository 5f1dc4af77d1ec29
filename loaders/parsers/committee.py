"""Council committee and cabinet reports about inspections of the council's services.

Such reports open with a field block ("Date:", "Title:", "Report of:", "Report Author and
Contact Details:", "Wards Involved:" ...), then tell members what inspections found. We keep
the meeting, the author and, for each inspection the report describes, what it claims:
- an Ofsted inspection of children's services: dates, publication, and the grades the text
  states, from "Area: Grade" lines and from sentences such as "Westminster was rated
  Outstanding for Adoption" or "The LSCB overall was found to be Good";
- an HM Inspectorate of Probation inspection of youth offending work: its kind, the service,
  the boroughs it covered, the month, and the verdict ("a highly effective rating").
Claims use the SIF parser's area ids. Sentences about earlier inspections, other councils,
national figures or the other inspectorate are not claims about the Ofsted inspection.
"""

from __future__ import annotations

import datetime as dt
import re

from loaders.dates import MONTH_PATTERN, find_dates, parse_date, parse_date_range, parse_month_year
from loaders.document import CleanDocument
from loaders.errors import ParseError
from loaders.grades import grade_from_word
from loaders.mentions import partnership_mentions
from loaders.paragraphs import Paragraph, paragraphs
from loaders.records import (
    ClaimedJudgement,
    CommitteeReport,
    Framework,
    InspectionReference,
    Passage,
)
from loaders.sentences import Sentence, sentences

FAMILY = "committee"

FIELD = re.compile(
    r"^(?P<name>date(?: of meeting)?|meeting date|meeting|committee|decision maker|title"
    r"|report title|subject|report of|report by|report author(?: and contact details)?"
    r"|contact officer|classification|wards? (?:involved|affected)|policy context"
    r"|cabinet member(?: portfolio)?|key decision|agenda item)\s*(?::\s*|\t\s*)(?P<value>.*)$",
    re.I,
)
# Field names only council reports use; an Ofsted report never has these.
COUNCIL_FIELD = re.compile(
    r"report (?:of|by|author.*)|classification|wards? \w+|policy context|cabinet member.*"
    r"|key decision|decision maker|contact officer|agenda item"
)
HEAD_LINES = 40
_SECTION_NUMBER = re.compile(r"^\d+(?:\.\d+)+\s+")
# A local part is at most 64 characters; unbounded, a long token without "@" (a blob of
# converter junk) costs time quadratic in its length.
_EMAIL = re.compile(r"[\w.+-]{1,64}@(?P<domain>[\w-]+(?:\.[\w-]+)+)")
_COUNCIL_NAME = re.compile(
    r"\b(?:London |Royal )?Borough of [A-Z][\w&'-]*(?: (?:and )?[A-Z][\w&'-]*)*"
    r"|\bCity of [A-Z][\w'-]*"
    r"|\b[A-Z][\w'-]*(?: [A-Z][\w'-]*)* (?:City|County|(?:Metropolitan )?Borough|District) Council"
)
PROBATION = re.compile(
    r"probation|\bHMIP\b|youth offending|\bYOS\b|\bYOT\b|youth justice|\bInspectorate\b", re.I
)
OFSTED_FRAMEWORKS = (
    (re.compile(r"single inspection", re.I), Framework.SIF),
    (re.compile(r"\bILACS\b|inspecting local authority children", re.I), Framework.ILACS),
    (re.compile(r"safeguarding and looked after children", re.I), Framework.SAFEGUARDING_LAC_2009),
    (re.compile(r"inspection of looked after children", re.I), Framework.LAC_2013),
    (
        # The whole title: councils write of their own "arrangements for the protection of
        # children" in any year.
        re.compile(
            r"inspection\s+of\s+(?:the\s+)?local\s+authority\s+arrangements\s+for\s+the\s+"
            r"protection\s+of\s+children",
            re.I,
        ),
        Framework.CHILD_PROTECTION_2012,
    ),
)
OFSTED_TITLES = {
    Framework.SIF: "Single inspection of local authority children's services",
    Framework.ILACS: "Inspection of local authority children's services",
    Framework.SAFEGUARDING_LAC_2009: "Inspection of safeguarding and looked after children",
    Framework.LAC_2013: "Inspection of looked after children services",
    Framework.CHILD_PROTECTION_2012: (
        "Inspection of local authority arrangements for the protection of children"
    ),
}


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a council committee or cabinet report."""
    fields, _, _ = _field_block(document)
    return len(fields) >= 3 and any(COUNCIL_FIELD.fullmatch(name) for name in fields)


def parse(document: CleanDocument) -> CommitteeReport:
    """Read a council committee report and the inspections it reports on."""
    fields, first, body_start = _field_block(document)
    authority = _authority(document.text)
    if not authority:
        raise ParseError(document.source, "no council named by e-mail domain or name")
    heading = " ".join(line.text.strip() for line in document.lines[:first] if line.text)
    # Without a committee field, the heading above the field block names the meeting.
    committee = _first(fields, "committee", "meeting", "decision maker") or heading
    if not committee:
        raise ParseError(document.source, "no committee named above the field block")
    body = paragraphs(document.lines[body_start:])
    found = _sentences(body)
    meeting = _meeting_date(fields)
    inspections = (
        _ofsted_inspection(document, found, authority, meeting),
        _probation_inspection(found, authority),
    )
    return CommitteeReport(
        family=FAMILY,
        authority_name=authority,
        committee=committee,
        meeting_date=meeting,
        title=_first(fields, "title", "report title", "subject") or "",
        author=_author(fields),
        inspections=tuple(inspection for inspection in inspections if inspection),
        partnerships=partnership_mentions(body),
    )


# --- The field block ------------------------------------------------------------------------------


def _field_block(document: CleanDocument) -> tuple[dict[str, str], int, int]:
    """Return the fields by lower-case name, and the indexes of the first and after last."""
    fields: dict[str, str] = {}
    first = end = 0
    for index, line in enumerate(document.lines[:HEAD_LINES]):
        if match := FIELD.match(line.text.strip()):
            if not fields:
                first = index
            fields.setdefault(re.sub(r"\s+", " ", match["name"].lower()), match["value"].strip())
            end = index + 1
    return fields, first, end


def _first(fields: dict[str, str], *names: str) -> str | None:
    return next((fields[name] for name in names if fields.get(name)), None)


def _meeting_date(fields: dict[str, str]) -> dt.date | None:
    value = _first(fields, "date", "date of meeting", "meeting date") or ""
    return parse_date(re.sub(r"(\d)\s+(st|nd|rd|th)\b", r"\1\2", value))


def _author(fields: dict[str, str]) -> str | None:
    value = _first(
        fields,
        "report author and contact details",
        "report author",
        "contact officer",
        "report of",
        "report by",
    )
    if not value:
        return None
    name = _EMAIL.sub("", value).split(",")[0].split("\t")[0]
    return re.sub(r"\s+", " ", name).strip(" :-") or None


def _authority(text: str) -> str | None:
    """Return the council as printed: the name its gov.uk e-mail domain spells, else a name."""
    without_emails = _EMAIL.sub(" ", text)
    for match in _EMAIL.finditer(text):
        if not match["domain"].lower().endswith(".gov.uk"):
            continue
        stem = re.escape(match["domain"].split(".")[0])
        for printed in re.finditer(rf"\b{stem}\b", without_emails, re.I):
            if printed[0][0].isupper():
                return printed[0]
    match = _COUNCIL_NAME.search(without_emails)
    return match[0] if match else None


def _sentences(body: list[Paragraph]) -> list[Sentence]:
    # Committee reports number paragraphs "3.2 "; the number is not part of the sentence.
    return [
        sentence._replace(text=_SECTION_NUMBER.sub("", sentence.text))
        for sentence in sentences(body)
    ]


# --- The Ofsted inspection ------------------------------------------------------------------------

_GRADE = (
    r"['\"*]*(?P<grade>outstanding|good|requires? improvement(?: to be good)?"
    r"|requiring improvement|adequate|inadequate)['\"*]*"
)
AREA_WORDS = (
    (r"children in care and care leavers", "in_care_and_care_leavers"),
    (r"help and protection", "help_protection"),
    (r"care leavers?|leaving care", "care_leavers"),
    (r"adoption", "adoption"),
    (r"looked after|children in care|achieving permanence", "in_care"),
    (r"leadership|leaders|management and governance", "leaders"),
    (r"\bLSCBs?\b|safeguarding children board|safeguarding partnership", "lscb"),
    (r"overall|children'?s services|\bservices\b", "overall"),
)
_AREAS = [(re.compile(pattern, re.I), area) for pattern, area in AREA_WORDS]
_AREA_LINE = re.compile(rf"^(?P<label>[A-Z][^:\t]{{3,120}}?)\s*(?::|\t)\s*{_GRADE}\.?$", re.I)
_RATED_FOR = re.compile(rf"\brated\s+(?:as\s+)?{_GRADE}\s+for\s+(?P<list>[^.;]+)", re.I)
_OVERALL = re.compile(
    rf"\b(?P<label>overall\s+(?:single\s+)?(?:rating|judgement|judgment|grade|effectiveness))"
    rf"(?:\s+\w+){{0,2}}?\s+(?:of|as|was|is|:)\s+{_GRADE}",
    re.I,
)
# "<subject> was judged good", "<subject> received a good rating": the subject is the text
# before the verb back to the last "." or ";" (see _subject_claims).
_JUDGED_AS = re.compile(
    rf"\s+(?:was|were|is|are|has been|have been)\s+(?:also\s+)?"
    rf"(?:confirmed as being|found to be|judged(?: to be| as)?|rated(?: as)?|graded(?: as)?"
    rf"|assessed as)\s+{_GRADE}(?!\s+for\b)",
    re.I,
)
_FOUND_TO_BE = re.compile(rf"\bfound\s+(?P<subject>[^.;]*?)\s+to\s+be\s+{_GRADE}", re.I)
_RECEIVED = re.compile(
    rf"\s+(?:received|achieved|was given|was awarded)\s+an?\s+{_GRADE}"
    rf"\s+(?:rating|judgement|judgment)",
    re.I,
)
_NOT_THIS_INSPECTION = re.compile(
    r"%|\b(?:last|previous|earlier|prior) inspection|\bpreviously\b|\bnational|\bso far\b", re.I
)
# Capitalised words a sentence's subject may hold and still be about this council.
_COUNCIL_WORDS = re.compile(
    r"the|ofsted|our|its|in|overall|children'?s?|services?|council|city|lscb'?s?|local"
    rf"|safeguarding|board|adoption|leadership|looked|after|care|leavers|we|this|it|inspectors"
    rf"|also|both|all|{MONTH_PATTERN}",
    re.I,
)


def _ofsted_inspection(
    document: CleanDocument, found: list[Sentence], authority: str, meeting: dt.date | None
) -> InspectionReference | None:
    text = document.text
    if not re.search(r"\bOfsted\b", text):
        return None
    ofsted = [s for s in found if not PROBATION.search(s.text)]
    dated = next(
        (s for s in ofsted if "inspect" in s.text.lower() and parse_date_range(s.text)), None
    )
    start, end = parse_date_range(dated.text) if dated else (None, None)
    month_year = (start.year, start.month) if start else _month_of(ofsted, "inspect")
    claims = _claims(document, ofsted, authority)
    if not (dated or month_year or claims):
        return None  # Ofsted is named in passing, no inspection is described
    framework = next((fw for pattern, fw in OFSTED_FRAMEWORKS if pattern.search(text)), None)
    framework = framework or _framework_by_year(meeting)
    # Reports list the inspection report among their appendices: "Ofsted: Single inspection ...".
    appendix = re.search(r"^Ofsted\s*[:-]\s*(?P<title>.+)$", text, re.M)
    return InspectionReference(
        inspectorate="Ofsted",
        framework=framework,
        title=appendix["title"].strip() if appendix else OFSTED_TITLES[framework],
        authority_names=(authority,),
        inspection_start=start,
        inspection_end=end,
        published=_published(ofsted),
        year=month_year[0] if month_year else None,
        month=month_year[1] if month_year else None,
        claims=claims,
        passage=dated.passage() if dated else None,
    )


def _published(found: list[Sentence]) -> dt.date | None:
    for sentence in found:
        at = sentence.text.lower().find("publish")
        if at >= 0 and (dates := find_dates(sentence.text[at:])):
            return dates[0]
    return None


def _framework_by_year(meeting: dt.date | None) -> Framework:
    if meeting and meeting.year >= 2018:
        return Framework.ILACS
    if meeting and meeting.year < 2013:
        return Framework.SAFEGUARDING_LAC_2009
    return Framework.SIF


def _claims(
    document: CleanDocument, ofsted: list[Sentence], authority: str
) -> tuple[ClaimedJudgement, ...]:
    claims: dict[str, ClaimedJudgement] = {}

    def add(label: str, grade_text: str, passage: Passage, area: str | None = None) -> None:
        area = area or _area(label)
        grade = grade_from_word(grade_text)
        if area and grade and area not in claims:
            claims[area] = ClaimedJudgement(area, label.strip(), grade, passage)

    for line in document.lines:  # "Adoption performance:\tOutstanding" lines come first
        if (match := _AREA_LINE.match(line.text.strip())) and not PROBATION.search(line.text):
            add(match["label"], match["grade"], Passage(line.text.strip(), line.page))
    for sentence in ofsted:
        if _NOT_THIS_INSPECTION.search(sentence.text):
            continue
        for match in _RATED_FOR.finditer(sentence.text):
            items = re.split(
                r",\s*(?:and\s+)?", re.split(r",\s*(?:leading|which|making)\b", match["list"])[0]
            )
            for item in items:
                add(re.sub(r"^and\s+", "", item), match["grade"], sentence.passage())
        for match in _OVERALL.finditer(sentence.text):
            add(match["label"], match["grade"], sentence.passage(), area="overall")
        found = (
            *_subject_claims(_JUDGED_AS, sentence.text),
            *((match["subject"], match["grade"]) for match in _FOUND_TO_BE.finditer(sentence.text)),
            *_subject_claims(_RECEIVED, sentence.text),
        )
        for said_of, grade_text in found:
            subject = re.split(r",|;|\bthat\b|\bwhen\b|\bwhere\b", said_of)[-1]
            if _about_council(subject, authority):
                add(subject, grade_text, sentence.passage(), _area(subject) or "overall")
    return tuple(claims.values())


def _subject_claims(verb: re.Pattern[str], text: str) -> list[tuple[str, str]]:
    """Return (subject, grade) for each match of `verb`, the subject being the text before it.

    The same as prefixing `verb` with "(?P<subject>[^.;]*?)", whose retries from every
    position of a long sentence without a match take time cubic in its length.
    """
    found = []
    previous_end = 0
    for match in verb.finditer(text):
        before = text[previous_end : match.start()]
        found.append((before[max(before.rfind("."), before.rfind(";")) + 1 :], match["grade"]))
        previous_end = match.end()
    return found


def _area(label: str) -> str | None:
    return next((area for pattern, area in _AREAS if pattern.search(label)), None)


def _about_council(subject: str, authority: str) -> bool:
    if authority.lower() in subject.lower():
        return True
    others = [
        word
        for word in re.findall(r"\b[A-Z][\w'&-]*", subject)
        if not _COUNCIL_WORDS.fullmatch(word)
    ]
    return not others


def _month_of(found: list[Sentence], keyword: str) -> tuple[int, int] | None:
    return next(
        (month for s in found if keyword in s.text.lower() and (month := parse_month_year(s.text))),
        None,
    )


# --- The probation inspection ---------------------------------------------------------------------

_PROBATION_KIND = re.compile(
    r"(?P<kind>Short Quality Screening|Full Joint Inspection|Core Case Inspection|Joint Inspection"
    r"|Thematic Inspection|Inspection)(?:\s+\(\w+\))?(?:\s+Inspection)?\s+of\s+(?:the\s+)?"
    r"(?P<service>(?:[A-Z][\w&'-]*\s+)+Youth (?:Offending|Justice) (?:Service|Team|Partnership))"
)
_BOROUGH_LIST = re.compile(
    r"\b(?P<count>two|three|four|five|\d)\s+(?:boroughs|authorities|local authorities|councils)"
    r"\s+of\s+(?P<list>[A-Z][^.;()]*?)(?=\s+in\s+[A-Z]|[.;(]|$)"
)
_COUNTS = {"two": 2, "three": 3, "four": 4, "five": 5}
_OUTCOME = re.compile(
    r"\b(?:an?|the)\s+(?P<outcome>(?:very |highly )?[a-z]+)\s+(?:rating|judgement|verdict)\b"
    rf"|\brated\s+(?:as\s+)?{_GRADE}",
    re.I,
)


def _probation_inspection(found: list[Sentence], authority: str) -> InspectionReference | None:
    about = [s for s in found if re.search(r"probation|\bHMIP\b", s.text, re.I)]
    youth = [
        s
        for s in found
        if re.search(r"youth offending|\bYOS\b|\bYOT\b|youth justice", s.text, re.I)
    ]
    if not about:
        return None
    named = next((m for s in youth if (m := _PROBATION_KIND.search(s.text))), None)
    kind = named["kind"] if named else "Inspection"
    service = named["service"].strip() if named else None
    title = f"{kind} of the {service}" if service else f"{kind} of youth offending work"
    month_year = _month_of(about + youth, "inspect") or _month_of(about + youth, "")
    outcome = next(
        (
            m["outcome"] or m["grade"]
            for s in youth
            if (m := _OUTCOME.search(s.text))
            and (m["outcome"] or m["grade"]).lower() not in {"overall", "final"}
        ),
        None,
    )
    return InspectionReference(
        inspectorate="HMI Probation",
        framework=Framework.HMIP_YOUTH_JUSTICE,
        title=title,
        authority_names=_boroughs(about + youth) or (authority,),
        inspection_start=None,
        inspection_end=None,
        published=None,
        year=month_year[0] if month_year else None,
        month=month_year[1] if month_year else None,
        service_name=service,
        outcome=outcome.lower() if outcome else None,
        passage=about[0].passage(),
    )


def _boroughs(found: list[Sentence]) -> tuple[str, ...]:
    """Return the areas a sentence lists where the list's length agrees with its stated count."""
    for sentence in found:
        for match in _BOROUGH_LIST.finditer(sentence.text):
            names = [re.sub(r"^and\s+", "", name.strip()) for name in match["list"].split(",")]
            count = _COUNTS.get(match["count"].lower()) or int(match["count"])
            if len(names) == count and all(names):
                return tuple(names)
    return ()

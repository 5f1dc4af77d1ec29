"""Facts every report family states in prose: earlier inspections and partnerships named.

`previous_inspections` is here; `partnership_mentions` lives in loaders.partnerships and is
re-exported so that parsers import both from one place.
"""

from __future__ import annotations

import re
from collections.abc import Iterator, Sequence
from dataclasses import dataclass

from loaders.dates import MONTH_PATTERN, MONTHS, parse_date_range
from loaders.grades import grade_from_word
from loaders.paragraphs import Paragraph
from loaders.partnerships import partnership_mentions
from loaders.records import Grade, PreviousInspection
from loaders.sentences import Sentence, contains_any, sentences_with_words

__all__ = ["partnership_mentions", "previous_inspections"]

# A year, optionally with a month and day, or a range ending in one ("24 and 28 June 2013").
_DATE_MENTION = re.compile(
    rf"(?<![\d/-])(?:\d{{1,2}}(?:\s+{MONTH_PATTERN})?\s+(?:and|to|-|–)\s+)?"
    rf"(?:\d{{1,2}}(?:st|nd|rd|th)?\s+)?(?:(?P<month>{MONTH_PATTERN})\s+)?"
    r"(?P<year>(?:19|20)\d{2})\b(?![-–/]\d)",
    re.IGNORECASE,
)
# Where _DATE_MENTION can match: every match ends on a year, after at most this many words
# (runs of non-space): "12 June and 14th July 2013" has day, month, "and", day and month.
_YEAR = re.compile(r"(?:19|20)\d{2}")
WORDS_BEFORE_YEAR = 5
# The characters after the year that _DATE_MENTION looks at: one for \b, two for (?![-–/]\d).
CONTEXT_AFTER_YEAR = 2
_INSPECTION = r"(?:inspections?|(?:focused|monitoring)\s+visits?|visits?)"
# "the previous inspection of X was in", "the last Ofsted inspection, in", "its last full
# inspection in", "the last adoption service inspection took place on".
_PREVIOUS = re.compile(
    rf"\b(?:previous|last|prior|earlier|most\s+recent|preceding)\s+(?:[\w'()-]+\s+){{0,4}}?"
    rf"{_INSPECTION}\b(?:\s+of\s+[^.;]{{1,130}}?)?,?\s*(?:\([^)]*\)\s*)?"
    r"(?:(?:which\s+)?(?:was|were)\s+)?(?:(?:undertaken|carried\s+out|conducted|held|"
    r"took\s+place)\s+)?(?:in|on|between|during|from)?\s*,?\s*$",
    re.IGNORECASE,
)
# "Services for looked after children were last inspected in July 2010".
_LAST_INSPECTED = re.compile(r"\blast\s+inspected\s+(?:in|on)\s*$", re.IGNORECASE)
# "Since the inspection in 2018", "an Ofsted inspection in April 2013", "two focused visits, in
# 2019", "The Safeguarding and Looked after Children (SLAC) inspection, in October 2010".
_THE_INSPECTION = re.compile(
    r"\b(?:the|an?|its|Ofsted's|two|three|four|several)\s+(?:[\w'(),-]+\s+){0,7}?"
    rf"{_INSPECTION}(?:\s+of\s+[^.;]{{1,130}}?)?,?\s+(?:in|on|between|during)\s*$",
    re.IGNORECASE,
)
# "the November 2011 inspection", "the 2016 inspection", "Ofsted's 2013 focused visit".
_ARTICLE_BEFORE_DATE = re.compile(r"\b(?:the|its|Ofsted's)\s+$", re.IGNORECASE)
_NOUN_AFTER_DATE = re.compile(rf"^\s*(?:[\w'-]+\s+){{0,4}}?{_INSPECTION}\b", re.IGNORECASE)
# Another date of the same list: "... services in 2013, and safeguarding ... in 2011".
_LIST_CONTINUES = re.compile(r"^\s*,?\s*(?:and|or)\s+(?:[^,.;]{0,90}?\s+in\s*)?$", re.IGNORECASE)
# The last inspection named without a date: kept only when the sentence grades it.
_UNDATED = re.compile(
    r"\b(?:previous|last|most\s+recent)\s+(?:[\w'-]+\s+){0,3}?inspection\b", re.IGNORECASE
)
_UNDATED_OPENINGS = ("previous", "last", "most")
_CURRENT = re.compile(
    r"\b(?:this|current)\s+(?:inspection|visit)|\binspection\s+dates?\b|"
    r"\b(?:during|throughout)\s+the\s+inspection\b",
    re.IGNORECASE,
)
_OTHER_INSPECTORATE = re.compile(
    r"\bProbation\b|\bHMIP\b|Care\s+Quality\s+Commission|\bCQC\b|\bHMICFRS\b|Constabulary",
    re.IGNORECASE,
)
# Inspections of a children's home, school or other provider, not of the local authority.
_PROVIDER = re.compile(
    r"children's\s+homes?|\bhomes?\b|\bschools?\b|children's\s+centres?|\bnurser(?:y|ies)\b|"
    r"\bPRUs?\b|\bunits?\b|\bproviders?\b|\bprovision\b|\bplacements?\b|\bhospital\b",
    re.IGNORECASE,
)
_PRONOUN_SUBJECT = re.compile(
    r"^(?:It|They|One|Both|All|Each|This|These|The\s+other|Two|Three|Four)\b", re.IGNORECASE
)

_VISIT_SCOPES = ("focused visit", "monitoring visit", "joint targeted area inspection")
# Safeguarding together with looked after children (the 2009-2012 framework) gives both.
_SCOPES: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (scope, re.compile(pattern, re.IGNORECASE))
    for scope, pattern in (
        ("focused visit", r"focused\s+visit"),
        ("monitoring visit", r"monitoring\s+visit"),
        ("joint targeted area inspection", r"joint\s+targeted\s+area|\bJTAI\b"),
        ("adoption", r"\badoption\b"),
        ("fostering", r"\bfostering\b"),
        ("safeguarding", r"\bsafeguarding\b|\bSLAC\b"),
        ("child protection", r"child\s+protection|protection\s+of\s+children"),
        (
            "looked after children",
            r"looked\s+after\s+children|children\s+looked\s+after|children\s+in\s+care|\bSLAC\b",
        ),
        (
            "children's services",
            r"single\s+inspection|children's\s+services|services\s+for\s+children(?!\s+(?:looked|in\s+care))|"
            r"children's\s+social\s+care|\bSIF\b|\bILACS\b",
        ),
    )
)
_GRADE_WORD = (
    r"requires?\s+improvement(?:\s+to\s+be\s+good)?|requiring\s+improvement|"
    r"outstanding|inadequate|adequate|good"
)
# "were judged to be good", "found that ... were adequate", "judged the service as good",
# "when the overall effectiveness judgement was good".
_GRADE_CLAUSE = re.compile(
    r"\b(?:judged|found|rated|graded|assessed|judgement\s+was)\b(?P<middle>[^.;]{0,100}?)"
    rf"\b(?P<grade>{_GRADE_WORD})\b['\"]?(?P<tail>\s+(?:overall|for\s+[^.;]{{1,120}}))?"
    r"(?=\s*(?:[.,;:)]|$)|\s+(?:and|at|in|by|when|following|since|with|but|which)\b)",
    re.IGNORECASE,
)
# Words that put a grade in the present: the report's own verdict, not the earlier one.
_PRESENT = re.compile(r"\b(?:is|are|has|have|now|remains?|becomes?|continues?|not)\b", re.I)
_PRESENT_BEFORE = re.compile(r"\b(?:is|are|now)\s*$", re.IGNORECASE)
_GRADE_SUBJECT = re.compile(r"\b(?:judged|graded|rated|last\s+inspected)\b", re.IGNORECASE)
# "The previous inspection ... was in May 2012." followed by "The local authority was judged
# to be good." in the same bullet.
_GRADE_ALONE = re.compile(
    r"^(?:The\s+(?:local\s+authority|authority|council|service)|It|They)\s+(?:was|were)\s+"
    r"(?:judged|found|rated|graded)\b",
    re.IGNORECASE,
)


def previous_inspections(paragraphs: Sequence[Paragraph]) -> tuple[PreviousInspection, ...]:
    """Return the earlier inspections the text mentions ("judged to be good in September 2011")."""
    found: list[PreviousInspection] = []
    listed, holding = sentences_with_words(paragraphs, ("inspect", "visit"))
    for index in sorted(holding):
        previous = _neighbour(listed, index, -1)
        found.extend(_inspections_in(listed[index], previous, _neighbour(listed, index, 1)))
    return tuple(_merge_duplicates(found))


def _neighbour(listed: Sequence[Sentence], index: int, step: int) -> Sentence | None:
    """Return the sentence before or after, if it belongs to the same paragraph or item."""
    other = index + step
    if 0 <= other < len(listed) and listed[other].block == listed[index].block:
        return listed[other]
    return None


@dataclass(frozen=True, slots=True)
class _Mention:
    """Where an earlier inspection is named in a sentence."""

    start: int  # of its date, or of the words naming it when undated
    end: int
    described: str  # the words naming it ("previous inspection of X services was in")
    year: int | None = None
    month: int | None = None


def _inspections_in(
    sentence: Sentence, previous: Sentence | None, following: Sentence | None
) -> list[PreviousInspection]:
    text = sentence.text
    mentions = _dated_mentions(sentence, previous) or _undated_mention(sentence, previous)
    result = []
    for position, mention in enumerate(mentions):
        # With several dates in one sentence a grade is only read from the date's own clause.
        clause_start = mentions[position - 1].end if position else 0
        clause_end = mentions[position + 1].start if position + 1 < len(mentions) else None
        grade_match = _grade_clause(text[clause_start:clause_end])
        quoted = text
        if grade_match is None and len(mentions) == 1 and _grades_alone(following):
            grade_match = _grade_clause(following.text)
            quoted = f"{text} {following.text}" if grade_match else text
        if mention.year is None and grade_match is None:
            continue
        head = text[: mention.start]
        scopes = (
            _scopes(mention.described)
            or (_scopes(head) if _GRADE_SUBJECT.search(head) else [])
            or (_scopes(grade_match.group("middle")) if grade_match else [])
        )
        for scope in scopes or [None]:
            result.append(
                PreviousInspection(
                    text=quoted,
                    year=mention.year,
                    month=mention.month,
                    scope=scope,
                    grade=_grade_for_scope(grade_match, scope, scopes),
                    passage=sentence.passage(quoted),
                )
            )
    return result


def _dated_mentions(sentence: Sentence, previous: Sentence | None) -> list[_Mention]:
    text = sentence.text
    mentions: list[_Mention] = []
    if "19" not in text and "20" not in text:
        return mentions  # no year: the date pattern is slow to search for nothing
    start = 0
    for date in _date_mentions(text):
        window = text[start : date.start()]
        start = date.end()
        described = _describes_earlier_inspection(window, text[date.end() :])
        if described is None and mentions and _LIST_CONTINUES.match(window):
            described = window if _scopes(window) else mentions[-1].described
        if described is None or _about_provider(
            text[: date.start()], described, sentence, previous
        ):
            continue
        year, month = _year_month(date)
        mentions.append(_Mention(date.start(), date.end(), described, year, month))
    return mentions


def _date_mentions(text: str) -> Iterator[re.Match[str]]:
    """Yield what _DATE_MENTION.finditer(text) yields, searching only near each year.

    The pattern tries every position of a sentence, slowly (its optional day and month
    groups), though a match can only start a few words before a year. No match can start
    earlier than WORDS_BEFORE_YEAR words before the first year from `position` on; one that
    starts before that year ends on it, so it is found in the text up to the year's context.
    """
    position = 0
    while (year := _YEAR.search(text, position)) is not None:
        words = text[: year.start()].rsplit(maxsplit=WORDS_BEFORE_YEAR)
        earliest = len(words[0]) if len(words) > WORDS_BEFORE_YEAR else 0
        end = year.end() + CONTEXT_AFTER_YEAR
        date = _DATE_MENTION.search(text, max(position, earliest), end)
        if date is not None and date.start() <= year.start():
            yield date
            position = date.end()
        else:
            position = year.start() + 1  # no match starts up to this year


def _undated_mention(sentence: Sentence, previous: Sentence | None) -> list[_Mention]:
    """Return the last inspection named without a date, when a grade is read close to it."""
    keywords = sentence.keywords
    # Words _UNDATED needs, as keyword_text() has them: most sentences lack them.
    if "inspection" not in keywords or not contains_any(keywords, _UNDATED_OPENINGS):
        return []
    named = _UNDATED.search(sentence.text)
    if named is None or _CURRENT.search(sentence.text):
        return []
    grade = _grade_clause(sentence.text)
    # The gap between the two, whichever comes first.
    if grade is None or max(grade.start() - named.end(), named.start() - grade.end()) > 60:
        return []
    head = sentence.text[: named.start()]
    if _about_provider(head, named.group(0), sentence, previous):
        return []
    return [_Mention(named.start(), named.end(), named.group(0))]


def _grades_alone(sentence: Sentence | None) -> bool:
    return bool(
        sentence and _GRADE_ALONE.search(sentence.text) and not _DATE_MENTION.search(sentence.text)
    )


def _describes_earlier_inspection(window: str, after: str) -> str | None:
    """Return the words naming the inspection a date belongs to, or None if it is not one."""
    if _CURRENT.search(window[-80:]):
        return None
    for pattern in (_PREVIOUS, _THE_INSPECTION, _LAST_INSPECTED):
        match = pattern.search(window)
        if match:
            described = window[match.start() :] if pattern is not _LAST_INSPECTED else window
            return None if _OTHER_INSPECTORATE.search(described) else described
    if _ARTICLE_BEFORE_DATE.search(window):
        noun = _NOUN_AFTER_DATE.match(after)
        if noun:
            return noun.group(0)
    return None


def _about_provider(
    head: str, described: str, sentence: Sentence, previous: Sentence | None
) -> bool:
    """Say whether the inspection is of a children's home, school or other provider."""
    if _scopes(described):
        return False
    if _PROVIDER.search(head):
        return True
    return bool(
        _PRONOUN_SUBJECT.search(sentence.text) and previous and _PROVIDER.search(previous.text)
    )


def _scopes(words: str) -> list[str]:
    """Return the scope the words name: a kind of visit, else the service named first."""
    found = {}
    for scope, pattern in _SCOPES:
        match = pattern.search(words)
        if match:
            found[scope] = match.start()
    if "safeguarding" in found and "looked after children" in found:
        return ["safeguarding", "looked after children"]
    visits = [scope for scope in found if scope in _VISIT_SCOPES]
    return visits[:1] or sorted(found, key=found.__getitem__)[:1]


def _grade_clause(text: str) -> re.Match[str] | None:
    for match in _GRADE_CLAUSE.finditer(text):
        lead_in = text[max(0, match.start() - 20) : match.start()]
        if not _PRESENT.search(match.group("middle")) and not _PRESENT_BEFORE.search(lead_in):
            return match
    return None


def _grade_for_scope(
    match: re.Match[str] | None, scope: str | None, scopes: list[str]
) -> Grade | None:
    """Return the clause's grade, unless it names only the other of two scopes."""
    if match is None:
        return None
    grade = grade_from_word(match.group("grade"))
    if len(scopes) > 1:
        said = f"{match.group('middle')} {match.group('tail') or ''}"
        named = [s for s, pattern in _SCOPES if s in scopes and pattern.search(said)]
        if len(named) == 1 and scope not in named:
            return None
    return grade


def _year_month(date: re.Match[str]) -> tuple[int, int | None]:
    year = int(date.group("year"))
    month = MONTHS[date.group("month").lower()] if date.group("month") else None
    span = parse_date_range(date.group(0))
    if span is not None and span[1].year == year:
        year, month = span[0].year, span[0].month  # a range: the inspection began here
    return year, month


def _merge_duplicates(found: list[PreviousInspection]) -> list[PreviousInspection]:
    """Keep one record per inspection: the most specific of those that agree."""
    kept: list[PreviousInspection] = []
    for record in found:
        for position, other in enumerate(kept):
            if _agree(record, other):
                if _detail(record) > _detail(other):
                    kept[position] = record
                break
        else:
            kept.append(record)
    return kept


def _agree(one: PreviousInspection, other: PreviousInspection) -> bool:
    """Say whether two records can describe the same inspection (a missing field agrees)."""
    pairs = (
        (one.year, other.year),
        (one.month, other.month),
        (one.scope, other.scope),
        (one.grade, other.grade),
    )
    return all(a is None or b is None or a == b for a, b in pairs)


def _detail(record: PreviousInspection) -> int:
    fields = (record.year, record.month, record.scope, record.grade)
    return sum(value is not None for value in fields)

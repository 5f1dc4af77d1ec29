"""The headings a Single Inspection Framework report prints, recognised from one to three lines."""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from loaders.grades import grade_from_word
from loaders.records import Grade
from loaders.sentences import keyword_text

GRADE_PATTERN = (
    r"(?:requires?\s+improvement(?:\s+to\s+be\s+good)?|outstanding|inadequate|adequate|good)"
)
# PDF headings often wrap onto a second or third line ("Leadership, management and" / "governance").
MAX_HEADING_LINES = 3
MAX_HEADING_LENGTH = 160


class HeadingKind(StrEnum):
    """What a heading announces."""

    CONTENTS = "contents"
    EXECUTIVE_SUMMARY = "executive_summary"
    LA_PART = "la_part"  # "The local authority", "Section 1: the local authority"
    SUMMARY_OF_FINDINGS = "summary_of_findings"
    RECOMMENDATIONS = "recommendations"  # "Recommendations": the current part's list
    LA_RECOMMENDATIONS = "la_recommendations"  # "What does the local authority need to improve?"
    LSCB_RECOMMENDATIONS = "lscb_recommendations"  # "What does the LSCB need to improve?"
    PRIORITY = "priority"  # "Priority and immediate action"
    AREAS_FOR_IMPROVEMENT = "areas_for_improvement"
    LA_STRENGTHS = "la_strengths"
    LSCB_STRENGTHS = "lscb_strengths"
    STRENGTHS = "strengths"  # "Key strengths", "Areas of strength": the current part's
    PROGRESS = "progress"  # "Progress since the last inspection"
    CHILDREN_SUMMARY = "children_summary"  # "Summary for children and young people"
    AREA_INFO = "area_info"  # "Information about this local authority area"
    AREA_SUBHEADING = "area_subheading"  # "Children living in this area", ...
    JUDGEMENTS_INTRO = "judgements_intro"  # "Inspection judgements about the local authority"
    AREA_JUDGEMENT = "area_judgement"  # a graded area: help and protection, leadership, ...
    TABLE_HEADER = "table_header"  # "Key judgement Judgement grade"
    SUBHEADING = "subheading"  # "Summary", "Inspection findings"
    LSCB_PART = "lscb_part"  # "The Local Safeguarding Children Board (LSCB)"
    # The review's title used as the heading of the LSCB part (on a cover it is the title).
    LSCB_REVIEW_TITLE = "lscb_review_title"
    LSCB_VERDICT = "lscb_verdict"  # "The Local Safeguarding Children Board is good"
    LSCB_FINDINGS = "lscb_findings"  # "Inspection findings - the Local Safeguarding Children Board"
    JUDGEMENTS_MEAN = "judgements_mean"  # "What the inspection judgements mean"
    INSPECTION_INFO = "inspection_info"  # "Information about this inspection"
    TEAM = "team"  # "The inspection team"


@dataclass(frozen=True, slots=True)
class Heading:
    """A recognised heading: its kind, words as printed, and what it tells."""

    kind: HeadingKind
    text: str
    line_count: int
    area: str | None = None  # for AREA_JUDGEMENT
    grade: Grade | None = None  # a grade printed in the heading itself


@dataclass(frozen=True, slots=True)
class _Rule:
    # The words (lower case) a heading of this rule can open with: most lines of a report open
    # with none of them, and only the rules for a line's first word are tried on it.
    opening_words: tuple[str, ...]
    pattern: re.Pattern[str]
    kind: HeadingKind
    area: str | None = None


def _rule(
    opening_words: tuple[str, ...], pattern: str, kind: HeadingKind, area: str | None = None
) -> _Rule:
    return _Rule(opening_words, re.compile(pattern, re.IGNORECASE), kind, area)


def _opening_word(pattern: str) -> str:
    """Return the word a pattern that starts with a plain word opens with."""
    return re.match(r"[a-z]+", pattern).group(0)


_VERDICT = rf"(?:\s+(?:is|are)(?:\s+that\s+it\s+is|\s+that\s+it)?)?\s+(?P<grade>{GRADE_PATTERN})\.?"
_BOARD = r"(?:local\s+safeguarding\s+children\s+board|lscb)(?:\s+\(lscb\))?"

# Area headings in the body, as printed in 2013-2018 reports (the cover table words them
# differently); an optional verdict follows in older reports ("... are inadequate").
AREA_HEADINGS: dict[str, tuple[str, str]] = {
    "help_protection": (
        r"the\s+experiences\s+and\s+progress\s+of\s+children\s+who\s+need\s+help\s+and\s+protection",
        "The experiences and progress of children who need help and protection",
    ),
    "in_care": (
        r"the\s+experiences\s+and\s+progress\s+of\s+children\s+looked\s+after\s+and\s+achieving"
        r"\s+permanence",
        "The experiences and progress of children looked after and achieving permanence",
    ),
    "leaders": (
        r"leadership,?\s+management\s+and\s+governance",
        "Leadership, management and governance",
    ),
}
# These two are sentences that carry their grade ("The graded judgement for adoption
# performance is that it is outstanding").
_GRADED_SENTENCES: dict[str, tuple[str, str]] = {
    "adoption": (
        r"the\s+graded\s+judge?ment\s+(?:for|about)\s+(?:the\s+)?adoption\s+performance",
        "Adoption performance",
    ),
    "care_leavers": (
        r"the\s+graded\s+judge?ment\s+(?:for|about)\s+the\s+experiences?\s+and\s+progress"
        r"\s+of\s+care\s+leavers",
        "Experiences and progress of care leavers",
    ),
}
AREA_TITLES = {area: title for area, (_, title) in (AREA_HEADINGS | _GRADED_SENTENCES).items()}

_RULES: list[_Rule] = [
    _rule(("contents",), r"contents", HeadingKind.CONTENTS),
    _rule(("executive",), r"executive\s+summary", HeadingKind.EXECUTIVE_SUMMARY),
    _rule(
        ("section", "the"),
        r"(?:section\s+1:?\s+)?the\s+local\s+authority\s*-\s*summary\s+of\s+(?:key\s+)?findings",
        HeadingKind.SUMMARY_OF_FINDINGS,
    ),
    _rule(("section", "the"), r"(?:section\s+1:?\s+)?the\s+local\s+authority", HeadingKind.LA_PART),
    _rule(("summary",), r"summary\s+of\s+(?:key\s+)?findings", HeadingKind.SUMMARY_OF_FINDINGS),
    _rule(("recommendations",), r"recommendations:?", HeadingKind.RECOMMENDATIONS),
    _rule(
        ("what",),
        r"what\s+(?:does\s+)?the\s+local\s+authority\s+needs?\s+to\s+improve\??",
        HeadingKind.LA_RECOMMENDATIONS,
    ),
    _rule(
        ("what",),
        rf"what\s+(?:does\s+)?the\s+{_BOARD}\s+needs?\s+to\s+improve\??",
        HeadingKind.LSCB_RECOMMENDATIONS,
    ),
    _rule(
        ("priority", "immediate"),
        r"(?:priority\s+and\s+)?immediate\s+actions?:?|priority\s+actions?:?",
        HeadingKind.PRIORITY,
    ),
    _rule(
        ("areas",),
        r"areas\s+for\s+(?:improvement|development):?",
        HeadingKind.AREAS_FOR_IMPROVEMENT,
    ),
    _rule(
        ("the",),
        r"the\s+local\s+authority\s+has\s+the\s+following\s+strengths:?",
        HeadingKind.LA_STRENGTHS,
    ),
    _rule(("the",), r"the\s+local\s+authority'?s\s+strengths:?", HeadingKind.LA_STRENGTHS),
    _rule(("the",), r"the\s+lscb'?s\s+strengths:?", HeadingKind.LSCB_STRENGTHS),
    _rule(
        ("the",),
        rf"the\s+{_BOARD}\s+has\s+the\s+following\s+strengths:?",
        HeadingKind.LSCB_STRENGTHS,
    ),
    _rule(
        ("key", "strengths", "areas"),
        r"(?:key\s+)?strengths:?|areas\s+of\s+strength:?",
        HeadingKind.STRENGTHS,
    ),
    _rule(("progress",), r"progress\s+since\s+the\s+last\s+inspection", HeadingKind.PROGRESS),
    _rule(
        ("summary",),
        r"summary\s+for\s+children\s+and\s+young\s+people",
        HeadingKind.CHILDREN_SUMMARY,
    ),
    _rule(
        ("information",),
        r"information\s+about\s+this\s+local\s+authority\s+area",
        HeadingKind.AREA_INFO,
    ),
    _rule(
        ("previous", "other", "local", "children", "child", "additional"),
        r"(?:previous|other)\s+ofsted\s+inspections|local\s+leadership|children\s+living\s+in\s+this"
        r"\s+area|child\s+protection\s+in\s+this\s+area|children\s+looked\s+after\s+in\s+this\s+area"
        r"|other\s+information\s+about\s+this\s+area|additional\s+contextual\s+information",
        HeadingKind.AREA_SUBHEADING,
    ),
    _rule(
        ("inspection",),
        r"inspection\s+judge?ments\s+about\s+the\s+local\s+authority",
        HeadingKind.JUDGEMENTS_INTRO,
    ),
    *(
        _rule(
            (_opening_word(pattern),),
            rf"{pattern}(?:{_VERDICT})?",
            HeadingKind.AREA_JUDGEMENT,
            area,
        )
        for area, (pattern, _) in AREA_HEADINGS.items()
    ),
    *(
        _rule((_opening_word(pattern),), rf"{pattern}{_VERDICT}", HeadingKind.AREA_JUDGEMENT, area)
        for area, (pattern, _) in _GRADED_SENTENCES.items()
    ),
    _rule(
        ("key",), r"key\s+judge?ment\s+(?:inspection|judge?ment)\s+grade", HeadingKind.TABLE_HEADER
    ),
    _rule(("summary", "inspection"), r"summary|inspection\s+findings", HeadingKind.SUBHEADING),
    _rule(
        ("inspection", "key"),
        r"inspection\s+findings\s*-\s*the\s+local\s+safeguarding\s+children\s+board"
        r"|key\s+strengths\s+and\s+weaknesses\s+of\s+the\s+lscb"
        r"|inspection\s+judge?ment\s+about\s+the\s+lscb",
        HeadingKind.LSCB_FINDINGS,
    ),
    _rule(
        ("the",),
        rf"the\s+(?:effectiveness\s+of\s+the\s+)?{_BOARD}\s+(?:is\s+|are\s+)?"
        rf"(?P<grade>{GRADE_PATTERN})\.?",
        HeadingKind.LSCB_VERDICT,
    ),
    _rule(
        ("review",),
        r"review\s+of\s+the\s+effectiveness\s+of\s+the\s+local\s+safeguarding\s+children\s+board",
        HeadingKind.LSCB_REVIEW_TITLE,
    ),
    _rule(
        ("section", "the"),
        r"(?:section\s+2:?\s+)?the\s+(?:effectiveness\s+of\s+the\s+)?local\s+safeguarding"
        r"\s+children\s+board(?:\s+\(lscb\))?",
        HeadingKind.LSCB_PART,
    ),
    _rule(
        ("what",),
        r"what\s+the\s+inspection\s+judge?ments\s+mean(?::?\s+the\s+(?:local\s+authority|lscb))?",
        HeadingKind.JUDGEMENTS_MEAN,
    ),
    _rule(
        ("information",),
        r"information\s+about\s+(?:this|the)\s+(?:inspection|review)(?:\s+and\s+the\s+review)?",
        HeadingKind.INSPECTION_INFO,
    ),
    _rule(("the",), r"the\s+(?:inspection|review)\s+team", HeadingKind.TEAM),
]


def _rules_by_opening_word(rules: Sequence[_Rule]) -> dict[str, tuple[_Rule, ...]]:
    index: dict[str, list[_Rule]] = {}
    for rule in rules:
        for word in rule.opening_words:
            index.setdefault(word, []).append(rule)
    return {word: tuple(found) for word, found in index.items()}


# In the order of _RULES, so the first rule that matches still wins.
_RULES_BY_OPENING_WORD = _rules_by_opening_word(_RULES)
# A line's first word when it is one that a rule opens with: every rule's opening word ends
# before a space, colon or comma, so the word must not run on into more letters. A line it does
# not match opens no heading.
HEADING_OPENING = re.compile(
    rf"\s*({'|'.join(sorted(_RULES_BY_OPENING_WORD))})(?![a-z])", re.IGNORECASE
)
_GRADE_LINE = re.compile(rf"{GRADE_PATTERN}|requires?|improvement", re.IGNORECASE)
_FOOTNOTE_MARK = re.compile(r"(?<=[A-Za-z?:)])\d{1,2}$")


def heading_words(text: str) -> str:
    """Return a line as a heading reads: single spaces, no footnote digit stuck to the end."""
    words = " ".join(text.split())  # str.split() splits on what \s matches
    return _FOOTNOTE_MARK.sub("", words) if words[-1:].isdecimal() else words


def match_heading(texts: Sequence[str]) -> Heading | None:
    """Return the heading that the first one to three of `texts` print, longest first."""
    opening = HEADING_OPENING.match(texts[0]) if texts else None
    if opening is None:
        return None
    rules = _RULES_BY_OPENING_WORD[keyword_text(opening.group(1))]
    for count in range(min(MAX_HEADING_LINES, len(texts)), 0, -1):
        parts = texts[:count]
        if not all(map(str.strip, parts)):  # a blank line ends a heading
            continue
        words = heading_words(" ".join(parts))
        if len(words) > MAX_HEADING_LENGTH:
            continue
        for rule in rules:
            match = rule.pattern.fullmatch(words)
            if match:
                grade_text = match.groupdict().get("grade")
                grade = grade_from_word(grade_text) if grade_text else None
                return Heading(rule.kind, words, count, rule.area, grade)
    return None


def is_grade_line(text: str) -> bool:
    """Say whether a line holds only a grade (or a piece of one: "Requires" / "Improvement")."""
    return bool(_GRADE_LINE.fullmatch(heading_words(text).rstrip(".")))


def area_title(heading: Heading) -> str:
    """Return the name of a graded area's section, without the verdict printed after it."""
    return AREA_TITLES.get(heading.area or "", heading.text)

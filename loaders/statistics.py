"""Area statistics stated in reports ("At 31 March 2015, 179 children were being looked after").

Figures are read only from the fixed wording of the "Information about this local authority
area" (2013-2018) and "Service information" (2009-2013) sections, one template per measure:
a figure read from loose prose risks being wrong, and a wrong statistic is worse than none.

Measures (`AreaStatistic.measure`; unit in brackets):

| measure | what the figure counts |
|---|---|
| child_population | children and young people under 18 living in the area (count) |
| child_population_share | children as a share of the area's whole population (percent) |
| children_in_poverty | children living in poverty or low-income families (percent) |
| free_school_meals_primary | primary pupils entitled to free school meals (percent) |
| free_school_meals_secondary | secondary pupils entitled to free school meals (percent) |
| minority_ethnic_children | children from minority ethnic groups (percent) |
| minority_ethnic_pupils | pupils of an ethnic group other than White British (percent) |
| english_additional_language_primary | primary pupils with English as an additional language (%) |
| english_additional_language_secondary | secondary pupils, the same (percent) |
| english_additional_language_pupils | all pupils, the same (percent) |
| children_in_need | children formally in need of a specialist service (count) |
| child_protection_plans | children subject to a child protection plan (count, per_10000) |
| private_fostering | children in privately arranged fostering placements (count) |
| children_looked_after | children looked after by the local authority (count, per_10000) |
| looked_after_outside_area | of those, living outside the authority's area (count, percent) |
| looked_after_in_childrens_homes | of those, living in residential children's homes (count) |
| looked_after_in_residential_special_schools | of those, in residential special schools (count) |
| looked_after_with_foster_families | of those, living with foster families (count) |
| looked_after_with_parents | of those, living with parents (count) |
| unaccompanied_asylum_seeking_children | of those, unaccompanied asylum-seeking children (count) |
| adoptions | adoptions in the year (count) |
| special_guardianship_orders | children who became subject of an SGO in the year (count) |
| ceased_looked_after | children who ceased to be looked after in the year (count) |
| returned_to_looked_after | of those, returned to be looked after (count, percent) |
| ceased_to_independent_living | care leavers who moved on to independent living (count) |
| ceased_to_multiple_occupation | care leavers living in houses of multiple occupation (count) |
| serious_incident_notifications | notified to Ofsted since the last inspection (count) |
| serious_case_reviews_completed | serious case reviews completed (count) |
| serious_case_reviews_completed_or_ongoing | completed or ongoing, as one figure (count) |
| childrens_homes | children's homes the local authority operates (count) |
| care_leavers | care leavers the authority works with (count) |

`reference_date` is the date the figure is given "at"; a placement breakdown takes the date of
the looked-after figure it breaks down; figures for a period ("in the last 12 months") take the
period's end where the report states it, else None.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from dataclasses import dataclass

from loaders.dates import MONTH_PATTERN, MONTHS, parse_date
from loaders.paragraphs import Paragraph
from loaders.records import AreaStatistic
from loaders.sentences import Sentence, sentences_with_words

_WORDS = {
    "no": 0, "none": 0, "zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5,
    "six": 6, "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16, "seventeen": 17,
    "eighteen": 18, "nineteen": 19, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
}  # fmt: skip
_NUMBER = r"(?<![\w,.])(?:\d{1,3}(?:,\d{3})+|\d+|" + "|".join(_WORDS) + r")\b"
_COUNT = rf"(?P<count>{_NUMBER})"
_PERCENT = r"(?P<percent>\d+(?:\.\d+)?)%"
_RATE = r"(?:\s*\(a rate of (?P<rate>\d+(?:\.\d+)?) per 10,000(?: children)?\))?"
_CHILDREN = r"children(?: and young people)?"
_LOOKED_AFTER_BY = r"being looked after by the (?:local authority|LA|council|authority)"
_LEFT_CARE = r"(?:children (?:and|or) )?young (?:people|person) (?:who )?(?:have |has )?ceased"

# Where a template's date comes from.
AT = "at"  # the sentence's own "At 31 March 2015," (None if it has none)
BREAKDOWN = "breakdown"  # the looked-after figure it breaks down
PERIOD = "period"  # the end of "In the 12 months up to 31 March 2013", else None


@dataclass(frozen=True, slots=True)
class _Template:
    measure: str
    # Every sentence the pattern matches holds one of these lower-case words: a cheap test
    # that spares most sentences the pattern (most patterns open on a number, slow to search).
    keywords: tuple[str, ...]
    pattern: re.Pattern[str]
    dated_by: str = AT


def _template(
    measure: str, keywords: tuple[str, ...], pattern: str, dated_by: str = AT
) -> _Template:
    return _Template(measure, keywords, re.compile(pattern, re.IGNORECASE), dated_by)


_TEMPLATES = (
    _template(
        "child_population",
        ("approximately",),
        rf"^Approximately {_COUNT} children and young people (?:under the age of 18|aged "
        r"(?:0|under)\b[^.]{0,20}?)(?: years)? (?:live|living) in",
    ),
    _template(
        "child_population",
        ("approximately",),
        rf"resident population of approximately {_COUNT} children and young people aged 0 "
        r"to 1[789]",
    ),
    _template(
        "child_population_share",
        ("of the total population",),
        rf"representing {_PERCENT} of the total population",
    ),
    _template(
        "children_in_poverty",
        ("approximately",),
        rf"^Approximately {_PERCENT} of the local authority's children"
        r"(?: aged under 16(?: years)?)? are living in (?:poverty|low[- ]income families)",
    ),
    _template(
        "minority_ethnic_children",
        ("minority ethnic",),
        rf"from minority ethnic groups account for {_PERCENT}(?: \([^)]*\))? of "
        r"(?:all children|the total under 18 population)",
    ),
    _template(
        "minority_ethnic_pupils",
        ("other than white british",),
        rf"{_PERCENT} of the school population was classified as belonging to an ethnic group "
        r"other than White British",
    ),
    _template(
        "english_additional_language_pupils",
        ("additional language",),
        rf"\b{_PERCENT} of pupils speak English as an additional language",
    ),
    _template(
        "children_in_need",
        ("formally in need",),
        rf"{_COUNT} children (?:had|have) been identified through assessment as being formally in "
        r"need|assessment had identified (?P<count2>"
        + _NUMBER
        + r") children as being formally in need",
    ),
    _template(
        "child_protection_plans",
        ("protection plan",),
        rf"{_COUNT} {_CHILDREN} (?:who )?(?:were|are) (?:the )?subjects? (?:of|to) (?:a )?"
        rf"child(?:ren)? protection plans?{_RATE}",
    ),
    _template(
        "private_fostering",
        ("privately arranged fostering",),
        rf"{_COUNT} child(?:ren)? (?:lived|live|were living|was living|are living) in (?:a )?"
        r"privately arranged fostering placements?",
    ),
    _template(
        "children_looked_after",
        # One for each way of putting it below: "looked after" alone holds far more sentences.
        ("being looked after by the", "was looking after", "looked after children"),
        rf"{_COUNT} {_CHILDREN} (?:were|are) {_LOOKED_AFTER_BY}{_RATE}|"
        rf"the local authority was looking after (?P<count2>{_NUMBER}) children"
        r"(?:\s*\(a rate of (?P<rate2>\d+(?:\.\d+)?) per 10,000(?: children)?\))?|"
        rf"there were (?P<count3>{_NUMBER}) looked after children",
    ),
    _template(
        "looked_after_outside_area",
        ("outside the local authority area",),
        rf"^(?:Of this number,? )?{_COUNT}(?: of the total looked after population)? \((?:or )?"
        rf"{_PERCENT}\) live outside the local authority area",
        BREAKDOWN,
    ),
    _template(
        "looked_after_in_childrens_homes",
        ("residential children",),
        rf"^{_COUNT}(?: of these)? lives? in residential children's homes?",
        BREAKDOWN,
    ),
    _template(
        "looked_after_in_residential_special_schools",
        ("residential special school",),
        rf"^{_COUNT}(?: children)? lives? in (?:a )?residential special schools?",
        BREAKDOWN,
    ),
    _template(
        "looked_after_with_foster_families",
        ("foster families",),
        rf"^{_COUNT}(?: \((?:or )?[\d.]+%\) of the looked after population)? lives? with foster "
        r"families",
        BREAKDOWN,
    ),
    _template(
        "looked_after_with_parents",
        ("with parents",),
        rf"^{_COUNT}(?: children)? lives? with parents",
        BREAKDOWN,
    ),
    _template(
        "unaccompanied_asylum_seeking_children",
        ("unaccompanied",),
        rf"^(?:There are )?{_COUNT}(?: children)?(?: are| is)? unaccompanied,? "
        r"(?:asylum[- ]seek|and seeking asylum)",
        BREAKDOWN,
    ),
    _template(
        "adoptions",
        ("adopt",),
        rf"^(?:there have been {_COUNT} adoptions|(?P<count2>{_NUMBER}) adoptions;?$|"
        rf"(?P<count3>{_NUMBER}) children have been adopted)",
        PERIOD,
    ),
    _template(
        "special_guardianship_orders",
        ("guardianship", "quardianship"),
        rf"^{_COUNT} child(?:ren)? (?:who )?became (?:the )?subjects? (?:of|to) (?:a )?special "
        r"[gq]uardianship orders?",
        PERIOD,
    ),
    _template(
        "ceased_looked_after",
        ("ceased to be looked after",),
        rf"^{_COUNT} children (?:who )?(?:have )?ceased to be looked after(?!,? and)",
        PERIOD,
    ),
    _template(
        "returned_to_looked_after",
        ("ceased to be looked after",),
        rf"ceased to be looked after,? (?:of whom {_COUNT}(?: \({_PERCENT}\))?|of whom "
        r"(?P<percent2>\d+(?:\.\d+)?)%|(?P<count2>none) of whom) (?:has |have )?subsequently "
        r"(?:returned|been readmitted)",
        PERIOD,
    ),
    _template(
        "ceased_to_independent_living",
        ("independent living",),
        rf"^{_COUNT} {_LEFT_CARE} to be looked after,? and (?:have |has )?moved on to independent "
        r"living",
        PERIOD,
    ),
    _template(
        "ceased_to_multiple_occupation",
        ("multiple occupation",),
        rf"^{_COUNT} {_LEFT_CARE} to be looked after,? (?:and )?(?:are|is) (?:now )?"
        r"(?:care leavers )?living in (?:a )?houses? (?:of|in) multiple occupation",
        PERIOD,
    ),
    _template(
        "serious_incident_notifications",
        ("serious incident notification",),
        rf"{_COUNT} serious incident notifications? (?:have|has|had|were|was) (?:been )?submitted "
        r"to Ofsted",
    ),
    _template(
        "serious_case_reviews_completed_or_ongoing",
        ("serious case review",),
        rf"{_COUNT} serious case reviews? (?:have|has) been completed or (?:were|are) ongoing",
    ),
    _template(
        "serious_case_reviews_completed",
        ("serious case review",),
        rf"{_COUNT} serious case reviews? (?:(?:have|has|had|were|was) (?:been )?)?completed"
        r"(?! or)",
    ),
    _template(
        "childrens_homes",
        ("children's home",),
        rf"(?:local authority|council) operates {_COUNT} children's homes?|"
        rf"include (?P<count2>{_NUMBER}) children's homes|"
        r"(?P<none>does not) operate any children's homes",
    ),
    _template(
        "care_leavers",
        ("care leavers",),
        rf"works with {_COUNT} care leavers|"
        rf"^There (?:were|are) (?P<count2>{_NUMBER}) care leavers(?: \([^)]*\))?\.?$",
    ),
)


def _positions_by_keyword(templates: Sequence[_Template]) -> dict[str, tuple[int, ...]]:
    index: dict[str, list[int]] = {}
    for position, template in enumerate(templates):
        for keyword in template.keywords:
            index.setdefault(keyword, []).append(position)
    return {keyword: tuple(positions) for keyword, positions in index.items()}


# A sentence is tested once per keyword rather than once per template.
_TEMPLATES_BY_KEYWORD = _positions_by_keyword(_TEMPLATES)
_SHARE = re.compile(rf"^This is {_PERCENT} of the total population (?:in|of) the area", re.I)
# Items of a list opened by "The proportion of children entitled to free school meals:".
_LIST_TOPICS = (
    ("free_school_meals", "free school meals", re.compile(r"entitled to free school meals", re.I)),
    (
        "english_additional_language",
        "additional language",
        re.compile(r"English as an additional language:", re.I),
    ),
)
# Every word a sentence is tested for, found for all sentences at once (sentences_holding).
_KEYWORDS = tuple(dict.fromkeys([*_TEMPLATES_BY_KEYWORD, *(word for _, word, _ in _LIST_TOPICS)]))
_LIST_ITEM = re.compile(rf"^in (?P<phase>primary|secondary) schools is {_PERCENT}", re.I)
# 2009-2013: "... free school meals ... with 24% in primary schools and 23% in secondary".
_BOTH_PHASES = re.compile(
    r"(?P<topic>free school meals|English as an additional language)[^.]*?\bwith "
    r"(?P<primary>\d+(?:\.\d+)?)% in primary(?: schools)? and (?P<secondary>\d+(?:\.\d+)?)% "
    r"in secondary",
    re.I,
)
_DAY_MONTH_YEAR = rf"\d{{1,2}} {MONTH_PATTERN} \d{{4}}|{MONTH_PATTERN} \d{{1,2}},? \d{{4}}"
_AS_AT = re.compile(rf"\b(?:at|as at|as of|on) (?P<date>{_DAY_MONTH_YEAR})\b", re.I)
# "This is a reduction from 176 (49 per 10,000 children) at 31 March 2014."
_EARLIER = (
    rf"(?P<count>{_NUMBER})(?: children(?: and young people)?)?"
    r"(?:\s*\((?P<rate>\d+(?:\.\d+)?) per 10,000(?: children)?\))?"
    rf"\s+(?:as\s+)?at\s+(?P<date>{_DAY_MONTH_YEAR})"
)
_THIS_IS = re.compile(
    r"^This is (?:an? |the |no )?(?:slight |small |significant )?(?:reduction|increase|decrease|"
    rf"rise|fall|same|similar|change)(?: as| to)?(?: from| on)? {_EARLIER}",
    re.I,
)
_COMPARED_WITH = re.compile(rf"compared (?:with|to) {_EARLIER}", re.I)
# Measures the report compares with an earlier date ("This is an increase from 99 at ...").
_COMPARABLE = {
    "children_in_need",
    "child_protection_plans",
    "private_fostering",
    "children_looked_after",
}
_PERIOD_START = re.compile(
    rf"^In the (?:last|previous) 12 months|^In the 12 months (?:up )?to (?P<date>{_DAY_MONTH_YEAR})"
    r"|^Since \w+ \d{4}:",
    re.I,
)
_CONTEXT_REACH = 12  # sentences a breakdown or period heading can reach
# How a sentence that _PERIOD_START matches opens, as its keyword_text.
_PERIOD_OPENINGS = ("in the ", "since ")


def area_statistics(paragraphs: Sequence[Paragraph]) -> tuple[AreaStatistic, ...]:
    """Return the figures about the area that the text states."""
    listed, holding = sentences_with_words(paragraphs, _KEYWORDS)
    reader = _Reader()
    for index, sentence in enumerate(listed):
        # Most sentences hold no keyword, open no period and follow no figure or list heading:
        # there is nothing in them to read.
        if (
            index in holding
            or index <= reader.attentive_until
            or sentence.keywords.startswith(_PERIOD_OPENINGS)
        ):
            reader.read(index, sentence, holding.get(index, []))
    return tuple(reader.found.values())


class _Reader:
    """Reads sentences in order, remembering the dates that later list items depend on."""

    def __init__(self) -> None:
        self.found: dict[tuple[str, str, dt.date | None], AreaStatistic] = {}
        self.looked_after: tuple[int, dt.date | None] = (-_CONTEXT_REACH, None)
        self.period: tuple[int, dt.date | None] = (-_CONTEXT_REACH, None)
        self.topic: tuple[int, str | None] = (-_CONTEXT_REACH, None)
        self.last_measure: tuple[int, str | None] = (-1, None)
        # The last sentence that the figure or list heading read so far can bear on.
        self.attentive_until = 0

    def read(self, index: int, sentence: Sentence, keywords: list[str]) -> None:
        """Read one sentence; `keywords` are those of _KEYWORDS that it holds."""
        text = sentence.text
        # _PERIOD_OPENINGS are how every sentence that _PERIOD_START matches opens.
        opens_period = sentence.keywords.startswith(_PERIOD_OPENINGS)
        if opens_period and (period := _PERIOD_START.search(text)):
            self.period = (index, _date(period.group("date")))
        for name, keyword, pattern in _LIST_TOPICS:
            if keyword in keywords and pattern.search(text):
                self.topic = (index, name)
        self._read_lists(index, sentence, keywords)
        follows_population = self.last_measure == (index - 1, "child_population")
        if follows_population and (share := _SHARE.search(text)):
            self._add("child_population_share", share["percent"], "percent", None, sentence)
        for template in _templates_for(keywords):
            match = template.pattern.search(text)
            if match:
                self._read_template(index, sentence, template, match)
        topic_at, topic = self.topic
        self.attentive_until = max(
            self.last_measure[0] + 1, topic_at + _CONTEXT_REACH if topic else -1
        )

    def _read_template(
        self, index: int, sentence: Sentence, template: _Template, match: re.Match[str]
    ) -> None:
        groups = {name: value for name, value in match.groupdict().items() if value}
        date = self._date_for(index, sentence.text[: match.start()], template.dated_by)
        count = groups.get("count") or groups.get("count2") or groups.get("count3")
        if "none" in groups:
            count = "none"
        if count is not None:
            self._add(template.measure, count, "count", date, sentence)
        if rate := groups.get("rate") or groups.get("rate2"):
            self._add(template.measure, rate, "per_10000", date, sentence)
        if percent := groups.get("percent") or groups.get("percent2"):
            self._add(template.measure, percent, "percent", date, sentence)
        if template.measure == "children_looked_after":
            self.looked_after = (index, date)
        self.last_measure = (index, template.measure)
        if template.measure in _COMPARABLE:
            earlier = _COMPARED_WITH.search(sentence.text, match.end())
            self._read_earlier(template.measure, earlier, sentence)

    def _read_lists(self, index: int, sentence: Sentence, keywords: list[str]) -> None:
        text = sentence.text
        at, topic = self.topic
        if topic and index - at <= _CONTEXT_REACH and (item := _LIST_ITEM.search(text)):
            measure = f"{topic}_{item['phase'].lower()}"
            self._add(measure, item["percent"], "percent", None, sentence)
        named = "free school meals" in keywords or "additional language" in keywords
        if named and (both := _BOTH_PHASES.search(text)):
            topic = (
                "free_school_meals" if "meals" in both["topic"] else "english_additional_language"
            )
            for phase in ("primary", "secondary"):
                self._add(f"{topic}_{phase}", both[phase], "percent", None, sentence)
        if self.last_measure[0] == index - 1 and self.last_measure[1] in _COMPARABLE:
            self._read_earlier(self.last_measure[1], _THIS_IS.search(text), sentence)

    def _read_earlier(self, measure: str, match: re.Match[str] | None, sentence: Sentence) -> None:
        """Add the earlier figure of "This is an increase from 176 (49 per 10,000) at <date>"."""
        if match is None:
            return
        date = _date(match.group("date"))
        if date is None:
            return  # not a real day ("31 February"): better no figure than a wrong date
        self._add(measure, match.group("count"), "count", date, sentence)
        if match.group("rate"):
            self._add(measure, match.group("rate"), "per_10000", date, sentence)

    def _date_for(self, index: int, before: str, dated_by: str) -> dt.date | None:
        if dated_by == BREAKDOWN:
            at, date = self.looked_after
            return date if index - at <= _CONTEXT_REACH else None
        if dated_by == PERIOD:
            at, date = self.period
            return date if index - at <= _CONTEXT_REACH else None
        as_at = _AS_AT.search(before)
        return _date(as_at.group("date")) if as_at else None

    def _add(
        self, measure: str, value: str, unit: str, date: dt.date | None, sentence: Sentence
    ) -> None:
        key = (measure, unit, date)
        if key not in self.found:
            self.found[key] = AreaStatistic(measure, _value(value), unit, date, sentence.passage())


def _templates_for(keywords: list[str]) -> list[_Template]:
    """Return, in order, the templates needing one of the keywords a sentence holds."""
    if not keywords:
        return []  # most sentences
    positions = {
        position for keyword in keywords for position in _TEMPLATES_BY_KEYWORD.get(keyword, ())
    }
    return [_TEMPLATES[position] for position in sorted(positions)]


def _value(text: str) -> float:
    word = text.lower()
    return float(_WORDS[word]) if word in _WORDS else float(text.replace(",", ""))


def _date(text: str | None) -> dt.date | None:
    """Parse "31 March 2015", or "March 31 2017" as one report prints it."""
    if not text:
        return None
    if date := parse_date(text):
        return date
    match = re.fullmatch(rf"({MONTH_PATTERN}) (\d{{1,2}}),? (\d{{4}})", text, re.I)
    if match is None:
        return None
    try:
        return dt.date(int(match[3]), MONTHS[match[1].lower()], int(match[2]))
    except ValueError:
        return None

"""The cheap tests that spare most text the slow patterns must never skip a match.

Area statistics, partnerships, previous inspections and SIF headings first look for a keyword
(or a heading's first word) and only then run their patterns. These tests run the patterns
without that shortcut over real report text and check that every match would have passed it.
"""

from __future__ import annotations

import re
import string
from functools import cache

import pytest

from loaders.document import Line
from loaders.errors import LoadError
from loaders.paragraphs import Paragraph, paragraphs
from loaders.parsers.sif import headings
from loaders.parsers.sif.layout import Section, SectionKind
from loaders.parsers.sif.tidy import tidy_lines
from loaders.partnerships import _MENTION_KEYWORDS
from loaders.records import ReportPart
from loaders.sentences import Sentence, keyword_text, sentences, sentences_holding
from loaders.statistics import _TEMPLATES
from tests.conftest import CORPUS, SEED_FILES, clean_corpus_file, clean_seed, requires_corpus

# Patterns _mentions_in runs, each needing one of _MENTION_KEYWORDS.
PARTNERSHIP_PATTERNS = (
    "_TRI_BOROUGH",
    "_BI_BOROUGH",
    "_SHARED_LSCB",
    "_SAFEGUARDING_PARTNERSHIP",
    "_OUT_OF_HOURS",
    "_YOUTH_OFFENDING",
    "_ADOPTION_AGENCY",
    "_ADOPTION_NAME",
    "_MASH",
    "_CHILDRENS_TRUST",
    "_NAMED_PARTNERSHIP",
)


@cache
def report_sentences(source: str) -> tuple[Sentence, ...]:
    document = clean_seed(source) if source in SEED_FILES else clean_corpus_file(source)
    return tuple(sentences(paragraphs(document.lines)))


def corpus_sources() -> list[str]:
    return sorted(str(path.relative_to(CORPUS)) for path in CORPUS.rglob("*.pdf"))


def check_keywords_cover_matches(found: tuple[Sentence, ...]) -> None:
    import loaders.partnerships as partnerships

    for sentence in found:
        assert sentence.keywords == keyword_text(sentence.text)
        for template in _TEMPLATES:
            if template.pattern.search(sentence.text):
                assert any(word in sentence.keywords for word in template.keywords), (
                    template.measure,
                    sentence.text,
                )
        for name in PARTNERSHIP_PATTERNS:
            if getattr(partnerships, name).search(sentence.text):
                assert any(word in sentence.keywords for word in _MENTION_KEYWORDS), (
                    name,
                    sentence.text,
                )


@pytest.mark.parametrize("seed", sorted(SEED_FILES))
def test_keywords_cover_every_match_in_the_seeds(seed: str) -> None:
    check_keywords_cover_matches(report_sentences(seed))


@requires_corpus
def test_keywords_cover_every_match_in_the_corpus() -> None:
    for source in corpus_sources():
        try:
            found = report_sentences(source)
        except LoadError:  # the corpus's HTML error pages are not reports
            continue
        check_keywords_cover_matches(found)


def test_keyword_text_folds_each_letter_ignorecase_takes_for_an_ascii_one() -> None:
    # "\u017f" (long s) matches "s" and "\u0130" matches "i" under re.IGNORECASE, though
    # str.lower() does not turn them into those letters.
    ascii_letter = re.compile("[a-z]", re.IGNORECASE)
    for code in range(0x110000):
        letter = chr(code)
        if ascii_letter.fullmatch(letter):
            folded = keyword_text(letter)
            assert folded in string.ascii_lowercase, (hex(code), folded)
            assert re.fullmatch(folded, letter, re.IGNORECASE)


def test_sentences_holding_names_the_words_of_each_sentence() -> None:
    text = [
        Paragraph("179 children were looked after. The MASH is shared.", page=3),
        Paragraph("Nothing here. Looked After children again; and a Tri-borough team.", page=4),
    ]
    held = sentences_holding(text, ("looked after", "mash", "borough"))
    # Sentences: 0 "179 children were looked after.", 1 "The MASH is shared.",
    # 2 "Nothing here.", 3 "Looked After children again;", 4 "and a Tri-borough team."
    assert held == {0: ["looked after"], 1: ["mash"], 3: ["looked after"], 4: ["borough"]}


@pytest.mark.parametrize(
    ("text", "pieces"),
    [
        ("Practice is good. Leaders know it.", ["Practice is good.", "Leaders know it."]),
        (
            "They include:  health; schools; police",
            ["They include:", "health;", "schools;", "police"],
        ),
        (
            "Overall effectiveness Good Since the last",
            ["Overall effectiveness Good", "Since the last"],
        ),
        (
            "See section 2.1 of the plan. 12 children",
            ["See section 2.1 of the plan.", "12 children"],
        ),
        ("a stop. lower case goes on", ["a stop. lower case goes on"]),
    ],
)
def test_sentences_break_where_a_stop_or_list_item_ends(text: str, pieces: list[str]) -> None:
    assert [s.text for s in sentences([Paragraph(text, page=1)])] == pieces


def check_headings_match_without_the_first_word_index(lines: tuple[Line, ...]) -> None:
    texts = [line.text for line in lines]
    for index in range(len(texts)):
        for count in (1, 2, 3):
            window = texts[index : index + count]
            assert headings.match_heading(window) == every_rule_heading(window), window


def every_rule_heading(texts: list[str]) -> headings.Heading | None:
    """match_heading as it was before rules were indexed by first word: try them all."""
    for count in range(min(headings.MAX_HEADING_LINES, len(texts)), 0, -1):
        parts = texts[:count]
        if any(not part.strip() for part in parts):
            continue
        words = headings.heading_words(" ".join(parts))
        if len(words) > headings.MAX_HEADING_LENGTH:
            continue
        for rule in headings._RULES:
            match = rule.pattern.fullmatch(words)
            if match:
                grade_text = match.groupdict().get("grade")
                grade = headings.grade_from_word(grade_text) if grade_text else None
                return headings.Heading(rule.kind, words, count, rule.area, grade)
    return None


@pytest.mark.parametrize("seed", ["000", "004"])  # the two SIF seeds
def test_sif_headings_are_found_as_by_trying_every_rule(seed: str) -> None:
    lines = tuple(tidy_lines(clean_seed(seed).lines, paged=False))
    check_headings_match_without_the_first_word_index(lines)
    shouted = tuple(Line(line.text.upper(), line.page) for line in lines)
    check_headings_match_without_the_first_word_index(shouted)


def test_section_paragraphs_follow_lines_added_after_a_read() -> None:
    section = Section(SectionKind.FINDINGS, "Summary", ReportPart.LOCAL_AUTHORITY)
    section.lines.extend([Line("1. First finding.", 2), Line("", 2)])
    assert [p.number for p in section.paragraphs()] == [1]
    section.lines.append(Line("2. Second finding.", 3))
    assert [(p.number, p.page) for p in section.paragraphs()] == [(1, 2), (2, 3)]

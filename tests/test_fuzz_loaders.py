"""Property-based tests: on any input, the loaders raise nothing but their own LoadError types.

Inputs are report-like (the seed reports, and real PDFs' text when the corpus is present, with
lines deleted or duplicated, pages shuffled, numbers changed, random unicode spliced in) and
plain random text or bytes. This file is the short version that runs with the suite; the
dedicated run of 100,000+ inputs is `python3 benchmarks/fuzz_run.py` (see its docstring).

Every property is a plain `check_*` function over one input, so the dedicated run drives the
same checks with its own example counts and seeds.
"""

from __future__ import annotations

import datetime as dt
import random
import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from loaders import dates, grades
from loaders.document import CleanDocument, Document, Line, Page
from loaders.errors import LoadError
from loaders.extract import document_from_bytes, read_document
from loaders.paragraphs import paragraphs
from loaders.parsers import parser_modules
from loaders.pipeline import parse_clean
from loaders.records import CommitteeReport, Grade, InspectionReport
from loaders.repair import clean, clean_text
from tests.conftest import CORPUS, SEED_FILES
from tests.test_bad_input import text_pdf

# --- where report-like inputs come from ---------------------------------------------------

# One real PDF of each framework, read when the corpus is beside the checkout.
CORPUS_SAMPLES = (
    "80429_birmingham/children's services inspection - 23 may 2014.pdf",
    "2532283_dorset/children's services inspection - 09 may 2025.pdf",
)


@cache
def seed_documents() -> tuple[Document, ...]:
    """Return the five seed reports as extracted, before repair."""
    return tuple(read_document(path, source=path.name) for path in SEED_FILES.values())


@cache
def corpus_documents(limit: int | None = None) -> tuple[Document, ...]:
    """Return real PDFs' extracted pages: the samples, or up to `limit` corpus files."""
    if not CORPUS.exists():
        return ()
    paths = (
        [CORPUS / relative for relative in CORPUS_SAMPLES]
        if limit is None
        else sorted(CORPUS.rglob("*.pdf"))[:limit]
    )
    documents = []
    for path in paths:
        try:
            documents.append(read_document(path, source=path.name))
        except LoadError:
            continue  # the corpus holds a few HTML error pages saved as .pdf
    return tuple(documents)


@dataclass
class FuzzSources:
    """The documents and PDF files that report-like inputs are cut from.

    Documents are grouped by the family that parses them, so that the one committee report
    is mutated as often as all the SIF reports together.
    """

    families: tuple[tuple[Document, ...], ...] = ()
    pdfs: tuple[bytes, ...] = ()


SOURCES = FuzzSources()


def use_sources(documents: Sequence[Document], pdfs: Sequence[bytes]) -> None:
    """Make report-like strategies cut their inputs from these documents and PDF files."""
    groups: dict[str, list[Document]] = {}
    for document in documents:
        cleaned = clean(document)
        family = next(
            (module.FAMILY for module in parser_modules() if module.detect(cleaned)), "none"
        )
        groups.setdefault(family, []).append(document)
    SOURCES.families = tuple(tuple(group) for _, group in sorted(groups.items()))
    SOURCES.pdfs = tuple(pdfs)


def _default_sources() -> FuzzSources:
    if not SOURCES.families:
        use_sources(
            seed_documents() + corpus_documents(),
            (
                text_pdf([["Inspection of children's services", "Good"], ["page two"]]),
                *[
                    (CORPUS / relative).read_bytes()
                    for relative in CORPUS_SAMPLES[:1]
                    if (CORPUS / relative).exists()
                ],
            ),
        )
    return SOURCES


# --- strategies ---------------------------------------------------------------------------

# Words and marks the parsers look for, so that spliced text reaches their rarer branches.
REPORT_TOKENS = (
    "Good",
    "good",
    "Outstanding",
    "Inadequate",
    "Adequate",
    "Requires improvement to be good",
    "requires improvement",
    "Grade 2 (Good)",
    "Grade 4",
    "Overall effectiveness",
    "Inspection dates:",
    "Inspection date: 18 March 2014 - 09 April 2014",
    "Inspection dates: 8 to 19 June 2026",
    "Report published:",
    "Lead inspector:",
    "Lead inspector: Jane Doe, His Majesty's Inspector",
    "Judgement",
    "Grade",
    "The impact of leaders on social work practice with children and families",
    "The experiences and progress of children in care",
    "What needs to improve?1",
    "Recommendations",
    "Areas for improvement",
    "Immediately:",
    "Within three months:",
    "Children's services in Somewhere are good",
    "Local Safeguarding Children Board",
    "Single inspection of local authority children's services",
    "Inspection of safeguarding and looked after children services",
    "Inspection of looked after children services",
    "Report to:",
    "Meeting:",
    "Date:",
    "Council",
    "Report author: someone@example.gov.uk",
    "Ofsted",
    "12. ",
    "1.",
    "2.1 Adoption performance",
    "- ",
    "\u2022 ",
    "\t",
    "|",
    "| Good | Outstanding |",
    "<td>",
    "</tr>",
    "**",
    "# ",
    "&amp;",
    "\ufffe",
    "\u00b9",
    "Page 3 of 40",
    "\f",
    "\r",
    "\u2028",
    "\x0b",
    "\x00",
    "31 February 2016",
    "29 December to 9 January 2015",
    "99 May 0000",
    "tri-borough",
    "shared with Somewhere Council",
    "There were 4,321 children in need (a rate of 12.5 per 10,000 children).",
    "previous inspection",
    "(" * 40,
    "1 " * 40,
)
# Numbers to put in place of a line's numbers: edges of days, months, years and counts.
NUMBERS = ("0", "1", "9", "13", "29", "31", "32", "99", "100", "999", "1000", "2016", "0000",
           "99999", "4,321", "10,000", "000000000000000000001")  # fmt: skip

_NO_SURROGATES = st.characters(exclude_categories=["Cs"])
random_text = st.text(_NO_SURROGATES, max_size=300)
splice_text = st.one_of(
    st.sampled_from(REPORT_TOKENS),
    st.text(_NO_SURROGATES, max_size=40),
    st.lists(st.sampled_from(REPORT_TOKENS), max_size=4).map(" ".join),
)

OPERATIONS = (
    "delete",
    "duplicate",
    "swap_lines",
    "shuffle_pages",
    "merge_pages",
    "insert",
    "splice",
    "replace_word",
    "renumber",
    "truncate",
    "crop",
    "join",
    "split",
    "case",
    "blank",
    "drop_chars",
    "stretch",
)
index = st.integers(min_value=0, max_value=2**20)
# The longest line "stretch" makes: 20 pages' worth of text on one line.
LONGEST_LINE = 100_000
mutation = st.tuples(st.sampled_from(OPERATIONS), index, index, splice_text)


def mutate_pages(
    pages: list[list[str]], mutations: Sequence[tuple[str, int, int, str]]
) -> list[list[str]]:
    """Apply `mutations` (operation, two numbers, a text) to pages of lines; return the result."""
    pages = [list(lines) for lines in pages] or [[]]
    for operation, first, second, text in mutations:
        page = pages[first % len(pages)]
        at = first % (len(page) + 1)
        span = 1 + second % 40
        if operation == "delete":
            del page[at : at + span]
        elif operation == "duplicate":
            page[at:at] = page[second % (len(page) + 1) :][:span]
        elif operation == "swap_lines" and page:
            a, b = first % len(page), second % len(page)
            page[a], page[b] = page[b], page[a]
        elif operation == "shuffle_pages":
            random.Random(second).shuffle(pages)
        elif operation == "merge_pages" and len(pages) > 1:
            where = first % (len(pages) - 1)
            pages[where : where + 2] = [pages[where] + pages[where + 1]]
        elif operation == "insert":
            page.insert(at, text)
        elif operation in {"splice", "replace_word", "renumber", "split", "case", "drop_chars"}:
            if page:
                where = first % len(page)
                page[where : where + 1] = _change_line(page[where], operation, second, text)
        elif operation == "truncate":
            del page[at:]
            del pages[first % len(pages) + 1 :]
        elif operation == "crop":
            pages = [page[at : at + 1 + second % 200]]
        elif operation == "join" and len(page) > 1:
            where = first % (len(page) - 1)
            page[where : where + 2] = [page[where] + ("" if second % 2 else " ") + page[where + 1]]
        elif operation == "blank" and page:
            page[first % len(page)] = ""
        elif operation == "stretch" and page:
            # One very long line, as a converter that loses line breaks makes; capped, as
            # stretching a stretched line again would grow it without bound.
            where = first % len(page)
            page[where] = " ".join([page[where] + text] * (2 + second % 400))[:LONGEST_LINE]
    return pages


_WORD = re.compile(r"\S+")
_NUMBER = re.compile(r"\d+(?:,\d{3})*")


def _change_line(line: str, operation: str, choice: int, text: str) -> list[str]:
    position = choice % (len(line) + 1)
    if operation == "splice":
        return [line[:position] + text + line[position:]]
    if operation == "split":
        return [line[:position], line[position:]]
    if operation == "case":
        return [(str.upper, str.lower, str.title, str.swapcase)[choice % 4](line)]
    if operation == "drop_chars":
        return [line[:position] + line[position + 1 + choice % 5 :]]
    if operation == "renumber":
        return [_NUMBER.sub(lambda _: NUMBERS[choice % len(NUMBERS)], line)]
    words = list(_WORD.finditer(line))
    if not words:
        return [line + text]
    word = words[choice % len(words)]
    return [line[: word.start()] + text + line[word.end() :]]


def _split_pages(document: Document) -> list[list[str]]:
    return [page.text.split("\n") for page in document.pages]


@st.composite
def report_like_documents(draw: st.DrawFn) -> Document:
    """Draw a real report's extracted text with a few mutations."""
    families = _default_sources().families
    family = families[draw(st.integers(0, len(families) - 1))]
    original = family[draw(st.integers(0, len(family) - 1))]
    mutations = draw(st.lists(mutation, min_size=1, max_size=12))
    pages = mutate_pages(_split_pages(original), mutations)
    if original.media_type == "application/pdf":
        numbered = [Page(number, "\n".join(lines)) for number, lines in enumerate(pages, 1)]
    else:
        numbered = [Page(None, "\n".join(lines)) for lines in pages]
    return Document(original.source, original.media_type, tuple(numbered))


@st.composite
def random_documents(draw: st.DrawFn) -> Document:
    """Draw a document of random text (a PDF with pages, or a text file without)."""
    pdf = draw(st.booleans())
    texts = draw(
        st.lists(st.one_of(random_text, splice_text), min_size=1, max_size=6 if pdf else 1)
    )
    pages = tuple(Page(number if pdf else None, text) for number, text in enumerate(texts, 1))
    return Document("random", "application/pdf" if pdf else "text/plain", pages)


documents = st.one_of(report_like_documents(), report_like_documents(), random_documents())


@st.composite
def file_bytes(draw: st.DrawFn) -> tuple[bytes, str]:
    """Draw file content and a suffix: random bytes, encoded text, or a damaged real PDF."""
    kind = draw(st.sampled_from(("random", "text", "pdf", "pdf")))
    suffix = draw(st.sampled_from((".pdf", ".txt", "")))
    if kind == "random":
        return draw(st.binary(max_size=2000)), suffix
    if kind == "text":
        document = draw(report_like_documents())
        text = document.text[: draw(st.integers(0, 20000))]
        encoding = draw(st.sampled_from(("utf-8", "utf-16", "utf-16-le", "cp1252", "latin-1")))
        prefix = draw(st.sampled_from((b"", b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"%PDF-")))
        encoded = prefix + text.encode(encoding, errors="replace")
        # Cut at any byte, as an interrupted download does (even inside a character).
        return encoded[: draw(st.integers(0, len(encoded)))], suffix
    pdfs = _default_sources().pdfs
    data = bytearray(pdfs[draw(st.integers(0, len(pdfs) - 1))])
    for _ in range(draw(st.integers(0, 4))):
        position = draw(st.integers(0, len(data)))
        change = draw(st.sampled_from(("truncate", "flip", "delete", "insert")))
        if change == "truncate":
            del data[position:]
        elif change == "flip" and position < len(data):
            data[position] ^= 1 << draw(st.integers(0, 7))
        elif change == "delete":
            del data[position : position + draw(st.integers(1, 500))]
        else:
            data[position:position] = draw(st.binary(min_size=1, max_size=50))
    return bytes(data), suffix


lines_strategy = st.lists(
    st.builds(Line, st.one_of(splice_text, random_text), st.one_of(st.none(), st.integers(1, 9))),
    max_size=40,
)
valid_dates = st.dates(min_value=dt.date(1000, 1, 1), max_value=dt.date(9999, 12, 31))
date_text = st.one_of(
    random_text,
    st.lists(
        st.one_of(splice_text, st.sampled_from(NUMBERS), st.sampled_from(list(dates.MONTHS)))
    ).map(" ".join),
)

# --- the properties -----------------------------------------------------------------------


def check_load_error(error: LoadError) -> None:
    """Check that a LoadError names its source and gives a one-line reason."""
    assert isinstance(error.reason, str) and error.reason.strip(), error
    assert "\n" not in error.reason and "\r" not in error.reason, error.reason


_WHITESPACE_RUN = re.compile(r"\s\s")


def check_repair(document: Document) -> CleanDocument:
    """Repair a document; check lines have no breaks, no whitespace runs, no runs of blanks.

    Whitespace runs are squeezed because parsers' patterns can take time quadratic in the
    length of a run they cannot match across.
    """
    cleaned = clean(document)
    pages = {page.number for page in document.pages}
    for previous, line in zip((Line("x", None), *cleaned.lines), cleaned.lines, strict=False):
        assert "\n" not in line.text and line.page in pages, line
        assert not _WHITESPACE_RUN.search(line.text), line
        assert line.text or previous.text, "two blank lines in a row"
    assert not cleaned.lines or cleaned.lines[-1].text, "trailing blank line"
    assert isinstance(clean_text(document.text), str)
    return cleaned


def check_parsers(document: Document) -> None:
    """Repair and parse: detect never raises; parse returns a record or raises a LoadError.

    The pipeline turns a parser's own ValueError and the like into a ParseError; that still
    counts as a failure here, because parsers should not raise them at all.
    """
    cleaned = check_repair(document)
    detected = [module for module in parser_modules() if module.detect(cleaned)]
    try:
        record = parse_clean(cleaned)
    except LoadError as error:
        if error.__cause__ is not None:
            raise error.__cause__ from error
        check_load_error(error)
    else:
        assert isinstance(record, InspectionReport | CommitteeReport)
    # Families after the first that also claim the document: their parse must hold up too.
    for module in detected[1:]:
        try:
            module.parse(cleaned)
        except LoadError as error:
            check_load_error(error)


def check_extract(sample: tuple[bytes, str]) -> None:
    """Turn bytes into a Document or raise a LoadError with a one-line reason."""
    data, suffix = sample
    try:
        document = document_from_bytes(data, "fuzzed" + suffix, suffix=suffix)
    except LoadError as error:
        check_load_error(error)
        return
    assert document.pages and all(isinstance(page.text, str) for page in document.pages)
    check_parsers(document)


def check_paragraphs(lines: list[Line]) -> None:
    """Join lines into paragraphs; each starts at a line that exists, in order."""
    found = paragraphs(lines)
    indexes = [paragraph.line_index for paragraph in found]
    assert indexes == sorted(set(indexes))
    for paragraph in found:
        assert 0 <= paragraph.line_index < len(lines)
        assert paragraph.number is None or 0 <= paragraph.number <= 999


def check_dates(text: str) -> None:
    """Read dates from any text; what is found agrees between the functions."""
    first = dates.parse_date(text)
    found = dates.find_dates(text)
    if first is not None:
        assert found and found[0] == first
    span = dates.parse_date_range(text)
    if span is not None:
        assert span[0] <= span[1]
    month_year = dates.parse_month_year(text)
    assert month_year is None or 1 <= month_year[1] <= 12


def check_date_round_trip(date: dt.date, style: int) -> None:
    """Read back a date printed the ways reports print it."""
    month = date.strftime("%B")
    printed = (
        f"{date.day} {month} {date.year}",
        f"{date.day:02d} {month.lower()} {date.year}",
        f"Inspection date: {date.day}th {month[:3]}. {date.year}",
    )[style % 3]
    assert dates.parse_date(printed) == date
    assert dates.parse_date_range(f"1 to {printed}") in {None, (date.replace(day=1), date)}


def check_grades(text: str) -> None:
    """Read grades from any text: the result is a Grade or None, and agrees across functions."""
    for function in (grades.grade_from_word, grades.find_grade, grades.numbered_grade):
        assert function(text) is None or isinstance(function(text), Grade)
    if grades.grade_from_word(text) is not None:
        assert grades.find_grade(text) is not None


# --- the short version, with the suite ----------------------------------------------------

SHORT = settings(
    max_examples=60,
    deadline=None,
    database=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large],
)


@settings(SHORT, max_examples=200)
@given(documents)
def test_repair_and_parsers_raise_only_load_errors(document: Document) -> None:
    check_parsers(document)


@settings(SHORT, max_examples=100)
@given(file_bytes())
def test_extract_raises_only_load_errors(sample: tuple[bytes, str]) -> None:
    check_extract(sample)


@settings(SHORT, max_examples=150)
@given(lines_strategy)
def test_paragraphs_never_raise(lines: list[Line]) -> None:
    check_paragraphs(lines)


@settings(SHORT, max_examples=200)
@given(date_text)
def test_dates_never_raise_and_agree(text: str) -> None:
    check_dates(text)


@settings(SHORT, max_examples=100)
@given(valid_dates, st.integers(0, 2))
def test_printed_dates_read_back(date: dt.date, style: int) -> None:
    check_date_round_trip(date, style)


@settings(SHORT, max_examples=150)
@given(date_text)
def test_grades_never_raise_and_agree(text: str) -> None:
    check_grades(text)


# --- inputs that used to take minutes ----------------------------------------------------

# Parsing a seed takes well under a second; each of these took from a minute to hours.
HANG_BUDGET_SECONDS = 10.0


YOUTH_OFFENDING_SENTENCE = (
    "Westminster achieved a highly effective rating for its youth offending work and this "
    "report outlines a summary of findings and next steps from the Short Quality Screening "
    "Inspection of the West London Youth Offending Service conducted by Her Majesty's "
    "Inspectorate of Probation in December 2015"
)


def _seed_with_line(key: str, line: str, before: str) -> Document:
    """Return seed `key` as read, with `line` inserted before the first line starting `before`."""
    document = read_document(SEED_FILES[key])
    lines = document.text.split("\n")
    at = next(index for index, text in enumerate(lines) if text.startswith(before))
    text = "\n".join([*lines[:at], line, *lines[at:]])
    return Document(document.source, document.media_type, (Page(None, text),))


@pytest.mark.parametrize(
    ("key", "line", "before"),
    [
        # A run-on sentence about Ofsted with no verb the committee parser looks for: its
        # "(?P<subject>[^.;]*?) was judged ..." patterns took time cubic in its length
        # (30,000 characters: about 3 minutes). Seed 001 is a committee report whose 3.2 reads
        # "Ofsted found Westminster Children's Services to be Outstanding."
        ("001", "The Ofsted inspection " + "of the council " * 2000, "- 3.2 Ofsted found"),
        # A line of ": " leaders without a grade among the rows of the 2012 judgements table
        # (seed 002 prints "Children and young people are safe and feel safe\t<b>2 (Good)</b>"):
        # the table-row pattern took time quadratic in its length (40,000 characters: 2 minutes).
        ("002", ": " * 20_000, "Children and young people are safe and feel safe\t<b>"),
        # Seed 001's 1.2 ("... Short Quality Screening Inspection of the West London Youth
        # Offending Service ...") run on for a million characters: each youth offending
        # mention searched the whole sentence again (about 3 minutes before).
        ("001", " ".join([YOUTH_OFFENDING_SENTENCE] * 4000), "- 1.2 Westminster achieved"),
    ],
    ids=["committee-run-on-sentence", "table-row-of-colons", "many-mentions-in-one-sentence"],
)
def test_long_lines_parse_in_seconds(key: str, line: str, before: str) -> None:
    document = _seed_with_line(key, line, before)
    started = time.perf_counter()
    record = parse_clean(clean(document))
    assert time.perf_counter() - started < HANG_BUDGET_SECONDS
    assert isinstance(record, InspectionReport | CommitteeReport)


# Property name -> (check, strategy): what benchmarks/fuzz_run.py drives at scale.
PROPERTIES: dict[str, tuple[Callable[[Any], None], st.SearchStrategy[Any]]] = {
    "parsers": (check_parsers, documents),
    "extract": (check_extract, file_bytes()),
    "paragraphs": (check_paragraphs, lines_strategy),
    "dates": (check_dates, date_text),
    "date_round_trip": (lambda pair: check_date_round_trip(*pair), st.tuples(valid_dates, index)),
    "grades": (check_grades, date_text),
}

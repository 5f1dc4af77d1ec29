"""Paragraphs from lines (loaders/paragraphs.py)."""

from __future__ import annotations

from loaders.document import Line
from loaders.paragraphs import paragraphs, with_paragraph_breaks

# Lines as PDF text sets them: a column about 90 characters wide, nothing between paragraphs.
COLUMN = [
    "Managers know their services well and have a clear plan for improving them. They have",
    "recruited permanent staff.",
    "Caseloads are now manageable for most social workers, and supervision is regular and",
    "reflective. Social workers say that they feel supported by their managers and leaders.",
    "They know the children well.",
    "Plans are not yet specific enough about what needs to change for children and by when",
    "they are expected to change.",
    "Children are seen alone.",
    "Assessments are thorough: they consider the history of the family and the views of the",
    "child, and they are updated when circumstances change.",
]


def _texts(lines: list[str]) -> list[str]:
    found = paragraphs(with_paragraph_breaks([Line(text, 1) for text in lines]))
    return [paragraph.text for paragraph in found]


def test_a_paragraph_ends_where_its_last_line_falls_short() -> None:
    assert _texts(COLUMN) == [
        " ".join(COLUMN[0:2]),
        " ".join(COLUMN[2:5]),
        " ".join(COLUMN[5:7]),
        COLUMN[7],
        " ".join(COLUMN[8:10]),
    ]


def test_a_full_line_ending_a_sentence_does_not_end_its_paragraph() -> None:
    # COLUMN[3] ends a sentence but fills the line: the paragraph could go on, and does.
    assert any(COLUMN[3] in text and COLUMN[4] in text for text in _texts(COLUMN))


def test_a_short_line_that_ends_no_sentence_or_runs_on_in_lower_case_is_not_an_end() -> None:
    lines = [COLUMN[0], "recruited permanent staff and", "Ofsted inspectors met them.", COLUMN[0]]
    assert len(_texts(lines)) == 2
    lines = [COLUMN[0], "recruited permanent staff.", "and more besides."]
    assert len(_texts(lines)) == 1


def test_blank_lines_stay_and_nothing_is_lost() -> None:
    lines = [Line(text, None) for text in [COLUMN[0], "", COLUMN[1]]]
    assert with_paragraph_breaks(lines) == lines
    assert with_paragraph_breaks([]) == []

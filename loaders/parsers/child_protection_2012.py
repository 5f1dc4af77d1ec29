"""Inspections of local authority arrangements for the protection of children (2012-2013).

Ofsted's unannounced child protection inspections, June 2012 to autumn 2013, use the cover and
layout of the 2009-2013 template (read by `safeguarding_lac_2012`) with four judgements on the
outstanding / good / adequate / inadequate scale. Area ids, as the flat exports show them:
overall (overall effectiveness of the arrangements to protect children), help_protection (the
effectiveness of the help and protection provided to children, young people, families and
carers), quality_of_practice, leaders (leadership and governance). Judgement.service is None.

No report of the family was at hand when this was written, so grades are read three ways, each
only for the areas the ways before it left without a grade:
1. the shared reading of graded headings ("Grade 3 (Adequate)") and of a closing "Record of
   main findings" table;
2. judgement labels on a line of their own, wrapped over up to three lines, with the grade on
   the same line or the next ("Leadership and governance  Adequate", "Judgement: Adequate",
   "Grade 3 (Adequate)"), and a table whose labels and grades came out as two columns;
3. sentences opening on the judgement's name: "The overall effectiveness of the arrangements to
   protect children in Cheshire East is inadequate."
An area graded none of these ways gets no judgement.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from loaders.document import CleanDocument, Line
from loaders.errors import ParseError
from loaders.grades import NUMBERED_GRADES, grade_from_word
from loaders.paragraphs import Paragraph
from loaders.parsers.safeguarding_lac_2012 import (
    Block,
    all_paragraphs,
    front_matter,
    graded_judgements,
    split_blocks,
    template_report,
)
from loaders.records import Framework, Grade, InspectionReport, Judgement, Passage
from loaders.sentences import sentences

FAMILY = "child_protection_2012"

TITLE = re.compile(
    r"inspection\s+of\s+local\s+authority\s+arrangements\s+for\s+the\s+protection\s+of\s+children",
    re.I,
)
# Cover lines looked at by detect(); the title is the cover's first or second item.
DETECT_LINES = 15

# The judgements' names as printed, with the shorter forms a table or heading may use.
AREA_LABELS: tuple[tuple[str, str], ...] = (
    (
        "overall",
        r"(?:the\s+)?overall\s+effectiveness(?:\s+of\s+(?:the\s+)?(?:local\s+authority(?:'s)?\s+)?"
        r"arrangements\s+(?:for\s+the\s+protection\s+of|to\s+protect)\s+children"
        r"(?:\s+and\s+young\s+people)?)?",
    ),
    (
        "help_protection",
        r"(?:the\s+)?effectiveness\s+of\s+(?:the\s+)?help\s+and\s+protection(?:\s+provided"
        r"(?:\s+to\s+children,?(?:\s+young\s+people,?)?(?:\s+families,?)?(?:\s+and\s+carers)?)?)?",
    ),
    (
        "quality_of_practice",
        r"(?:the\s+)?quality\s+of\s+(?:professional\s+|social\s+work\s+)?practice",
    ),
    (
        "leaders",
        r"(?:the\s+)?(?:effectiveness\s+of\s+)?leadership(?:,\s+management)?\s+and\s+"
        r"(?:governance|management)",
    ),
)
AREAS = tuple(area for area, _ in AREA_LABELS)
# Used where no label was printed next to the grade (the sentence form).
CANONICAL_LABELS = {
    "overall": "Overall effectiveness",
    "help_protection": (
        "The effectiveness of the help and protection provided to children, young people, "
        "families and carers"
    ),
    "quality_of_practice": "The quality of practice",
    "leaders": "Leadership and governance",
}
_LABEL_AT_START = [(area, re.compile(pattern, re.I)) for area, pattern in AREA_LABELS]
# The shared reader gives a base id (a known id, or the heading's first six words joined by
# "_"); these find our area in its words.
_AREA_IN_WORDS = (
    ("overall", re.compile(r"^overall\b|\boverall effectiveness\b")),
    ("help_protection", re.compile(r"\bhelp and protection\b|\beffectiveness of the help\b")),
    ("quality_of_practice", re.compile(r"\bquality of (?:\w+ )?practice\b")),
    ("leaders", re.compile(r"\bleadership\b.*\b(?:governance|management)\b")),
)

GRADE_WORD = r"outstanding|good|adequate|inadequate"
# A grade on its own, as a table cell or the line under a heading: "Adequate", "Judgement:
# Adequate", "Grade 3 (Adequate)", "Grade 3". A bare number is a page number, not a grade.
_GRADE_CELL = re.compile(
    rf"(?:(?P<keyword>judgement|grade|rating)\s*(?:is\s*)?:?\s*)?(?:(?P<number>[1-4])\s*)?"
    rf"(?:[(:-]\s*)?(?P<word>{GRADE_WORD})?\s*\)?\s*\.?",
    re.I,
)
_ENDS_WITH_GRADE = re.compile(rf"\b(?:{GRADE_WORD})\)?$", re.I)
# What may separate a label from the grade on its line.
_SEPARATORS = " \t:|-"
MAX_LABEL_LINES = 3
# Wrapped prose lines of a PDF page are longer than this; headings and table titles shorter.
SHORT_LINE = 60
# Lines after a heading the grade line may come, over blank lines.
GRADE_LOOKAHEAD = 3
# The sentence form: the judgement's name opens the sentence, perhaps after "Overall, ",
# then "in <Authority>" and "is (judged to be) <grade>".
_SENTENCE_LEAD = r"(?i:(?:overall|in\s+summary|in\s+conclusion),\s+)?"
# Case-sensitive: the place is a name ("in Cheshire East", "in the Isle of Wight").
_NAME_WORD = r"[A-Z][\w'&-]*"
_PLACE = rf"(?:\s+(?:in|across)\s+(?:the\s+)?{_NAME_WORD}(?:\s+(?:and\s+|of\s+)?{_NAME_WORD})*)?"
_VERB = (
    r"\s+(?:is|are|has\s+been|have\s+been)(?:\s+(?:judged|assessed|found)(?:\s+to\s+be|\s+as)?)?"
)
_SENTENCES = [
    (
        area,
        re.compile(
            rf"{_SENTENCE_LEAD}(?i:{pattern}){_PLACE}{_VERB}\s+(?i:(?P<word>{GRADE_WORD}))\b"
        ),
    )
    for area, pattern in AREA_LABELS
]


def detect(document: CleanDocument) -> bool:
    """Say whether the document is a 2012-2013 child protection inspection report."""
    texts = [line.text.strip() for line in document.lines[:DETECT_LINES]]
    texts = [text for text in texts if text]
    # The title opens a cover line (perhaps wrapped); letters and minutes only mention it.
    return any(TITLE.match(" ".join(texts[index : index + 3])) for index in range(len(texts)))


def parse(document: CleanDocument) -> InspectionReport:
    """Read a 2012-2013 inspection of arrangements for the protection of children."""
    front = front_matter(document, TITLE)
    blocks = split_blocks(document.lines)
    found = {j.area: j for j in graded_judgements(blocks, _identify) if j.area in AREAS}
    labels = labelled_grades(document.lines)
    for label in labels:
        if label.grade:
            found.setdefault(label.area, label.judgement())
    # Headings the shared layout does not know would otherwise leave a judgement section inside
    # the areas for improvement before it, and its bullets would be read as improvements.
    blocks = cut_at_headings(blocks, labels, document.lines)
    body = all_paragraphs(blocks)
    for area in AREAS:
        if area not in found and (judgement := sentence_judgement(area, body)):
            found[area] = judgement
    if "overall" not in found:
        raise ParseError(document.source, "no overall effectiveness judgement found")
    judgements = tuple(found[area] for area in AREAS if area in found)
    return template_report(
        FAMILY,
        Framework.CHILD_PROTECTION_2012,
        front,
        blocks,
        body,
        judgements,
        keep_service=False,
    )


def _identify(base: str, service: str | None) -> tuple[str, str | None]:
    """Map the shared reader's base id to our area id ("" for a judgement we do not know)."""
    return area_in_words(base.replace("_", " ")), None


def area_in_words(text: str) -> str:
    """Return the area a judgement name speaks of ("" if none of the four)."""
    words = " ".join(text.lower().split())
    return next((area for area, pattern in _AREA_IN_WORDS if pattern.search(words)), "")


# --- Labels with their grades: tables and headings ----------------------------------------------


@dataclass(frozen=True, slots=True)
class LabelledGrade:
    """A judgement's name on lines of its own, and the grade printed with it if any.

    `start` and `end` index the document lines the name (and a grade on the line below it)
    take, end excluded; `in_table` says the name is one row of several.
    """

    area: str
    label: str
    grade: Grade | None
    start: int
    end: int
    printed: str
    page: int | None
    in_table: bool = False

    def judgement(self) -> Judgement:
        """Return the judgement this name and its grade make."""
        if self.grade is None:
            raise ValueError(f"{self.label!r} has no grade")
        passage = Passage(self.printed, self.page, section=self.label)
        return Judgement(self.area, self.label, self.grade, passage)


def labelled_grades(lines: tuple[Line, ...]) -> list[LabelledGrade]:
    """Return every judgement name standing on its own lines, with its grade where printed."""
    labels: list[LabelledGrade] = []
    index = 0
    while index < len(lines):
        follows_label = bool(labels) and labels[-1].end == index
        label = _label_at(lines, index, follows_label)
        if label is None:
            index += 1
        else:
            labels.append(label)
            index = label.end
    labels = _graded_columns(lines, labels)
    labels = [_graded_below(lines, label) for label in labels]
    return [replace(label, in_table=len(run) > 1) for run in _runs(lines, labels) for label in run]


def _label_at(lines: tuple[Line, ...], index: int, follows_label: bool) -> LabelledGrade | None:
    """Return the judgement name opening line `index`, with a grade on its own line(s)."""
    text = lines[index].text.strip()
    if not text[:1].isupper() or not (follows_label or _opens_block(lines, index)):
        return None  # a judgement's name inside a paragraph is prose, not a heading
    filled = _filled_from(lines, index, MAX_LABEL_LINES)
    # The longest reading first: a name wrapped over lines, perhaps with the grade after it.
    for count in range(len(filled), 0, -1):
        end = filled[count - 1] + 1
        joined = " ".join(lines[i].text.strip() for i in filled[:count])
        read = _label_and_rest(joined)
        if read is None:
            continue
        area, label, rest = read
        grade = _cell_grade(rest) if rest else None
        if rest and grade is None:
            continue  # a sentence, or a contents line ("The quality of practice 6")
        if count > 1 and rest == lines[end - 1].text.strip():
            continue  # the grade has a line of its own, read with the grades below names
        if not rest and _continues_below(lines, end):
            continue  # a sentence wrapped after the name: "The quality of practice" / "is ..."
        return LabelledGrade(area, label, grade, index, end, joined, lines[index].page)
    return None


def _continues_below(lines: tuple[Line, ...], index: int) -> bool:
    return index < len(lines) and lines[index].text.strip()[:1].islower()


def _label_and_rest(text: str) -> tuple[str, str, str] | None:
    for area, pattern in _LABEL_AT_START:
        match = pattern.match(text)
        # The name must end at a word's end: "Leadership and governance's" is prose.
        if match and (match.end() == len(text) or not text[match.end()].isalnum()):
            return area, match.group(0), text[match.end() :].strip(_SEPARATORS)
    return None


def _runs(lines: tuple[Line, ...], labels: list[LabelledGrade]) -> list[list[LabelledGrade]]:
    """Group the names (with their grades) that follow each other with only blank lines
    between: a table's rows."""
    runs: list[list[LabelledGrade]] = []
    for label in labels:
        if runs and _only_blank_between(lines, runs[-1][-1].end, label.start):
            runs[-1].append(label)
        else:
            runs.append([label])
    return runs


def _graded_columns(lines: tuple[Line, ...], labels: list[LabelledGrade]) -> list[LabelledGrade]:
    """Pair a run of names without grades with as many grade lines right after it: a table
    whose name column was extracted before its grade column."""
    result: list[LabelledGrade] = []
    for run in _runs(lines, labels):
        grades = _grades_below(lines, run[-1].end, len(run))
        if len(run) > 1 and all(label.grade is None for label in run) and len(grades) == len(run):
            run = [
                _with_grade(lines, label, grade, at)
                for label, (grade, at) in zip(run, grades, strict=True)
            ]
            # The last row takes the grade column, so the next name starts a new run.
            run[-1] = replace(run[-1], end=grades[-1][1] + 1)
        result.extend(run)
    return result


def _graded_below(lines: tuple[Line, ...], label: LabelledGrade) -> LabelledGrade:
    """Give a name without a grade the grade on the first filled line below it, if any."""
    below = _grades_below(lines, label.end, 1) if label.grade is None else []
    if not below:
        return label
    grade, at = below[0]
    return replace(_with_grade(lines, label, grade, at), end=at + 1)


def _with_grade(
    lines: tuple[Line, ...], label: LabelledGrade, grade: Grade, at: int
) -> LabelledGrade:
    printed = f"{label.printed} {lines[at].text.strip()}"
    return replace(label, grade=grade, printed=printed)


def _grades_below(lines: tuple[Line, ...], start: int, most: int) -> list[tuple[Grade, int]]:
    """Return the grade lines (grade, index) right under `start`, up to `most` of them."""
    found: list[tuple[Grade, int]] = []
    index, blanks = start, 0
    while index < len(lines) and len(found) < most and blanks < GRADE_LOOKAHEAD:
        text = lines[index].text.strip()
        if text:
            grade = _cell_grade(text)
            if grade is None:
                break
            found.append((grade, index))
            blanks = 0
        else:
            blanks += 1
        index += 1
    return found


def _cell_grade(text: str) -> Grade | None:
    match = _GRADE_CELL.fullmatch(text.strip())
    if not match:
        return None
    if match["word"]:
        return grade_from_word(match["word"])
    if match["number"] and (match["keyword"] or "").lower() == "grade":
        return NUMBERED_GRADES[int(match["number"])]
    return None


def _filled_from(lines: tuple[Line, ...], index: int, most: int) -> list[int]:
    """Return the indexes of up to `most` consecutive non-blank lines from `index`."""
    filled = []
    for at in range(index, min(index + most, len(lines))):
        if not lines[at].text.strip():
            break
        filled.append(at)
    return filled


def _opens_block(lines: tuple[Line, ...], index: int) -> bool:
    """Say whether a line can open a heading or table row: not when it continues a wrapped
    line of prose (a long line that ends mid-sentence)."""
    if index == 0:
        return True
    previous = lines[index - 1].text.strip()
    return (
        len(previous) <= SHORT_LINE
        or previous.endswith((".", ":", "?", "!"))
        or bool(_ENDS_WITH_GRADE.search(previous))
    ) and not previous.endswith((",", "-", ";"))


def _only_blank_between(lines: tuple[Line, ...], start: int, end: int) -> bool:
    return all(not lines[index].text.strip() for index in range(start, end))


# --- Cutting blocks at judgement headings ---------------------------------------------------------


def cut_at_headings(
    blocks: list[Block], labels: list[LabelledGrade], lines: tuple[Line, ...]
) -> list[Block]:
    """Start a section at each judgement heading the shared layout left inside a block.

    Table rows are not headings: the text after a table is not about its last row.
    """
    # Blocks hold the document's own Line objects, so a line is found by identity: an equal
    # line elsewhere (another "Adequate" cell) is another line.
    opening = {id(lines[label.start]): label for label in labels if not label.in_table}
    taken = {id(lines[i]) for label in opening.values() for i in range(label.start, label.end)}
    result: list[Block] = []
    for block in blocks:
        if block.kind == "table" or not any(id(line) in opening for line in block.lines):
            result.append(block)
            continue
        current = replace(block, lines=[])
        result.append(current)
        for line in block.lines:
            if label := opening.get(id(line)):
                current = Block(
                    "section", label.label, block.service, block.service_heading, page=line.page
                )
                result.append(current)
            elif id(line) not in taken:
                current.lines.append(line)
    return result


# --- The sentence form ----------------------------------------------------------------------------


def sentence_judgement(area: str, body: list[Paragraph]) -> Judgement | None:
    """Return the judgement of `area` a sentence states, the first such sentence's grade."""
    pattern = next(pattern for name, pattern in _SENTENCES if name == area)
    for sentence in sentences(body):
        if match := pattern.match(sentence.text):
            grade = grade_from_word(match["word"])
            if grade:
                return Judgement(area, CANONICAL_LABELS[area], grade, sentence.passage())
    return None

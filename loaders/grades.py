"""Grade words and numbers as printed, mapped to the Grade enum."""

from __future__ import annotations

import re

from loaders.records import Grade

# Longest phrases first so "requires improvement to be good" wins over "good".
_GRADE_WORDS: list[tuple[str, Grade]] = [
    (r"requires?\s+improvement(?:\s+to\s+be\s+good)?", Grade.REQUIRES_IMPROVEMENT),
    (r"requiring\s+improvement", Grade.REQUIRES_IMPROVEMENT),
    (r"outstanding", Grade.OUTSTANDING),
    (r"inadequate", Grade.INADEQUATE),
    (r"adequate", Grade.ADEQUATE),
    (r"good", Grade.GOOD),
]
_GRADE_AT_START = [
    (re.compile(rf"^\W*{pattern}\b", re.IGNORECASE), g) for pattern, g in _GRADE_WORDS
]
_GRADE_ANYWHERE = re.compile(
    r"\b(" + "|".join(pattern for pattern, _ in _GRADE_WORDS) + r")\b", re.IGNORECASE
)
# 2009-2012 and 2013 frameworks: "Grade 2 (Good)", "Grade 3 (Adequate)".
_NUMBERED = re.compile(r"grade\s*([1-4])\b", re.IGNORECASE)
NUMBERED_GRADES = {1: Grade.OUTSTANDING, 2: Grade.GOOD, 3: Grade.ADEQUATE, 4: Grade.INADEQUATE}


def grade_from_word(text: str) -> Grade | None:
    """Return the grade a cell or phrase starts with ("Requires improvement", "Good ")."""
    for pattern, grade in _GRADE_AT_START:
        if pattern.search(text):
            return grade
    return None


def find_grade(text: str) -> Grade | None:
    """Return the first grade word anywhere in `text`."""
    match = _GRADE_ANYWHERE.search(text)
    return grade_from_word(match.group(1)) if match else None


def numbered_grade(text: str) -> Grade | None:
    """Return the grade of "Grade 2 (Good)" on the 2009-2012 four-point scale."""
    match = _NUMBERED.search(text)
    return NUMBERED_GRADES[int(match.group(1))] if match else None

"""Repair converter and layout noise so that parsers see plain lines of report text.

Fixes applied, in order, to every page:
- characters: ligatures, curly quotes and dashes, soft hyphens, superscript footnote markers,
  bullet glyphs from symbol fonts (all become "- " at the start of a line);
- markup left by PDF-to-markdown converters: bold/heading markers, HTML tags, markdown and HTML
  table rows (cells become tab-separated), horizontal rules;
- words split by a tab ("Chil\tdren");
- running headers and footers of PDFs: lines repeated at the top or bottom of many pages, and
  bare page numbers.
U+FFFE, pdfium's mark for a hyphen that ends a line, is kept: a parser can tell from it that a
footnote glued to the line is not part of the word; loaders.paragraphs rejoins the word.
Paragraph joining is left to the parsers, which know their formats' numbering.
"""

from __future__ import annotations

import re
from collections import Counter

from loaders.document import CleanDocument, Document, Line

CHARACTER_FIXES = str.maketrans(
    {
        "\ufb00": "ff",
        "\ufb01": "fi",
        "\ufb02": "fl",
        "\ufb03": "ffi",
        "\ufb04": "ffl",
        "\u2018": "'",
        "\u2019": "'",
        "\u201a": "'",
        "\u2032": "'",
        "\u201c": '"',
        "\u201d": '"',
        "\u2013": "-",
        "\u2011": "-",
        "\u2014": "-",
        "\u2012": "-",
        "\u2212": "-",
        "\u00a0": " ",
        "\u2009": " ",
        "\u202f": " ",
        "\u00ad": "",
        "\u200b": "",
        "\ufeff": "",
        "\r": "",
        "\u2026": "...",
    }
)
# str.translate with this many-to-many table is slow on non-ASCII pages; replacing only the
# characters a page holds is several times faster, and the same (no replacement holds a key).
_CHARACTER_REPLACEMENTS = tuple((chr(code), fix) for code, fix in CHARACTER_FIXES.items())
SUPERSCRIPT_DIGITS = "\u00b9\u00b2\u00b3\u2070\u2074\u2075\u2076\u2077\u2078\u2079"
# Bullets as PDFs render them, including symbol-font private-use code points.
BULLET_GLYPHS = (
    "\u25fc\u25a0\u2022\u25cf\u25aa\u25e6\u2023\u2043"
    "\u25b6\u27a2\uf0b7\uf0a7\uf0d8\uf0fc\uf06e\uf02d\uf0be\u00b7\u2219"
)

_SUPERSCRIPTS = re.compile(f"[{SUPERSCRIPT_DIGITS}]+")
_BULLET_LINE = re.compile(rf"^\s*[{BULLET_GLYPHS}]\s*")
_MARKDOWN_BULLET = re.compile(r"^\s*[-*+]\s+")
_HEADING_MARKS = re.compile(r"^\s*#{1,6}\s*")
_BOLD_MARKS = re.compile(r"\*\*|__")
_LINK = re.compile(r"\[([^\]]+)\]\([^)]+\)")
_CELL_BREAK = re.compile(r"</t[dh]>\s*<t[dh][^>]*>", re.IGNORECASE)
_TAG = re.compile(r"<[^>\n]{1,200}>")
_TABLE_RULE = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(\|\s*:?-*:?\s*)*\|?\s*$")
_HORIZONTAL_RULE = re.compile(r"^[\s\t]*(-{2,}[\s\t]*)+$|^\s*(\*{3,}|_{3,})\s*$")
_SPLIT_WORD_TAB = re.compile(r"(?<=[a-z])\t(?=[a-z])")
_SPACES = re.compile(r"[ \u00a0]{2,}")
# Whitespace other than space, tab and newline (em spaces, vertical tabs, U+2028...).
_OTHER_SPACE = re.compile(r"[^\S\n\t ]")
_PAGE_NUMBER = re.compile(r"^\s*(page\s+)?\d{1,3}(\s+of\s+\d{1,3})?\s*$", re.IGNORECASE)
_DIGITS = re.compile(r"\d+")

# Lines within this many of a page's top or bottom are candidates for running headers/footers.
EDGE_LINES = 3
# A candidate repeated on at least this share of pages is a running header or footer.
REPEAT_SHARE = 0.3


def clean(document: Document) -> CleanDocument:
    """Return the document's text with converter and layout noise repaired."""
    pages = [(page.number, _clean_page_lines(page.text)) for page in document.pages]
    if document.media_type == "application/pdf" and len(pages) >= 3:
        pages = _drop_running_lines(pages)
    # Runs of blank lines become one, and none opens or ends the document; squeezed as the
    # lines are made, so that no Line is made only to be dropped.
    lines: list[Line] = []
    for number, page_lines in pages:
        for text in page_lines:
            if text or (lines and lines[-1].text):
                lines.append(Line(text, number))
    while lines and not lines[-1].text:
        lines.pop()
    return CleanDocument(document.source, document.media_type, tuple(lines))


def clean_text(text: str) -> str:
    """Repair a fragment of text (used by tests and by parsers on single strings)."""
    return "\n".join(_clean_page_lines(text))


def _clean_page_lines(text: str) -> list[str]:
    for character, fix in _CHARACTER_REPLACEMENTS:
        if character in text:
            text = text.replace(character, fix)
    if any(map(text.__contains__, SUPERSCRIPT_DIGITS)):  # rare; the pattern is slow to rule out
        text = _SUPERSCRIPTS.sub("", text)
    if _has_other_space(text):
        # As plain spaces their runs are squeezed too: parsers' patterns can take time
        # quadratic in the length of a whitespace run they cannot match across.
        text = _OTHER_SPACE.sub(" ", text)
    text = _expand_html_table_rows(text)
    # Markup only comes from converters' markdown/HTML; PDF pages skip that work entirely.
    has_markup = any(map(text.__contains__, _MARKUP_CHARACTERS)) or any(
        _holds_pair(text, pair) for pair in _MARKUP_PAIRS
    )
    if has_markup or "\t" in text or "  " in text:
        return [_clean_line(raw, has_markup) for raw in text.split("\n") if not _is_rule(raw)]
    # Nearly every PDF page: without markup, tabs or runs of spaces, a line that opens on no
    # bullet or rule sign only needs its ends stripped (what _clean_line would do, minus a call).
    cleaned = []
    for raw in text.split("\n"):
        line = raw.strip()
        if line[:1] in _LINE_SIGNS:
            if _is_rule(raw):
                continue
            line = _clean_line(raw, has_markup)
        cleaned.append(line)
    return cleaned


# What markup holds: one of these characters or pairs of characters.
_MARKUP_CHARACTERS = "<#|&"
_MARKUP_PAIRS = ("**", "__", "](")
_BULLET_STARTS = frozenset(BULLET_GLYPHS + "-*+")
_RULE_STARTS = "-|*_:"
# First characters of the lines that may be a rule or a bullet (see _is_rule and _clean_line).
_LINE_SIGNS = _BULLET_STARTS | frozenset(_RULE_STARTS)
# Whitespace that _OTHER_SPACE matches in ASCII text (str.isspace, less space, tab and newline).
_ASCII_OTHER_SPACES = "\r\x0b\x0c\x1c\x1d\x1e\x1f"
# ... and in any text: every character str.isspace() (and so the pattern's \s) holds, less
# space, tab and newline.
_OTHER_SPACES = (
    _ASCII_OTHER_SPACES
    + "\x85\xa0\u1680"
    + "".join(map(chr, range(0x2000, 0x200B)))
    + "\u2028\u2029\u202f\u205f\u3000"
)


def _has_other_space(text: str) -> bool:
    """Say whether _OTHER_SPACE matches anywhere in `text`."""
    # The pattern tries every character of a page; a substring test per character it can
    # match gives the answer several times sooner (most pages are ASCII once the character
    # fixes are made, and need only the ASCII ones).
    spaces = _ASCII_OTHER_SPACES if text.isascii() else _OTHER_SPACES
    return any(map(text.__contains__, spaces))


def _holds_pair(text: str, pair: str) -> bool:
    """Say whether `text` holds the two characters `pair`."""
    # Looking for one character is many times faster than for two: most texts lack the first.
    return pair[0] in text and pair in text


def _expand_html_table_rows(text: str) -> str:
    if not (_holds_pair(text, "<t") or _holds_pair(text, "<T")):
        return text
    text = re.sub(r"</tr>", "\n", text, flags=re.IGNORECASE)
    return _CELL_BREAK.sub("\t", text)


def _is_rule(raw: str) -> bool:
    stripped = raw.strip()
    if not stripped or stripped[0] not in _RULE_STARTS:
        return False
    return bool(_TABLE_RULE.match(raw) and "|" in raw) or bool(_HORIZONTAL_RULE.match(raw))


def _clean_line(raw: str, has_markup: bool = True) -> str:
    line = raw
    if has_markup:
        line = _strip_markup(line)
    stripped = line.lstrip()
    if stripped and stripped[0] in _BULLET_STARTS:
        line = _BULLET_LINE.sub("- ", line)
        if _MARKDOWN_BULLET.match(line):
            line = _MARKDOWN_BULLET.sub("- ", line)
    if "\t" in line:
        line = _SPLIT_WORD_TAB.sub("", line)
        cells = [_SPACES.sub(" ", cell).strip() for cell in line.split("\t")]
        return "\t".join(cell for cell in cells if cell)
    if "  " in line:
        line = _SPACES.sub(" ", line)
    return line.strip()


def _strip_markup(line: str) -> str:
    if line.lstrip().startswith("|") and line.rstrip().endswith("|"):
        cells = [cell.strip() for cell in line.strip().strip("|").split("|")]
        line = "\t".join(cell for cell in cells if cell)
    if "](" in line:
        line = _LINK.sub(r"\1", line)
    if "<" in line:
        line = re.sub(r"</p>\s*<p>", " ", line, flags=re.IGNORECASE)
        line = re.sub(r"<br\s*/?>", " ", line, flags=re.IGNORECASE)
        line = _TAG.sub("", line)
    if "#" in line:
        line = _HEADING_MARKS.sub("", line)
    if "**" in line or "__" in line:
        line = _BOLD_MARKS.sub("", line)
    if "&" in line:
        line = line.replace("&amp;", "&").replace("&nbsp;", " ").replace("&lt;", "<")
        line = line.replace("&gt;", ">").replace("&quot;", '"').replace("&#39;", "'")
    return line


def _edge_key(line: str) -> str:
    return _DIGITS.sub("#", line.strip().lower())


def _drop_running_lines(
    pages: list[tuple[int | None, list[str]]],
) -> list[tuple[int | None, list[str]]]:
    # Each page's edge lines and their keys, worked out once for counting and for dropping.
    edges = [
        {index: _edge_key(page_lines[index]) for index in _edge_indexes(page_lines)}
        for _, page_lines in pages
    ]
    counts: Counter[str] = Counter()
    for keys in edges:
        counts.update(set(keys.values()))
    threshold = max(3, int(len(pages) * REPEAT_SHARE))
    running = {key for key, count in counts.items() if count >= threshold and key}
    cleaned = []
    for (number, page_lines), keys in zip(pages, edges, strict=True):
        # Only the few lines at a page's edges can go: test those, not every line of the page.
        dropped = {
            index
            for index, key in keys.items()
            if key in running or _PAGE_NUMBER.match(page_lines[index])
        }
        if dropped:
            page_lines = [line for index, line in enumerate(page_lines) if index not in dropped]
        cleaned.append((number, page_lines))
    return cleaned


def _edge_indexes(page_lines: list[str]) -> list[int]:
    """Return the indexes of the first and of the last EDGE_LINES non-blank lines."""
    top = _first_content(page_lines, range(len(page_lines)))
    bottom = _first_content(page_lines, range(len(page_lines) - 1, -1, -1))
    return top + bottom[::-1]


def _first_content(page_lines: list[str], order: range) -> list[int]:
    # Only a page's ends are looked at: most of its lines are never stripped.
    found: list[int] = []
    for index in order:
        if page_lines[index].strip():
            found.append(index)
            if len(found) == EDGE_LINES:
                break
    return found

"""One file in, one parsed record out: extract, repair, pick the family, parse."""

from __future__ import annotations

import dataclasses
import datetime as dt
import re
from pathlib import Path

from loaders.dates import DATE_PATTERN, parse_date
from loaders.document import CleanDocument, Document
from loaders.errors import LoadError, NotAReportError, ParseError
from loaders.extract import read_document
from loaders.parsers import parser_modules
from loaders.records import InspectionReport, ParseOutcome, Record
from loaders.repair import clean


def parse_clean(document: CleanDocument) -> Record:
    """Parse a cleaned document with the first parser family that recognises it."""
    for module in parser_modules():
        if module.detect(document):
            try:
                return module.parse(document)
            except LoadError:
                raise
            except (ValueError, IndexError, KeyError, AttributeError, TypeError) as error:
                # A parser bug on an unexpected layout must name the file, not crash the batch.
                raise ParseError(
                    document.source,
                    f"{module.FAMILY} parser failed: {type(error).__name__}: {error}",
                ) from error
    raise NotAReportError(
        document.source, "not a children's services inspection report of a known kind"
    )


def load_file(path: Path, source: str | None = None) -> ParseOutcome:
    """Read and parse one file; raise a LoadError with the reason if that is not possible."""
    return load_document(read_document(path, source), path.name)


def load_document(document: Document, file_name: str) -> ParseOutcome:
    """Parse the text already read from the file called `file_name`; raise a LoadError if not."""
    record = parse_clean(clean(document))
    if isinstance(record, InspectionReport) and record.published is None:
        record = dataclasses.replace(record, published=published_from_file_name(file_name))
    return ParseOutcome(document.source, document.content_hash, document.media_type, record)


_TRAILING_DATE = re.compile(DATE_PATTERN + r"\s*$", re.IGNORECASE)


def published_from_file_name(name: str) -> dt.date | None:
    """Return the date that ends a file name ("... inspection - 09 may 2025.pdf"), if any.

    ILACS reports do not print their publication date; Ofsted's download names carry it.
    """
    stem = name.rsplit(".", 1)[0] if "." in name else name
    match = _TRAILING_DATE.search(stem)
    return parse_date(match.group(0)) if match else None

"""The loader's error types: every failure to read a file is one of these."""

from __future__ import annotations


class LoadError(Exception):
    """A file could not be turned into records; the message says why in one line."""

    def __init__(self, source: str, reason: str) -> None:
        # One line, whatever a library's message held: the build prints one line per file.
        reason = " ".join(reason.split()) or "unknown reason"
        super().__init__(f"{source}: {reason}")
        self.source = source
        self.reason = reason


class NotAReportError(LoadError):
    """The file is readable but is not an inspection report we know (e.g. an HTML error page)."""


class UnreadableFileError(LoadError):
    """The file cannot be read at all: missing, empty, truncated, encrypted or not text."""


class ParseError(LoadError):
    """The file is a report of a known family but a fact it must hold could not be read."""

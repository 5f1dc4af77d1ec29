"""Pull text out of the smallest PDFs on the idle core while a build is still starting up.

Before the parse workers can fork, the build imports its parsers and mapping (about a tenth
of a second of compiling patterns and making classes) on one core, and the others wait. Text
extraction needs none of that, so a process forked before those imports extracts the smallest
files until the workers are ready; the workers then only parse what it extracted.

The process is forked from a parent that has imported little. It is told to stop by a byte on
one pipe (not by closing it: the workers forked later inherit a copy of every descriptor) and
then sends what it finished on another, in one go, since the parent reads only once it has
stopped it. Whatever it did not finish, including a file it crashed on, goes to the workers
like any other file.
"""

from __future__ import annotations

import contextlib
import os
import pickle
import select
import signal
import struct
import time
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path

from loaders.document import Document
from loaders.errors import LoadError

_LENGTH = struct.Struct("<Q")
# Longest the build waits, once the workers are ready, for the file the process is on.
COLLECT_SECONDS = 10.0


@dataclass
class Extracted:
    """What the early process finished, by source: text, or the reason a file is unreadable."""

    documents: dict[str, Document] = field(default_factory=dict)
    failures: dict[str, str] = field(default_factory=dict)


class EarlyExtraction:
    """A forked process extracting files (path, source) in order until `collect` stops it."""

    def __init__(self, paths: Sequence[tuple[Path, str]]) -> None:
        self.sources = frozenset(source for _, source in paths)
        self._results_read, results_write = os.pipe()
        stop_read, self._stop_write = os.pipe()
        self._pid = os.fork()
        if self._pid == 0:  # the child never returns into the build
            status = 1
            try:
                os.close(self._results_read)
                os.close(self._stop_write)
                _extract_until_stopped(paths, results_write, stop_read)
                status = 0
            finally:
                os._exit(status)
        os.close(results_write)
        os.close(stop_read)

    def collect(self) -> Extracted:
        """Stop the process after the file it is on and return what it finished."""
        self._stop()
        received = bytearray()
        deadline = time.monotonic() + COLLECT_SECONDS
        while self._results_read >= 0:
            left = deadline - time.monotonic()
            if left <= 0 or not select.select([self._results_read], [], [], left)[0]:
                # Stuck on one file (a PDF pdfium cannot finish): its files go to the workers,
                # whose own handling of such a file applies.
                os.kill(self._pid, signal.SIGKILL)
                received.clear()
                break
            chunk = os.read(self._results_read, 1 << 20)
            if not chunk:
                self._reap()  # it has sent everything and is exiting
                break
            received += chunk
        self.close()
        return _decode(bytes(received))

    def close(self) -> None:
        """End the process without its results (the build failed or was cut short)."""
        if self._pid > 0:
            os.kill(self._pid, signal.SIGKILL)
        self._stop()
        if self._results_read >= 0:
            os.close(self._results_read)
            self._results_read = -1
        self._reap()

    def _stop(self) -> None:
        if self._stop_write >= 0:
            with contextlib.suppress(OSError):  # it has exited already
                os.write(self._stop_write, b"x")
            os.close(self._stop_write)
            self._stop_write = -1

    def _reap(self) -> None:
        if self._pid > 0:
            os.waitpid(self._pid, 0)
            self._pid = -1

    def __enter__(self) -> EarlyExtraction:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


def _decode(received: bytes) -> Extracted:
    extracted = Extracted()
    view, offset = memoryview(received), 0
    while offset + _LENGTH.size <= len(view):
        (length,) = _LENGTH.unpack_from(view, offset)
        offset += _LENGTH.size
        try:
            source, outcome = pickle.loads(view[offset : offset + length])
        except (pickle.UnpicklingError, EOFError, ValueError):
            break  # cut short by a crash: the unfinished files go to the workers
        offset += length
        if isinstance(outcome, Document):
            extracted.documents[source] = outcome
        else:
            extracted.failures[source] = outcome
    return extracted


def _extract_until_stopped(
    paths: Sequence[tuple[Path, str]], results_write: int, stop_read: int
) -> None:
    from loaders.extract import read_document

    finished: list[bytes] = []
    for path, source in paths:
        if select.select([stop_read], [], [], 0)[0]:
            break  # the workers are ready
        try:
            outcome: Document | str = read_document(path, source)
        except LoadError as error:
            outcome = error.reason
        except Exception:  # noqa: BLE001 - an unexpected failure is the workers' to report
            continue
        body = pickle.dumps((source, outcome), protocol=pickle.HIGHEST_PROTOCOL)
        finished.append(_LENGTH.pack(len(body)) + body)
    with os.fdopen(results_write, "wb") as results:
        results.write(b"".join(finished))

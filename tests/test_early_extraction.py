"""The early extraction: a process that pulls text out of the smallest files while a build starts.

What it hands back must be exactly what the workers would have read; it must stop when told and
never hang the build; whatever it did not finish (or crashed on) must still be parsed.
"""

from __future__ import annotations

import os
import signal
import time
from pathlib import Path

import pytest

from graph import build as build_module
from graph.build import build
from graph.early_extraction import EarlyExtraction, Extracted
from graph.store import EmbeddedStore
from loaders.errors import LoadError
from loaders.extract import read_document
from tests.conftest import CORPUS, SEED_FILES
from tests.test_build_batches import quads

SEEDS = [str(path) for path in SEED_FILES.values()]
HTML_PAGE = b"<!DOCTYPE html><html><head><title>Report not found</title></head><body></body></html>"


def reaped(pid: int) -> bool:
    try:
        os.waitpid(pid, os.WNOHANG)
    except ChildProcessError:
        return True
    return False


def test_what_it_extracts_is_what_read_document_reads(tmp_path: Path) -> None:
    error_page = tmp_path / "error page.pdf"
    error_page.write_bytes(HTML_PAGE)
    files = [(path, f"seed {key}") for key, path in SEED_FILES.items()]
    files.append((error_page, "error page.pdf"))
    pdfs = sorted(CORPUS.rglob("*.pdf"), key=lambda path: path.stat().st_size)[3:5]
    files += [(path, path.name) for path in pdfs]
    early = EarlyExtraction(files)
    time.sleep(2)  # a few small files: long finished, the process waits to hand them over
    extracted = early.collect()
    assert set(extracted.documents) | set(extracted.failures) == {source for _, source in files}
    for path, source in files:
        try:
            expected = read_document(path, source)
        except LoadError as error:
            assert extracted.failures[source] == error.reason
            assert "HTML page" in error.reason
        else:
            assert extracted.documents[source] == expected
    assert len(extracted.documents) == len(files) - 1


def test_it_stops_when_the_workers_are_ready(tmp_path: Path) -> None:
    files = [(SEED_FILES["002"], f"copy {number}") for number in range(3000)]
    early = EarlyExtraction(files)
    pid = early._pid
    started = time.perf_counter()
    extracted = early.collect()
    assert time.perf_counter() - started < 5
    assert len(extracted.documents) < len(files)
    assert reaped(pid)


def test_closing_it_never_waits_for_a_process_stuck_on_a_full_pipe() -> None:
    # Five seeds are several times a pipe's buffer: the process blocks handing them over.
    early = EarlyExtraction([(path, key) for key, path in SEED_FILES.items()])
    pid = early._pid
    time.sleep(1)
    started = time.perf_counter()
    early.close()
    assert time.perf_counter() - started < 5
    assert reaped(pid)


@pytest.fixture(scope="module")
def serial_quads(tmp_path_factory: pytest.TempPathFactory) -> tuple[set[str], int]:
    """The seeds' quads as a build without workers (so without early extraction) loads them."""
    store = EmbeddedStore(tmp_path_factory.mktemp("serial") / "store")
    build(store, SEEDS, workers=1)
    return quads(store)


def slow_start(monkeypatch: pytest.MonkeyPatch) -> None:
    """Make the build's start-up slow, as a fresh interpreter importing its parsers is."""
    original = build_module._parsing

    def slow() -> object:
        time.sleep(0.5)
        return original()

    monkeypatch.setattr(build_module, "_parsing", slow)


def test_a_build_with_early_extraction_loads_the_same_graph(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serial_quads: tuple[set[str], int]
) -> None:
    handed_over: list[Extracted] = []
    original_collect = EarlyExtraction.collect

    def collect(self: EarlyExtraction) -> Extracted:
        handed_over.append(original_collect(self))
        return handed_over[-1]

    monkeypatch.setattr(EarlyExtraction, "collect", collect)
    slow_start(monkeypatch)
    pooled = EmbeddedStore(tmp_path / "pooled")
    result = build(pooled, SEEDS, workers=2)
    assert len(result.loaded) == len(SEEDS) and not result.failed
    assert handed_over and handed_over[0].documents  # the workers parsed its text
    assert quads(pooled) == serial_quads


def test_files_it_did_not_finish_are_parsed_by_the_workers(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, serial_quads: tuple[set[str], int]
) -> None:
    class CrashingEarly(EarlyExtraction):
        def __init__(self, paths: list[tuple[Path, str]]) -> None:
            super().__init__(paths)
            os.kill(self._pid, signal.SIGKILL)  # as if pdfium had crashed on its first file

    monkeypatch.setattr(build_module, "EarlyExtraction", CrashingEarly)
    slow_start(monkeypatch)
    pooled = EmbeddedStore(tmp_path / "pooled")
    result = build(pooled, SEEDS, workers=2)
    assert len(result.loaded) == len(SEEDS) and not result.failed
    assert quads(pooled) == serial_quads


def test_an_unreadable_file_it_finds_is_named_like_any_other(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "reports"
    folder.mkdir()
    for key, path in SEED_FILES.items():
        (folder / f"{key}.txt").write_bytes(path.read_bytes())
    (folder / "tiny error page.pdf").write_bytes(HTML_PAGE)  # the smallest: extracted early
    slow_start(monkeypatch)
    result = build(EmbeddedStore(tmp_path / "store"), [str(folder)], workers=2)
    assert len(result.loaded) == len(SEED_FILES)
    assert [(Path(source).name, "HTML page" in reason) for source, reason in result.failed] == [
        ("tiny error page.pdf", True)
    ]


def test_a_file_it_cannot_finish_does_not_hold_up_the_build(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr("graph.early_extraction.COLLECT_SECONDS", 1.0)
    never_ending = tmp_path / "never ending.pdf"
    os.mkfifo(never_ending)  # reading it blocks for ever, as a PDF pdfium loops on would
    early = EarlyExtraction([(never_ending, "never ending.pdf"), (SEED_FILES["002"], "002")])
    pid = early._pid
    time.sleep(0.3)
    started = time.perf_counter()
    extracted = early.collect()
    assert time.perf_counter() - started < 5
    assert extracted.documents == {} and extracted.failures == {}
    assert reaped(pid)


def test_a_build_goes_on_without_it_when_no_process_can_be_started(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def no_process(_paths: object) -> None:
        raise BlockingIOError(11, "Resource temporarily unavailable")

    monkeypatch.setattr(build_module, "EarlyExtraction", no_process)
    result = build(EmbeddedStore(tmp_path / "store"), SEEDS, workers=2)
    assert len(result.loaded) == len(SEEDS) and not result.failed


def test_a_file_it_fails_on_unexpectedly_is_left_to_the_workers(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import loaders.extract

    original = loaders.extract.read_document

    def read_or_fail(path: Path, source: str | None = None) -> object:
        if source == "boom":
            raise RuntimeError("a bug in a library")
        return original(path, source)

    monkeypatch.setattr(loaders.extract, "read_document", read_or_fail)
    early = EarlyExtraction([(SEED_FILES["002"], "boom"), (SEED_FILES["002"], "fine")])
    time.sleep(1)
    extracted = early.collect()
    assert set(extracted.documents) == {"fine"} and extracted.failures == {}

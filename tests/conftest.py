"""Shared fixtures: paths to the bundled seeds and the shared corpus."""

from __future__ import annotations

import csv
import importlib.util
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from loaders.document import CleanDocument, Document, Page
from loaders.extract import read_document
from loaders.repair import clean

PROJECT = Path(__file__).resolve().parent.parent
SEEDS = PROJECT / "data" / "seeds"
SHARED = PROJECT.parent / "shared"
CORPUS = SHARED / "corpus" / "ofsted-pdf"
LABELS = SHARED / "corpus" / "labels.csv"
BENCHMARKS = PROJECT / "benchmarks"

SEED_FILES = {
    "000": SEEDS / "000_0198f2293c425e86.txt",
    "001": SEEDS / "001_3b77d2bdebb1a5cd.txt",
    "002": SEEDS / "002_5d7ae1ebd0854583.txt",
    "003": SEEDS / "003_0f0a4a3acd0e3a62.txt",
    "004": SEEDS / "004_09a8bcbe9569aa90.txt",
}


def free_port() -> int:
    """Return a TCP port on 127.0.0.1 that nothing listens on now."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def load_benchmark(name: str) -> ModuleType:
    """Import benchmarks/`name`.py (a script folder, not a package) under its own name, as
    its sibling scripts import it; load a script's siblings before the script."""
    loaded = sys.modules.get(name)
    if loaded is not None and Path(loaded.__file__ or "") == BENCHMARKS / f"{name}.py":
        return loaded
    spec = importlib.util.spec_from_file_location(name, BENCHMARKS / f"{name}.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look the module up by name
    spec.loader.exec_module(module)
    return module


def clean_seed(key: str) -> CleanDocument:
    """Return the cleaned text of seed `key` ("000" to "004")."""
    return clean(read_document(SEED_FILES[key]))


def clean_corpus_file(relative: str) -> CleanDocument:
    """Return the cleaned text of a file under ../shared/corpus/ofsted-pdf."""
    return clean(read_document(CORPUS / relative, source=relative))


def clean_pages(pages: list[str], name: str = "report.pdf") -> CleanDocument:
    """Return the cleaned text of a PDF whose pages hold these texts."""
    return clean(
        Document(name, "application/pdf", tuple(Page(n, t) for n, t in enumerate(pages, 1)))
    )


def without_blank_lines(pages: list[str]) -> list[str]:
    """Return the pages as pdfium extracts them: nothing between paragraphs."""
    return ["\n".join(line for line in page.split("\n") if line.strip()) for page in pages]


def corpus_labels() -> list[dict[str, str]]:
    """Return the hand-checked rows of ../shared/corpus/labels.csv; none without ../shared, so
    that tests parametrized over them are skipped (like `requires_corpus` ones), not errors."""
    if not LABELS.exists():
        return []
    with LABELS.open(newline="", encoding="utf-8") as handle:
        return list(csv.DictReader(handle))


requires_corpus = pytest.mark.skipif(
    not LABELS.exists(), reason="../shared/corpus is not beside the checkout"
)


@pytest.fixture(scope="session")
def oxigraph_binary() -> str:
    """Return the `oxigraph` server binary (PyPI package oxigraph); skip without it, except
    under CI (CI=true), where that is a failure."""
    # pip installs the binary beside this interpreter, which need not be on PATH (make test).
    beside = Path(sys.executable).parent / "oxigraph"
    binary = str(beside) if beside.exists() else shutil.which("oxigraph")
    if binary is None:
        message = "the oxigraph binary is missing: pip install oxigraph"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)
    return binary


@pytest.fixture
def oxigraph_url(oxigraph_binary: str, tmp_path: Path) -> Iterator[str]:
    """Start `oxigraph serve` on 127.0.0.1 with an empty store; yield its URL."""
    port = free_port()
    location = str(tmp_path / "oxigraph")
    process = subprocess.Popen(
        [oxigraph_binary, "serve", "--location", location, "--bind", f"127.0.0.1:{port}"],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 30
        while True:
            try:
                urllib.request.urlopen(f"{url}/query?query=ASK%7B%7D", timeout=1).read()
                break
            except OSError:
                if time.monotonic() > deadline or process.poll() is not None:
                    raise
                time.sleep(0.1)
        yield url
    finally:
        process.terminate()
        process.wait(timeout=10)

"""Building while the graph is being served: readers keep answering and see the new reports.

Two levels: an EmbeddedStore reader in this process (what the server's query workers hold),
and the real `ofsted-kg serve` in its own process, asked over HTTP many times a second while
`ofsted-kg build` adds reports. Neither is restarted; each must answer throughout and show the
new reports within seconds of the build finishing.
"""

from __future__ import annotations

import contextlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from graph.store import EmbeddedStore
from tests.conftest import SEED_FILES, free_port

PROJECT = Path(__file__).resolve().parent.parent
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(PROJECT)}
# Served before the build: two seeds. The build adds the other three.
BEFORE = ("001", "003")
REPORTS_QUERY = (
    "SELECT (COUNT(DISTINCT ?g) AS ?n) "
    "WHERE { GRAPH ?g { ?g <https://w3id.org/ofsted-kg/def#sourcePath> ?source } }"
)
# After the build, the new reports must show within this many seconds.
VISIBLE_WITHIN = 5.0


def cli(*arguments: str) -> list[str]:
    """Return the command line that runs `ofsted-kg` from this checkout."""
    return [sys.executable, "-m", "graph.cli", *arguments]


@pytest.fixture
def reports(tmp_path: Path) -> Path:
    """Copy the seeds to tmp_path/reports and build the store from two of them."""
    folder = tmp_path / "reports"
    folder.mkdir()
    for path in SEED_FILES.values():
        shutil.copy(path, folder / path.name)
    before = [str(folder / SEED_FILES[key].name) for key in BEFORE]
    run_build(tmp_path / "store", *before)
    return folder


def run_build(store: Path, *paths: str) -> float:
    """Run `ofsted-kg build` to its end; return the moment it ended (time.monotonic)."""
    result = subprocess.run(
        cli("build", "--store", str(store), *paths),
        env=ENVIRONMENT,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert result.returncode == 0, result.stderr
    return time.monotonic()


@dataclass
class Answers:
    """What a polling reader saw: (moment, report count or error text)."""

    seen: list[tuple[float, int | str]] = field(default_factory=list)
    stop: threading.Event = field(default_factory=threading.Event)

    def errors(self) -> list[str]:
        return [answer for _, answer in self.seen if isinstance(answer, str)]

    def counts(self) -> list[int]:
        return [answer for _, answer in self.seen if isinstance(answer, int)]

    def first_seen(self, count: int) -> float | None:
        return next((moment for moment, answer in self.seen if answer == count), None)

    def during(self, start: float, end: float) -> int:
        return sum(1 for moment, _ in self.seen if start <= moment <= end)


def poll(ask: Callable[[], int | str], answers: Answers, pause: float = 0.02) -> None:
    """Ask for the report count until told to stop, recording each answer."""
    while not answers.stop.is_set():
        answers.seen.append((time.monotonic(), ask()))
        time.sleep(pause)


@contextlib.contextmanager
def polling(ask: Callable[[], int | str]) -> Iterator[Answers]:
    """Poll with `ask` in a thread for the duration of the block."""
    answers = Answers()
    thread = threading.Thread(target=poll, args=(ask, answers), daemon=True)
    thread.start()
    try:
        yield answers
    finally:
        answers.stop.set()
        thread.join(timeout=30)


def check_live_rebuild(answers: Answers, build_started: float, build_ended: float) -> None:
    """Check the reader answered throughout, never went back, and saw the new graph soon."""
    assert answers.errors() == []
    counts = answers.counts()
    assert set(counts) <= {len(BEFORE), len(SEED_FILES)}, counts
    assert counts == sorted(counts), "a reader went back to the old graph"
    assert answers.during(build_started, build_ended) >= 5, "no answers while building"
    shown = answers.first_seen(len(SEED_FILES))
    assert shown is not None and shown - build_ended < VISIBLE_WITHIN


def wait_until(answers: Answers, count: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while answers.first_seen(count) is None and time.monotonic() < deadline:
        time.sleep(0.05)


def test_a_store_reader_answers_during_a_build_and_sees_the_new_graph(
    reports: Path, tmp_path: Path
) -> None:
    reader = EmbeddedStore(tmp_path / "store")

    def ask() -> int | str:
        try:
            return int(next(iter(reader.query(REPORTS_QUERY)))["n"].value)
        except (OSError, RuntimeError, ValueError) as error:
            return f"{type(error).__name__}: {error}"

    assert ask() == len(BEFORE)
    with polling(ask) as answers:
        started = time.monotonic()
        ended = run_build(tmp_path / "store", str(reports))
        wait_until(answers, len(SEED_FILES), VISIBLE_WITHIN)
    check_live_rebuild(answers, started, ended)


@contextlib.contextmanager
def served(store: Path, log: Path) -> Iterator[str]:
    """Run `ofsted-kg serve` on 127.0.0.1 over `store`; yield its SPARQL endpoint URL."""
    port = free_port()
    with log.open("w") as output:
        server = subprocess.Popen(
            cli("serve", "--store", str(store), "--host", "127.0.0.1", "--port", str(port)),
            env=ENVIRONMENT,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # its query workers share its process group
        )
    endpoint = f"http://127.0.0.1:{port}/sparql"
    try:
        deadline = time.monotonic() + 60
        while not isinstance(http_count(endpoint), int):
            assert server.poll() is None, log.read_text()
            assert time.monotonic() < deadline, "the server did not start in 60 s"
            time.sleep(0.2)
        yield endpoint
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(server.pid, signal.SIGTERM)
        try:
            server.wait(timeout=10)
        except subprocess.TimeoutExpired:
            os.killpg(server.pid, signal.SIGKILL)
            server.wait(timeout=10)


def http_count(endpoint: str) -> int | str:
    """Ask the server for the report count; return it, or what went wrong."""
    url = endpoint + "?" + urllib.parse.urlencode({"query": REPORTS_QUERY})
    request = urllib.request.Request(url, headers={"Accept": "application/sparql-results+json"})
    try:
        with urllib.request.urlopen(request, timeout=10) as response:
            body = json.load(response)
    except (urllib.error.URLError, OSError, ValueError) as error:
        return f"{type(error).__name__}: {error}"
    return int(body["results"]["bindings"][0]["n"]["value"])


def test_the_server_answers_during_a_build_and_shows_new_reports_without_restart(
    reports: Path, tmp_path: Path
) -> None:
    with served(tmp_path / "store", tmp_path / "server.log") as endpoint:
        assert http_count(endpoint) == len(BEFORE)
        with polling(lambda: http_count(endpoint)) as answers:
            started = time.monotonic()
            ended = run_build(tmp_path / "store", str(reports))
            wait_until(answers, len(SEED_FILES), VISIBLE_WITHIN)
        check_live_rebuild(answers, started, ended)
        # A second build shows too, still without a restart.
        shutil.copy(SEED_FILES["003"], reports / "copy-of-003.txt")
        ended = run_build(tmp_path / "store", str(reports))
        while http_count(endpoint) != len(SEED_FILES) + 1:
            assert time.monotonic() - ended < VISIBLE_WITHIN, "the second build did not show"
            time.sleep(0.05)

"""A whole `ofsted-kg build` killed with SIGKILL at random moments leaves the previous graph whole.

tests/test_store.py kills a writer at store level; here the real command (its parsing
workers, the reference graph, the checkpoint, the publish) dies like a power cut, and the
store must still answer with exactly the graph of the last finished build, or, when the kill
came after the publish, exactly the new one. The next build then finishes normally.
"""

from __future__ import annotations

import contextlib
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pyoxigraph as ox
import pytest

from graph.store import EmbeddedStore
from graph.terms import BUILD_GRAPH
from tests.conftest import SEED_FILES

PROJECT = Path(__file__).resolve().parent.parent
# The graph before the killed build: two seeds. The killed build loads every seed, three
# times over under different names, and parses them all again (--force): it spends most of
# its run inside its transaction.
BEFORE = ("001", "003")
COPIES = 3
KILLS = 6


def cli(*arguments: str) -> list[str]:
    """Return the command line that runs `ofsted-kg` from this checkout."""
    return [sys.executable, "-m", "graph.cli", *arguments]


ENVIRONMENT = {**os.environ, "PYTHONPATH": str(PROJECT)}


def snapshot(store: Path) -> tuple[str, ...]:
    """Return every quad of the store's named graphs but the build's own bookkeeping, sorted,
    as N-Quads (the default graph is their merge).

    The ontology's blank nodes are named anew by each load, so they are canonicalised first.
    """
    quads = ox.Dataset(
        quad
        for quad in EmbeddedStore(store).raw()
        if isinstance(quad.graph_name, ox.NamedNode) and quad.graph_name.value != BUILD_GRAPH
    )
    quads.canonicalize(ox.CanonicalizationAlgorithm.UNSTABLE)
    return tuple(sorted(str(quad) for quad in quads))


def report_count(store: Path) -> int:
    """Ask the store, with SPARQL, how many reports it holds."""
    rows = EmbeddedStore(store).query(
        "SELECT (COUNT(DISTINCT ?g) AS ?n) WHERE { GRAPH ?g { ?g okg:sourcePath ?source } }"
    )
    return int(next(iter(rows))["n"].value)


def build(store: Path, *paths: str, cwd: Path, force: bool = False) -> float:
    """Run a build to its end; return how long it took."""
    started = time.monotonic()
    arguments = ["build", "--store", str(store), *(["--force"] if force else []), *paths]
    result = subprocess.run(
        cli(*arguments), cwd=cwd, env=ENVIRONMENT, capture_output=True, text=True, timeout=600
    )
    assert result.returncode == 0, result.stderr
    return time.monotonic() - started


def killed_build(store: Path, delay: float, cwd: Path) -> None:
    """Start a full build and SIGKILL it, with its workers, after `delay` seconds."""
    process = subprocess.Popen(
        cli("build", "--store", str(store), "--force", "reports"),
        cwd=cwd,
        env=ENVIRONMENT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,  # its own process group: the kill takes the workers too
    )
    time.sleep(delay)
    if process.poll() is None:
        with contextlib.suppress(ProcessLookupError):  # it may end between the two calls
            os.killpg(process.pid, signal.SIGKILL)
    process.wait(timeout=30)


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory) -> dict[str, object]:
    """Build the graph before (two seeds) and the graph a finished full build makes."""
    root = tmp_path_factory.mktemp("kill")
    reports = root / "reports"
    reports.mkdir()
    for copy in range(COPIES):
        for path in SEED_FILES.values():
            shutil.copy(path, reports / f"{copy}-{path.name}")
    before = [f"reports/0-{SEED_FILES[key].name}" for key in BEFORE]
    build(root / "before", *before, cwd=root)
    shutil.copytree(root / "before", root / "after")
    build(root / "after", "reports", cwd=root, force=True)
    # Time the killed build's very command once more, now that the files are in the cache.
    shutil.copytree(root / "before", root / "timed")
    seconds = build(root / "timed", "reports", cwd=root, force=True)
    return {
        "root": root,
        "before": snapshot(root / "before"),
        "after": snapshot(root / "after"),
        "seconds": seconds,
    }


def test_the_two_graphs_differ(stores: dict[str, object]) -> None:
    assert report_count(stores["root"] / "before") == len(BEFORE)
    assert report_count(stores["root"] / "after") == COPIES * len(SEED_FILES)
    assert set(stores["before"]) < set(stores["after"])


def test_a_build_killed_at_random_moments_leaves_a_whole_graph(
    stores: dict[str, object],
) -> None:
    root: Path = stores["root"]
    seed = random.randrange(1_000_000)
    chooser = random.Random(seed)
    # One kill in each slice of the build's run, from interpreter start-up to the publish.
    span = stores["seconds"]
    delays = [span * (index + chooser.random()) / KILLS for index in range(KILLS)]
    inside_transaction = 0
    for attempt, delay in enumerate(delays):
        store = root / f"killed-{attempt}"
        shutil.copytree(root / "before", store)
        killed_build(store, delay, cwd=root)
        state = snapshot(store)
        context = f"kill {attempt} after {delay:.2f} s of {span:.2f} s (random seed {seed})"
        assert state in (stores["before"], stores["after"]), context
        generations = list((store / "generations").iterdir())
        if state == stores["before"]:
            assert report_count(store) == len(BEFORE), context
            # A second generation is the killed build's half-written copy.
            inside_transaction += len(generations) == 2
        # The lock died with the build and the abandoned copy is cleared: the next build ends.
        build(store, "reports", cwd=root)
        assert snapshot(store) == stores["after"], context
        generations = list((store / "generations").iterdir())
        assert len(generations) <= 2, context  # the published one and the one before
    assert inside_transaction >= 1, f"no kill landed inside the build's transaction (seed {seed})"

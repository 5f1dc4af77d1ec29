"""Load `ofsted-kg serve` the way issue #7 asks: many users at once, and one with a runaway query.

    python3 benchmarks/load_bench.py                    # 50 clients for 60 s
    python3 benchmarks/load_bench.py --clients 20 --seconds 20 --store /tmp/store

It builds a store from data/seeds and ../shared/corpus/ofsted-pdf (or uses --store), starts
`ofsted-kg serve` on 127.0.0.1 on a free port, and runs --clients client threads, spread over
--processes processes, each on one keep-alive connection, for --seconds. Each ordinary request
is, in turn, a named research query (/queries/NAME.json), an entity page (/id/...: reports,
inspections, judgements, authorities) or the partnership network (/network.json). One more
client sends a runaway query to /sparql every --runaway-every seconds with a 2 s `timeout`;
the server must stop it (503) and go on serving the others. It prints throughput, p50, p90,
p99 and max per kind, errors, and the runaway queries' outcomes, then stops the server.
Target: no errors but the runaway queries' own time-outs, and p99 of ordinary requests under
250 ms on a 2-core machine.
"""

from __future__ import annotations

import argparse
import http.client
import json
import multiprocessing
import os
import random
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import urllib.parse
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
CORPORA = [PROJECT / "data" / "seeds", PROJECT.parent / "shared" / "corpus" / "ofsted-pdf"]
ENVIRONMENT = {**os.environ, "PYTHONPATH": str(PROJECT)}
ID = "https://w3id.org/ofsted-kg/id/"
# Twelve unconstrained triple patterns: far more rows than any time limit allows to count.
RUNAWAY_QUERY = (
    "SELECT (COUNT(*) AS ?n) WHERE { " + " ".join(f"?s{i} ?p{i} ?o{i} ." for i in range(12)) + " }"
)
RUNAWAY_TIMEOUT = 2
ENTITY_QUERY = f"""SELECT DISTINCT ?thing WHERE {{
  {{ ?thing a <https://w3id.org/ofsted-kg/def#Inspection> }}
  UNION {{ ?thing a <https://w3id.org/ofsted-kg/def#Judgement> }}
  UNION {{ ?thing a <https://w3id.org/ofsted-kg/def#LocalAuthority> }}
  UNION {{ ?thing a <https://w3id.org/ofsted-kg/def#Report> }}
  FILTER(STRSTARTS(STR(?thing), "{ID}"))
}} LIMIT 2000"""


@dataclass
class Sample:
    """One request: its kind, how long it took and how it ended (status, or an error)."""

    kind: str
    seconds: float
    outcome: str


@dataclass
class Plan:
    """What clients ask for."""

    host: str
    port: int
    named: list[str] = field(default_factory=list)
    entities: list[str] = field(default_factory=list)


def free_port() -> int:
    """Return a port on 127.0.0.1 that nothing listens on."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def build_store(store: Path) -> None:
    """Build the store from the seeds and the corpus (failures there are expected)."""
    paths = [str(path) for path in CORPORA if path.exists()]
    subprocess.run(
        [sys.executable, "-m", "graph.cli", "build", "--store", str(store), *paths],
        env=ENVIRONMENT,
        capture_output=True,
        check=False,
        timeout=1800,
    )


def start_server(store: Path, port: int, threads: int, log: Path) -> subprocess.Popen[bytes]:
    """Start `ofsted-kg serve` on 127.0.0.1:port; return once it answers."""
    with log.open("wb") as output:
        server = subprocess.Popen(
            [sys.executable, "-m", "graph.cli", "serve", "--store", str(store),
             "--host", "127.0.0.1", "--port", str(port), "--threads", str(threads)],
            env=ENVIRONMENT, stdout=output, stderr=subprocess.STDOUT, start_new_session=True,
        )  # fmt: skip
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        if server.poll() is not None:
            raise RuntimeError(f"the server stopped: {log.read_text()}")
        try:
            get_json("127.0.0.1", port, "/queries/index.json")
            return server
        except OSError:
            time.sleep(0.3)
    stop_server(server)
    raise RuntimeError("the server did not answer within 120 s")


def stop_server(server: subprocess.Popen[bytes]) -> None:
    """Stop the server and its query workers (its process group)."""
    try:
        os.killpg(server.pid, signal.SIGTERM)
        server.wait(timeout=15)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)
        server.wait(timeout=15)
    except ProcessLookupError:
        return


def get_json(host: str, port: int, path: str) -> object:
    """GET `path` and return its JSON."""
    connection = http.client.HTTPConnection(host, port, timeout=30)
    try:
        connection.request("GET", path, headers={"Accept": "application/json"})
        response = connection.getresponse()
        body = response.read()
        if response.status != 200:
            raise OSError(f"{path}: {response.status}")
        return json.loads(body)
    finally:
        connection.close()


def make_plan(host: str, port: int) -> Plan:
    """Ask the server which named queries and entities there are."""
    plan = Plan(host, port)
    catalogue = get_json(host, port, "/queries/index.json")
    plan.named = [item["name"] for item in catalogue["queries"]]
    query = urllib.parse.urlencode({"query": ENTITY_QUERY})
    rows = get_json(host, port, f"/sparql?{query}")["results"]["bindings"]
    plan.entities = ["/id/" + row["thing"]["value"][len(ID) :] for row in rows]
    return plan


def next_path(chooser: random.Random, plan: Plan, turn: int) -> tuple[str, str]:
    """Return (kind, path) of a client's next ordinary request: the three kinds in turn."""
    kind = ("named query", "entity page", "network json")[turn % 3]
    if kind == "named query":
        return kind, f"/queries/{chooser.choice(plan.named)}.json"
    if kind == "entity page":
        return kind, chooser.choice(plan.entities)
    return kind, "/network.json"


def request(connection: http.client.HTTPConnection, path: str) -> str:
    """Send a GET on the kept-alive connection and read the whole answer; return its status."""
    connection.request("GET", path, headers={"Accept": "text/html,application/json"})
    response = connection.getresponse()
    response.read()
    return str(response.status)


def client(plan: Plan, seed: int, until: float, samples: list[Sample]) -> None:
    """Send ordinary requests one after another until `until`."""
    chooser = random.Random(seed)
    connection = http.client.HTTPConnection(plan.host, plan.port, timeout=60)
    turn = seed
    while time.monotonic() < until:
        kind, path = next_path(chooser, plan, turn)
        turn += 1
        started = time.perf_counter()
        try:
            outcome = request(connection, path)
        except (OSError, http.client.HTTPException) as error:
            outcome = f"{type(error).__name__}: {error}"
            connection.close()
            connection = http.client.HTTPConnection(plan.host, plan.port, timeout=60)
        samples.append(Sample(kind, time.perf_counter() - started, outcome))
    connection.close()


def runaway_client(plan: Plan, every: float, until: float, samples: list[Sample]) -> None:
    """Send the runaway query with a short time limit every `every` seconds."""
    query = urllib.parse.urlencode({"query": RUNAWAY_QUERY, "timeout": RUNAWAY_TIMEOUT})
    while time.monotonic() + every < until:
        connection = http.client.HTTPConnection(plan.host, plan.port, timeout=60)
        started = time.perf_counter()
        try:
            outcome = request(connection, f"/sparql?{query}")
        except (OSError, http.client.HTTPException) as error:
            outcome = f"{type(error).__name__}: {error}"
        finally:
            connection.close()
        samples.append(Sample("runaway query", time.perf_counter() - started, outcome))
        time.sleep(max(0.0, every - (time.perf_counter() - started)))


def run_process(job: tuple[Plan, int, int, float]) -> list[Sample]:
    """Run `count` client threads in this process; return their samples."""
    plan, first_seed, count, until = job
    samples: list[Sample] = []
    threads = [
        threading.Thread(target=client, args=(plan, first_seed + index, until, samples))
        for index in range(count)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return samples


def percentile(values: list[float], share: float) -> float:
    """Return the `share` percentile of `values` (nearest rank)."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered)) - 1))]


def report(samples: list[Sample], seconds: float) -> bool:
    """Print the figures; return True if the targets were met."""
    ordinary = [sample for sample in samples if sample.kind != "runaway query"]
    runaways = [sample for sample in samples if sample.kind == "runaway query"]
    print(f"\n{'kind':<16}{'requests':>9}{'per s':>8}{'p50 ms':>8}{'p90 ms':>8}"
          f"{'p99 ms':>8}{'max ms':>8}{'errors':>8}")  # fmt: skip
    for kind in ("named query", "entity page", "network json", "all ordinary"):
        chosen = ordinary if kind == "all ordinary" else [s for s in ordinary if s.kind == kind]
        if not chosen:
            continue
        times = [1000 * sample.seconds for sample in chosen]
        errors = sum(1 for sample in chosen if sample.outcome != "200")
        print(
            f"{kind:<16}{len(chosen):>9}{len(chosen) / seconds:>8.1f}"
            f"{statistics.median(times):>8.1f}{percentile(times, 0.9):>8.1f}"
            f"{percentile(times, 0.99):>8.1f}{max(times):>8.1f}{errors:>8}"
        )
    outcomes = Counter(sample.outcome for sample in ordinary if sample.outcome != "200")
    if outcomes:
        print("errors:", dict(outcomes))
    stopped = Counter(sample.outcome for sample in runaways)
    runaway_times = ", ".join(f"{sample.seconds:.1f}" for sample in runaways)
    print(f"runaway queries: {len(runaways)}, outcomes {dict(stopped)}, seconds {runaway_times}")
    p99 = percentile([1000 * sample.seconds for sample in ordinary], 0.99) if ordinary else 0.0
    met = not outcomes and set(stopped) <= {"503"} and p99 < 250
    print(f"target (no errors, runaway queries stopped with 503, p99 < 250 ms): "
          f"{'met' if met else 'missed'} (p99 {p99:.0f} ms)")  # fmt: skip
    return met


def main() -> int:
    """Build or open the store, serve it, load it, and print the figures."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", type=Path, help="an existing store (default: build one)")
    parser.add_argument("--clients", type=int, default=50)
    parser.add_argument("--seconds", type=float, default=60.0)
    parser.add_argument("--processes", type=int, default=2, help="client processes")
    parser.add_argument("--threads", type=int, default=16, help="the server's threads")
    parser.add_argument("--runaway-every", type=float, default=4.0)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="ofsted-kg-load-") as scratch:
        store = args.store or Path(scratch) / "store"
        if args.store is None:
            print("building the store from the seeds and the corpus...", flush=True)
            build_store(store)
        port = free_port()
        server = start_server(store, port, args.threads, Path(scratch) / "server.log")
        try:
            plan = make_plan("127.0.0.1", port)
            print(
                f"{args.clients} clients for {args.seconds:g} s on 127.0.0.1:{port}: "
                f"{len(plan.named)} named queries, {len(plan.entities)} entity pages, the "
                f"network; a runaway query every {args.runaway_every:g} s",
                flush=True,
            )
            until = time.monotonic() + args.seconds
            runaways: list[Sample] = []
            runaway = threading.Thread(
                target=runaway_client, args=(plan, args.runaway_every, until, runaways)
            )
            runaway.start()
            shares = [args.clients // args.processes] * args.processes
            shares[0] += args.clients - sum(shares)
            jobs = [(plan, 1000 * index, count, until) for index, count in enumerate(shares)]
            started = time.monotonic()
            with multiprocessing.get_context("fork").Pool(args.processes) as pool:
                samples = [sample for part in pool.map(run_process, jobs) for sample in part]
            runaway.join()
            elapsed = time.monotonic() - started
        finally:
            stop_server(server)
    return 0 if report(samples + runaways, elapsed) else 1


if __name__ == "__main__":
    sys.exit(main())

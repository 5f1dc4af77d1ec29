"""How much slower pyoxigraph answers right after the process has waited, as a server does.

A serving process sleeps in `poll` between requests. This times one researcher query (in
memory, evaluated and written as SPARQL JSON, as `ofsted-kg serve` runs it) back to back, then
with a sleep of each --gaps before every call: the difference is what the machine charges for
waking an idle CPU, which every server that waits for its requests pays, whatever its code.

    python benchmarks/idle_bench.py [--query "overall grade distribution"] [--gaps 0 0.1 0.5 2]
"""

from __future__ import annotations

import argparse
import statistics
import tempfile
import time
from pathlib import Path

import pyoxigraph as ox
from endpoint_bench import DEFAULT_CORPUS, evaluate
from endpoint_data import build_corpus, dump, lookup_targets, queries


def median_us(store: ox.Store, query: str, gap_ms: float, calls: int) -> float:
    """Return the median microseconds of `calls` evaluations, each after `gap_ms` of sleep."""
    times = []
    for _ in range(calls):
        if gap_ms:
            time.sleep(gap_ms / 1000)
        started = time.perf_counter()
        evaluate(store, query)
        times.append((time.perf_counter() - started) * 1e6)
    return statistics.median(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", nargs="+", default=DEFAULT_CORPUS)
    parser.add_argument("--query", default="overall grade distribution")
    parser.add_argument("--gaps", nargs="+", type=float, default=[0, 0.1, 0.5, 2], help="ms")
    parser.add_argument("--calls", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="idle-bench-") as scratch:
        built = build_corpus([p for p in args.corpus if Path(p).exists()], Path(scratch) / "store")
        texts = {query.name: query.text for query in queries(lookup_targets(built))}
        store = ox.Store()
        store.bulk_load(dump(built), format=ox.RdfFormat.N_QUADS)
    query = texts[args.query]
    evaluate(store, query)  # warm-up
    print(f"{args.query}, median of {args.calls} calls:")
    for gap in args.gaps:
        took = median_us(store, query, gap, args.calls)
        print(f"  sleep {gap:g} ms before each call: {took:.0f} us")


if __name__ == "__main__":
    main()

"""Fuzz the loaders with 100,000+ generated inputs: the dedicated run of issue #7.

    python3 benchmarks/fuzz_run.py                       # 100,000 inputs on every core
    python3 benchmarks/fuzz_run.py --examples 5000 --seed 7 --workers 2

It drives the properties of tests/test_fuzz_loaders.py (no exception but a LoadError escapes
extract, repair, paragraphs, dates, grades or any parser's detect/parse) with hypothesis, in
chunks spread over worker processes, each chunk with its own seed. Report-like inputs are cut
from the five seeds and from every PDF of ../shared/corpus when it is there. It prints, per
property, the inputs run, the failures (with hypothesis's shrunk falsifying example) and the
slowest input, and exits 1 if any property failed.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import time
import zlib
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402
from hypothesis.reporting import with_reporter  # noqa: E402

from tests import test_fuzz_loaders as fuzz  # noqa: E402
from tests.conftest import CORPUS  # noqa: E402
from tests.test_bad_input import text_pdf  # noqa: E402

# Share of the inputs each property gets: the parsers are what meets the web's files.
SHARES = {
    "parsers": 0.50,
    "extract": 0.20,
    "paragraphs": 0.10,
    "dates": 0.10,
    "date_round_trip": 0.05,
    "grades": 0.05,
}
CHUNK = 1000
# Real PDFs up to this size are mutated byte by byte (larger ones make each input slow).
MUTATED_PDF_BYTES = 200_000


@dataclass
class ChunkResult:
    """What one chunk of one property did."""

    name: str
    inputs: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_input: str = ""
    failure: str | None = None


@dataclass
class Totals:
    """A property's results over all its chunks."""

    inputs: int = 0
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_input: str = ""
    failures: list[str] = field(default_factory=list)


def load_sources() -> tuple[int, int]:
    """Point the strategies at the seeds and the whole corpus; return (documents, PDFs)."""
    documents = fuzz.seed_documents() + fuzz.corpus_documents(limit=10_000)
    pdfs = [text_pdf([["Inspection of children's services", "Good"], ["page two"]])]
    if CORPUS.exists():
        small = sorted(CORPUS.rglob("*.pdf"), key=lambda path: path.stat().st_size)
        pdfs += [
            path.read_bytes()
            for path in small
            if path.read_bytes().startswith(b"%PDF") and path.stat().st_size < MUTATED_PDF_BYTES
        ][:6]
    fuzz.use_sources(documents, pdfs)
    return len(documents), len(pdfs)


def run_chunk(job: tuple[str, int, int]) -> ChunkResult:
    """Run `examples` inputs of property `name` with hypothesis seeded by `chunk_seed`."""
    name, examples, chunk_seed = job
    check, strategy = fuzz.PROPERTIES[name]
    result = ChunkResult(name)

    def timed(value: object) -> None:
        started = time.perf_counter()
        try:
            check(value)
        finally:
            elapsed = time.perf_counter() - started
            result.inputs += 1
            result.seconds += elapsed
            if elapsed > result.slowest:
                result.slowest, result.slowest_input = elapsed, repr(value)[:300]

    test = seed(chunk_seed)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(timed))
    )
    report: list[str] = []
    try:
        with with_reporter(report.append):
            test()
    except Exception as error:  # noqa: BLE001
        # Whatever escapes is the finding (that is what a fuzzer looks for): record it with
        # hypothesis's shrunk example and go on with the other chunks.
        falsifying = "\n".join(str(line) for line in report)[-3000:]
        result.failure = f"{type(error).__name__}: {error}\n{falsifying}"
    return result


def plan(total: int, base_seed: int) -> list[tuple[str, int, int]]:
    """Split `total` inputs into chunks of (property, inputs, seed)."""
    jobs = []
    for name, share in SHARES.items():
        remaining = round(total * share)
        number = 0
        while remaining > 0:
            size = min(CHUNK, remaining)
            jobs.append((name, size, base_seed * 1_000_003 + zlib.crc32(name.encode()) % 10_007 * 1009 + number))
            remaining -= size
            number += 1
    return jobs


def main() -> int:
    """Run the fuzzing and print the results; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="inputs in all")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    args = parser.parse_args()
    documents, pdfs = load_sources()
    jobs = plan(args.examples, args.seed)
    print(
        f"fuzzing {args.examples} inputs in {len(jobs)} chunks on {args.workers} workers "
        f"(seed {args.seed}; {documents} report texts, {pdfs} PDFs to mutate)",
        flush=True,
    )
    totals: dict[str, Totals] = {name: Totals() for name in SHARES}
    started = time.monotonic()
    done: Counter[str] = Counter()
    # Fork, so workers inherit the extracted sources instead of reading the corpus again.
    with multiprocessing.get_context("fork").Pool(args.workers) as pool:
        for result in pool.imap_unordered(run_chunk, jobs):
            total = totals[result.name]
            total.inputs += result.inputs
            total.seconds += result.seconds
            if result.slowest > total.slowest:
                total.slowest, total.slowest_input = result.slowest, result.slowest_input
            if result.failure:
                total.failures.append(result.failure)
                print(f"FAILURE in {result.name}:\n{result.failure}\n", flush=True)
            done[result.name] += 1
            if sum(done.values()) % 10 == 0:
                inputs = sum(item.inputs for item in totals.values())
                print(f"  {inputs} inputs, {time.monotonic() - started:.0f} s", flush=True)
    print(f"\n{'property':<16}{'inputs':>9}{'failed chunks':>15}{'mean ms':>9}{'slowest s':>11}")
    for name, total in totals.items():
        mean = 1000 * total.seconds / max(1, total.inputs)
        print(
            f"{name:<16}{total.inputs:>9}{len(total.failures):>15}{mean:>9.1f}"
            f"{total.slowest:>11.2f}"
        )
    inputs = sum(total.inputs for total in totals.values())
    failures = sum(len(total.failures) for total in totals.values())
    print(
        f"\n{inputs} inputs in {time.monotonic() - started:.0f} s; "
        f"{failures} failed chunks; result: {'FAIL' if failures else 'PASS'}"
    )
    slowest = max(totals.items(), key=lambda item: item[1].slowest)
    print(f"slowest input ({slowest[0]}, {slowest[1].slowest:.2f} s): {slowest[1].slowest_input}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

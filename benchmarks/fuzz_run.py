"""Fuzz the loaders with 100,000+ generated inputs: the dedicated run of issue #7.

    python3 benchmarks/fuzz_run.py                       # 100,000 inputs on every core
    python3 benchmarks/fuzz_run.py --examples 5000 --seed 7 --workers 2

It drives the properties of tests/test_fuzz_loaders.py (no exception but a LoadError escapes
extract, repair, paragraphs, dates, grades or any parser's detect/parse) with hypothesis, in
chunks spread over worker processes, each chunk with its own seed. Report-like inputs are cut
from the five seeds and from every PDF of ../shared/corpus when it is there. It prints, per
property, the inputs run, the failed chunks (with hypothesis's shrunk falsifying example) and
the slowest input, and exits 1 if any property failed or any input took longer than --slow
seconds (a parser pattern gone quadratic hangs a build as surely as an exception stops it).
A failure is reproduced by the seed it prints: `--seed S --examples N` replays the same chunks.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import pickle
import sys
import tempfile
import time
import traceback
import zlib
from concurrent.futures import Future, ProcessPoolExecutor, as_completed
from dataclasses import dataclass, field
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(PROJECT))

from hypothesis import HealthCheck, given, seed, settings  # noqa: E402

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
# Inputs run per property, shared with the workers (forked), so failed chunks count too.
INPUTS = multiprocessing.get_context("fork").Array("q", len(SHARES))
# An input slower than this is reported as a failure (parsing a whole report takes < 1 s).
SLOW_SECONDS = 10.0
# Slow inputs are pickled here to be replayed: check(pickle.loads(path.read_bytes())).
FINDINGS = Path(tempfile.gettempdir()) / "ofsted-kg-fuzz-findings"


@dataclass
class ChunkResult:
    """What one chunk of one property did, when none of its inputs failed."""

    name: str
    seconds: float = 0.0
    slowest: float = 0.0
    slowest_input: str = ""
    slow_inputs: list[str] = field(default_factory=list)


@dataclass
class Totals:
    """A property's results over all its chunks."""

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


def run_chunk(job: tuple[str, int, int, float]) -> ChunkResult:
    """Run `examples` inputs of property `name` with hypothesis seeded by `chunk_seed`.

    A failing input makes hypothesis shrink it and raise the error, with the falsifying
    example in its notes; the error reaches the parent through the future.
    """
    name, examples, chunk_seed, slow_seconds = job
    check, strategy = fuzz.PROPERTIES[name]
    counter = list(SHARES).index(name)
    result = ChunkResult(name)

    def timed(value: object) -> None:
        with INPUTS.get_lock():
            INPUTS[counter] += 1
        started = time.perf_counter()
        check(value)
        elapsed = time.perf_counter() - started
        result.seconds += elapsed
        if elapsed > result.slowest:
            result.slowest, result.slowest_input = elapsed, repr(value)[:300]
        if elapsed > slow_seconds:
            saved = FINDINGS / f"slow-{name}-{chunk_seed}-{len(result.slow_inputs)}.pickle"
            saved.write_bytes(pickle.dumps(value))
            result.slow_inputs.append(f"{elapsed:.1f} s, saved in {saved}: {value!r}"[:1000])

    test = seed(chunk_seed)(
        settings(
            max_examples=examples,
            deadline=None,
            database=None,
            suppress_health_check=list(HealthCheck),
        )(given(strategy)(timed))
    )
    test()
    return result


def plan(total: int, base_seed: int, slow_seconds: float) -> list[tuple[str, int, int, float]]:
    """Split `total` inputs into chunks of (property, inputs, seed, slow limit)."""
    jobs = []
    for name, share in SHARES.items():
        remaining = round(total * share)
        property_seed = base_seed * 1_000_003 + zlib.crc32(name.encode()) % 10_007 * 1009
        number = 0
        while remaining > 0:
            size = min(CHUNK, remaining)
            jobs.append((name, size, property_seed + number, slow_seconds))
            remaining -= size
            number += 1
    return jobs


def record(
    future: Future[ChunkResult], job: tuple[str, int, int, float], totals: dict[str, Totals]
) -> None:
    """Add a finished chunk to the totals; print a failure in full."""
    name, _, chunk_seed, _ = job
    total = totals[name]
    error = future.exception()
    if error is not None:
        text = "".join(traceback.format_exception(error))[-6000:]
        total.failures.append(text)
        print(f"FAILURE in {name} (chunk seed {chunk_seed}):\n{text}", flush=True)
        return
    result = future.result()
    for slow in result.slow_inputs:
        total.failures.append(f"slow input, {slow}")
        print(f"SLOW INPUT in {name} (chunk seed {chunk_seed}), {slow}", flush=True)
    total.seconds += result.seconds
    if result.slowest > total.slowest:
        total.slowest, total.slowest_input = result.slowest, result.slowest_input


def main() -> int:
    """Run the fuzzing and print the results; return the exit status."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--examples", type=int, default=100_000, help="inputs in all")
    parser.add_argument("--workers", type=int, default=os.cpu_count() or 1)
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument(
        "--slow", type=float, default=SLOW_SECONDS, help="seconds after which an input fails"
    )
    args = parser.parse_args()
    FINDINGS.mkdir(exist_ok=True)
    documents, pdfs = load_sources()
    jobs = plan(args.examples, args.seed, args.slow)
    print(
        f"fuzzing {args.examples} inputs in {len(jobs)} chunks on {args.workers} workers "
        f"(seed {args.seed}; {documents} report texts, {pdfs} PDFs to mutate)",
        flush=True,
    )
    totals = {name: Totals() for name in SHARES}
    started = time.monotonic()
    # Fork, so workers inherit the extracted sources instead of reading the corpus again.
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(args.workers, mp_context=context) as pool:
        futures = {pool.submit(run_chunk, job): job for job in jobs}
        for done, future in enumerate(as_completed(futures), 1):
            record(future, futures[future], totals)
            print(
                f"  {done}/{len(jobs)} chunks, {sum(INPUTS)} inputs, "
                f"{time.monotonic() - started:.0f} s",
                flush=True,
            )
    print(f"\n{'property':<16}{'inputs':>9}{'failures':>10}{'mean ms':>9}{'slowest s':>11}")
    for counter, (name, total) in enumerate(totals.items()):
        mean = 1000 * total.seconds / max(1, INPUTS[counter])
        print(
            f"{name:<16}{INPUTS[counter]:>9}{len(total.failures):>10}{mean:>9.1f}"
            f"{total.slowest:>11.2f}"
        )
    failures = sum(len(total.failures) for total in totals.values())
    print(
        f"\n{sum(INPUTS)} inputs in {time.monotonic() - started:.0f} s; "
        f"{failures} failures; result: {'FAIL' if failures else 'PASS'}"
    )
    slowest_name, slowest = max(totals.items(), key=lambda item: item[1].slowest)
    print(f"slowest input ({slowest_name}, {slowest.slowest:.2f} s): {slowest.slowest_input}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())

"""How cost grows: the corpus replicated to thousands of reports, built and queried.

Each real report's text is written out again for other local authorities (the printed
authority name replaced by another authority's, so every copy is a distinct inspection of a
distinct authority), as text files with form feeds between pages so pages survive. The copies
are built in steps (e.g. 500, 1,000, 2,500, 5,000 reports) into fresh stores; for each step
the build time, peak memory, store size and the time of a few researcher queries are printed.

    python benchmarks/scale_bench.py [--reports 5000] [--steps 500,1000,2500,5000]
"""

from __future__ import annotations

import argparse
import json
import re
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus" / "ofsted-pdf"
sys.path.insert(0, str(PROJECT))

QUERIES = {
    "count_judgements": "SELECT (COUNT(*) AS ?n) WHERE { ?j a okg:Judgement }",
    "grade_distribution": """
        SELECT ?grade (COUNT(*) AS ?n) WHERE {
          ?j a okg:Judgement ; okg:area area:overall ; okg:grade ?g . ?g skos:notation ?grade
        } GROUP BY ?grade""",
    "authority_lookup": """
        SELECT ?start ?area ?grade WHERE {
          ?i okg:inspects authority:E09000033 ; schema:startDate ?start .
          ?j okg:judgementOf ?i ; okg:area ?area ; okg:grade ?grade }""",
    "text_search": """
        SELECT (COUNT(*) AS ?n) WHERE {
          ?r a okg:Recommendation ; rdf:value ?t FILTER(CONTAINS(LCASE(?t), "supervision")) }""",
}


def write_copies(corpus: Path, target: Path, count: int) -> int:
    """Write `count` distinct report texts under `target`; return how many were written."""
    from graph.register import Register
    from loaders.extract import read_document
    from loaders.pipeline import load_file

    register = Register.load()
    authorities = [a for a in register.authorities() if a.valid_to is None]
    originals = []
    for path in sorted(corpus.rglob("*.pdf")):
        try:
            outcome = load_file(path)
        except Exception:  # noqa: BLE001 - HTML error pages in the corpus are simply skipped
            continue
        printed = outcome.record.authority_name
        text = "\f".join(page.text for page in read_document(path).pages)
        originals.append((printed, text))
    written = 0
    # Cycle through the reports first, so every step mixes every format and year.
    for index in range(len(originals) * len(authorities)):
        if written >= count:
            break
        printed, text = originals[index % len(originals)]
        authority = authorities[(index // len(originals)) % len(authorities)]
        if authority.name.lower() in printed.lower():
            continue
        copy = re.sub(re.escape(printed), authority.official_name, text, flags=re.IGNORECASE)
        (target / f"{written:05d}_{authority.gss_code}.txt").write_text(copy, encoding="utf-8")
        written += 1
    return written


def directory_size(path: Path) -> int:
    return sum(file.stat().st_size for file in path.rglob("*") if file.is_file())


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--reports", type=int, default=5000)
    parser.add_argument("--steps", default="500,1000,2500,5000")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    steps = [int(step) for step in args.steps.split(",") if int(step) <= args.reports]
    results = []
    with tempfile.TemporaryDirectory() as work:
        texts = Path(work) / "texts"
        texts.mkdir()
        written = write_copies(args.corpus, texts, args.reports)
        files = sorted(texts.iterdir())
        for step in steps:
            step = min(step, written)
            subset = Path(work) / f"subset-{step}"
            subset.mkdir()
            for file in files[:step]:
                (subset / file.name).symlink_to(file)
            store = Path(work) / f"store-{step}"
            before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
            start = time.perf_counter()
            completed = subprocess.run(
                [sys.executable, "-m", "graph.cli", "build", "--store", str(store), str(subset)],
                capture_output=True,
                text=True,
                check=False,
            )
            build_seconds = time.perf_counter() - start
            peak = max(before, resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)
            if completed.returncode != 0:
                print(completed.stderr[-3000:], file=sys.stderr)
            row = {
                "reports": step,
                "build_seconds": round(build_seconds, 2),
                "ms_per_report": round(1000 * build_seconds / step, 1),
                "peak_rss_mib": round(peak / 1024, 1),
                "store_mib": round(directory_size(store) / 2**20, 1),
            }
            row.update(time_queries(store))
            results.append(row)
            print(json.dumps(row), flush=True)
            shutil.rmtree(store, ignore_errors=True)
    columns = list(results[0])
    print("\n| " + " | ".join(columns) + " |\n|" + "---|" * len(columns))
    for row in results:
        print("| " + " | ".join(str(row[column]) for column in columns) + " |")
    if args.json:
        args.json.write_text(json.dumps(results, indent=2))


def time_queries(store_path: Path) -> dict[str, float]:
    """Return the median milliseconds of each query over five runs, and the triple count."""
    import statistics

    from graph.store import EmbeddedStore

    store = EmbeddedStore(store_path)
    timings: dict[str, float] = {}
    for name, sparql in QUERIES.items():
        runs = []
        for _ in range(5):
            start = time.perf_counter()
            list(store.query(sparql))
            runs.append(time.perf_counter() - start)
        timings[f"{name}_ms"] = round(1000 * statistics.median(runs), 1)
    count = next(iter(store.query("SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }")))
    timings["quads"] = int(count["n"].value)
    return timings


if __name__ == "__main__":
    main()

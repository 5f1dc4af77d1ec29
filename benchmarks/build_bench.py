"""Time `ofsted-kg build` on the PDF corpus against the floor: pypdfium2 text extraction alone.

Both run as fresh processes, alternately, several rounds; medians are reported. The floor is
the cheapest thing a build must do (pull the text out of every page, in one process); the
target is a whole build (extract, repair, parse, map, write the on-disk store) no slower.

    python benchmarks/build_bench.py [--corpus ../shared/corpus/ofsted-pdf] [--rounds 5]
"""

from __future__ import annotations

import argparse
import json
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

PROJECT = Path(__file__).resolve().parent.parent
DEFAULT_CORPUS = PROJECT.parent / "shared" / "corpus" / "ofsted-pdf"

FLOOR = """
import sys, pathlib, pypdfium2 as pdfium
pages = 0
for path in sorted(pathlib.Path(sys.argv[1]).rglob("*.pdf")):
    try:
        pdf = pdfium.PdfDocument(str(path))
    except pdfium.PdfiumError:
        continue
    for page in pdf:
        page.get_textpage().get_text_range()
        pages += 1
print(pages)
"""


def run_timed(command: list[str]) -> tuple[float, int, str]:
    """Run `command`; return wall seconds, peak RSS of the process tree in KiB, stdout."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    start = time.perf_counter()
    completed = subprocess.run(command, capture_output=True, text=True, check=False)
    elapsed = time.perf_counter() - start
    peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    if completed.returncode not in (0, 1):  # 1: some files failed (the corpus has 3 HTML pages)
        raise SystemExit(f"{command[:3]} failed: {completed.stderr[-2000:]}")
    return elapsed, max(peak, before), completed.stdout


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    parser.add_argument("--rounds", type=int, default=5)
    parser.add_argument("--json", type=Path, help="Also write the figures to this file.")
    args = parser.parse_args()
    cli = [sys.executable, "-m", "graph.cli"]
    floor_times, build_times, rebuild_times, pages = [], [], [], 0
    build_peak = 0
    for _ in range(args.rounds):
        elapsed, _, out = run_timed([sys.executable, "-c", FLOOR, str(args.corpus)])
        floor_times.append(elapsed)
        pages = int(out.strip())
        with tempfile.TemporaryDirectory() as store:
            command = [*cli, "build", "--store", store, str(args.corpus)]
            elapsed, peak, _ = run_timed(command)
            build_times.append(elapsed)
            build_peak = max(build_peak, peak)
            elapsed, _, _ = run_timed(command)  # unchanged files: nothing is parsed
            rebuild_times.append(elapsed)
    floor, full, unchanged = map(statistics.median, (floor_times, build_times, rebuild_times))
    figures = {
        "pages": pages,
        "rounds": args.rounds,
        "floor_seconds": round(floor, 3),
        "build_seconds": round(full, 3),
        "rebuild_unchanged_seconds": round(unchanged, 3),
        "ratio_build_to_floor": round(full / floor, 3),
        "build_ms_per_page": round(1000 * full / pages, 3),
        "peak_rss_mib": round(build_peak / 1024, 1),
    }
    print("| measure | value |\n|---|---|")
    for name, value in figures.items():
        print(f"| {name} | {value} |")
    if args.json:
        args.json.write_text(json.dumps(figures, indent=2))


if __name__ == "__main__":
    main()

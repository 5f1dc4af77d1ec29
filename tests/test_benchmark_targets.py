"""The endpoint benchmark's verdicts on issue #4's speed targets (benchmarks/endpoint_bench.py).

The medians below are made up, and each expected verdict is worked out by hand from them: a
target's bound (5 ms; 1.3 x oxigraph serve; oxigraph serve; rdflib-endpoint / 10) against our
median, and, for a missed one, the least possible time (stored answers over HTTP + pyoxigraph's
own evaluation) against the same bound.
"""

from __future__ import annotations

import pytest

from tests.conftest import load_benchmark

load_benchmark("http_exchange")
endpoint_data = load_benchmark("endpoint_data")
endpoint_bench = load_benchmark("endpoint_bench")

OURS, OXIGRAPH, RDFLIB = "ofsted-kg serve", "oxigraph serve", "rdflib-endpoint"


def query(name: str, kind: str) -> object:
    return endpoint_data.BenchQuery(name, kind, "SELECT * WHERE { ?s ?p ?o }")


def timings(name: str, **engines: float | None) -> dict[tuple[str, str], float | None]:
    names = {
        "ours": OURS,
        "oxigraph": OXIGRAPH,
        "rdflib": RDFLIB,
        "floor": endpoint_bench.HTTP_FLOOR,
        "evaluation": endpoint_bench.EVALUATION,
    }
    return {(name, names[engine]): ms for engine, ms in engines.items()}


def verdicts(bench: list, medians: dict, rate: float = 1000.0) -> dict[str, bool]:
    return dict(endpoint_bench.target_checks(bench, medians, rate))


def test_a_lookup_slower_than_the_least_possible_allows_is_out_of_reach() -> None:
    # 1.3 x 0.10 = 0.13 ms allowed; 0.12 + 0.04 = 0.16 ms is the least any endpoint could take.
    medians = timings("a", ours=0.30, oxigraph=0.10, floor=0.12, evaluation=0.04)
    assert verdicts([query("a", "lookup")], medians) == {
        "a: < 5 ms": True,
        "a: within 1.3x of oxigraph serve (out of reach: oxigraph x 1.3 = 0.130 ms, "
        "least possible 0.160 ms)": False,
        "cheap lookups with 8 clients: >= 500/s": True,
    }


def test_a_lookup_that_an_endpoint_could_answer_in_time_is_in_reach() -> None:
    # 1.3 x 0.20 = 0.26 ms allowed, more than the least possible 0.16 ms, less than our 0.30.
    medians = timings("b", ours=0.30, oxigraph=0.20, floor=0.12, evaluation=0.04)
    label = (
        "b: within 1.3x of oxigraph serve (in reach: oxigraph x 1.3 = 0.260 ms, "
        "least possible 0.160 ms)"
    )
    assert verdicts([query("b", "lookup")], medians)[label] is False


def test_met_targets_carry_no_bound_and_a_slow_lookup_misses_5_ms() -> None:
    met = timings("c", ours=0.25, oxigraph=0.20, floor=0.12, evaluation=0.04)
    slow = timings("d", ours=6.0, oxigraph=5.0, floor=0.12, evaluation=4.0)
    checks = verdicts([query("c", "lookup"), query("d", "lookup")], {**met, **slow})
    assert checks["c: < 5 ms"] and checks["c: within 1.3x of oxigraph serve"]
    # 6 ms > 5 ms, though 4.12 ms could be done; 6.0 is within 1.3 x 5.0.
    assert not checks["d: < 5 ms (in reach: 5 ms = 5.000 ms, least possible 4.120 ms)"]
    assert checks["d: within 1.3x of oxigraph serve"]


def test_an_aggregate_is_judged_against_oxigraph_and_a_tenth_of_rdflib() -> None:
    # rdflib / 10 = 0.40 ms allowed; 0.26 + 0.15 = 0.41 ms least possible: out of reach.
    missed = timings("e", ours=0.50, oxigraph=0.80, rdflib=4.0, floor=0.26, evaluation=0.15)
    # As fast as oxigraph serve is no slower than it; 10 x 0.9 = 9 ms <= 12 ms.
    tied = timings("f", ours=0.90, oxigraph=0.90, rdflib=12.0, floor=0.26, evaluation=0.5)
    checks = verdicts([query("e", "aggregate"), query("f", "scan")], {**missed, **tied})
    assert checks == {
        "e: no slower than oxigraph serve": True,
        "e: >= 10x faster than rdflib-endpoint (out of reach: rdflib / 10 = 0.400 ms, "
        "least possible 0.410 ms)": False,
        "f: no slower than oxigraph serve": True,
        "f: >= 10x faster than rdflib-endpoint": True,
        "cheap lookups with 8 clients: >= 500/s": True,
    }


def test_an_rdflib_endpoint_that_timed_out_counts_as_slower_and_one_left_out_is_not_judged() -> (
    None
):
    timed_out = timings("g", ours=0.5, oxigraph=0.8, rdflib=None, floor=0.26, evaluation=0.15)
    left_out = timings("h", ours=0.5, oxigraph=0.4, floor=0.26, evaluation=0.15)
    checks = verdicts([query("g", "join"), query("h", "join")], {**timed_out, **left_out})
    assert checks["g: >= 10x faster than rdflib-endpoint"]
    assert [name for name in checks if name.startswith("h:")] == [
        "h: no slower than oxigraph serve (out of reach: oxigraph = 0.400 ms, "
        "least possible 0.410 ms)"
    ]


def test_an_unanswered_query_and_the_concurrent_rate() -> None:
    unanswered = timings("i", ours=None, oxigraph=0.2, floor=0.1, evaluation=0.05)
    assert verdicts([query("i", "lookup")], unanswered, rate=499.0) == {
        "i: answered": False,
        "cheap lookups with 8 clients: >= 500/s": False,
    }


@pytest.mark.parametrize(("rate", "met"), [(500.0, True), (499.9, False)])
def test_the_concurrent_rate_target_is_500_a_second(rate: float, met: bool) -> None:
    checks = verdicts([], {}, rate=rate)
    assert checks == {"cheap lookups with 8 clients: >= 500/s": met}

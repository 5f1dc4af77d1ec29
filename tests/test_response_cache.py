"""The page cache: answers kept until a build publishes new data, never stale after it."""

from __future__ import annotations

import os
import urllib.request
from pathlib import Path

from flask.testing import FlaskClient

from tests.endpoint_server import SAMPLE_NQUADS, live_front, running_app, store_with
from web.response_cache import CachedAnswer, ResponseCache, SharedResponseCache

PAGE = "/id/inspection/alpha"
LABEL = "Alphaton children&#39;s services inspection"
RENAMED_NQUADS = SAMPLE_NQUADS.replace(
    '"Alphaton children\'s services inspection"@en', '"Alphaton renamed"@en'
)


def html(client: FlaskClient, path: str = PAGE, **headers: str) -> tuple[str, str, str]:
    """Return (body, X-Cache, ETag) of a page asked for as HTML."""
    response = client.get(path, headers={"Accept": "text/html", **headers})
    assert response.status_code == 200
    return (
        response.get_data(as_text=True),
        response.headers.get("X-Cache", ""),
        response.headers.get("ETag", ""),
    )


def test_a_page_is_computed_once_then_served_from_the_cache(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    with running_app(tmp_path / "store") as app:
        client = app.test_client()
        first, first_state, first_tag = html(client)
        second, second_state, second_tag = html(client)
    assert LABEL in first
    assert (first_state, second_state) == ("miss", "hit")
    assert second == first
    assert second_tag == first_tag != ""


def test_a_new_build_shows_at_once(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    with running_app(tmp_path / "store") as app:
        client = app.test_client()
        before, _, before_tag = html(client)
        store_with(tmp_path / "store", RENAMED_NQUADS)  # publishes a new generation
        after, state, after_tag = html(client)
    assert LABEL in before
    assert "Alphaton renamed" in after and LABEL not in after
    assert state == "miss"
    assert after_tag != before_tag


def test_a_conditional_request_gets_304_until_the_data_changes(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    with running_app(tmp_path / "store") as app:
        client = app.test_client()
        _, _, tag = html(client)
        unchanged = client.get(PAGE, headers={"Accept": "text/html", "If-None-Match": tag})
        store_with(tmp_path / "store", RENAMED_NQUADS)
        changed = client.get(PAGE, headers={"Accept": "text/html", "If-None-Match": tag})
    assert unchanged.status_code == 304 and unchanged.data == b""
    assert changed.status_code == 200 and b"Alphaton renamed" in changed.data


def test_each_representation_is_kept_apart(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    with running_app(tmp_path / "store") as app:
        client = app.test_client()
        html(client)
        turtle = client.get(PAGE, headers={"Accept": "text/turtle"})
    assert turtle.mimetype == "text/turtle"
    assert turtle.headers["X-Cache"] == "miss"
    assert b"<html" not in turtle.data


def test_the_endpoint_and_errors_are_not_cached(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    query = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }"}
    with running_app(tmp_path / "store") as app:
        client = app.test_client()
        answers = [client.get("/sparql", query_string=query) for _ in range(2)]
        missing = [client.get("/id/inspection/nowhere") for _ in range(2)]
    assert all("X-Cache" not in answer.headers for answer in answers)
    assert [answer.status_code for answer in missing] == [404, 404]
    assert all(answer.headers.get("X-Cache") != "hit" for answer in missing)


def test_a_cache_of_zero_bytes_is_off(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    with running_app(tmp_path / "store", {"PAGE_CACHE_BYTES": 0}) as app:
        client = app.test_client()
        states = [html(client)[1] for _ in range(2)]
    assert states == ["", ""]


def answer(size: int) -> CachedAnswer:
    return CachedAnswer(200, (), b"x" * size)


def test_the_least_recently_used_answers_go_first_when_full() -> None:
    cache = ResponseCache(800, lambda: "g1")  # room for eight answers of 100 bytes
    keys = [f"k{number}" for number in range(8)]
    for key in keys:
        cache.put(key, answer(100))
    assert cache.get("k0") is not None  # now k1 is the least recently used
    cache.put("new", answer(100))
    assert cache.get("k1") is None
    assert all(cache.get(key) is not None for key in [*keys[:1], *keys[2:], "new"])
    assert cache.size == 800 and len(cache) == 8


def test_an_answer_too_large_for_the_cache_is_not_kept() -> None:
    cache = ResponseCache(800, lambda: "g1")
    cache.put("small", answer(100))
    cache.put("huge", answer(101))  # more than an eighth of the cache
    assert cache.get("huge") is None
    assert cache.get("small") is not None


def test_a_cached_answer_keeps_its_headers(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    with running_app(tmp_path / "store") as app:
        client = app.test_client()
        miss, hit = (client.get("/queries/grade-distribution.csv") for _ in range(2))
    assert (miss.headers["X-Cache"], hit.headers["X-Cache"]) == ("miss", "hit")
    for name in ("Content-Type", "Content-Disposition", "Content-Security-Policy", "ETag"):
        assert hit.headers[name] == miss.headers[name], name
    assert hit.headers["Content-Disposition"] == 'inline; filename="grade-distribution.csv"'
    assert hit.data == miss.data


def test_a_shared_cache_is_seen_by_every_process_and_outlives_them(tmp_path: Path) -> None:
    """The serving processes of `ofsted-kg serve` share one directory; a restarted one (here
    a second instance) finds what the others kept."""
    first = SharedResponseCache(str(tmp_path), 8000, lambda: "g1")
    first.put("k", CachedAnswer(200, (("Content-Type", "text/html"),), b"<p>page</p>"))
    second = SharedResponseCache(str(tmp_path), 8000, lambda: "g1")
    assert second.get("k") == CachedAnswer(200, (("Content-Type", "text/html"),), b"<p>page</p>")
    assert second.get("other") is None
    assert not list(tmp_path.glob("*.part"))  # written under another name, then renamed


def test_a_shared_cache_removes_the_oldest_answers_past_its_size(tmp_path: Path) -> None:
    cache = SharedResponseCache(str(tmp_path), 4000, lambda: "g1")
    for number in range(12):
        cache.put(f"k{number:02}", answer(400))
        os.utime(tmp_path / f"k{number:02}", ns=(number * 10**9, number * 10**9))
    assert cache.size <= 4000
    kept = sorted(path.name for path in tmp_path.iterdir())
    assert "k11" in kept and "k00" not in kept  # the newest stay, the oldest went
    assert len(kept) == len(cache) >= 6


def test_the_served_pages_share_one_cache_across_serving_processes(tmp_path: Path) -> None:
    store_with(tmp_path / "store", SAMPLE_NQUADS)
    with live_front(tmp_path / "store", processes=2) as (base, front):
        url = f"{base}/queries/grade-distribution.csv"
        states = []
        for _ in range(6):  # on fresh connections, so both processes answer some of them
            with urllib.request.urlopen(url, timeout=30) as response:
                states.append(response.headers["X-Cache"])
        directory = front.app_config["PAGE_CACHE_DIR"]
        assert Path(directory).is_dir()
    assert states == ["miss"] + ["hit"] * 5
    assert not Path(directory).exists()  # removed when the server stopped

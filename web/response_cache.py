"""Keep the pages' answers until the data changes: a byte-bounded cache keyed by store generation.

The embedded store only changes when a build publishes a new generation, so a page, a named
query's results or the network JSON computed once is right for every later request until then.
Answers are kept per (generation, host, path with query string, Accept); the first request
after a build misses (its key names the new generation) and older entries age out. Each
cached answer carries an ETag of its key, so a browser's conditional request gets 304.

Only successful, whole (not streamed) answers of the listed blueprints are kept; the SPARQL
endpoint is not cached (its queries are the users' own, and its time limits must hold). A
remote store has no generation to key on, so with one nothing is cached.
"""

from __future__ import annotations

import contextlib
import hashlib
import os
import pickle
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from flask import Flask, Response, g, request

EXTENSION = "ofsted_kg_response_cache"
# Headers not kept with a cached body: recomputed for each answer, or never to be shared.
UNKEPT_HEADERS = frozenset(
    ("content-length", "date", "etag", "set-cookie", "x-cache", "x-sparql-query-ms")
)
# An answer larger than this share of the cache is served but not kept.
LARGEST_SHARE = 8


@dataclass(frozen=True)
class CachedAnswer:
    """A response's status, kept headers and body."""

    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class ResponseCache:
    """An LRU of answers, at most `capacity` bytes of bodies in all; safe across threads."""

    def __init__(self, capacity: int, generation: Callable[[], str | None]) -> None:
        self.capacity = capacity
        self.generation = generation
        self._answers: OrderedDict[str, CachedAnswer] = OrderedDict()
        self._size = 0
        self._lock = threading.Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedAnswer | None:
        with self._lock:
            answer = self._answers.get(key)
            if answer is None:
                self.misses += 1
                return None
            self._answers.move_to_end(key)
            self.hits += 1
            return answer

    def put(self, key: str, answer: CachedAnswer) -> None:
        size = len(answer.body)
        if size * LARGEST_SHARE > self.capacity:
            return
        with self._lock:
            previous = self._answers.pop(key, None)
            if previous is not None:
                self._size -= len(previous.body)
            self._answers[key] = answer
            self._size += size
            while self._size > self.capacity:
                _, evicted = self._answers.popitem(last=False)
                self._size -= len(evicted.body)

    def __len__(self) -> int:
        with self._lock:
            return len(self._answers)

    @property
    def size(self) -> int:
        """Return the bytes of bodies held."""
        with self._lock:
            return self._size


class SharedResponseCache:
    """The same cache kept in files of one directory, shared by the serving processes of
    `ofsted-kg serve` and surviving the restart of any of them (web/front.py makes the
    directory). At most about `capacity` bytes: past it, the oldest answers are removed."""

    def __init__(self, directory: str, capacity: int, generation: Callable[[], str | None]):
        self.directory = directory
        self.capacity = capacity
        self.generation = generation
        self._written_since_check = 0
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> CachedAnswer | None:
        try:
            with open(os.path.join(self.directory, key), "rb") as file:
                answer = pickle.load(file)
        except (OSError, EOFError, pickle.UnpicklingError):
            self.misses += 1
            return None
        self.hits += 1
        return answer if isinstance(answer, CachedAnswer) else None

    def put(self, key: str, answer: CachedAnswer) -> None:
        size = len(answer.body)
        if size * LARGEST_SHARE > self.capacity:
            return
        path = os.path.join(self.directory, key)
        # Written whole under another name, then renamed: a reader sees all of it or nothing.
        partial = f"{path}.{os.getpid()}.{threading.get_ident()}.part"
        try:
            with open(partial, "wb") as file:
                pickle.dump(answer, file, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(partial, path)
        except OSError:
            with contextlib.suppress(OSError):
                os.remove(partial)
            return
        self._written_since_check += size
        if self._written_since_check * LARGEST_SHARE > self.capacity:
            self._written_since_check = 0
            self._trim()

    def _trim(self) -> None:
        """Remove the oldest answers until the directory holds at most `capacity` bytes."""
        entries = []
        with contextlib.suppress(OSError), os.scandir(self.directory) as scan:
            for entry in scan:
                with contextlib.suppress(OSError):
                    status = entry.stat()
                    entries.append((status.st_mtime_ns, status.st_size, entry.path))
        total = sum(size for _, size, _ in entries)
        for _, size, path in sorted(entries):
            if total <= self.capacity:
                break
            with contextlib.suppress(OSError):
                os.remove(path)
            total -= size

    def __len__(self) -> int:
        with os.scandir(self.directory) as scan:
            return sum(1 for entry in scan if not entry.name.endswith(".part"))

    @property
    def size(self) -> int:
        """Return the bytes of the files held (bodies and their headers)."""
        with os.scandir(self.directory) as scan:
            return sum(entry.stat().st_size for entry in scan if not entry.name.endswith(".part"))


def store_generation(location: str) -> Callable[[], str | None]:
    """Return a function naming the store's current generation (None: do not cache)."""
    if location.startswith(("http://", "https://")):
        return lambda: None
    current = Path(location) / "CURRENT"

    def read() -> str | None:
        try:
            return current.read_text(encoding="utf-8").strip() or None
        except OSError:
            return None

    return read


def _key(generation: str) -> str:
    accept = request.headers.get("Accept", "")
    # The host too: pages link to themselves by absolute IRIs of the name they were asked by.
    text = "\n".join((generation, request.host, request.full_path, accept))
    return hashlib.blake2b(text.encode("utf-8"), digest_size=16).hexdigest()


def init_app(
    app: Flask, blueprints: Iterable[str], capacity: int
) -> ResponseCache | SharedResponseCache | None:
    """Cache the GET answers of `blueprints` in `app`, up to `capacity` bytes (0: off), in
    memory, or in the directory PAGE_CACHE_DIR when the app's config names one."""
    if capacity <= 0:
        return None
    generation = store_generation(app.config["SETTINGS"].store)
    directory = app.config.get("PAGE_CACHE_DIR")
    cache: ResponseCache | SharedResponseCache = (
        SharedResponseCache(directory, capacity, generation)
        if directory
        else ResponseCache(capacity, generation)
    )
    app.extensions[EXTENSION] = cache
    cached_blueprints = frozenset(blueprints)

    def serve_cached() -> Response | None:
        if request.method not in ("GET", "HEAD") or request.blueprint not in cached_blueprints:
            return None
        generation = cache.generation()
        if generation is None:
            return None
        key = _key(generation)
        g.response_cache_key = key
        etag = f'"{key}"'
        if request.if_none_match.contains(key):
            return Response(status=304, headers={"ETag": etag})
        answer = cache.get(key)
        if answer is None:
            return None
        response = Response(answer.body, status=answer.status, headers=list(answer.headers))
        response.headers["ETag"] = etag
        response.headers["X-Cache"] = "hit"
        return response

    def keep(response: Response) -> Response:
        key = g.pop("response_cache_key", None)
        if key is None or response.headers.get("X-Cache") == "hit":
            return response
        if response.status_code == 200 and not response.is_streamed:
            headers = tuple(
                (name, value)
                for name, value in response.headers.items()
                if name.lower() not in UNKEPT_HEADERS
            )
            cache.put(key, CachedAnswer(200, headers, response.get_data()))
            response.headers["ETag"] = f'"{key}"'
            response.headers["X-Cache"] = "miss"
        return response

    app.before_request(serve_cached)
    app.after_request(keep)
    return cache

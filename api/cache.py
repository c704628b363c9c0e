"""Answers kept per store revision: a page, a JSON answer or a linked-data document is
computed once for each revision of the store and served from memory after that.

The key is the store's revision (a new one with every write, by any process: see
graph/store.py) together with the request's path, query string and the headers the
answer varies on (Accept, Accept-Language). Only successful GET answers of the read-only
routes (browse pages, /api/…, /id/…, the ontology and shapes) are kept, up to
PAGE_CACHE_ENTRIES answers and PAGE_CACHE_BYTES bytes, least recently used first out.
An answer served from memory carries `X-Govkg-Cache: hit`.
"""

from __future__ import annotations

import threading
from collections import OrderedDict
from dataclasses import dataclass

from flask import Flask, Response, current_app, g, request

CACHED_PREFIXES = ("/browse", "/list/", "/search", "/due", "/lineage", "/source", "/api/", "/id/")
CACHED_PATHS = ("/", "/api", "/openapi.json", "/ontology", "/shapes", "/.well-known/void")
VARY = ("Accept", "Accept-Language")


@dataclass(frozen=True, slots=True)
class Kept:
    status: int
    headers: tuple[tuple[str, str], ...]
    body: bytes


class PageCache:
    """A bounded, thread-safe map from (revision, request) to a kept answer."""

    def __init__(self, entries: int, max_bytes: int):
        self.entries = entries
        self.max_bytes = max_bytes
        self._kept: OrderedDict[tuple[str, ...], Kept] = OrderedDict()
        self._bytes = 0
        self._lock = threading.Lock()

    def get(self, key: tuple[str, ...]) -> Kept | None:
        with self._lock:
            kept = self._kept.get(key)
            if kept is not None:
                self._kept.move_to_end(key)
            return kept

    def put(self, key: tuple[str, ...], kept: Kept) -> None:
        if len(kept.body) > self.max_bytes // 8:
            return
        with self._lock:
            old = self._kept.pop(key, None)
            if old is not None:
                self._bytes -= len(old.body)
            self._kept[key] = kept
            self._bytes += len(kept.body)
            while self._kept and (len(self._kept) > self.entries or self._bytes > self.max_bytes):
                _, dropped = self._kept.popitem(last=False)
                self._bytes -= len(dropped.body)

    def __len__(self) -> int:
        return len(self._kept)


def cacheable() -> bool:
    if request.method != "GET":
        return False
    path = request.path
    return path in CACHED_PATHS or path.startswith(CACHED_PREFIXES)


def _key(revision: str) -> tuple[str, ...]:
    return (
        revision,
        request.full_path,
        *(request.headers.get(name, "") for name in VARY),
    )


def serve_kept() -> Response | None:
    """before_request: the kept answer for this request and revision, if there is one."""
    cache: PageCache | None = current_app.extensions.get("govkg_cache")
    if cache is None or not cacheable() or "govkg_read_session" not in g:
        return None
    revision = current_app.extensions["govkg"].store.revision()
    if not revision:
        return None
    g.govkg_cache_key = _key(revision)
    kept = cache.get(g.govkg_cache_key)
    if kept is None:
        return None
    response = Response(kept.body, status=kept.status, headers=list(kept.headers))
    response.headers["X-Govkg-Cache"] = "hit"
    return response


def keep(response: Response) -> Response:
    """after_request: keep a successful, whole answer for this revision."""
    key = g.pop("govkg_cache_key", None)
    cache: PageCache | None = current_app.extensions.get("govkg_cache")
    if key is None or cache is None or "X-Govkg-Cache" in response.headers:
        return response
    if response.status_code != 200 or response.is_streamed or response.direct_passthrough:
        return response
    headers = tuple(
        (name, value) for name, value in response.headers.items() if name.lower() != "set-cookie"
    )
    cache.put(key, Kept(response.status_code, headers, response.get_data()))
    response.headers["X-Govkg-Cache"] = "miss"
    return response


def register(app: Flask) -> None:
    """Keep answers per revision when PAGE_CACHE_ENTRIES is above zero."""
    entries = int(app.config.get("PAGE_CACHE_ENTRIES") or 0)
    if entries <= 0:
        return
    app.extensions["govkg_cache"] = PageCache(entries, int(app.config["PAGE_CACHE_BYTES"]))
    app.before_request(serve_kept)
    app.after_request(keep)

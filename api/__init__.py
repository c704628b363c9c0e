"""The govkg web app: `create_app` is the one factory.

Settings come from `api.settings` defaults, then `GOVKG_*` environment variables, then
`test_config`. The store is the on-disk store in DATA_DIR, or the `Store` given as
`test_config["STORE"]`; it is kept as `app.extensions["govkg"]` (an `api.storage.StoreAccess`,
which also holds the single-writer rules). Blueprints: sparql, linked_data, loads, and
browse and json_api when those modules are present.
"""

from __future__ import annotations

import importlib
import importlib.util
import io
import time
from collections.abc import Mapping
from contextlib import ExitStack
from pathlib import Path
from typing import Any

from flask import Flask, Request, Response, current_app, g, request

from . import cache, settings
from .errors import register_error_handlers
from .storage import StoreAccess

OPTIONAL_BLUEPRINTS = ("api.browse", "api.json_api")

CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self'",
        "style-src 'self'",
        "img-src 'self' data:",
        "connect-src 'self'",
        "font-src 'self'",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "frame-ancestors 'none'",
    ]
)


class InMemoryRequest(Request):
    """Uploaded files stay in memory (bounded by MAX_CONTENT_LENGTH), never in temp files."""

    def _get_file_stream(
        self,
        total_content_length: int | None,
        content_type: str | None,
        filename: str | None = None,
        content_length: int | None = None,
    ) -> io.BytesIO:
        return io.BytesIO()


def create_app(test_config: Mapping[str, Any] | None = None) -> Flask:
    """The Flask app, its store and its blueprints."""
    app = Flask(__name__)
    app.request_class = InMemoryRequest
    app.config.from_mapping(settings.defaults())
    app.config.from_prefixed_env("GOVKG")
    if test_config:
        app.config.from_mapping(test_config)
    app.extensions["govkg"] = open_access(app.config)
    register_error_handlers(app)
    register_blueprints(app)
    app.before_request(start_clock)
    app.after_request(server_timing)  # after_request functions run last registered first
    app.before_request(begin_read)
    cache.register(app)
    app.after_request(security_headers)
    app.teardown_request(end_read)
    return app


def open_access(config: Mapping[str, Any]) -> StoreAccess:
    """The app's store: `STORE` (tests), the SPARQL server at STORE_URL, or DATA_DIR's store.

    With STORE_URL the data directory holds local files only; no request is sent yet, so
    the app starts while the server is down (requests then answer 502). The embedded
    store's read handle is kept open between requests (see api.storage).
    """
    store = config.get("STORE")
    if store is not None:
        return StoreAccess(store=store, keep_open=True)
    data_dir = Path(settings.data_dir(dict(config)))
    remote = settings.remote(dict(config))
    if remote is not None:
        return StoreAccess(data_dir, remote=remote.open())
    return StoreAccess(data_dir, keep_open=True)


def register_blueprints(app: Flask) -> None:
    from . import linked_data, loads, sparql

    for module in (sparql, linked_data, loads):
        app.register_blueprint(module.bp)
    for name in OPTIONAL_BLUEPRINTS:
        if importlib.util.find_spec(name) is not None:
            app.register_blueprint(importlib.import_module(name).bp)


def get_access() -> StoreAccess:
    """The StoreAccess of the current app."""
    return current_app.extensions["govkg"]


def get_store():
    """The store of the current app, for reading."""
    return get_access().store


def begin_read() -> None:
    """Every request is a read session, except those of views that write."""
    view = current_app.view_functions.get(request.endpoint or "")
    if view is None or getattr(view, "govkg_writes", False):
        return
    stack = ExitStack()
    stack.enter_context(get_access().reading())
    g.govkg_read_session = stack


def end_read(_exc: BaseException | None = None) -> None:
    stack = g.pop("govkg_read_session", None)
    if stack is not None:
        stack.close()


def start_clock() -> None:
    g.govkg_started = time.perf_counter()


def server_timing(response: Response) -> Response:
    """How long the server worked on the answer (`Server-Timing: app;dur=<ms>`)."""
    started = g.get("govkg_started")
    if started is not None:
        elapsed = (time.perf_counter() - started) * 1000
        response.headers["Server-Timing"] = f"app;dur={elapsed:.2f}"
    return response


def security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", CONTENT_SECURITY_POLICY)
    headers.setdefault("X-Content-Type-Options", "nosniff")
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("X-Frame-Options", "DENY")
    return response

"""Where govkg keeps its data, and the settings every command shares.

The data directory is `--data-dir` on a command, else the environment variable
GOVKG_DATA_DIR, else a per-user default ($XDG_DATA_HOME/govkg or ~/.local/share/govkg).

The graph lives in the data directory's embedded store, or, when a store URL is set
(`--store-url` on a command, else GOVKG_STORE_URL), on that SPARQL 1.1 server. A server
may need more: GOVKG_STORE_UPDATE_URL (default: the store URL), GOVKG_STORE_GRAPH_STORE_URL
(a Graph Store Protocol endpoint, optional), and basic auth as GOVKG_STORE_USER and
GOVKG_STORE_PASSWORD; the password is read from the environment only.
"""

from __future__ import annotations

import os
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

PROJECT_ROOT = Path(__file__).resolve().parents[1]
BUNDLED_CORPUS = PROJECT_ROOT / "data" / "corpus"
REFERENCE_DIR = PROJECT_ROOT / "data" / "reference"
STORE_URL_ENV = "GOVKG_STORE_URL"
PASSWORD_ENV = "GOVKG_STORE_PASSWORD"


def default_data_dir() -> Path:
    base = os.environ.get("XDG_DATA_HOME") or str(Path.home() / ".local" / "share")
    return Path(base) / "govkg"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data directory: explicit value, then GOVKG_DATA_DIR, then the default."""
    if explicit:
        return Path(explicit)
    env = os.environ.get("GOVKG_DATA_DIR")
    return Path(env) if env else default_data_dir()


def store_path(directory: Path) -> Path:
    """The on-disk store inside a data directory."""
    return directory / "store"


@dataclass(frozen=True, slots=True)
class RemoteSettings:
    """How to reach a SPARQL 1.1 server that keeps the graph."""

    query_url: str
    update_url: str | None = None
    graph_store_url: str | None = None
    user: str | None = None
    password: str | None = None

    def __repr__(self) -> str:  # the password stays out of logs and tracebacks
        return f"RemoteSettings({self.query_url!r}, user={self.user!r})"

    def open(self, *, read_only: bool = False):  # type: ignore[no-untyped-def]
        """The RemoteStore these settings describe (no request is sent yet)."""
        from .store_base import open_store

        auth = (self.user, self.password or "") if self.user else None
        return open_store(
            self.query_url,
            read_only=read_only,
            update_url=self.update_url,
            graph_store_url=self.graph_store_url,
            auth=auth,
        )


def check_store_url(url: str, what: str = "the store URL") -> str:
    """The URL, if it is an http(s) URL with a host; InputError otherwise."""
    from urllib.parse import urlsplit

    from .errors import InputError

    parts = urlsplit(url.strip())
    if parts.username is not None or parts.password is not None:
        # said without the URL, which holds the credentials
        raise InputError(
            f"{what} holds a user or password: give them as GOVKG_STORE_USER and "
            "GOVKG_STORE_PASSWORD instead"
        )
    if parts.scheme not in ("http", "https") or not parts.netloc:
        raise InputError(
            f"{what} {url!r} is not an http(s):// URL of a SPARQL endpoint "
            "(e.g. http://127.0.0.1:8890/sparql)"
        )
    return url.strip()


def remote_settings(
    url: str | None = None, env: Mapping[str, str] | None = None
) -> RemoteSettings | None:
    """The remote store settings: `url`, else GOVKG_STORE_URL; None for the embedded store.

    The companions (update URL, Graph Store Protocol URL, user and password) come from the
    environment, as GOVKG_STORE_UPDATE_URL, GOVKG_STORE_GRAPH_STORE_URL, GOVKG_STORE_USER
    and GOVKG_STORE_PASSWORD.
    """
    env = os.environ if env is None else env
    url = url or env.get(STORE_URL_ENV) or None
    if not url:
        return None
    update = env.get("GOVKG_STORE_UPDATE_URL") or None
    graph_store = env.get("GOVKG_STORE_GRAPH_STORE_URL") or None
    return RemoteSettings(
        check_store_url(url),
        check_store_url(update, "the update URL") if update else None,
        check_store_url(graph_store, "the Graph Store Protocol URL") if graph_store else None,
        env.get("GOVKG_STORE_USER") or None,
        env.get(PASSWORD_ENV) or None,
    )

"""What every govkg command shares: one-line errors and exit codes, the --data-dir and
--store-url options, and opening the store (reads and writes follow the single-writer rule
of api.storage).

`data_dir_option` gives a command both options. `--store-url URL` (else $GOVKG_STORE_URL)
keeps the graph on that SPARQL 1.1 server instead of the data directory's embedded store;
the command does not see the option: `reading`, `writing` and `open_store` look it up in
the click context, so every command that opens the store works on either.
"""

from __future__ import annotations

import functools
import os
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from graph import settings
from graph.errors import Ambiguous, GraphError, InputError, ValidationFailed

EXIT_NOT_CONFORMING = 1
EXIT_BAD_INPUT = 2
EXIT_INTERNAL = 3


def fail(message: str, code: int = EXIT_BAD_INPUT) -> None:
    click.echo(f"error: {message}", err=True)
    sys.exit(code)


def friendly_errors(command: Callable[..., Any]) -> Callable[..., Any]:
    """Turn library errors into one-line messages and exit codes."""

    @functools.wraps(command)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return command(*args, **kwargs)
        except ValidationFailed as exc:
            if exc.report is not None:
                click.echo(exc.report.to_text(), err=True)
            fail(str(exc), EXIT_NOT_CONFORMING)
        except Ambiguous as exc:
            click.echo(f"error: {exc}", err=True)
            for iri, label in exc.candidates:
                click.echo(f"  {iri}  {label}", err=True)
            sys.exit(EXIT_BAD_INPUT)
        except GraphError as exc:
            fail(str(exc).splitlines()[0] if str(exc) else type(exc).__name__)
        except KeyboardInterrupt:
            fail("interrupted; the store is as it was before the interrupted load", 130)
        except (click.exceptions.Exit, click.ClickException, SystemExit):
            raise
        except Exception as exc:
            if os.environ.get("GOVKG_DEBUG"):
                raise
            fail(
                f"internal error ({type(exc).__name__}: {exc}); set GOVKG_DEBUG=1 for details",
                EXIT_INTERNAL,
            )

    return wrapper


STORE_URL_KEY = "govkg.store_url"


def _remember_store_url(ctx: click.Context, _param: click.Parameter, value: str | None) -> None:
    if value:
        ctx.meta[STORE_URL_KEY] = value


def data_dir_option(command: Callable[..., Any]) -> Callable[..., Any]:
    """--data-dir (passed to the command) and --store-url (kept in the click context)."""
    command = click.option(
        "--store-url",
        metavar="URL",
        default=None,
        envvar=settings.STORE_URL_ENV,
        expose_value=False,
        callback=_remember_store_url,
        help="Keep the graph on this SPARQL 1.1 server (its query endpoint) instead of the "
        "data directory (default: $GOVKG_STORE_URL).",
    )(command)
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Where the store lives (default: $GOVKG_DATA_DIR or ~/.local/share/govkg); "
        "with --store-url, only local files.",
    )(command)


def remote_settings() -> settings.RemoteSettings | None:
    """The SPARQL server of this command (--store-url, else $GOVKG_STORE_URL), or None."""
    ctx = click.get_current_context(silent=True)
    url = ctx.meta.get(STORE_URL_KEY) if ctx is not None else None
    return settings.remote_settings(url)


def app_config(data_dir: Path | None) -> dict[str, Any]:
    """The web app settings the shared options give (DATA_DIR, STORE_URL)."""
    config: dict[str, Any] = {}
    if data_dir is not None:
        config["DATA_DIR"] = str(data_dir)
    remote = remote_settings()
    if remote is not None:
        config["STORE_URL"] = remote.query_url
    return config


def store_location(store: Any) -> str:
    """Where a store keeps its graph: its folder, or its server's query endpoint."""
    return str(store.path if store.path is not None else getattr(store, "query_url", "memory"))


def _access(data_dir: Path | None) -> Any:
    from api.storage import StoreAccess

    directory = settings.data_dir(data_dir)
    remote = remote_settings()
    if remote is not None:
        return StoreAccess(directory, remote=remote.open())
    return StoreAccess(directory)


@contextmanager
def writing(data_dir: Path | None) -> Iterator[Any]:
    """The store opened read-write under the data directory's write lock (see api.storage)."""
    with _access(data_dir).write() as store:
        yield store


@contextmanager
def reading(data_dir: Path | None) -> Iterator[Any]:
    """The store opened read-only in a read session, so no write runs meanwhile."""
    directory = settings.data_dir(data_dir)
    remote = remote_settings() is not None
    if not remote and not settings.store_path(directory).exists():
        raise InputError(f"no store at {settings.store_path(directory)}; run 'govkg build' first")
    with _access(data_dir).reading() as store:
        yield store


def open_store(data_dir: Path | None, *, read_only: bool = False):
    """The store without a session: the remote store, or the data directory's own."""
    from graph.store import Store

    remote = remote_settings()
    if remote is not None:
        from api.storage import keep_local_files_in

        store = remote.open(read_only=read_only)
        keep_local_files_in(store, settings.data_dir(data_dir))
        return store
    path = settings.store_path(settings.data_dir(data_dir))
    if read_only and not path.exists():
        raise InputError(f"no store at {path}; run 'govkg build' first")
    return Store(path, read_only=read_only)

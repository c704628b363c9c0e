"""What every govkg command shares: one-line errors and exit codes, the --data-dir option,
and opening the store (reads and writes follow the single-writer rule of api.storage)."""

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


def data_dir_option(command: Callable[..., Any]) -> Callable[..., Any]:
    return click.option(
        "--data-dir",
        type=click.Path(file_okay=False, path_type=Path),
        default=None,
        help="Where the store lives (default: $GOVKG_DATA_DIR or ~/.local/share/govkg).",
    )(command)


@contextmanager
def writing(data_dir: Path | None) -> Iterator[Any]:
    """The store opened read-write under the data directory's write lock (see api.storage)."""
    from api.storage import StoreAccess

    with StoreAccess(settings.data_dir(data_dir)).write() as store:
        yield store


@contextmanager
def reading(data_dir: Path | None) -> Iterator[Any]:
    """The store opened read-only in a read session, so no write runs meanwhile."""
    from api.storage import StoreAccess

    directory = settings.data_dir(data_dir)
    if not settings.store_path(directory).exists():
        raise InputError(f"no store at {settings.store_path(directory)}; run 'govkg build' first")
    with StoreAccess(directory).reading() as store:
        yield store


def open_store(data_dir: Path | None, *, read_only: bool = False):
    from graph.store import Store

    path = settings.store_path(settings.data_dir(data_dir))
    if read_only and not path.exists():
        raise InputError(f"no store at {path}; run 'govkg build' first")
    return Store(path, read_only=read_only)

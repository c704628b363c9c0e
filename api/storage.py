"""The app's store handle, and the single-writer rule for an on-disk store.

Oxigraph (RocksDB) allows one read-write handle per store directory and any number of
read-only ones, but a read-only handle that is open while another handle writes (or
compacts after a write) sees files vanish. govkg therefore never keeps the read-write
handle open, and never lets a read-only handle be open during a write:

1. **Reads happen in sessions.** Each HTTP request is a read session (`reading()`). The
   first session of a process takes a shared `fcntl.flock` on `<data_dir>/write.lock`
   and opens the store read-only; the threads of that process share the handle; when the
   last session ends, the handle is closed and the lock released. Each SPARQL worker
   process holds the same shared lock while its own read-only handle is open.
2. **One writer at a time, alone.** A write (`write()`: `POST /loads`, `DELETE /loads/…`,
   the corpus build of `govkg serve`) waits until its process has no read session, takes
   the lock exclusively — so it waits for every reader of every process, SPARQL workers
   included (at most SPARQL_TIMEOUT_S, as they are killed at their deadline) — opens the
   store read-write, writes, flushes and *closes* it, which lets RocksDB finish its
   compaction and file clean-up before any reader opens again.
3. **A version file.** Each committed write bumps `<data_dir>/version`, for tools that want
   to know whether the data changed.

So several server processes may share a data directory: any of them can write, and none
reads half-written files. New read sessions of the writing process wait while a write is
pending. An in-memory store (tests) lives in one process: writes are serialised by a
lock and reads need none.
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from graph import settings as graph_settings
from graph.errors import GraphError
from graph.store import Store

log = logging.getLogger(__name__)


def writes(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that writes: it runs outside the per-request read session."""
    view.govkg_writes = True  # type: ignore[attr-defined]
    return view


class StoreAccess:
    """The store of one app: read sessions, exclusive writes, the lock and version files."""

    def __init__(self, data_dir: Path | None = None, store: Store | None = None):
        self._memory: Store | None = None
        self.data_dir: Path | None = None
        if store is not None and store.path is None:
            self._memory = store
        elif store is not None:
            self.data_dir = store.path.parent  # type: ignore[union-attr]
            self._path = store.path
            close(store)
        elif data_dir is not None:
            self.data_dir = data_dir
            self._path = graph_settings.store_path(data_dir)
        else:
            self._memory = Store.memory()
        self._cond = threading.Condition()
        self._readers = 0
        self._pending_writes = 0
        self._writing = False
        self._handle: Store | None = None
        self._lock_file: IO[bytes] | None = None
        if self.data_dir is not None:
            self._create_if_missing()

    # --- paths ------------------------------------------------------------------

    @property
    def on_disk(self) -> bool:
        return self.data_dir is not None

    @property
    def store_path(self) -> Path | None:
        return self._path if self.on_disk else None

    @property
    def lock_path(self) -> Path | None:
        return self.data_dir / "write.lock" if self.data_dir is not None else None

    @property
    def version_path(self) -> Path | None:
        return self.data_dir / "version" if self.data_dir is not None else None

    def _lock(self) -> IO[bytes]:
        if self._lock_file is None:
            self._lock_file = open(self.lock_path, "a+b")  # type: ignore[arg-type]  # noqa: SIM115
        return self._lock_file

    def _create_if_missing(self) -> None:
        assert self.data_dir is not None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._path.exists():
            return
        with self.write():
            pass

    # --- the version file ---------------------------------------------------------

    def read_version(self) -> str:
        path = self.version_path
        try:
            return path.read_text(encoding="ascii").strip() if path else ""
        except OSError:
            return ""

    def bump_version(self) -> None:
        path = self.version_path
        if path is None:
            return
        current = self.read_version()
        number = int(current) + 1 if current.isdigit() else 1
        tmp = path.with_suffix(".tmp")
        try:
            tmp.write_text(f"{number}\n", encoding="ascii")
            os.replace(tmp, path)
        except OSError as exc:
            log.warning("the version file %s was not updated: %s", path, exc.strerror)

    # --- reading ------------------------------------------------------------------

    @property
    def store(self) -> Store:
        """The store to read, inside a read session (or the in-memory store)."""
        if self._memory is not None:
            return self._memory
        if self._handle is None:
            raise RuntimeError("the on-disk store is read inside `with access.reading():`")
        return self._handle

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A read session: the store stays open read-only, and no write runs, until it ends."""
        if self._memory is not None:
            yield self._memory
            return
        with self._cond:
            while self._writing or self._pending_writes:
                self._cond.wait()
            if self._readers == 0:
                fcntl.flock(self._lock(), fcntl.LOCK_SH)
                try:
                    self._handle = Store(self._path, read_only=True)
                except BaseException:
                    fcntl.flock(self._lock(), fcntl.LOCK_UN)
                    raise
            self._readers += 1
            handle = self._handle
        try:
            yield handle  # type: ignore[misc]
        finally:
            with self._cond:
                self._readers -= 1
                if self._readers == 0:
                    close(self._handle)
                    self._handle = None
                    fcntl.flock(self._lock(), fcntl.LOCK_UN)
                    self._cond.notify_all()

    # --- writing ------------------------------------------------------------------

    @contextmanager
    def write(self) -> Iterator[Store]:
        """The store opened read-write for one write; closed, and the version bumped, after.

        Must not be entered inside a read session of the same thread (it would wait for
        itself); write views are kept out of the per-request session.
        """
        if self._memory is not None:
            with self._cond:
                yield self._memory
            return
        with self._cond:
            self._pending_writes += 1
            try:
                while self._writing or self._readers:
                    self._cond.wait()
            finally:
                self._pending_writes -= 1
                self._cond.notify_all()
            self._writing = True
        try:
            fcntl.flock(self._lock(), fcntl.LOCK_EX)
            try:
                with disk_errors():
                    store = Store(self._path)
                    try:
                        yield store
                        store.flush()
                    finally:
                        close(store)
                self.bump_version()
            finally:
                fcntl.flock(self._lock(), fcntl.LOCK_UN)
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


DISK_FULL = (errno.ENOSPC, errno.EDQUOT, errno.EFBIG)
DISK_FULL_TEXT = ("No space left on device", "Disk quota exceeded", "File too large")


class StorageFull(GraphError):
    """The data directory's disk is full: the write did not happen."""

    status = 507


def _disk_full_reason(exc: BaseException | None) -> str | None:
    seen = 0
    while exc is not None and seen < 10:
        if isinstance(exc, OSError) and exc.errno in DISK_FULL:
            return os.strerror(exc.errno)
        for text in DISK_FULL_TEXT:
            if text in str(exc):
                return text
        exc = exc.__cause__ or exc.__context__
        seen += 1
    return None


@contextmanager
def disk_errors() -> Iterator[None]:
    """Report a full disk (or a file size limit) during a write as StorageFull."""
    try:
        yield
    except Exception as exc:
        reason = _disk_full_reason(exc)
        if reason is None:
            raise
        log.info("a write failed, the disk is full: %s", exc)
        raise StorageFull(
            f"The store's disk is full ({reason}): the write did not complete. Free some space "
            "and try again."
        ) from exc


def close(store: Store | None) -> None:
    """Close an on-disk store's handle now (RocksDB finishes its background work on close)."""
    if store is None or store.path is None:
        return
    store.close()

"""The app's store handle, and the single-writer rule for an on-disk store or a SPARQL server.

Oxigraph (RocksDB) allows one read-write handle per store directory and any number of
read-only ones, but a read-only handle that is open while another handle writes (or
compacts after a write) sees files vanish. govkg therefore never keeps the read-write
handle open, and never lets a read-only handle be open during a write:

1. **Reads happen in sessions.** Each HTTP request is a read session (`reading()`). The
   first session of a process takes a shared `fcntl.flock` on `<data_dir>/write.lock`
   and opens the store read-only; the threads of that process share the handle. Each
   SPARQL worker process holds the same shared lock while its own read-only handle is
   open. A command line closes the handle when its last session ends; the web app
   (`keep_open=True`) keeps it open between requests — opening a large store costs far
   more than answering a page — until a writer wants the store or it has been idle for
   KEEP_OPEN_S seconds.
2. **One writer at a time, alone.** A write (`write()`: `POST /loads`, `DELETE /loads/…`,
   the corpus build of `govkg serve`) waits until its process has no read session and
   closes its own kept handle, announces itself by taking `<data_dir>/write.intent`
   exclusively, then takes the lock exclusively — so it waits for every reader of every
   process, SPARQL workers included (at most SPARQL_TIMEOUT_S, as they are killed at
   their deadline) — opens the store read-write, writes, flushes and *closes* it, which
   lets RocksDB finish its compaction and file clean-up before any reader opens again.
   A process that keeps a handle open sees the announcement (a non-blocking shared lock
   on the intent file fails) at its next session, or within INTENT_POLL_S when idle:
   it lets its running sessions end, admits no new one, closes the handle and releases
   its lock; it opens again only after the writer is done.
3. **A version file.** Each committed write bumps `<data_dir>/version`, for tools that want
   to know whether the data changed.

So several server processes may share a data directory: any of them can write, and none
reads half-written files. New read sessions of the writing process wait while a write is
pending. An in-memory store (tests) lives in one process: writes are serialised by a
lock and reads need none.

A remote store (`remote=`, a `RemoteStore` on a SPARQL 1.1 server) needs no file locks: the
server keeps its own consistency. Read sessions hand out the one RemoteStore (it is
thread-safe: each thread has its own HTTP connection) and never wait; writes of this process
are serialised by the same condition, one at a time. The version is the store's revision
(`revision()`, a new one with every write by any process), so it notices the writes of
other processes too. The data directory, if any, holds local files only (the search index).
"""

from __future__ import annotations

import errno
import fcntl
import logging
import os
import threading
import time
import weakref
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO, Any

from graph import settings as graph_settings
from graph.errors import GraphError
from graph.remote_store import RemoteStore
from graph.store import Store

log = logging.getLogger(__name__)

KEEP_OPEN_S = 30.0  # an idle kept-open read handle is closed after this long
INTENT_POLL_S = 0.05  # how often an idle kept-open handle looks for a waiting writer


def writes(view: Callable[..., Any]) -> Callable[..., Any]:
    """Mark a view that writes: it runs outside the per-request read session."""
    view.govkg_writes = True  # type: ignore[attr-defined]
    return view


class StoreAccess:
    """The store of one app: read sessions, exclusive writes, the lock and version files."""

    def __init__(
        self,
        data_dir: Path | None = None,
        store: Store | RemoteStore | None = None,
        remote: RemoteStore | None = None,
        *,
        keep_open: bool = False,
    ):
        self._memory: Store | None = None
        self._remote: RemoteStore | None = None
        self.data_dir: Path | None = None
        if isinstance(store, RemoteStore):
            remote, store = store, None
        if remote is not None:
            self._remote = remote
            self.data_dir = data_dir
            if data_dir is not None:
                data_dir.mkdir(parents=True, exist_ok=True)
                keep_local_files_in(remote, data_dir)
        elif store is not None and store.path is None:
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
        self._intent_file: IO[bytes] | None = None
        self._keep_open = keep_open
        self._draining = False  # a writer of another process waits: no new sessions
        self._idle_since = 0.0
        self._watcher: threading.Thread | None = None
        if self.on_disk:
            self._create_if_missing()

    # --- paths ------------------------------------------------------------------

    @property
    def on_disk(self) -> bool:
        """Whether the graph is the embedded store in the data directory."""
        return self.data_dir is not None and self._remote is None

    @property
    def remote(self) -> RemoteStore | None:
        """The SPARQL server's store, when the graph is kept there."""
        return self._remote

    @property
    def store_path(self) -> Path | None:
        return self._path if self.on_disk else None

    @property
    def lock_path(self) -> Path | None:
        return self.data_dir / "write.lock" if self.on_disk else None  # type: ignore[operator]

    @property
    def intent_path(self) -> Path | None:
        return self.data_dir / "write.intent" if self.on_disk else None  # type: ignore[operator]

    @property
    def version_path(self) -> Path | None:
        return self.data_dir / "version" if self.data_dir is not None else None

    def _lock(self) -> IO[bytes]:
        if self._lock_file is None:
            self._lock_file = open(self.lock_path, "a+b")  # type: ignore[arg-type]  # noqa: SIM115
        return self._lock_file

    def _intent(self) -> IO[bytes]:
        if self._intent_file is None:
            self._intent_file = open(self.intent_path, "a+b")  # type: ignore[arg-type]  # noqa: SIM115
        return self._intent_file

    def _writer_waiting(self) -> bool:
        """Whether a writer (of any process) has announced itself on the intent file."""
        try:
            fcntl.flock(self._intent(), fcntl.LOCK_SH | fcntl.LOCK_NB)
        except BlockingIOError:
            return True
        fcntl.flock(self._intent(), fcntl.LOCK_UN)
        return False

    def _create_if_missing(self) -> None:
        assert self.data_dir is not None
        self.data_dir.mkdir(parents=True, exist_ok=True)
        if self._path.exists():
            return
        with self.write():
            pass

    # --- the version file ---------------------------------------------------------

    def read_version(self) -> str:
        """What changes with every write: the version file, or a remote store's revision."""
        if self._remote is not None:
            return self._remote.revision()
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
        if self._remote is not None:
            return self._remote
        if self._handle is None:
            raise RuntimeError("the on-disk store is read inside `with access.reading():`")
        return self._handle

    @contextmanager
    def reading(self) -> Iterator[Store]:
        """A read session: the store stays open read-only, and no write runs, until it ends.

        On a remote store: the store, at once (the server keeps reads and writes apart).
        """
        if self._memory is not None:
            yield self._memory
            return
        if self._remote is not None:
            yield self._remote  # type: ignore[misc]
            return
        with self._cond:
            while True:
                if self._writing or self._pending_writes or self._draining:
                    self._cond.wait()
                    continue
                if self._handle is not None and self._writer_waiting():
                    self._give_way()
                    continue
                break
            if self._handle is None:
                self._open_shared()
            self._readers += 1
            handle = self._handle
        try:
            yield handle  # type: ignore[misc]
        finally:
            with self._cond:
                self._readers -= 1
                if self._readers == 0:
                    if self._keep_open:
                        self._idle_since = time.monotonic()
                    else:
                        self._close_shared()
                    self._cond.notify_all()

    def _open_shared(self) -> None:
        """Open the store read-only under a shared lock, after any announced writer."""
        fcntl.flock(self._intent(), fcntl.LOCK_SH)  # waits while a writer is announced
        try:
            fcntl.flock(self._lock(), fcntl.LOCK_SH)
        finally:
            fcntl.flock(self._intent(), fcntl.LOCK_UN)
        try:
            self._handle = Store(self._path, read_only=True)
        except BaseException:
            fcntl.flock(self._lock(), fcntl.LOCK_UN)
            raise
        if self._keep_open:
            self._start_watcher()

    def _close_shared(self) -> None:
        if self._handle is not None:
            close(self._handle)
            self._handle = None
            fcntl.flock(self._lock(), fcntl.LOCK_UN)

    def _give_way(self) -> None:
        """Let this process's sessions end, admit no new ones, and close the handle, so
        that the writer another process announced can take the lock (condition held)."""
        self._draining = True
        try:
            while self._readers:
                self._cond.wait()
            self._close_shared()
        finally:
            self._draining = False
            self._cond.notify_all()

    def _start_watcher(self) -> None:
        if self._watcher is not None and self._watcher.is_alive():
            return
        self._watcher = threading.Thread(
            target=_watch_idle_handle, args=(weakref.ref(self),), daemon=True
        )
        self._watcher.start()

    def close_idle(self, *, writer_waiting: bool = False) -> bool:
        """Close a kept-open handle that no session uses, if a writer waits or it has been
        idle for KEEP_OPEN_S; whether the handle is (now) closed."""
        with self._cond:
            if self._handle is None:
                return True
            if self._readers or self._draining:
                return False
            idle = time.monotonic() - self._idle_since >= KEEP_OPEN_S
            if writer_waiting or idle or self._writer_waiting():
                self._close_shared()
                self._cond.notify_all()
                return True
            return False

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
        if self._remote is not None:
            yield from self._remote_write()
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
            self._close_shared()  # this process's kept handle (no session uses it now)
        try:
            fcntl.flock(self._intent(), fcntl.LOCK_EX)  # announce: kept handles close
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
                fcntl.flock(self._intent(), fcntl.LOCK_UN)
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()

    def _remote_write(self) -> Iterator[Store]:
        """One write of this process at a time to the remote store (reads go on meanwhile)."""
        with self._cond:
            while self._writing:
                self._cond.wait()
            self._writing = True
        try:
            yield self._remote  # type: ignore[misc]
        finally:
            with self._cond:
                self._writing = False
                self._cond.notify_all()


def _watch_idle_handle(ref: weakref.ReferenceType[StoreAccess]) -> None:
    """While a kept-open handle is open: close it when a writer waits or it idles too long."""
    while True:
        time.sleep(INTENT_POLL_S)
        access = ref()
        if access is None or access.close_idle():
            return
        del access


def keep_local_files_in(remote: RemoteStore, directory: Path) -> None:
    """The local files of a remote store (its search index) go in this data directory."""
    try:
        from graph import text_index
    except ImportError:  # pragma: no cover - a build without the search index
        return
    text_index.use_data_dir(remote, directory)


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

"""HTTP for the remote store: one keep-alive connection per thread, per-request time limits,
and what a SPARQL server's answer means when it is not a plain success.

`Connection.request` sends one request and reads the whole answer; `Connection.open` sends
one and hands back the response unread, for answers parsed as they arrive (the caller
closes it, and `discard()` drops the thread's connection when the answer was not read to
the end). A request that fails on a kept-alive connection the server has closed is sent
once more on a new one; a request that runs out of time is not.

`check_answer` turns an answer into the error the user should see: `QueryTimeout` (503)
when the server stopped the query at its limit (Virtuoso says so with `X-SQL-State: S1TAT`
on a partial answer, or fails once the limit has passed), `QueryError` (400) for a query
the server cannot parse, `RemoteError` (502, or 503 when the server is unavailable) for
everything else. Credentials are sent as a header and never appear in a message.
"""

from __future__ import annotations

import http.client
import threading
import time
import urllib.parse
from dataclasses import dataclass
from email.message import Message

from .errors import GraphError, QueryError, QueryTimeout

PARTIAL_ANSWER_STATE = "S1TAT"  # Virtuoso: "returning incomplete results … timeout"

# Virtuoso echoes each `default-graph-uri` and `named-graph-uri` of a request as a header
# of its answer (X-SPARQL-default-graph), so a query restricted to a store's thousands of
# graphs is answered with thousands of headers; http.client refuses more than 100.
MAX_ANSWER_HEADERS = 1_000_000
http.client._MAXHEADERS = max(http.client._MAXHEADERS, MAX_ANSWER_HEADERS)  # type: ignore[attr-defined]


class RemoteError(GraphError):
    """The SPARQL server refused a request or could not be reached."""

    status = 502


class RemoteUnavailable(RemoteError):
    """The SPARQL server is there but cannot answer now (it said 503)."""

    status = 503


@dataclass(frozen=True, slots=True)
class Answer:
    status: int
    body: bytes
    content_type: str
    headers: Message
    seconds: float


def time_limit_error(seconds: float) -> QueryTimeout:
    return QueryTimeout(f"the SPARQL server did not answer within {seconds:g} s")


class Connection:
    """One keep-alive HTTP(S) connection per thread to one host."""

    def __init__(self, url: str, timeout: float):
        self.parts = urllib.parse.urlsplit(url)
        self.timeout = timeout
        self.local = threading.local()
        self.server = ""  # the Server header of the last answer

    def _conn(self, timeout: float) -> http.client.HTTPConnection:
        conn = getattr(self.local, "conn", None)
        if conn is None:
            cls = (
                http.client.HTTPSConnection
                if self.parts.scheme == "https"
                else http.client.HTTPConnection
            )
            conn = cls(self.parts.netloc, timeout=timeout)
            self.local.conn = conn
        conn.timeout = timeout
        if conn.sock is not None:
            conn.sock.settimeout(timeout)
        return conn

    def discard(self) -> None:
        """Close this thread's connection (the next request opens a new one)."""
        conn = getattr(self.local, "conn", None)
        self.local.conn = None
        if conn is not None:
            conn.close()

    def open(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        timeout: float | None = None,
    ) -> http.client.HTTPResponse:
        """Send a request and return its response unread (status and headers are in)."""
        parts = urllib.parse.urlsplit(url)
        target = parts.path + (f"?{parts.query}" if parts.query else "")
        limit = self.timeout if timeout is None else timeout
        for attempt in (1, 2):
            conn = self._conn(limit)
            try:
                conn.request(method, target, body=body, headers=headers)
                response = conn.getresponse()
            except TimeoutError as exc:
                self.discard()
                raise time_limit_error(limit) from exc
            except (http.client.HTTPException, ConnectionError, OSError) as exc:
                self.discard()
                if attempt == 2:
                    raise RemoteError(f"cannot reach {url}: {exc}") from exc
                continue
            self.server = response.getheader("Server", "") or self.server
            return response
        raise AssertionError("unreachable")

    def request(
        self,
        method: str,
        url: str,
        body: bytes | None,
        headers: dict[str, str],
        timeout: float | None = None,
    ) -> Answer:
        """Send a request and read its whole answer."""
        limit = self.timeout if timeout is None else timeout
        started = time.monotonic()
        response = self.open(method, url, body, headers, timeout)
        try:
            data = response.read()
        except TimeoutError as exc:
            self.discard()
            raise time_limit_error(limit) from exc
        except (http.client.HTTPException, OSError) as exc:
            self.discard()
            raise RemoteError(f"the answer from {url} broke off: {exc}") from exc
        return Answer(
            response.status,
            data,
            response.getheader("Content-Type", "") or "",
            response.headers,
            time.monotonic() - started,
        )


def check_answer(answer: Answer, url: str, limit: float | None = None) -> None:
    """Raise the error an answer stands for; nothing for a complete success."""
    state = answer.headers.get("X-SQL-State", "") if answer.headers is not None else ""
    if state.strip() == PARTIAL_ANSWER_STATE:
        raise QueryTimeout(f"the SPARQL server stopped the query at its {limit or 0:g} s limit")
    if answer.status < 400:
        return
    message = " ".join(answer.body.decode("utf-8", "replace").split())[:500]
    if limit is not None and answer.status >= 500 and answer.seconds >= 0.9 * limit:
        raise QueryTimeout(f"the SPARQL server stopped the query at its {limit:g} s limit")
    if answer.status == 400 or "syntax" in message.casefold():
        raise QueryError(f"the SPARQL server refused the request ({answer.status}): {message}")
    if answer.status in (401, 403):
        raise RemoteError(
            f"the SPARQL server at {url} refused access ({answer.status}); check "
            "GOVKG_STORE_USER and GOVKG_STORE_PASSWORD, and the server's permissions"
        )
    if answer.status == 503:
        raise RemoteUnavailable(f"the SPARQL server at {url} is unavailable (503): {message}")
    raise RemoteError(f"the SPARQL server answered {answer.status}: {message}")

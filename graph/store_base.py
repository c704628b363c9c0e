"""The store interface the rest of govkg uses, and a way to open one by location.

`GraphStore` is a structural type (`typing.Protocol`): the embedded Oxigraph `Store` and
the `RemoteStore` (any SPARQL 1.1 Protocol server) both satisfy it. `open_store` picks
the backend from a location: an `http(s)://` URL opens a remote store, anything else
is a folder for the embedded store.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any, Protocol, runtime_checkable

from rdflib import Dataset, Graph
from rdflib.term import Node

if TYPE_CHECKING:
    from .store import LoadRecord


@runtime_checkable
class GraphStore(Protocol):
    """Named graphs per document, queried as one union; one load = one transaction."""

    path: Path | None
    read_only: bool
    last_variables: list[str]

    # reading
    def raw_query(self, sparql: str, bindings: dict[str, Node] | None = None) -> Any: ...

    def select(
        self, sparql: str, bindings: dict[str, Node] | None = None
    ) -> list[dict[str, Node]]: ...

    def run(self, sparql: str) -> tuple[str, object]: ...

    def ask(self, sparql: str, bindings: dict[str, Node] | None = None) -> bool: ...

    def construct(self, sparql: str, bindings: dict[str, Node] | None = None) -> Graph: ...

    def graph_names(self) -> list[str]: ...

    def has_graph(self, name: str) -> bool: ...

    def named_graph(self, name: str) -> Graph: ...

    def dataset(self) -> Dataset: ...

    def __len__(self) -> int: ...

    def quads(self) -> Iterator[Any]: ...

    def loads(self) -> list[dict[str, Node]]: ...

    # revisions: every write gives the written graph and the store a new one
    def revision(self) -> str: ...

    def graph_revisions(self) -> dict[str, str]: ...

    # writing
    def replace_graph(self, name: str, graph: Graph, record: LoadRecord | None = None) -> None: ...

    def drop_graph(self, name: str) -> bool: ...

    def flush(self) -> None: ...

    def optimize(self) -> None: ...

    def close(self) -> None: ...


def is_remote(location: str | Path) -> bool:
    return str(location).startswith(("http://", "https://"))


def open_store(location: str | Path, *, read_only: bool = False, **remote: Any) -> GraphStore:
    """A store at `location`: a RemoteStore for an http(s) URL, else the embedded Store.

    For a URL, `location` is the SPARQL query endpoint; `update_url` (default: the same
    URL), `graph_store_url` and `auth` may be given as keyword arguments.
    """
    if is_remote(location):
        from .remote_store import RemoteStore

        url = str(location)
        # Virtuoso's endpoint ends in /sparql and needs the xsd:duration stand-in.
        remote.setdefault("encode_durations", url.rstrip("/").endswith("/sparql"))
        return RemoteStore(
            url,
            remote.pop("update_url", None) or url,
            read_only=read_only,
            **remote,
        )
    from .store import Store

    return Store(Path(location), read_only=read_only)

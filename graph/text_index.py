"""The side index of a store: the full-text index behind search (SQLite FTS5) and the
meeting dates behind validation's latest-meeting read, kept in step by revisions.

What it holds, per named graph:
- one row per (node, property, text) for the texts search covers: the labels, titles,
  names, tasks, decision texts and item texts of nodes under id:
  (graph/queries/index-texts.rq), with the graphs that hold it beside (`text_graphs`):
  a body's name, repeated by every protocol of its meetings, is one row, so a common
  word does not bring the same text back once for each of them. Each text is folded
  as search folds it (`fold`: lower case, diacritics removed, one character for each
  character) and indexed with FTS5's trigram tokenizer, so a word is found anywhere
  inside a word, as the substring search it replaces found it: "hjalpmedel" finds
  "Hjälpmedelsnämnden", and "samverkan" finds "hjälpmedelssamverkan" (word tokens with
  prefix queries would miss that one: Swedish writes compounds as one word). A word
  shorter than three characters has no trigram: it is checked on the rows the longer
  words find, and a query of short words only scans the folded texts;
- the display labels of those nodes (graph/queries/index-labels.rq) and their kind (the
  first of `KIND_CLASSES` among their types, graph/queries/index-kinds.rq), so a search
  ranks its hits without asking the store about each one;
- the nodes each graph types gov:Meeting (graph/queries/index-meetings.rq) and the dates
  (a day, YYYY-MM-DD) each graph gives nodes (graph/queries/index-dates.rq): the latest
  meeting outside some graphs (`TextIndex.latest_meeting`) is then found by two indexed
  lookups, where graph/queries/validation-latest-meeting.rq, which it answers for the
  validation of a load (graph/validation_context.py), reads every meeting of the store.

Where it lives: `<data_dir>/search.sqlite` beside the store of a data directory (WAL mode:
any number of reading processes and one writer at a time), `<name>.search.sqlite` beside
a store elsewhere, `<data_dir>/search-<digest of the URL>.sqlite` for a remote store, and
memory for an in-memory store.

Keeping in step: the index records the store's revision and the revision of each graph it
indexed (see graph/store.py). `sync(store)` reads the store's revision (one tiny query);
when it differs from the index's, it re-indexes exactly the graphs whose revision differs
and removes the graphs that are gone, in one SQLite transaction. So a crash between a store
write and the index's catching up is repaired by the next sync, and so is an index file
left from an older state of the store; one made for another store, or by another version
of this module (its schema key differs), is rebuilt. Texts are read a graph at a time
(from a remote store, whose answers come whole, GRAPH_BATCH graphs at a time), or, for a
large catch-up of the embedded store, in one streamed query, and written in batches: the
store is never held in memory. A store written by other means than `replace_graph` (a
bulk load) has no revision; the index then compares the store's list of graphs with its own
on every sync.
"""

from __future__ import annotations

import hashlib
import itertools
import json
import logging
import os
import sqlite3
import threading
import unicodedata
import weakref
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import pyoxigraph as ox
from rdflib import BNode, Literal, URIRef

from . import settings
from .derive.describe import KINDS
from .errors import GraphError
from .namespaces import FOAF, ORG, SKOS
from .queries import load_query
from .store import Store, to_rdflib, values_block
from .store_base import GraphStore

log = logging.getLogger(__name__)

SCHEMA_VERSION = "1"
FILE_NAME = "search.sqlite"
BUSY_TIMEOUT_S = 60.0  # how long a sync waits for another process's sync to finish
BATCH = 1000  # rows per INSERT batch
ONE_PASS = 64  # from this many graphs to index, the embedded store streams them all at once
GRAPH_BATCH = 64  # graphs read per query otherwise
TRIGRAM = 3  # the shortest word the trigram index can look up
NODE_CACHE = 100_000  # node ids remembered while indexing
EVENT_KINDS = {"termination", "establishment", "milestone", "event"}
# The kind of a node: the first of these classes among its types ("node" if none).
KIND_CLASSES: tuple[tuple[str, str], ...] = (
    *((str(cls), "event" if kind in EVENT_KINDS else kind) for cls, kind in KINDS),
    (str(FOAF.Person), "person"),
    (str(ORG.Organization), "organisation"),
    (str(FOAF.Document), "document"),
    (str(SKOS.Concept), "topic"),
)
_KIND_POSITION: dict[str, int] = {}
for _n, (_cls, _) in enumerate(KIND_CLASSES):
    _KIND_POSITION.setdefault(_cls, _n)

SCHEMA = (
    "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
    """CREATE TABLE graphs (
         id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE, revision TEXT NOT NULL)""",
    # every node IRI once (kept when its graphs go; a rebuild drops the unused ones)
    "CREATE TABLE nodes (id INTEGER PRIMARY KEY, iri TEXT NOT NULL UNIQUE)",
    # each distinct text of a node once, and the graphs that hold it
    """CREATE TABLE texts (
         id INTEGER PRIMARY KEY, node INTEGER NOT NULL, property TEXT NOT NULL,
         text TEXT NOT NULL, folded TEXT NOT NULL, UNIQUE (node, property, text))""",
    """CREATE TABLE text_graphs (
         text INTEGER NOT NULL, graph INTEGER NOT NULL, PRIMARY KEY (text, graph))
         WITHOUT ROWID""",
    "CREATE INDEX text_graphs_graph ON text_graphs (graph)",
    # the trigram index of the folded texts, which it reads from `texts` (kept in step
    # by _remove_graph and _catch_up, a set of rows at a time: much faster than a trigger)
    """CREATE VIRTUAL TABLE texts_fts USING fts5 (
         folded, content='texts', content_rowid='id', tokenize='trigram')""",
    """CREATE TABLE labels (
         node INTEGER NOT NULL, graph INTEGER NOT NULL, label TEXT NOT NULL, lang TEXT)""",
    "CREATE INDEX labels_node ON labels (node)",
    "CREATE INDEX labels_graph ON labels (graph)",
    # the first of KIND_CLASSES among a node's types in one graph (its position)
    """CREATE TABLE kinds (
         node INTEGER NOT NULL, graph INTEGER NOT NULL, kind INTEGER NOT NULL,
         PRIMARY KEY (node, graph)) WITHOUT ROWID""",
    "CREATE INDEX kinds_graph ON kinds (graph)",
    # the nodes typed gov:Meeting in each graph, and each graph's dates of nodes (their
    # text, a day, and the literal's datatype and language): the latest-meeting read
    "CREATE TABLE meetings (node INTEGER NOT NULL, graph INTEGER NOT NULL)",
    "CREATE INDEX meetings_node ON meetings (node)",
    "CREATE INDEX meetings_graph ON meetings (graph)",
    """CREATE TABLE dates (
         node INTEGER NOT NULL, graph INTEGER NOT NULL, date TEXT NOT NULL,
         datatype TEXT NOT NULL, lang TEXT NOT NULL)""",
    "CREATE INDEX dates_date ON dates (date)",
    "CREATE INDEX dates_graph ON dates (graph)",
)
TABLES = ("text_graphs", "labels", "kinds", "meetings", "dates")  # the rows of a graph
DROP = tuple(
    f"DROP TABLE IF EXISTS {table}"
    for table in ("texts_fts", *TABLES, "texts", "nodes", "graphs", "meta")
)

Row = tuple[str, str, str, str]  # node, property, text, folded text
Labels = dict[str, list[tuple[str, str | None]]]  # node → (label, language or None)


class IndexUnavailable(Exception):
    """The index cannot be opened, read or brought in step (a read-only data directory)."""


# --- folding, kinds, the schema ---------------------------------------------------


def fold(text: str) -> str:
    """Lower case without diacritics, one character for each character of `text`."""
    return text.lower() if text.isascii() else text.translate(_FOLDED)


def _fold_char(char: str) -> str:
    lowered = char.lower()
    if len(lowered) != 1:
        return char
    base = unicodedata.normalize("NFKD", lowered)
    kept = "".join(c for c in base if not unicodedata.combining(c))
    return kept if len(kept) == 1 else lowered


class _FoldTable(dict[int, str]):
    """The folded form of each character, worked out the first time it is seen."""

    def __missing__(self, code: int) -> str:
        folded = self[code] = _fold_char(chr(code))
        return folded


_FOLDED = _FoldTable()


def kind_position(types: Iterable[str]) -> int:
    """The position in KIND_CLASSES of the first class among `types` (len: none)."""
    return min((_KIND_POSITION.get(t, len(KIND_CLASSES)) for t in types), default=len(KIND_CLASSES))


def kind_name(position: int) -> str:
    return KIND_CLASSES[position][1] if position < len(KIND_CLASSES) else "node"


def kind_of(types: Iterable[str]) -> str:
    """A node's kind from its types: "body", "person", "item", …, or "node"."""
    return kind_name(kind_position(types))


def schema_key() -> str:
    """What the index's content depends on besides the store: a different key, a rebuild."""
    digest = hashlib.sha256()
    for name in ("index-texts", "index-labels", "index-kinds", "index-meetings", "index-dates"):
        digest.update(load_query(name).encode("utf-8"))
    digest.update(json.dumps([KIND_CLASSES, SCHEMA]).encode("utf-8"))
    return f"{SCHEMA_VERSION}:{digest.hexdigest()[:16]}:{unicodedata.unidata_version}"


def match_expression(words: list[str]) -> str:
    """The FTS5 query for the words the trigram index can look up: each one a quoted
    string (a substring), all of them required."""
    return " ".join('"' + w.replace('"', '""') + '"' for w in words if len(w) >= TRIGRAM)


# --- the index --------------------------------------------------------------------


class TextIndex:
    """The index of one store, in a file (`path`) or in memory (`path` None).

    One connection per process, used under a lock by the threads of the process; other
    processes open their own (SQLite's locks keep them apart).
    """

    def __init__(self, path: Path | None = None):
        self.path = path
        self._lock = threading.RLock()
        self._conn: sqlite3.Connection | None = None
        self._pid = 0

    def __repr__(self) -> str:
        return f"TextIndex({str(self.path) if self.path else ':memory:'})"

    # --- the connection -----------------------------------------------------------

    def _connection(self) -> sqlite3.Connection:
        """The open connection (a new one after a fork), with the schema in place."""
        if self._conn is not None and self._pid == os.getpid():
            return self._conn
        try:
            conn = self._open()
        except sqlite3.OperationalError as exc:
            raise IndexUnavailable(f"{self}: {exc}") from exc
        except sqlite3.DatabaseError as exc:  # not an SQLite file, or a damaged one
            if self.path is None:
                raise IndexUnavailable(f"{self}: {exc}") from exc
            log.warning("the search index %s is unreadable (%s); it is rebuilt", self.path, exc)
            for suffix in ("", "-wal", "-shm"):
                Path(f"{self.path}{suffix}").unlink(missing_ok=True)
            try:
                conn = self._open()
            except sqlite3.DatabaseError as again:
                raise IndexUnavailable(f"{self}: {again}") from again
        self._conn, self._pid = conn, os.getpid()
        return conn

    def _open(self) -> sqlite3.Connection:
        if self.path is not None:
            self.path.parent.mkdir(parents=True, exist_ok=True)
        target = str(self.path) if self.path is not None else ":memory:"
        conn = sqlite3.connect(
            target, timeout=BUSY_TIMEOUT_S, isolation_level=None, check_same_thread=False
        )
        try:
            if self.path is not None:
                if conn.execute("PRAGMA journal_mode").fetchone()[0] != "wal":
                    conn.execute("PRAGMA journal_mode=WAL")
                conn.execute("PRAGMA synchronous=NORMAL")  # a lost commit: the next sync
            if _meta(conn, "schema") != schema_key():
                with _transaction(conn):
                    if _meta(conn, "schema") != schema_key():  # or another process did it
                        _create(conn)
        except BaseException:
            conn.close()
            raise
        return conn

    def close(self) -> None:
        with self._lock:
            if self._conn is not None and self._pid == os.getpid():
                self._conn.close()
            self._conn = None

    # --- keeping in step ------------------------------------------------------------

    def revision(self) -> str | None:
        """The store revision the index is in step with (None: never synced)."""
        with self._lock, _unavailable(self):
            return _meta(self._connection(), "revision")

    def graph_revisions(self) -> dict[str, str]:
        """The revision of each graph as it was indexed."""
        with self._lock, _unavailable(self):
            return dict(self._connection().execute("SELECT iri, revision FROM graphs"))

    def sync(self, store: GraphStore) -> int:
        """Bring the index in step with `store`; the number of graphs (re)indexed or removed.

        Raises:
            IndexUnavailable: the index cannot be written (it is then left as it was).
        """
        current, key = store.revision(), store_key(store)
        changed = 0
        with self._lock, _unavailable(self):
            conn = self._connection()
            if _in_step(conn, store, key, current):
                return 0
            with _transaction(conn):
                if not _in_step(conn, store, key, current):  # or another process did it
                    if _meta(conn, "store") != key:  # made for another store
                        _create(conn)
                        _set_meta(conn, "store", key)
                    changed = _catch_up(conn, store)
                    _set_meta(conn, "revision", current)
        if changed:
            log.info("search index: %d graph(s) brought in step", changed)
        return changed

    # --- searching ----------------------------------------------------------------

    def find(self, words: list[str], limit: int) -> Found:
        """The texts that hold every word (folded, as substrings), each distinct row once,
        at most `limit` of them; and the kind and index id of their nodes.

        Raises:
            IndexUnavailable: the index cannot be read.
        """
        if not words:
            return Found([], {}, {})
        with self._lock, _unavailable(self):
            conn = self._connection()
            rows, ids = _matching(conn, words, limit)
            kinds = _kinds(conn, ids)
        return Found(rows, kinds, {iri: node_id for node_id, iri in ids.items()})

    def labels(self, ids: dict[str, int]) -> Labels:
        """The display labels, as (label, language or None), of the nodes with these index
        ids (by IRI, as `find` gives them).

        Raises:
            IndexUnavailable: the index cannot be read.
        """
        with self._lock, _unavailable(self):
            return _labels(self._connection(), {node_id: iri for iri, node_id in ids.items()})

    def latest_meeting(
        self, left_out: str, replaced: str | None = None
    ) -> tuple[URIRef | BNode, Literal] | None:
        """The latest meeting and its date, as graph/queries/validation-latest-meeting.rq
        finds them, outside the graphs whose IRI starts with `left_out` and outside
        `replaced`; None when there is none. Call `sync` first.

        Raises:
            IndexUnavailable: the index cannot be read.
        """
        with self._lock, _unavailable(self):
            return _latest_meeting(self._connection(), left_out, replaced)


@dataclass(frozen=True, slots=True)
class Found:
    """Matching texts as (node, property, text, folded text); each node's kind ("node"
    when none) and its id in the index (for `TextIndex.labels`), by IRI."""

    rows: list[Row]
    kinds: dict[str, str]
    ids: dict[str, int]


@contextmanager
def _unavailable(index: TextIndex) -> Iterator[None]:
    """SQLite errors (and a data directory that cannot be made) as IndexUnavailable."""
    try:
        yield
    except (sqlite3.Error, OSError) as exc:
        raise IndexUnavailable(f"{index}: {exc}") from exc


@contextmanager
def _transaction(conn: sqlite3.Connection) -> Iterator[None]:
    """BEGIN IMMEDIATE … COMMIT, or ROLLBACK when anything (the COMMIT too) fails."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise


def _create(conn: sqlite3.Connection) -> None:
    """(Re)create the tables, empty (inside the caller's transaction)."""
    for statement in (*DROP, *SCHEMA):
        conn.execute(statement)
    _set_meta(conn, "schema", schema_key())


def _meta(conn: sqlite3.Connection, key: str) -> str | None:
    try:
        row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    except sqlite3.OperationalError as exc:
        if "no such table" in str(exc):
            return None
        raise
    return row[0] if row else None


def _set_meta(conn: sqlite3.Connection, key: str, value: str) -> None:
    conn.execute("INSERT OR REPLACE INTO meta VALUES (?, ?)", (key, value))


def _in_step(conn: sqlite3.Connection, store: GraphStore, key: str, revision: str) -> bool:
    meta = dict(conn.execute("SELECT key, value FROM meta WHERE key IN ('store', 'revision')"))
    if meta.get("store") != key or meta.get("revision") != revision:
        return False
    if revision:
        return True
    # A store never written by replace_graph has no revision: compare its graphs at least.
    indexed = {iri for (iri,) in conn.execute("SELECT iri FROM graphs")}
    return indexed == set(store.graph_names())


# --- indexing -----------------------------------------------------------------------


def _catch_up(conn: sqlite3.Connection, store: GraphStore) -> int:
    """Re-index the graphs whose revision differs, remove those that are gone."""
    wanted = store.graph_revisions()
    have = dict(conn.execute("SELECT iri, revision FROM graphs"))
    stale = sorted(have.keys() - wanted.keys())
    todo = {iri: rev for iri, rev in sorted(wanted.items()) if have.get(iri) != rev}
    for iri in [*stale, *todo]:
        _remove_graph(conn, iri)
    (last,) = conn.execute("SELECT COALESCE(MAX(id), 0) FROM texts").fetchone()
    ids: dict[str, int] = {}
    for iri, revision in todo.items():
        cursor = conn.execute("INSERT INTO graphs (iri, revision) VALUES (?, ?)", (iri, revision))
        ids[iri] = int(cursor.lastrowid or 0)
    graphs = [URIRef(iri) for iri in ids]
    if len(graphs) >= ONE_PASS and isinstance(store, Store):  # its answers are streamed
        _index(conn, store, ids, None)
    else:  # a remote answer is read whole: a few graphs at a time
        step = 1 if isinstance(store, Store) else GRAPH_BATCH
        for start in range(0, len(graphs), step):
            _index(conn, store, ids, graphs[start : start + step])
    conn.execute(
        "INSERT INTO texts_fts (rowid, folded) SELECT id, folded FROM texts WHERE id > ?", (last,)
    )
    return len(stale) + len(todo)


def _remove_graph(conn: sqlite3.Connection, iri: str) -> None:
    row = conn.execute("SELECT id FROM graphs WHERE iri = ?", (iri,)).fetchone()
    if row is None:
        return
    # the texts no other graph holds go, from the trigram index too
    only_here = """SELECT mine.text FROM text_graphs AS mine WHERE mine.graph = :graph
        AND NOT EXISTS (SELECT 1 FROM text_graphs AS other
                        WHERE other.text = mine.text AND other.graph != :graph)"""
    conn.execute(
        f"""INSERT INTO texts_fts (texts_fts, rowid, folded)
            SELECT 'delete', id, folded FROM texts WHERE id IN ({only_here})""",
        {"graph": row[0]},
    )
    conn.execute(f"DELETE FROM texts WHERE id IN ({only_here})", {"graph": row[0]})
    for table in TABLES:  # nodes stay: other graphs may use them
        conn.execute(f"DELETE FROM {table} WHERE graph = ?", row)
    conn.execute("DELETE FROM graphs WHERE id = ?", row)


TEXTS_SQL = """INSERT INTO texts (node, property, text, folded) VALUES (?, ?, ?, ?)
               ON CONFLICT (node, property, text) DO NOTHING"""
TEXT_GRAPHS_SQL = """INSERT OR IGNORE INTO text_graphs (text, graph)
                     SELECT id, ? FROM texts WHERE node = ? AND property = ? AND text = ?"""
LABELS_SQL = "INSERT INTO labels (graph, node, label, lang) VALUES (?, ?, ?, ?)"
MEETINGS_SQL = "INSERT INTO meetings (graph, node) VALUES (?, ?)"
DATES_SQL = "INSERT INTO dates (graph, node, date, datatype, lang) VALUES (?, ?, ?, ?, ?)"
KINDS_SQL = """INSERT INTO kinds (graph, node, kind) VALUES (?, ?, ?)
               ON CONFLICT (node, graph) DO UPDATE SET kind = MIN(kind, excluded.kind)"""


def _index(
    conn: sqlite3.Connection, store: GraphStore, ids: dict[str, int], graphs: list[URIRef] | None
) -> None:
    """Index the texts, labels and kinds of these graphs (None: of every graph in `ids`)."""

    def query(name: str) -> str:
        sparql = load_query(name)
        return values_block(sparql, "graph", graphs) if graphs is not None else sparql

    nodes = _Nodes(conn)
    texts = _of(store.raw_query(query("index-texts")), ids)
    rows = ((g, nodes[s["node"].value], s["property"].value, s["text"].value) for g, s in texts)
    while batch := list(itertools.islice(rows, BATCH)):
        conn.executemany(TEXTS_SQL, ((n, p, t, fold(t)) for _, n, p, t in batch))
        conn.executemany(TEXT_GRAPHS_SQL, batch)
    labels = _of(store.raw_query(query("index-labels")), ids)
    _insert(
        conn,
        LABELS_SQL,
        ((g, nodes[s["node"].value], s["label"].value, s["label"].language) for g, s in labels),
    )
    classes = [URIRef(cls) for cls, _ in KIND_CLASSES]
    kinds = _of(store.raw_query(values_block(query("index-kinds"), "type", classes)), ids)
    _insert(
        conn,
        KINDS_SQL,
        ((g, nodes[s["node"].value], _KIND_POSITION[s["type"].value]) for g, s in kinds),
    )
    meetings = _of(store.raw_query(query("index-meetings")), ids)
    _insert(conn, MEETINGS_SQL, ((g, nodes[_key(s["node"])]) for g, s in meetings))
    dates = _of(store.raw_query(query("index-dates")), ids)
    _insert(
        conn,
        DATES_SQL,
        (
            (g, nodes[_key(s["node"])], *_literal_parts(s["date"]))
            for g, s in dates
            if isinstance(s["date"], ox.Literal)
        ),
    )


def _key(node: Any) -> str:
    """How the index names a node: its IRI, or "_:" and a blank node's id."""
    return f"_:{node.value}" if isinstance(node, ox.BlankNode) else node.value


def _node(key: str) -> URIRef | BNode:
    return BNode(key[2:]) if key.startswith("_:") else URIRef(key)


def _literal_parts(literal: ox.Literal) -> tuple[str, str, str]:
    """A literal's text, datatype (as SPARQL's DATATYPE gives it) and language ("" if none)."""
    return literal.value, literal.datatype.value, literal.language or ""


def _of(result: Any, ids: dict[str, int]) -> Iterator[tuple[int, Any]]:
    """The solutions of a streamed answer that belong to the graphs of `ids`, with the
    graph's id."""
    for solution in result:
        graph_id = ids.get(solution["graph"].value)
        if graph_id is not None:
            yield graph_id, solution


def _insert(conn: sqlite3.Connection, sql: str, rows: Iterator[tuple[Any, ...]]) -> None:
    """Write rows in batches as they come."""
    while batch := list(itertools.islice(rows, BATCH)):
        conn.executemany(sql, batch)


class _Nodes(dict[str, int]):
    """The id of each node IRI, added to `nodes` the first time it is asked for (the
    recent ones are remembered, at most NODE_CACHE)."""

    def __init__(self, conn: sqlite3.Connection):
        super().__init__()
        self.conn = conn

    def __missing__(self, iri: str) -> int:
        row = self.conn.execute(
            """INSERT INTO nodes (iri) VALUES (?) ON CONFLICT (iri) DO UPDATE SET iri = iri
               RETURNING id""",
            (iri,),
        ).fetchone()
        if len(self) >= NODE_CACHE:
            self.clear()
        self[iri] = int(row[0])
        return self[iri]


# --- the latest meeting -------------------------------------------------------------

# a date row (d, its graph g) counts outside the left-out graphs, of a node some graph
# outside them types gov:Meeting
_COUNTED = """substr(g.iri, 1, :width) != :prefix AND g.iri != :replaced AND EXISTS (
        SELECT 1 FROM meetings AS m JOIN graphs AS h ON h.id = m.graph
        WHERE m.node = d.node AND substr(h.iri, 1, :width) != :prefix AND h.iri != :replaced)"""
LATEST_DATE_SQL = f"""
    SELECT d.date FROM dates AS d JOIN graphs AS g ON g.id = d.graph
    WHERE {_COUNTED}
    ORDER BY d.date DESC LIMIT 1"""
LATEST_MEETING_SQL = f"""
    SELECT n.iri, d.date, d.datatype, d.lang
    FROM dates AS d JOIN graphs AS g ON g.id = d.graph JOIN nodes AS n ON n.id = d.node
    WHERE d.date = :date AND {_COUNTED}
    ORDER BY n.iri, d.datatype, d.lang LIMIT 1"""


def _latest_meeting(
    conn: sqlite3.Connection, left_out: str, replaced: str | None
) -> tuple[URIRef | BNode, Literal] | None:
    """The answer of graph/queries/validation-latest-meeting.rq from the index."""
    params = {"width": len(left_out), "prefix": left_out, "replaced": replaced or ""}
    row = conn.execute(LATEST_DATE_SQL, params).fetchone()
    if row is None:
        return None
    node, text, datatype, lang = conn.execute(
        LATEST_MEETING_SQL, {**params, "date": row[0]}
    ).fetchone()
    literal = (
        ox.Literal(text, language=lang)
        if lang
        else ox.Literal(text, datatype=ox.NamedNode(datatype))
    )
    return _node(node), to_rdflib(literal)


# --- searching ----------------------------------------------------------------------


def _matching(
    conn: sqlite3.Connection, words: list[str], limit: int
) -> tuple[list[Row], list[int]]:
    """The matching rows, and the ids of their nodes."""
    expression = match_expression(words)
    if expression:
        cursor = conn.execute(
            """SELECT t.node, n.iri, t.property, t.text, t.folded
               FROM (SELECT rowid AS id FROM texts_fts WHERE texts_fts MATCH ?) AS hit
               JOIN texts AS t ON t.id = hit.id JOIN nodes AS n ON n.id = t.node""",
            (expression,),
        )
    else:  # only short words: scan
        cursor = conn.execute(
            """SELECT t.node, n.iri, t.property, t.text, t.folded
               FROM texts AS t JOIN nodes AS n ON n.id = t.node WHERE instr(t.folded, ?) > 0""",
            (max(words, key=len),),
        )
    found: list[Row] = []
    ids: dict[int, str] = {}
    for node_id, node, prop, text, folded in cursor:  # each (node, property, text) once
        if all(w in folded for w in words):
            found.append((node, prop, text, folded))
            ids[node_id] = node
            if len(found) >= limit:
                break
    cursor.close()
    return found, ids


def _kinds(conn: sqlite3.Connection, ids: dict[int, str]) -> dict[str, str]:
    """The kind of the nodes with these ids (and IRIs), by IRI."""
    kinds = dict.fromkeys(ids.values(), "node")
    for node_id, position in conn.execute(
        """SELECT node, MIN(kind) FROM kinds
           WHERE node IN (SELECT value FROM json_each(?)) GROUP BY node""",
        (json.dumps(list(ids)),),
    ):
        kinds[ids[node_id]] = kind_name(position)
    return kinds


def _labels(conn: sqlite3.Connection, ids: dict[int, str]) -> Labels:
    """The display labels of the nodes with these ids (and IRIs), by IRI."""
    labels: Labels = {}
    for node_id, label, lang in conn.execute(
        """SELECT DISTINCT node, label, lang FROM labels
           WHERE node IN (SELECT value FROM json_each(?))""",
        (json.dumps(list(ids)),),
    ):
        labels.setdefault(ids[node_id], []).append((label, lang))
    return labels


# --- one index per store ------------------------------------------------------------

_memory: weakref.WeakKeyDictionary[Any, TextIndex] = weakref.WeakKeyDictionary()
_data_dirs: weakref.WeakKeyDictionary[Any, Path] = weakref.WeakKeyDictionary()
_files: dict[Path, TextIndex] = {}
_registry_lock = threading.Lock()


def store_key(store: GraphStore) -> str:
    """Which store an index file was made for: its folder, or its server."""
    if store.path is not None:
        return str(Path(store.path).resolve())
    return str(getattr(store, "query_url", "memory"))


def use_data_dir(store: GraphStore, directory: Path) -> None:
    """Keep the index of a remote store in `directory` (default: settings.data_dir())."""
    _data_dirs[store] = directory


def index_path(store: GraphStore) -> Path | None:
    """Where the index of `store` lives: None for an in-memory store."""
    if store.path is not None:
        path = Path(store.path)
        if settings.store_path(path.parent) == path:  # the store of a data directory
            return path.parent / FILE_NAME
        return path.parent / f"{path.name}.{FILE_NAME}"
    server = getattr(store, "query_url", None)
    if server is None:
        return None
    digest = hashlib.sha256(str(server).encode("utf-8")).hexdigest()[:16]
    directory = _data_dirs.get(store) or settings.data_dir()
    return directory / f"search-{digest}.sqlite"


def index_for(store: GraphStore) -> TextIndex:
    """The index of `store` (one per file, or per in-memory store, in each process)."""
    path = index_path(store)
    with _registry_lock:
        if path is None:
            index = _memory.get(store)
            if index is None:
                index = _memory[store] = TextIndex(None)
            return index
        key = path.resolve()
        index = _files.get(key)
        if index is None:
            index = _files[key] = TextIndex(key)
        return index


def sync(store: GraphStore) -> bool:
    """Bring the index of `store` in step after a write; False (logged) when it cannot be
    written now: the write stands, and the next search catches up or falls back."""
    try:
        index_for(store).sync(store)
    except (IndexUnavailable, GraphError) as exc:
        log.warning("the search index was not brought in step: %s", exc)
        return False
    return True

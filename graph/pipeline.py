"""The one-way flow: document → extraction → RDF mapping → validation → store.

`extract_document` turns a Source into records, `graph_document` into a mapped graph,
and `ingest` validates it with the store's data it refers to and writes it atomically.
`load_rdf` does the same for RDF files. Nothing is written when validation fails.
"""

from __future__ import annotations

import json
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from xml.parsers import expat

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError

from . import registry as registry_mod
from . import text_index
from .derive import derive, graph_partitions, merge_partitions
from .errors import InputError, NotAProtocol, ValidationFailed
from .identity import Registry, slug
from .ingest.records import AgreementDocument, Meeting
from .mapping import map_document
from .mapping_base import MappedDocument, Source
from .namespaces import ID
from .sources import read_source
from .store import LoadRecord, Store

log = logging.getLogger(__name__)

RDF_FORMATS = {
    ".ttl": "turtle",
    ".turtle": "turtle",
    ".trig": "trig",
    ".jsonld": "json-ld",
    ".json": "json-ld",
    ".nq": "nquads",
    ".nt": "nt",
    ".rdf": "xml",
    ".owl": "xml",
}


def extract_document(source: Source) -> Meeting | AgreementDocument:
    """Records of a protocol or an agreement; NotAProtocol for anything else."""
    from .ingest.agreement import looks_like_agreement, parse_agreement
    from .ingest.facts import extract_facts
    from .ingest.protocol import parse_protocol

    if looks_like_agreement(source.raw):
        return parse_agreement(source.raw)
    try:
        meeting = parse_protocol(source.raw)
    except NotAProtocol as exc:
        raise NotAProtocol(f"{source.name}: {exc}") from exc
    for item in meeting.items:
        item.facts = extract_facts(item, meeting)
    return meeting


def graph_document(source: Source, registry: Registry | None = None) -> MappedDocument:
    """The mapped graph of one source (a fresh registry when none is given)."""
    return map_document(extract_document(source), source, registry or Registry())


@dataclass(frozen=True, slots=True)
class LoadResult:
    graph: str
    source: str
    triples: int
    warnings: int


def _validate_for_store(graph: Graph, store: Store, graph_iri: str):
    """The report of writing `graph` as `graph_iri`: what it would add to a full
    validation of the store, found from the stored data the shapes reach from it."""
    from .validate import validate

    context = registry_mod.context_for(graph, store, exclude_graph=graph_iri)
    return validate(graph, context=context)


def write_checked(
    store: Store,
    graph_iri: str,
    graph: Graph,
    source: str,
    sha256: str,
    loaded_by: str | None,
    *,
    derive_after: bool = True,
) -> LoadResult:
    """Validate `graph` with the store data it refers to; write it if it conforms, then
    bring the derived graphs (issues, lineage) of the partitions it touched, before or
    after, up to date unless `derive_after` is off."""
    report = _validate_for_store(graph, store, graph_iri)
    if not report.conforms:
        raise ValidationFailed(
            f"{source}: {len(report.violations())} SHACL violation(s); nothing was written",
            report,
        )
    before = graph_partitions(store, graph_iri) if derive_after else set()
    store.replace_graph(
        graph_iri,
        graph,
        LoadRecord(graph_iri, source, sha256, len(graph), loaded_by),
    )
    if derive_after:
        derive(store, merge_partitions(before, graph_partitions(store, graph_iri)))
        text_index.sync(store)
    return LoadResult(graph_iri, source, len(graph), len(report.warnings()))


def ingest_source(
    source: Source, store: Store, *, loaded_by: str | None = None, derive_after: bool = True
) -> LoadResult:
    """Extract, map, validate and write one document."""
    registry = registry_mod.from_store(store, registry_mod.first_names(source.raw))
    mapped = graph_document(source, registry)
    return write_checked(
        store,
        str(mapped.graph_iri),
        mapped.graph,
        source.name,
        source.sha256,
        loaded_by,
        derive_after=derive_after,
    )


def ingest_file(
    path: str | Path, store: Store, *, loaded_by: str | None = None, derive_after: bool = True
) -> LoadResult:
    return ingest_source(read_source(path), store, loaded_by=loaded_by, derive_after=derive_after)


def withdraw(store: Store, graph_iri: str) -> bool:
    """Remove a loaded graph and its record, and update the derived graphs it touched."""
    touched = graph_partitions(store, graph_iri)
    removed = store.drop_graph(graph_iri)
    if removed:
        derive(store, touched)
        text_index.sync(store)
    return removed


def corpus_files(paths: Iterable[str | Path]) -> list[Path]:
    """The documents named by `paths` (folders are expanded), sorted for a stable order."""
    files: list[Path] = []
    for p in map(Path, paths):
        if p.is_dir():
            files.extend(sorted(f for f in p.iterdir() if f.suffix.lower() in {".txt", ".pdf"}))
        else:
            files.append(p)
    return files


def build(
    paths: Iterable[str | Path],
    store: Store,
    *,
    on_document: Callable[[Path], None] | None = None,
) -> list[LoadResult]:
    """Ingest every document in order; stops at the first one that fails."""
    from .ontology_graph import ensure_ontology

    ensure_ontology(store)
    results = []
    for path in corpus_files(paths):
        results.append(ingest_file(path, store, derive_after=False))
        if on_document:
            on_document(path)
    derive(store)
    text_index.sync(store)
    store.optimize()
    return results


class _Declaration(Exception):
    pass


def _refuse_declaration(*_args: object) -> None:
    raise _Declaration


def _remote_context(node: Any) -> bool:
    """Whether a JSON-LD document names a context to fetch (a URL, a file or an @import)."""
    if isinstance(node, list):
        return any(_remote_context(item) for item in node)
    if not isinstance(node, dict):
        return False
    if "@import" in node:
        return True
    context = node.get("@context")
    contexts = context if isinstance(context, list) else [context]
    if any(isinstance(c, str) for c in contexts):
        return True
    return any(_remote_context(value) for value in node.values())


def refuse_unsafe_rdf(data: bytes | str, name: str, fmt: str) -> None:
    """Refuse what would make the parser read files or the network, or expand entities.

    RDF/XML may not declare a DTD or entities; JSON-LD contexts must be inline.
    """
    if fmt == "xml":
        parser = expat.ParserCreate()
        parser.StartDoctypeDeclHandler = _refuse_declaration
        parser.EntityDeclHandler = _refuse_declaration
        try:
            parser.Parse(data, True)
        except _Declaration:
            raise InputError(
                f"{name}: RDF/XML with a DOCTYPE or entity declarations is not accepted"
            ) from None
        except LookupError as exc:
            raise InputError(f"{name}: malformed xml ({exc})") from None
        except (expat.ExpatError, ValueError):
            return
    elif fmt == "json-ld":
        try:
            document = json.loads(data)
        except (ValueError, RecursionError) as exc:
            message = str(exc).splitlines()[0][:300] if str(exc) else type(exc).__name__
            raise InputError(f"{name}: malformed json-ld ({message})") from None
        try:
            remote = _remote_context(document)
        except RecursionError:
            raise InputError(f"{name}: the json-ld is nested too deeply") from None
        if remote:
            raise InputError(
                f"{name}: JSON-LD contexts must be given inline; remote contexts, files and "
                "@import are not fetched"
            )


def parse_rdf(data: bytes | str, name: str, fmt: str | None = None) -> Graph:
    """Parse RDF in any accepted format into one graph (named graphs are merged)."""
    fmt = fmt or RDF_FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        accepted = ", ".join(sorted(RDF_FORMATS))
        raise InputError(f"{name}: unknown RDF format; use one of {accepted}")
    refuse_unsafe_rdf(data, name, fmt)
    dataset = Dataset()
    try:
        dataset.parse(data=data, format=fmt, publicID=str(ID[f"load/{slug(Path(name).stem)}/"]))
    except (ParserError, SyntaxError, ValueError, KeyError, TypeError, AttributeError) as exc:
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise InputError(f"{name}: malformed {fmt} ({message[:300]})") from exc
    except Exception as exc:  # rdflib parsers raise many kinds on malformed input
        raise InputError(f"{name}: malformed {fmt} ({type(exc).__name__})") from exc
    graph = Graph()
    for s, p, o, _ in dataset.quads((None, None, None, None)):
        graph.add((s, p, o))
    if len(graph) == 0:
        raise InputError(f"{name}: no triples")
    return graph


def load_rdf_bytes(
    data: bytes, name: str, store: Store, *, loaded_by: str | None = None, fmt: str | None = None
) -> LoadResult:
    """Validate RDF data and write it as the named graph id:graph/load/<name>."""
    import hashlib

    graph = parse_rdf(data, name, fmt)
    graph_iri = str(ID[f"graph/load/{slug(Path(name).stem)}"])
    return write_checked(
        store, graph_iri, graph, Path(name).name, hashlib.sha256(data).hexdigest(), loaded_by
    )


def load_rdf(path: str | Path, store: Store, *, loaded_by: str | None = None) -> LoadResult:
    p = Path(path)
    if not p.is_file():
        raise InputError(f"{p}: no such file")
    return load_rdf_bytes(p.read_bytes(), p.name, store, loaded_by=loaded_by)

"""The one-way flow: document → extraction → RDF mapping → validation → store.

`extract_document` turns a Source into records, `graph_document` into a mapped graph,
and `ingest` validates it with the store's data it refers to and writes it atomically.
`load_rdf` does the same for RDF files. Nothing is written when validation fails.
"""

from __future__ import annotations

import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

from rdflib import Dataset, Graph
from rdflib.exceptions import ParserError

from . import registry as registry_mod
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
    from .validate import validate

    context = registry_mod.context_for(graph, store, exclude_graph=graph_iri)
    return validate(graph, context=context)


def write_checked(
    store: Store, graph_iri: str, graph: Graph, source: str, sha256: str, loaded_by: str | None
) -> LoadResult:
    """Validate `graph` with the store data it refers to; write it if it conforms."""
    report = _validate_for_store(graph, store, graph_iri)
    if not report.conforms:
        raise ValidationFailed(
            f"{source}: {len(report.violations())} SHACL violation(s); nothing was written",
            report,
        )
    store.replace_graph(
        graph_iri,
        graph,
        LoadRecord(graph_iri, source, sha256, len(graph), loaded_by),
    )
    return LoadResult(graph_iri, source, len(graph), len(report.warnings()))


def ingest_source(source: Source, store: Store, *, loaded_by: str | None = None) -> LoadResult:
    """Extract, map, validate and write one document."""
    registry = registry_mod.from_store(store)
    mapped = graph_document(source, registry)
    return write_checked(
        store, str(mapped.graph_iri), mapped.graph, source.name, source.sha256, loaded_by
    )


def ingest_file(path: str | Path, store: Store, *, loaded_by: str | None = None) -> LoadResult:
    return ingest_source(read_source(path), store, loaded_by=loaded_by)


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
        results.append(ingest_file(path, store))
        if on_document:
            on_document(path)
    return results


def parse_rdf(data: bytes | str, name: str, fmt: str | None = None) -> Graph:
    """Parse RDF in any accepted format into one graph (named graphs are merged)."""
    fmt = fmt or RDF_FORMATS.get(Path(name).suffix.lower())
    if fmt is None:
        accepted = ", ".join(sorted(RDF_FORMATS))
        raise InputError(f"{name}: unknown RDF format; use one of {accepted}")
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

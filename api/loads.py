"""Validated loads over HTTP: `POST /loads`, `GET /loads`, `DELETE /loads/<graph>`, `/validate`.

A load is RDF (Turtle, TriG, JSON-LD, N-Quads, N-Triples, RDF/XML, chosen by Content-Type)
or a document (a protocol or an agreement as text/plain or application/pdf), sent as the
request body or as the `file` field of a multipart form. It is validated with the store
data it refers to and written as one named graph only when it conforms (201); otherwise
nothing is written and the SHACL report comes back (422). `POST /validate` gives the same
report without writing and without a token.

Writing needs a bearer token from LOAD_TOKENS (`name:token,...`); tokens are compared in
constant time and never logged, the token's name is recorded with the load. Uploads stay
in memory (at most MAX_CONTENT_LENGTH bytes); the file name is reduced to a safe base name
and only used as a label. Writes go through `StoreAccess.write()`: the single-writer rules
are described in `api.storage`.
"""

from __future__ import annotations

import hmac
import re
import unicodedata
from pathlib import PurePosixPath
from typing import Any

from flask import Blueprint, Response, current_app, jsonify, render_template, request, url_for
from rdflib import Graph
from werkzeug.datastructures import WWWAuthenticate
from werkzeug.exceptions import BadRequest, Forbidden, Unauthorized, UnsupportedMediaType

from graph import registry as registry_mod
from graph import text_index
from graph.errors import NotFound, ValidationFailed
from graph.namespaces import ID, LOADS_GRAPH
from graph.pipeline import (
    RDF_FORMATS,
    graph_document,
    ingest_source,
    load_rdf_bytes,
    parse_rdf,
    withdraw,
)
from graph.sources import source_from_bytes

from . import negotiation
from .settings import parse_tokens
from .storage import writes

bp = Blueprint("loads", __name__)

RDF_MEDIA_TYPES = {
    "text/turtle": "turtle",
    "application/x-turtle": "turtle",
    "application/trig": "trig",
    "application/ld+json": "json-ld",
    "application/n-quads": "nquads",
    "application/n-triples": "nt",
    "application/rdf+xml": "xml",
}
DOCUMENT_MEDIA_TYPES = {"text/plain": ".txt", "application/pdf": ".pdf"}
SUFFIX_BY_FORMAT = {"turtle": ".ttl", "trig": ".trig", "json-ld": ".jsonld", "nquads": ".nq",
                    "nt": ".nt", "xml": ".rdf"}  # fmt: skip
DOCUMENT_SUFFIXES = {".txt", ".pdf"}


def access():
    return current_app.extensions["govkg"]


# --- authorisation ----------------------------------------------------------------


def authorised_name() -> str:
    """The name of the token in the Authorization header.

    Raises:
        403: no tokens are configured (loads are off).
        401: the token is missing or wrong.
    """
    tokens = parse_tokens(current_app.config.get("LOAD_TOKENS"))
    if not tokens:
        raise Forbidden("Loads are off on this server (setting LOAD_TOKENS is empty).")
    scheme, _, given = request.headers.get("Authorization", "").partition(" ")
    given = given.strip() if scheme.lower() == "bearer" else ""
    match = None
    for name, token in tokens.items():  # every token is compared: no early exit
        if hmac.compare_digest(given.encode(), token.encode()) and given:
            match = name
    if match is None:
        challenge = WWWAuthenticate("bearer", {"realm": "govkg loads"})
        message = "A valid bearer token is needed to load data (Authorization: Bearer …)."
        raise Unauthorized(message, www_authenticate=challenge)
    return match


# --- reading the upload -----------------------------------------------------------


def safe_name(raw: str | None, default: str) -> str:
    """Only a base name made of letters, digits, '.', '-' and '_' (never a path)."""
    name = PurePosixPath((raw or "").replace("\\", "/")).name
    name = unicodedata.normalize("NFC", name)
    name = re.sub(r"[^\w.\-]+", "_", name).strip("._")[:120]
    return name or default


def read_upload() -> tuple[bytes, str, str]:
    """The uploaded bytes, a safe file name and the media type they were sent as."""
    if request.mimetype == "multipart/form-data":
        upload = request.files.get("file")
        if upload is None:
            raise BadRequest("The multipart form has no 'file' field.")
        data = upload.read()
        name = safe_name(request.args.get("name") or upload.filename, "upload")
        mimetype = upload.mimetype or "application/octet-stream"
    else:
        data = request.get_data()
        mimetype = request.mimetype or "application/octet-stream"
        name = safe_name(request.args.get("name"), "upload")
    if not data:
        raise BadRequest("The upload is empty.")
    return data, name, mimetype


def classify(name: str, mimetype: str) -> tuple[str, str | None]:
    """("rdf", rdflib format) or ("document", None), from the media type or the suffix.

    Raises:
        415: neither RDF nor a document.
    """
    suffix = PurePosixPath(name).suffix.lower()
    if mimetype in RDF_MEDIA_TYPES:
        return "rdf", RDF_MEDIA_TYPES[mimetype]
    if mimetype in DOCUMENT_MEDIA_TYPES:
        return "document", None
    if suffix in RDF_FORMATS:
        return "rdf", RDF_FORMATS[suffix]
    if suffix in DOCUMENT_SUFFIXES:
        return "document", None
    accepted = ", ".join([*RDF_MEDIA_TYPES, *DOCUMENT_MEDIA_TYPES])
    raise UnsupportedMediaType(f"Cannot load {mimetype}: send one of {accepted}.")


def with_suffix(name: str, kind: str, fmt: str | None, mimetype: str) -> str:
    suffix = PurePosixPath(name).suffix.lower()
    wanted = SUFFIX_BY_FORMAT.get(fmt or "") if kind == "rdf" else DOCUMENT_MEDIA_TYPES.get(
        mimetype, suffix if suffix in DOCUMENT_SUFFIXES else ".txt")  # fmt: skip
    if kind == "rdf" and suffix in RDF_FORMATS and RDF_FORMATS[suffix] == fmt:
        return name
    if kind == "document" and suffix in DOCUMENT_SUFFIXES:
        return name
    return f"{name}{wanted}"


# --- reports ------------------------------------------------------------------------


def report_response(report: Any, status: int, extra: dict[str, Any] | None = None) -> Response:
    data = report.to_json()
    if negotiation.wants_html(request):
        html = render_template("loads/report.html", report=data, extra=extra or {})
        response = Response(html, status=status, mimetype="text/html")
    else:
        body = {"conforms": data["conforms"], "report": data, **(extra or {})}
        if status >= 400:
            body = {"status": status, "error": "Unprocessable Content", **body}
        response = jsonify(body)
        response.status_code = status
    response.headers["Vary"] = "Accept"
    return response


# --- views --------------------------------------------------------------------------


@bp.post("/loads")
@writes
def create_load() -> Response:
    loaded_by = authorised_name()
    data, name, mimetype = read_upload()
    kind, fmt = classify(name, mimetype)
    name = with_suffix(name, kind, fmt, mimetype)
    from graph.ontology_graph import ensure_ontology

    try:
        with access().write() as store:
            if kind == "rdf":
                result = load_rdf_bytes(data, name, store, loaded_by=loaded_by, fmt=fmt)
            else:
                result = ingest_source(source_from_bytes(data, name), store, loaded_by=loaded_by)
            ensure_ontology(store)  # labels for SPARQL, once something is in the store
            text_index.sync(store)  # the first search after the load does not wait for it
    except ValidationFailed as exc:
        if exc.report is None:
            raise
        return report_response(exc.report, 422, {"message": str(exc)})
    body = {"graph": result.graph, "source": result.source, "triples": result.triples,
            "warnings": result.warnings}  # fmt: skip
    response = jsonify(body)
    response.status_code = 201
    response.headers["Location"] = url_for("loads.show_load", graph=graph_key(result.graph))
    return response


def graph_key(graph: str) -> str:
    return graph[len(str(ID)) :] if graph.startswith(str(ID)) else graph


def graph_iri(key: str) -> str:
    return key if key.startswith(("http://", "https://")) else str(ID) + key


def load_rows() -> list[dict[str, Any]]:
    return [
        {"graph": str(r["graph"]), "key": graph_key(str(r["graph"])),
         "created": str(r["created"]), "source": str(r["source"]),
         "sha256": str(r["sha256"]), "triples": int(r["triples"]),
         "loaded_by": str(r["by"]) if "by" in r else None}
        for r in access().store.loads()
    ]  # fmt: skip


@bp.get("/loads")
def list_loads() -> Response:
    rows = load_rows()
    if negotiation.wants_html(request):
        return Response(render_template("loads/list.html", loads=rows), mimetype="text/html")
    response = jsonify({"loads": rows})
    response.headers["Vary"] = "Accept"
    return response


@bp.get("/loads/<path:graph>")
def show_load(graph: str) -> Response:
    iri = graph_iri(graph)
    for row in load_rows():
        if row["graph"] == iri:
            return jsonify(row)
    raise NotFound(f"No load {iri}.")


@bp.delete("/loads/<path:graph>")
@writes
def delete_load(graph: str) -> Response:
    authorised_name()
    iri = graph_iri(graph)
    if iri == str(LOADS_GRAPH):
        raise BadRequest("The record of loads cannot be withdrawn.")
    with access().write() as store:
        if not withdraw(store, iri):
            raise NotFound(f"No load {iri}.")
    return Response(status=204)


@bp.post("/validate")
def validate_upload() -> Response:
    """The SHACL report of an upload, with the store data it refers to; nothing is written."""
    from graph.validate import validate

    data, name, mimetype = read_upload()
    kind, fmt = classify(name, mimetype)
    name = with_suffix(name, kind, fmt, mimetype)
    store = access().store
    if kind == "rdf":
        graph: Graph = parse_rdf(data, name, fmt)
        exclude = None
    else:
        source = source_from_bytes(data, name)
        known = registry_mod.from_store(store, registry_mod.first_names(source.raw))
        mapped = graph_document(source, known)
        graph, exclude = mapped.graph, str(mapped.graph_iri)
    context = registry_mod.context_for(graph, store, exclude_graph=exclude)
    report = validate(graph, context=context)
    return report_response(report, 200)


@bp.get("/load")
def load_page() -> Response:
    enabled = bool(parse_tokens(current_app.config.get("LOAD_TOKENS")))
    html = render_template("loads/form.html", enabled=enabled,
                           max_bytes=current_app.config["MAX_CONTENT_LENGTH"])  # fmt: skip
    return Response(html, mimetype="text/html")

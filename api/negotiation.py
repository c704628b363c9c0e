"""Content negotiation: the one table of formats, and `choose(request, kind)`.

Two kinds of answer are negotiated: "results" (SELECT and ASK) and "rdf" (CONSTRUCT,
DESCRIBE and entity data). `?format=<short name>` overrides the Accept header, so a link
can name a format; otherwise werkzeug's `accept_mimetypes.best_match` picks the best type
(q-values and wildcards included). No usable match is a 406 naming the acceptable types.
"""

from __future__ import annotations

from dataclasses import dataclass

import pyoxigraph as ox
from flask import Request
from werkzeug.exceptions import NotAcceptable


@dataclass(frozen=True, slots=True)
class Format:
    kind: str  # "results" or "rdf"
    media_type: str
    short: str  # the ?format= name
    suffix: str
    rdflib: str
    oxigraph: ox.RdfFormat | ox.QueryResultsFormat


FORMATS: tuple[Format, ...] = (
    # The first of each kind is the default for "*/*" and an absent Accept header.
    Format(
        "results", "application/sparql-results+json", "json", ".srj", "json",
        ox.QueryResultsFormat.JSON,
    ),
    Format(
        "results", "application/sparql-results+xml", "xml", ".srx", "xml",
        ox.QueryResultsFormat.XML,
    ),
    Format("results", "text/csv", "csv", ".csv", "csv", ox.QueryResultsFormat.CSV),
    Format("results", "text/tab-separated-values", "tsv", ".tsv", "tsv", ox.QueryResultsFormat.TSV),
    Format("rdf", "text/turtle", "ttl", ".ttl", "turtle", ox.RdfFormat.TURTLE),
    Format("rdf", "application/n-triples", "nt", ".nt", "nt", ox.RdfFormat.N_TRIPLES),
    Format("rdf", "application/ld+json", "jsonld", ".jsonld", "json-ld", ox.RdfFormat.JSON_LD),
    Format("rdf", "application/rdf+xml", "rdf", ".rdf", "xml", ox.RdfFormat.RDF_XML),
)  # fmt: skip

# Other names clients use for the same formats.
ALIASES: dict[str, str] = {
    "application/json": "application/sparql-results+json",
    "application/xml": "application/sparql-results+xml",
    "text/xml": "application/sparql-results+xml",
    "application/x-turtle": "text/turtle",
    "text/plain": "application/n-triples",
    "application/json+ld": "application/ld+json",
    "turtle": "text/turtle",
    "json-ld": "application/ld+json",
    "ntriples": "application/n-triples",
    "n-triples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}

HTML = "text/html"


def formats(kind: str) -> list[Format]:
    return [f for f in FORMATS if f.kind == kind]


def by_short(kind: str, name: str) -> Format | None:
    """The format of a kind with this short name, media type or alias."""
    name = ALIASES.get(name.strip().lower(), name.strip().lower())
    for f in formats(kind):
        if name in (f.short, f.media_type, f.suffix.lstrip(".")):
            return f
    return None


def not_acceptable(kind: str) -> NotAcceptable:
    types = ", ".join(f.media_type for f in formats(kind))
    shorts = ", ".join(f.short for f in formats(kind))
    return NotAcceptable(
        f"No acceptable format. This resource is available as {types} (or ?format= {shorts})."
    )


def choose(request: Request, kind: str) -> Format:
    """The format to answer in; raises 406 when the client accepts none of them."""
    override = request.args.get("format")
    if override:
        chosen = by_short(kind, override)
        if chosen is None:
            raise not_acceptable(kind)
        return chosen
    candidates = formats(kind)
    accept = request.accept_mimetypes
    if not accept:  # no Accept header: the default
        return candidates[0]
    aliases = [a for a, target in ALIASES.items() if "/" in a and by_short(kind, target)]
    offered = [f.media_type for f in candidates] + aliases
    best = accept.best_match(offered)
    if best is None:
        raise not_acceptable(kind)
    return by_short(kind, best) or candidates[0]


def wants_html(request: Request) -> bool:
    """True when a browser asks: text/html is named and preferred over every data format."""
    if request.args.get("format"):
        return request.args["format"] == "html"
    accept = request.accept_mimetypes
    if HTML not in list(accept.values()):
        return False
    others = [f.media_type for f in FORMATS] + ["application/json"]
    return accept.best_match([HTML, *others]) == HTML


def rdf_alternates(url_for_format) -> list[str]:
    """`Link` header values for each RDF format; `url_for_format(short)` builds the URL."""
    return [
        f'<{url_for_format(f.short)}>; rel="alternate"; type="{f.media_type}"'
        for f in formats("rdf")
    ]

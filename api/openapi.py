"""The OpenAPI 3.1 description of the web API, written by hand, and the route table the
/api page lists.

It covers the JSON API (api.json_api), the browse pages' machine-readable siblings, the
SPARQL endpoint and VoID (api.sparql), loads and validation (api.loads) and the linked-data
routes /id/…, /ontology and /shapes (api.linked_data).
"""

from __future__ import annotations

from typing import Any

from graph.pages import LIST_KINDS

JSON = "application/json"
RDF_TYPES = ("text/turtle", "application/n-triples", "application/ld+json", "application/rdf+xml")
RESULT_TYPES = (
    "application/sparql-results+json",
    "application/sparql-results+xml",
    "text/csv",
    "text/tab-separated-values",
)
LOAD_TYPES = (
    "text/turtle",
    "application/trig",
    "application/ld+json",
    "application/n-quads",
    "application/n-triples",
    "application/rdf+xml",
    "text/plain",
    "application/pdf",
    "multipart/form-data",
)


def _param(name: str, where: str, description: str, *, required: bool = False,
           schema: dict[str, Any] | None = None) -> dict[str, Any]:  # fmt: skip
    return {
        "name": name,
        "in": where,
        "required": required or where == "path",
        "description": description,
        "schema": schema or {"type": "string"},
    }


def _json(description: str, schema: str = "Object") -> dict[str, Any]:
    return {
        "description": description,
        "content": {JSON: {"schema": {"$ref": f"#/components/schemas/{schema}"}}},
    }


def _media(description: str, types: tuple[str, ...]) -> dict[str, Any]:
    return {"description": description, "content": {t: {"schema": {}} for t in types}}


ERRORS = {
    "400": {"$ref": "#/components/responses/BadRequest"},
    "404": {"$ref": "#/components/responses/NotFound"},
}
IRI = {"type": "string", "format": "iri"}
DAY = {"type": "string", "format": "date"}
LIMIT = {"type": "integer", "minimum": 1, "maximum": 1000}
OFFSET = {"type": "integer", "minimum": 0}


def _op(summary: str, tag: str, responses: dict[str, Any], parameters: list | None = None,
        **extra: Any) -> dict[str, Any]:  # fmt: skip
    op = {"summary": summary, "tags": [tag], "responses": {**responses, **ERRORS}}
    if parameters:
        op["parameters"] = parameters
    op.update(extra)
    return op


def paths() -> dict[str, Any]:
    kinds = {"type": "string", "enum": list(LIST_KINDS)}
    lang = _param(
        "lang", "query", "Label language", schema={"type": "string", "enum": ["sv", "en"]}
    )
    history_pages = [
        _param("limit", "query", "At most this many entries (default 100)", schema=LIMIT),
        _param("offset", "query", "Skip this many entries", schema=OFFSET),
    ]
    return {
        "/api/entities/{kind}": {
            "get": _op(
                "List the entities of a kind, paginated",
                "entities",
                {"200": _json("A page of entities", "EntityList")},
                [
                    _param("kind", "path", "The kind of entity", schema=kinds),
                    _param("limit", "query", "At most this many", schema=LIMIT),
                    _param("offset", "query", "Skip this many", schema=OFFSET),
                    lang,
                ],
            )
        },
        "/api/entity": {
            "get": _op(
                "One entity's page data (the data its browse page shows)",
                "entities",
                {"200": _json("The page data", "Page")},
                [_param("iri", "query", "The entity's IRI", required=True, schema=IRI), lang],
            )
        },
        "/api/source": {
            "get": _op(
                "A passage (the sentence a fact came from) with its document's text around it",
                "entities",
                {"200": _json("The passage")},
                [_param("passage", "query", "The passage's IRI", required=True, schema=IRI)],
            )
        },
        "/api/search": {
            "get": _op(
                "Full-text search over labels, names, titles, decision and item texts",
                "search",
                {"200": _json("The hits, best first", "SearchResult")},
                [
                    _param("q", "query", "Words; case and diacritics are ignored", required=True),
                    _param("limit", "query", "At most this many hits", schema=LIMIT),
                ],
            )
        },
        "/api/history": {
            "get": _op(
                "The history of an issue (or of every issue of a topic), in date order",
                "history",
                {"200": _json("A page of the history", "History")},
                [
                    _param(
                        "issue", "query", "The issue's (or topic's) IRI", required=True, schema=IRI
                    ),
                    *history_pages,
                ],
            )
        },
        "/api/history/{kind}": {
            "get": _op(
                "The history of a body (members, chairs by year, meetings per year, agreements)"
                " or of a person (roles, meetings attended)",
                "history",
                {"200": _json("The history"), "404": _json("No such body or person", "Error")},
                [
                    _param("kind", "path", "body or person"),
                    _param("iri", "query", "The body's or person's IRI", required=True, schema=IRI),
                ],
            )
        },
        "/api/issues/{key}/history": {
            "get": _op(
                "The history of an issue, named by its IRI or by the IRI's tail after /id/",
                "history",
                {"200": _json("A page of the history", "History")},
                [_param("key", "path", "e.g. issue/25/hjalpmedel"), *history_pages],
            )
        },
        "/api/lineage": {
            "get": _op(
                "The routes from one node to another over the lineage links",
                "lineage",
                {
                    "200": _json("The routes, most detailed first", "Lineage"),
                    "409": _json("The words fit several nodes; the candidates", "Error"),
                },
                [
                    _param("from", "query", "An IRI or words naming the start", required=True),
                    _param("to", "query", "An IRI or words naming the end", required=True),
                    _param(
                        "limit",
                        "query",
                        "At most this many routes",
                        schema={"type": "integer", "minimum": 1, "maximum": 20},
                    ),
                ],
            )
        },
        "/api/due": {
            "get": _op(
                "Open assignments, upcoming and overdue report-backs as of a day",
                "due",
                {"200": _json("The report", "Due")},
                [
                    _param("as_of", "query", "The day (default: today)", schema=DAY),
                    _param("body", "query", "A body's IRI or name (default: all bodies)"),
                ],
            )
        },
        "/openapi.json": {"get": _op("This description", "meta", {"200": _json("OpenAPI 3.1")})},
        "/api": {
            "get": _op("A page listing the routes", "meta", {"200": _media("HTML", ("text/html",))})
        },
        "/sparql": {
            "get": _op(
                "SPARQL 1.1 query (read-only); without a query, the service description",
                "sparql",
                {
                    "200": _media("Results or a graph, by negotiation", RESULT_TYPES + RDF_TYPES),
                    "403": _json("Updates and SERVICE are not allowed", "Error"),
                    "503": _json("The query ran past its time limit", "Error"),
                },
                [
                    _param("query", "query", "The SPARQL query"),
                    _param("format", "query", "json, xml, csv, tsv, ttl, nt, jsonld, rdf"),
                ],
            ),
            "post": _op(
                "SPARQL 1.1 query as a form or as application/sparql-query",
                "sparql",
                {"200": _media("Results or a graph, by negotiation", RESULT_TYPES + RDF_TYPES)},
                requestBody={
                    "content": {
                        "application/x-www-form-urlencoded": {
                            "schema": {
                                "type": "object",
                                "properties": {"query": {"type": "string"}},
                            }
                        },
                        "application/sparql-query": {"schema": {"type": "string"}},
                    }
                },
            ),
        },
        "/.well-known/void": {
            "get": _op(
                "The VoID description of the dataset", "sparql", {"200": _media("VoID", RDF_TYPES)}
            )
        },
        "/loads": {
            "get": _op("The recorded loads, newest first", "loads", {"200": _json("Loads")}),
            "post": _op(
                "Validate and load RDF or a document as one named graph (bearer token)",
                "loads",
                {
                    "201": _json("Loaded"),
                    "401": _json("A bearer token is needed", "Error"),
                    "403": _json("The token is not accepted", "Error"),
                    "422": _json("SHACL violations; nothing was written", "Error"),
                },
                requestBody={"content": {t: {"schema": {}} for t in LOAD_TYPES}},
                security=[{"bearer": []}],
            ),
        },
        "/loads/{graph}": {
            "get": _op(
                "One load",
                "loads",
                {"200": _json("The load")},
                [_param("graph", "path", "The graph's key")],
            ),
            "delete": _op(
                "Withdraw a load (bearer token)",
                "loads",
                {
                    "204": {"description": "Withdrawn"},
                    "401": _json("A bearer token is needed", "Error"),
                },
                [_param("graph", "path", "The graph's key")],
                security=[{"bearer": []}],
            ),
        },
        "/validate": {
            "post": _op(
                "The SHACL report of an upload; nothing is written",
                "loads",
                {"200": _json("Conforms"), "422": _json("Violations", "Error")},
                requestBody={"content": {t: {"schema": {}} for t in LOAD_TYPES}},
            )
        },
        "/load": {"get": _op("The upload form", "loads", {"200": _media("HTML", ("text/html",))})},
        "/id/{rest}": {
            "get": _op(
                "A node of the graph: browsers are sent (303) to its page, others get its triples",
                "linked data",
                {
                    "200": _media("The node's description", RDF_TYPES),
                    "303": {"description": "To /browse?iri=…"},
                },
                [
                    _param("rest", "path", "The IRI's tail after https://w3id.org/govkg/id/"),
                    _param("format", "query", "ttl, nt, jsonld, rdf"),
                ],
            )
        },
        "/ontology": {
            "get": _op(
                "The ontology (Turtle, or an HTML page)",
                "linked data",
                {"200": _media("The ontology", (*RDF_TYPES, "text/html"))},
            )
        },
        "/shapes": {
            "get": _op(
                "The SHACL shapes (Turtle, or an HTML page)",
                "linked data",
                {"200": _media("The shapes", (*RDF_TYPES, "text/html"))},
            )
        },
    }


def components() -> dict[str, Any]:
    ref = {"type": "object", "properties": {"iri": IRI, "label": {"type": "string"}}}
    return {
        "schemas": {
            "Object": {"type": "object"},
            "Ref": ref,
            "Error": {
                "type": "object",
                "required": ["status", "error", "message"],
                "properties": {
                    "status": {"type": "integer"},
                    "error": {"type": "string"},
                    "message": {"type": "string"},
                    "candidates": {"type": "array", "items": ref},
                },
            },
            "EntityList": {
                "type": "object",
                "properties": {
                    "kind": {"type": "string"},
                    "total": {"type": "integer"},
                    "limit": {"type": "integer"},
                    "offset": {"type": "integer"},
                    "items": {"type": "array", "items": ref},
                },
            },
            "Page": {
                "type": "object",
                "required": ["kind", "iri", "label"],
                "properties": {
                    "kind": {"type": "string"},
                    "iri": IRI,
                    "label": {"type": "string"},
                    "evidence": {"type": "array", "items": {"type": "object"}},
                    "queries": {"type": "array", "items": {"type": "object"}},
                },
            },
            "SearchResult": {
                "type": "object",
                "properties": {
                    "q": {"type": "string"},
                    "total": {"type": "integer"},
                    "hits": {"type": "array", "items": {"type": "object"}},
                },
            },
            "History": {
                "type": "object",
                "properties": {
                    "subject": IRI,
                    "label": {"type": "string"},
                    "issues": {"type": "array", "items": ref},
                    "total": {"type": "integer", "description": "entries of the whole history"},
                    "offset": {"type": "integer"},
                    "limit": {"type": ["integer", "null"]},
                    "entries": {"type": "array", "items": {"type": "object"}},
                    "next": {
                        "type": ["string", "null"],
                        "description": "the URL of the next page; null on the last",
                    },
                },
            },
            "Lineage": {"type": "object", "properties": {"routes": {"type": "array"}}},
            "Due": {
                "type": "object",
                "properties": {k: {"type": "array"} for k in ("open", "upcoming", "overdue")},
            },
        },
        "responses": {
            "BadRequest": _json("A parameter is missing or malformed", "Error"),
            "NotFound": _json("No such node, kind or route", "Error"),
        },
        "securitySchemes": {"bearer": {"type": "http", "scheme": "bearer"}},
    }


def openapi() -> dict[str, Any]:
    """The OpenAPI 3.1 document."""
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "govkg",
            "version": "1",
            "description": "Kunskapsgraf över offentlig samverkan i Sverige: organ, personer, "
            "sammanträden, beslut, uppdrag och avtal. Every fact carries the sentence it "
            "came from.",
        },
        "paths": paths(),
        "components": components(),
    }


def route_table() -> list[dict[str, str]]:
    """Every route of the description: method, path and summary."""
    rows = []
    for path, item in openapi()["paths"].items():
        for method, op in item.items():
            rows.append({"method": method.upper(), "path": path, "summary": op["summary"]})
    return rows

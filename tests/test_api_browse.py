"""The browse pages, search and the JSON API over the corpus graph."""

from __future__ import annotations

import html
import json
import re
from urllib.parse import parse_qs, quote, urlencode, urlparse

import pytest
from flask import Flask
from rdflib import Graph, Literal, URIRef

from api import create_app
from graph.history import body_history, issue_history
from graph.namespaces import ID
from graph.pages import pick_label
from graph.store import Store
from graph.timeline import timeline_svg

pytest_plugins = ["browse_fixtures"]

HTML = {"Accept": "text/html"}
SOURCE_LINK = re.compile(r'href="(/source\?[^"]+)"')
ALL_SUBJECTS = """SELECT DISTINCT ?s WHERE { ?s ?p ?o
  FILTER (STRSTARTS(STR(?s), "https://w3id.org/govkg/id/")) } ORDER BY ?s"""
HJALPMEDEL_ITEM = (
    "https://w3id.org/govkg/id/meeting/25/politisk-samverkansberedning/2023-05-09/item/16"
)
ISSUE = "https://w3id.org/govkg/id/issue/25/hjalpmedel"


def subjects(store: Store) -> list[str]:
    return [str(r["s"]) for r in store.select(ALL_SUBJECTS)]


def page(app: Flask, url: str, **kwargs) -> str:
    response = app.test_client().get(url, headers=HTML, **kwargs)
    assert response.status_code == 200, (url, response.status_code)
    return response.get_data(as_text=True)


# --- every node ------------------------------------------------------------------------


def test_every_node_has_a_page_and_its_sources_resolve(browse_app: Flask, browse_store: Store):
    client = browse_app.test_client()
    sources: set[str] = set()
    nodes = subjects(browse_store)
    assert len(nodes) > 500
    for iri in nodes:
        response = client.get("/browse", query_string={"iri": iri}, headers=HTML)
        assert response.status_code == 200, iri
        text = response.get_data(as_text=True)
        assert "<script" not in text
        sources.update(html.unescape(link) for link in SOURCE_LINK.findall(text))
        rest = iri.removeprefix(str(ID))
        redirect = client.get(f"/id/{rest}", headers=HTML)
        assert redirect.status_code == 303, iri
        assert parse_qs(urlparse(redirect.location).query)["iri"] == [iri]
    assert len(sources) > 100
    for link in sorted(sources):
        assert client.get(link, headers=HTML).status_code == 200, link


def test_every_id_gives_turtle_and_json_ld_with_its_triples(browse_app: Flask, browse_store: Store):
    client = browse_app.test_client()
    for iri in subjects(browse_store):
        expected = {
            (r["p"], r["o"])
            for r in browse_store.select("SELECT ?p ?o WHERE { ?s ?p ?o }", {"s": URIRef(iri)})
        }
        rest = iri.removeprefix(str(ID))
        for fmt, parser in (("text/turtle", "turtle"), ("application/ld+json", "json-ld")):
            response = client.get(f"/id/{rest}", headers={"Accept": fmt})
            assert response.status_code == 200, (iri, fmt)
            graph = Graph().parse(data=response.get_data(as_text=True), format=parser)
            assert expected <= set(graph.predicate_objects(URIRef(iri))), (iri, fmt)


@pytest.mark.parametrize(
    ("labels", "lang", "picked"),
    [
        ([Literal("Beredning", lang="sv"), Literal("Board", lang="en")], "en", "Board"),
        ([Literal("Board", lang="en"), Literal("Beredning", lang="sv")], "fi", "Beredning"),
        ([Literal("b", lang="en"), Literal("a", lang="en"), Literal("x")], "sv", "a"),
        ([Literal("untagged"), Literal("Hallitus", lang="fi")], "sv", "untagged"),
        ([Literal("Hallitus", lang="fi"), Literal("Styrelse", lang="se")], "sv", "Hallitus"),
        ([], "sv", None),
    ],
)
def test_a_label_is_picked_by_language_then_the_least(labels, lang, picked):
    assert pick_label(labels, lang) == picked


def test_pages_dispatch_by_kind(browse_app: Flask):
    text = page(browse_app, "/browse", query_string={"iri": HJALPMEDEL_ITEM})
    assert "Samverkansform för hjälpmedel" in text
    assert 'class="src"' in text
    body = page(
        browse_app, "/browse", query_string={"iri": str(ID["body/25/politisk-samverkansberedning"])}
    )
    assert "Ledamöter och roller över tid" in body


# --- escaping --------------------------------------------------------------------------


@pytest.mark.parametrize(
    "url",
    [
        "/browse?iri=https://w3id.org/govkg/id/person/x",
        "/browse?iri=https://w3id.org/govkg/id/body/99/x",
        "/browse?iri=https://w3id.org/govkg/id/meeting/99/x/2024-01-01",
        "/browse?iri=https://w3id.org/govkg/id/meeting/99/x/2024-01-01/item/1",
        "/browse?iri=https://w3id.org/govkg/id/meeting/99/x/2024-01-01/item/1/decision",
        "/browse?iri=https://w3id.org/govkg/id/document/x/passage/0-10",
        "/source?passage=https://w3id.org/govkg/id/document/x/passage/0-10",
        "/search?q=script",
        "/list/people",
        "/",
    ],
)
def test_markup_in_data_is_escaped(hostile_app: Flask, url: str):
    text = page(hostile_app, url)
    assert "<script>" not in text
    assert "<b>fet</b>" not in text and "<i>x</i>" not in text
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in text or "alert(1)" not in text
    assert "alert(1)" in text or url == "/"


# --- search ----------------------------------------------------------------------------


def test_search_finds_the_hjalpmedel_items(browse_app: Flask, browse_store: Store):
    wanted = {
        str(r["item"])
        for r in browse_store.select(
            """SELECT ?item WHERE { ?item a gov:AgendaItem ; dct:title ?t
               FILTER (CONTAINS(LCASE(STR(?t)), "hjälpmedel")) }"""
        )
    }
    assert HJALPMEDEL_ITEM in wanted
    client = browse_app.test_client()
    for q in ("hjälpmedel", "HJALPMEDEL"):
        hits = client.get("/api/search", query_string={"q": q, "limit": 500}).get_json()["hits"]
        assert wanted <= {h["iri"] for h in hits if h["kind"] == "item"}
    text = page(browse_app, "/search", query_string={"q": "hjälpmedel"})
    for iri in wanted:
        assert "/browse?iri=" + quote(iri, safe="") in text


# --- home, language, JSON ----------------------------------------------------------------

COUNTS = {
    "bodies": "?n a gov:Body",
    "meetings": "?n a gov:Meeting",
    "people": "?n a foaf:Person",
    "decisions": "?n a gov:Decision",
    "assignments": "?n a gov:Assignment",
    "agreements": "?n a gov:Agreement",
    "documents": "{ ?n a gov:Protocol } UNION { ?n a gov:AgreementDocument }",
}


def test_home_counts_match_sparql(browse_app: Flask, browse_store: Store):
    text = page(browse_app, "/")
    shown = dict(re.findall(r'data-kind="(\w+)">(\d+)<', text))
    for kind, pattern in COUNTS.items():
        rows = browse_store.select(f"SELECT (COUNT(DISTINCT ?n) AS ?c) WHERE {{ {pattern} }}")
        assert int(shown[kind]) == int(rows[0]["c"]) > 0, kind


def test_lang_switches_the_interface(browse_app: Flask):
    swedish = page(browse_app, "/")
    english = page(browse_app, "/?lang=en")
    assert "Samverkansorgan" in swedish and "Collaboration bodies" not in swedish
    assert "Collaboration bodies" in english
    by_header = browse_app.test_client().get("/", headers={**HTML, "Accept-Language": "en"})
    assert "Collaboration bodies" in by_header.get_data(as_text=True)
    item = page(browse_app, "/browse", query_string={"iri": HJALPMEDEL_ITEM, "lang": "en"})
    assert "Facts in the item" in item and "lang=en" in item


@pytest.mark.parametrize(
    "iri",
    [
        HJALPMEDEL_ITEM,
        ISSUE,
        str(ID["body/25/politisk-samverkansberedning"]),
        str(ID["meeting/25/politisk-samverkansberedning/2023-05-09"]),
        str(ID["person/anders-blomqvist"]),
        str(ID["region/25"]),
        str(
            ID[
                "agreement/25/samverkansavtal-gallande-hjalpmedelsforsorjningen-till-lanets-medborgare"
            ]
        ),
    ],
)
def test_json_api_gives_the_page_data(browse_app: Flask, iri: str):
    client = browse_app.test_client()
    data = client.get("/api/entity", query_string={"iri": iri}).get_json()
    text = page(browse_app, "/browse", query_string={"iri": iri})
    assert data["iri"] == iri
    assert html.escape(data["label"]) in text
    passages = set(re.findall(r'"passage": "([^"]+)"', json.dumps(data)))
    linked = {
        parse_qs(urlparse(html.unescape(link)).query)["passage"][0]
        for link in SOURCE_LINK.findall(text)
    }
    assert passages and passages <= linked


def test_entity_lists_paginate(browse_app: Flask):
    client = browse_app.test_client()
    whole = client.get("/api/entities/people", query_string={"limit": 1000}).get_json()
    part = client.get("/api/entities/people", query_string={"limit": 5, "offset": 5}).get_json()
    assert part["total"] == whole["total"] > 10
    assert part["items"] == whole["items"][5:10]


# --- issue, lineage, due ---------------------------------------------------------------


def test_issue_page_draws_the_cli_timeline(browse_app: Flask, browse_store: Store):
    text = page(browse_app, "/browse", query_string={"iri": ISSUE})
    assert "/browse/timeline.svg?iri=" in text
    response = browse_app.test_client().get("/browse/timeline.svg", query_string={"iri": ISSUE})
    assert response.mimetype == "image/svg+xml"
    assert response.get_data(as_text=True) == timeline_svg(issue_history(browse_store, ISSUE))
    history = browse_app.test_client().get(f"/api/issues/{ISSUE.removeprefix(str(ID))}/history")
    assert history.get_json()["entries"]


def test_an_issue_history_comes_in_pages_linked_by_next(browse_app: Flask):
    client = browse_app.test_client()
    whole = client.get("/api/history", query_string={"issue": ISSUE, "limit": 1000}).get_json()
    assert whole["total"] == len(whole["entries"]) > 3 and whole["next"] is None
    pages, url = [], "/api/history?" + urlencode({"issue": ISSUE, "limit": 3})
    while url:
        answer = client.get(url).get_json()
        assert answer["total"] == whole["total"] and len(answer["entries"]) <= 3
        pages += answer["entries"]
        url = answer["next"]
    assert pages == whole["entries"]
    tail = ISSUE.removeprefix(str(ID))
    by_key = client.get(f"/api/issues/{tail}/history", query_string={"limit": 2}).get_json()
    assert by_key["entries"] == whole["entries"][:2]
    following = urlparse(by_key["next"])
    assert following.path == f"/api/issues/{tail}/history"
    assert parse_qs(following.query) == {"limit": ["2"], "offset": ["2"]}


def test_an_issue_page_shows_the_first_page_of_its_history_and_links_the_rest(
    browse_store: Store, monkeypatch: pytest.MonkeyPatch
):
    monkeypatch.setattr("graph.history.PAGE_ENTRIES", 2)
    app = create_app(
        {"TESTING": True, "STORE": browse_store, "BUILD_ON_START": False, "PAGE_CACHE_ENTRIES": 0}
    )
    client = app.test_client()
    whole = issue_history(browse_store, ISSUE).to_json()
    shown = client.get("/api/entity", query_string={"iri": ISSUE}).get_json()["history"]
    assert whole["total"] > 2 and shown["total"] == whole["total"]
    assert [e["iri"] for e in shown["entries"]] == [e["iri"] for e in whole["entries"][:2]]
    text = page(app, "/browse", query_string={"iri": ISSUE, "lang": "en"})
    assert f"The first 2 of {whole['total']} entries." in text
    rest = re.search(r'href="(/api/history\?[^"]+)"', text)
    assert rest and parse_qs(urlparse(html.unescape(rest[1])).query)["offset"] == ["2"]
    following = client.get(html.unescape(rest[1])).get_json()
    assert following["entries"] == whole["entries"][2 : 2 + len(following["entries"])]


def test_body_and_person_histories_have_their_own_route(browse_app: Flask, browse_store: Store):
    client = browse_app.test_client()
    body = str(ID["body/25/politisk-samverkansberedning"])
    answer = client.get("/api/history/body", query_string={"iri": body}).get_json()
    assert answer == body_history(browse_store, body).to_json()
    assert answer["meetings_per_year"] and answer["members"]
    person = str(ID["person/linda-frohm"])
    answer = client.get("/api/history/person", query_string={"iri": person}).get_json()
    assert answer["person"] == person and answer["meetings"]
    # the body's page links its members and meetings, not the whole history again
    assert "history" not in client.get("/api/entity", query_string={"iri": body}).get_json()


def test_lineage_route_with_picture_and_evidence(browse_app: Flask):
    source = HJALPMEDEL_ITEM + "/assignment-1"
    target = str(
        ID["agreement/25/samverkansavtal-gallande-hjalpmedelsforsorjningen-till-lanets-medborgare"]
    )
    client = browse_app.test_client()
    data = client.get("/api/lineage", query_string={"from": source, "to": target}).get_json()
    assert data["routes"] and all(s["evidence"] for s in data["routes"][0]["steps"])
    text = page(browse_app, "/lineage", query_string={"from": source, "to": target})
    assert "/lineage.svg?" in text and 'class="src"' in text
    svg = client.get("/lineage.svg", query_string={"from": source, "to": target, "route": 0})
    assert svg.mimetype == "image/svg+xml" and svg.get_data(as_text=True).startswith("<svg")


def test_due_page_and_json(browse_app: Flask):
    client = browse_app.test_client()
    report = client.get("/api/due", query_string={"as_of": "2023-06-01"}).get_json()
    assert report["as_of"] == "2023-06-01" and report["open"]
    text = page(browse_app, "/due", query_string={"as_of": "2023-06-01"})
    assert html.escape(report["open"][0]["task"]) in text


# --- OpenAPI and errors ------------------------------------------------------------------


def test_openapi_lists_every_route(browse_app: Flask):
    response = browse_app.test_client().get("/openapi.json")
    spec = json.loads(response.get_data(as_text=True))
    assert spec["openapi"].startswith("3.1")
    documented = set(spec["paths"])
    blueprints = {"json_api", "sparql", "loads", "linked_data"}
    for rule in browse_app.url_map.iter_rules():
        if rule.endpoint.split(".")[0] not in blueprints or rule.rule.startswith("/ontology/"):
            continue
        path = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", rule.rule)
        assert path in documented, path
    listed = page(browse_app, "/api")
    assert all(html.escape(path) in listed for path in documented)


@pytest.mark.parametrize(
    ("url", "status"),
    [
        ("/api/entities/nope", 404),
        ("/api/entities/people?limit=abc", 400),
        ("/api/entities/people?limit=0", 400),
        ("/api/entities/people?offset=-1", 400),
        ("/api/entity", 400),
        ("/api/entity?iri=not%20an%20iri", 404),
        ("/api/entity?iri=https://w3id.org/govkg/id/nothing/here", 404),
        ("/api/search", 400),
        ("/api/due?as_of=2023-13-01", 400),
        ("/api/due?body=https://w3id.org/govkg/id/body/none", 404),
        ("/api/lineage?from=x", 400),
        ("/api/history?issue=https://w3id.org/govkg/id/issue/none", 404),
        ("/api/history?issue=https://w3id.org/govkg/id/issue/none&limit=0", 400),
        ("/api/history?issue=https://w3id.org/govkg/id/issue/none&offset=x", 400),
        ("/api/history/body", 400),
        ("/api/history/body?iri=https://w3id.org/govkg/id/person/linda-frohm", 404),
        ("/api/history/person?iri=not%20an%20iri", 404),
        ("/api/history/meeting?iri=https://w3id.org/govkg/id/region/25", 404),
        ("/api/source?passage=https://w3id.org/govkg/id/none", 404),
    ],
)
def test_bad_parameters_are_4xx_json(browse_app: Flask, url: str, status: int):
    response = browse_app.test_client().get(url)
    assert response.status_code == status
    body = response.get_json()
    assert body["status"] == status and body["message"]


@pytest.mark.parametrize(
    "url",
    ["/browse?iri=nope", "/browse", "/source?passage=x", "/due?as_of=x", "/list/nope"],
)
def test_bad_parameters_on_pages_are_4xx(browse_app: Flask, url: str):
    status = browse_app.test_client().get(url, headers=HTML).status_code
    assert 400 <= status < 500


BLANK_MEMBERSHIP_TTL = """
@prefix gov: <https://w3id.org/govkg/ontology#> .
@prefix org: <http://www.w3.org/ns/org#> .
@prefix dcat: <http://www.w3.org/ns/dcat#> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .
@base <https://w3id.org/govkg/id/> .

<body/99/blank> a gov:Body ; skos:prefLabel "Organ med anonyma platser"@sv .
<person/blank> a foaf:Person ; foaf:name "Berit Blank" .
[] a org:Membership ; org:member <person/blank> ; org:organization <body/99/blank> ;
   org:role gov:Chair ; gov:attestedOn "2024-02-01"^^xsd:date ;
   org:memberDuring [ dcat:startDate "2023-01-01"^^xsd:date ;
                      dcat:endDate "2026-12-31"^^xsd:date ] .
"""


@pytest.mark.parametrize(("iri", "key", "other"), [
    ("https://w3id.org/govkg/id/body/99/blank", "members", "person"),
    ("https://w3id.org/govkg/id/person/blank", "memberships", "body"),
])  # fmt: skip
def test_a_membership_without_an_iri_is_shown(iri: str, key: str, other: str) -> None:
    """Data loaded as Turtle may state a membership (and its period) as blank nodes: a
    query cannot name them, so their facts are read with the body's or person's own."""
    store = Store.memory()
    store.replace_graph(str(ID["graph/test/blank"]), Graph().parse(data=BLANK_MEMBERSHIP_TTL))
    app = create_app({"TESTING": True, "STORE": store, "BUILD_ON_START": False})
    response = app.test_client().get("/api/entity", query_string={"iri": iri})
    assert response.status_code == 200, response.get_data(as_text=True)
    (entry,) = response.get_json()[key]
    expected = {"person": str(ID["person/blank"]), "body": str(ID["body/99/blank"])}[other]
    assert entry[other]["iri"] == expected
    assert entry["role"]["iri"].endswith("#Chair")
    assert entry["attested"] == ["2024-02-01"]
    assert entry["periods"] == [{"from": "2023-01-01", "to": "2026-12-31"}]

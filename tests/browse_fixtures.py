"""Fixtures for the browse and JSON API tests: the corpus graph with its derived graphs in
one shared app, and a small graph whose texts hold markup that must come out escaped."""

from __future__ import annotations

import pytest
from flask import Flask
from rdflib import Graph

from api import create_app
from graph.derive import derive
from graph.store import Store

HOSTILE = "<script>alert(1)</script> och <b>fet</b>"
HOSTILE_TTL = f"""
@prefix gov: <https://w3id.org/govkg/ontology#> .
@base <https://w3id.org/govkg/id/> .
@prefix dct: <http://purl.org/dc/terms/> .
@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix skos: <http://www.w3.org/2004/02/skos/core#> .
@prefix xsd: <http://www.w3.org/2001/XMLSchema#> .

<body/99/x> a gov:Body ; skos:prefLabel "{HOSTILE}"@sv .
<person/x> a foaf:Person ; foaf:name "{HOSTILE}" ; skos:altLabel "<i>x</i>" .
<meeting/99/x/2024-01-01> a gov:Meeting ; gov:body <body/99/x> ;
    dct:date "2024-01-01"^^xsd:date ; gov:place "{HOSTILE}" .
<meeting/99/x/2024-01-01/attendance/1> a gov:Attendance ;
    gov:meeting <meeting/99/x/2024-01-01> ; gov:attendee <person/x> ;
    gov:present true ; gov:attendanceRole gov:Chair ; gov:nameText "{HOSTILE}" ;
    gov:evidence <document/x/passage/0-10> .
<meeting/99/x/2024-01-01/item/1> a gov:AgendaItem ;
    gov:meeting <meeting/99/x/2024-01-01> ; gov:itemNumber "1" ;
    dct:title "{HOSTILE}"@sv ; gov:itemText "{HOSTILE}" ;
    gov:evidence <document/x/passage/0-10> .
<meeting/99/x/2024-01-01/item/1/decision> a gov:Decision ;
    gov:decisionOf <meeting/99/x/2024-01-01/item/1> ; gov:decisionText "{HOSTILE}"@sv ;
    gov:evidence <document/x/passage/0-10> .
<document/x> a gov:Protocol ; dct:identifier "../{HOSTILE}" ; dct:title "{HOSTILE}" ;
    gov:minutesOf <meeting/99/x/2024-01-01> .
<document/x/passage/0-10> a gov:Passage ; gov:inDocument <document/x> ;
    gov:quote "{HOSTILE}" ; gov:section "§ 1 {HOSTILE}" ;
    gov:charStart 0 ; gov:charEnd 10 .
"""


@pytest.fixture(scope="session")
def browse_store(corpus_store: Store) -> Store:
    """A copy of the corpus store with the derived issue and lineage graphs."""
    store = corpus_store.copy()
    derive(store)
    return store


@pytest.fixture(scope="session")
def browse_app(browse_store: Store) -> Flask:
    return create_app({"TESTING": True, "STORE": browse_store, "BUILD_ON_START": False})


@pytest.fixture(scope="session")
def hostile_app() -> Flask:
    store = Store.memory()
    graph = Graph()
    graph.parse(data=HOSTILE_TTL, format="turtle")
    store.replace_graph("https://w3id.org/govkg/id/graph/hostile", graph)
    return create_app({"TESTING": True, "STORE": store, "BUILD_ON_START": False})

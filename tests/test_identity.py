"""Identity: deterministic keys, and name variants resolved to one node with a reason."""

from __future__ import annotations

from graph.identity import Registry, body_kind, person_match, slug


def test_slug_is_readable_and_ascii() -> None:
    assert slug("Åsa Öberg-Ärlig") == "asa-oberg-arlig"
    assert slug("  ") == "x"


def test_person_rules() -> None:
    assert person_match("Karin Åkesson", "karin  åkesson") == "same-name"
    assert person_match("Karin Åkesson", "Karin Akesson") == "spelling-variant"
    assert person_match("Karin Lindqvist", "Karin Lindkvist") == "spelling-variant"
    assert person_match("Karin Lind", "Karin Lind Berg") == "name-extension"
    assert person_match("Karin Lind", "Karl Lind") is None
    assert person_match("Karin Bo", "Karin Bu") is None  # surnames too short to judge


def test_variants_need_a_shared_context() -> None:
    registry = Registry()
    first, _ = registry.resolve_person("Karin Lindqvist", {"body-a"})
    elsewhere, merge = registry.resolve_person("Karin Lindkvist", {"body-b"})
    assert elsewhere != first and merge is None
    same, merge = registry.resolve_person("Karin Lindkvist", {"body-a"})
    assert same in {first, elsewhere}


def test_a_merge_records_variant_rule_and_reason() -> None:
    registry = Registry()
    iri, _ = registry.resolve_person("Per Holmgren Ek", {"body-a"})
    again, merge = registry.resolve_person("Per Holmgren", {"body-a"})
    assert again == iri
    assert merge is not None
    assert (merge.variant, merge.canonical, merge.rule) == (
        "Per Holmgren",
        "Per Holmgren Ek",
        "name-extension",
    )
    assert merge.reason


def test_same_name_with_different_organisations_in_one_list_stays_apart() -> None:
    registry = Registry()
    a, _ = registry.resolve_person("Eva Ek", {"org-1"})
    b, _ = registry.resolve_person("Eva Ek", {"org-2"}, distinct_from={a})
    assert a != b


def test_body_names_of_one_kind_and_county_merge_when_words_agree() -> None:
    registry = Registry()
    a, _, new = registry.resolve_body("Samrådet", "07")
    b, merge, new_b = registry.resolve_body("Samråd för vård och omsorg", "07")
    c, _, _ = registry.resolve_body("Samråd för vård och omsorg", "08")
    assert new and not new_b and a == b and merge is not None
    assert c != a  # another county is another body
    d, _, _ = registry.resolve_body("Beredning barn och unga", "07")
    e, _, _ = registry.resolve_body("Beredning vuxna och äldre", "07")
    assert d != e


def test_body_kinds() -> None:
    assert body_kind("Politiska samverkansberedningen")[0] == "PoliticalCollaborationCommittee"
    assert body_kind("Länsstyrgruppen")[0] == "CountySteeringGroup"
    assert body_kind("Hjälpmedelsrådet")[0] == "Council"
    assert body_kind("Kommunfullmäktige i X")[0] == "OtherBody"


def test_the_registry_of_a_documents_first_names_resolves_as_the_whole_one() -> None:
    """Every rule that makes two names one person needs the same first name, so the
    registry of the people whose first name the document holds resolves it alike."""
    from graph import registry
    from graph.ontology_graph import ensure_ontology
    from graph.pipeline import corpus_files, graph_document, write_checked
    from graph.settings import BUNDLED_CORPUS
    from graph.sources import read_source
    from graph.store import Store

    store = Store.memory()
    ensure_ontology(store)
    for path in corpus_files([BUNDLED_CORPUS]):
        source = read_source(path)
        whole = registry.from_store(store)
        scoped = registry.from_store(store, registry.first_names(source.raw))
        assert set(scoped.persons) <= set(whole.persons)
        mapped = graph_document(source, whole)
        assert set(graph_document(source, scoped).graph) == set(mapped.graph), path.name
        write_checked(store, str(mapped.graph_iri), mapped.graph, source.name, source.sha256,
                      None, derive_after=False)  # fmt: skip
    assert len(registry.from_store(store, {"anna"}).persons) < len(whole.persons)

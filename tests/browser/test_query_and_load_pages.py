"""In a real browser: the query page runs an example query; the load page shows violations."""

from __future__ import annotations

from pathlib import Path

from graph.store import Store

BROKEN_TTL = """@prefix foaf: <http://xmlns.com/foaf/0.1/> .
@prefix gov: <https://w3id.org/govkg/ontology#> .
<https://w3id.org/govkg/id/person/utan-namn> a foaf:Person .
<https://w3id.org/govkg/id/meeting/x/2024-01-01> a gov:Meeting .
"""


def test_the_query_page_runs_an_example_and_shows_results(page, live_url: str) -> None:
    page.goto(f"{live_url}/sparql")
    options = page.locator("#example option")
    assert options.count() >= 6  # the placeholder and five examples
    page.select_option("#example", index=1)
    page.click("#run")
    page.wait_for_selector("table.results tbody tr")
    assert page.locator("table.results tbody tr").count() > 0
    first_link = page.locator("table.results a").first
    assert first_link.get_attribute("href").startswith("/id/")
    assert page.locator("a", has_text="CSV").count() + page.locator("a[href*='format=']").count()


def test_a_broken_upload_shows_the_violations_and_changes_nothing(
    page, live_url: str, live_store: Store, load_token: str, tmp_path: Path
) -> None:
    broken = tmp_path / "trasig.ttl"
    broken.write_text(BROKEN_TTL, encoding="utf-8")
    before = sorted(map(str, live_store.quads()))
    page.goto(f"{live_url}/load")
    page.set_input_files("#load-file", str(broken))
    page.fill("#load-token", load_token)
    page.click("button[value=load]")
    page.wait_for_selector("#load-report:not([hidden]) tbody tr")
    report = page.inner_text("#load-report")
    assert "utan-namn" in report
    assert "foaf:name" in report or "namn" in report
    assert sorted(map(str, live_store.quads())) == before

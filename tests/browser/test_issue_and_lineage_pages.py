"""In a real browser: search → issue page → its timeline → a source quote; the lineage route."""

from __future__ import annotations

from urllib.parse import quote

from tests.browser.conftest import shot


def image_drawn(page, selector: str) -> bool:
    return page.eval_on_selector(selector, "img => img.complete && img.naturalWidth > 0")


def test_from_search_to_the_issue_timeline_and_a_source_quote(page, live_url: str) -> None:
    page.goto(f"{live_url}/")
    page.fill("input[name=q]", "hjälpmedel")
    page.keyboard.press("Enter")
    page.wait_for_selector("section.hits")
    issue_link = page.locator("section.hits a[href*='issue']").first
    assert issue_link.count() == 1, page.inner_text("main")
    shot(page, "search-hjalpmedel")
    issue_link.click()

    page.wait_for_selector("figure.timeline img")
    assert image_drawn(page, "figure.timeline img")
    history = page.inner_text("table.history")
    assert "2021-04-20" in history and "2023-05-09" in history
    timeline_url = page.get_attribute("figure.timeline img", "src")
    svg = page.request.get(live_url + timeline_url)
    assert svg.ok and svg.headers["content-type"].startswith("image/svg+xml")
    assert "<svg" in svg.text() and "2021" in svg.text()
    shot(page, "issue-hjalpmedel")

    source = page.locator("table.history a.src").first
    quote_text = source.get_attribute("title")
    source.click()
    page.wait_for_selector("mark, q")
    body = page.inner_text("main")
    assert quote_text.split("”")[0].strip("“")[:30] in body


def test_the_lineage_page_draws_the_route_with_evidence(page, live_url: str) -> None:
    page.goto(f"{live_url}/lineage?from={quote('uppsägning')}&to={quote('gemensam nämnd')}")
    page.wait_for_selector("figure.route-picture img")
    assert image_drawn(page, "figure.route-picture img")
    steps = page.locator("section.route").first.locator("ol.steps > li")
    assert steps.count() == 4
    text = page.inner_text("section.route")
    for expected in ("december", "2021-04-20", "Interimistiskt samverkansavtal", "gemensam nämnd"):
        assert expected in text
    assert "sagt upp samverkansavtalet" in text
    assert page.locator("section.route ul.evidence li").count() >= 4

"""What a person sees in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest

WCAG_AA = {"wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"}
PAGE_KINDS = {
    "home": "",
    "products": "products/",
    "apis": "apis/",
    "component": "entities/component/default/person-api/",
    "api": "entities/api/default/person-api/",
    "group": "entities/group/default/tda/",
    "user": "entities/user/default/amara.okafor/",
    "system": "entities/system/default/manage-my-home/",
    "decisions": "decisions/",
    "decision": "decisions/adr-0005/",
    "tda": "tda/",
    "meeting": "tda/meetings/2024-02-01-tda/",
    "reuse": "reuse/",
    "templates": "service-templates/",
    "health": "health/",
    "accessibility statement": "accessibility/",
}


def test_home_loads_without_console_errors(page, sample_server: str) -> None:
    errors: list[str] = []
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sample_server)
    assert page.title().startswith("Hackney product catalogue")
    assert page.get_by_role("heading", level=1).inner_text() == "Hackney product catalogue"
    assert errors == []


def test_products_table_filters(page, sample_server: str) -> None:
    page.goto(sample_server + "products/")
    rows = page.locator("#tda-products tbody tr")
    total = rows.count()
    assert total > 30
    page.select_option("#tda-filter-phase", "beta")
    visible = page.locator("#tda-products tbody tr:not([hidden])")
    assert 0 < visible.count() < total
    for phase in visible.evaluate_all("rows => rows.map(r => r.dataset.phase)"):
        assert phase == "beta"
    assert page.locator(".tda-count").inner_text() == f"{visible.count()} of {total} shown"
    page.click("text=Clear filters")
    page.wait_for_function(f"document.querySelectorAll('#tda-products tbody tr:not([hidden])').length === {total}")


def test_filters_work_with_the_keyboard_alone(page, sample_server: str) -> None:
    page.goto(sample_server + "products/")
    page.locator("#tda-filter-text").focus()
    page.keyboard.type("single view")
    visible = page.locator("#tda-products tbody tr:not([hidden]) td:first-child")
    assert sorted(visible.all_inner_texts()) == ["Single View", "Single View API", "Single View front end"]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tda-filter-phase"
    page.keyboard.press("ArrowDown")  # choose the first phase with the keyboard
    chosen = page.evaluate("document.getElementById('tda-filter-phase').value")
    assert chosen != ""


def test_person_api_page_shows_consumers_decisions_and_diagram(page, sample_server: str) -> None:
    page.goto(sample_server + "entities/api/default/person-api/")
    relations = page.locator("#tda-relations-table")
    assert "MTFH front-end common" in relations.inner_text()
    assert "Single View API" in relations.inner_text()
    decisions = page.locator("#decisions")
    assert "ADR-0005" in decisions.inner_text()
    diagram = page.locator("svg.tda-diagram")
    assert diagram.is_visible()
    assert diagram.get_attribute("aria-describedby") == "tda-relations-table"
    page.locator("svg.tda-diagram a").first.click()
    assert "/entities/" in page.url


def test_decision_page_shows_review_history(page, sample_server: str) -> None:
    page.goto(sample_server + "decisions/adr-0002/")
    history = page.locator("#reviews table")
    text = history.inner_text()
    assert "approved-with-conditions" in text and "Condition (met, confirmed 2024-07-11)" in text
    waiting = page.goto(sample_server + "decisions/adr-0012/")
    assert waiting is not None
    assert "not quorate (2 of 5 members attended; the quorum is 3)" in page.locator("#reviews").inner_text()


def test_search_finds_the_person_api(page, sample_server: str) -> None:
    page.goto(sample_server)
    page.keyboard.press("s")  # Material's shortcut to the search box
    page.keyboard.type("Person API")
    result = page.locator(".md-search-result__item").first
    result.wait_for(timeout=10_000)
    assert "Person API" in page.locator(".md-search-result").inner_text()


def test_decisions_index_filters_by_status(page, sample_server: str) -> None:
    page.goto(sample_server + "decisions/")
    page.uncheck("#tda-status-accepted")
    statuses = page.locator("#tda-decisions tbody tr:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.dataset.status)"
    )
    assert statuses and "accepted" not in statuses


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_every_page_kind_meets_wcag_22_aa(page, sample_server: str, kind: str) -> None:
    from axe_playwright_python.sync_playwright import Axe

    page.goto(sample_server + PAGE_KINDS[kind])
    results = Axe().run(page)
    violations = [
        f"{v['id']} ({', '.join(sorted(set(v['tags']) & WCAG_AA))}): {v['help']} at "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if set(v["tags"]) & WCAG_AA
    ]
    assert violations == []


def test_no_script_runs_on_any_page_of_a_hostile_catalogue(page, hostile_server: str, hostile_site: Path) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 8
    for html in pages:
        relative = html.relative_to(hostile_site).as_posix().removesuffix("index.html")
        page.goto(hostile_server + relative)
        page.wait_for_load_state("load")
    page.goto(hostile_server)
    page.keyboard.press("s")
    page.keyboard.type("script alert")
    page.wait_for_timeout(1500)
    assert dialogs == []
    evil = page.goto(hostile_server + "entities/component/default/evil/")
    assert evil is not None
    text = page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]

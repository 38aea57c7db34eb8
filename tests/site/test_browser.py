"""What a person sees in a real browser (Debian's Chromium driven by Playwright)."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.site import test_build

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
    "404": "404.html",
    "conditions register": "tda/conditions/",
    "re-review": "tda/re-review/",
    "search": "search/",
}


def test_home_loads_without_console_errors(page, sample_server: str) -> None:
    errors: list[str] = []
    page.on(
        "console", lambda message: errors.append(message.text) if message.type == "error" else None
    )
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(sample_server)
    assert page.title().startswith("Hackney product catalogue")
    assert page.title() == "Hackney product catalogue"  # said once
    assert page.get_by_role("heading", level=1).inner_text() == "Hackney product catalogue"
    assert errors == []


def test_products_list_filters(page, sample_server: str) -> None:
    page.goto(sample_server + "products/")
    items = page.locator("#tda-products > li")
    total = items.count()
    assert total > 30
    page.select_option("#tda-filter-phase", "beta")
    visible = page.locator("#tda-products > li:not([hidden])")
    assert 0 < visible.count() < total
    for phase in visible.evaluate_all("items => items.map(i => i.dataset.phase)"):
        assert phase == "beta"
    assert page.locator(".tda-count").inner_text() == f"{visible.count()} of {total} shown"
    page.click("text=Clear filters")
    page.wait_for_function(
        f"document.querySelectorAll('#tda-products > li:not([hidden])').length === {total}"
    )


def test_filters_and_sorting_work_with_the_keyboard_alone(page, sample_server: str) -> None:
    page.goto(sample_server + "products/")
    page.locator("#tda-products-text").focus()
    page.keyboard.type("single view")
    visible = page.locator("#tda-products > li:not([hidden]) .tda-item-title a")
    assert sorted(visible.all_inner_texts()) == [
        "Single View",
        "Single View API",
        "Single View front end",
    ]
    page.keyboard.press("Tab")
    assert page.evaluate("document.activeElement.id") == "tda-filter-phase"
    page.keyboard.press("ArrowDown")  # choose the first phase with the keyboard
    assert page.evaluate("document.getElementById('tda-filter-phase').value") != ""
    page.locator("#tda-products-sort").focus()
    page.keyboard.press("ArrowDown")  # from "Name" to "Phase"
    page.keyboard.press("ArrowDown")  # to "Adopters, most first"
    page.click("text=Clear filters")
    page.select_option("#tda-products-sort", "adopters")
    counts = page.locator("#tda-products > li").evaluate_all(
        "items => items.map(i => Number(i.dataset.sortAdopters))"
    )
    assert counts == sorted(counts, reverse=True) and counts[0] > 0


def test_listing_is_complete_and_sorted_without_script(browser, sample_server: str) -> None:
    context = browser.new_context(viewport={"width": 390, "height": 800}, java_script_enabled=False)
    tab = context.new_page()
    tab.goto(sample_server + "products/")
    assert not tab.locator("form.tda-filters").is_visible()
    names = tab.locator("#tda-products > li .tda-item-title a").all_inner_texts()
    assert len(names) > 30 and names == sorted(names, key=str.lower)
    context.close()


def test_products_at_1280_show_the_facts_that_decide_reuse_in_view(
    page, sample_server: str
) -> None:
    page.goto(sample_server + "products/")
    card = page.locator("#tda-products > li").filter(has_text="Find Support Services").first
    for label in ("Phase", "Licence", "Owner", "Adopters", "Contact"):
        fact = card.locator("dt", has_text=label).first
        box = fact.bounding_box()
        assert box is not None and box["x"] >= 0 and box["x"] + box["width"] <= 1280, label
        assert fact.is_visible()
    assert "City of London Corporation" in card.inner_text()
    top = card.locator("dt", has_text="Phase").bounding_box()
    right = card.locator("dt", has_text="Contact").bounding_box()
    assert top and right and abs(top["y"] - right["y"]) < 2  # one row of facts
    assert page.evaluate("document.documentElement.scrollWidth") <= 1280


def test_person_api_page_shows_consumers_decisions_and_diagram(page, sample_server: str) -> None:
    page.goto(sample_server + "entities/api/default/person-api/")
    relations = page.locator("#tda-relations-table")
    assert "MTFH front-end common" in relations.inner_text()
    assert "Single View API" in relations.inner_text()
    decisions = page.locator("#decisions")
    assert "ADR-0005" in decisions.inner_text()
    diagram = page.locator("svg.tda-diagram-wide")
    assert diagram.is_visible() and not page.locator("svg.tda-diagram-narrow").is_visible()
    assert diagram.get_attribute("aria-describedby") == "tda-relations-table"
    page.locator("svg.tda-diagram-wide a").first.click()
    assert "/entities/" in page.url


def test_diagram_text_stays_legible_on_a_phone(browser, sample_server: str) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800})
    tab = context.new_page()
    tab.goto(sample_server + "entities/api/default/person-api/")
    narrow = tab.locator("svg.tda-diagram-narrow")
    assert narrow.is_visible() and not tab.locator("svg.tda-diagram-wide").is_visible()
    label = narrow.locator("text.tda-svg-label").first.bounding_box()
    assert label is not None and label["height"] >= 11  # 13px text drawn at close to full size
    context.close()


def test_decision_page_shows_review_history(page, sample_server: str) -> None:
    page.goto(sample_server + "decisions/adr-0002/")
    history = page.locator("#reviews table")
    text = history.inner_text()
    assert "approved-with-conditions" in text and "Condition (met, confirmed 2024-07-11)" in text
    waiting = page.goto(sample_server + "decisions/adr-0012/")
    assert waiting is not None
    assert (
        "not quorate (2 of 5 members attended; the quorum is 3)"
        in page.locator("#reviews").inner_text()
    )


def test_search_finds_the_person_api(page, sample_server: str) -> None:
    page.goto(sample_server)
    page.get_by_role("link", name="Search").first.click()
    page.get_by_label("Search products").fill("Person API")
    result = page.locator("#tda-search-results li").first
    result.wait_for(timeout=10_000)
    assert "Person API" in page.locator("#tda-search-results").inner_text()


def test_search_answers_words_typed_before_its_script_arrived(browser, sample_server: str) -> None:
    context = browser.new_context()
    tab = context.new_page()
    held = []
    tab.route("**/assets/tda/search.js", lambda route: held.append(route))
    tab.goto(sample_server + "search/", wait_until="commit")
    tab.get_by_label("Search products").fill("Person API")
    for _ in range(100):
        if held:
            break
        tab.wait_for_timeout(100)
    assert held, "the search page asks for its script"
    held[0].continue_()
    tab.locator("#tda-search-results li").first.wait_for(timeout=10_000)
    assert "Person API" in tab.locator("#tda-search-results").inner_text()
    context.close()


def test_decisions_index_filters_by_status(page, sample_server: str) -> None:
    page.goto(sample_server + "decisions/")
    page.uncheck("#tda-status-accepted")
    statuses = page.locator("#tda-decisions > li:not([hidden])").evaluate_all(
        "rows => rows.map(r => r.dataset.status)"
    )
    assert statuses and "accepted" not in statuses


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_every_page_kind_meets_wcag_22_aa(
    browser, sample_server: str, kind: str, width: int
) -> None:
    from axe_playwright_python.sync_playwright import Axe

    context = browser.new_context(viewport={"width": width, "height": 900})
    tab = context.new_page()
    tab.goto(sample_server + PAGE_KINDS[kind])
    results = Axe().run(tab)
    context.close()
    violations = [
        f"{v['id']} ({', '.join(sorted(set(v['tags']) & WCAG_AA))}): {v['help']} at "
        + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if set(v["tags"]) & WCAG_AA
    ]
    assert violations == []


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_every_page_kind_reflows_at_320_without_sideways_scrolling(
    browser, sample_server: str, kind: str
) -> None:
    context = browser.new_context(viewport={"width": 320, "height": 800})
    tab = context.new_page()
    tab.goto(sample_server + PAGE_KINDS[kind])
    width = tab.evaluate("document.documentElement.scrollWidth")
    context.close()
    assert width <= 320


def test_every_accessibility_claim_is_checked_here() -> None:
    from tda.site.pages.accessibility import CHECKS

    checked_by = {
        "axe": test_every_page_kind_meets_wcag_22_aa,
        "reflow": test_every_page_kind_reflows_at_320_without_sideways_scrolling,
        "keyboard": test_filters_and_sorting_work_with_the_keyboard_alone,
        "diagram": test_diagram_text_stays_legible_on_a_phone,
        "offline": test_build.test_nothing_is_loaded_from_third_parties,
    }
    assert set(checked_by) == set(CHECKS)


def test_no_script_runs_on_any_page_of_a_hostile_catalogue(
    page, hostile_server: str, hostile_site: Path
) -> None:
    dialogs: list[str] = []
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    pages = sorted(hostile_site.rglob("*.html"))
    assert len(pages) > 8
    for html in pages:
        relative = html.relative_to(hostile_site).as_posix().removesuffix("index.html")
        page.goto(hostile_server + relative)
        page.wait_for_load_state("load")
    page.goto(hostile_server + "search/?q=script+alert")
    page.wait_for_timeout(1500)
    assert dialogs == []
    evil = page.goto(hostile_server + "entities/component/default/evil/")
    assert evil is not None
    text = page.locator("article").inner_text()
    assert "<script>alert(1)</script>" in text  # shown as text, not run
    hrefs = page.locator("a[href]").evaluate_all("links => links.map(a => a.getAttribute('href'))")
    assert not [h for h in hrefs if h.strip().lower().startswith(("javascript:", "data:"))]

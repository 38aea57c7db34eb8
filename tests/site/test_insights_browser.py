"""Outcomes charts, the radar and scorecards in a real browser: WCAG 2.2 AA with axe at phone
and desktop widths, no sideways scrolling at 320 px, and the links and controls working."""

from __future__ import annotations

import pytest

from tests.site.test_browser import WCAG_AA

PAGES = {
    "outcomes": "outcomes/",
    "radar": "radar/",
    "scorecards": "scorecards/",
    "product with outcomes": "entities/system/default/single-view/",
    "decision with technologies": "decisions/adr-0005/",
}


@pytest.fixture
def sized(browser):
    """A page at a given width: sized(390) gives a phone-sized tab."""
    contexts = []

    def open_at(width: int):
        context = browser.new_context(viewport={"width": width, "height": 800})
        contexts.append(context)
        return context.new_page()

    yield open_at
    for context in contexts:
        context.close()


def violations(tab) -> list[str]:
    from axe_playwright_python.sync_playwright import Axe

    results = Axe().run(tab)
    return [
        f"{v['id']}: {v['help']} at " + "; ".join(node["target"][0] for node in v["nodes"][:3])
        for v in results.response["violations"]
        if set(v["tags"]) & WCAG_AA
    ]


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("name", sorted(PAGES))
def test_new_pages_meet_wcag_22_aa(sized, sample_server: str, name: str, width: int) -> None:
    tab = sized(width)
    tab.goto(sample_server + PAGES[name])
    assert violations(tab) == []


@pytest.mark.parametrize("name", sorted(PAGES))
def test_new_pages_reflow_at_320_px(sized, sample_server: str, name: str) -> None:
    tab = sized(320)
    tab.goto(sample_server + PAGES[name])
    overflow = tab.evaluate(
        "document.documentElement.scrollWidth - document.documentElement.clientWidth"
    )
    assert overflow <= 0


def test_radar_blips_link_to_their_decisions(page, sample_server: str) -> None:
    page.goto(sample_server + "radar/")
    svg = page.locator("svg.tda-radar")
    assert svg.get_attribute("aria-describedby") == "tda-radar-table"
    blip = svg.locator("a[aria-label*='DataHub']")
    assert blip.count() == 1
    blip.click()
    assert page.url.endswith("/decisions/adr-0007/")


def test_scorecards_sort_and_filter_by_team(page, sample_server: str) -> None:
    page.goto(sample_server + "scorecards/")
    page.get_by_role("button", name="Score").click()
    scores = page.locator("#tda-scorecards tbody td:nth-child(4)").evaluate_all(
        "cells => cells.map(c => Number(c.dataset.sort))"
    )
    assert scores == sorted(scores)
    assert page.locator("th[aria-sort='ascending']").inner_text() == "Score"
    page.get_by_role("button", name="Score").click()
    scores = page.locator("#tda-scorecards tbody td:nth-child(4)").evaluate_all(
        "cells => cells.map(c => Number(c.dataset.sort))"
    )
    assert scores == sorted(scores, reverse=True)
    page.select_option("#tda-filter-team", "group:targeted-services")
    teams = page.locator("#tda-scorecards tbody tr:not([hidden]) td:nth-child(2)").all_inner_texts()
    assert teams and set(teams) == {"group:targeted-services"}


def test_product_page_charts_each_key_result_with_a_text_alternative(
    page, sample_server: str
) -> None:
    page.goto(sample_server + "entities/system/default/single-view/")
    charts = page.locator("#outcomes svg.tda-chart")
    assert charts.count() == 2
    chart = page.get_by_role("img", name="call time saved a year")
    assert chart.is_visible()
    assert "189,000" in page.locator("#kr-call-time-saved-chart-desc").text_content()
    assert "131,000" in page.locator("#kr-call-time-saved table").inner_text()

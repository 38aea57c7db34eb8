"""Page builders without MkDocs: addresses, escaping, and what each page says."""

from __future__ import annotations

import datetime as dt
from html.parser import HTMLParser

import pytest

from tda.repository import load_catalogue
from tda.site import urls
from tda.site.generate import NAV_PAGES, generate
from tda.site.html import external_link, is_safe_url, render_markdown
from tests.conftest import REPO


@pytest.fixture(scope="module")
def sample_pages():
    pages, assets = generate(load_catalogue(REPO), site_name="Sample", today=dt.date(2026, 12, 3))
    return {p.src: p for p in pages}, {a.src: a for a in assets}


@pytest.mark.parametrize(
    ("src", "to", "expected"),
    [
        ("index.md", "products/index.md", "products/"),
        ("products/index.md", "entities/api/default/person-api.md", "../entities/api/default/person-api/"),
        ("entities/api/default/person-api.md", "decisions/adr-0005.md", "../../../../decisions/adr-0005/"),
        ("decisions/adr-0005.md", "tda/index.md", "../../tda/"),
        ("tda/index.md", "index.md", "../"),
    ],
)
def test_relative_links(src: str, to: str, expected: str) -> None:
    assert urls.href(src, to) == expected


def test_every_entity_decision_and_meeting_has_a_stable_page(sample_pages) -> None:
    pages, assets = sample_pages
    assert "entities/component/default/person-api.md" in pages
    assert "entities/api/default/person-api.md" in pages
    assert "decisions/adr-0005.md" in pages
    assert "tda/meetings/2026-10-22-tda.md" in pages
    assert "entities/api/default/person-api/definition.txt" in assets
    for _, src in NAV_PAGES:
        assert src in pages


def test_person_api_lists_consumers_and_decisions(sample_pages) -> None:
    text = sample_pages[0]["entities/api/default/person-api.md"].markdown
    assert "MTFH front-end common" in text and "Single View API" in text
    assert "ADR-0005 Use the Person API as the single source of resident identity" in text
    assert "<code>GET</code></td><td><code>/api/v1/persons/{id}</code>" in text
    assert '<svg xmlns="http://www.w3.org/2000/svg"' in text and 'role="group"' in text


def test_decision_page_shows_status_chain_principles_and_reviews(sample_pages) -> None:
    text = sample_pages[0]["decisions/adr-0005.md"].markdown
    assert "ADR-0003 Products keep their own resident records" in text
    assert "P2: One source for each piece of data" in text
    assert ">2024-02-15</a></td><td>decision</td><td>approved</td><td>quorate</td>" in text
    superseded = sample_pages[0]["decisions/adr-0003.md"].markdown
    assert "superseded (Accepted)" in superseded


def test_products_table_has_a_row_per_product_with_facets(sample_pages) -> None:
    text = sample_pages[0]["products/index.md"].markdown
    catalogue = load_catalogue(REPO)
    count = len(catalogue.of_kind("component", "system"))
    assert text.count("<tr data-text=") == count
    assert f"<caption>{count} products" in text
    assert 'data-adopter="City of London Corporation"' in text
    assert '<select id="tda-filter-phase" data-facet="phase">' in text
    assert "<form class=\"tda-filters\" data-tda-filter=\"tda-products\" hidden>" in text


def test_tda_page_agenda_and_reuse_page(sample_pages) -> None:
    tda = sample_pages[0]["tda/index.md"].markdown
    assert "Agenda for the next meeting (as of 2026-12-03)" in tda
    assert "TDA-A005" in tda and "overdue" in tda
    assert 'id="principle-p1"' in tda
    reuse = sample_pages[0]["reuse/index.md"].markdown
    assert "Licensed under GPL-3.0-only" in reuse and "City of London Corporation (verified)" in reuse
    assert "Academy" not in reuse  # bought products are not offered for reuse


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/x", True),
        ("mailto:a@example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example", False),
        ("http:///nohost", False),
    ],
)
def test_only_http_https_and_mailto_are_links(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe
    assert ("<a " in external_link(url)) is safe


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_markdown_from_records_has_raw_html_neutralised() -> None:
    html = render_markdown(
        "# T\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[a](javascript:alert(3)) [b](https://example.org) ![c](javascript:alert(4))\n"
    )
    parser = _Elements()
    parser.feed(html)
    names = [t for t, _ in parser.tags]
    assert "script" not in names and "img" not in names
    assert [a.get("href") for t, a in parser.tags if t == "a"] == ["https://example.org"]
    assert "&lt;script&gt;" in html
    assert "<h2>T</h2>" in html


def test_hostile_values_are_escaped_everywhere(hostile_root) -> None:
    pages, _ = generate(load_catalogue(hostile_root))
    for item in pages:
        parser = _Elements()
        parser.feed(item.markdown.split("---\n", 2)[2])
        for tag, attrs in parser.tags:
            assert tag not in ("script", "iframe", "img"), (item.src, tag)
            assert not any(name.startswith("on") for name in attrs), (item.src, tag, attrs)
            for name in ("href", "src"):
                value = attrs.get(name) or ""
                assert not value.lower().lstrip().startswith(("javascript:", "data:")), (item.src, value)
        front_title = item.markdown.split("\n", 2)[1]
        assert "<" not in front_title and ">" not in front_title

"""The outcomes, radar and scorecards pages without MkDocs: what they say, and that nothing a
user wrote escapes as HTML."""

from __future__ import annotations

import datetime as dt
import xml.etree.ElementTree as ET

from tda.repository import load_catalogue
from tda.site.generate import NAV_PAGES, generate

SVG = "{http://www.w3.org/2000/svg}"
EVIL = "<script>alert(1)</script>"

FILES = {
    "catalog/a.yaml": f"""\
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {{name: team}}
        spec: {{type: team, children: []}}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: {{name: sv, tags: [redis]}}
        spec:
          owner: group:team
          outcomes:
            - objective: "{EVIL}"
              keyResults:
                - id: calls
                  metric: "{EVIL} calls"
                  baseline: 0
                  target: 10
                  unit: "<b>u</b>"
                  due: 2026-12-31
                  measurements:
                    - {{date: 2026-03-01, value: 3, source: "javascript:alert(1)"}}
                    - {{date: 2026-06-01, value: 6, source: "https://example.org/figures"}}
                - id: flat
                  metric: flat
                  baseline: 5
                  target: 5
                  unit: u
                  due: 2026-12-31
        """,
    "decisions/0001-hold-redis.md": f"---\nstatus: accepted\ndate: 2026-01-01\n"
    f"technologies: [{{name: '{EVIL}', ring: hold, quadrant: tools}}, "
    "{name: Redis, ring: hold, quadrant: platforms}]\n---\n# Hold Redis\n",
}


def pages(tree, today: dt.date = dt.date(2026, 7, 1)) -> dict[str, str]:
    catalogue = load_catalogue(tree(FILES))
    built, _ = generate(catalogue, today=today)
    return {page.src: page.markdown for page in built}


def svgs(markdown: str) -> list[ET.Element]:
    found = []
    rest = markdown
    while "<svg" in rest:
        start = rest.index("<svg")
        end = rest.index("</svg>", start) + len("</svg>")
        found.append(ET.fromstring(rest[start:end]))
        rest = rest[end:]
    return found


def test_new_pages_are_in_the_navigation() -> None:
    sources = [src for _, src in NAV_PAGES]
    assert {"outcomes/index.md", "radar/index.md", "scorecards/index.md"} <= set(sources)


def test_nothing_written_by_users_becomes_html(tree) -> None:
    built = pages(tree)
    for src in (
        "outcomes/index.md",
        "radar/index.md",
        "scorecards/index.md",
        "entities/system/default/sv.md",
        "decisions/adr-0001.md",
    ):
        assert "<script>" not in built[src], src
        assert "<b>u</b>" not in built[src], src
    assert 'href="javascript:' not in built["entities/system/default/sv.md"]
    assert 'href="https://example.org/figures"' in built["entities/system/default/sv.md"]


def test_each_key_result_has_a_chart_with_a_text_alternative_and_a_table(tree) -> None:
    product = pages(tree)["entities/system/default/sv.md"]
    charts = [svg for svg in svgs(product) if svg.get("class") == "tda-chart"]
    assert len(charts) == 2
    chart = charts[0]
    assert chart.get("role") == "img"
    assert chart.get("aria-labelledby") == "kr-calls-chart-title kr-calls-chart-desc"
    description = chart.find(f"{SVG}desc").text
    assert "latest 6 <b>u</b> on 2026-06-01, 60% of the way" in description
    assert "on track" in description
    assert len(chart.findall(f"{SVG}circle")) == 2  # one point per measurement
    assert "<caption>Measurements of &lt;script&gt;alert(1)&lt;/script&gt; calls" in product
    assert "No measurement yet." in product  # the flat key result, never measured


def test_radar_page_links_every_blip_to_its_decision_and_lists_disagreements(tree) -> None:
    radar = pages(tree)["radar/index.md"]
    [svg] = svgs(radar)
    links = [a.get("href") for a in svg.iter(f"{SVG}a")]
    assert links == ["../decisions/adr-0001/", "../decisions/adr-0001/"]
    assert 'id="tda-radar-table"' in radar
    assert (
        "Products built on a technology on hold" in radar
        and "is tagged <code>redis</code>" in radar
    )


def test_product_and_decision_pages_show_technologies_with_rings(tree) -> None:
    built = pages(tree)
    assert 'tda-ring-hold">hold</span>' in built["entities/system/default/sv.md"]
    assert "Redis</a>" in built["decisions/adr-0001.md"]


def test_scorecards_page_sorts_and_filters_by_team(tree) -> None:
    scores = pages(tree)["scorecards/index.md"]
    assert 'class="tda-sortable"' in scores
    assert 'data-team="group:team"' in scores and 'data-facet="team"' in scores
    assert "<em>Fix:</em>" in scores


def test_an_empty_catalogue_still_gets_the_pages(tree) -> None:
    catalogue = load_catalogue(
        tree(
            {
                "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: t}\nspec: {type: team, children: []}\n"
            }
        )
    )
    built = {p.src: p.markdown for p in generate(catalogue, today=dt.date(2026, 7, 1))[0]}
    assert "No product has outcomes yet." in built["outcomes/index.md"]
    assert "No technologies on the radar yet." in built["radar/index.md"]


def test_outcomes_page_lists_what_the_next_tda_should_review(tree) -> None:
    assert "For the next TDA" not in pages(tree)["outcomes/index.md"]  # nothing due or behind
    outcomes = pages(tree, dt.date(2026, 10, 15))["outcomes/index.md"]
    assert "<h2>For the next TDA</h2>" in outcomes
    assert "../entities/system/default/sv/#kr-flat" in outcomes  # never measured, due soon


def test_decision_page_links_the_outcomes_it_serves(tree) -> None:
    files = dict(FILES)
    files["decisions/0002-serve.md"] = (
        "---\nstatus: proposed\noutcomes: ['system:sv#calls', 'system:nope']\n---\n# Serve\n"
    )
    catalogue = load_catalogue(tree(files))
    built = {p.src: p.markdown for p in generate(catalogue, today=dt.date(2026, 7, 1))[0]}
    page = built["decisions/adr-0002.md"]
    assert "../../entities/system/default/sv/#kr-calls" in page
    assert "tda-outcome-on-track" in page
    assert 'system:nope <span class="tda-missing">(not found)</span>' in page

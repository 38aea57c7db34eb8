"""The radar: the latest accepted decision sets a ring, superseded ones are history, and a
product on a technology on hold is a disagreement (TDA701)."""

from __future__ import annotations

import json
import xml.etree.ElementTree as ET

from tda.queries.radar import build_radar, render_svg, render_text
from tda.repository import load_catalogue, open_repository

CATALOG = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: legacy-api, tags: [mssql, dotnet]}
spec: {type: service, lifecycle: production, owner: group:team}
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: person-api, tags: [dynamodb]}
spec: {type: service, lifecycle: production, owner: group:team}
"""


def decision(status: str, date: str, technologies: str, extra: str = "") -> str:
    return f"---\nstatus: {status}\ndate: {date}\ntechnologies: {technologies}\n{extra}---\n# T\n"


FILES = {
    "catalog/a.yaml": CATALOG,
    "mkdocs.yml": "plugins:\n  - tda:\n      technologies: {mssql: SQL Server}\n",
    "decisions/0001-use-sql-server.md": decision(
        "superseded",
        "2020-01-01",
        "[{name: SQL Server, ring: adopt, quadrant: platforms}]",
        "superseded-by: [ADR-0002]\n",
    ),
    "decisions/0002-move-off-sql-server.md": decision(
        "accepted",
        "2024-01-01",
        "[{name: SQL Server, ring: hold, quadrant: platforms}, "
        "{name: DynamoDB, ring: trial, quadrant: platforms}]",
        "supersedes: [ADR-0001]\n",
    ),
    "decisions/0003-adopt-dynamodb.md": decision(
        "accepted", "2025-06-01", "[{name: dynamodb, ring: adopt, quadrant: platforms}]"
    ),
    "decisions/0004-try-htmx.md": decision(
        "proposed", "2026-01-01", "[{name: htmx, ring: trial, quadrant: tools}]"
    ),
    "decisions/0005-rejected.md": decision(
        "rejected", "2026-01-01", "[{name: Kafka, ring: adopt, quadrant: platforms}]"
    ),
}


def test_latest_accepted_sets_the_ring_and_superseded_is_history(tree) -> None:
    radar = build_radar(load_catalogue(tree(FILES)))
    by_name = {blip.name: blip for blip in radar.blips}
    assert set(by_name) == {"SQL Server", "dynamodb"}  # proposed and rejected place nothing
    sql = by_name["SQL Server"]
    assert (sql.ring, sql.current.decision.id) == ("hold", "ADR-0002")
    assert [(p.decision.id, p.ring) for p in sql.history] == [("ADR-0001", "adopt")]
    dynamo = by_name["dynamodb"]
    assert (dynamo.ring, dynamo.current.decision.id) == ("adopt", "ADR-0003")
    assert [(p.decision.id, p.ring) for p in dynamo.history] == [("ADR-0002", "trial")]
    assert [e.name for e in dynamo.products] == ["person-api"]


def test_a_product_on_a_technology_on_hold_disagrees(tree) -> None:
    catalogue = open_repository(tree(FILES))
    radar = build_radar(catalogue)
    [item] = radar.disagreements
    assert (item.entity.name, item.tag, item.blip.name) == ("legacy-api", "mssql", "SQL Server")
    [finding] = [d for d in catalogue.diagnostics if d.code == "TDA701"]
    assert finding.message == (
        "component:legacy-api is tagged mssql, and ADR-0002 puts SQL Server on hold"
    )
    assert finding.line == 6 and finding.hint


def test_quadrant_changes_between_accepted_decisions_are_flagged(tree) -> None:
    files = dict(FILES)
    files["decisions/0003-adopt-dynamodb.md"] = decision(
        "accepted", "2025-06-01", "[{name: DynamoDB, ring: adopt, quadrant: tools}]"
    )
    catalogue = load_catalogue(tree(files))
    [finding] = [d for d in catalogue.diagnostics if d.code == "TDA702"]
    assert "ADR-0003 files DynamoDB under tools, but ADR-0002 filed it under platforms" in (
        finding.message
    )


def test_malformed_entries_are_a_front_matter_finding_and_skipped(tree) -> None:
    files = dict(FILES)
    files["decisions/0003-adopt-dynamodb.md"] = decision(
        "accepted", "2025-06-01", "[{name: DynamoDB, ring: love, quadrant: platforms}, 7]"
    )
    catalogue = load_catalogue(tree(files))
    assert [d.code for d in catalogue.diagnostics if d.code == "TDA410"] == ["TDA410", "TDA410"]
    by_name = {blip.name: blip.ring for blip in build_radar(catalogue).blips}
    assert by_name == {"SQL Server": "hold", "DynamoDB": "trial"}


def test_text_json_and_svg_from_the_command(tree, cli) -> None:
    root = tree(FILES)
    text = cli("radar", "--root", root).output
    assert "platforms\n  adopt   dynamodb  (ADR-0003)\n          was trial by ADR-0002" in text
    assert "component:legacy-api: tagged mssql, and SQL Server is on hold (ADR-0002)" in text
    data = json.loads(cli("radar", "--root", root, "--format", "json").output)
    assert data["disagreements"][0]["technology"] == "SQL Server"
    svg = cli("radar", "--root", root, "--format", "svg").output
    tree_ = ET.fromstring(svg)
    links = [a.get("href") for a in tree_.iter("{http://www.w3.org/2000/svg}a")]
    assert links == ["decisions/0003-adopt-dynamodb.md", "decisions/0002-move-off-sql-server.md"]


def test_svg_escapes_names_and_works_without_links(tree) -> None:
    files = dict(FILES)
    files["decisions/0003-adopt-dynamodb.md"] = decision(
        "accepted", "2025-06-01", "[{name: '<script>&', ring: assess, quadrant: techniques}]"
    )
    svg = render_svg(build_radar(load_catalogue(tree(files))))
    assert "<script>" not in svg and "&lt;script&gt;&amp;" in svg
    ET.fromstring(svg)


def test_an_empty_radar_says_how_to_fill_it(tree) -> None:
    radar = build_radar(load_catalogue(tree({"catalog/a.yaml": CATALOG})))
    assert "technologies" in render_text(radar)
    ET.fromstring(render_svg(radar))


def test_a_radar_block_counts_as_technologies(tree) -> None:
    files = dict(FILES)
    files["decisions/0003-adopt-dynamodb.md"] = decision(
        "accepted",
        "2025-06-01",
        "[]",
        "radar: [{name: Kotlin, ring: assess, quadrant: languages-and-frameworks}]\n",
    )
    by_name = {blip.name: blip.ring for blip in build_radar(load_catalogue(tree(files))).blips}
    assert by_name["Kotlin"] == "assess"


def test_adr_show_lists_the_outcomes_served_and_the_technologies_placed(cli) -> None:
    from tests.conftest import REPO

    text = cli("adr", "show", "ADR-0005", "--root", REPO).output
    assert (
        "serves:\n  system:manage-my-home#products-on-person-api  (products-on-person-api " in text
    )
    assert "radar:\n  Resident records kept by each product: hold (techniques)\n" in text

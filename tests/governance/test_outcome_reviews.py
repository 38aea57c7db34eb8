"""The TDA sees outcomes: the agenda lists key results off track or due soon, a meeting item
may review a product's outcomes, and the record `tda review new` writes includes them."""

from __future__ import annotations

import datetime as dt
import json

from tda.queries.agenda import build_agenda, render_json, render_markdown
from tda.repository import load_catalogue, open_repository
from tests.governance.conftest import HEAD, meeting

PRODUCTS = f"""\
---
{HEAD}kind: System
metadata: {{name: single-view}}
spec:
  owner: group:team
  outcomes:
    - objective: Answers on the first call
      keyResults:
        - {{id: behind, metric: call time saved, baseline: 0, target: 100, unit: minutes,
           since: 2026-01-01, due: 2026-12-31, measurements: [{{date: 2026-07-01, value: 10}}]}}
        - {{id: due-soon, metric: calls answered, baseline: 0, target: 100, unit: calls,
           since: 2026-01-01, due: 2026-08-15, measurements: [{{date: 2026-07-01, value: 95}}]}}
        - {{id: far-and-fine, metric: satisfaction, baseline: 0, target: 100, unit: percent,
           since: 2026-01-01, due: 2027-12-31, measurements: [{{date: 2026-07-01, value: 90}}]}}
        - {{id: done, metric: staff trained, baseline: 0, target: 10, unit: people,
           due: 2026-08-01, measurements: [{{date: 2026-07-01, value: 10}}]}}
"""


def repo(tda_repo, items: str = ""):
    files = {"catalog/products.yaml": PRODUCTS}
    if items:
        files["decisions/reviews/2026-07-02-tda.md"] = meeting(
            "2026-07-02", ["ann", "bo", "cy"], items
        )
    return tda_repo(files)


def test_agenda_lists_key_results_off_track_or_due_within_the_period(tda_repo) -> None:
    catalogue = load_catalogue(repo(tda_repo))
    agenda = build_agenda(catalogue, dt.date(2026, 7, 20))
    assert [row.result.id for row in agenda.outcomes] == ["behind", "due-soon"]
    text = render_markdown(agenda)
    assert (
        "## Outcomes to review\n\n- system:single-view#behind (off-track): call time saved" in text
    )
    data = json.loads(render_json(agenda))
    assert [row["id"] for row in data["outcomes"]] == ["behind", "due-soon"]


def test_the_period_is_a_setting(tda_repo) -> None:
    root = repo(tda_repo)
    (root / "mkdocs.yml").write_text("plugins:\n  - tda:\n      outcomes_review_days: 7\n")
    agenda = build_agenda(open_repository(root), dt.date(2026, 7, 20))
    assert [row.result.id for row in agenda.outcomes] == ["behind"]


def test_an_outcomes_item_names_a_product_and_is_noted(tda_repo) -> None:
    items = "- entity: system:single-view\n  for: outcomes\n  outcome: noted\n  notes: Behind on call time.\n"
    catalogue = load_catalogue(repo(tda_repo, items))
    assert [d.code for d in catalogue.diagnostics if d.code.startswith("TDA5")] == []
    [item] = catalogue.governance.meetings[0].record.items
    assert (item.subject, item.notes) == ("system:single-view", "Behind on call time.")


def test_outcomes_item_mistakes_are_findings(tda_repo) -> None:
    items = (
        "- entity: system:single-veiw\n  for: outcomes\n  outcome: noted\n"
        "- entity: 'system:single-view#nope'\n  for: outcomes\n  outcome: approved\n"
    )
    catalogue = load_catalogue(repo(tda_repo, items))
    found = sorted((d.code, d.message) for d in catalogue.diagnostics if d.code != "TDA409")
    assert [code for code, _ in found] == ["TDA323", "TDA323", "TDA513"]
    assert "'system:single-veiw', which is not in the catalogue (did you mean" in found[0][1]
    assert "has no key result 'nope'" in found[1][1]
    assert "is for outcomes, so its outcome is noted, not approved" in found[2][1]


def test_an_outcomes_item_without_a_product_is_invalid(tda_repo) -> None:
    catalogue = load_catalogue(repo(tda_repo, "- for: outcomes\n  outcome: noted\n"))
    [finding] = [d for d in catalogue.diagnostics if d.code == "TDA510"]
    assert "names the product reviewed under entity" in finding.message


def test_a_decision_item_still_needs_its_decision(tda_repo) -> None:
    catalogue = load_catalogue(repo(tda_repo, "- for: decision\n  outcome: approved\n"))
    [finding] = [d for d in catalogue.diagnostics if d.code == "TDA510"]
    assert "names its decision" in finding.message


def test_review_new_adds_an_outcomes_item_per_product(tda_repo, cli) -> None:
    root = repo(tda_repo)
    result = cli("review", "new", "--root", root, "--date", "2026-07-20")
    assert result.exit_code == 0, result.output
    written = (root / "decisions/reviews/2026-07-20-tda.md").read_text()
    assert written.count("for: outcomes") == 1
    assert "  - entity: system:single-view\n    for: outcomes\n    outcome:\n" in written
    catalogue = load_catalogue(root)
    assert [d for d in catalogue.diagnostics if d.code in ("TDA510", "TDA323")] == []


def test_an_outcomes_item_may_also_name_the_decision_it_followed(tda_repo) -> None:
    items = (
        "- entity: system:single-view\n  decision: ADR-0001\n  for: outcomes\n  outcome: noted\n"
    )
    files_root = repo(tda_repo, items)
    catalogue = load_catalogue(files_root)
    [item] = catalogue.governance.meetings[0].record.items
    assert item.subject == "system:single-view"
    assert [d.code for d in catalogue.diagnostics if d.code in ("TDA323", "TDA503")] == ["TDA503"]

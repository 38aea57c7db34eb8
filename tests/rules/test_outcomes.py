"""Outcome checks across the catalogue: kinds, ids, dates, and outcomes that decisions name."""

from __future__ import annotations

import datetime as dt

from tda.repository import load_catalogue
from tda.rules.outcomes import check_outcomes

SYSTEM = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: KIND
metadata: {name: single-view}
spec:
  owner: group:team
  type: service
  lifecycle: production
  definition: x
  outcomes:
    - objective: Answers on the first call
      keyResults:
        - {id: calls, metric: m, baseline: 0, target: 10, unit: u, due: 2027-01-01,
           measurements: [{date: 2026-05-01, value: 3}]}
"""


def codes(tree, files: dict[str, str], today=dt.date(2026, 6, 1)) -> list[tuple[str, str]]:
    catalogue = load_catalogue(tree(files))
    return [(d.code, d.message) for d in check_outcomes(catalogue, today)]


def test_clean_outcomes_give_no_findings(tree) -> None:
    assert codes(tree, {"catalog/a.yaml": SYSTEM.replace("KIND", "System")}) == []


def test_outcomes_on_an_api_are_a_warning(tree) -> None:
    [(code, message)] = codes(tree, {"catalog/a.yaml": SYSTEM.replace("KIND", "API")})
    assert code == "TDA321"
    assert "API single-view has outcomes" in message


def test_key_result_ids_are_unique_in_a_product(tree) -> None:
    twice = SYSTEM.replace("KIND", "Component") + (
        "    - objective: Again\n      keyResults:\n"
        "        - {id: calls, metric: m, baseline: 0, target: 5, unit: u, due: 2027-01-01}\n"
    )
    [(code, message)] = codes(tree, {"catalog/a.yaml": twice})
    assert code == "TDA322"
    assert message.startswith("spec.outcomes[1].keyResults[0].id 'calls' is used twice")


def test_future_measurement_and_flat_target_are_warnings(tree) -> None:
    text = SYSTEM.replace("KIND", "System").replace("2026-05-01", "2026-09-01")
    text = text.replace("target: 10", "target: 0")
    found = codes(tree, {"catalog/a.yaml": text})
    assert sorted(code for code, _ in found) == ["TDA324", "TDA325"]


DECISION = """\
---
status: proposed
date: 2026-05-01
outcomes: [OUTCOMES]
---
# Cache results
"""


def test_decisions_must_name_real_outcomes(tree) -> None:
    files = {"catalog/a.yaml": SYSTEM.replace("KIND", "System")}
    files["decisions/0001-cache-results.md"] = DECISION.replace(
        "OUTCOMES", "'system:single-view#calls', system:single-view"
    )
    assert codes(tree, files) == []
    files["decisions/0001-cache-results.md"] = DECISION.replace(
        "OUTCOMES", "'system:single-view#call', system:single-veiw, 'system:single-view#'"
    )
    found = [message for code, message in codes(tree, files) if code == "TDA323"]
    assert found == [
        "ADR-0001: outcomes lists 'system:single-view#call', but system:single-view has no key "
        "result 'call' (it has calls)",
        "ADR-0001: outcomes lists 'system:single-veiw', which is not in the catalogue "
        "(did you mean system:single-view?)",
    ]


def test_a_decision_naming_a_product_without_outcomes(tree) -> None:
    files = {
        "catalog/a.yaml": SYSTEM.replace("KIND", "System").split("  outcomes:")[0],
        "decisions/0001-cache-results.md": DECISION.replace("OUTCOMES", "system:single-view"),
    }
    [(code, message)] = codes(tree, files)
    assert (code, message.endswith("but system:single-view has no outcomes")) == ("TDA323", True)


def test_outcomes_of_wrong_type_in_front_matter_are_a_front_matter_finding(tree) -> None:
    files = {
        "catalog/a.yaml": SYSTEM.replace("KIND", "System"),
        "decisions/0001-cache-results.md": DECISION.replace("[OUTCOMES]", "{a: 1}"),
    }
    catalogue = load_catalogue(tree(files))
    assert [d.code for d in catalogue.diagnostics if d.code.startswith("TDA4")] == ["TDA410"]

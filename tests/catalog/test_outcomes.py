"""spec.outcomes: each malformed form is a located TDA320 finding; a file beside it works."""

from __future__ import annotations

import json
import textwrap

import pytest

from tda.repository import load_catalogue
from tda.schema import entity_schema

HEAD = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: System
metadata: {name: single-view}
spec:
  owner: group:team
  outcomes:
"""

GOOD = """\
    - objective: Residents get answers on the first call
      keyResults:
        - id: call-time-saved
          metric: call time saved a year
          baseline: 0
          target: 189000
          unit: minutes
          due: 2027-03-31
          measurements:
            - {date: 2026-06-30, value: 95000, source: call centre figures}
"""


def findings(tree, outcomes: str) -> list[tuple[str, int | None, str]]:
    root = tree({"catalog/a.yaml": HEAD + outcomes})
    return [(d.code, d.line, d.message) for d in load_catalogue(root).diagnostics]


def test_valid_outcomes_pass(tree) -> None:
    assert findings(tree, GOOD) == []


@pytest.mark.parametrize(
    ("old", "new", "line", "said"),
    [
        ("target: 189000", "target: '189000'", 17, "target '189000': must be a number"),
        ("target: 189000", "target: .nan", 17, "target: must be a finite number"),
        ("target: 189000", "target: true", 17, "target: must be a number"),
        ("due: 2027-03-31", "due: 2027-13-01", 19, "due must be a date written YYYY-MM-DD"),
        ("id: call-time-saved", "id: Call Time", 14, "id: String should match pattern"),
        ("unit: minutes", "unit: ''", 18, "unit must not be empty"),
        ("value: 95000", "value: null", 21, "measurements[0].value: must be a number"),
    ],
)
def test_bad_key_results_are_located(tree, old: str, new: str, line: int, said: str) -> None:
    [(code, at, message)] = findings(tree, GOOD.replace(old, new))
    assert code == "TDA320"
    assert at == line
    assert message == f"spec.outcomes[0].keyResults[0].{said}" or message.startswith(
        f"spec.outcomes[0].keyResults[0].{said}"
    )


def test_unknown_fields_and_empty_key_results_are_findings(tree) -> None:
    text = GOOD.replace("source: call centre figures", "source: x, by: me")
    found = findings(tree, text + "    - objective: Nothing measured\n      keyResults: []\n")
    assert {code for code, _, _ in found} == {"TDA320"}
    messages = " / ".join(message for _, _, message in found)
    assert "unknown field spec.outcomes[0].keyResults[0].measurements[0].by" in messages
    assert "spec.outcomes[1].keyResults" in messages


def test_outcomes_may_live_in_a_file_beside_the_descriptor(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": HEAD.replace("  outcomes:\n", "  outcomes: {$yaml: ./okr.yaml}\n"),
            "catalog/okr.yaml": textwrap.dedent(GOOD),
        }
    )
    catalogue = load_catalogue(root)
    assert catalogue.diagnostics == []
    [entity] = catalogue.of_kind("system")
    assert entity.spec["outcomes"][0]["keyResults"][0]["target"] == 189000


def test_the_editor_schema_describes_outcomes() -> None:
    schema = json.dumps(entity_schema("System"))
    assert "keyResults" in schema and "measurements" in schema and "baseline" in schema


def test_numbers_are_bounded_so_progress_stays_finite(tree) -> None:
    [(code, _, message)] = findings(tree, GOOD.replace("target: 189000", "target: 1e308"))
    assert code == "TDA320"
    assert message.endswith("target: must be between -10^15 and 10^15")

"""Scorecards: each rule passing, failing and not applying; levels, weights and settings; and
`tda validate --min-level` failing a catalogue below a level."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tda.config import SCORE_RULES
from tda.queries.scores import RULES, scorecard, two_years_before
from tda.repository import open_repository

TODAY = dt.date(2026, 6, 1)
TEAM = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {name: team}
spec: {type: team, children: []}
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata: {name: ada}
spec: {profile: {email: ada@example.org}, memberOf: [team]}
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: person-api}
spec:
  type: openapi
  lifecycle: production
  owner: group:team
  definition: |
    openapi: 3.0.0
    info: {title: Person, version: "1"}
    paths: {}
---
"""
# A product that passes every rule on TODAY.
GOOD = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata: {name: person}
spec:
  type: service
  lifecycle: production
  owner: group:team
  phase: live
  licence: MIT
  repository: https://github.com/LBHackney-IT/person-api
  contacts: [{name: Ada, email: ada@example.org}]
  providesApis: [person-api]
  assessments: [{standard: service-standard, phase: live, date: 2024-06-01, outcome: met}]
  usedBy: [{organisation: City of London, evidence: verified}]
  outcomes:
    - objective: One record per resident
      keyResults:
        - {id: duplicates, metric: duplicate records, baseline: 900, target: 0, unit: records,
           due: 2027-01-01, measurements: [{date: 2026-03-02, value: 400}]}
"""
DECISION = """\
---
status: accepted
date: 2025-01-01
entities: [component:person]
review-by: 2026-06-01
---
# Use the Person API
"""


def card(tree, product: str = GOOD, decision: str | None = DECISION, settings: str = ""):
    files = {"catalog/a.yaml": TEAM + product}
    if decision is not None:
        files["decisions/0001-use-the-person-api.md"] = decision
    if settings:
        files["mkdocs.yml"] = "plugins:\n  - tda:\n" + settings
    catalogue = open_repository(tree(files))
    [entity] = catalogue.of_kind("component")
    return scorecard(catalogue, entity, TODAY)


def verdicts(result) -> dict[str, bool | None]:
    return {r.rule: r.verdict.passed for r in result.results}


def test_every_rule_has_default_settings() -> None:
    assert set(RULES) == set(SCORE_RULES)


def test_a_well_kept_product_passes_everything_and_is_gold(tree) -> None:
    result = card(tree)
    assert set(verdicts(result).values()) == {True}
    assert (result.level, result.score, result.failed) == ("gold", 100, [])


@pytest.mark.parametrize(
    ("rule", "old", "new", "detail"),
    [
        ("owner", "owner: group:team", "owner: group:nobody", "owner group:nobody is not"),
        (
            "open-source",
            "  repository: https://github.com/LBHackney-IT/person-api\n",
            "",
            "repository is not set",
        ),
        (
            "contact-email",
            "contacts: [{name: Ada, email: ada@example.org}]",
            "contacts: [{name: Ada}]",
            "no contact",
        ),
        ("assessment", "date: 2024-06-01", "date: 2024-05-31", "no assessment since 2024-06-01"),
        (
            "api-definition",
            "providesApis: [person-api]",
            "providesApis: [person-apx]",
            "api:person-apx is not in the catalogue",
        ),
        (
            "outcomes-measured",
            "date: 2026-03-02",
            "date: 2026-02-28",
            "no measurement since 2026-03-01; the last was 2026-02-28",
        ),
        ("adopters-evidenced", "evidence: verified", "evidence: self-declared", "none is verified"),
    ],
)
def test_each_product_rule_fails_with_a_reason_and_a_fix(tree, rule, old, new, detail) -> None:
    assert old in GOOD
    result = card(tree, GOOD.replace(old, new))
    [failed] = result.failed
    assert failed.rule == rule
    assert detail in failed.verdict.detail
    assert failed.fix


def test_contact_may_be_a_user_with_an_email(tree) -> None:
    product = GOOD.replace(
        "contacts: [{name: Ada, email: ada@example.org}]", "contacts: [user:ada]"
    )
    assert verdicts(card(tree, product))["contact-email"] is True


def test_decision_rules(tree) -> None:
    assert verdicts(card(tree, decision=None))["decision"] is False
    assert verdicts(card(tree, decision=None))["reviews-current"] is None
    late = DECISION.replace("review-by: 2026-06-01", "review-by: 2026-05-31")
    result = card(tree, decision=late)
    assert [r.rule for r in result.failed] == ["reviews-current"]
    assert "ADR-0001 (2026-05-31)" in result.failed[0].verdict.detail


def test_a_decision_about_its_system_counts(tree) -> None:
    product = GOOD.replace("owner: group:team\n  phase", "owner: group:team\n  system: sv\n  phase")
    system = "---\napiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: sv}\nspec: {owner: group:team}\n"
    decision = DECISION.replace("component:person", "system:sv")
    files_card = card(tree, product + system, decision)
    assert verdicts(files_card)["decision"] is True


def test_rules_that_do_not_apply_are_left_out_of_the_score(tree) -> None:
    product = GOOD.replace("phase: live", "phase: beta").replace("  licence: MIT\n", "")
    product = product.replace("  providesApis: [person-api]\n", "")
    result = verdicts(card(tree, product))
    assert [r for r, v in result.items() if v is None] == [
        "open-source",
        "assessment",
        "api-definition",
        "adopters-evidenced",
    ]


def test_an_invalid_openapi_definition_fails(tree) -> None:
    broken = TEAM.replace("openapi: 3.0.0\n", "swaggerish: 1\n")
    files = {"catalog/a.yaml": broken + GOOD, "decisions/0001-a.md": DECISION}
    catalogue = open_repository(tree(files))
    [entity] = catalogue.of_kind("component")
    [failed] = scorecard(catalogue, entity, TODAY).failed
    assert failed.verdict.detail == "api:person-api has a definition that names no openapi version"


def test_levels_need_every_lower_level_and_weights_set_the_score(tree) -> None:
    no_owner = GOOD.replace("owner: group:team", "owner: group:nobody")
    result = card(tree, no_owner)
    assert result.level is None  # a failed bronze rule, whatever else passes
    assert result.score == round(100 * (18 - 3) / 18)  # the owner rule weighs 3 of 18
    gold_only = card(tree, GOOD.replace("evidence: verified", "evidence: self-declared"))
    assert gold_only.level == "silver"


def test_settings_move_disable_and_weigh_rules(tree) -> None:
    product = GOOD.replace("evidence: verified", "evidence: self-declared")
    settings = "      scorecard:\n        adopters-evidenced: {level: bronze, weight: 10}\n"
    result = card(tree, product, settings=settings)
    assert (result.level, result.score) == (None, round(100 * 17 / 27))
    for written in ("false", "off", '"off"'):
        settings = f"      scorecard:\n        adopters-evidenced: {written}\n"
        off = card(tree, product, settings=settings)
        assert (off.level, off.score) == ("gold", 100)


def test_unknown_rule_in_settings_is_a_settings_finding(tree, cli) -> None:
    root = tree(
        {
            "catalog/a.yaml": TEAM + GOOD,
            "mkdocs.yml": "plugins:\n  - tda:\n      scorecard: {owners: {}}\n",
        }
    )
    result = cli("validate", "--root", root)
    assert "TDA011" in result.output and "unknown scorecard rules: owners" in result.output


def test_two_years_before_a_leap_day() -> None:
    assert two_years_before(dt.date(2028, 2, 29)) == dt.date(2026, 2, 28)


def test_score_command_text_and_json(tree, cli) -> None:
    root = tree({"catalog/a.yaml": TEAM + GOOD.replace("evidence: verified", "evidence: x")})
    result = cli("score", "--root", root, "--date", "2026-06-01")
    # an invalid adopter makes the product invalid: nothing to score
    assert result.output.strip() == "no products"
    root2 = tree({"catalog/a.yaml": TEAM + GOOD})
    text = cli("score", "person", "--root", root2, "--date", "2026-06-01").output
    assert text.startswith("component:person  bronze  88%  (team group:team)")
    assert "failed [silver] decision: no accepted decision binds it or its system" in text
    assert "fix: record a decision about it" in text
    data = json.loads(
        cli("score", "--root", root2, "--format", "json", "--date", "2026-06-01").output
    )
    [entry] = data["scorecards"]
    assert (entry["level"], entry["team"]) == ("bronze", "group:team")
    assert {r["rule"]: r["result"] for r in entry["rules"]}["reviews-current"] == "not applicable"


def test_validate_min_level_fails_below_the_level(tree, cli) -> None:
    root = tree({"catalog/a.yaml": TEAM + GOOD})  # no decision: silver fails
    assert cli("validate", "--root", root, "--min-level", "bronze").exit_code == 0
    result = cli("validate", "--root", root, "--min-level", "silver")
    assert result.exit_code == 1
    assert "error TDA710 component:person is at bronze, below silver: " in result.output
    assert "decision (no accepted decision binds it or its system)" in result.output
    assert "decision: record a decision about it" in result.output


def test_a_system_is_judged_on_the_apis_that_are_part_of_it(tree) -> None:
    files = {
        "catalog/a.yaml": TEAM.replace(
            "  owner: group:team\n  definition", "  owner: group:team\n  system: sv\n  definition"
        ).replace("    openapi: 3.0.0\n", "")
        + "apiVersion: backstage.io/v1alpha1\nkind: System\nmetadata: {name: sv}\nspec: {owner: group:team}\n"
    }
    catalogue = open_repository(tree(files))
    [system] = catalogue.of_kind("system")
    result = {r.rule: r.verdict for r in scorecard(catalogue, system, TODAY).results}
    assert result["api-definition"].passed is False
    assert (
        result["api-definition"].detail
        == "api:person-api has a definition that names no openapi version"
    )


def test_validate_min_level_needs_the_whole_catalogue(tree, cli) -> None:
    root = tree({"catalog/a.yaml": TEAM + GOOD})
    result = cli("validate", root / "catalog/a.yaml", "--root", root, "--min-level", "bronze")
    assert result.exit_code == 2
    assert "--min-level judges the whole catalogue; run it without PATHS" in result.output

"""The sample Hackney catalogue is complete enough to show every feature, and clean."""

from __future__ import annotations

from collections import Counter

from tda.config import load_config
from tda.repository import load_catalogue
from tests.conftest import REPO


def test_sample_is_valid_and_uses_every_kind() -> None:
    loaded = load_config(REPO)
    assert loaded.diagnostics == []
    catalogue = load_catalogue(REPO, loaded.config)
    assert [d for d in catalogue.diagnostics if str(d.severity) == "error"] == []
    kinds = Counter(entity.kind for entity in catalogue.entities.values())
    assert set(kinds) == {
        "Component",
        "API",
        "Resource",
        "System",
        "Domain",
        "Group",
        "User",
        "Location",
    }
    assert len(catalogue.entities) >= 40


def test_sample_fills_council_fields() -> None:
    catalogue = load_catalogue(REPO)
    fields = Counter(key for e in catalogue.entities.values() for key in e.spec)
    for name in (
        "phase",
        "licence",
        "repository",
        "usedBy",
        "basedOn",
        "alternativeTo",
        "contacts",
        "assessments",
        "publiccode",
    ):
        assert fields[name] > 0, name


def test_sample_has_outcomes_a_radar_and_an_outcomes_review(cli) -> None:
    import json

    catalogue = load_catalogue(REPO)
    with_outcomes = [e.ref.short() for e in catalogue.entities.values() if "outcomes" in e.spec]
    assert {"system:single-view", "system:find-support-services"} <= set(with_outcomes)
    report = json.loads(cli("outcomes", "--root", REPO, "--format", "json").output)
    targets = {row["ref"]: row["target"] for row in report["key_results"]}
    assert targets["system:single-view#call-time-saved"] == 189000
    radar = json.loads(cli("radar", "--root", REPO, "--format", "json").output)
    rings = {blip["name"]: blip["ring"] for blip in radar["blips"]}
    assert rings["Resident records kept by each product"] == "hold"  # ADR-0005 superseded 0003
    assert len(rings) >= 8
    items = [i for m in catalogue.governance.meetings for i in m.record.items]
    assert any(item.for_ == "outcomes" and item.notes for item in items)
    scores = json.loads(cli("score", "--root", REPO, "--format", "json").output)
    assert len(scores["scorecards"]) >= 30

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

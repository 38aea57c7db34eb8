"""Command-line values are parsed once, strictly, into the types the library takes."""

from __future__ import annotations

import datetime as dt

import click
import pytest

from tda.catalog.refs import EntityRef
from tda.options import DATE, DECISION_ID, KEY_VALUE, EntityRefType


def test_dates_are_iso_calendar_dates_only() -> None:
    assert DATE.convert("2025-05-16", None, None) == dt.date(2025, 5, 16)
    for text in ["2025-13-45", "05/16/2025", "16/05/2025", "2025-5-16", "", "2025-02-30"]:
        with pytest.raises(click.BadParameter):
            DATE.convert(text, None, None)


def test_decision_ids_are_normalised() -> None:
    assert DECISION_ID.convert("adr-7", None, None) == "ADR-0007"
    assert DECISION_ID.convert("12", None, None) == "ADR-0012"
    # Records in dialects without numbers go by their path.
    assert DECISION_ID.convert("area/choose-a-broker", None, None) == "area/choose-a-broker"
    for text in ["ADR-", "ADR-x", " "]:
        with pytest.raises(click.BadParameter):
            DECISION_ID.convert(text, None, None)


def test_key_value_splits_at_the_first_equals_sign() -> None:
    assert KEY_VALUE.convert("description=a=b", None, None) == ("description", "a=b")
    assert KEY_VALUE.convert("name=", None, None) == ("name", "")
    for text in ["novalue", "=x", " =x"]:
        with pytest.raises(click.BadParameter):
            KEY_VALUE.convert(text, None, None)


def test_entity_refs_take_the_option_kind_by_default() -> None:
    assert EntityRefType("user").convert("jane", None, None) == EntityRef("user", "default", "jane")
    assert EntityRefType().convert("API:Hackney/Person-API", None, None) == EntityRef(
        "api", "hackney", "person-api"
    )
    with pytest.raises(click.BadParameter):
        EntityRefType().convert("component:", None, None)

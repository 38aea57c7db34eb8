from __future__ import annotations

import pytest

from tda.catalog.refs import EntityRef, RefError, parse_ref


@pytest.mark.parametrize(
    ("text", "default_kind", "namespace", "expected"),
    [
        ("person-api", "API", "default", "api:default/person-api"),
        ("group:housing-products", "User", "default", "group:default/housing-products"),
        ("other/thing", "Component", "default", "component:other/thing"),
        ("Component:NS/Name", None, "default", "component:ns/name"),
        ("a/b/c", "Component", "default", "component:a/b/c"),
        ("ns/na:me", "Group", "default", "group:ns/na:me"),
        ("team", "Group", "hackney", "group:hackney/team"),
    ],
)
def test_parse_like_backstage(
    text: str, default_kind: str | None, namespace: str, expected: str
) -> None:
    ref = parse_ref(text, default_kind=default_kind, default_namespace=namespace)
    assert str(ref) == expected


@pytest.mark.parametrize("text", ["", "group:", ":name", "kind:/name", "artists-db", 42])
def test_malformed_or_kindless_references_fail(text: object) -> None:
    with pytest.raises(RefError):
        parse_ref(text)


def test_references_compare_without_case() -> None:
    assert parse_ref("Component:Default/Person-API") == parse_ref("component:person-api")
    assert EntityRef.of("Component", "Default", "Person-API") == EntityRef(
        "component", "default", "person-api"
    )
    assert EntityRef("group", "default", "tda").short() == "group:tda"
    assert EntityRef("group", "hackney", "tda").short() == "group:hackney/tda"

"""Relations both ways and the impact walk."""

from __future__ import annotations

import pytest

from tda.catalog.refs import parse_ref
from tda.repository import load_catalogue
from tests.conftest import REPO


@pytest.fixture(scope="module")
def sample():
    return load_catalogue(REPO)


def ref(text: str):
    return parse_ref(text)


def test_every_relation_exists_in_both_directions(sample) -> None:
    graph = sample.graph
    pairs = {
        "ownedBy": "ownerOf",
        "partOf": "hasPart",
        "providesApi": "apiProvidedBy",
        "consumesApi": "apiConsumedBy",
        "dependsOn": "dependencyOf",
        "memberOf": "hasMember",
        "childOf": "parentOf",
    }
    pairs.update({v: k for k, v in pairs.items()})
    seen = set()
    for source, edges in graph.outgoing.items():
        for type_, target in edges:
            assert (pairs[type_], source) in graph.outgoing[target]
            seen.add(type_)
    assert seen == set(pairs)


def test_consumers_of_the_person_api(sample) -> None:
    consumers = sample.graph.related(ref("api:person-api"), "apiConsumedBy")
    assert [r.name for r in consumers] == ["mtfh-frontend-common", "single-view-api"]


def test_dependents_are_transitive_and_bounded_by_depth(sample) -> None:
    everything = {r.name for r, _, _ in sample.graph.dependents(ref("component:person-api"))}
    assert {"mtfh-frontend-search", "single-view-frontend"} <= everything
    near = {r.name for r, _, _ in sample.graph.dependents(ref("component:person-api"), depth=1)}
    assert near == {"person-api"}  # only the API it provides


def test_group_membership_both_ways(sample) -> None:
    assert ref("user:tom.reilly") in sample.graph.related(ref("group:tda"), "hasMember")
    assert ref("group:tda") in sample.graph.related(ref("user:tom.reilly"), "memberOf")

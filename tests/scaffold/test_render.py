"""Backstage's `${{ }}` expressions in Jinja2's sandbox."""

from __future__ import annotations

import pytest

from tda.scaffold.render import RenderError, render_string, render_value

CONTEXT = {"parameters": {"name": "tenure-api", "count": 3, "tags": ["a", "b"], "flag": False}}


def test_a_string_that_is_one_expression_keeps_its_type() -> None:
    assert render_value("${{ parameters.count }}", CONTEXT) == 3
    assert render_value("${{ parameters.tags }}", CONTEXT) == ["a", "b"]
    assert render_value(" ${{ parameters.flag }} ", CONTEXT) is False
    assert render_value("n=${{ parameters.count }}", CONTEXT) == "n=3"
    assert render_value({"x": ["${{ parameters.name }}"]}, CONTEXT) == {"x": ["tenure-api"]}


def test_backstage_filters() -> None:
    ctx = {"url": "github.com?owner=LBHackney-IT&repo=person-api"}
    assert render_value("${{ url | parseRepoUrl }}", ctx) == {
        "host": "github.com",
        "owner": "LBHackney-IT",
        "repo": "person-api",
    }
    assert render_string("${{ url | projectSlug }}", ctx) == "LBHackney-IT/person-api"
    assert render_value("${{ 'group:ns/team' | parseEntityRef }}", {}) == {
        "kind": "group",
        "namespace": "ns",
        "name": "team",
    }
    assert render_value("${{ 'team' | parseEntityRef({'defaultKind': 'group'}) }}", {}) == {
        "kind": "group",
        "namespace": "default",
        "name": "team",
    }
    assert render_value("${{ parameters | pick('name') }}", CONTEXT) == "tenure-api"
    assert render_string("${{ parameters.tags | dump }}", CONTEXT) == '["a", "b"]'


def test_missing_values_render_empty_as_in_backstage() -> None:
    assert render_string("[${{ parameters.nothing.deeper }}]", CONTEXT) == "[]"
    assert render_value("${{ parameters.nothing }}", CONTEXT) is None


@pytest.mark.parametrize(
    "attack",
    [
        "${{ ''.__class__.__mro__[1].__subclasses__() }}",
        "${{ parameters.__class__ }}",
        "${{ cycler.__init__.__globals__ }}",
        "${{ (1).__class__.__base__ }}",
        "${{ ''.format.__globals__ }}",
        "${{ range(10**9) | list }}",
    ],
)
def test_the_sandbox_refuses_attribute_tricks(attack: str) -> None:
    with pytest.raises(RenderError) as raised:
        render_string(attack, CONTEXT)
    assert "sandbox" in str(raised.value) or "cannot render" in str(raised.value)

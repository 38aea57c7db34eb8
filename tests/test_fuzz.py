"""Mutated descriptors never crash the reader or the validator."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tda.catalog.validate import check_document
from tda.diagnostics import CODES
from tda.yamlio import Limits, read_yaml_text
from tests.conftest import REPO

SEEDS = [p.read_text() for p in sorted((REPO / "catalog").rglob("*.yaml"))][:6]
NOISE = [*":-[]{}&*!|>'\"#%@`,?\t\n ", "$text", "\x00", "é", "<<", "~", "null", "true"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "truncate"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        elif action == "duplicate-line":
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        else:
            text = text[:at]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_descriptors_give_findings_not_exceptions(text: str) -> None:
    parsed = read_yaml_text(text, "m.yaml")
    found = list(parsed.diagnostics)
    for doc in parsed.documents:
        found += check_document(doc, Path("catalog/m.yaml"), "m.yaml", Limits()).diagnostics
    for item in found:
        assert item.code in CODES
        assert item.file == "m.yaml"
        assert item.line is None or item.line >= 1


# A descriptor of every kind, each with every field it may hold, council fields included.
_COUNCIL = {
    "phase": "beta",
    "licence": "MIT",
    "repository": "https://github.com/LBHackney-IT/x",
    "usedBy": [{"organisation": "Camden", "since": "2020-01-01", "evidence": "verified"}],
    "basedOn": ["component:base", {"name": "Thing", "url": "https://x.org"}],
    "alternativeTo": ["A product"],
    "contacts": ["user:jane", {"name": "Team", "email": "t@example.org", "role": "owner"}],
    "assessments": [{"standard": "tcop", "phase": "beta", "date": "2024-01-01", "outcome": "met"}],
    "publiccode": {"categories": ["x"], "platforms": ["web"], "scope": ["y"]},
}
_METADATA = {
    "name": "thing",
    "namespace": "default",
    "title": "Thing",
    "description": "d",
    "labels": {"example.com/tier": "one"},
    "annotations": {"backstage.io/techdocs-ref": "dir:."},
    "tags": ["dotnet"],
    "links": [{"url": "https://x.org", "title": "t", "icon": "i", "type": "y"}],
}
_SPECS = {
    "Component": {
        "type": "service",
        "lifecycle": "production",
        "owner": "team",
        "system": "sys",
        "subcomponentOf": "other",
        "providesApis": ["a"],
        "consumesApis": ["b"],
        "dependsOn": ["resource:db"],
        "dependencyOf": ["component:other"],
        **_COUNCIL,
    },
    "API": {
        "type": "openapi",
        "lifecycle": "production",
        "owner": "team",
        "system": "sys",
        "definition": "openapi: 3.0.0",
        **_COUNCIL,
    },
    "Resource": {
        "type": "db",
        "owner": "team",
        "system": "sys",
        "dependsOn": ["component:c"],
        "dependencyOf": "component:d",
    },
    "System": {"owner": "team", "domain": "dom", "type": "product", **_COUNCIL},
    "Domain": {"owner": "team", "subdomainOf": "top", "type": "area"},
    "Group": {
        "type": "team",
        "profile": {"displayName": "T", "email": "t@x.org", "picture": "https://x.org/p"},
        "parent": "top",
        "children": ["child"],
        "members": ["jane"],
    },
    "User": {"profile": {"displayName": "J", "email": "j@x.org"}, "memberOf": ["team"]},
    "Location": {"type": "url", "target": "https://x.org/a.yaml", "targets": ["b.yaml"]},
    "Template": {
        "type": "service",
        "owner": "team",
        "lifecycle": "experimental",
        "parameters": [{"title": "t", "properties": {"name": {"type": "string"}}}],
        "steps": [
            {"id": "f", "name": "Fetch", "action": "fetch:template", "input": {}, "if": True}
        ],
        "output": {"links": []},
    },
}


def _descriptor(kind: str) -> dict:
    version = "scaffolder.backstage.io/v1beta3" if kind == "Template" else "backstage.io/v1alpha1"
    return {"apiVersion": version, "kind": kind, "metadata": dict(_METADATA), "spec": _SPECS[kind]}


def _paths(node, prefix=()):
    yield prefix
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _paths(value, (*prefix, key))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            yield from _paths(value, (*prefix, index))


_ODD_TEXT = st.sampled_from(
    [
        "",
        " ",
        "MIT AND",
        "(Apache-2.0) AND ()",
        "MIT/X11",
        "<a>",
        '"',
        "'",
        "a" * 300,
        "group:",
        ":",
        "/",
        "a:b:c/d/e",
        "$text",
        "https://[::1/",
        "http://1.2.3.256",
        "../../etc/passwd",
        "\u202e",
        "é",
        "null",
        "0",
        "LicenseRef-",
        "GPL",
    ]
) | st.text(max_size=30)
_SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**70), max_value=2**70)
    | st.floats(allow_nan=True, allow_infinity=True)
    | _ODD_TEXT
)
_ODD_VALUES = st.recursive(
    _SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3)
        | st.dictionaries(
            _ODD_TEXT | st.sampled_from(["$text", "$json", "$yaml", "url"]), inner, max_size=3
        )
    ),
    max_leaves=6,
)


@st.composite
def descriptor_with_one_odd_value(draw: st.DrawFn) -> str:
    import copy

    import yaml

    data = copy.deepcopy(_descriptor(draw(st.sampled_from(sorted(_SPECS)))))
    for _ in range(draw(st.integers(1, 3))):
        path = draw(st.sampled_from([path for path in _paths(data) if path]))
        node = data
        for step in path[:-1]:
            node = node[step]
        node[path[-1]] = draw(_ODD_VALUES)
    return yaml.safe_dump(data, allow_unicode=True, sort_keys=False)


@settings(max_examples=500, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(descriptor_with_one_odd_value())
def test_any_value_in_any_field_of_any_kind_gives_findings_not_faults(text: str) -> None:
    parsed = read_yaml_text(text, "m.yaml")
    found = list(parsed.diagnostics)
    for doc in parsed.documents:
        found += check_document(doc, Path("catalog/m.yaml"), "m.yaml", Limits()).diagnostics
    assert [item for item in found if item.code == "TDA115"] == []
    for item in found:
        assert item.code in CODES
        assert item.hint, item
        assert item.line is not None and item.line >= 1, item
        for internal in ("NoneType", "constrained-str", "function-after", "Input should be"):
            assert internal not in item.message, item


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(descriptor_with_one_odd_value(), min_size=1, max_size=4))
def test_odd_values_survive_the_catalogue_wide_checks_and_the_graph(texts: list[str]) -> None:
    import tempfile

    from tda.repository import load_catalogue

    with tempfile.TemporaryDirectory() as tmp:
        catalog = Path(tmp) / "catalog"
        catalog.mkdir()
        (catalog / "all.yaml").write_text("---\n".join(texts), encoding="utf-8")
        catalogue = load_catalogue(Path(tmp))
    assert [item for item in catalogue.diagnostics if item.code == "TDA115"] == []
    for ref in catalogue.entities:
        assert isinstance(catalogue.graph.relations(ref), list)

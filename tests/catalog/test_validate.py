"""One document in, Backstage's verdict out: each rule with a case that trips it."""

from __future__ import annotations

from pathlib import Path

import pytest

from tda.catalog.validate import check_document
from tda.yamlio import Limits, read_yaml_text

COMPONENT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: person-api
spec:
  type: service
  lifecycle: production
  owner: housing-products
"""


def check(text: str):
    doc = read_yaml_text(text, "c.yaml").documents[0]
    return check_document(doc, Path("c.yaml"), "c.yaml", Limits())


def found(text: str) -> list[tuple[str, int | None, int | None]]:
    return [(d.code, d.line, d.column) for d in check(text).diagnostics]


def test_a_valid_component_becomes_an_entity_with_its_references() -> None:
    result = check(COMPONENT)
    assert result.diagnostics == []
    assert str(result.entity.ref) == "component:default/person-api"
    assert [(r.field, str(r.target), r.path) for r in result.entity.refs] == [
        ("owner", "group:default/housing-products", ("spec", "owner"))
    ]


@pytest.mark.parametrize(
    ("old", "new", "expected"),
    [
        ("name: person-api", "name: person api", ("TDA104", 4, 9)),
        ("name: person-api", "name: " + "a" * 64, ("TDA104", 4, 9)),
        ("name: person-api", "name: p\n  namespace: Hackney", ("TDA105", 5, 14)),
        ("apiVersion: backstage.io/v1alpha1", "apiVersion: '1.0'", ("TDA102", 1, 13)),
        ("kind: Component", "kind: 9Component", ("TDA103", 2, 7)),
        ("kind: Component", "kind: Widget", ("TDA110", 2, 7)),
        ("kind: Component", "kind: component", ("TDA110", 2, 7)),
        ("name: person-api", "name: p\n  tags: [Java]", ("TDA108", 5, 10)),
        ("name: person-api", "name: p\n  labels: {'a/b/c': x}", ("TDA106", 5, 12)),
        ("name: person-api", "name: p\n  labels: {tier: 'not valid'}", ("TDA106", 5, 18)),
        ("name: person-api", "name: p\n  annotations: {'bad key!': x}", ("TDA107", 5, 17)),
        ("name: person-api", "name: p\n  annotations: {a: 1}", ("TDA107", 5, 20)),
        ("name: person-api", "name: p\n  links: [{url: 'not a url'}]", ("TDA109", 5, 17)),
        (
            "name: person-api",
            "name: p\n  links: [{url: 'https://x.org', title: ' '}]",
            ("TDA109", 5, 41),
        ),
        ("name: person-api", "name: p\n  title: ''", ("TDA114", 5, 10)),
        ("  owner: housing-products\n", "", ("TDA111", 6, 3)),
        ("lifecycle: production", "lifecycle: 3", ("TDA111", 7, 14)),
        (
            "owner: housing-products",
            "owner: housing-products\n  dependsOn: [artists-db]",
            ("TDA112", 9, 15),
        ),
        ("owner: housing-products", "owner: 'group:'", ("TDA112", 8, 10)),
    ],
)
def test_backstage_rules(old: str, new: str, expected: tuple[str, int, int]) -> None:
    text = COMPONENT.replace(old, new)
    assert text != COMPONENT
    assert expected in found(text)
    assert check(text).entity is None


def test_unknown_root_field_and_missing_metadata() -> None:
    assert ("TDA101", 9, 1) in found(COMPONENT + "relations: []\n")
    assert found("apiVersion: backstage.io/v1alpha1\nkind: Component\nspec: {}\n")[0][0] == "TDA101"


def test_extra_spec_and_metadata_fields_are_allowed_as_in_backstage() -> None:
    text = COMPONENT.replace("name: person-api", "name: p\n  custom: x") + "  anything: [1, 2]\n"
    assert found(text) == []


def test_every_kind_requires_its_own_spec_fields() -> None:
    group = (
        "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: team}\n"
    )
    api = COMPONENT.replace("Component", "API")
    user = "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: u}\nspec: {}\n"
    assert [c for c, *_ in found(group)] == ["TDA111"]
    assert "spec.definition is required for a API" in check(api).diagnostics[0].message
    assert [c for c, *_ in found(user)] == ["TDA111"]


def test_template_needs_v1beta3() -> None:
    old = "apiVersion: backstage.io/v1beta2\nkind: Template\nmetadata: {name: t}\nspec: {type: service, steps: []}\n"
    new = old.replace("backstage.io/v1beta2", "scaffolder.backstage.io/v1beta3")
    assert [c for c, *_ in found(old)] == ["TDA110"]
    assert found(new) == []


def test_document_that_is_not_a_mapping() -> None:
    assert found("- a\n- b\n") == [("TDA009", 1, 1)]


def test_document_without_apiversion_or_kind_is_skipped_with_a_warning() -> None:
    result = check("openapi: 3.0.0\n")
    assert result.not_an_entity and result.entity is None
    assert [d.code for d in result.diagnostics] == ["TDA010"]


@pytest.mark.parametrize(
    ("extra", "code"),
    [
        ("phase: production", "TDA301"),
        ("licence: Not-A-Licence", "TDA302"),
        ("licence: MIT ANDD GPL-3.0-only", "TDA302"),
        ("repository: git@github.com:x/y.git", "TDA303"),
        ("usedBy: [{organisation: Camden, since: last year}]", "TDA304"),
        ("usedBy: [{organisation: Camden, evidence: rumour}]", "TDA304"),
        ("usedBy: [{since: 2020-01-01}]", "TDA304"),
        ("basedOn: [{url: 'ftp://x'}]", "TDA305"),
        ("alternativeTo: product", "TDA305"),
        ("contacts: [{name: A, email: not-an-email}]", "TDA306"),
        ("assessments: [{standard: iso, phase: beta, date: 2024-01-01, outcome: met}]", "TDA307"),
        ("assessments: [{standard: tcop, phase: beta, date: 2024-13-01, outcome: met}]", "TDA307"),
        ("publiccode: {categories: [x], colour: red}", "TDA308"),
    ],
)
def test_council_fields_are_checked(extra: str, code: str) -> None:
    result = check(COMPONENT + f"  {extra}\n")
    assert {d.code for d in result.diagnostics} == {code}
    assert {d.line for d in result.diagnostics} == {9}


def test_valid_council_fields_pass() -> None:
    extra = """\
  phase: beta
  licence: MIT OR GPL-3.0-or-later
  repository: https://github.com/LBHackney-IT/person-api
  usedBy:
    - {organisation: City of London, since: 2020-09-01, evidence: verified, contact: a@b.org}
  basedOn: [component:lbh-base-api, {name: Thing, organisation: Camden, url: 'https://x.org'}]
  alternativeTo: [A supplier product]
  contacts: [user:tom.reilly, {name: Team, email: team@example.org, role: owner}]
  assessments:
    - {standard: service-standard, phase: alpha, date: 2021-02-03, outcome: met}
  publiccode: {categories: [it-development], platforms: [web], scope: [housing]}
"""
    assert found(COMPONENT + extra) == []


def test_placeholder_reads_a_file_beside_the_descriptor(tmp_path: Path) -> None:
    (tmp_path / "def.yaml").write_text("openapi: 3.0.0\n")
    api = COMPONENT.replace("Component", "API") + "  definition:\n    $text: ./def.yaml\n"
    doc = read_yaml_text(api, "a.yaml").documents[0]
    result = check_document(doc, tmp_path / "a.yaml", "a.yaml", Limits())
    assert result.diagnostics == []
    assert result.entity.spec["definition"] == "openapi: 3.0.0\n"
    missing = api.replace("def.yaml", "gone.yaml")
    doc = read_yaml_text(missing, "a.yaml").documents[0]
    result = check_document(doc, tmp_path / "a.yaml", "a.yaml", Limits())
    assert [(d.code, d.line) for d in result.diagnostics] == [("TDA113", 10)]


@pytest.mark.parametrize(
    "licence",
    [
        '"MIT AND"',
        '"MIT OR"',
        "MIT/X11",
        '"Apache License, Version 2.0"',
        '"(Apache-2.0) AND ()"',
        "'\"MIT\"'",
        "\"'MIT'\"",
        "<MIT>",
        "GPL",
        "5",
        "[MIT]",
        "null",
    ],
)
def test_any_licence_value_is_a_located_finding_and_the_others_still_come(licence: str) -> None:
    text = COMPONENT.replace("name: person-api", "name: person api") + f"  licence: {licence}\n"
    codes = found(text)
    assert ("TDA104", 4, 9) in codes
    if licence != "null":
        assert ("TDA302", 9, 12) in codes


def test_a_deprecated_licence_names_the_current_ids_in_its_hint() -> None:
    finding = check(COMPONENT + "  licence: GPL-2.0\n").diagnostics[0]
    assert finding.code == "TDA302"
    assert "deprecated" in finding.message
    assert finding.hint == "did you mean GPL-2.0-only or GPL-2.0-or-later?"
    bare = check(COMPONENT + "  licence: GPL\n").diagnostics[0]
    assert "GPL-3.0-or-later" in bare.hint


def test_a_licence_of_ones_own_is_written_licenceref() -> None:
    assert found(COMPONENT + "  licence: LicenseRef-Civica-Commercial\n") == []


def test_repository_must_be_https() -> None:
    assert found(COMPONENT + "  repository: http://github.com/x/y\n") == [("TDA303", 9, 15)]


def test_messages_speak_of_null_not_internal_type_names() -> None:
    text = COMPONENT.replace("name: person-api", "name: p\n  title: null\n  tags: [null]")
    messages = " ".join(d.message for d in check(text).diagnostics)
    assert "null" in messages
    for internal in ("NoneType", "constrained-str", "function-after"):
        assert internal not in messages


def test_every_finding_has_a_hint() -> None:
    text = COMPONENT.replace("name: person-api", "name: p\n  title: null\n  uid: 5")
    extra = "  basedOn: [5]\n  publiccode: {colour: red}\n  licence: GPL\n  system: null\n"
    result = check(text + extra)
    assert result.diagnostics
    assert all(d.hint for d in result.diagnostics)


def test_based_on_a_number_is_one_finding() -> None:
    assert found(COMPONENT + "  basedOn: [5]\n") == [("TDA305", 9, 13)]


API = COMPONENT.replace("Component", "API") + "  definition:\n    $text: {target}\n"


def check_api(folder: Path, target: str):
    doc = read_yaml_text(API.replace("{target}", target), "a.yaml").documents[0]
    return check_document(doc, folder / "catalog/a.yaml", "a.yaml", Limits(), root=folder)


@pytest.mark.parametrize("target", ["/etc/passwd", "../../secret.txt", "../../../../etc/hostname"])
def test_a_placeholder_outside_the_repository_is_an_error_and_is_never_read(
    tmp_path: Path, target: str
) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("the secret")
    result = check_api(repo, target)
    assert [(d.code, d.line) for d in result.diagnostics] == [("TDA113", 10)]
    assert result.entity is None
    assert result.placeholder_targets == []
    assert all("the secret" not in d.message for d in result.diagnostics)


def test_a_placeholder_through_a_symbolic_link_out_of_the_repository_is_not_read(
    tmp_path: Path,
) -> None:
    repo = tmp_path / "repo"
    (repo / "catalog").mkdir(parents=True)
    (tmp_path / "secret.txt").write_text("the secret")
    (repo / "catalog/def.yaml").symlink_to(tmp_path / "secret.txt")
    result = check_api(repo, "./def.yaml")
    assert [d.code for d in result.diagnostics] == ["TDA113"]
    assert "outside the repository" in result.diagnostics[0].message
    assert result.entity is None


def test_a_placeholder_inside_the_repository_but_above_the_descriptor_is_read(
    tmp_path: Path,
) -> None:
    (tmp_path / "catalog").mkdir()
    (tmp_path / "openapi.yaml").write_text("openapi: 3.0.0\n")
    result = check_api(tmp_path, "../openapi.yaml")
    assert result.diagnostics == []
    assert result.entity.spec["definition"] == "openapi: 3.0.0\n"


def test_a_placeholder_url_is_a_warning_and_is_not_fetched(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    result = check_api(tmp_path, "https://example.org/openapi.yaml")
    assert [(d.code, str(d.severity)) for d in result.diagnostics] == [("TDA116", "warning")]
    assert result.entity.spec["definition"] == "https://example.org/openapi.yaml"


def test_a_placeholder_outside_is_one_finding_and_the_rest_is_still_checked(tmp_path: Path) -> None:
    (tmp_path / "catalog").mkdir()
    text = API.replace("{target}", "/etc/passwd").replace("name: person-api", "name: a b")
    doc = read_yaml_text(text, "a.yaml").documents[0]
    result = check_document(doc, tmp_path / "catalog/a.yaml", "a.yaml", Limits(), root=tmp_path)
    assert [(d.code, d.line) for d in result.diagnostics] == [("TDA113", 10), ("TDA104", 4)]

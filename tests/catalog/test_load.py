"""Reading a catalogue from files: discovery, Locations, placeholders, duplicates."""

from __future__ import annotations

from tda.catalog.refs import EntityRef
from tda.config import TdaConfig
from tda.repository import load_catalogue

GROUP = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata: {{name: {name}}}
spec: {{type: team, children: []}}
"""


def test_reads_every_yaml_file_below_catalog_with_several_documents(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": GROUP.format(name="a") + "---\n" + GROUP.format(name="b"),
            "catalog/deep/c.yml": GROUP.format(name="c"),
            "catalog/notes.txt": "not yaml",
        }
    )
    catalogue = load_catalogue(root)
    assert sorted(r.name for r in catalogue.entities) == ["a", "b", "c"]
    assert catalogue.summary() == {
        "files": 2,
        "documents": 3,
        "entities": 3,
        "errors": 0,
        "warnings": 0,
    }


def test_location_targets_are_followed_relative_to_the_descriptor(tree) -> None:
    root = tree(
        {
            "catalog/all.yaml": """\
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: all}
                spec:
                  targets: [../elsewhere/one.yaml, ../more/*.yaml]
                """,
            "elsewhere/one.yaml": GROUP.format(name="one"),
            "more/two.yaml": GROUP.format(name="two"),
            "more/three.yaml": GROUP.format(name="three"),
        }
    )
    catalogue = load_catalogue(root)
    assert catalogue.diagnostics == []
    assert sorted(r.name for r in catalogue.entities) == ["all", "one", "three", "two"]


def test_missing_location_target_is_a_finding_unless_optional(tree) -> None:
    location = """\
        apiVersion: backstage.io/v1alpha1
        kind: Location
        metadata: {{name: {name}}}
        spec: {{target: ./gone.yaml{presence}}}
        """
    root = tree(
        {
            "catalog/a.yaml": location.format(name="a", presence=""),
            "catalog/b.yaml": location.format(name="b", presence=", presence: optional"),
        }
    )
    found = [(d.code, d.file, d.line, d.column) for d in load_catalogue(root).diagnostics]
    # At the target itself, not at the Location's first line.
    assert found == [("TDA206", str(root / "catalog/a.yaml"), 4, 16)]


def test_each_missing_target_of_a_list_is_located(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": """\
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: a}
                spec:
                  targets:
                    - ./a.yaml
                    - ./gone.yaml
                """
        }
    )
    found = [(d.code, d.line, d.column) for d in load_catalogue(root).diagnostics]
    assert found == [("TDA206", 7, 7)]


def test_a_location_loop_is_read_once(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": """\
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: a}
                spec: {target: ./a.yaml}
                """
        }
    )
    catalogue = load_catalogue(root)
    assert catalogue.files == 1 and catalogue.diagnostics == []


def test_definition_files_are_not_reported_as_non_entities(tree) -> None:
    root = tree(
        {
            "catalog/api.yaml": """\
                apiVersion: backstage.io/v1alpha1
                kind: API
                metadata: {name: x}
                spec: {type: openapi, lifecycle: production, owner: user:me, definition: {$text: ./x.openapi.yaml}}
                ---
                apiVersion: backstage.io/v1alpha1
                kind: User
                metadata: {name: me}
                spec: {memberOf: []}
                """,
            "catalog/x.openapi.yaml": "openapi: 3.0.0\n",
            "catalog/stray.yaml": "openapi: 3.0.0\n",
        }
    )
    found = [(d.code, d.file) for d in load_catalogue(root).diagnostics]
    assert found == [("TDA010", str(root / "catalog/stray.yaml"))]


def test_severity_can_be_changed_or_turned_off(tree) -> None:
    root = tree({"catalog/stray.yaml": "openapi: 3.0.0\n", "catalog/bad.yaml": "- 1\n"})
    config = TdaConfig(severity={"TDA010": "off", "TDA009": "warning"})
    found = [(d.code, str(d.severity)) for d in load_catalogue(root, config).diagnostics]
    assert found == [("TDA009", "warning")]


def test_reading_on_two_cores_gives_the_same_catalogue_as_one(tree) -> None:
    from tda.catalog.load import read_descriptors

    files = {
        f"catalog/part-{i // 50}/f{i:03d}.yaml": GROUP.format(name=f"g{i}" if i % 7 else "Bad Name")
        + ("---\nkind: [\n" if i % 13 == 0 else "")
        for i in range(240)
    }
    files["catalog/loc.yaml"] = """\
        apiVersion: backstage.io/v1alpha1
        kind: Location
        metadata: {name: loc}
        spec: {targets: [./part-0/f001.yaml, ../extra/x.yaml]}
        """
    files["extra/x.yaml"] = GROUP.format(name="extra")
    files["catalog/part-4/z-api.yaml"] = """\
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata: {name: z-api}
        spec:
          type: openapi
          lifecycle: production
          owner: g1
          definition: {$text: ./z-api.json}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: z-service}
        spec: {type: service, lifecycle: production, owner: g1, providesApis: [z-api],
               dependsOn: [component:g2]}
        """
    files["catalog/part-4/z-api.json"] = "{}"
    root = tree(files)
    config = TdaConfig()
    one = read_descriptors(root, config, workers=1)
    two = read_descriptors(root, config, workers=2)
    assert list(two.entities.values()) == list(one.entities.values())
    assert two.flawed == one.flawed and len(one.flawed) == len(range(0, 240, 7))
    service = two.entities[EntityRef("component", "default", "z-service")]
    assert [ref.target.name for ref in service.refs] == ["g1", "z-api", "g2"]
    assert service.source == root / "catalog/part-4/z-api.yaml"
    assert service.position(("spec", "dependsOn", 0)) == (14, 20)
    assert two.problems == one.problems
    assert (two.files, two.documents) == (one.files, one.documents)
    assert one.files == 243
    assert len(one.entities) == 240 - len(range(0, 240, 7)) + 4
    assert {p.code for p in one.problems} == {"TDA104", "TDA004"}


def test_a_location_target_the_system_cannot_name_is_a_finding_not_a_crash(tree) -> None:
    root = tree(
        {
            "catalog/a.yaml": """\
                apiVersion: backstage.io/v1alpha1
                kind: Location
                metadata: {name: a}
                spec:
                  targets: ["./bad\\0name.yaml", "./[.yaml"]
                """
        }
    )
    found = [(d.code, d.line, d.column) for d in load_catalogue(root).diagnostics]
    assert found == [("TDA206", 5, 13), ("TDA206", 5, 33)]


def test_a_secret_outside_the_repository_never_reaches_the_catalogue(tree, tmp_path) -> None:
    secret = tmp_path.parent / f"{tmp_path.name}-secret.txt"
    secret.write_text("the secret")
    api = """\
        apiVersion: backstage.io/v1alpha1
        kind: API
        metadata: {{name: {name}}}
        spec:
          type: openapi
          lifecycle: production
          owner: user:me
          definition: {{$text: '{target}'}}
        """
    root = tree(
        {
            "catalog/a.yaml": api.format(name="a", target=f"../../{secret.name}"),
            "catalog/b.yaml": api.format(name="b", target=str(secret)),
            "catalog/link.yaml": api.format(name="c", target="./linked.txt"),
        }
    )
    (root / "catalog/linked.txt").symlink_to(secret)
    catalogue = load_catalogue(root)
    assert [d.code for d in catalogue.diagnostics if d.code == "TDA113"] == ["TDA113"] * 3
    assert catalogue.entities == {}
    assert all("the secret" not in d.message for d in catalogue.diagnostics)

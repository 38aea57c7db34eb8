"""`tda import publiccode`: other bodies' files become descriptors, checked, never overwriting."""

from __future__ import annotations

from pathlib import Path

import yaml

from tda.repository import open_repository

from ..conftest import snapshot_files, write_tree
from .test_publiccode_check import VALID


def catalogue_root(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "council",
        {
            "catalog/team.yaml": """\
                apiVersion: backstage.io/v1alpha1
                kind: Group
                metadata: {name: highways}
                spec: {type: team, children: []}
            """,
        },
    )


def files(tmp_path: Path, **texts: str) -> list[Path]:
    paths = []
    for name, text in texts.items():
        path = tmp_path / "in" / name / "publiccode.yml"
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        paths.append(path)
    return paths


def test_import_writes_valid_descriptors(tmp_path: Path, cli) -> None:
    root = catalogue_root(tmp_path)
    text = (
        VALID
        + "usedBy: [Example Borough]\norganisation: {uri: 'https://example.gov.uk', name: Example Council}\n"
    )
    (source,) = files(tmp_path, pothole=text)
    result = cli("import", "publiccode", source, "--namespace", "example", "--root", root)
    assert result.exit_code == 0, result.output
    written = root / "catalog/imported/example/report-a-pothole.yaml"
    component, group = yaml.safe_load_all(written.read_text())
    assert component["metadata"]["namespace"] == "example"
    assert component["spec"]["phase"] == "live"
    assert component["spec"]["licence"] == "MIT"
    assert component["spec"]["usedBy"] == [
        {"organisation": "Example Borough", "evidence": "self-declared"}
    ]
    assert component["spec"]["contacts"] == [{"name": "Ada Lovelace"}]
    assert component["spec"]["owner"] == "group:example/example-council"
    assert group["metadata"]["title"] == "Example Council"
    catalogue = open_repository(root)
    assert not catalogue.has_errors, catalogue.diagnostics


def test_an_invalid_file_imports_nothing(tmp_path: Path, cli) -> None:
    root = catalogue_root(tmp_path)
    good, bad = files(tmp_path, good=VALID, bad=VALID.replace("license: MIT", "license: nope"))
    before = snapshot_files(root)
    result = cli("import", "publiccode", good, bad, "--root", root)
    assert result.exit_code == 1
    assert "TDA804" in result.output and "legal.license" in result.output
    assert snapshot_files(root) == before


def test_import_never_overwrites(tmp_path: Path, cli) -> None:
    root = catalogue_root(tmp_path)
    (source,) = files(tmp_path, pothole=VALID)
    assert cli("import", "publiccode", source, "--root", root).exit_code == 0
    before = snapshot_files(root)
    again = cli("import", "publiccode", source, "--root", root)
    assert again.exit_code == 2 and "already in the catalogue" in again.output
    assert snapshot_files(root) == before


def test_two_products_of_one_body_share_one_group(tmp_path: Path, cli) -> None:
    root = catalogue_root(tmp_path)
    owner = "legal:\n  license: MIT\n  mainCopyrightOwner: Example Council\n"
    first = VALID.replace("legal:\n  license: MIT\n", owner)
    second = first.replace("report-a-pothole", "bulky-waste")
    sources = files(tmp_path, a=first, b=second)
    result = cli("import", "publiccode", *sources, "--root", root)
    assert result.exit_code == 0, result.output
    assert not open_repository(root).has_errors


def test_a_bad_namespace_is_a_usage_error(tmp_path: Path, cli) -> None:
    (source,) = files(tmp_path, pothole=VALID)
    result = cli(
        "import", "publiccode", source, "--namespace", "Not OK", "--root", catalogue_root(tmp_path)
    )
    assert result.exit_code == 2 and "not a namespace" in result.output

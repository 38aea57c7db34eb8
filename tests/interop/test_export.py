"""`tda export publiccode` and `tda export backstage`: the exports pass their own checkers."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from pathlib import Path

import pytest
import yaml

from tda.interop.export import (
    ANNOTATION_FILE,
    check_backstage_export,
    export_backstage,
    exportable_products,
)
from tda.interop.publiccode_check import Verdict, check_text
from tda.repository import open_repository

from ..conftest import REPO, SHARED, write_tree

PRODUCT = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: report-a-pothole
  title: Report a pothole
  description: Residents report potholes with a photo and a map pin; the highways team sees every report on one board.
  tags: [digital-citizenship, dotnet]
  links:
    - url: https://potholes.example.gov.uk
      type: website
spec:
  type: website
  lifecycle: production
  owner: highways
  phase: live
  licence: MIT
  repository: https://github.com/example/report-a-pothole
  contacts: [user:ada]
  usedBy:
    - organisation: Example Borough
      evidence: self-declared
  publiccode:
    features: [Report with a photo, See the repair date]
    longDescription: >-
      Residents report potholes with a photo and a map pin. The highways team sees every report on
      one board, sends a crew, and the resident is told when the road is repaired. Built to share.
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: highways
spec:
  type: team
  children: []
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: ada
spec:
  profile: {displayName: Ada Lovelace, email: ada@example.gov.uk}
  memberOf: [highways]
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: potholes-api
spec:
  type: openapi
  lifecycle: production
  owner: highways
  definition:
    $text: ./potholes.openapi.yaml
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: roads-api
spec:
  type: openapi
  lifecycle: production
  owner: highways
  definition:
    $text: https://roads.example.gov.uk/openapi.yaml
---
apiVersion: backstage.io/v1alpha1
kind: Location
metadata:
  name: more
spec:
  type: file
  targets: [./more/*.yaml]
"""

OPENAPI = "openapi: 3.0.1\ninfo: {title: Potholes, version: v1}\npaths: {}\n"


@pytest.fixture
def council(tmp_path: Path) -> Path:
    return write_tree(
        tmp_path / "council",
        {
            "catalog/products.yaml": PRODUCT,
            "catalog/potholes.openapi.yaml": OPENAPI,
            "catalog/more/empty.yaml": "# nothing yet\n",
            "mkdocs.yml": "site_name: x\nplugins:\n  - tda:\n      organisation: Example Council\n",
        },
    )


def test_publiccode_export_passes_the_checker(council: Path, cli) -> None:
    result = cli("export", "publiccode", "report-a-pothole", "--root", council)
    assert result.exit_code == 0, result.output
    report = check_text(result.output, "publiccode.yml")
    assert report.verdict is Verdict.WARNINGS  # 0.4 is not the latest version: a warning only
    assert [d.code for d in report.diagnostics] == ["TDA805"]
    data = yaml.safe_load(result.output)
    assert data["publiccodeYmlVersion"] == "0.4"
    assert data["url"] == "https://github.com/example/report-a-pothole"
    assert data["developmentStatus"] == "stable"
    assert data["softwareType"] == "standalone/web"
    assert data["categories"] == ["digital-citizenship"]
    assert data["landingURL"] == "https://potholes.example.gov.uk"
    assert data["usedBy"] == ["Example Borough"]
    assert data["legal"] == {"license": "MIT", "mainCopyrightOwner": "Example Council"}
    assert data["maintenance"]["contacts"] == [
        {"name": "Ada Lovelace", "email": "ada@example.gov.uk"}
    ]


def test_publiccode_export_names_what_is_missing(council: Path, cli) -> None:
    text = (council / "catalog/products.yaml").read_text().replace("  licence: MIT\n", "")
    (council / "catalog/products.yaml").write_text(text)
    result = cli("export", "publiccode", "report-a-pothole", "--root", council)
    assert result.exit_code == 1
    assert "spec.licence is missing" in result.output


def test_publiccode_export_refuses_other_kinds_and_unknown_refs(council: Path, cli) -> None:
    assert (
        "publiccode.yml describes"
        in cli("export", "publiccode", "group:highways", "--root", council).output
    )
    unknown = cli("export", "publiccode", "report-a-potole", "--root", council)
    assert unknown.exit_code == 2 and "did you mean component:report-a-pothole" in unknown.output


def test_output_file_is_never_overwritten_without_force(council: Path, cli) -> None:
    target = council / "publiccode.yml"
    target.write_text("mine\n")
    result = cli("export", "publiccode", "report-a-pothole", "--root", council, "--output", target)
    assert result.exit_code == 2 and target.read_text() == "mine\n"
    forced = cli(
        "export", "publiccode", "report-a-pothole", "--root", council, "--output", target, "--force"
    )
    assert forced.exit_code == 0 and target.read_text().startswith("publiccodeYmlVersion")


def test_backstage_export_keeps_fields_and_handles_placeholders(council: Path) -> None:
    catalogue = open_repository(council)
    documents = list(yaml.safe_load_all(export_backstage(catalogue)))
    by_name = {d["metadata"]["name"]: d for d in documents}
    assert "more" not in by_name  # a file Location: its targets are exported in its place
    product = by_name["report-a-pothole"]
    assert product["spec"]["phase"] == "live" and product["spec"]["licence"] == "MIT"
    assert product["metadata"]["annotations"][ANNOTATION_FILE] == "catalog/products.yaml"
    assert by_name["potholes-api"]["spec"]["definition"] == OPENAPI
    assert by_name["roads-api"]["spec"]["definition"] == {
        "$text": "https://roads.example.gov.uk/openapi.yaml"
    }


def test_backstage_export_of_this_repository_passes_tda_rules() -> None:
    catalogue = open_repository(REPO)
    text = export_backstage(catalogue)
    assert check_backstage_export(text) == []
    assert text.count("\n---\n") + 1 >= len(catalogue.entities) - len(catalogue.of_kind("location"))
    assert exportable_products(catalogue)


@pytest.fixture(scope="module")
def oracle(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return _oracle(tmp_path_factory.mktemp("oracle"))


def _run_oracle(oracle: Path, export: Path) -> None:
    done = subprocess.run(
        ["node", "validate.mjs", "--relations", str(export)],
        cwd=oracle,
        capture_output=True,
        text=True,
        timeout=300,
    )
    rows = [json.loads(line) for line in done.stdout.splitlines() if line.startswith("{")]
    bad = [row for row in rows if row.get("ok") is not True]
    assert rows and not bad, bad[:3]
    assert done.returncode == 0


def test_backstage_ingests_a_harvested_catalogue(tmp_path: Path, oracle: Path, cli) -> None:
    from tests.interop.test_harvest import Council, national, product

    camden = Council(tmp_path, "camden", {"catalog/p.yaml": product("report-a-pothole")})
    root = national(tmp_path, {"camden": camden})
    assert cli("harvest", "--root", root).exit_code == 0
    export = tmp_path / "export.yaml"
    assert cli("export", "backstage", "--root", root, "--output", export).exit_code == 0
    documents = list(yaml.safe_load_all(export.read_text()))
    pothole = next(d for d in documents if d["metadata"]["name"] == "report-a-pothole")
    assert pothole["metadata"]["namespace"] == "camden"
    assert pothole["metadata"]["annotations"]["tda/source-repository"] == camden.url
    _run_oracle(oracle, export)


def test_an_empty_catalogue_is_not_exported(tmp_path: Path, cli) -> None:
    (tmp_path / "catalog").mkdir()
    result = cli("export", "backstage", "--root", tmp_path)
    assert result.exit_code == 2 and "no entities" in result.output


def _oracle(tmp_path: Path) -> Path:
    oracle = SHARED / "oracle"
    if not oracle.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{oracle} is missing; CI must run beside ../shared")
        pytest.skip("../shared/oracle is not present")
    if shutil.which("node") is None or shutil.which("npm") is None:
        pytest.skip("Node.js and npm are not installed, so Backstage's validator cannot run")
    copy = tmp_path / "oracle"
    shutil.copytree(oracle, copy, ignore=shutil.ignore_patterns("node_modules"))
    done = subprocess.run(
        ["npm", "ci", "--silent", "--no-audit", "--no-fund"],
        cwd=copy,
        capture_output=True,
        text=True,
        timeout=600,
    )
    if done.returncode != 0:
        if os.environ.get("CI") == "true":
            pytest.fail(f"npm ci failed in the oracle: {done.stderr[-500:]}")
        pytest.skip(f"npm ci failed (no registry?): {done.stderr[-200:]}")
    return copy


def test_backstage_ingests_the_export(tmp_path: Path, oracle: Path) -> None:
    export = tmp_path / "export.yaml"
    export.write_text(export_backstage(open_repository(REPO)), encoding="utf-8")
    _run_oracle(oracle, export)


def test_an_unknown_scope_is_named_not_dropped(council: Path, cli) -> None:
    path = council / "catalog/products.yaml"
    path.write_text(
        path.read_text().replace("  publiccode:\n", "  publiccode:\n    scope: [housing]\n")
    )
    result = cli("export", "publiccode", "report-a-pothole", "--root", council)
    assert result.exit_code == 1
    assert "spec.publiccode.scope has housing, not a publiccode scope" in result.output

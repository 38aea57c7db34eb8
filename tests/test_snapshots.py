"""Reviewed snapshots of what users read: every command's --help, and validate's output.

A change to any of these is a change to the interface: update them on purpose
(`TDA_UPDATE_SNAPSHOTS=1`) and read the diff.
"""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from tda.cli import main
from tests.conftest import assert_snapshot, write_tree
from tests.test_docs import ALL_COMMANDS

# A small catalogue with one finding of each common sort, fixed so the output is too.
FIXED_TREE = {
    "catalog/teams.yaml": """\
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata:
          name: housing-products
        spec:
          type: team
          children: []
        """,
    "catalog/person-api.yaml": """\
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: person-api
          tags: [Dotnet]
        spec:
          type: service
          lifecycle: production
          owner: group:housing
          phase: live
          licence: MIT
        """,
    "catalog/broken.yaml": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: [x\n",
}

GROUPS = sorted({" ".join(path.split()[:-1]) for path, _ in ALL_COMMANDS} | {"tda"})


def help_text(path: str) -> str:
    args = [*path.split()[1:], "--help"]
    result = CliRunner().invoke(main, args, prog_name="tda", terminal_width=100)
    assert result.exit_code == 0, result.output
    return result.output


@pytest.mark.parametrize("path", [p for p, _ in ALL_COMMANDS] + GROUPS)
def test_help(path: str) -> None:
    assert_snapshot(f"help/{path.replace(' ', '-')}.txt", help_text(path))


@pytest.fixture
def fixed_catalogue(tmp_path, monkeypatch):
    root = write_tree(tmp_path, FIXED_TREE)
    monkeypatch.chdir(root)
    return root


def test_validate_text(fixed_catalogue) -> None:
    result = CliRunner().invoke(main, ["validate"], prog_name="tda")
    assert result.exit_code == 1
    assert_snapshot("validate.txt", result.output)


def test_validate_json(fixed_catalogue) -> None:
    result = CliRunner().invoke(main, ["validate", "--format", "json"], prog_name="tda")
    assert result.exit_code == 1
    json.loads(result.output)
    assert_snapshot("validate.json", result.output)

"""The adr and import commands as a user runs them."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import REPO, commit_all, snapshot_files, write_tree

CATALOG = {
    "mkdocs.yml": "site_name: t\nplugins:\n  - tda:\n      review_required: []\n",
    "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: person-api}\n"
    "spec: {type: service, lifecycle: production, owner: user:me}\n---\n"
    "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: me}\nspec: {memberOf: []}\n",
    "decisions/0001-old.md": "---\nstatus: accepted\ndate: 2020-01-01\nentities: [component:person-api]\n---\n# Old\n",
}


def test_adr_list_json_of_the_sample(cli) -> None:
    result = cli(
        "adr",
        "list",
        "--root",
        REPO,
        "--format",
        "json",
        "--status",
        "accepted",
        "--for",
        "api:person-api",
    )
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert [d["id"] for d in payload["decisions"]] == ["ADR-0005"]
    first = payload["decisions"][0]
    assert set(first) == {
        "id",
        "number",
        "title",
        "status",
        "status_text",
        "date",
        "file",
        "dialect",
        "entities",
    }
    assert (first["number"], first["status"], first["date"], first["dialect"]) == (
        5,
        "accepted",
        "2021-03-02",
        "madr",
    )
    assert payload["skipped"] == []


def test_adr_list_of_a_foreign_folder_in_place(cli, corpus: Path) -> None:
    folder = corpus / "hackney/LBHackney-IT__lbh-adrs"
    before = snapshot_files(folder)
    result = cli("adr", "list", folder, "--format", "json")
    payload = json.loads(result.output)
    assert len(payload["decisions"]) == 32 and len(payload["skipped"]) == 5
    assert {s["reason"] for s in payload["skipped"]} == {
        "a README, not a decision",
        "a template, not a decision",
    }
    assert snapshot_files(folder) == before


def test_adr_list_rejects_unknown_status(cli) -> None:
    result = cli("adr", "list", "--root", REPO, "--status", "approved")
    assert result.exit_code == 2 and "--status" in result.output and "approved" in result.output


def test_adr_new_validates_entities_and_writes_the_next_number(cli, tree) -> None:
    root = tree(CATALOG)
    bad = cli("adr", "new", "Use X", "--for", "component:person-apy", "--root", root)
    assert bad.exit_code == 2 and "did you mean component:person-api?" in bad.output
    assert sorted(p.name for p in (root / "decisions").iterdir()) == ["0001-old.md"]
    good = cli(
        "adr",
        "new",
        "Use X",
        "--for",
        "person-api",
        "--supersedes",
        "ADR-1",
        "--date",
        "2026-03-02",
        "--root",
        root,
    )
    assert good.exit_code == 0, good.output
    assert good.output.strip().endswith("0002-use-x.md")
    assert cli("validate", "--root", root).exit_code == 0
    shown = cli("adr", "show", "ADR-2", "--root", root)
    assert "supersedes: ADR-0001  Old [accepted]" in shown.output
    assert "binds:\n  component:person-api  person-api" in shown.output


def test_adr_supersede_both_files(cli, tree) -> None:
    root = tree(
        {**CATALOG, "decisions/0002-new.md": "---\nstatus: proposed\nentities: []\n---\n# New\n"}
    )
    result = cli("adr", "supersede", "ADR-1", "ADR-2", "--root", root)
    assert result.exit_code == 0, result.output
    assert cli("validate", "--root", root).exit_code == 0
    missing = cli("adr", "supersede", "ADR-1", "ADR-7", "--root", root)
    assert missing.exit_code == 2 and "ADR-0007 is not a decision" in missing.output


def test_adr_show_with_history(cli, git_repo, tmp_path: Path) -> None:
    write_tree(tmp_path, CATALOG)
    commit_all(git_repo, "record", "2026-02-03T10:00:00+00:00")
    result = cli("adr", "show", "ADR-1", "--root", tmp_path)
    assert result.exit_code == 0
    assert "created:    2026-02-03 by Ada Reviewer" in result.output
    assert "status set: accepted on 2026-02-03" in result.output
    assert "date:       2020-01-01" in result.output


def test_adr_show_outside_git_and_unknown_id(cli, tree) -> None:
    root = tree(CATALOG)
    assert "not in a git repository" in cli("adr", "show", "1", "--root", root).output
    assert cli("adr", "show", "ADR-9", "--root", root).exit_code == 2


def test_adr_renumber_command(cli, git_repo, tmp_path: Path) -> None:
    write_tree(tmp_path, {**CATALOG, "decisions/0002-a.md": "---\nstatus: proposed\n---\n# A\n"})
    commit_all(git_repo, "a", "2026-01-01T10:00:00+00:00")
    write_tree(tmp_path, {"decisions/0002-b.md": "---\nstatus: proposed\n---\n# B\n"})
    commit_all(git_repo, "b", "2026-01-02T10:00:00+00:00")
    result = cli("adr", "renumber", "--root", tmp_path)
    assert result.exit_code == 0
    assert "ADR-0002 -> ADR-0003: 0002-b.md -> 0003-b.md" in result.output
    assert cli("validate", "--root", tmp_path).exit_code == 0
    assert "nothing to do" in cli("adr", "renumber", "--root", tmp_path).output


def test_import_adr_never_overwrites(cli, tree, corpus: Path) -> None:
    root = tree({"decisions/.keep": ""})
    source = corpus / "adr/LBHackney-IT__Data-Platform-Playbook"
    result = cli("import", "adr", source, "--root", root)
    assert result.exit_code == 0, result.output
    assert "16 imported, 0 skipped" in result.output
    assert "was ADR-0012, now ADR-0016" in result.output
    before = snapshot_files(root)
    again = cli("import", "adr", source, "--into", root / "decisions", "--root", root)
    assert again.exit_code == 0  # numbers are taken, so it imports alongside with new numbers
    assert "ADR-0017" in again.output
    assert all(before[name] == (root / name).read_bytes() for name in before)


def test_graph_of_a_decision(cli) -> None:
    result = cli("graph", "ADR-5", "--root", REPO, "--format", "json")
    payload = json.loads(result.output)
    assert payload["decision"] == "ADR-0005"
    assert "component:default/person-api" in payload["binds"]
    affected = {item["ref"] for item in payload["affected"]}
    assert "component:default/single-view-frontend" in affected
    assert "component:default/tenure-api" in affected  # part of the bound system
    text = cli("graph", "component:person-api", "--root", REPO).output
    assert "ADR-0005  [accepted]  Use the Person API" in text

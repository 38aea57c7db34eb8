"""Running templates: every shipped one, and every way a run must refuse to write."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tda.catalog.template import read_template
from tda.repository import load_catalogue
from tda.scaffold.params import errors, missing, with_defaults
from tda.scaffold.run import Options, ScaffoldError, scaffold
from tests.conftest import REPO, snapshot_files, write_tree

FIXED = {
    "dotnet-lambda-api": {
        "name": "tenure-history-api",
        "description": "Keeps the history of tenures.",
        "owner": "group:housing-products",
        "system": "manage-my-home",
    },
    "typescript-frontend": {
        "name": "mtfh-frontend-tenure",
        "description": "The tenure page of Manage My Home.",
        "owner": "group:housing-products",
        "consumesApis": ["tenure-api"],
        "docker": True,
    },
    "product-record": {
        "name": "parking-permits",
        "title": "Parking permits",
        "description": "Residents apply for parking permits.",
        "owner": "group:customer-services",
        "supplier": "Permits Ltd",
        "licence": "LicenseRef-Permits-Ltd-Terms",
    },
}


@pytest.fixture
def catalogue_copy(tmp_path: Path) -> Path:
    """The sample catalogue, copied, so scaffolding can register into it."""
    import shutil

    root = tmp_path / "council"
    for name in ("catalog", "decisions", "templates", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


def validate(root: Path) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "tda", "validate", "--root", str(root)],
        capture_output=True,
        text=True,
        check=False,
    )


@pytest.mark.parametrize("name", sorted(FIXED))
def test_every_shipped_template_makes_a_valid_registered_result(
    catalogue_copy: Path, tmp_path: Path, name: str
) -> None:
    catalogue = load_catalogue(catalogue_copy)
    [template] = [t for t in catalogue.templates if t.name == name]
    values = with_defaults(template, FIXED[name])
    assert missing(template, values) == [] and errors(template, values) == []
    output = tmp_path / "out" / FIXED[name]["name"]
    if template.default_output:
        output = catalogue_copy / "catalog/products" / FIXED[name]["name"]
    outcome = scaffold(template, values, catalogue, Options(output))
    assert (output / outcome.files[0]).is_file()
    after = validate(catalogue_copy)
    assert after.returncode == 0, after.stdout
    if name == "product-record":
        assert "0 errors" in after.stdout and outcome.decisions
        assert outcome.decisions[0].name.startswith("0018-")
        return
    # a service: its own repository, valid as it stands, with exactly one commit
    alone = validate(output)
    assert alone.returncode == 0, alone.stdout
    log = subprocess.run(
        ["git", "-C", str(output), "log", "--oneline"], capture_output=True, text=True, check=True
    )
    assert len(log.stdout.splitlines()) == 1
    assert (output / "decisions").is_dir() and (output / "catalog-info.yaml").is_file()
    registered = catalogue_copy / "catalog/registered" / f"{FIXED[name]['name']}.yaml"
    assert registered.is_file()
    refs = load_catalogue(catalogue_copy).entities
    assert any(r.name == FIXED[name]["name"] for r in refs)


def test_file_names_render_and_empty_names_are_skipped(
    catalogue_copy: Path, tmp_path: Path
) -> None:
    catalogue = load_catalogue(catalogue_copy)
    [template] = [t for t in catalogue.templates if t.name == "dotnet-lambda-api"]
    values = with_defaults(template, {**FIXED["dotnet-lambda-api"], "database": "none"})
    outcome = scaffold(template, values, catalogue, Options(tmp_path / "api", dry_run=True))
    assert "src/TenureHistoryApi/TenureHistoryApi.csproj" in outcome.files
    assert "dynamodb.tf" not in outcome.files
    assert not (tmp_path / "api").exists()
    assert not (catalogue_copy / "catalog/registered").exists()


def test_github_expressions_are_copied_verbatim(catalogue_copy: Path, tmp_path: Path) -> None:
    catalogue = load_catalogue(catalogue_copy)
    [template] = [t for t in catalogue.templates if t.name == "dotnet-lambda-api"]
    output = tmp_path / "api"
    scaffold(
        template, with_defaults(template, FIXED["dotnet-lambda-api"]), catalogue, Options(output)
    )
    assert "${{ github.sha }}" in (output / ".github/workflows/ci.yml").read_text()


def make_template(root: Path, skeleton: dict[str, str], steps: str | None = None) -> Path:
    steps = (
        steps
        or "    - id: fetch\n      action: fetch:template\n      input: {url: ./skeleton, values: {name: '${{ parameters.name }}'}}\n"
    )
    files = {
        "templates/t/template.yaml": "apiVersion: scaffolder.backstage.io/v1beta3\nkind: Template\nmetadata: {name: t}\n"
        "spec:\n  type: service\n  parameters:\n    - required: [name]\n      properties: {name: {type: string}}\n  steps:\n"
        + steps,
        "catalog/.keep": "",
    }
    files.update({f"templates/t/skeleton/{k}": v for k, v in skeleton.items()})
    write_tree(root, files)
    return root / "templates/t/template.yaml"


def run(root: Path, output: Path, values: dict[str, str], **options: bool):
    template, problems = read_template(root / "templates/t/template.yaml", "template.yaml")
    assert template is not None, problems
    return scaffold(template, values, load_catalogue(root), Options(output, **options))


@pytest.mark.parametrize(
    ("name", "message"),
    [
        ("${{ values.name }}", "absolute path"),
        ("x/${{ values.name }}", "absolute path"),
        ("${{ '..' }}/escaped.txt", "climbs out"),
    ],
)
def test_paths_that_escape_are_refused_and_nothing_is_written(
    tmp_path: Path, name: str, message: str
) -> None:
    make_template(tmp_path, {name: "text"})
    output = tmp_path / "out"
    value = "/etc/passwd-copy" if "values.name" in name else "n"
    before = snapshot_files(tmp_path)
    with pytest.raises(ScaffoldError, match=message):
        run(tmp_path, output, {"name": value})
    assert not output.exists()
    assert snapshot_files(tmp_path) == before
    assert not Path("/etc/passwd-copy").exists()


def test_a_skeleton_symlink_is_refused(tmp_path: Path) -> None:
    make_template(tmp_path, {"real.txt": "x"})
    os.symlink("/etc/hostname", tmp_path / "templates/t/skeleton/link.txt")
    output = tmp_path / "out"
    with pytest.raises(ScaffoldError, match="symbolic link"):
        run(tmp_path, output, {"name": "n"})
    assert not output.exists()
    problems = load_catalogue(tmp_path).diagnostics
    assert "TDA605" in [d.code for d in problems]


def test_a_non_empty_output_is_refused_without_force(tmp_path: Path) -> None:
    make_template(tmp_path, {"a.txt": "new ${{ values.name }}", "b.txt": "b"})
    output = write_tree(tmp_path / "out", {"a.txt": "mine", "keep.txt": "mine too"})
    with pytest.raises(ScaffoldError, match="not empty"):
        run(tmp_path, output, {"name": "n"})
    assert (output / "a.txt").read_text() == "mine" and not (output / "b.txt").exists()
    run(tmp_path, output, {"name": "n"}, force=True)
    assert (output / "a.txt").read_text() == "new n" and (
        output / "keep.txt"
    ).read_text() == "mine too"


def test_a_failing_step_leaves_nothing_behind(tmp_path: Path) -> None:
    make_template(tmp_path, {"good.txt": "fine", "bad.txt": "${{ ''.__class__.__mro__ }}"})
    output = tmp_path / "out"
    with pytest.raises(ScaffoldError, match=r"bad\.txt: refused by the sandbox"):
        run(tmp_path, output, {"name": "n"})
    assert not output.exists()
    assert [p.name for p in tmp_path.iterdir() if p.name.startswith(".out")] == []


def test_unsupported_actions_stop_before_writing_unless_skipped(tmp_path: Path) -> None:
    steps = (
        "    - id: fetch\n      action: fetch:template\n      input: {url: ./skeleton, values: {name: x}}\n"
        "    - id: publish\n      action: publish:github\n      input: {repoUrl: 'github.com?owner=o&repo=r'}\n"
    )
    make_template(tmp_path, {"a.txt": "a"}, steps)
    output = tmp_path / "out"
    with pytest.raises(ScaffoldError, match=r"publish \(publish:github\)"):
        run(tmp_path, output, {"name": "n"})
    assert not output.exists()
    outcome = run(tmp_path, output, {"name": "n"}, skip_unsupported=True)
    assert outcome.steps == [
        "fetch: fetch:template",
        "publish: publish:github (skipped: tda cannot run it)",
    ]
    assert (output / "a.txt").is_file()


def test_git_init_pushes_to_a_remote(tmp_path: Path) -> None:
    import git

    bare = tmp_path / "remote.git"
    git.Repo.init(bare, bare=True)
    steps = (
        "    - id: fetch\n      action: fetch:template\n      input: {url: ./skeleton, values: {name: x}}\n"
        f"    - id: git\n      action: git:init\n      input: {{remoteUrl: '{bare}'}}\n"
    )
    make_template(tmp_path, {"a.txt": "a"}, steps)
    outcome = run(tmp_path, tmp_path / "out", {"name": "n"})
    remote = git.Repo(bare)
    assert remote.heads.main.commit.hexsha == outcome.commit
    assert remote.heads.main.commit.message.startswith("Initial commit from template t")

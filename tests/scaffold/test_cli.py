"""`tda scaffold` as an engineer uses it: listing, prompting, dry runs, Backstage templates."""

from __future__ import annotations

from pathlib import Path

from tests.conftest import REPO, snapshot_files


def test_without_a_name_it_lists_the_templates(cli) -> None:
    result = cli("scaffold", "--root", REPO)
    names = [line.split()[0] for line in result.output.splitlines()]
    assert names == ["dotnet-lambda-api", "product-record", "typescript-frontend"]


def test_no_input_fails_listing_the_missing_values(cli, tmp_path: Path) -> None:
    result = cli(
        "scaffold", "dotnet-lambda-api", "--root", REPO, "--output", tmp_path / "x", "--no-input"
    )
    assert result.exit_code == 2
    assert "missing values for name, description" in result.output
    assert not (tmp_path / "x").exists()


def test_invalid_values_name_the_parameter(cli, tmp_path: Path) -> None:
    result = cli(
        "scaffold",
        "dotnet-lambda-api",
        "--root",
        REPO,
        "--output",
        tmp_path / "x",
        "--no-input",
        "-p",
        "name=Not Valid",
        "-p",
        "description=short",
        "-p",
        "awsRegion=mars-1",
    )
    assert result.exit_code == 2
    assert "awsRegion: 'mars-1' is not one of ['eu-west-2', 'eu-west-1']" in result.output
    assert "name: 'Not Valid' does not match" in result.output
    assert "description: 'short' is too short" in result.output


def test_a_dry_run_asks_only_for_required_values_without_defaults(tmp_path: Path) -> None:
    from click.testing import CliRunner

    from tda.cli import main

    answers = "web-tenants\nThe tenants' web front end.\n"
    args = ["scaffold", "typescript-frontend", "--root", str(REPO), "--dry-run"]
    result = CliRunner().invoke(
        main,
        [*args, "--output", str(tmp_path / "web")],
        input=answers,
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.output
    assert "Name (lower-case words joined by hyphens" in result.output
    assert "Owning team" not in result.output and "Dockerfile [y/N]" not in result.output
    assert "  package.json" in result.output and "  decisions/0001-" in result.output
    assert "would register in" in result.output
    assert not (tmp_path / "web").exists()


def test_dry_run_of_a_backstage_sample_names_unsupported_steps(
    cli, corpus: Path, tmp_path: Path
) -> None:
    template = (
        corpus
        / "backstage/plugins/scaffolder-backend/sample-templates/local-template/gin-golan-template"
    )
    before = snapshot_files(template)
    args = [
        "scaffold",
        template,
        "--root",
        REPO,
        "--output",
        tmp_path / "go",
        "--dry-run",
        "--no-input",
        "-p",
        "component_id=svc",
        "-p",
        "module=example.org/svc",
        "-p",
        "owner=group:platform",
        "-p",
        "repoUrl=github.com?owner=o&repo=svc",
    ]
    refused = cli(*args)
    assert refused.exit_code == 2
    assert "publish (publish:github)" in refused.output and "nothing was written" in refused.output
    skipped = cli(*args, "--skip-unsupported")
    assert skipped.exit_code == 2  # its skeleton was not published with it
    assert "./skeleton does not exist beside the template" in skipped.output
    assert snapshot_files(template) == before
    assert not (tmp_path / "go").exists()


def test_values_file_and_a_real_run(cli, tmp_path: Path) -> None:
    import shutil

    root = tmp_path / "council"
    for name in ("catalog", "decisions", "templates", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    values = tmp_path / "values.yaml"
    values.write_text(
        "name: repairs-photos-api\ndescription: Photos residents attach to repairs.\nowner: group:housing-products\n"
    )
    args = ("scaffold", "dotnet-lambda-api", "--root", root, "--values", values)
    args += ("--no-input", "--output", tmp_path / "api")
    result = cli(*args)
    assert result.exit_code == 0, result.output
    assert "registered in" in result.output and "first commit" in result.output
    assert cli("validate", "--root", root).exit_code == 0
    again = cli(*args)
    assert again.exit_code == 2 and "not empty" in again.output


def council(tmp_path: Path) -> Path:
    import shutil

    root = tmp_path / "council"
    for name in ("catalog", "decisions", "templates", "docs"):
        shutil.copytree(REPO / name, root / name)
    shutil.copy(REPO / "mkdocs.yml", root / "mkdocs.yml")
    return root


RECORD = (
    "-p", "name=parking-permits", "-p", "title=Parking permits", "-p",
    "description=Residents apply for parking permits.", "-p", "owner=group:customer-services",
)  # fmt: skip


def test_an_invalid_licence_is_refused_and_nothing_is_written(cli, tmp_path: Path) -> None:
    root = council(tmp_path)
    before = snapshot_files(root)
    result = cli(
        "scaffold",
        "product-record",
        "--root",
        root,
        "--no-input",
        *RECORD,
        "-p",
        "licence=proprietary",
    )
    assert result.exit_code == 2
    assert "nothing was written" in result.output and "TDA302" in result.output
    assert snapshot_files(root) == before


def test_a_dry_run_lists_the_decision_and_registration_it_would_write(cli, tmp_path: Path) -> None:
    root = council(tmp_path)
    before = snapshot_files(root)
    result = cli("scaffold", "product-record", "--root", root, "--no-input", "--dry-run", *RECORD)
    assert result.exit_code == 0, result.output
    assert "  parking-permits.yaml" in result.output
    assert "decision it would write: " in result.output
    assert "decisions/0018-record-parking-permits-in-the-product-catalogue.md" in result.output
    assert snapshot_files(root) == before


def test_a_multi_line_value_is_refused_naming_the_parameter(cli, tmp_path: Path) -> None:
    root = council(tmp_path)
    result = cli(
        "scaffold", "dotnet-lambda-api", "--root", root, "--no-input", "--output", tmp_path / "api",
        "-p", "name=tenure-api-two", "-p", "description=Tenures, again and again.",
        "-p", "system=manage-my-home\n  annotations: {evil: yes}",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "system: 'manage-my-home\\n  annotations: {evil: yes}' does not match" in result.output
    assert not (tmp_path / "api").exists()


def test_an_unreachable_remote_leaves_the_repository_and_says_how_to_push(
    cli, tmp_path: Path
) -> None:
    root = council(tmp_path)
    template = root / "templates/typescript-frontend/template.yaml"
    remote = f"file://{tmp_path}/nowhere/web.git"
    template.write_text(
        template.read_text().replace(
            "      action: git:init\n      input:\n",
            f"      action: git:init\n      input:\n        remoteUrl: {remote}\n",
        )
    )
    output = tmp_path / "web"
    args = ("scaffold", "typescript-frontend", "--root", root, "--no-input", "--output", output)
    args += ("-p", "name=web-tenants", "-p", "description=The tenants' web front end.")
    assert f"would push to {remote}" in cli(*args, "--dry-run").output
    result = cli(*args)
    assert result.exit_code == 2
    assert "first commit" in result.output and "registered in" in result.output
    assert f"git -C {output} push -u origin main" in result.output
    assert "internal error" not in result.output
    assert cli("validate", "--root", output).exit_code == 0
    assert cli("validate", "--root", root).exit_code == 0


def test_a_template_with_a_git_hook_is_refused_before_anything_is_asked(
    cli, tmp_path: Path
) -> None:
    import os

    from tests.conftest import write_tree

    root = council(tmp_path)
    marker = tmp_path / "hook-ran"
    hook = root / "templates/typescript-frontend/skeleton/.git/hooks/pre-commit"
    write_tree(hook.parent, {"pre-commit": f"#!/bin/sh\ntouch {marker}\n"})
    os.chmod(hook, 0o755)
    result = cli("scaffold", "typescript-frontend", "--root", root, "--output", tmp_path / "web")
    assert result.exit_code == 2
    assert "has errors; nothing was asked or written" in result.output and "TDA606" in result.output
    assert not marker.exists() and not (tmp_path / "web").exists()
    assert cli("validate", "--root", root).exit_code == 1


def test_without_its_pattern_the_system_is_still_kept_one_value(cli, tmp_path: Path) -> None:
    """The structure check stands behind the parameter's pattern: a template that forgot it."""
    root = council(tmp_path)
    template = root / "templates/dotnet-lambda-api/template.yaml"
    text = template.read_text()
    template.write_text(
        text.replace('          pattern: "^[a-z0-9]([a-z0-9._-]*[a-z0-9])?$"\n', "")
    )
    assert "TDA607" in cli("validate", "--root", root).output
    before = snapshot_files(root)
    result = cli(
        "scaffold", "dotnet-lambda-api", "--root", root, "--no-input", "--output", tmp_path / "api",
        "-p", "name=tenure-api-two", "-p", "description=Tenures, again and again.",
        "-p", "system=manage-my-home\n  annotations: {evil: yes}",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "parameter system: the value would change the structure of catalog-info.yaml" in (
        result.output
    )
    assert not (tmp_path / "api").exists() and snapshot_files(root) == before

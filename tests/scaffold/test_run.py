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


# -- nothing executes ------------------------------------------------------------------------------

HOOK = '#!/bin/sh\necho ran > "{marker}"\n'
GIT_STEP = "    - id: git\n      action: git:init\n      input: {}\n"
FETCH_STEP = (
    "    - id: fetch\n      action: fetch:template\n"
    "      input: {url: ./skeleton, values: {name: '${{ parameters.name }}'}}\n"
)


def test_a_skeleton_carrying_a_git_hook_is_refused_and_nothing_runs(tmp_path: Path) -> None:
    marker = tmp_path / "hook-ran"
    make_template(
        tmp_path,
        {"a.txt": "a", ".git/hooks/pre-commit": HOOK.format(marker=marker)},
        FETCH_STEP + GIT_STEP,
    )
    os.chmod(tmp_path / "templates/t/skeleton/.git/hooks/pre-commit", 0o755)
    output = tmp_path / "out"
    before = snapshot_files(tmp_path)
    with pytest.raises(ScaffoldError, match=r"\.git/hooks/pre-commit is under \.git/"):
        run(tmp_path, output, {"name": "n"})
    assert not marker.exists() and not output.exists()
    assert snapshot_files(tmp_path) == before
    assert "TDA606" in [d.code for d in load_catalogue(tmp_path).diagnostics]


@pytest.mark.parametrize("folder", ["${{ values.name }}", "x/${{ values.name }}"])
@pytest.mark.parametrize("name", [".GIT", ".git.", "GIT~1", ".git::$INDEX_ALLOCATION"])
def test_a_file_name_that_renders_under_git_is_refused(
    tmp_path: Path, folder: str, name: str
) -> None:
    make_template(tmp_path, {f"{folder}/hooks/pre-commit": "#!/bin/sh\n"}, FETCH_STEP + GIT_STEP)
    output = tmp_path / "out"
    with pytest.raises(ScaffoldError, match=r"under \.git/"):
        run(tmp_path, output, {"name": name})
    assert not output.exists()


def test_git_runs_no_hook_from_the_machine_either(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A hooks folder set in the user's git config, and hooks in git's init template, stay idle."""
    marker = tmp_path / "hook-ran"
    hooks = write_tree(tmp_path / "my-hooks", {"pre-commit": HOOK.format(marker=marker)})
    init_template = write_tree(
        tmp_path / "init-template", {"hooks/post-commit": HOOK.format(marker=marker)}
    )
    for hook in (hooks / "pre-commit", init_template / "hooks/post-commit"):
        os.chmod(hook, 0o755)
    home = write_tree(
        tmp_path / "home",
        {".gitconfig": f"[core]\n\thooksPath = {hooks}\n[init]\n\ttemplateDir = {init_template}\n"},
    )
    monkeypatch.setenv("HOME", str(home))
    monkeypatch.setenv("GIT_DIR", str(tmp_path / "elsewhere"))  # never followed
    make_template(tmp_path, {"a.txt": "a"}, FETCH_STEP + GIT_STEP)
    outcome = run(tmp_path, tmp_path / "out", {"name": "n"})
    assert outcome.commit and not marker.exists()
    assert not (tmp_path / "out/.git/hooks/post-commit").exists()
    assert outcome.files == ["a.txt"]


def test_a_git_failure_is_a_clear_error_and_writes_nothing(tmp_path: Path) -> None:
    steps = (
        FETCH_STEP + "    - id: git\n      action: git:init\n      input: {defaultBranch: 'a..b'}\n"
    )
    make_template(tmp_path, {"a.txt": "a"}, steps)
    with pytest.raises(ScaffoldError, match=r"git:init: git .*failed: .*a\.\.b"):
        run(tmp_path, tmp_path / "out", {"name": "n"})
    assert not (tmp_path / "out").exists()
    assert [p.name for p in tmp_path.iterdir() if ".tda-" in p.name] == []


# -- validate before writing -----------------------------------------------------------------------


def shipped(catalogue_copy: Path, name: str):
    catalogue = load_catalogue(catalogue_copy)
    [template] = [t for t in catalogue.templates if t.name == name]
    return template, catalogue


def test_an_invalid_licence_is_refused_with_nothing_written(catalogue_copy: Path) -> None:
    template, catalogue = shipped(catalogue_copy, "product-record")
    values = with_defaults(template, {**FIXED["product-record"], "licence": "proprietary"})
    assert errors(template, values) == []  # the parameter alone cannot tell
    before = snapshot_files(catalogue_copy)
    output = catalogue_copy / "catalog/products/parking-permits"
    with pytest.raises(ScaffoldError, match=r"(?s)nothing was written.*TDA302.*proprietary"):
        scaffold(template, values, catalogue, Options(output))
    assert snapshot_files(catalogue_copy) == before
    assert validate(catalogue_copy).returncode == 0


def test_a_dry_run_finds_the_same_errors(catalogue_copy: Path) -> None:
    template, catalogue = shipped(catalogue_copy, "product-record")
    values = with_defaults(template, {**FIXED["product-record"], "licence": "proprietary"})
    output = catalogue_copy / "catalog/products/parking-permits"
    with pytest.raises(ScaffoldError, match="TDA302"):
        scaffold(template, values, catalogue, Options(output, dry_run=True))


def test_a_value_that_would_add_yaml_keys_is_refused_naming_it(tmp_path: Path) -> None:
    skeleton = {
        "catalog-info.yaml": (
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata:\n"
            "  name: svc\n  description: ${{ values.name }}\n"
            "spec: {type: service, lifecycle: experimental, owner: group:a}\n"
        ),
        "notes.txt": "${{ values.name }}",
    }
    make_template(tmp_path, skeleton)
    for attack in ("x\n  annotations: {evil: yes}", "a: b", "[one, two]", "x\n---\nkind: API"):
        with pytest.raises(
            ScaffoldError,
            match=r"parameter name: the value would change the structure of catalog-info\.yaml",
        ):
            run(tmp_path, tmp_path / "out", {"name": attack})
        assert not (tmp_path / "out").exists()
    fine = run(tmp_path, tmp_path / "out", {"name": "Plain words, even with a comma."})
    assert "catalog-info.yaml" in fine.files


def test_the_shipped_templates_refuse_a_multi_line_system(catalogue_copy: Path) -> None:
    from tda.errors import UsageError
    from tda.scaffold.run import checked_values

    template, _ = shipped(catalogue_copy, "dotnet-lambda-api")
    values = {**FIXED["dotnet-lambda-api"], "system": "manage-my-home\n  evil: 1"}
    with pytest.raises(UsageError, match=r"system: .* does not match"):
        checked_values(template, values)


# -- registration that travels ---------------------------------------------------------------------


def test_a_repository_with_a_remote_is_registered_by_its_address(
    catalogue_copy: Path, tmp_path: Path
) -> None:
    template, catalogue = shipped(catalogue_copy, "typescript-frontend")
    edited = dict(template.entity)
    steps = [dict(s) for s in template.steps]
    steps[-1] = {
        **steps[-1],
        "input": {"remoteUrl": "https://user:token@git.invalid/council/web.git"},
    }
    edited["spec"] = {**template.spec, "steps": steps}
    template.entity = edited
    output = tmp_path / "web"
    outcome = scaffold(
        template, with_defaults(template, FIXED["typescript-frontend"]), catalogue, Options(output)
    )
    assert outcome.registered_as == ["https://git.invalid/council/web/blob/main/catalog-info.yaml"]
    location = (catalogue_copy / "catalog/registered/mtfh-frontend-tenure.yaml").read_text()
    assert "type: url" in location and "token" not in location
    assert (
        outcome.push_error and "git -C" in outcome.push_error and "token" not in outcome.push_error
    )
    assert validate(catalogue_copy).returncode == 0


def test_a_repository_inside_the_catalogue_is_registered_by_a_relative_path(
    catalogue_copy: Path,
) -> None:
    template, catalogue = shipped(catalogue_copy, "dotnet-lambda-api")
    output = catalogue_copy / "services/tenure-history-api"
    outcome = scaffold(
        template, with_defaults(template, FIXED["dotnet-lambda-api"]), catalogue, Options(output)
    )
    assert outcome.registered_as == ["../../services/tenure-history-api/catalog-info.yaml"]
    assert outcome.notes == []
    # the catalogue and the new repository move together
    moved = catalogue_copy.parent / "moved"
    catalogue_copy.rename(moved)
    assert validate(moved).returncode == 0


def test_the_default_output_is_beside_the_catalogue(catalogue_copy: Path) -> None:
    from tda.scaffold.run import default_output

    template, _ = shipped(catalogue_copy, "dotnet-lambda-api")
    assert default_output(template, FIXED["dotnet-lambda-api"], catalogue_copy) == (
        catalogue_copy.parent / "tenure-history-api"
    )
    record, _ = shipped(catalogue_copy, "product-record")
    assert default_output(record, FIXED["product-record"], catalogue_copy) == (
        catalogue_copy / "catalog/products/parking-permits"
    )
    from tda.errors import UsageError

    for climbing in ("../elsewhere", "/tmp/x", "."):
        record.entity["metadata"]["annotations"]["tda.council/default-output"] = climbing
        with pytest.raises(UsageError, match="not a folder inside the catalogue"):
            default_output(record, FIXED["product-record"], catalogue_copy)


# -- push last -------------------------------------------------------------------------------------


def test_a_failed_push_leaves_a_valid_local_repository_and_says_how_to_push(
    catalogue_copy: Path, tmp_path: Path
) -> None:
    template, catalogue = shipped(catalogue_copy, "dotnet-lambda-api")
    steps = [dict(s) for s in template.steps]
    unreachable = f"file://{tmp_path}/no-such-remote.git"
    steps[-1] = {**steps[-1], "input": {**steps[-1]["input"], "remoteUrl": unreachable}}
    template.entity = {**template.entity, "spec": {**template.spec, "steps": steps}}
    output = tmp_path / "api"
    outcome = scaffold(
        template, with_defaults(template, FIXED["dotnet-lambda-api"]), catalogue, Options(output)
    )
    assert outcome.push_error is not None
    assert f"git -C {output} push -u origin main" in outcome.push_error
    assert validate(output).returncode == 0
    log = subprocess.run(
        ["git", "-C", str(output), "log", "--oneline"], capture_output=True, text=True, check=True
    )
    assert len(log.stdout.splitlines()) == 1
    assert (catalogue_copy / "catalog/registered/tenure-history-api.yaml").is_file()
    with pytest.raises(ScaffoldError, match="push it by hand"):
        outcome.raise_for_push()


# -- Backstage's step semantics --------------------------------------------------------------------


def test_each_runs_a_step_per_item_and_if_skips(tmp_path: Path) -> None:
    steps = (
        "    - id: files\n      action: fetch:template\n"
        "      each: ['a', 'b']\n"
        "      input: {url: ./skeleton, targetPath: '${{ each.value }}', values: {name: '${{ each.value }}'}}\n"
        "    - id: say\n      action: debug:log\n"
        "      each: {first: 1, second: 2}\n"
        "      input: {message: '${{ each.key }}=${{ each.value }}'}\n"
        "    - id: never\n      action: debug:log\n      if: ${{ parameters.name === 'other' }}\n"
        "      input: {message: never}\n"
    )
    make_template(tmp_path, {"f.txt": "${{ values.name }}"}, steps)
    outcome = run(tmp_path, tmp_path / "out", {"name": "n"})
    assert outcome.files == ["a/f.txt", "b/f.txt"]
    assert (tmp_path / "out/b/f.txt").read_text() == "b"
    assert outcome.log == ["first=1", "second=2"]
    assert outcome.steps[-1] == "never: debug:log (skipped: its if is false)"


# -- interrupted runs ------------------------------------------------------------------------------


def _slow_template(root: Path) -> None:
    make_template(root, {f"d{i // 100}/f{i}.txt": "${{ values.name }}\n" * 3 for i in range(800)})


@pytest.mark.parametrize("how", ["SIGTERM", "SIGINT"])
def test_an_interrupted_run_leaves_nothing_behind(tmp_path: Path, how: str) -> None:
    import signal
    import time

    _slow_template(tmp_path)
    output = tmp_path / "out"
    command = [sys.executable, "-m", "tda", "scaffold", str(tmp_path / "templates/t")]
    command += ["--root", str(tmp_path), "--output", str(output), "--no-input", "-p", "name=n"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 60
    while not any(".tda-" in p.name for p in tmp_path.iterdir()):
        assert process.poll() is None and time.monotonic() < deadline, "the run ended too soon"
        time.sleep(0.01)
    process.send_signal(getattr(signal, how))
    process.wait(timeout=60)
    assert process.returncode != 0
    assert [p.name for p in tmp_path.iterdir() if ".tda-" in p.name] == []
    assert not output.exists()


def test_a_run_killed_outright_is_cleaned_up_by_the_next(tmp_path: Path) -> None:
    import signal
    import time

    _slow_template(tmp_path)
    output = tmp_path / "out"
    command = [sys.executable, "-m", "tda", "scaffold", str(tmp_path / "templates/t")]
    command += ["--root", str(tmp_path), "--output", str(output), "--no-input", "-p", "name=n"]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    while not any(".tda-" in p.name for p in tmp_path.iterdir()):
        assert process.poll() is None
        time.sleep(0.01)
    process.send_signal(signal.SIGKILL)
    process.wait(timeout=60)
    assert any(".tda-" in p.name for p in tmp_path.iterdir())
    run(tmp_path, output, {"name": "n"})
    assert [p.name for p in tmp_path.iterdir() if ".tda-" in p.name] == []
    assert (output / "d0/f0.txt").is_file()

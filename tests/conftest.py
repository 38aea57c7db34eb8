"""Shared fixtures: file trees from dicts, the CLI runner, and the shared corpus."""

from __future__ import annotations

import os
import textwrap
from collections.abc import Callable, Mapping
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from tda.cli import main

REPO = Path(__file__).resolve().parents[1]
SHARED = REPO.parent / "shared"
CORPUS = SHARED / "corpus"


def write_tree(root: Path, files: Mapping[str, str | bytes]) -> Path:
    """Create files under root from {relative path: content}; text is dedented."""
    for relative, content in files.items():
        path = root / relative
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(textwrap.dedent(content).lstrip("\n"), encoding="utf-8")
    return root


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory: pytest.TempPathFactory, monkeypatch) -> Path:
    """Each test keeps loaded catalogues in a folder of its own, never in the user's."""
    folder = tmp_path_factory.mktemp("cache-home")
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder / "tda"


@pytest.fixture
def tree(tmp_path: Path) -> Callable[[Mapping[str, str | bytes]], Path]:
    return lambda files: write_tree(tmp_path, files)


@pytest.fixture
def cli() -> Callable[..., Result]:
    runner = CliRunner()

    def run(*args: str) -> Result:
        return runner.invoke(main, [str(a) for a in args], catch_exceptions=False)

    return run


def shared_folder(name: str) -> Path:
    """A folder of ../shared; missing is a failure under CI and a skip elsewhere."""
    path = SHARED / name
    if not path.is_dir():
        if os.environ.get("CI") == "true":
            pytest.fail(f"{path} is missing; CI must run beside ../shared")
        pytest.skip(f"{path} is not present in this checkout")
    return path


@pytest.fixture
def corpus() -> Path:
    return shared_folder("corpus")


def snapshot_files(root: Path) -> dict[str, bytes]:
    """Every file under root with its bytes, to prove a command wrote nothing."""
    return {
        str(p.relative_to(root)): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file()
    }


@pytest.fixture
def git_repo(tmp_path: Path):
    """A real git repository with an author configured; commit with commit_all(repo, message)."""
    import git

    repo = git.Repo.init(tmp_path, initial_branch="main")
    with repo.config_writer() as config:
        config.set_value("user", "name", "Ada Reviewer")
        config.set_value("user", "email", "ada@example.org")
        config.set_value("commit", "gpgsign", "false")
    return repo


def commit_all(repo, message: str, when: str | None = None) -> str:
    """Stage everything and commit; when (ISO date) sets both author and committer dates."""
    repo.git.add(A=True)
    env = {"GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when} if when else {}
    repo.git.commit("-m", message, env={**os.environ, **env})
    return repo.head.commit.hexsha


SNAPSHOTS = Path(__file__).resolve().parent / "snapshots"


def assert_snapshot(name: str, text: str) -> None:
    """Compare text with the reviewed snapshot tests/snapshots/NAME.

    `TDA_UPDATE_SNAPSHOTS=1 pytest` rewrites the snapshots; review the diff before committing.
    """
    path = SNAPSHOTS / name
    if os.environ.get("TDA_UPDATE_SNAPSHOTS") == "1":
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    if not path.is_file():
        pytest.fail(f"no snapshot {path}; run with TDA_UPDATE_SNAPSHOTS=1 and review it")
    assert text == path.read_text(encoding="utf-8")

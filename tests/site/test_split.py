"""A large site's pages rendered in two processes: the same site, byte for byte, as one."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from tda.config import load_config
from tda.errors import BuildError
from tda.repository import load_catalogue
from tda.site import split
from tda.site.build import build_site
from tests.conftest import REPO, snapshot_files, write_tree


def built(root: Path, site: Path) -> Path:
    catalogue = load_catalogue(root, load_config(root).config, history=True)
    build_site(root, catalogue, catalogue.history, site)
    return site


def test_two_processes_build_the_same_site_as_one(tmp_path: Path, monkeypatch) -> None:
    root = tmp_path / "sample"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", "*.pyc"))
    monkeypatch.setattr(split, "SPLIT_FROM_PAGES", 10**9)
    one = snapshot_files(built(root, tmp_path / "one"))
    monkeypatch.setattr(split, "SPLIT_FROM_PAGES", 2)
    forks: list[int] = []
    real = split.render_half_elsewhere

    def counted(*args, **kwargs):  # type: ignore[no-untyped-def]
        elsewhere = real(*args, **kwargs)
        forks.append(elsewhere.pages if elsewhere else 0)
        return elsewhere

    monkeypatch.setattr(split, "render_half_elsewhere", counted)
    two = snapshot_files(built(root, tmp_path / "two"))
    assert forks and forks[0] > 50, "the second process rendered half of the pages"
    assert sorted(two) == sorted(one)
    assert [name for name in one if one[name] != two[name]] == []


def test_a_page_the_second_process_cannot_render_fails_the_build(
    tmp_path: Path, monkeypatch
) -> None:
    root = write_tree(
        tmp_path / "repo",
        {
            "mkdocs.yml": "site_name: T\ntheme: {name: material, font: false}\nplugins: [tda]\n",
            "docs/a.md": "# A\n",
            "docs/b.md": "---\ntemplate: no-such-template.html\n---\n# B\n",
            "catalog/g.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\n"
            "metadata: {name: g}\nspec: {type: team, children: []}\n",
        },
    )
    monkeypatch.setattr(split, "SPLIT_FROM_PAGES", 2)
    with pytest.raises(BuildError) as failed:
        built(root, root / "site")
    assert "second process failed" in failed.value.message
    assert "error building page 'b.md'" in failed.value.message
    assert "'no-such-template.html' not found" in failed.value.message
    assert not (root / "site").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".tda-build")] == []


def test_pages_built_on_two_cores_are_the_pages_built_on_one() -> None:
    from tda.site.generate import generate

    catalogue = load_catalogue(REPO, load_config(REPO).config, history=True)
    one = generate(catalogue, history=catalogue.history, processes=1)
    two = generate(catalogue, history=catalogue.history, processes=2)
    assert [page.src for page in two[0]] == [page.src for page in one[0]]
    assert two == one


SLOW_SPLIT_BUILD = """
import sys, time
import mkdocs.commands.build as mkdocs_build
from tda.site import split
split.SPLIT_FROM_PAGES = 2
real = mkdocs_build._build_page
def slow(*args, **kwargs):
    time.sleep(0.05)  # time enough to interrupt the build while both processes render
    return real(*args, **kwargs)
mkdocs_build._build_page = slow
sys.argv = ["tda", "build", "--root", sys.argv[1], "--site-dir", sys.argv[2]]
from tda.cli import run
run()
"""


@pytest.mark.parametrize("signal_name", ["SIGINT", "SIGTERM"])
def test_a_build_stopped_midway_leaves_no_renderer_running_and_no_staging_folder(
    tmp_path: Path, signal_name: str
) -> None:
    import os
    import signal
    import subprocess
    import sys
    import time

    root = tmp_path / "sample"
    shutil.copytree(REPO, root, ignore=shutil.ignore_patterns(".git", ".venv", "site", "*.pyc"))
    site = tmp_path / "out" / "site"
    site.parent.mkdir()
    build = subprocess.Popen(
        [sys.executable, "-c", SLOW_SPLIT_BUILD, str(root), str(site)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    children: list[int] = []
    deadline = time.monotonic() + 120
    while not children and time.monotonic() < deadline and build.poll() is None:
        listed = Path(f"/proc/{build.pid}/task/{build.pid}/children")
        children = [int(pid) for pid in listed.read_text().split()] if listed.exists() else []
        time.sleep(0.05)
    assert children, "the build forked a second process"
    time.sleep(0.5)
    build.send_signal(getattr(signal, signal_name))
    build.wait(timeout=60)
    time.sleep(0.5)
    for child in children:
        try:
            os.kill(child, 0)
            state = Path(f"/proc/{child}/stat").read_text().split()[2]
        except (ProcessLookupError, FileNotFoundError):
            continue
        assert state == "Z", f"process {child} is still running after the build ended"
    assert [p.name for p in site.parent.iterdir() if p.name.startswith(".tda-build")] == []
    assert not site.exists()

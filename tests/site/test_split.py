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
    assert "no-such-template.html" in failed.value.message
    assert not (root / "site").exists()
    assert [p.name for p in root.iterdir() if p.name.startswith(".tda-build")] == []


def test_pages_built_on_two_cores_are_the_pages_built_on_one() -> None:
    from tda.site.generate import generate

    catalogue = load_catalogue(REPO, load_config(REPO).config, history=True)
    one = generate(catalogue, history=catalogue.history, processes=1)
    two = generate(catalogue, history=catalogue.history, processes=2)
    assert [page.src for page in two[0]] == [page.src for page in one[0]]
    assert two == one

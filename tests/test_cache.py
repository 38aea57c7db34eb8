"""A loaded catalogue kept between commands: used only while nothing it came from changed."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest

from tda import cache
from tda.catalog.refs import EntityRef
from tda.repository import open_repository
from tests.conftest import write_tree

GROUP = """\
    apiVersion: backstage.io/v1alpha1
    kind: Group
    metadata: {{name: {name}}}
    spec: {{type: team, children: []}}
    """
COMPONENT = """\
    apiVersion: backstage.io/v1alpha1
    kind: Component
    metadata: {{name: web}}
    spec: {{type: service, lifecycle: production, owner: {owner}}}
    """
LONG_AGO = time.time() - 3600


def settle(root: Path, when: float = LONG_AGO) -> None:
    """Give every file an old modification time, as files in a checkout used for a while."""
    for path in root.rglob("*"):
        os.utime(path, (when, when))


@pytest.fixture
def repo(tree) -> Path:
    root = tree(
        {
            "mkdocs.yml": "site_name: t\n",
            "catalog/teams.yaml": GROUP.format(name="alpha") + "---\n" + GROUP.format(name="beta"),
            "catalog/web.yaml": COMPONENT.format(owner="alpha"),
        }
    )
    settle(root)
    return root


@pytest.fixture
def racy_files_allowed(monkeypatch) -> None:
    # ctime cannot be set back, so a file written by a test is always "just changed".
    monkeypatch.setattr(cache, "_RACY_SECONDS", -3600.0)


def owner_of_web(root: Path) -> str:
    catalogue = open_repository(root, cached=True)
    return str(catalogue.entities[EntityRef("component", "default", "web")].data["spec"]["owner"])


def kept_files(folder: Path) -> list[Path]:
    return sorted(folder.glob("*")) if folder.is_dir() else []


def test_a_kept_catalogue_is_used_while_its_files_are_unchanged(
    repo: Path, own_cache_folder: Path, racy_files_allowed
) -> None:
    first = open_repository(repo, cached=True)
    assert len(kept_files(own_cache_folder)) == 1
    first.entities[EntityRef("group", "default", "alpha")].data["marker"] = "from the cache"
    fingerprint = cache.Fingerprint(repo.resolve(), f"history=False\0cwd={Path.cwd()}",
                                    frozenset({repo.resolve() / "site"}))  # fmt: skip
    cache.store(fingerprint, first)
    again = open_repository(repo, cached=True)
    assert again.entities[EntityRef("group", "default", "alpha")].data["marker"] == "from the cache"


def test_a_changed_descriptor_is_read_again(repo: Path, racy_files_allowed) -> None:
    assert owner_of_web(repo) == "alpha"
    (repo / "catalog/web.yaml").write_text(
        COMPONENT.format(owner="beta").replace("    ", ""), encoding="utf-8"
    )
    settle(repo, LONG_AGO + 60)
    assert owner_of_web(repo) == "beta"


def test_a_new_file_anywhere_in_the_repository_is_noticed(repo: Path, racy_files_allowed) -> None:
    assert "gamma" not in {ref.name for ref in open_repository(repo, cached=True).entities}
    (repo / "catalog/more").mkdir()
    (repo / "catalog/more/gamma.yaml").write_text(
        GROUP.format(name="gamma").replace("    ", ""), encoding="utf-8"
    )
    assert "gamma" in {ref.name for ref in open_repository(repo, cached=True).entities}


def test_files_changed_a_moment_ago_are_not_kept(tree, own_cache_folder: Path) -> None:
    root = tree({"mkdocs.yml": "site_name: t\n", "catalog/a.yaml": GROUP.format(name="a")})
    open_repository(root, cached=True)
    assert kept_files(own_cache_folder) == []


def test_nothing_is_kept_when_the_cache_is_turned_off(
    repo: Path, own_cache_folder: Path, racy_files_allowed, monkeypatch
) -> None:
    monkeypatch.setenv("TDA_CACHE", "off")
    open_repository(repo, cached=True)
    assert kept_files(own_cache_folder) == []


def test_a_damaged_or_foreign_entry_is_passed_over(
    repo: Path, own_cache_folder: Path, racy_files_allowed
) -> None:
    open_repository(repo, cached=True)
    (kept,) = kept_files(own_cache_folder)
    for damage in (b"", b"not a key\n", kept.read_bytes()[:200]):
        kept.write_bytes(damage)
        assert owner_of_web(repo) == "alpha"


def test_findings_name_files_from_where_the_command_runs(
    tree, racy_files_allowed, monkeypatch
) -> None:
    root = tree({"mkdocs.yml": "site_name: t\n", "catalog/bad.yaml": "kind: [\n"})
    settle(root)
    monkeypatch.chdir(root)
    here = [d.file for d in open_repository(root, cached=True).diagnostics]
    monkeypatch.chdir(root / "catalog")
    below = [d.file for d in open_repository(root, cached=True).diagnostics]
    assert here == ["catalog/bad.yaml"] and below == ["bad.yaml"]


def test_the_repository_is_left_as_it_was(repo: Path, racy_files_allowed) -> None:
    before = sorted(path.relative_to(repo) for path in repo.rglob("*"))
    open_repository(repo, cached=True)
    open_repository(repo, cached=True)
    assert sorted(path.relative_to(repo) for path in repo.rglob("*")) == before


def test_graph_answers_from_the_kept_catalogue_and_sees_a_change(
    repo: Path, cli, racy_files_allowed, monkeypatch
) -> None:
    monkeypatch.chdir(repo)
    assert "ownedBy group:alpha" in cli("graph", "web").output
    assert "ownedBy group:alpha" in cli("graph", "web").output
    (repo / "catalog/web.yaml").write_text(
        COMPONENT.format(owner="beta").replace("    ", ""), encoding="utf-8"
    )
    settle(repo, LONG_AGO + 120)
    assert "ownedBy group:beta" in cli("graph", "web").output


RECORD = "---\nstatus: {status}\ndate: 2026-01-05\n---\n# Use Postgres\n\nText.\n"


def test_decisions_kept_outside_the_repository_are_watched_too(
    tmp_path: Path, racy_files_allowed
) -> None:
    root = write_tree(
        tmp_path / "repo",
        {"mkdocs.yml": "site_name: t\nplugins:\n  - tda:\n      decisions: ../elsewhere\n"},
    )
    outside = write_tree(
        tmp_path / "elsewhere", {"0001-use-postgres.md": RECORD.format(status="rejected")}
    )
    settle(root)
    settle(outside)

    def statuses() -> list[str]:
        log = open_repository(root, cached=True).decisions
        return [decision.status for decision in log.decisions] if log else []

    assert statuses() == ["rejected"]
    record = outside / "0001-use-postgres.md"
    record.write_text(RECORD.format(status="proposed"), encoding="utf-8")
    settle(outside, LONG_AGO + 60)
    assert statuses() == ["proposed"]


def test_an_edit_that_keeps_the_size_and_puts_the_time_back_is_noticed(
    repo: Path, racy_files_allowed
) -> None:
    def type_of_web() -> str:
        catalogue = open_repository(repo, cached=True)
        return str(
            catalogue.entities[EntityRef("component", "default", "web")].data["spec"]["type"]
        )

    assert type_of_web() == "service"
    web = repo / "catalog/web.yaml"
    before = web.stat()
    with web.open("r+", encoding="utf-8") as handle:  # the same file, the same size
        text = handle.read()
        handle.seek(0)
        handle.write(text.replace("service", "website"))
    os.utime(web, ns=(before.st_atime_ns, before.st_mtime_ns))
    assert web.stat().st_size == before.st_size and web.stat().st_ino == before.st_ino
    assert type_of_web() == "website"


def test_an_entry_damaged_inside_is_never_unpickled(
    repo: Path, own_cache_folder: Path, racy_files_allowed
) -> None:
    open_repository(repo, cached=True)
    (kept,) = kept_files(own_cache_folder)
    header = kept.read_bytes().split(b"\n", 1)[0]
    # A string whose stated length no machine could hold: unpickling it would fail loudly.
    kept.write_bytes(header + b"\n\x80\x05\x8d" + (2**62).to_bytes(8, "little"))
    assert owner_of_web(repo) == "alpha"


def test_a_relative_cache_home_is_ignored(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", "relative/dir")
    monkeypatch.setenv("HOME", str(tmp_path))
    assert cache.cache_folder() == tmp_path / ".cache" / "tda"

"""`tda harvest`: councils in local bare repositories (file:// URLs) stand in for the real ones."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import textwrap
from pathlib import Path

import pytest

from tda.catalog.refs import EntityRef
from tda.harvested import (
    ANNOTATION_COMMIT,
    ANNOTATION_HARVESTED,
    ANNOTATION_REPOSITORY,
    ANNOTATION_SOURCE,
    adoptions,
)
from tda.repository import open_repository

from ..conftest import snapshot_files, write_tree


def git(cwd: Path, *args: str) -> str:
    env = {**os.environ, "GIT_CONFIG_GLOBAL": os.devnull, "GIT_CONFIG_NOSYSTEM": "1"}
    done = subprocess.run(
        ["git", "-c", "user.name=Test", "-c", "user.email=t@example.org", *args],
        cwd=cwd,
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return done.stdout.strip()


def product(name: str, *, extra: str = "", namespace: str | None = None) -> str:
    text = textwrap.dedent(
        f"""\
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata:
          name: {name}
          description: {name} does something useful for residents.
        spec:
          type: website
          lifecycle: production
          owner: digital
          phase: live
          licence: MIT
          repository: https://github.com/example/{name}
        """
    ) + textwrap.indent(textwrap.dedent(extra), "  ")
    if namespace:
        text = text.replace(f"  name: {name}\n", f"  name: {name}\n  namespace: {namespace}\n")
        text = text.replace("owner: digital", "owner: group:default/digital")
    return text


TEAM = """\
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: digital
spec:
  type: team
  children: []
"""


class Council:
    """A council's catalogue repository, published as a bare repository."""

    def __init__(self, base: Path, name: str, files: dict[str, str]) -> None:
        self.work = write_tree(base / "work" / name, {"catalog/team.yaml": TEAM, **files})
        git(self.work, "init", "-q", "-b", "main")
        git(self.work, "add", "-A")
        git(self.work, "commit", "-q", "-m", "first")
        self.bare = base / "remotes" / f"{name}.git"
        git(base, "clone", "-q", "--bare", str(self.work), str(self.bare))
        self.url = self.bare.as_uri()

    def change(self, files: dict[str, str]) -> None:
        write_tree(self.work, files)
        git(self.work, "add", "-A")
        git(self.work, "commit", "-q", "-m", "change")
        git(self.work, "push", "-q", str(self.bare), "main")


def national(base: Path, councils: dict[str, Council], **namespaces: str) -> Path:
    lines = ["site_name: National catalogue", "theme: {name: material, font: false}"]
    lines += ["plugins:", "  - tda:", "      harvest:"]
    for name, council in councils.items():
        lines += [
            f"        - name: {name}",
            f"          url: {council.url}",
            f"          organisation: {name.title()} Council",
        ]
        if name in namespaces:
            lines.append(f"          namespace: {namespaces[name]}")
    return write_tree(
        base / "national",
        {
            "mkdocs.yml": "\n".join(lines) + "\n",
            "catalog/README.md": "sources only\n",
            "docs/about.md": "# About\n",
        },
    )


@pytest.fixture
def councils(tmp_path: Path) -> dict[str, Council]:
    camden = Council(
        tmp_path,
        "camden",
        {
            "catalog/products.yaml": product(
                "report-a-pothole",
                extra="""\
          usedBy:
            - organisation: Islington Council
              evidence: verified
        """,
            ),
            "decisions/0001-use-postgres.md": "---\nstatus: proposed\ndate: 2026-01-05\n---\n# Use PostgreSQL\n",
        },
    )
    islington = Council(
        tmp_path,
        "islington",
        {
            "catalog/products.yaml": product(
                "potholes",
                extra="""\
          basedOn:
            - name: Report a pothole
              organisation: Camden Council
              url: https://github.com/example/report-a-pothole
        """,
            ),
        },
    )
    return {"camden": camden, "islington": islington}


def harvest(cli, root: Path, *args: str):
    return cli("harvest", "--root", root, *args)


def test_clean_sources_load_with_provenance(tmp_path: Path, councils, cli) -> None:
    root = national(tmp_path, councils)
    result = harvest(cli, root)
    assert result.exit_code == 0, result.output
    assert "camden: harvested, 2 entities" in result.output
    catalogue = open_repository(root)
    pothole = catalogue.entities[EntityRef.of("component", "camden", "report-a-pothole")]
    notes = pothole.metadata["annotations"]
    assert notes[ANNOTATION_SOURCE] == "camden"
    assert notes[ANNOTATION_REPOSITORY] == councils["camden"].url
    assert notes[ANNOTATION_COMMIT] == git(councils["camden"].bare, "rev-parse", "HEAD")
    assert notes[ANNOTATION_HARVESTED].endswith("+00:00")
    # the owner was `digital` in Camden's own default namespace: it follows into camden/
    assert pothole.spec["owner"] == "group:camden/digital"
    assert not catalogue.has_errors, catalogue.diagnostics
    state = {s.name: s for s in catalogue.harvest}["camden"]
    assert state.decisions[0]["title"] == "Use PostgreSQL"


def test_adoption_is_joined_across_councils(tmp_path: Path, councils, cli) -> None:
    root = national(tmp_path, councils)
    harvest(cli, root)
    catalogue = open_repository(root)
    found = adoptions(catalogue.entities, EntityRef.of("component", "camden", "report-a-pothole"))
    assert {(a.organisation, a.how, a.source) for a in found} == {
        ("Islington Council", "uses", "camden"),
        ("Islington Council", "built on it", "islington"),
    }


def test_second_harvest_fetches_only_what_changed(tmp_path: Path, councils, cli) -> None:
    root = national(tmp_path, councils)
    harvest(cli, root)
    again = harvest(cli, root)
    assert "camden: unchanged" in again.output and "islington: unchanged" in again.output
    councils["islington"].change({"catalog/more.yaml": product("bins")})
    third = harvest(cli, root)
    assert "camden: unchanged" in third.output
    assert "islington: harvested, 3 entities" in third.output
    assert EntityRef.of("component", "islington", "bins") in open_repository(root).entities


def test_a_source_that_goes_away_keeps_its_last_harvest_marked_stale(
    tmp_path: Path, councils, cli
) -> None:
    root = national(tmp_path, councils)
    harvest(cli, root)
    shutil.rmtree(councils["islington"].bare)
    result = harvest(cli, root)
    assert result.exit_code == 1
    assert "islington: failed" in result.output and "TDA821" in result.output
    assert "camden: unchanged" in result.output
    catalogue = open_repository(root)
    assert EntityRef.of("component", "islington", "potholes") in catalogue.entities
    stale = [d for d in catalogue.diagnostics if d.code == "TDA825"]
    assert stale and "islington" in stale[0].message


def test_a_symbolic_link_out_of_the_source_fails_it_and_nothing_lands(
    tmp_path: Path, councils, cli
) -> None:
    (tmp_path / "outside.yaml").write_text(product("stolen"))
    sneaky = Council(tmp_path, "sneaky", {"catalog/products.yaml": product("fine")})
    (sneaky.work / "catalog/secret.yaml").symlink_to(tmp_path / "outside.yaml")
    (sneaky.work / "catalog/up.yaml").symlink_to("../../../outside.yaml")
    sneaky.change({})
    root = national(tmp_path, {**councils, "sneaky": sneaky})
    result = harvest(cli, root)
    assert result.exit_code == 1
    assert "TDA824" in result.output and "outside the repository" in result.output
    assert "camden: harvested" in result.output
    refs = open_repository(root).entities
    assert not [ref for ref in refs if ref.namespace == "sneaky"]


def test_a_namespace_collision_is_a_finding(tmp_path: Path, councils, cli) -> None:
    greedy = Council(
        tmp_path,
        "greedy",
        {
            "catalog/products.yaml": product("mine")
            + "---\n"
            + product("takeover", namespace="camden"),
        },
    )
    twin = Council(tmp_path, "twin", {"catalog/products.yaml": product("other")})
    root = national(tmp_path, {**councils, "greedy": greedy, "twin": twin}, twin="camden")
    result = harvest(cli, root)
    assert result.exit_code == 1
    assert "TDA827" in result.output
    catalogue = open_repository(root)
    assert EntityRef.of("component", "camden", "takeover") not in catalogue.entities
    assert EntityRef.of("component", "greedy", "mine") in catalogue.entities
    assert EntityRef.of("component", "camden", "other") not in catalogue.entities
    messages = " ".join(d.message for d in catalogue.diagnostics if d.code == "TDA827")
    assert "takeover" in messages and "source twin claims namespace 'camden'" in messages


def test_the_same_entity_from_two_sources_is_a_finding(tmp_path: Path, councils, cli) -> None:
    one = Council(tmp_path, "one", {"catalog/p.yaml": product("common", namespace="shared")})
    two = Council(tmp_path, "two", {"catalog/p.yaml": product("common", namespace="shared")})
    root = national(tmp_path, {"one": one, "two": two})
    result = harvest(cli, root)
    assert "TDA826" in result.output
    conflict = [d for d in open_repository(root).diagnostics if d.code == "TDA826"]
    assert "the one from one was kept" in conflict[0].message


def test_a_repository_that_is_not_a_catalogue_fails_with_the_reason(
    tmp_path: Path, councils, cli
) -> None:
    plain = Council(tmp_path, "plain", {})
    shutil.rmtree(plain.work / "catalog")
    git(plain.work, "add", "-A")
    plain.change({"README.md": "just code\n"})
    root = national(tmp_path, {**councils, "plain": plain})
    result = harvest(cli, root)
    assert "plain: failed: not a catalogue" in result.output and "TDA822" in result.output
    assert "camden: harvested" in result.output


def test_an_invalid_source_fails_and_keeps_its_last_good_harvest(
    tmp_path: Path, councils, cli
) -> None:
    root = national(tmp_path, councils)
    harvest(cli, root)
    councils["camden"].change(
        {
            "catalog/broken.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: Bad Name}\n"
        }
    )
    result = harvest(cli, root)
    assert "camden: failed" in result.output and "TDA828" in result.output
    catalogue = open_repository(root)
    assert EntityRef.of("component", "camden", "report-a-pothole") in catalogue.entities


def test_hooks_never_run(tmp_path: Path, councils, cli, monkeypatch) -> None:
    marker = tmp_path / "hook-ran"
    hooks = tmp_path / "hooks"
    hooks.mkdir()
    for name in (
        "post-checkout",
        "post-merge",
        "reference-transaction",
        "pre-auto-gc",
        "post-index-change",
        "fsmonitor-watchman",
        "post-upload-pack",
    ):
        hook = hooks / name
        hook.write_text(f"#!/bin/sh\necho {name} >> {marker}\n")
        hook.chmod(0o755)
        shutil.copy(hook, councils["camden"].bare / "hooks" / name)
    settings = tmp_path / "gitconfig"
    settings.write_text(f"[core]\n\thooksPath = {hooks}\n")
    monkeypatch.setenv("GIT_CONFIG_GLOBAL", str(settings))
    root = national(tmp_path, councils)
    assert harvest(cli, root).exit_code == 0
    assert not marker.exists()


def test_limits_fail_the_source(tmp_path: Path, councils, cli) -> None:
    root = national(tmp_path, councils)
    settings = (root / "mkdocs.yml").read_text() + "      harvest_max_files: 2\n"
    (root / "mkdocs.yml").write_text(settings)
    result = harvest(cli, root)
    assert "over the limit of 2" in result.output and "TDA823" in result.output


def test_git_locations_are_sources(tmp_path: Path, councils, cli) -> None:
    root = write_tree(
        tmp_path / "national",
        {
            "mkdocs.yml": "site_name: National\n",
            "catalog/sources.yaml": f"""\
            apiVersion: backstage.io/v1alpha1
            kind: Location
            metadata:
              name: camden
              title: Camden Council
            spec:
              type: git
              target: {councils["camden"].url}
        """,
        },
    )
    result = harvest(cli, root)
    assert result.exit_code == 0, result.output
    catalogue = open_repository(root)
    pothole = catalogue.entities[EntityRef.of("component", "camden", "report-a-pothole")]
    assert pothole.metadata["annotations"]["tda/organisation"] == "Camden Council"


def test_no_sources_says_how_to_add_them(tmp_path: Path, cli) -> None:
    root = write_tree(tmp_path / "n", {"mkdocs.yml": "site_name: x\n", "catalog/a.yaml": TEAM})
    before = snapshot_files(root)
    result = harvest(cli, root)
    assert result.exit_code == 0 and "no harvest sources" in result.output
    assert {k for k in snapshot_files(root) if not k.startswith(".tda")} == set(before)


def test_source_record_is_json(tmp_path: Path, councils, cli) -> None:
    root = national(tmp_path, councils)
    harvest(cli, root)
    record = json.loads((root / ".tda/harvest/camden/source.json").read_text())
    assert record["url"] == councils["camden"].url and record["stale"] is False


def test_init_harvest_lays_out_a_national_catalogue(tmp_path: Path, councils, cli) -> None:
    root = tmp_path / "national"
    result = cli("init", root, "--harvest", "--name", "National catalogue")
    assert result.exit_code == 0 and "tda harvest" in result.output
    assert cli("validate", "--root", root).exit_code == 0
    (root / "catalog/sources.yaml").write_text(
        (root / "catalog/sources.yaml").read_text()
        + f"apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n  name: camden\n"
        f"spec:\n  type: git\n  target: {councils['camden'].url}\n"
    )
    assert harvest(cli, root).exit_code == 0
    assert "/.tda/" in (root / ".gitignore").read_text()
    built = cli("build", "--root", root)
    assert built.exit_code == 0, built.output


@pytest.mark.parametrize(
    "files",
    [
        {
            "catalog/api.yaml": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: leak}\n"
            "spec: {type: openapi, lifecycle: production, owner: digital, definition: {$text: ../../../../secret.txt}}\n"
        },
        {
            "catalog/api.yaml": "apiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: leak}\n"
            "spec: {type: openapi, lifecycle: production, owner: digital, definition: {$text: SECRET}}\n"
        },
        {
            "catalog/where.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata: {name: out}\n"
            "spec: {type: file, targets: [../../../../*.yaml]}\n"
        },
    ],
)
def test_nothing_outside_the_source_is_read(tmp_path: Path, cli, files) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("the national catalogue's secret\n")
    files = {k: v.replace("SECRET", str(secret)) for k, v in files.items()}
    leaky = Council(tmp_path, "leaky", files)
    root = national(tmp_path, {"leaky": leaky})
    result = harvest(cli, root)
    assert "TDA824" in result.output and "outside the repository" in result.output
    cache = root / ".tda/harvest"
    assert not any("secret" in p.read_text() for p in cache.rglob("*.yaml"))


def test_a_repository_with_only_publiccode_yml_is_harvested(tmp_path: Path, cli) -> None:
    from tests.interop.test_publiccode_check import VALID

    body = Council(tmp_path, "pothole-app", {"publiccode.yml": VALID})
    shutil.rmtree(body.work / "catalog")
    body.change({})
    root = national(tmp_path, {"pothole-app": body})
    result = harvest(cli, root)
    assert result.exit_code == 0, result.output
    catalogue = open_repository(root)
    imported = catalogue.entities[EntityRef.of("component", "pothole-app", "report-a-pothole")]
    assert imported.metadata["annotations"][ANNOTATION_SOURCE] == "pothole-app"
    assert not catalogue.has_errors, catalogue.diagnostics


def test_invalid_harvest_settings_are_reported(tmp_path: Path, cli) -> None:
    root = write_tree(
        tmp_path / "n",
        {
            "mkdocs.yml": "site_name: x\nplugins:\n  - tda:\n      harvest:\n        - name: Bad Name\n          url: x\n",
            "catalog/a.yaml": TEAM,
        },
    )
    result = harvest(cli, root)
    assert result.exit_code == 1 and "TDA011" in result.output and "harvest.0.name" in result.output


def test_meetings_of_a_source_are_summarised(tmp_path: Path, cli) -> None:
    camden = Council(
        tmp_path,
        "camden",
        {
            "catalog/products.yaml": product("report-a-pothole"),
            "catalog/tda.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: tda}\nspec: {type: forum, children: []}\n",
            "decisions/0001-use-postgres.md": "---\nstatus: proposed\ndate: 2026-01-05\n---\n# Use PostgreSQL\n",
            "decisions/reviews/2026-01-10-tda.md": "---\ndate: 2026-01-10\nforum: group:tda\nitems:\n  - decision: ADR-0001\n    for: information\n    outcome: noted\n---\nMinutes.\n",
        },
    )
    root = national(tmp_path, {"camden": camden})
    result = harvest(cli, root)
    assert result.exit_code == 0, result.output
    state = open_repository(root).harvest[0]
    assert state.meetings[0]["items"] == [{"decision": "ADR-0001", "outcome": "noted"}]


def test_the_size_limit_is_checked_before_checkout(tmp_path: Path, councils, cli) -> None:
    root = national(tmp_path, councils)
    (root / "mkdocs.yml").write_text(
        (root / "mkdocs.yml").read_text() + "      harvest_max_bytes: 100\n"
    )
    result = harvest(cli, root)
    assert "bytes, over the limit of 100" in result.output
    assert not list((root / ".tda/harvest").rglob("*.yaml"))


def test_a_tag_is_harvested_and_a_missing_one_is_a_finding(tmp_path: Path, councils, cli) -> None:
    camden = councils["camden"]
    git(camden.work, "tag", "-a", "v1", "-m", "release")
    git(camden.work, "push", "-q", str(camden.bare), "v1")
    camden.change({"catalog/later.yaml": product("later")})
    root = national(tmp_path, {"camden": camden})
    text = (
        (root / "mkdocs.yml")
        .read_text()
        .replace("          organisation:", "          ref: v1\n          organisation:")
    )
    (root / "mkdocs.yml").write_text(text)
    assert harvest(cli, root).exit_code == 0
    refs = open_repository(root).entities
    assert EntityRef.of("component", "camden", "report-a-pothole") in refs
    assert EntityRef.of("component", "camden", "later") not in refs
    assert "camden: unchanged" in harvest(cli, root).output
    (root / "mkdocs.yml").write_text(text.replace("ref: v1", "ref: v9"))
    missing = harvest(cli, root)
    assert "no branch or tag 'v9'" in missing.output


def test_a_source_claiming_this_catalogues_namespace_is_refused(
    tmp_path: Path, councils, cli
) -> None:
    root = national(tmp_path, councils, camden="default")
    write_tree(root, {"catalog/own.yaml": TEAM})
    result = harvest(cli, root)
    assert result.exit_code == 1
    assert (
        "source camden claims namespace 'default', which belongs to this catalogue" in result.output
    )
    catalogue = open_repository(root)
    assert EntityRef.of("component", "default", "report-a-pothole") not in catalogue.entities
    assert EntityRef.of("component", "islington", "potholes") in catalogue.entities


def test_a_source_that_never_answers_is_stopped_at_the_time_limit(
    tmp_path: Path, councils, cli
) -> None:
    import socket
    import threading
    import time

    server = socket.socket()
    server.bind(("127.0.0.1", 0))
    server.listen()
    held: list[socket.socket] = []
    threading.Thread(target=lambda: held.append(server.accept()[0]), daemon=True).start()
    silent = f"git://127.0.0.1:{server.getsockname()[1]}/catalogue.git"
    root = national(tmp_path, councils)
    text = (root / "mkdocs.yml").read_text()
    text = text.replace(
        "      harvest:\n",
        f"      harvest_timeout_seconds: 2\n      harvest:\n        - name: silent\n          url: {silent}\n",
    )
    (root / "mkdocs.yml").write_text(text)
    started = time.monotonic()
    result = harvest(cli, root)
    assert time.monotonic() - started < 30
    assert "silent: failed: took longer than the time limit" in result.output
    assert "camden: harvested" in result.output
    server.close()


def test_a_swap_cut_short_is_recovered(tmp_path: Path, councils, cli) -> None:
    root = national(tmp_path, councils)
    harvest(cli, root)
    cache = root / ".tda/harvest"
    (cache / "camden").replace(cache / ".camden.old")  # as if stopped between the two renames
    result = harvest(cli, root)
    assert "camden: unchanged" in result.output
    assert EntityRef.of("component", "camden", "report-a-pothole") in open_repository(root).entities

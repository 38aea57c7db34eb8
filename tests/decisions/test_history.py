"""History from real git repositories: authors, dates, status changes, and when there is none."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tda.decisions.history import decision_history
from tda.decisions.load import load_decisions
from tests.conftest import commit_all, write_tree

PROPOSED = "---\nstatus: proposed\ndate: 2026-01-05\n---\n# Use X\n\nText.\n"


def test_created_modified_and_status_changes(git_repo, tmp_path: Path) -> None:
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED})
    first = commit_all(git_repo, "propose", "2026-01-05T09:00:00+00:00")
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED + "\nMore context.\n"})
    commit_all(git_repo, "more context", "2026-01-10T09:00:00+00:00")
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED.replace("proposed", "accepted")})
    accepted = commit_all(git_repo, "accept", "2026-01-20T09:00:00+00:00")
    log = load_decisions(tmp_path / "decisions")
    history = decision_history(tmp_path, log.decisions)
    assert history.available
    record = history.of(log.decisions[0].file)
    assert record.created.sha == first and record.created.author == "Ada Reviewer"
    assert record.created.when.date() == dt.date(2026, 1, 5)
    assert record.modified.sha == accepted
    assert [(c.status, c.commit.when.date()) for c in record.status_changes] == [
        ("proposed", dt.date(2026, 1, 5)),
        ("accepted", dt.date(2026, 1, 20)),
    ]


def test_history_follows_renames(git_repo, tmp_path: Path) -> None:
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED})
    first = commit_all(git_repo, "propose", "2026-01-05T09:00:00+00:00")
    git_repo.git.mv("decisions/0001-use-x.md", "decisions/0002-use-x.md")
    commit_all(git_repo, "renumber", "2026-02-01T09:00:00+00:00")
    log = load_decisions(tmp_path / "decisions")
    record = decision_history(tmp_path, log.decisions).of(log.decisions[0].file)
    assert record.created.sha == first and len(record.commits) == 2


def test_outside_a_repository_says_why(tmp_path: Path) -> None:
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED})
    history = decision_history(tmp_path, load_decisions(tmp_path / "decisions").decisions)
    assert not history.available and "not in a git repository" in history.reason


def test_a_shallow_clone_says_why(git_repo, tmp_path: Path) -> None:
    import git

    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED})
    commit_all(git_repo, "one", "2026-01-05T09:00:00+00:00")
    write_tree(tmp_path, {"decisions/0002-use-y.md": PROPOSED})
    commit_all(git_repo, "two", "2026-01-06T09:00:00+00:00")
    clone = tmp_path.parent / f"{tmp_path.name}-shallow"
    git.Repo.clone_from(f"file://{tmp_path}", clone, depth=1)
    history = decision_history(clone, load_decisions(clone / "decisions").decisions)
    assert not history.available and "shallow" in history.reason


def _commit_as(repo, name: str, message: str, when: str) -> str:
    import os

    repo.git.add(A=True)
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": name,
        "GIT_AUTHOR_EMAIL": f"{name.split()[0].lower()}@example.org",
        "GIT_AUTHOR_DATE": when,
        "GIT_COMMITTER_DATE": when,
    }
    repo.git.commit("-m", message, env=env)
    return repo.head.commit.hexsha


def test_a_record_from_the_same_template_keeps_its_own_author(git_repo, tmp_path: Path) -> None:
    """`git log --follow` calls B a copy of A; a new path is a new record, by its own author."""
    from click.testing import CliRunner

    from tda.cli import main

    runner = CliRunner()
    write_tree(tmp_path, {"decisions/.keep": ""})
    result = runner.invoke(main, ["adr", "new", "Use A", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    _commit_as(git_repo, "Ann Author", "A", "2026-01-05T09:00:00+00:00")
    result = runner.invoke(main, ["adr", "new", "Use B", "--root", str(tmp_path)])
    assert result.exit_code == 0, result.output
    second = _commit_as(git_repo, "Bo Builder", "B", "2026-01-06T09:00:00+00:00")
    shown = runner.invoke(main, ["adr", "show", "ADR-0002", "--root", str(tmp_path)])
    assert "created:    2026-01-06 by Bo Builder" in shown.output
    log = load_decisions(tmp_path / "decisions")
    history = decision_history(tmp_path, log.decisions)
    b = history.of(log.get("ADR-0002").file)
    assert b.created.sha == second and len(b.commits) == 1
    assert b.last_status_change.commit.author == "Bo Builder"


def test_a_deleted_path_added_again_starts_afresh(git_repo, tmp_path: Path) -> None:
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED})
    commit_all(git_repo, "one", "2026-01-05T09:00:00+00:00")
    (tmp_path / "decisions/0001-use-x.md").unlink()
    commit_all(git_repo, "gone", "2026-01-06T09:00:00+00:00")
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED.replace("Use X", "Use Y")})
    again = commit_all(git_repo, "again", "2026-01-07T09:00:00+00:00")
    log = load_decisions(tmp_path / "decisions")
    record = decision_history(tmp_path, log.decisions).of(log.decisions[0].file)
    assert record.created.sha == again and len(record.commits) == 1


def test_status_changes_in_any_dialect_and_sub_folders(git_repo, tmp_path: Path) -> None:
    nygard = "# 1. Use X\n\nDate: 2026-01-05\n\n## Status\n\n{}\n\n## Context\n\nWhy.\n"
    write_tree(tmp_path, {"decisions/area/0001-use-x.md": nygard.format("Proposed")})
    commit_all(git_repo, "one", "2026-01-05T09:00:00+00:00")
    write_tree(tmp_path, {"decisions/area/0001-use-x.md": nygard.format("Accepted")})
    accepted = commit_all(git_repo, "two", "2026-01-09T09:00:00+00:00")
    log = load_decisions(tmp_path / "decisions")
    record = decision_history(tmp_path, log.decisions).of(log.decisions[0].file)
    assert record.last_status_change.status == "accepted"
    assert record.last_status_change.commit.sha == accepted


def test_tda509_reads_the_true_history(git_repo, tmp_path: Path) -> None:
    """B's record, written from the same text as A's, was accepted after its own meeting;
    `git log --follow` would lend it A's earlier commit and a false TDA509 naming Ann."""
    from tda.repository import load_catalogue
    from tests.governance.conftest import meeting, org

    text = "---\nstatus: accepted\ndate: 2026-01-01\nentities: []\n---\n# Decision\n\nSame.\n"

    def approve(number: int) -> str:
        return f"- decision: ADR-000{number}\n  for: decision\n  outcome: approved\n"

    quorate = ["ann", "bo", "cy"]
    write_tree(
        tmp_path,
        {
            "catalog/org.yaml": org(),
            "decisions/0001-a.md": text,
            "decisions/reviews/2026-01-03-tda.md": meeting("2026-01-03", quorate, approve(1)),
        },
    )
    _commit_as(git_repo, "Ann Author", "A", "2026-01-05T09:00:00+00:00")
    write_tree(
        tmp_path,
        {
            "decisions/0002-b.md": text,
            "decisions/reviews/2026-01-20-tda.md": meeting("2026-01-20", quorate, approve(2)),
        },
    )
    _commit_as(git_repo, "Bo Builder", "B", "2026-01-21T09:00:00+00:00")
    catalogue = load_catalogue(tmp_path, history=True)
    assert [d.code for d in catalogue.diagnostics] == []


def test_history_read_at_a_commit_is_kept_and_a_new_commit_is_read_again(
    git_repo, tmp_path: Path, own_cache_folder: Path
) -> None:
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED})
    commit_all(git_repo, "propose", "2026-01-05T09:00:00+00:00")
    log = load_decisions(tmp_path / "decisions")
    first = decision_history(tmp_path, log.decisions)
    assert len(list(own_cache_folder.glob("*-history"))) == 1
    again = decision_history(tmp_path, log.decisions)
    assert again.of(log.decisions[0].file).created == first.of(log.decisions[0].file).created
    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED.replace("proposed", "accepted")})
    accepted = commit_all(git_repo, "accept", "2026-01-20T09:00:00+00:00")
    log = load_decisions(tmp_path / "decisions")
    later = decision_history(tmp_path, log.decisions).of(log.decisions[0].file)
    assert later.modified.sha == accepted
    assert [c.status for c in later.status_changes] == ["proposed", "accepted"]


def test_kept_history_is_what_a_later_read_at_that_commit_uses(
    git_repo, tmp_path: Path, monkeypatch
) -> None:
    from tda import cache
    from tda.decisions import history as history_module

    write_tree(tmp_path, {"decisions/0001-use-x.md": PROPOSED})
    commit_all(git_repo, "propose", "2026-01-05T09:00:00+00:00")
    log = load_decisions(tmp_path / "decisions")
    decision_history(tmp_path, log.decisions)
    monkeypatch.setattr(history_module, "_read_log", lambda *args: iter(()))
    kept = decision_history(tmp_path, log.decisions)
    assert kept.of(log.decisions[0].file).created is not None, "read from the kept history"
    monkeypatch.setenv("TDA_CACHE", "off")
    assert cache.cache_enabled() is False
    fresh = decision_history(tmp_path, log.decisions)
    assert fresh.of(log.decisions[0].file).created is None, "read from git again"

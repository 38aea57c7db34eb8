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

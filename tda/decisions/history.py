"""What git knows about each decision: who wrote it, when, and when its status changed."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path

from tda.decisions.dialects import read_decision_text
from tda.decisions.model import Decision, Skipped


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    when: dt.datetime
    author: str
    path: str  # the file's path in that commit, which changes when it is renamed


@dataclass(frozen=True, slots=True)
class StatusChange:
    commit: Commit
    status: str
    status_text: str


@dataclass
class FileHistory:
    commits: list[Commit] = field(default_factory=list)  # oldest first
    status_changes: list[StatusChange] = field(default_factory=list)

    @property
    def created(self) -> Commit | None:
        return self.commits[0] if self.commits else None

    @property
    def modified(self) -> Commit | None:
        return self.commits[-1] if self.commits else None

    @property
    def last_status_change(self) -> StatusChange | None:
        return self.status_changes[-1] if self.status_changes else None


@dataclass
class History:
    available: bool
    reason: str | None = None
    files: dict[Path, FileHistory] = field(default_factory=dict)

    def of(self, path: Path) -> FileHistory:
        return self.files.get(path.resolve(), FileHistory())


def _open_repository(root: Path):  # type: ignore[no-untyped-def]
    import git

    try:
        return git.Repo(root, search_parent_directories=True), None
    except (git.InvalidGitRepositoryError, git.NoSuchPathError):
        return None, f"{root} is not in a git repository; dates come from the records alone"
    except git.GitCommandNotFound:
        return None, "git is not installed; dates come from the records alone"


def decision_history(root: Path, decisions: list[Decision]) -> History:
    """History of each decision file; says why when there is none (no repository, shallow)."""
    repo, reason = _open_repository(root)
    if repo is None:
        return History(False, reason)
    import git

    try:
        if repo.git.rev_parse("--is-shallow-repository") == "true":
            return History(
                False,
                "this is a shallow clone, so history is incomplete; "
                "dates come from the records (fetch with --unshallow for full history)",
            )
        repo.head.commit  # noqa: B018 - raises on a repository with no commits
    except (ValueError, git.GitCommandError):
        return History(False, "the repository has no commits yet; dates come from the records")
    work_tree = Path(repo.working_tree_dir or root).resolve()
    history = History(True)
    for decision in decisions:
        path = decision.file.resolve()
        if not path.is_relative_to(work_tree):
            continue
        history.files[path] = _file_history(repo, work_tree, path, decision)
    return history


def _file_history(repo, work_tree: Path, path: Path, decision: Decision) -> FileHistory:  # type: ignore[no-untyped-def]
    relative = path.relative_to(work_tree).as_posix()
    output = repo.git.log(
        "--follow", "--format=%x00%H%x09%aI%x09%an", "--name-only", "--", relative
    )
    commits: list[Commit] = []
    for chunk in output.split("\x00")[1:]:
        header, _, names = chunk.partition("\n")
        sha, when, author = header.split("\t", 2)
        name = next((n for n in names.splitlines() if n.strip()), relative)
        commits.append(Commit(sha, dt.datetime.fromisoformat(when), author, name))
    commits.reverse()
    result = FileHistory(commits)
    previous: str | None = None
    for commit in commits:
        try:
            text = repo.git.show(f"{commit.sha}:{commit.path}")
        except Exception:
            continue
        found, _ = read_decision_text(text, path, decision.display, decision.file.parent)
        if isinstance(found, Skipped):
            continue
        if found.status != previous:
            result.status_changes.append(StatusChange(commit, found.status, found.status_text))
            previous = found.status
    return result


def changed_with(root: Path, files: list[Path]) -> dict[Path, set[Path]]:
    """For each file, the other files changed in the commit that first added it.

    After two branches merge with the same decision number, the files that came in with a
    record (a meeting that reviewed it, the record it supersedes) are the ones whose mentions
    of its number mean that record.
    """
    repo, _ = _open_repository(root)
    if repo is None:
        return {}
    work_tree = Path(repo.working_tree_dir or root).resolve()
    result: dict[Path, set[Path]] = {}
    for path in files:
        resolved = path.resolve()
        if not resolved.is_relative_to(work_tree):
            continue
        relative = resolved.relative_to(work_tree).as_posix()
        shas = repo.git.log("--diff-filter=A", "--format=%H", "--", relative).splitlines()
        if not shas:
            continue
        names = repo.git.show("--name-only", "--format=", shas[-1]).splitlines()
        result[resolved] = {work_tree / name for name in names if name.strip()} - {resolved}
    return result


def first_commit_times(root: Path, files: list[Path]) -> dict[Path, dt.datetime]:
    repo, _ = _open_repository(root)
    if repo is None:
        return {}
    work_tree = Path(repo.working_tree_dir or root).resolve()
    times: dict[Path, dt.datetime] = {}
    for path in files:
        resolved = path.resolve()
        if not resolved.is_relative_to(work_tree):
            continue
        out = repo.git.log(
            "--diff-filter=A", "--format=%aI", "--", resolved.relative_to(work_tree).as_posix()
        ).splitlines()
        if out:
            times[path] = dt.datetime.fromisoformat(out[-1])
    return times

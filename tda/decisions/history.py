"""What git knows about each decision: who wrote it, when, and when its status changed.

The whole decisions folder is read in one pass over `git log` (renames followed, copies never:
a new record written from the same template as an older one is a new record, by its own
author), and every version of every record is read through one `git cat-file --batch`.
"""

from __future__ import annotations

import datetime as dt
import re
import subprocess
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from pathlib import Path

from tda import cache
from tda.decisions.dialects import normalise_status, read_decision_text
from tda.decisions.model import Decision, Skipped
from tda.yamlio import split_front_matter

_COMMIT = "\x1ecommit\x1f"
_NO_BLOB = "0" * 40


@dataclass(frozen=True, slots=True)
class Commit:
    sha: str
    when: dt.datetime
    author: str
    path: str  # the file's path in that commit, which changes when it is renamed
    blob: str = ""  # the file's content in that commit (a git object id)


@dataclass(frozen=True, slots=True)
class StatusChange:
    commit: Commit
    status: str
    status_text: str


@dataclass
class FileHistory:
    commits: list[Commit] = field(default_factory=list)  # oldest first
    status_changes: list[StatusChange] = field(default_factory=list)
    # the other paths (relative to the work tree) that the commit which added it also changed
    added_with: set[str] = field(default_factory=set)

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


def _git(work_tree: Path, *args: str, stdin: bytes | None = None) -> bytes:
    done = subprocess.run(
        ["git", "-C", str(work_tree), *args],
        input=stdin,
        capture_output=True,
        check=False,
    )
    if done.returncode != 0:
        raise _GitError(done.stderr.decode("utf-8", "replace").strip())
    return done.stdout


class _GitError(Exception):
    pass


def _work_tree(root: Path) -> tuple[Path | None, str | None]:
    """The repository's top folder, or why there is no usable history."""
    try:
        top = _git(root, "rev-parse", "--show-toplevel").decode().strip()
    except FileNotFoundError:
        return None, "git is not installed; dates come from the records alone"
    except (_GitError, NotADirectoryError):
        return None, f"{root} is not in a git repository; dates come from the records alone"
    work_tree = Path(top).resolve()
    if _git(work_tree, "rev-parse", "--is-shallow-repository").decode().strip() == "true":
        return None, (
            "this is a shallow clone, so history is incomplete; "
            "dates come from the records (fetch with --unshallow for full history)"
        )
    try:
        _git(work_tree, "rev-parse", "--verify", "-q", "HEAD")
    except _GitError:
        return None, "the repository has no commits yet; dates come from the records"
    return work_tree, None


@dataclass(frozen=True, slots=True)
class _Change:
    status: str  # A, M, D, R, T ...
    old_path: str
    path: str
    blob: str


@dataclass(frozen=True, slots=True)
class _LogEntry:
    sha: str
    when: dt.datetime
    author: str
    changes: tuple[_Change, ...]


def _read_log(work_tree: Path, folder: str) -> Iterator[_LogEntry]:
    """Every commit that touched the folder, oldest first, with what it did to each path."""
    raw = _git(
        work_tree,
        "-c",
        "core.quotepath=off",
        "log",
        "--reverse",
        "--topo-order",
        "--no-merges",
        "-M",
        "--raw",
        "--no-abbrev",
        "-z",
        f"--format={_COMMIT}%H\x1f%aI\x1f%an\x1f",
        "--",
        folder,
    ).decode("utf-8", "replace")
    for chunk in raw.split(_COMMIT)[1:]:
        sha, when, author, rest = chunk.split("\x1f", 3)
        yield _LogEntry(sha, dt.datetime.fromisoformat(when), author, tuple(_changes(rest)))


def _changes(rest: str) -> Iterator[_Change]:
    tokens = rest.lstrip("\n").split("\0")
    index = 0
    while index < len(tokens):
        meta = tokens[index].strip("\n")
        index += 1
        if not meta.startswith(":"):
            continue
        fields = meta[1:].split()
        if len(fields) < 5:
            continue
        blob, letter = fields[3], fields[4][0]
        if letter in "RC":
            old, new = tokens[index], tokens[index + 1]
            index += 2
        else:
            old = new = tokens[index]
            index += 1
        yield _Change(letter, old, new, blob)


def _lineages(entries: Iterable[_LogEntry]) -> dict[str, FileHistory]:
    """Current path -> its history: born where a commit added it, carried through renames."""
    alive: dict[str, FileHistory] = {}
    for entry in entries:
        touched = {change.path for change in entry.changes}
        for change in entry.changes:
            commit = Commit(entry.sha, entry.when, entry.author, change.path, change.blob)
            if change.status == "D":
                alive.pop(change.path, None)
                continue
            if change.status == "R":
                lineage = alive.pop(change.old_path, None) or FileHistory()
            elif change.status == "A" or change.path not in alive:
                lineage = FileHistory(added_with=touched - {change.path})
            else:
                lineage = alive[change.path]
            lineage.commits.append(commit)
            alive[change.path] = lineage
    return alive


def _blobs(work_tree: Path, blobs: set[str]) -> dict[str, str]:
    """The text of many git objects, through one `git cat-file --batch`."""
    ordered = sorted(b for b in blobs if b and b != _NO_BLOB)
    if not ordered:
        return {}
    out = _git(work_tree, "cat-file", "--batch", stdin="".join(f"{b}\n" for b in ordered).encode())
    texts: dict[str, str] = {}
    position = 0
    for blob in ordered:
        end = out.index(b"\n", position)
        line = out[position:end]
        position = end + 1
        header = line.split()
        if line.endswith((b" missing", b" ambiguous")) or len(header) != 3:
            continue
        size = int(header[2])
        texts[blob] = _decode(out[position : position + size])
        position += size + 1
    return texts


def _decode(data: bytes) -> str:
    from tda.decisions.dialects import decode_text

    try:
        return decode_text(data)
    except UnicodeDecodeError:
        return data.decode("utf-8", "replace")


def decision_history(root: Path, decisions: list[Decision]) -> History:
    """History of each decision file; says why when there is none (no repository, shallow)."""
    work_tree, reason = _work_tree(root)
    if work_tree is None:
        return History(False, reason)
    folders: dict[Path, Path] = {}
    wanted: dict[Path, Decision] = {}
    for decision in decisions:
        parent = decision.file.parent
        if parent not in folders:
            folders[parent] = parent.resolve()
        path = folders[parent] / decision.file.name
        if path.is_relative_to(work_tree):
            wanted[path] = decision
    if not wanted:
        return History(True)
    # A commit's history never changes: what was read at this commit for these records is kept.
    head = _git(work_tree, "rev-parse", "--verify", "-q", "HEAD").decode().strip()
    paths = sorted(str(path) for path in wanted)
    kept_as = cache.Fingerprint.of(work_tree, "history", head, *paths)
    kept = cache.load(kept_as) if cache.cache_enabled() else None
    if isinstance(kept, History):
        return kept
    history = _read_history(work_tree, wanted)
    if cache.cache_enabled():
        cache.store(kept_as, history)
    return history


def _read_history(work_tree: Path, wanted: dict[Path, Decision]) -> History:
    common = Path(
        *_common_parts([f.relative_to(work_tree).parts for f in {p.parent for p in wanted}])
    )
    lineages = _lineages(_read_log(work_tree, common.as_posix() or "."))
    found = {work_tree / path: lineage for path, lineage in lineages.items()}
    history = History(True)
    texts = _blobs(work_tree, {c.blob for p in wanted for c in found.get(p, FileHistory()).commits})
    for path, decision in wanted.items():
        lineage = found.get(path, FileHistory())
        lineage.status_changes = _status_changes(lineage, decision, texts)
        history.files[path] = lineage
    return history


def _common_parts(parts: list[tuple[str, ...]]) -> tuple[str, ...]:
    common = parts[0]
    for other in parts[1:]:
        size = 0
        while size < min(len(common), len(other)) and common[size] == other[size]:
            size += 1
        common = common[:size]
    return common


def _status_changes(
    lineage: FileHistory, decision: Decision, texts: dict[str, str]
) -> list[StatusChange]:
    changes: list[StatusChange] = []
    previous: str | None = None
    read: dict[str, tuple[str, str] | None] = {}
    for commit in lineage.commits:
        if commit.blob not in read:
            read[commit.blob] = _status_of(texts.get(commit.blob), decision)
        status = read[commit.blob]
        if status is None or status[0] == previous:
            continue
        changes.append(StatusChange(commit, *status))
        previous = status[0]
    return changes


_STATUS_LINE = re.compile(r"^status[ \t]*:[ \t]*(.*?)[ \t]*(?:[ \t]#.*)?\r?$", re.MULTILINE)
_PLAIN = re.compile(r"^[A-Za-z][A-Za-z \t-]*$")


def _front_matter_status(text: str) -> tuple[str, str] | None:
    """The status of a record with a plain `status:` front-matter line, without parsing the
    rest: most versions of most records, and the slow part when there are thousands."""
    found = split_front_matter(text.removeprefix("\ufeff"))
    if found is None:
        return None
    match = _STATUS_LINE.search(found[0])
    if match is None or not _PLAIN.match(match.group(1)):
        return None
    value = match.group(1)
    return normalise_status(value).status, value


def _status_of(text: str | None, decision: Decision) -> tuple[str, str] | None:
    if text is None:
        return None
    quick = _front_matter_status(text)
    if quick is not None:
        return quick
    found, _ = read_decision_text(text, decision.file, decision.display, decision.file.parent)
    if isinstance(found, Skipped):
        return None
    return found.status, found.status_text


def folder_history(root: Path, folder: Path) -> dict[Path, FileHistory]:
    """Every file now under folder with its history (no status reading), from one pass."""
    work_tree, _ = _work_tree(root)
    if work_tree is None or not folder.resolve().is_relative_to(work_tree):
        return {}
    relative = folder.resolve().relative_to(work_tree).as_posix() or "."
    return {
        work_tree / path: lineage
        for path, lineage in _lineages(_read_log(work_tree, relative)).items()
    }


def changed_with(root: Path, files: list[Path]) -> dict[Path, set[Path]]:
    """For each file, the other files changed in the commit that first added it.

    After two branches merge with the same decision number, the files that came in with a
    record (a meeting that reviewed it, the record it supersedes) are the ones whose mentions
    of its number mean that record.
    """
    work_tree, _ = _work_tree(root)
    if work_tree is None:
        return {}
    lineages = _lineages_of(work_tree, files)
    return {
        path: {work_tree / name for name in lineage.added_with}
        for path, lineage in lineages.items()
        if lineage.commits
    }


def first_commit_times(root: Path, files: list[Path]) -> dict[Path, dt.datetime]:
    work_tree, _ = _work_tree(root)
    if work_tree is None:
        return {}
    by_resolved = {path.resolve(): path for path in files}
    return {
        by_resolved[path]: lineage.commits[0].when
        for path, lineage in _lineages_of(work_tree, files).items()
        if lineage.commits
    }


def _lineages_of(work_tree: Path, files: list[Path]) -> dict[Path, FileHistory]:
    resolved = [p.resolve() for p in files if p.resolve().is_relative_to(work_tree)]
    if not resolved:
        return {}
    common = Path(*_common_parts([p.parent.relative_to(work_tree).parts for p in resolved]))
    lineages = _lineages(_read_log(work_tree, common.as_posix() or "."))
    wanted = set(resolved)
    return {work_tree / p: v for p, v in lineages.items() if work_tree / p in wanted}


def files_as_of(
    root: Path, days: Iterable[dt.date], files: Iterable[Path]
) -> dict[dt.date, dict[Path, str]]:
    """For each day, the text of each file as committed by the end of it (absent: not there).

    A day is left out when there is no git history, no commit that old, or the day is not
    before the last commit (the files as they are now, committed or not, say more about it).
    Three git commands in all, whatever the number of days and files.
    """
    work_tree, _ = _work_tree(root)
    if work_tree is None:
        return {}
    log = _git(work_tree, "log", "--first-parent", "--format=%H %cI", "HEAD").decode().split("\n")
    commits = [(dt.datetime.fromisoformat(when).date(), sha) for sha, when in _pairs(log)]
    if not commits:
        return {}
    last = commits[0][0]
    wanted = {
        path.resolve(): path.resolve().relative_to(work_tree).as_posix()
        for path in files
        if path.resolve().is_relative_to(work_tree)
    }
    at: dict[dt.date, str] = {}
    for day in set(days):
        if day >= last:
            continue
        sha = next((sha for when, sha in commits if when <= day), None)  # newest first
        if sha is not None:
            at[day] = sha
    versions = _versions(work_tree, sorted(set(wanted.values())), [sha for _, sha in commits])
    # Files seldom change between meetings: each distinct version is read (and later parsed)
    # once, however many days share it.
    texts = _blobs(work_tree, {blob for changes in versions.values() for _, blob in changes})
    position = {sha: index for index, (_, sha) in enumerate(commits)}
    found: dict[dt.date, dict[Path, str]] = {}
    for day, sha in at.items():
        found[day] = {}
        for path, rel in wanted.items():
            blob = _version_at(versions.get(rel, []), position[sha])
            if blob in texts:
                found[day][path] = texts[blob]
    return found


def _versions(
    work_tree: Path, paths: list[str], first_parent: list[str]
) -> dict[str, list[tuple[int, str]]]:
    """Each path's versions along the first-parent history, newest first: (position of the
    commit that made it, blob id, or "" where the commit deleted it). One `git log` in all."""
    if not paths:
        return {}
    position = {sha: index for index, sha in enumerate(first_parent)}
    out = _git(
        work_tree,
        "-c",
        "core.quotePath=false",
        "log",
        "--first-parent",
        "--diff-merges=first-parent",
        "--no-renames",
        "--raw",
        "--no-abbrev",
        "--format=%H",
        "HEAD",
        "--",
        *paths,
    ).decode("utf-8", "replace")
    versions: dict[str, list[tuple[int, str]]] = {}
    current = -1
    for line in out.splitlines():
        if line.startswith(":"):
            meta, _, path = line.partition("\t")
            new_blob = meta.split()[3]
            blob = "" if set(new_blob) == {"0"} else new_blob
            versions.setdefault(path, []).append((current, blob))
        elif line.strip():
            current = position.get(line.strip(), -1)
    return versions


def _version_at(changes: list[tuple[int, str]], at: int) -> str:
    """The blob a path had at the commit in that position (changes newest first)."""
    for made_at, blob in changes:
        if made_at >= at:
            return blob
    return ""


def _pairs(lines: list[str]) -> Iterator[tuple[str, str]]:
    for line in lines:
        if " " in line:
            sha, when = line.split(" ", 1)
            yield sha, when

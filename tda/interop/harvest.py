"""`tda harvest`: bring other councils' catalogues in over git, safely and incrementally.

Each source is fetched with git into the cache folder: shallow, hooks off, no submodules,
no symbolic link followed out of the checkout, with size, file-count and time limits. Its
catalogue is then read with tda's own loader (`tda.repository.load_catalogue`), and only when
it reads cleanly does its snapshot (descriptors under the source's namespace, each with its
provenance) replace the last good one. A source that fails keeps its last good snapshot,
marked stale, and the reason is reported; the other sources are unaffected.

A source whose remote commit has not moved since the last good harvest is neither fetched
nor read again.
"""

from __future__ import annotations

import contextlib
import copy
import datetime as dt
import json
import os
import posixpath
import re
import shutil
import signal
import subprocess
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor, as_completed
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

import yaml

from tda import codes
from tda.catalog.refs import RELATION_FIELDS, EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.config import HarvestSource, TdaConfig
from tda.decisions.store import locked
from tda.diagnostics import Diagnostic, Severity, diagnostic
from tda.harvested import (
    ANNOTATION_COMMIT,
    ANNOTATION_FILE,
    ANNOTATION_HARVESTED,
    ANNOTATION_ORGANISATION,
    ANNOTATION_REPOSITORY,
    ANNOTATION_SOURCE,
    SNAPSHOT_FOLDER,
    SOURCE_FILE,
    SourceState,
    cache_folder,
)
from tda.yamlio import read_yaml_file

GIT_TYPE = "git"
ANNOTATION_REF = "tda/harvest-ref"
ANNOTATION_PATH = "tda/harvest-path"
ANNOTATION_NAMESPACE = "tda/harvest-namespace"
PUBLICCODE_NAMES = ("publiccode.yml", "publiccode.yaml")
PARALLEL_SOURCES = 4


class SourceFailed(Exception):
    """A source could not be harvested; code and reason say why."""

    def __init__(self, code: str, reason: str) -> None:
        super().__init__(reason)
        self.code = code
        self.reason = reason


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int
    max_files: int
    seconds: float

    @classmethod
    def of(cls, config: TdaConfig) -> Limits:
        return cls(
            config.harvest_max_bytes, config.harvest_max_files, config.harvest_timeout_seconds
        )


@dataclass
class Outcome:
    """What happened to one source in this harvest."""

    source: HarvestSource
    status: str  # "harvested", "unchanged" or "failed"
    commit: str | None = None
    entities: int = 0
    seconds: float = 0.0
    finding: Diagnostic | None = None
    warnings: list[Diagnostic] = field(default_factory=list)


# --- sources ---------------------------------------------------------------------------------


def sources_of(catalogue: Catalogue) -> tuple[list[HarvestSource], list[Diagnostic]]:
    """The configured sources, then every Location of type git; clashing names are findings."""
    sources = list(catalogue.config.harvest)
    problems: list[Diagnostic] = []
    for location in catalogue.of_kind("location"):
        if str(location.spec.get("type")) != GIT_TYPE or location.metadata.get(
            "annotations", {}
        ).get(ANNOTATION_SOURCE):
            continue
        annotations = location.metadata.get("annotations") or {}
        target = location.spec.get("target") or next(iter(location.spec.get("targets") or []), None)
        try:
            sources.append(
                HarvestSource(
                    name=location.ref.name,
                    url=str(target or ""),
                    ref=annotations.get(ANNOTATION_REF),
                    path=str(annotations.get(ANNOTATION_PATH) or ""),
                    namespace=annotations.get(ANNOTATION_NAMESPACE),
                    organisation=location.metadata.get("title"),
                )
            )
        except ValueError as error:
            problems.append(
                diagnostic(
                    codes.HARVEST_SETTINGS,
                    f"Location {location.ref.short()} is not a usable harvest source: "
                    f"{str(error).splitlines()[0]}",
                    file=location.file,
                    line=location.line,
                    column=location.column,
                    hint="a git Location needs spec.target: the repository's URL",
                )
            )
    seen: set[str] = set()
    unique = []
    for source in sources:
        if source.name in seen:
            problems.append(
                diagnostic(
                    codes.HARVEST_SETTINGS,
                    f"two harvest sources are named {source.name}; the second was left out",
                    hint="give each source its own name",
                )
            )
            continue
        seen.add(source.name)
        unique.append(source)
    return unique, problems


def namespace_of(source: HarvestSource) -> str:
    return source.namespace or source.name


# --- git -------------------------------------------------------------------------------------


def _git_environment(home: Path) -> dict[str, str]:
    """No user or system settings (which could name a hooks folder), no prompts."""
    env = {key: value for key, value in os.environ.items() if not key.startswith("GIT_")}
    env.update(
        {
            "GIT_CONFIG_NOSYSTEM": "1",
            "GIT_CONFIG_GLOBAL": os.devnull,
            "GIT_TERMINAL_PROMPT": "0",
            "GIT_ASKPASS": "true",
            "HOME": str(home),
            "GIT_LFS_SKIP_SMUDGE": "1",
        }
    )
    return env


_SAFE = (
    "-c", "core.hooksPath=/dev/null",
    "-c", "core.symlinks=false",
    "-c", "submodule.recurse=false",
    "-c", "protocol.file.allow=always",
    "-c", "protocol.ext.allow=never",
    "-c", "core.fsmonitor=false",
    "-c", "advice.detachedHead=false",
)  # fmt: skip


class _Git:
    def __init__(self, home: Path, deadline: float) -> None:
        self.env = _git_environment(home)
        self.deadline = deadline

    def run(self, *args: str, cwd: Path | None = None) -> str:
        remaining = self.deadline - time.monotonic()
        if remaining <= 0:
            raise SourceFailed(codes.HARVEST_OVER_LIMIT, "took longer than the time limit")
        try:
            # A session of its own, so that a timeout ends git's helpers (upload-pack,
            # index-pack) as well as git itself.
            process = subprocess.Popen(
                ["git", *_SAFE, *args],
                cwd=cwd,
                env=self.env,
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.PIPE,
                start_new_session=True,
            )
        except FileNotFoundError:
            raise SourceFailed(codes.HARVEST_UNREACHABLE, "git is not installed") from None
        try:
            stdout, stderr = process.communicate(timeout=remaining)
        except subprocess.TimeoutExpired:
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.communicate()
            raise SourceFailed(
                codes.HARVEST_OVER_LIMIT, "took longer than the time limit"
            ) from None
        done = subprocess.CompletedProcess(process.args, process.returncode, stdout, stderr)
        if done.returncode != 0:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise SourceFailed(
                codes.HARVEST_UNREACHABLE, (message[-1] if message else "git failed")[:300]
            )
        return done.stdout.decode("utf-8", "replace")


def _check_url(url: str) -> None:
    if url.startswith("-") or "\n" in url:
        raise SourceFailed(codes.HARVEST_SETTINGS, f"{url!r} is not a repository URL")
    if "::" in url.split("/", 1)[0] or url.lower().startswith("ext::"):
        raise SourceFailed(codes.HARVEST_SETTINGS, "transport helpers (ext::) are not allowed")


def remote_commit(git: _Git, source: HarvestSource) -> str:
    """The commit the source's ref points at now, asked of the remote without fetching."""
    _check_url(source.url)
    wanted = source.ref or "HEAD"
    # An annotated tag names a tag object; its commit is listed as TAG^{}, asked for too.
    lines = git.run("ls-remote", "--", source.url, wanted, f"{wanted}^{{}}").splitlines()
    for line in lines:
        commit, _, name = line.partition("\t")
        if name in {wanted, f"refs/heads/{wanted}", f"refs/tags/{wanted}^{{}}"}:
            return commit
    for line in lines:
        commit, _, name = line.partition("\t")
        if name.endswith(f"/{wanted}"):
            return commit
    raise SourceFailed(codes.HARVEST_UNREACHABLE, f"the repository has no branch or tag {wanted!r}")


@dataclass(frozen=True, slots=True)
class TreeEntry:
    mode: str
    kind: str
    sha: str
    size: int
    path: str


def _tree(git: _Git, checkout: Path) -> list[TreeEntry]:
    entries = []
    for record in git.run("ls-tree", "-r", "-l", "-z", "HEAD", cwd=checkout).split("\0"):
        if not record:
            continue
        meta, _, path = record.partition("\t")
        mode, kind, sha, size = meta.split(maxsplit=3)
        entries.append(TreeEntry(mode, kind, sha, int(size) if size.strip().isdigit() else 0, path))
    return entries


def _check_tree(git: _Git, checkout: Path, entries: list[TreeEntry], limits: Limits) -> list[str]:
    """Limits and links, before anything is checked out; returns the links to leave out."""
    blobs = [entry for entry in entries if entry.kind == "blob"]
    if len(blobs) > limits.max_files:
        raise SourceFailed(
            codes.HARVEST_OVER_LIMIT, f"{len(blobs)} files, over the limit of {limits.max_files}"
        )
    total = sum(entry.size for entry in blobs)
    if total > limits.max_bytes:
        raise SourceFailed(
            codes.HARVEST_OVER_LIMIT, f"{total:,} bytes, over the limit of {limits.max_bytes:,}"
        )
    links = []
    for entry in blobs:
        if entry.mode != "120000":
            continue
        target = git.run("cat-file", "blob", entry.sha, cwd=checkout)
        joined = posixpath.normpath(posixpath.join(posixpath.dirname(entry.path), target))
        if target.startswith("/") or joined == ".." or joined.startswith("../"):
            raise SourceFailed(
                codes.HARVEST_LINK_OUT,
                f"{entry.path} is a symbolic link to {target}, outside the repository",
            )
        links.append(entry.path)
    return links


def fetch(git: _Git, source: HarvestSource, into: Path, limits: Limits) -> tuple[str, list[str]]:
    """A shallow checkout of the source in into; returns its commit and the links left out."""
    _check_url(source.url)
    args = ["clone", "--depth", "1", "--no-checkout", "--no-tags", "--single-branch"]
    if source.ref:
        args += ["--branch", source.ref]
    git.run(*args, "--", source.url, str(into))
    entries = _tree(git, into)
    links = _check_tree(git, into, entries, limits)
    git.run("checkout", "--quiet", "HEAD", cwd=into)
    for link in links:
        # With core.symlinks off a link is a small file holding its target; it is not content.
        (into / link).unlink(missing_ok=True)
    commit = git.run("rev-parse", "HEAD", cwd=into).strip()
    # Only the files are kept: no git folder, so nothing later runs git in a stranger's repo.
    shutil.rmtree(into / ".git", ignore_errors=True)
    return commit, links


# --- reading a source ------------------------------------------------------------------------


def _qualify_refs(data: dict[str, Any], old: str, new: str) -> None:
    """Point the entity's references at the source's namespace: what was default is now new."""
    kind = str(data.get("kind", "")).lower()
    spec = data.get("spec")
    if not isinstance(spec, dict):
        return
    for relation in RELATION_FIELDS.get(kind, ()):
        value = spec.get(relation.field)
        if value is None:
            continue
        values = value if isinstance(value, list) else [value]
        rewritten = []
        for text in values:
            target = try_parse_ref(text, default_kind=relation.default_kind, default_namespace=old)
            if target is not None and target.namespace == old:
                target = EntityRef(target.kind, new, target.name)
                rewritten.append(str(target))
            else:
                rewritten.append(text)
        spec[relation.field] = rewritten if isinstance(value, list) else rewritten[0]


def _provenance(source: HarvestSource, commit: str, harvested_at: str, file: str) -> dict[str, str]:
    return {
        ANNOTATION_SOURCE: source.name,
        ANNOTATION_ORGANISATION: source.organisation or source.name,
        ANNOTATION_REPOSITORY: source.url,
        ANNOTATION_COMMIT: commit,
        ANNOTATION_HARVESTED: harvested_at,
        ANNOTATION_FILE: file,
    }


def _meetings(loaded: Any) -> list[dict[str, Any]]:
    """The source's TDA meetings in brief: when, which forum, what was decided."""
    meetings = loaded.governance.meetings if loaded.governance else []
    return [
        {
            "date": meeting.date.isoformat(),
            "forum": meeting.record.forum,
            "title": meeting.record.title,
            "items": [
                {"decision": item.decision, "outcome": item.outcome}
                for item in meeting.record.items
            ],
        }
        for meeting in meetings
    ]


def read_source(
    checkout: Path, source: HarvestSource, commit: str, harvested_at: str
) -> tuple[dict[str, list[dict[str, Any]]], list[dict[str, Any]], list[dict[str, Any]]]:
    """The source's entities by original file (namespaced, with provenance), its decisions and
    its TDA meetings in brief.

    Raises SourceFailed when it is not a catalogue or its files do not read cleanly.
    """
    from tda.config import load_config
    from tda.interop.publiccode_check import check_file
    from tda.interop.publiccode_import import descriptors_for
    from tda.repository import load_catalogue

    base = (checkout / source.path).resolve()
    if not base.is_relative_to(checkout.resolve()) or not base.is_dir():
        raise SourceFailed(
            codes.HARVEST_NOT_A_CATALOGUE, f"there is no folder {source.path!r} in the repository"
        )
    escaping = next(_escapes(checkout), None)
    if escaping is not None:
        raise SourceFailed(codes.HARVEST_LINK_OUT, escaping)
    config = load_config(base).config
    publiccode = next((base / n for n in PUBLICCODE_NAMES if (base / n).is_file()), None)
    if not (base / config.catalog).exists() and publiccode is None:
        raise SourceFailed(
            codes.HARVEST_NOT_A_CATALOGUE,
            f"not a catalogue: no {config.catalog}/ folder and no publiccode.yml",
        )
    namespace = namespace_of(source)
    by_file: dict[str, list[dict[str, Any]]] = {}
    decisions: list[dict[str, Any]] = []
    meetings: list[dict[str, Any]] = []
    if (base / config.catalog).exists():
        loaded = load_catalogue(base, config, with_harvest=False)
        errors = [d for d in loaded.diagnostics if d.severity is Severity.ERROR]
        if errors:
            first = errors[0]
            where = Path(first.file or "").name if first.file else ""
            raise SourceFailed(
                codes.HARVEST_INVALID_FILES,
                f"{len(errors)} errors in its files, the first: {where}:{first.line}: "
                f"{first.code} {first.message}",
            )
        for entity in loaded.entities.values():
            if entity.ref.kind == "location" and entity.spec.get("type") != "url":
                continue  # its targets are harvested in its place; git sources are not followed
            data = copy.deepcopy(entity.data)
            file = _relative(entity.file, base)
            old = entity.ref.namespace
            if old == "default":
                data["metadata"]["namespace"] = namespace
                _qualify_refs(data, "default", namespace)
            annotations = data["metadata"].setdefault("annotations", {})
            annotations.update(_provenance(source, commit, harvested_at, file))
            by_file.setdefault(file, []).append(data)
        if loaded.decisions:
            decisions = [
                {
                    "id": d.id,
                    "title": d.title,
                    "status": d.status,
                    "date": d.date.isoformat() if d.date else None,
                }
                for d in loaded.decisions.decisions
            ]
        meetings = _meetings(loaded)
    if publiccode is not None:
        report = check_file(publiccode, publiccode.name)
        if report.model is not None:
            for data in descriptors_for(report.model, publiccode, namespace):
                annotations = data["metadata"].setdefault("annotations", {})
                annotations.update(_provenance(source, commit, harvested_at, publiccode.name))
                by_file.setdefault(publiccode.name, []).append(data)
    return by_file, decisions, meetings


_GLOB = re.compile(r"[*?\[]")


def _inside(path: Path, checkout: Path) -> bool:
    return path.resolve().is_relative_to(checkout.resolve())


def _escapes(checkout: Path) -> Iterator[str]:
    """Placeholders and Location targets that would read a file outside the checkout.

    tda's loader reads what they name from disk; in another council's repository that must
    never be anything but its own files.
    """
    for file in sorted(checkout.rglob("*")):
        if file.suffix not in {".yaml", ".yml"} or not file.is_file():
            continue
        for document in read_yaml_file(file, file.name).documents:
            yield from _document_escapes(document.data, file, checkout)


def _document_escapes(data: Any, file: Path, checkout: Path) -> Iterator[str]:
    stack = [data]
    while stack:
        node = stack.pop()
        if isinstance(node, list):
            stack.extend(node)
        elif isinstance(node, dict):
            if len(node) == 1 and next(iter(node)) in {"$text", "$json", "$yaml"}:
                value = next(iter(node.values()))
                if (
                    isinstance(value, str)
                    and "://" not in value
                    and not _inside(file.parent / value, checkout)
                ):
                    yield f"{file.relative_to(checkout)} reads {value}, outside the repository"
                continue
            stack.extend(node.values())
    if isinstance(data, dict) and str(data.get("kind", "")).lower() == "location":
        spec = data.get("spec") if isinstance(data.get("spec"), dict) else {}
        if str(spec.get("type", "file")) != "file":
            return
        targets = [spec.get("target"), *(spec.get("targets") or [])]
        for target in targets:
            if not isinstance(target, str):
                continue
            fixed = _GLOB.split(target, maxsplit=1)[0]
            if target.startswith("/") or not _inside(file.parent / (fixed or "."), checkout):
                yield f"{file.relative_to(checkout)} points at {target}, outside the repository"


def _relative(file: str, base: Path) -> str:
    path = Path(file)
    if not path.is_absolute():
        path = (Path.cwd() / path).resolve()
    return path.relative_to(base).as_posix() if path.is_relative_to(base) else path.name


# --- the snapshot ----------------------------------------------------------------------------


def _write_snapshot(
    folder: Path,
    by_file: dict[str, list[dict[str, Any]]],
    state: SourceState,
) -> None:
    """Write the new snapshot beside the old one, then swap: it lands whole or not at all."""
    staging = folder.with_name(f".{folder.name}.new")
    shutil.rmtree(staging, ignore_errors=True)
    snapshot = staging / SNAPSHOT_FOLDER
    snapshot.mkdir(parents=True)
    for index, (file, documents) in enumerate(sorted(by_file.items())):
        stem = "".join(c if c.isalnum() or c in "-_" else "-" for c in file)[:80]
        text = "---\n".join(
            yaml.safe_dump(d, sort_keys=False, allow_unicode=True, width=100) for d in documents
        )
        (snapshot / f"{index:04d}-{stem}.yaml").write_text(text, encoding="utf-8")
    (staging / SOURCE_FILE).write_text(json.dumps(asdict(state), indent=2), encoding="utf-8")
    old = folder.with_name(f".{folder.name}.old")
    shutil.rmtree(old, ignore_errors=True)
    if folder.exists():
        folder.replace(old)
    staging.replace(folder)
    shutil.rmtree(old, ignore_errors=True)


def _recover(folder: Path) -> None:
    """Finish a swap that was cut short: the old snapshot comes back if no new one landed."""
    old = folder.with_name(f".{folder.name}.old")
    if old.is_dir() and not folder.exists():
        old.replace(folder)
    shutil.rmtree(folder.with_name(f".{folder.name}.new"), ignore_errors=True)


def _previous(folder: Path) -> SourceState | None:
    try:
        return SourceState.from_json(json.loads((folder / SOURCE_FILE).read_text("utf-8")))
    except (OSError, ValueError, TypeError):
        return None


def _mark_failed(folder: Path, source: HarvestSource, reason: str) -> None:
    """Keep the last good snapshot, marked stale; record the failure when there is none."""
    state = _previous(folder) or SourceState(
        source.name, source.url, namespace_of(source), source.organisation or source.name
    )
    state.stale = True
    state.reason = reason
    folder.mkdir(parents=True, exist_ok=True)
    partial = folder / f".{SOURCE_FILE}.partial"
    partial.write_text(json.dumps(asdict(state), indent=2), encoding="utf-8")
    partial.replace(folder / SOURCE_FILE)


# --- the harvest -----------------------------------------------------------------------------


def harvest_source(
    source: HarvestSource, cache: Path, limits: Limits, *, now: str | None = None
) -> Outcome:
    """Harvest one source into cache/<name>; on failure the last good snapshot stays."""
    started = time.monotonic()
    folder = cache / source.name
    outcome = Outcome(source, "failed")
    work = cache / f".{source.name}.work"
    try:
        _recover(folder)
        shutil.rmtree(work, ignore_errors=True)
        work.mkdir(parents=True)
        git = _Git(work, started + limits.seconds)
        commit = remote_commit(git, source)
        previous = _previous(folder)
        if (
            previous is not None
            and previous.commit == commit
            and not previous.stale
            and (folder / SNAPSHOT_FOLDER).is_dir()
            and previous.url == source.url
            and previous.path == source.path
        ):
            outcome.status, outcome.commit, outcome.entities = (
                "unchanged",
                commit,
                previous.entities,
            )
            return outcome
        checkout = work / "checkout"
        fetched, links = fetch(git, source, checkout, limits)
        commit = fetched or commit
        harvested_at = now or dt.datetime.now(dt.UTC).replace(microsecond=0).isoformat()
        by_file, decisions, meetings = read_source(checkout, source, commit, harvested_at)
        state = SourceState(
            name=source.name,
            url=source.url,
            namespace=namespace_of(source),
            organisation=source.organisation or source.name,
            commit=commit,
            ref=source.ref,
            harvested_at=harvested_at,
            entities=sum(len(documents) for documents in by_file.values()),
            decisions=decisions,
            meetings=meetings,
            path=source.path,
        )
        _write_snapshot(folder, by_file, state)
        outcome.status, outcome.commit, outcome.entities = "harvested", commit, state.entities
        outcome.warnings = [
            _as_warning(
                diagnostic(
                    codes.HARVEST_LINK_OUT,
                    f"source {source.name}: symbolic link {link} was left out",
                    file=f"{source.name}:{link}",
                    hint="links are never followed",
                )
            )
            for link in links
        ]
    except SourceFailed as failure:
        _mark_failed(folder, source, failure.reason)
        outcome.finding = diagnostic(
            failure.code,
            f"source {source.name} ({source.url}): {failure.reason}",
            file=source.name,
            hint=_HINTS.get(failure.code, "fix the source; its last good harvest is kept"),
        )
    except OSError as error:
        _mark_failed(folder, source, str(error))
        outcome.finding = diagnostic(
            codes.HARVEST_UNREACHABLE,
            f"source {source.name}: {error}",
            file=source.name,
            hint="its last good harvest is kept",
        )
    finally:
        shutil.rmtree(work, ignore_errors=True)
        outcome.seconds = time.monotonic() - started
    return outcome


def _as_warning(item: Diagnostic) -> Diagnostic:
    """A link inside the source is left out, which is worth a warning, not a failure."""
    from dataclasses import replace

    return replace(item, severity=Severity.WARNING)


_HINTS = {
    codes.HARVEST_SETTINGS: "fix the source's URL in the harvest settings",
    codes.HARVEST_UNREACHABLE: "check the URL and ref; its last good harvest is kept",
    codes.HARVEST_NOT_A_CATALOGUE: "point the source at a repository with a catalog/ folder "
    "or a publiccode.yml",
    codes.HARVEST_OVER_LIMIT: "the source is too big or too slow; "
    "raise the harvest limits if it is trusted",
    codes.HARVEST_LINK_OUT: "the source must not link outside itself; "
    "its last good harvest is kept",
    codes.HARVEST_INVALID_FILES: "the source must pass `tda validate`; "
    "its last good harvest is kept",
}


def harvest(
    root: Path,
    catalogue: Catalogue,
    *,
    only: list[str] | None = None,
    progress: Callable[[Outcome], None] | None = None,
) -> tuple[list[Outcome], list[Diagnostic]]:
    """Harvest every source (or those named in only), one after another."""
    sources, problems = sources_of(catalogue)
    if only:
        unknown = sorted(set(only) - {s.name for s in sources})
        if unknown:
            from tda.errors import UsageError

            raise UsageError(f"no harvest source named {', '.join(unknown)}")
        sources = [s for s in sources if s.name in only]
    cache = cache_folder(root, catalogue.config)
    cache.mkdir(parents=True, exist_ok=True)
    _ignore_cache(cache)
    limits = Limits.of(catalogue.config)
    # Sources are independent (each its own folders), and fetching is mostly waiting on the
    # network, so a few run at once; progress is shown as each one finishes.
    with locked(cache), ThreadPoolExecutor(max_workers=PARALLEL_SOURCES) as pool:
        futures = {pool.submit(harvest_source, s, cache, limits): s for s in sources}
        for future in as_completed(futures):
            if progress is not None:
                progress(future.result())
        outcomes = [next(f for f in futures if futures[f] is s).result() for s in sources]
    return outcomes, problems


def _ignore_cache(cache: Path) -> None:
    """The cache is rebuilt by `tda harvest`; it does not belong in the catalogue's history."""
    marker = cache / ".gitignore"
    if not marker.exists():
        marker.write_text("*\n", encoding="utf-8")


def iter_findings(outcomes: list[Outcome]) -> Iterator[Diagnostic]:
    for outcome in outcomes:
        if outcome.finding is not None:
            yield outcome.finding
        yield from outcome.warnings

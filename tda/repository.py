"""A catalogue repository read into one Catalogue: descriptors, decisions, meetings, templates,
git history, then every catalogue-wide check.

This is the one module that imports every domain package; none of them imports it.
"""

from __future__ import annotations

from collections.abc import Iterable
from pathlib import Path

from tda import cache, codes, rules
from tda.catalog.graph import RelationGraph
from tda.catalog.load import display_path, read_descriptors
from tda.catalog.template import load_templates
from tda.catalogue import Catalogue
from tda.config import TdaConfig, load_config
from tda.decisions.history import History, decision_history
from tda.decisions.load import DecisionLog, load_decisions
from tda.diagnostics import Diagnostic, apply_severity_overrides, diagnostic, sort_key
from tda.errors import UsageError
from tda.governance.load import load_governance
from tda.harvested import Harvested, load_harvested
from tda.yamlio import gc_paused


def open_repository(
    root: Path,
    paths: Iterable[Path] | None = None,
    *,
    history: bool = False,
    require_catalog: bool = False,
    cached: bool = False,
) -> Catalogue:
    """The catalogue of the repository at root, with its mkdocs.yml settings applied.

    With paths, only those descriptor files and folders are read, as one catalogue. With
    require_catalog, a repository without its catalogue folder is a usage error: there is
    nothing to check, which is not the same as a catalogue with findings. With cached, the
    catalogue an earlier command loaded from exactly the same files is used (`tda.cache`).
    """
    if not root.is_dir():
        raise UsageError(f"no such folder: {root}")
    for path in paths or ():
        if not path.exists():
            raise UsageError(f"no such file or folder: {path}")
    loaded = load_config(root)
    config = loaded.config
    marks = [root / "mkdocs.yml", root / config.catalog, root / config.decisions]
    if paths is None and not any(mark.exists() for mark in marks):
        raise UsageError(
            f"{root} is not a catalogue repository: it has no mkdocs.yml, "
            f"{config.catalog}/ or {config.decisions}/",
            hint="run `tda init` there, or point --root at a catalogue repository",
        )
    catalog = root / loaded.config.catalog
    if require_catalog and not paths and not catalog.exists():
        raise UsageError(
            f"there is no {loaded.config.catalog} (the descriptors) in {root}",
            hint="run tda in the catalogue repository, point --root at it, "
            "or lay one out with `tda init`",
        )
    fingerprint = _fingerprint(root, config, history) if cached and paths is None else None
    kept = cache.load(fingerprint) if fingerprint else None
    if isinstance(kept, Catalogue):
        return kept
    catalogue = load_catalogue(root, loaded.config, list(paths) if paths else None, history=history)
    catalogue.diagnostics[:0] = loaded.diagnostics
    if fingerprint and _all_inside(catalogue):
        cache.store(fingerprint, catalogue)
    return catalogue


def _fingerprint(root: Path, config: TdaConfig, history: bool) -> cache.Fingerprint | None:
    if not cache.cache_enabled():
        return None
    root = root.resolve()
    # File names in findings are shown relative to the working folder, so it is part of the key.
    settings = f"history={history}\0cwd={Path.cwd()}"
    folders = (config.catalog, config.decisions, config.templates, config.harvest_cache)
    elsewhere = [root / folder for folder in folders]
    return cache.Fingerprint(root, settings, frozenset({root / "site"}), elsewhere)


def _all_inside(catalogue: Catalogue) -> bool:
    """Whether every descriptor read lies in the repository, where the fingerprint looks."""
    return all(
        entity.source is None or entity.source.is_relative_to(catalogue.root)
        for entity in catalogue.entities.values()
    )


def load_catalogue(
    root: Path,
    config: TdaConfig | None = None,
    paths: Iterable[Path] | None = None,
    *,
    history: bool = False,
    with_harvest: bool = True,
) -> Catalogue:
    """Read the catalogue of the repository at root, or only the given files and folders.

    With history, decisions are also checked against git (who set a status, and when).
    Without with_harvest, what `tda harvest` brought in is left out (reading a source itself).
    """
    # The catalogue is a large tree of small objects freed by reference counting; letting the
    # cyclic collector scan it again and again while it grows costs more than the checks.
    with gc_paused():
        return _assemble(root.resolve(), config or TdaConfig(), paths, history, with_harvest)


def _assemble(
    root: Path, config: TdaConfig, paths: Iterable[Path] | None, history: bool, with_harvest: bool
) -> Catalogue:
    descriptors = read_descriptors(root, config, paths)
    harvested = (
        load_harvested(root, config, descriptors.entities, [s.name for s in config.harvest])
        if paths is None and with_harvest
        else Harvested()
    )
    descriptors.entities.update(harvested.entities)
    catalogue = Catalogue(
        root=root,
        config=config,
        entities=descriptors.entities,
        duplicates=descriptors.duplicates,
        flawed={e.ref: e for e in descriptors.flawed if e.ref not in descriptors.entities},
        files=descriptors.files,
        documents=descriptors.documents,
    )
    catalogue.harvest = harvested.sources
    catalogue.graph = RelationGraph.from_entities(catalogue.entities.values())
    problems = [*descriptors.problems, *harvested.diagnostics, *_stale(harvested)]
    if paths is None:
        attach_decisions(catalogue, load_decisions(root / config.decisions, display_path))
        catalogue.governance = load_governance(root / config.decisions, display_path)
        catalogue.templates, template_problems = load_templates(
            root / config.templates, display_path
        )
        problems.extend(template_problems)
    if catalogue.decisions:
        problems.extend(catalogue.decisions.diagnostics)
    wants_history = (
        history and paths is None and bool(catalogue.decisions and catalogue.decisions.decisions)
    )
    catalogue.history = _history(catalogue) if wants_history else None
    problems.extend(rules.check(catalogue, catalogue.history))
    if catalogue.history is not None and not catalogue.history.available:
        problems.append(diagnostic(codes.NO_GIT_HISTORY, str(catalogue.history.reason)))
    catalogue.diagnostics = sorted(
        apply_severity_overrides(problems, config.severity), key=sort_key
    )
    return catalogue


def _stale(harvested: Harvested) -> list[Diagnostic]:
    return [
        diagnostic(
            codes.HARVEST_STALE,
            f"source {state.name}: the last harvest failed ({state.reason}); "
            f"showing the harvest of {state.harvested_at} at commit {(state.commit or '?')[:12]}",
            file=state.name,
            hint="fix the source, or remove it from the harvest settings",
        )
        for state in harvested.sources
        if state.stale and state.has_snapshot
    ]


def _history(catalogue: Catalogue) -> History | None:
    if catalogue.decisions is None:
        return None
    return decision_history(catalogue.root, catalogue.decisions.decisions)


def attach_decisions(catalogue: Catalogue, log: DecisionLog) -> None:
    """Give the catalogue its decisions, and each entity the decisions that bind it."""
    catalogue.decisions = log
    for decision in log.decisions:
        for ref in catalogue.decision_entities(decision):
            catalogue.bound_by.setdefault(ref, []).append(decision)

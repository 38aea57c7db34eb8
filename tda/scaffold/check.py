"""Checks made in staging, before anything is moved into place: that no value changes the
structure of a YAML file it is written into, and that what a run produces is valid together
with the catalogue it registers into, by the catalogue's own rules."""

from __future__ import annotations

import os
import re
import shutil
import tempfile
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda import codes
from tda.catalogue import Catalogue
from tda.decisions.load import DecisionLog
from tda.decisions.store import NewDecision, new_decision
from tda.diagnostics import Diagnostic, format_text
from tda.errors import ScaffoldError
from tda.yamlio import read_yaml_text

# A value made only of these cannot start a new key, item, document, flow collection or comment.
_PLAIN = re.compile(r"^[A-Za-z0-9_][A-Za-z0-9 _./@+-]*$")
_NOT_COPIED = frozenset({".git", "site", "node_modules", ".venv", "venv", "__pycache__", ".tox"})


# -- values that change YAML -----------------------------------------------------------------------


def _plain(value: Any) -> bool:
    if isinstance(value, str):
        return not value or (bool(_PLAIN.match(value)) and not value.endswith(" "))
    if isinstance(value, list):
        return all(_plain(v) for v in value)
    if isinstance(value, dict):
        return all(_plain(v) for v in value.values())
    return True


def _neutral(value: Any, index: int) -> Any:
    """A value of the same kind and truth that no YAML parser reads as structure."""
    if isinstance(value, str):
        return f"tdavalue{index}" if value else value
    if isinstance(value, list):
        return [_neutral(v, index) for v in value]
    if isinstance(value, dict):
        return {k: _neutral(v, index) for k, v in value.items()}
    return value


def _shape(value: Any) -> Any:
    """The structure of parsed YAML: mappings and sequences, every scalar alike."""
    if isinstance(value, dict):
        return ("map", tuple(_shape(v) for v in value.values()))
    if isinstance(value, list):
        return ("seq", tuple(_shape(v) for v in value))
    return "scalar"


def yaml_shape(text: str) -> Any | None:
    parsed = read_yaml_text(text, "rendered")
    if parsed.diagnostics:
        return None
    return tuple(_shape(d.data) for d in parsed.documents)


@dataclass
class StructureCheck:
    """Renders one YAML file again with neutral stand-ins for the parameters' values."""

    parameters: dict[str, Any]
    render: Callable[[dict[str, Any]], str]  # parameters -> the file's text

    def unplain(self) -> list[str]:
        return [name for name, value in self.parameters.items() if not _plain(value)]

    def with_neutral(self, keep: str | None = None) -> dict[str, Any]:
        return {
            name: value if name == keep or _plain(value) else _neutral(value, index)
            for index, (name, value) in enumerate(self.parameters.items())
        }

    def culprits(self, rendered: str) -> list[str]:
        """The parameters whose values make the rendered text differ in structure from the same
        file rendered with neutral values."""
        suspects = self.unplain()
        if not suspects:
            return []
        neutral = yaml_shape(self.render(self.with_neutral()))
        if neutral is None or yaml_shape(rendered) == neutral:
            return []  # the template itself does not render to YAML: its own author's problem
        return [
            name for name in suspects if yaml_shape(self.render(self.with_neutral(name))) != neutral
        ]


# -- the catalogue in staging ----------------------------------------------------------------------


@dataclass
class Staged:
    """What a run adds to the catalogue, to be tried in a copy of it first."""

    output: Path  # where the new repository goes
    workdir: Path  # where it is now
    locations: list[tuple[Path, str]] = field(default_factory=list)  # file, descriptor path
    decisions: list[NewDecision] = field(default_factory=list)


def _key(problem: Diagnostic, base: Path) -> tuple[str, str, str]:
    where = ""
    if problem.file:
        path = Path(problem.file)
        path = path if path.is_absolute() else Path.cwd() / path
        try:
            where = path.resolve().relative_to(base.resolve()).as_posix()
        except ValueError:
            where = str(path)
    return problem.code, where, problem.message


def _ignore(root: Path, skip: Iterable[Path]) -> Callable[[str, list[str]], set[str]]:
    skipped = {p.resolve() for p in skip}

    def ignore(folder: str, names: list[str]) -> set[str]:
        here = Path(folder)
        return {
            n for n in names if n in _NOT_COPIED or ".tda-" in n or (here / n).resolve() in skipped
        }

    return ignore


def _copy_catalogue(catalogue: Catalogue, into: Path, skip: list[Path]) -> None:
    shutil.copytree(catalogue.root, into, symlinks=True, ignore=_ignore(catalogue.root, skip))


def _relative_inside(path: Path, root: Path) -> Path | None:
    try:
        return path.resolve().relative_to(root.resolve())
    except ValueError:
        return None


def _errors(problems: Iterable[Diagnostic]) -> list[Diagnostic]:
    return [p for p in problems if p.severity == "error"]


def _shown(problems: list[Diagnostic], replacements: list[tuple[Path, Path]]) -> str:
    text = format_text(problems)
    for staged, real in replacements:
        text = text.replace(str(staged), str(real))
        relative = os.path.relpath(staged)
        if not relative.startswith(".."):
            text = text.replace(relative, os.path.relpath(real))
    return text


def new_repository_errors(workdir: Path) -> list[Diagnostic]:
    """The new repository checked on its own, as `tda validate` there would check it."""
    from tda.repository import open_repository

    if not any((workdir / n).exists() for n in ("mkdocs.yml", "catalog", "decisions")):
        return []
    catalogue = open_repository(workdir)
    return [p for p in _errors(catalogue.diagnostics) if p.code != codes.FILE_UNREADABLE]


def catalogue_errors(catalogue: Catalogue, staged: Staged) -> tuple[list[Diagnostic], str]:
    """Errors the run would add to the catalogue, and their text with real paths."""
    from tda.repository import load_catalogue

    root = catalogue.root
    inside = _relative_inside(staged.output, root)
    before = {_key(p, root) for p in _errors(catalogue.diagnostics)}
    check = Path(tempfile.mkdtemp(prefix=f"tda-check-{os.getpid()}-"))
    try:
        copy = check / "catalogue"
        _copy_catalogue(catalogue, copy, [staged.output, staged.workdir])
        new_root = staged.workdir
        if inside is not None:
            new_root = copy / inside
            shutil.copytree(
                staged.workdir, new_root, dirs_exist_ok=True, ignore=shutil.ignore_patterns(".git")
            )
        for location, descriptor in staged.locations:
            staged_file = copy / location.resolve().relative_to(root)
            staged_file.parent.mkdir(parents=True, exist_ok=True)
            target = os.path.relpath(new_root / descriptor, staged_file.parent)
            staged_file.write_text(
                "apiVersion: backstage.io/v1alpha1\nkind: Location\n"
                f"metadata:\n  name: {staged_file.stem}-staged\n"
                f"spec:\n  type: file\n  target: {target}\n",
                encoding="utf-8",
            )
        log = DecisionLog(folder=copy / catalogue.config.decisions)
        for record in staged.decisions:
            new_decision(log, record)
        after = load_catalogue(copy, catalogue.config)
        added = [p for p in _errors(after.diagnostics) if _key(p, copy) not in before]
        return added, _shown(added, [(new_root, staged.output), (copy, root)])
    finally:
        shutil.rmtree(check, ignore_errors=True)


def check_in_staging(catalogue: Catalogue, staged: Staged, *, registers: bool) -> None:
    """Refuse the run when what it made is not valid, alone or in the catalogue."""
    alone = new_repository_errors(staged.workdir)
    if alone:
        raise ScaffoldError(
            f"the new repository would not pass `tda validate`; nothing was written:\n"
            f"{_shown(alone, [(staged.workdir, staged.output)])}"
        )
    if not (registers or staged.decisions or _relative_inside(staged.output, catalogue.root)):
        return
    added, text = catalogue_errors(catalogue, staged)
    if added:
        raise ScaffoldError(
            f"the catalogue would not pass `tda validate` with what this run makes; "
            f"nothing was written:\n{text}"
        )

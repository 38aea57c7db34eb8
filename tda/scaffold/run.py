"""Running a template: steps into a temporary folder, moved into place only when all succeeded."""

from __future__ import annotations

import datetime as dt
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from fnmatch import fnmatch
from pathlib import Path, PurePosixPath
from typing import Any

from tda.catalog.template import Template
from tda.catalogue import Catalogue
from tda.decisions.store import NewDecision, new_decision, render, slugify, write_new
from tda.errors import ScaffoldError, UsageError
from tda.scaffold.params import errors, missing, with_defaults
from tda.scaffold.render import RenderError, render_string, render_value
from tda.yamlio import read_yaml_file


@dataclass
class Options:
    output: Path
    dry_run: bool = False
    force: bool = False
    skip_unsupported: bool = False


@dataclass
class Outcome:
    output: Path
    files: list[str] = field(default_factory=list)
    steps: list[str] = field(default_factory=list)
    registered: list[Path] = field(default_factory=list)
    decisions: list[Path] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    commit: str | None = None


@dataclass
class _Later:
    """Writes outside the new repository, done only once it is in place."""

    locations: list[tuple[Path, str]] = field(default_factory=list)
    decisions: list[NewDecision] = field(default_factory=list)


def _is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


class Runner:
    def __init__(
        self, template: Template, values: dict[str, Any], catalogue: Catalogue, options: Options
    ) -> None:
        self.template = template
        self.catalogue = catalogue
        self.options = options
        self.context: dict[str, Any] = {
            "parameters": values,
            "steps": {},
            "user": {"entity": {}, "ref": ""},
            "context": {"task": {"id": "tda-scaffold"}},
        }
        self.outcome = Outcome(options.output)
        self.later = _Later()
        self.workdir = Path()
        self.actions: dict[str, Callable[[dict[str, Any]], dict[str, Any]]] = {
            "fetch:template": self.fetch_template,
            "fetch:plain": self.fetch_plain,
            "catalog:register": self.register,
            "tda:adr": self.first_decision,
            "git:init": self.git_init,
            "debug:log": self.debug_log,
        }

    # -- the run -----------------------------------------------------------------------------

    def run(self) -> Outcome:
        self._check_before_writing()
        output = self.options.output
        if self.options.dry_run:
            self.workdir = Path(tempfile.mkdtemp(prefix="tda-dry-run-"))
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            self.workdir = Path(tempfile.mkdtemp(prefix=f".{output.name}.tda-", dir=output.parent))
        try:
            for index, step in enumerate(self.template.steps):
                self._step(index, step)
            self.outcome.files = sorted(
                p.relative_to(self.workdir).as_posix()
                for p in self.workdir.rglob("*")
                if p.is_file() and ".git" not in p.relative_to(self.workdir).parts
            )
            if not self.options.dry_run:
                self._move_into_place()
                self._write_later()
        finally:
            if self.workdir.exists():
                shutil.rmtree(self.workdir, ignore_errors=True)
        return self.outcome

    def _check_before_writing(self) -> None:
        unsupported = self.template.unsupported_steps()
        if unsupported and not self.options.skip_unsupported:
            names = ", ".join(f"{s.get('id') or i + 1} ({s.get('action')})" for i, s in unsupported)
            raise ScaffoldError(
                f"template {self.template.name} has steps tda cannot run: {names}; nothing was "
                "written (use --skip-unsupported to run the rest)"
            )
        output = self.options.output
        if output.exists() and not output.is_dir():
            raise ScaffoldError(f"{output} exists and is not a folder")
        if output.is_dir() and any(output.iterdir()) and not self.options.force:
            raise ScaffoldError(f"{output} is not empty; choose another --output or use --force")
        if (output / ".git").exists() and any(
            s.get("action") == "git:init" for s in self.template.steps
        ):
            raise ScaffoldError(f"{output} is already a git repository; git:init would replace it")

    def _step(self, index: int, step: dict[str, Any]) -> None:
        step_id = str(step.get("id") or f"step-{index + 1}")
        action = str(step.get("action"))
        label = f"{step_id}: {action}"
        if action not in self.actions:
            self.outcome.steps.append(f"{label} (skipped: tda cannot run it)")
            self.context["steps"][step_id] = {"output": {}}
            return
        if "if" in step:
            condition = step["if"]
            try:
                decided = (
                    render_value(condition, self.context)
                    if isinstance(condition, str)
                    else condition
                )
            except RenderError as error:
                raise ScaffoldError(f"step {step_id}: its if {error}") from error
            if decided in (False, None, "", 0, []) or decided == "false":
                self.outcome.steps.append(f"{label} (skipped: its if is false)")
                self.context["steps"][step_id] = {"output": {}}
                return
        try:
            inputs = render_value(step.get("input") or {}, self.context)
        except RenderError as error:
            raise ScaffoldError(f"step {step_id}: {error}") from error
        if not isinstance(inputs, dict):
            raise ScaffoldError(f"step {step_id}: input must be a mapping")
        try:
            output = self.actions[action](inputs)
        except RenderError as error:
            raise ScaffoldError(f"step {step_id}: {error}") from error
        self.context["steps"][step_id] = {"output": output}
        self.outcome.steps.append(label)

    # -- paths -------------------------------------------------------------------------------

    def _inside(self, base: Path, relative: str, what: str) -> Path:
        """base/relative, refusing anything that would land outside base."""
        if (
            relative.startswith(("/", "\\"))
            or PurePosixPath(relative).is_absolute()
            or ":" in relative[:3]
        ):
            raise ScaffoldError(
                f"{what} {relative!r} is an absolute path; it must stay inside the new repository"
            )
        parts = PurePosixPath(relative.replace("\\", "/")).parts
        if ".." in parts:
            raise ScaffoldError(
                f"{what} {relative!r} climbs out with '..'; it must stay inside the new repository"
            )
        target = (base / relative).resolve()
        if not target.is_relative_to(base.resolve()):
            raise ScaffoldError(f"{what} {relative!r} leads outside the new repository")
        return target

    def _source(self, url: Any) -> Path:
        if not isinstance(url, str) or not url:
            raise ScaffoldError("fetch needs an url: a folder beside the template")
        if "://" in url:
            raise ScaffoldError(
                f"fetching {url} is not supported offline; use a folder beside the template"
            )
        source = (self.template.folder / url).resolve()
        if not source.is_relative_to(self.template.folder.parent.resolve()):
            raise ScaffoldError(f"{url} is outside the templates folder")
        if not source.exists():
            raise ScaffoldError(f"{url} does not exist beside the template")
        return source

    def _walk(self, source: Path) -> list[Path]:
        if source.is_file():
            return [source]
        found = []
        for path in sorted(source.rglob("*")):
            if path.is_symlink():
                raise ScaffoldError(
                    f"{path.relative_to(self.template.folder)} is a symbolic link; "
                    "templates may only hold real files"
                )
            if path.is_file():
                found.append(path)
        return found

    def _target_root(self, inputs: dict[str, Any]) -> Path:
        target = str(inputs.get("targetPath") or "./")
        root = self._inside(self.workdir, target, "targetPath")
        root.mkdir(parents=True, exist_ok=True)
        return root

    # -- actions -----------------------------------------------------------------------------

    def fetch_template(self, inputs: dict[str, Any]) -> dict[str, Any]:
        source = self._source(inputs.get("url"))
        root = self._target_root(inputs)
        values = inputs.get("values") or {}
        context = {"values": values}
        raw_globs = [
            str(g)
            for g in (inputs.get("copyWithoutTemplating") or inputs.get("copyWithoutRender") or [])
        ]
        replace = bool(inputs.get("replace"))
        base = source if source.is_dir() else source.parent
        for path in self._walk(source):
            relative = path.relative_to(base).as_posix()
            rendered_parts = []
            for part in relative.split("/"):
                try:
                    rendered = render_string(part, context)
                except RenderError as error:
                    raise ScaffoldError(f"{relative}: the file name {error}") from error
                if rendered == "":
                    rendered_parts = []
                    break
                if rendered.startswith(("/", "\\")):
                    raise ScaffoldError(
                        f"{relative} renders to an absolute path ({rendered!r}); "
                        "it must stay inside the new repository"
                    )
                rendered_parts.append(rendered)
            if not rendered_parts:
                continue  # a name that renders empty is how a template leaves a file out
            rendered_path = "/".join(rendered_parts)
            target = self._inside(root, rendered_path, f"{relative} renders to")
            if target.exists() and not replace:
                continue
            data = path.read_bytes()
            verbatim = any(fnmatch(relative, g) for g in raw_globs) or _is_binary(data)
            target.parent.mkdir(parents=True, exist_ok=True)
            if verbatim:
                target.write_bytes(data)
            else:
                try:
                    text = data.decode("utf-8")
                except UnicodeDecodeError:
                    target.write_bytes(data)
                    continue
                try:
                    target.write_text(render_string(text, context), encoding="utf-8")
                except RenderError as error:
                    raise ScaffoldError(f"{relative}: {error}") from error
            os.chmod(target, path.stat().st_mode & 0o777)
        return {}

    def fetch_plain(self, inputs: dict[str, Any]) -> dict[str, Any]:
        source = self._source(inputs.get("url"))
        root = self._target_root(inputs)
        base = source if source.is_dir() else source.parent
        for path in self._walk(source):
            target = self._inside(root, path.relative_to(base).as_posix(), "file")
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(path, target)
        return {}

    def _descriptor_ref(self, relative: str) -> str:
        path = self._inside(self.workdir, relative.lstrip("/"), "catalogInfoPath")
        if not path.is_file():
            raise ScaffoldError(f"catalog:register: {relative} was not written by an earlier step")
        parsed = read_yaml_file(path, relative)
        for doc in parsed.documents:
            data = doc.data
            if isinstance(data, dict) and isinstance(data.get("metadata"), dict):
                kind = str(data.get("kind", "component")).lower()
                namespace = data["metadata"].get("namespace") or "default"
                return f"{kind}:{namespace}/{data['metadata'].get('name')}"
        raise ScaffoldError(f"catalog:register: {relative} holds no entity")

    def register(self, inputs: dict[str, Any]) -> dict[str, Any]:
        relative = str(inputs.get("catalogInfoPath") or "/catalog-info.yaml").lstrip("/")
        entity_ref = self._descriptor_ref(relative)
        config = self.catalogue.config
        folder = self.catalogue.root / config.catalog
        if not folder.is_dir():
            raise ScaffoldError(
                f"catalog:register needs a {config.catalog}/ folder in {self.catalogue.root}"
            )
        name = slugify(entity_ref.rpartition("/")[2])[:50]
        location_file = folder / "registered" / f"{name}.yaml"
        if location_file.exists():
            raise ScaffoldError(f"{location_file} already exists; another service has this name")
        final = (self.options.output / relative).resolve()
        target = os.path.relpath(final, location_file.parent)
        text = (
            "# Registered by `tda scaffold`: the new repository's descriptor, followed from here.\n"
            "apiVersion: backstage.io/v1alpha1\nkind: Location\nmetadata:\n"
            f"  name: {name}-repository\n"
            f"  description: Where {entity_ref} is described (template {self.template.name})\n"
            f"spec:\n  type: file\n  target: {target}\n"
        )
        self.later.locations.append((location_file, text))
        self.outcome.registered.append(location_file)
        return {"entityRef": entity_ref, "catalogInfoUrl": f"file:{final}"}

    def first_decision(self, inputs: dict[str, Any]) -> dict[str, Any]:
        title = str(inputs.get("title") or "").strip()
        if not title:
            raise ScaffoldError("tda:adr needs a title")
        status = str(inputs.get("status") or "proposed")
        entities = [str(e) for e in inputs.get("entities") or []]
        body = str(inputs.get("body") or "").strip("\n")
        record = NewDecision(
            title=title,
            status=status,
            date=dt.date.today(),
            entities=entities,
            decision_makers=[str(m) for m in inputs.get("decisionMakers") or []],
            body=f"\n{body}\n" if body else None,
        )
        if inputs.get("into", "repository") == "catalogue":
            self.later.decisions.append(record)
            return {"into": "catalogue"}
        folder = self.workdir / "decisions"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"0001-{slugify(title)}.md"
        fields: dict[str, Any] = {"status": status, "date": record.date}
        if record.decision_makers:
            fields["decision-makers"] = list(record.decision_makers)
        fields["entities"] = entities
        write_new(path, render(fields, title, record.body or "\n"))
        return {"path": "decisions/" + path.name, "id": "ADR-0001"}

    def git_init(self, inputs: dict[str, Any]) -> dict[str, Any]:
        if self.options.dry_run:
            return {"commitHash": ""}
        import git

        branch = str(inputs.get("defaultBranch") or "main")
        repo = git.Repo.init(self.workdir, initial_branch=branch)
        author = git.Actor(
            str(inputs.get("authorName") or "tda scaffold"),
            str(inputs.get("authorEmail") or "scaffold@tda.invalid"),
        )
        repo.git.add(A=True)
        message = str(
            inputs.get("commitMessage") or f"Initial commit from template {self.template.name}"
        )
        commit = repo.index.commit(message, author=author, committer=author)
        remote_url = inputs.get("remoteUrl")
        if remote_url:
            remote = repo.create_remote("origin", str(remote_url))
            remote.push(refspec=f"{branch}:{branch}")
        self.outcome.commit = commit.hexsha
        return {"commitHash": commit.hexsha, "remoteUrl": remote_url or ""}

    def debug_log(self, inputs: dict[str, Any]) -> dict[str, Any]:
        self.outcome.log.append(str(inputs.get("message", "")))
        return {}

    # -- putting it in place -----------------------------------------------------------------

    def _move_into_place(self) -> None:
        output = self.options.output
        if not output.exists() or (output.is_dir() and not any(output.iterdir())):
            if output.exists():
                output.rmdir()
            os.rename(self.workdir, output)
            return
        for child in self.workdir.iterdir():
            destination = output / child.name
            if destination.is_dir() and child.is_dir():
                shutil.copytree(child, destination, dirs_exist_ok=True)
            else:
                if destination.is_dir():
                    shutil.rmtree(destination)
                shutil.move(str(child), destination)

    def _write_later(self) -> None:
        for path, text in self.later.locations:
            path.parent.mkdir(parents=True, exist_ok=True)
            write_new(path, text)
        if self.later.decisions:
            assert self.catalogue.decisions is not None
            for record in self.later.decisions:
                self.outcome.decisions.append(new_decision(self.catalogue.decisions, record))


def scaffold(
    template: Template, values: dict[str, Any], catalogue: Catalogue, options: Options
) -> Outcome:
    return Runner(template, values, catalogue, options).run()


def checked_values(template: Template, values: dict[str, Any]) -> dict[str, Any]:
    """The values with the template's defaults filled in, or a usage error saying what is wrong."""
    values = with_defaults(template, values)
    absent = missing(template, values)
    if absent:
        raise UsageError(
            f"missing values for {', '.join(absent)} "
            "(give them with -p NAME=VALUE or --values FILE)"
        )
    problems = errors(template, values)
    if problems:
        raise UsageError("invalid values:\n  " + "\n  ".join(problems))
    return values


def default_output(template: Template, values: dict[str, Any], root: Path) -> Path:
    """Where the new repository goes when --output is not given."""
    if template.default_output:
        try:
            rendered = render_value(template.default_output, {"parameters": values})
        except RenderError as error:
            raise UsageError(f"the template's default output {error}") from None
        return root / str(rendered)
    return Path(str(values.get("name") or values.get("component_id") or template.name))

"""Running a template: steps into a staging folder, checked there with the catalogue's own rules,
moved into place only when all succeeded; a push, if any, comes last."""

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

import yaml

from tda.catalog.template import (
    YAML_SUFFIXES,
    Template,
    is_git_path,
    is_secret,
    mapping,
    sequence,
)
from tda.catalogue import Catalogue
from tda.decisions.store import NewDecision, new_decision, render, slugify, used_numbers, write_new
from tda.errors import InputError, ScaffoldError, UsageError
from tda.processes import remove_abandoned, signals_deferred, signals_interrupt
from tda.scaffold import git
from tda.scaffold.check import Staged, StructureCheck, check_in_staging
from tda.scaffold.params import (
    all_properties,
    errors,
    missing,
    redact,
    secrets,
    with_defaults,
)
from tda.scaffold.render import RenderError, render_string, render_value
from tda.yamlio import read_yaml_file

STAGING_MARK = ".tda-"


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
    registered_as: list[str] = field(default_factory=list)
    decisions: list[Path] = field(default_factory=list)
    log: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    links: list[str] = field(default_factory=list)  # the template's output, as Backstage shows it
    commit: str | None = None
    push_to: str | None = None  # where the first commit goes, last of all
    pushed_to: str | None = None
    push_error: str | None = None

    def raise_for_push(self) -> None:
        """A failed push is an error, raised once everything else is in place and said."""
        if self.push_error:
            raise ScaffoldError(self.push_error)


@dataclass
class _Registration:
    location: Path
    descriptor: str  # path inside the new repository
    entity_ref: str
    url: str | None  # an explicit catalogInfoUrl or repoContentsUrl-based address


@dataclass
class _Later:
    """Writes outside the new repository, done only once it is in place."""

    registrations: list[_Registration] = field(default_factory=list)
    decisions: list[NewDecision] = field(default_factory=list)
    remote: tuple[str, str] | None = None  # url, branch: pushed last


def _strings(value: Any) -> list[str]:
    """A list of strings from a step input: one string alone is a list of one."""
    if value in (None, ""):
        return []
    return [str(v) for v in value] if isinstance(value, list) else [str(value)]


def _is_binary(data: bytes) -> bool:
    return b"\x00" in data[:8192]


# -- interruption ----------------------------------------------------------------------------------


class Runner:
    def __init__(
        self, template: Template, values: dict[str, Any], catalogue: Catalogue, options: Options
    ) -> None:
        self.template = template
        self.catalogue = catalogue
        self.options = options
        secret_names = {n for n, s in all_properties(template).items() if is_secret(s)}
        self.context: dict[str, Any] = {
            "parameters": values,
            "secrets": {n: v for n, v in values.items() if n in secret_names},
            "steps": {},
            "user": {"entity": {}, "ref": ""},
            "context": {"task": {"id": "tda-scaffold"}},
        }
        self.hidden = secrets(template, values)
        self.outcome = Outcome(options.output)
        self.later = _Later()
        self.workdir = Path()
        self.current_step: dict[str, Any] = {}
        self.current_context: dict[str, Any] = self.context
        self.moved = False
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
        try:
            with signals_interrupt():
                self._run_in_staging()
        except ScaffoldError as error:
            error.message = redact(error.message, self.hidden)
            raise
        except OSError as error:  # a full disk, a folder made by another run meanwhile
            where = "" if self.moved else "; nothing was moved into place"
            message = InputError.from_os_error(error).message
            raise ScaffoldError(redact(f"{message}{where}", self.hidden)) from error
        return self.outcome

    def _run_in_staging(self) -> None:
        output = self.options.output
        remove_abandoned(Path(tempfile.gettempdir()), "tda-check-")
        if self.options.dry_run:
            parent, prefix = Path(tempfile.gettempdir()), f"tda-dry-run-{os.getpid()}-"
        else:
            output.parent.mkdir(parents=True, exist_ok=True)
            remove_abandoned(output.parent, f".{output.name}{STAGING_MARK}")
            parent, prefix = output.parent, f".{output.name}{STAGING_MARK}{os.getpid()}-"
        try:
            self.workdir = Path(tempfile.mkdtemp(prefix=prefix, dir=parent))
            for index, step in enumerate(self.template.steps):
                self._step(index, step)
            self.outcome.files = self._files_made()
            self.outcome.links = self._output_links()
            registers = bool(self.later.registrations)
            check_in_staging(self.catalogue, self._staged(), registers=registers)
            self._plan_registrations()
            if not self.options.dry_run:
                self._put_in_place()
                self._push()
        finally:
            # by prefix, not by name: an interruption can come before mkdtemp has returned it
            for leftover in parent.glob(f"{prefix}*"):
                shutil.rmtree(leftover, ignore_errors=True)

    def _put_in_place(self) -> None:
        """Register, move and record in one stretch that no signal cuts short."""
        with signals_deferred():
            claimed = self._claim_locations()
            try:
                self._move_into_place()
            except BaseException:
                for path in claimed:
                    path.unlink(missing_ok=True)
                raise
            self.moved = True
            self._write_decisions()

    def _output_links(self) -> list[str]:
        """spec.output's links and texts whose `if` holds, rendered, one line each."""
        output = self.template.spec.get("output")
        if not isinstance(output, dict):
            return []
        shown = []
        for group in ("links", "text"):
            for item in sequence(output.get(group)):
                if not isinstance(item, dict):
                    continue
                if "if" in item and not self._holds("output", item["if"]):
                    continue
                try:
                    rendered = render_value(item, self.context)
                except RenderError as error:
                    raise ScaffoldError(f"output: {error}") from error
                where = rendered.get("url") or rendered.get("entityRef") or rendered.get("content")
                title = rendered.get("title") or group
                shown.append(redact(f"{title}: {str(where or '').strip()}", self.hidden))
        return shown

    def _files_made(self) -> list[str]:
        top_git = self.workdir / ".git"
        return sorted(
            p.relative_to(self.workdir).as_posix()
            for p in self.workdir.rglob("*")
            if p.is_file() and not p.is_relative_to(top_git)
        )

    def _staged(self) -> Staged:
        return Staged(
            output=self.options.output,
            workdir=self.workdir,
            locations=[(r.location, r.descriptor) for r in self.later.registrations],
            decisions=list(self.later.decisions),
        )

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
        step_id = self.template.step_id(index)
        action = str(step.get("action"))
        label = f"{step_id}: {action}"
        if action not in self.actions:
            self.outcome.steps.append(f"{label} (skipped: tda cannot run it)")
            self.context["steps"][step_id] = {"output": {}}
            return
        if "if" in step and not self._holds(step_id, step["if"]):
            self.outcome.steps.append(f"{label} (skipped: its if is false)")
            self.context["steps"][step_id] = {"output": {}}
            return
        self.current_step = step
        if "each" in step:
            output = self._each(step_id, action, step)
            label += f" (x{len(output.pop('__runs__'))})"
        else:
            output = self._once(step_id, action, step, self.context)
        self.context["steps"][step_id] = {"output": output}
        self.outcome.steps.append(label)

    def _holds(self, step_id: str, condition: Any) -> bool:
        try:
            decided = (
                render_value(condition, self.context) if isinstance(condition, str) else condition
            )
        except RenderError as error:
            raise ScaffoldError(f"step {step_id}: its if {error}") from error
        return decided not in (False, None, "", 0, []) and decided != "false"

    def _once(
        self, step_id: str, action: str, step: dict[str, Any], context: dict[str, Any]
    ) -> dict[str, Any]:
        self.current_context = context
        try:
            inputs = render_value(step.get("input") or {}, context)
        except RenderError as error:
            raise ScaffoldError(f"step {step_id}: {error}") from error
        if not isinstance(inputs, dict):
            raise ScaffoldError(f"step {step_id}: input must be a mapping")
        try:
            return self.actions[action](inputs)
        except RenderError as error:
            raise ScaffoldError(f"step {step_id}: {error}") from error

    def _each(self, step_id: str, action: str, step: dict[str, Any]) -> dict[str, Any]:
        """Backstage's `each:` runs the step once per item, with `each.key` and `each.value`;
        each output becomes the list of the runs' values."""
        try:
            items = render_value(step["each"], self.context)
        except RenderError as error:
            raise ScaffoldError(f"step {step_id}: its each {error}") from error
        if isinstance(items, dict):
            pairs = list(items.items())
        elif isinstance(items, list):
            pairs = list(enumerate(items))
        else:
            raise ScaffoldError(
                f"step {step_id}: each must give a list or a mapping, not {type(items).__name__}"
            )
        collected: dict[str, Any] = {"__runs__": []}
        for key, value in pairs:
            context = {**self.context, "each": {"key": key, "value": value}}
            output = self._once(step_id, action, step, context)
            collected["__runs__"].append(key)
            for name, item in output.items():
                collected.setdefault(name, []).append(item)
        return collected

    # -- paths -------------------------------------------------------------------------------

    def _inside(self, base: Path, relative: str, what: str) -> Path:
        """base/relative, refusing anything that would land outside base or in git's folder."""
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
        if is_git_path(relative.replace("\\", "/")):
            raise ScaffoldError(
                f"{what} {relative!r} is under .git/: a template may not write git's own files "
                "(a hook there would run); nothing was written"
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
        unresolved = self.template.folder / url
        if unresolved.is_symlink():
            raise ScaffoldError(f"{url} is a symbolic link; templates may only hold real files")
        source = unresolved.resolve()
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
            shown = path.relative_to(self.template.folder)
            if path.is_symlink():
                raise ScaffoldError(
                    f"{shown} is a symbolic link; templates may only hold real files"
                )
            if path.is_file() and is_git_path(path.relative_to(source).as_posix()):
                raise ScaffoldError(
                    f"{shown} is under .git/: a template may not write git's own files "
                    "(a hook there would run on the first commit); nothing was written"
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

    def _rendered_name(self, relative: str, context: dict[str, Any]) -> str | None:
        """The file's path with its name rendered; None when a part renders empty, which is how
        a template leaves a file out."""
        rendered_parts = []
        for part in relative.split("/"):
            try:
                rendered = render_string(part, context)
            except RenderError as error:
                raise ScaffoldError(f"{relative}: the file name {error}") from error
            if rendered == "":
                return None
            if rendered.startswith(("/", "\\")):
                raise ScaffoldError(
                    f"{relative} renders to an absolute path ({rendered!r}); "
                    "it must stay inside the new repository"
                )
            rendered_parts.append(rendered)
        return "/".join(rendered_parts)

    def fetch_template(self, inputs: dict[str, Any]) -> dict[str, Any]:
        source = self._source(inputs.get("url"))
        root = self._target_root(inputs)
        context = {"values": inputs.get("values") or {}}
        raw_globs = [
            str(g)
            for g in (inputs.get("copyWithoutTemplating") or inputs.get("copyWithoutRender") or [])
        ]
        replace = bool(inputs.get("replace"))
        base = source if source.is_dir() else source.parent
        for path in self._walk(source):
            relative = path.relative_to(base).as_posix()
            rendered_path = self._rendered_name(relative, context)
            if rendered_path is None:
                continue
            target = self._inside(root, rendered_path, f"{relative} renders to")
            if target.exists() and not replace:
                continue
            data = path.read_bytes()
            verbatim = any(fnmatch(relative, g) for g in raw_globs) or _is_binary(data)
            target.parent.mkdir(parents=True, exist_ok=True)
            text = None if verbatim else self._decoded(data)
            if text is None:
                target.write_bytes(data)
            else:
                rendered = self._render_file(relative, rendered_path, text, context)
                target.write_text(rendered, encoding="utf-8")
            os.chmod(target, path.stat().st_mode & 0o777)
        return {}

    @staticmethod
    def _decoded(data: bytes) -> str | None:
        try:
            return data.decode("utf-8")
        except UnicodeDecodeError:
            return None

    def _render_file(
        self, relative: str, rendered_path: str, text: str, context: dict[str, Any]
    ) -> str:
        try:
            rendered = render_string(text, context)
        except RenderError as error:
            raise ScaffoldError(f"{relative}: {error}") from error
        if rendered_path.endswith(YAML_SUFFIXES):
            self._keep_structure(rendered_path, text, rendered, context)
        return rendered

    def _keep_structure(
        self, rendered_path: str, text: str, rendered: str, context: dict[str, Any]
    ) -> None:
        """Refuse a value that adds keys, items or documents to a YAML file it is written into."""
        step_input = mapping(self.current_step.get("input"))

        def render_with(parameters: dict[str, Any]) -> str:
            hidden = {name: parameters.get(name) for name in self.context["secrets"]}
            step_context = {**self.current_context, "parameters": parameters, "secrets": hidden}
            values = render_value(step_input.get("values") or {}, step_context)
            return render_string(text, {"values": values})

        check = StructureCheck(dict(self.context["parameters"]), render_with)
        try:
            culprits = check.culprits(rendered)
        except RenderError:
            return
        if culprits:
            names = ", ".join(culprits)
            raise ScaffoldError(
                f"parameter {names}: the value would change the structure of {rendered_path} "
                "(a line break, ': ', '#' or a bracket would add keys or items to it); "
                "give one plain value; nothing was written"
            )

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
        folder = self.catalogue.root / self.catalogue.config.catalog
        if not folder.is_dir():
            raise ScaffoldError(
                f"catalog:register needs a {self.catalogue.config.catalog}/ folder in "
                f"{self.catalogue.root}"
            )
        name = slugify(entity_ref.rpartition("/")[2])[:50] or "service"
        location_file = folder / "registered" / f"{name}.yaml"
        if location_file.exists():
            raise ScaffoldError(f"{location_file} already exists; another service has this name")
        url = inputs.get("catalogInfoUrl")
        if not url and inputs.get("repoContentsUrl"):
            url = f"{str(inputs['repoContentsUrl']).rstrip('/')}/{relative}"
        self.later.registrations.append(
            _Registration(location_file, relative, entity_ref, str(url) if url else None)
        )
        self.outcome.registered.append(location_file)
        final = (self.options.output / relative).resolve()
        return {"entityRef": entity_ref, "catalogInfoUrl": str(url) if url else f"file:{final}"}

    def first_decision(self, inputs: dict[str, Any]) -> dict[str, Any]:
        title = str(inputs.get("title") or "").strip()
        if not title:
            raise ScaffoldError("tda:adr needs a title")
        if "\n" in title or "\r" in title:
            raise ScaffoldError(f"tda:adr: the title must be one line, not {title!r}")
        record = NewDecision(
            title=title,
            status=str(inputs.get("status") or "proposed"),
            date=dt.date.today(),
            entities=_strings(inputs.get("entities")),
            decision_makers=_strings(inputs.get("decisionMakers")),
            body=self._body(inputs),
        )
        if inputs.get("into", "repository") == "catalogue":
            return self._decision_for_catalogue(record)
        folder = self.workdir / "decisions"
        folder.mkdir(parents=True, exist_ok=True)
        path = folder / f"0001-{slugify(title)}.md"
        fields: dict[str, Any] = {"status": record.status, "date": record.date}
        if record.decision_makers:
            fields["decision-makers"] = list(record.decision_makers)
        fields["entities"] = list(record.entities)
        write_new(path, render(fields, title, record.body or "\n"))
        return {"path": "decisions/" + path.name, "id": "ADR-0001"}

    @staticmethod
    def _body(inputs: dict[str, Any]) -> str | None:
        body = str(inputs.get("body") or "").strip("\n")
        return f"\n{body}\n" if body else None

    def _decision_for_catalogue(self, record: NewDecision) -> dict[str, Any]:
        if self.catalogue.decisions is None:
            raise ScaffoldError("tda:adr into the catalogue needs a decisions folder")
        folder = self.catalogue.decisions.folder
        number = max(used_numbers(folder) if folder.is_dir() else set(), default=0) + 1
        number += len(self.later.decisions)
        self.later.decisions.append(record)
        if self.options.dry_run:
            self.outcome.decisions.append(folder / f"{number:04d}-{slugify(record.title)}.md")
        return {"into": "catalogue", "id": f"ADR-{number:04d}"}

    def git_init(self, inputs: dict[str, Any]) -> dict[str, Any]:
        branch = str(inputs.get("defaultBranch") or "main")
        remote_url = str(inputs.get("remoteUrl") or "")
        if remote_url:
            self.later.remote = (remote_url, branch)
            self.outcome.push_to = git.redact_url(remote_url)
        if self.options.dry_run:
            return {"commitHash": "", "remoteUrl": remote_url}
        git.init_repository(self.workdir, branch)
        message = str(
            inputs.get("commitMessage") or f"Initial commit from template {self.template.name}"
        )
        commit = git.commit_everything(
            self.workdir,
            message,
            str(inputs.get("authorName") or "tda scaffold"),
            str(inputs.get("authorEmail") or "scaffold@tda.invalid"),
        )
        if remote_url:
            git.add_remote(self.workdir, remote_url)
        self.outcome.commit = commit
        return {"commitHash": commit, "remoteUrl": remote_url}

    def debug_log(self, inputs: dict[str, Any]) -> dict[str, Any]:
        self.outcome.log.append(redact(str(inputs.get("message", "")), self.hidden))
        return {}

    # -- registration that travels -----------------------------------------------------------

    def _plan_registrations(self) -> None:
        """Each Location's target: the repository's address when it has a remote, as Backstage
        registers a URL; a path relative to the catalogue when the output is inside it."""
        root = self.catalogue.root.resolve()
        inside = self.options.output.resolve().is_relative_to(root)
        for registration in self.later.registrations:
            url = registration.url
            if url is None and self.later.remote:
                remote, branch = self.later.remote
                url = git.browse_url(remote, branch, registration.descriptor)
            final = (self.options.output / registration.descriptor).resolve()
            if url is None:
                url = os.path.relpath(final, registration.location.parent)
                if not inside:
                    self.outcome.notes.append(
                        f"{registration.location} points at {final} by a relative path, which "
                        "breaks if either folder moves: give git:init a remoteUrl, or change "
                        "the target to the repository's address once it is pushed"
                    )
            self.outcome.registered_as.append(url)

    def _location_text(self, registration: _Registration, target: str) -> str:
        kind = "url" if "://" in target else "file"
        entity = {
            "apiVersion": "backstage.io/v1alpha1",
            "kind": "Location",
            "metadata": {
                "name": f"{registration.location.stem}-repository",
                "description": (
                    f"Where {registration.entity_ref} is described (template {self.template.name})"
                ),
            },
            "spec": {"type": kind, "target": target},
        }
        return (
            "# Registered by `tda scaffold`: the new repository's descriptor, followed from here.\n"
            + yaml.safe_dump(entity, sort_keys=False, allow_unicode=True)
        )

    # -- putting it in place -----------------------------------------------------------------

    def _move_into_place(self) -> None:
        output = self.options.output
        if not output.exists() or (output.is_dir() and not any(output.iterdir())):
            if output.exists():
                output.rmdir()
            os.rename(self.workdir, output)
            return
        if not self.options.force:
            raise ScaffoldError(
                f"{output} was filled by something else while this run was going; nothing was "
                "moved into place"
            )
        for child in self.workdir.iterdir():
            destination = output / child.name
            if destination.is_dir() and child.is_dir():
                shutil.copytree(child, destination, dirs_exist_ok=True)
            else:
                if destination.is_dir():
                    shutil.rmtree(destination)
                shutil.move(str(child), destination)

    def _claim_locations(self) -> list[Path]:
        """Write the Locations first, each only if its file is still free: of two runs for one
        name, one registers and the other stops before moving anything."""
        claimed: list[Path] = []
        try:
            for registration, target in zip(
                self.later.registrations, self.outcome.registered_as, strict=True
            ):
                registration.location.parent.mkdir(parents=True, exist_ok=True)
                write_new(registration.location, self._location_text(registration, target))
                claimed.append(registration.location)
        except FileExistsError as error:
            for path in claimed:
                path.unlink(missing_ok=True)
            raise ScaffoldError(
                f"{error.filename} appeared while this run was going; another service has this "
                "name. Nothing was moved into place"
            ) from None
        return claimed

    def _write_decisions(self) -> None:
        if self.later.decisions:
            assert self.catalogue.decisions is not None
            for record in self.later.decisions:
                self.outcome.decisions.append(new_decision(self.catalogue.decisions, record))

    def _push(self) -> None:
        """Last, once the repository is in place: a failed push loses nothing."""
        if self.later.remote is None or self.outcome.commit is None:
            return
        remote, branch = self.later.remote
        output = self.options.output
        try:
            git.push(output, branch)
        except ScaffoldError as error:
            self.outcome.push_error = (
                f"{error.message}\nthe repository is in place in {output} with its first "
                f"commit{' and registered' if self.outcome.registered else ''}; push it by hand "
                f"once {git.redact_url(remote)} can be reached:\n"
                f"  git -C {output} push -u origin {branch}"
            )
            return
        self.outcome.pushed_to = git.redact_url(remote)


def scaffold(
    template: Template, values: dict[str, Any], catalogue: Catalogue, options: Options
) -> Outcome:
    return Runner(template, values, catalogue, options).run()


def checked_values(
    template: Template, values: dict[str, Any], catalogue: Catalogue | None = None
) -> dict[str, Any]:
    """The values with the template's defaults filled in, or a usage error saying what is wrong;
    with the catalogue, a picker's value must also name one of its entities when it asks so."""
    from tda.scaffold.inputs import picker_errors

    values = with_defaults(template, values)
    absent = missing(template, values)
    if absent:
        raise UsageError(
            f"missing values for {', '.join(absent)} "
            "(give them with -p NAME=VALUE or --values FILE)"
        )
    problems = errors(template, values)
    if catalogue is not None:
        problems += picker_errors(template, values, catalogue)
    if problems:
        raise UsageError("invalid values:\n  " + "\n  ".join(problems))
    return values


def default_output(template: Template, values: dict[str, Any], root: Path) -> Path:
    """Where the new repository goes when --output is not given: where the template asks, or
    beside the catalogue repository (never inside it unless asked)."""
    if template.default_output:
        try:
            rendered = render_value(template.default_output, {"parameters": values})
        except RenderError as error:
            raise UsageError(f"the template's default output {error}") from None
        chosen = (root / str(rendered)).resolve()
        if not chosen.is_relative_to(root.resolve()) or chosen == root.resolve():
            raise UsageError(
                f"the template's default output {rendered!r} is not a folder inside the "
                "catalogue; choose one with --output"
            )
        return chosen
    name = str(values.get("name") or values.get("component_id") or template.name)
    if not name or "/" in name or "\\" in name or name in (".", ".."):
        raise UsageError(f"{name!r} cannot be a folder name; choose one with --output")
    return root.resolve().parent / name

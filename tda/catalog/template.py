"""Templates: `templates/NAME/template.yaml`, Backstage v1beta3 Template entities, checked.

Besides the entity itself, the template lint reads what a run would do: which parameters each
step and skeleton file uses, and which outputs of earlier steps it expects.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path, PurePosixPath
from typing import Any

from jinja2 import Environment, TemplateSyntaxError, nodes

from tda import codes
from tda.catalog.validate import check_document
from tda.diagnostics import Diagnostic, diagnostic
from tda.yamlio import Limits, read_yaml_file

TEMPLATE_FILE = "template.yaml"
SUPPORTED_ACTIONS = frozenset(
    {"fetch:template", "fetch:plain", "catalog:register", "tda:adr", "git:init", "debug:log"}
)
# What each action tda runs gives later steps as `steps.ID.output.NAME`.
ACTION_OUTPUTS: dict[str, frozenset[str]] = {
    "fetch:template": frozenset(),
    "fetch:plain": frozenset(),
    "catalog:register": frozenset({"entityRef", "catalogInfoUrl"}),
    "tda:adr": frozenset({"path", "id", "into"}),
    "git:init": frozenset({"commitHash", "remoteUrl"}),
    "debug:log": frozenset(),
}
DEFAULT_OUTPUT_ANNOTATION = "tda.council/default-output"
# Backstage's form fields tda knows how to ask for; any other is asked as plain text.
PICKER_FIELDS = frozenset({"EntityPicker", "OwnerPicker", "OwnedEntityPicker", "MultiEntityPicker"})
TEXT_FIELDS = frozenset({"EntityNamePicker", "RepoUrlPicker", "EntityTagsPicker", "Secret"})
KNOWN_WIDGETS = frozenset({"password", "textarea", "select", "radio", "checkboxes", "text"})
YAML_SUFFIXES = (".yaml", ".yml")
_SUBSCHEMA_LISTS = ("allOf", "anyOf", "oneOf")
_SUBSCHEMA_KEYS = ("then", "else")


@dataclass
class Template:
    name: str
    folder: Path
    file: Path
    display: str
    entity: dict[str, Any]
    lines: dict[str, int] = field(default_factory=dict)

    @property
    def spec(self) -> dict[str, Any]:
        return self.entity["spec"]  # type: ignore[no-any-return]

    @property
    def title(self) -> str:
        return str(self.entity["metadata"].get("title") or self.name)

    @property
    def description(self) -> str:
        return str(self.entity["metadata"].get("description") or "")

    @property
    def pages(self) -> list[dict[str, Any]]:
        raw = self.spec.get("parameters") or []
        return [p for p in ([raw] if isinstance(raw, dict) else raw) if isinstance(p, dict)]

    @property
    def steps(self) -> list[dict[str, Any]]:
        return [s for s in self.spec.get("steps") or [] if isinstance(s, dict)]

    @property
    def default_output(self) -> str | None:
        annotations = self.entity["metadata"].get("annotations") or {}
        value = annotations.get(DEFAULT_OUTPUT_ANNOTATION)
        return str(value) if value else None

    def unsupported_steps(self) -> list[tuple[int, dict[str, Any]]]:
        return [
            (i, s) for i, s in enumerate(self.steps) if s.get("action") not in SUPPORTED_ACTIONS
        ]

    def step_id(self, index: int) -> str:
        return str(self.steps[index].get("id") or f"step-{index + 1}")


# -- parameters ----------------------------------------------------------------------------------


def mapping(value: Any) -> dict[str, Any]:
    """A value a template should give as a mapping, or an empty one: a malformed template is
    reported by the lint, never a crash."""
    return value if isinstance(value, dict) else {}


def sequence(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []


def _subschemas(schema: dict[str, Any]) -> Iterator[dict[str, Any]]:
    """The schemas a page or property nests: dependencies, if/then/else, allOf, oneOf, anyOf."""
    for dependency in mapping(schema.get("dependencies")).values():
        if isinstance(dependency, dict):
            yield dependency
    for key in _SUBSCHEMA_KEYS:
        if isinstance(schema.get(key), dict):
            yield schema[key]
    for key in _SUBSCHEMA_LISTS:
        for sub in sequence(schema.get(key)):
            if isinstance(sub, dict):
                yield sub


def _declared(schema: dict[str, Any], found: dict[str, dict[str, Any]]) -> None:
    for name, prop in mapping(schema.get("properties")).items():
        if isinstance(prop, dict) and name not in found:
            found[name] = prop
    for sub in _subschemas(schema):
        _declared(sub, found)


def all_properties(template: Template) -> dict[str, dict[str, Any]]:
    """Every parameter any page or conditional branch declares, first declaration kept."""
    found: dict[str, dict[str, Any]] = {}
    for page in template.pages:
        _declared(page, found)
    return found


def is_secret(schema: dict[str, Any]) -> bool:
    """A value typed hidden and kept out of every message: Backstage's password widget or its
    Secret field."""
    return schema.get("ui:widget") == "password" or schema.get("ui:field") == "Secret"


# -- expressions -----------------------------------------------------------------------------------

_JS_EQUALITY = re.compile(r"([!=])==")
_EXPRESSION = re.compile(r"\$\{\{.*?\}\}", re.S)


def jinja_source(text: str) -> str:
    """Backstage's expressions are Nunjucks, which also knows JavaScript's `===` and `!==`."""
    if "==" not in text:
        return text
    return _EXPRESSION.sub(lambda m: _JS_EQUALITY.sub(r"\1=", m.group(0)), text)


_PARSER = Environment(variable_start_string="${{", variable_end_string="}}")


def parse_expressions(text: str) -> nodes.Template | None:
    """The Jinja tree of a text holding `${{ }}` expressions, or None when it does not parse."""
    try:
        return _PARSER.parse(jinja_source(text))
    except TemplateSyntaxError:
        return None


def reference_chain(node: nodes.Node) -> list[str] | None:
    """`steps.fetch.output.x` or `steps['fetch'].output.x` as its names, from the root name."""
    parts: list[str] = []
    while True:
        if isinstance(node, nodes.Getattr):
            parts.append(node.attr)
            node = node.node
        elif isinstance(node, nodes.Getitem) and isinstance(node.arg, nodes.Const):
            parts.append(str(node.arg.value))
            node = node.node
        elif isinstance(node, nodes.Name):
            parts.append(node.name)
            return list(reversed(parts))
        else:
            return None


def references(tree: nodes.Node) -> list[tuple[list[str], int]]:
    """Every longest reference chain in a tree, with its line."""
    found = []
    inner: set[int] = set()
    candidates = [tree, *tree.find_all((nodes.Getattr, nodes.Getitem))]
    for node in candidates:
        if not isinstance(node, nodes.Getattr | nodes.Getitem):
            continue
        if id(node) in inner:
            continue
        chain = reference_chain(node)
        if chain is None:
            continue
        for sub in node.find_all((nodes.Getattr, nodes.Getitem)):
            inner.add(id(sub))
        found.append((chain, node.lineno))
    return found


def strings_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from strings_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from strings_in(item)


def value_references(value: Any) -> list[list[str]]:
    """The reference chains in every `${{ }}` of a JSON value."""
    chains = []
    for text in strings_in(value):
        if "${{" not in text:
            continue
        tree = parse_expressions(text)
        if tree is not None:
            chains += [chain for chain, _ in references(tree)]
    return chains


# -- reading ---------------------------------------------------------------------------------------


def read_template(file: Path, display: str) -> tuple[Template | None, list[Diagnostic]]:
    parsed = read_yaml_file(file, display)
    problems = list(parsed.diagnostics)
    if problems:
        return None, problems
    documents = [d for d in parsed.documents if d.data is not None]
    if len(documents) != 1:
        return None, [
            diagnostic(
                codes.TEMPLATE_UNREADABLE,
                "template.yaml must hold exactly one Template",
                file=display,
            )
        ]
    result = check_document(documents[0], file, display, Limits())
    problems += result.diagnostics
    entity = result.entity
    if entity is None:
        return None, problems
    if entity.kind != "Template":
        return None, [
            *problems,
            diagnostic(
                codes.TEMPLATE_UNREADABLE,
                f"template.yaml holds a {entity.kind}, not a Template",
                file=display,
                line=1,
            ),
        ]
    doc = documents[0]
    lines = {key: doc.locate(("spec", key))[0] for key in ("parameters", "steps", "output")}
    for index in range(len(entity.spec.get("steps") or [])):
        lines[f"steps.{index}"] = doc.locate(("spec", "steps", index))[0]
    template = Template(entity.name, file.parent, file, display, entity.data, lines)
    return template, problems + check_template(template)


def check_template(template: Template) -> list[Diagnostic]:
    """Everything the template lint finds: each check is one function below."""
    return [
        *check_parameter_schemas(template),
        *check_unsupported_steps(template),
        *check_unsupported_features(template),
        *check_skeletons(template),
        *check_step_references(template),
        *check_yaml_interpolation(template),
    ]


def _at_step(template: Template, index: int) -> int | None:
    return template.lines.get(f"steps.{index}")


def check_parameter_schemas(template: Template) -> list[Diagnostic]:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import SchemaError

    problems = []
    for number, page in enumerate(template.pages, 1):
        schema = {
            k: v
            for k, v in page.items()
            if not k.startswith("ui:") and k not in ("when", "backstage:permissions")
        }
        if not isinstance(schema.get("if"), dict | bool):
            schema.pop("if", None)  # Backstage's page condition, an expression
        try:
            Draft7Validator.check_schema(schema)
        except SchemaError as error:
            problems.append(
                diagnostic(
                    codes.TEMPLATE_SCHEMA,
                    f"parameter page {number}: {error.message}",
                    file=template.display,
                    line=template.lines.get("parameters"),
                    hint="each page is a JSON Schema (draft 7) object; tda refuses to run it",
                )
            )
    return problems


def check_unsupported_steps(template: Template) -> list[Diagnostic]:
    return [
        diagnostic(
            codes.TEMPLATE_UNSUPPORTED_ACTION,
            f"step {template.step_id(index)} uses {step.get('action')!r}, which tda "
            "cannot run; `tda scaffold --skip-unsupported` leaves it out",
            file=template.display,
            line=_at_step(template, index),
            hint=f"tda runs {', '.join(sorted(SUPPORTED_ACTIONS))}",
        )
        for index, step in template.unsupported_steps()
    ]


def unsupported_features(template: Template) -> list[str]:
    """What in the template tda does not honour as Backstage would, in words."""
    found = []
    raw = template.spec.get("parameters")
    if isinstance(raw, dict) and any(str(k).startswith("$") for k in raw):
        found.append("parameters read from another file ($yaml/$json) are not followed")
    for key in template.spec:
        if str(key).startswith("EXPERIMENTAL_") or key == "presentation":
            found.append(f"spec.{key} is ignored")
    if any(chain[0] == "user" for chain in value_references(template.steps)):
        found.append("`user.*` renders empty: tda has no signed-in user")
    for name, schema in all_properties(template).items():
        ui_field = schema.get("ui:field")
        if ui_field and ui_field not in PICKER_FIELDS | TEXT_FIELDS:
            found.append(f"parameter {name}: ui:field {ui_field} is asked as plain text")
        widget = schema.get("ui:widget")
        if widget and widget not in KNOWN_WIDGETS:
            found.append(f"parameter {name}: ui:widget {widget} is asked as plain text")
    return found


def check_unsupported_features(template: Template) -> list[Diagnostic]:
    return [
        diagnostic(
            codes.TEMPLATE_UNHONOURED_FEATURE,
            text,
            file=template.display,
            line=template.lines.get("parameters"),
            hint="the rest of the template runs; check these values by hand",
        )
        for text in unsupported_features(template)
    ]


def local_sources(template: Template) -> Iterator[tuple[int, dict[str, Any], Path]]:
    """Each fetch step whose url is a folder or file beside the template, with that path."""
    for index, step in enumerate(template.steps):
        if step.get("action") not in ("fetch:template", "fetch:plain"):
            continue
        url = mapping(step.get("input")).get("url")
        if isinstance(url, str) and "${{" not in url and "://" not in url:
            yield index, step, (template.folder / url).resolve()


def is_git_path(relative: str | Path) -> bool:
    """A path git would take for its own folder: `.git` in any case, and the spellings Windows
    and macOS file systems also resolve to it (`.git.`, `.git `, `GIT~1`, `.git::$DATA`)."""
    parts = PurePosixPath(str(relative).replace("\\", "/")).parts
    for part in parts:
        folded = part.casefold().rstrip(". ").split("::")[0]
        if folded in (".git", "git~1"):
            return True
    return False


def check_skeletons(template: Template) -> list[Diagnostic]:
    problems = []
    for index, _step, source in local_sources(template):
        line = _at_step(template, index)
        if not source.exists():
            url = mapping(template.steps[index].get("input")).get("url")
            problems.append(
                diagnostic(
                    codes.TEMPLATE_MISSING_FOLDER,
                    f"step {template.step_id(index)}: {url} does not exist beside the template",
                    file=template.display,
                    line=line,
                    hint="url is a folder relative to template.yaml, e.g. ./skeleton",
                )
            )
        elif source.is_dir():
            problems += _skeleton_file_problems(template, source, line)
    return problems


def _skeleton_file_problems(template: Template, source: Path, line: int | None) -> list[Diagnostic]:
    problems = []
    git_reported = False
    for path in sorted(source.rglob("*")):
        shown = path.relative_to(template.folder)
        if path.is_symlink():
            problems.append(
                diagnostic(
                    codes.TEMPLATE_SYMLINK,
                    f"{shown} is a symbolic link; templates may only hold real files",
                    file=template.display,
                    line=line,
                    hint="replace the link with a copy of the file; tda refuses to run it",
                )
            )
        if not git_reported and path.is_file() and is_git_path(path.relative_to(source)):
            git_reported = True  # one names the folder; the rest would repeat it
            problems.append(
                diagnostic(
                    codes.TEMPLATE_WRITES_GIT,
                    f"{shown} is under .git/: a skeleton may not write git's own files "
                    "(hooks there would run on the first commit)",
                    file=template.display,
                    line=line,
                    hint="remove it from the skeleton; tda scaffold refuses to run it",
                )
            )
    return problems


def _step_problem(template: Template, index: int | None, problem: tuple[str, str]) -> Diagnostic:
    code, message = problem
    line = _at_step(template, index) if index is not None else template.lines.get("output")
    where = f"step {template.step_id(index)}" if index is not None else "output"
    return diagnostic(
        code,
        f"{where}: {message}",
        file=template.display,
        line=line,
        hint="a misspelt name renders as an empty value when the template runs",
    )


def _reference_problem(
    chain: list[str], parameters: set[str], earlier: dict[str, str | None]
) -> tuple[str, str] | None:
    """What is wrong with one reference (code, message), given the parameters and the steps
    before it."""
    if chain[0] in ("parameters", "secrets") and len(chain) > 1 and chain[1] not in parameters:
        return (
            codes.TEMPLATE_UNDECLARED_PARAMETER,
            f"uses parameter {chain[1]!r}, which no parameter page declares",
        )
    if chain[0] != "steps" or len(chain) < 2:
        return None
    if chain[1] not in earlier:
        return (
            codes.TEMPLATE_MISSING_OUTPUT,
            f"uses the output of step {chain[1]!r}, which is not an earlier step",
        )
    outputs = ACTION_OUTPUTS.get(earlier[chain[1]] or "")
    if outputs is not None and len(chain) > 3 and chain[2] == "output" and chain[3] not in outputs:
        listed = ", ".join(sorted(outputs)) or "nothing"
        return (
            codes.TEMPLATE_MISSING_OUTPUT,
            f"uses steps.{chain[1]}.output.{chain[3]}, but {earlier[chain[1]]} gives {listed}",
        )
    return None


def check_step_references(template: Template) -> list[Diagnostic]:
    parameters = set(all_properties(template))
    earlier: dict[str, str | None] = {}
    problems = []
    for index, step in enumerate(template.steps):
        used = {k: step[k] for k in ("input", "if", "each") if k in step}
        for chain in value_references(used):
            problem = _reference_problem(chain, parameters, earlier)
            if problem:
                problems.append(_step_problem(template, index, problem))
        earlier[template.step_id(index)] = step.get("action")
    for chain in value_references(template.spec.get("output") or {}):
        problem = _reference_problem(chain, parameters, earlier)
        if problem:
            problems.append(_step_problem(template, None, problem))
    return list({(p.message, p.line): p for p in problems}.values())


def constrained(schema: dict[str, Any]) -> bool:
    """A value that cannot carry YAML syntax: an enum, a pattern, a number or a boolean."""
    if any(key in schema for key in ("enum", "const", "pattern")):
        return True
    if schema.get("type") in ("integer", "number", "boolean"):
        return True
    items = schema.get("items")
    return schema.get("type") == "array" and isinstance(items, dict) and constrained(items)


def _value_sources(step: dict[str, Any]) -> dict[str, set[str]]:
    """For each key of a fetch:template step's `values`, the parameters it is made from."""
    values = mapping(step.get("input")).get("values") or {}
    if not isinstance(values, dict):
        return {}
    return {
        str(key): {c[1] for c in value_references(value) if c[0] == "parameters" and len(c) > 1}
        for key, value in values.items()
    }


def _loop_aliases(tree: nodes.Template) -> dict[str, str]:
    """`{% for api in values.apis %}`: api stands for an item of values.apis."""
    aliases = {}
    for loop in tree.find_all(nodes.For):
        chain = reference_chain(loop.iter)
        if isinstance(loop.target, nodes.Name) and chain and chain[:1] == ["values"] and chain[1:]:
            aliases[loop.target.name] = chain[1]
    return aliases


def _is_dumped(expression: nodes.Node) -> bool:
    return isinstance(expression, nodes.Filter) and expression.name in ("dump", "tojson")


def _interpolated_values(tree: nodes.Template) -> Iterator[tuple[str, int]]:
    """Each `values.KEY` printed into the file other than through `| dump`, with its line."""
    aliases = _loop_aliases(tree)
    for output in tree.find_all(nodes.Output):
        for expression in output.nodes:
            if isinstance(expression, nodes.TemplateData) or _is_dumped(expression):
                continue
            for chain, line in references(expression):
                if chain[0] == "values" and len(chain) > 1:
                    yield chain[1], line
            for name in expression.find_all(nodes.Name):
                if name.name in aliases:
                    yield aliases[name.name], name.lineno
            if isinstance(expression, nodes.Name) and expression.name in aliases:
                yield aliases[expression.name], expression.lineno


def check_yaml_interpolation(template: Template) -> list[Diagnostic]:
    schemas = all_properties(template)
    problems = []
    for _index, step, source in local_sources(template):
        if step.get("action") != "fetch:template" or not source.is_dir():
            continue
        sources = _value_sources(step)
        for path in sorted(source.rglob("*")):
            if path.suffix not in YAML_SUFFIXES or not path.is_file() or path.is_symlink():
                continue
            problems += _unsafe_interpolations(template, path, sources, schemas)
    return problems


def _unsafe_interpolations(
    template: Template,
    path: Path,
    sources: dict[str, set[str]],
    schemas: dict[str, dict[str, Any]],
) -> list[Diagnostic]:
    try:
        tree = parse_expressions(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError):
        return []
    if tree is None:
        return []
    found: dict[str, int] = {}
    for key, line in _interpolated_values(tree):
        for parameter in sorted(sources.get(key, set())):
            if parameter in schemas and not constrained(schemas[parameter]):
                found.setdefault(parameter, line)
    shown = path.relative_to(template.folder).as_posix()
    return [
        diagnostic(
            codes.TEMPLATE_UNCHECKED_YAML_VALUE,
            f"{shown}:{line}: parameter {parameter} is written into YAML without `| dump`, "
            "and has no pattern or enum to keep it one value",
            file=template.display,
            line=template.lines.get("parameters"),
            hint="write ${{ values.x | dump }}, or give the parameter a pattern or enum",
        )
        for parameter, line in found.items()
    ]


def load_templates(folder: Path, display_of=str) -> tuple[list[Template], list[Diagnostic]]:  # type: ignore[no-untyped-def]
    templates: list[Template] = []
    problems: list[Diagnostic] = []
    if not folder.is_dir():
        return templates, problems
    for file in sorted(folder.glob(f"*/{TEMPLATE_FILE}")):
        template, found = read_template(file, display_of(file))
        problems += found
        if template is not None:
            templates.append(template)
    return templates, problems

"""Templates: `templates/NAME/template.yaml`, Backstage v1beta3 Template entities, checked."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from tda.catalog.validate import check_document
from tda.diagnostics import Diagnostic, diagnostic
from tda.yamlio import Limits, read_yaml_file

TEMPLATE_FILE = "template.yaml"
SUPPORTED_ACTIONS = frozenset(
    {"fetch:template", "fetch:plain", "catalog:register", "tda:adr", "git:init", "debug:log"}
)
DEFAULT_OUTPUT_ANNOTATION = "tda.council/default-output"


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


def read_template(file: Path, display: str) -> tuple[Template | None, list[Diagnostic]]:
    parsed = read_yaml_file(file, display)
    problems = list(parsed.diagnostics)
    if problems:
        return None, problems
    documents = [d for d in parsed.documents if d.data is not None]
    if len(documents) != 1:
        return None, [
            diagnostic("TDA601", "template.yaml must hold exactly one Template", file=display)
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
                "TDA601",
                f"template.yaml holds a {entity.kind}, not a Template",
                file=display,
                line=1,
            ),
        ]
    doc = documents[0]
    lines = {key: doc.locate(("spec", key))[0] for key in ("parameters", "steps")}
    for index in range(len(entity.spec.get("steps") or [])):
        lines[f"steps.{index}"] = doc.locate(("spec", "steps", index))[0]
    template = Template(entity.name, file.parent, file, display, entity.data, lines)
    return template, problems + check_template(template)


def check_template(template: Template) -> list[Diagnostic]:
    from jsonschema import Draft7Validator
    from jsonschema.exceptions import SchemaError

    problems = []
    for number, page in enumerate(template.pages, 1):
        schema = {
            k: v
            for k, v in page.items()
            if not k.startswith("ui:") and k not in ("when", "backstage:permissions")
        }
        try:
            Draft7Validator.check_schema(schema)
        except SchemaError as error:
            problems.append(
                diagnostic(
                    "TDA602",
                    f"parameter page {number}: {error.message}",
                    file=template.display,
                    line=template.lines.get("parameters"),
                )
            )
    for index, step in template.unsupported_steps():
        problems.append(
            diagnostic(
                "TDA603",
                f"step {step.get('id') or index + 1} uses {step.get('action')!r}, which tda "
                "cannot run; `tda scaffold --skip-unsupported` leaves it out",
                file=template.display,
                line=template.lines.get(f"steps.{index}"),
                hint=f"tda runs {', '.join(sorted(SUPPORTED_ACTIONS))}",
            )
        )
    for index, step in enumerate(template.steps):
        if step.get("action") not in ("fetch:template", "fetch:plain"):
            continue
        url = (step.get("input") or {}).get("url")
        if not isinstance(url, str) or "${{" in url or "://" in url:
            continue
        source = (template.folder / url).resolve()
        if not source.exists():
            problems.append(
                diagnostic(
                    "TDA604",
                    f"step {step.get('id') or index + 1}: {url} does not exist beside the template",
                    file=template.display,
                    line=template.lines.get(f"steps.{index}"),
                )
            )
        elif source.is_dir():
            for path in sorted(source.rglob("*")):
                if path.is_symlink():
                    problems.append(
                        diagnostic(
                            "TDA605",
                            f"{path.relative_to(template.folder)} is a symbolic link; "
                            "templates may only hold real files",
                            file=template.display,
                            line=template.lines.get(f"steps.{index}"),
                        )
                    )
    return problems


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

"""The templates gallery: what each template makes, its parameters, and the command to run it."""

from __future__ import annotations

import json
from dataclasses import dataclass

from tda.catalog.template import Template
from tda.scaffold.params import properties
from tda.site.pages import Page, SiteContext, render_page

SRC = "service-templates/index.md"


@dataclass(frozen=True, slots=True)
class Parameter:
    name: str
    title: str
    kind: str
    required: bool
    default: str


@dataclass(frozen=True, slots=True)
class TemplateView:
    name: str
    title: str
    description: str
    steps: str
    parameters: list[Parameter]
    command: str


def _parameters(template: Template) -> list[Parameter]:
    found = []
    for name, schema, required in properties(template):
        kind = str(schema.get("type", "string"))
        if "enum" in schema:
            kind += " (" + ", ".join(str(v) for v in schema["enum"]) + ")"
        default = json.dumps(schema["default"]) if "default" in schema else ""
        found.append(Parameter(str(name), str(schema.get("title") or ""), kind, required, default))
    return found


def _command(template: Template) -> str:
    required = [name for name, _, needed in properties(template) if needed]
    return " ".join(["tda scaffold", template.name] + [f"-p {name}=..." for name in required])


def build(ctx: SiteContext) -> Page:
    templates = sorted(ctx.catalogue.templates, key=lambda t: t.name)
    views = [
        TemplateView(
            t.name,
            t.title,
            t.description,
            ", ".join(str(s.get("action")) for s in t.steps),
            _parameters(t),
            _command(t),
        )
        for t in templates
    ]
    return render_page("templates.j2", SRC, "Templates", templates=views)

"""`tda import publiccode`: descriptors from other bodies' publiccode.yml files.

Each file must pass `tda publiccode check` first. Each becomes one descriptor file holding the
product (a Component) and the body that publishes it (a Group, its owner), checked by tda's own
rules before anything is written; nothing existing is ever overwritten.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from tempfile import TemporaryDirectory
from typing import Any
from urllib.parse import urlsplit

import yaml

from tda import codes
from tda.catalog.refs import EntityRef
from tda.catalogue import Catalogue
from tda.diagnostics import Diagnostic, Severity, format_text
from tda.errors import FindingsError, UsageError
from tda.interop.publiccode import Publiccode
from tda.interop.publiccode_check import check_file

PHASE_FROM_STATUS = {
    "concept": "discovery",
    "development": "alpha",
    "beta": "beta",
    "stable": "live",
    "obsolete": "retired",
}
LIFECYCLE_FROM_STATUS = {
    "concept": "experimental",
    "development": "experimental",
    "beta": "experimental",
    "stable": "production",
    "obsolete": "deprecated",
}
TYPE_FROM_SOFTWARE = {
    "standalone/web": "website",
    "standalone/backend": "service",
    "library": "library",
}
ANNOTATION_IMPORTED = "tda/imported-from"
_TAG = re.compile(r"^[a-z0-9:+#]+(?:-[a-z0-9:+#]+)*$")


@dataclass(frozen=True, slots=True)
class Planned:
    source: Path
    target: Path
    component: EntityRef
    text: str


def slug(text: str, fallback: str = "product") -> str:
    """A Backstage name from free text: lower case, [a-z0-9-], at most 63 characters."""
    cleaned = re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:63].strip("-")
    return cleaned or fallback


def _repository_name(url: str) -> str:
    path = urlsplit(url).path.rstrip("/")
    return path.rsplit("/", 1)[-1].removesuffix(".git")


def _description(model: Publiccode) -> Any:
    if "en" in model.description:
        return model.description["en"]
    english = [key for key in model.description if key.lower().startswith("en")]
    return model.description[(english or sorted(model.description))[0]]


def _publisher(model: Publiccode) -> str | None:
    if model.organisation and model.organisation.name:
        return model.organisation.name
    return model.legal.mainCopyrightOwner or model.legal.repoOwner


def descriptors_for(model: Publiccode, source: Path, namespace: str) -> list[dict[str, Any]]:
    """The Component and owner Group that say what the publiccode.yml says."""
    text = _description(model)
    publisher = _publisher(model)
    owner = slug(publisher or "unknown-publisher", "unknown-publisher")
    metadata: dict[str, Any] = {
        "name": slug(_repository_name(model.url) or model.name),
        "namespace": namespace,
        "title": text.localisedName or model.name,
        "description": " ".join(text.shortDescription.split()),
        "annotations": {ANNOTATION_IMPORTED: source.name},
    }
    tags = [c for c in model.categories or [] if _TAG.match(c) and len(c) <= 63]
    if tags:
        metadata["tags"] = tags
    links = []
    if model.landingURL:
        links.append({"url": model.landingURL, "title": "Home page", "type": "website"})
    if text.documentation:
        links.append({"url": text.documentation, "title": "Documentation", "type": "docs"})
    if links:
        metadata["links"] = links
    spec: dict[str, Any] = {
        "type": TYPE_FROM_SOFTWARE.get(model.softwareType, "other"),
        "lifecycle": LIFECYCLE_FROM_STATUS[model.developmentStatus],
        "owner": f"group:{namespace}/{owner}",
        "phase": PHASE_FROM_STATUS[model.developmentStatus],
        "licence": model.legal.license,
    }
    if model.url.lower().startswith(("http://", "https://")):
        spec["repository"] = model.url
    if model.usedBy:
        spec["usedBy"] = [
            {"organisation": name, "evidence": "self-declared"} for name in model.usedBy if name
        ]
    contacts = [
        {"name": c.name, **({"email": c.email} if c.email else {})}
        for c in model.maintenance.contacts or []
    ]
    if contacts:
        spec["contacts"] = contacts
    if model.isBasedOn:
        spec["basedOn"] = [
            {"name": _repository_name(url) or url, "url": url}
            for url in model.isBasedOn
            if url.lower().startswith(("http://", "https://"))
        ]
    overrides: dict[str, Any] = {"platforms": list(model.platforms)}
    if model.categories:
        overrides["categories"] = list(model.categories)
    if model.intendedAudience and model.intendedAudience.scope:
        overrides["scope"] = list(model.intendedAudience.scope)
    overrides["maintenance"] = model.maintenance.type
    overrides["softwareType"] = model.softwareType
    overrides["features"] = list(text.features)
    overrides["longDescription"] = " ".join(text.longDescription.split())
    spec["publiccode"] = overrides
    group = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Group",
        "metadata": {"name": owner, "namespace": namespace, "title": publisher or "Unknown"},
        "spec": {"type": "organisation", "children": []},
    }
    component = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "Component",
        "metadata": metadata,
        "spec": spec,
    }
    return [component, group]


def _render(documents: list[dict[str, Any]]) -> str:
    return "---\n".join(
        yaml.safe_dump(d, sort_keys=False, allow_unicode=True, width=100) for d in documents
    )


def _own_rules(planned: list[Planned]) -> list[Diagnostic]:
    """The new descriptors read by tda's own rules, alone, before anything is written."""
    from tda.repository import load_catalogue

    with TemporaryDirectory() as folder:
        root = Path(folder)
        for index, item in enumerate(planned):
            path = root / "catalog" / f"{index:04d}-{item.target.name}"
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(item.text, encoding="utf-8")
        loaded = load_catalogue(root)
    return [d for d in loaded.diagnostics if d.severity is Severity.ERROR]


def _owner_elsewhere(finding: Diagnostic, catalogue: Catalogue) -> bool:
    """An owner that is not in the new files alone, but is in the catalogue they join."""
    if finding.code != codes.UNKNOWN_REF:
        return False
    return any(
        str(ref) in finding.message or ref.short() in finding.message
        for ref in catalogue.entities
        if ref.kind == "group"
    )


def plan_import(
    catalogue: Catalogue, files: list[Path], into: Path, namespace: str = "default"
) -> list[Planned]:
    """What importing would write; raises with every finding when any file is not fit."""
    planned: list[Planned] = []
    problems: list[Diagnostic] = []
    owners: set[EntityRef] = set()
    for source in files:
        if not source.is_file():
            raise UsageError(f"no such file: {source}")
        report = check_file(source)
        errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
        if errors or report.model is None:
            problems.extend(errors)
            continue
        documents = descriptors_for(report.model, source, namespace)
        component = EntityRef.of("component", namespace, documents[0]["metadata"]["name"])
        owner = EntityRef.of("group", namespace, documents[1]["metadata"]["name"])
        if owner in catalogue.entities or owner in owners:
            documents = documents[:1]  # the body is already described: one Group per body
        owners.add(owner)
        target = into / namespace / f"{component.name}.yaml"
        planned.append(Planned(source, target, component, _render(documents)))
    if problems:
        raise FindingsError(
            "nothing was imported; these files are not valid publiccode.yml:\n"
            + format_text(problems)
        )
    clashes = [p for p in planned if p.target.exists() or p.component in catalogue.entities]
    seen: set[EntityRef] = set()
    for item in planned:
        if item.component in seen:
            clashes.append(item)
        seen.add(item.component)
    if clashes:
        first = clashes[0]
        raise UsageError(
            f"{first.component.short()} from {first.source} is already in the catalogue "
            f"({first.target}); nothing was imported",
            hint="import into another --namespace, or remove the existing descriptor first",
        )
    found = [d for d in _own_rules(planned) if not _owner_elsewhere(d, catalogue)]
    if found:
        raise FindingsError(
            "nothing was imported; the descriptors would be invalid:\n" + format_text(found)
        )
    return planned


def write_planned(planned: list[Planned]) -> None:
    for item in planned:
        item.target.parent.mkdir(parents=True, exist_ok=True)
        with item.target.open("x", encoding="utf-8") as handle:  # "x": never overwrite
            handle.write(item.text)

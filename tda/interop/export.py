"""Exports other catalogues read: publiccode.yml for one product, Backstage YAML for them all.

Both are pure functions of the Catalogue. A publiccode.yml is only returned when it passes
`tda publiccode check`; what the descriptor lacks is reported as findings naming the field
to add, never papered over with made-up values.
"""

from __future__ import annotations

import copy
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml

from tda.catalog.entity import Entity
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.diagnostics import Diagnostic, Severity
from tda.errors import FindingsError, UsageError
from tda.harvested import ANNOTATION_FILE, ANNOTATION_REPOSITORY, ANNOTATION_SOURCE
from tda.interop.publiccode import CATEGORIES, EXPORT_VERSION, SCOPES
from tda.interop.publiccode_check import check_text
from tda.yamlio import read_yaml_file

STATUS_FROM_PHASE = {
    "discovery": "concept",
    "alpha": "development",
    "beta": "beta",
    "live": "stable",
    "retired": "obsolete",
}
STATUS_FROM_LIFECYCLE = {
    "experimental": "development",
    "production": "stable",
    "deprecated": "obsolete",
}
TYPE_FROM_SPEC = {
    "website": "standalone/web",
    "service": "standalone/backend",
    "library": "library",
    "template": "configurationFiles",
    "mobile": "standalone/mobile",
    "desktop": "standalone/desktop",
}
PLATFORMS_FROM_TYPE = {"website": ["web"], "service": ["web"]}
SHORT_LIMIT = 150
LONG_MINIMUM = 150


class _Dumper(yaml.SafeDumper):
    """Multi-line text (an API definition, a long description) as a readable block."""


def _text_block(dumper: yaml.SafeDumper, value: str) -> yaml.ScalarNode:
    style = "|" if "\n" in value and not any(c in value for c in "\t\r") else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _text_block)


def _yaml_dump(data: Any) -> str:
    return yaml.dump(data, Dumper=_Dumper, sort_keys=False, allow_unicode=True, width=100)


def write_output(text: str, output: Path, *, force: bool = False) -> None:
    """Write text to output whole or not at all; an existing file is kept unless forced."""
    if output.exists() and not force:
        raise UsageError(f"{output} already exists; nothing was written", hint="add --force")
    if output.is_dir():
        raise UsageError(f"{output} is a folder; give a file name")
    output.parent.mkdir(parents=True, exist_ok=True)
    partial = output.with_name(f".{output.name}.partial")
    partial.write_text(text, encoding="utf-8")
    partial.replace(output)


# --- publiccode.yml -------------------------------------------------------------------------


def _short(text: str) -> str:
    """The first sentence, or the text cut at a word, within publiccode's 150 characters."""
    text = " ".join(text.split())
    if len(text) <= SHORT_LIMIT:
        return text
    first = text.split(". ", 1)[0].rstrip(".") + "."
    if len(first) <= SHORT_LIMIT:
        return first
    return text[: SHORT_LIMIT - 1].rsplit(" ", 1)[0] + "…"


def _contacts(catalogue: Catalogue, entity: Entity) -> list[dict[str, str]]:
    """Named people: the product's contacts, else the members of its owning group."""
    people: list[dict[str, str]] = []
    for item in entity.spec.get("contacts") or []:
        if isinstance(item, dict) and item.get("name"):
            person = {"name": str(item["name"])}
            if item.get("email"):
                person["email"] = str(item["email"])
            people.append(person)
        elif isinstance(item, str):
            user = catalogue.get(item, default_kind="user")
            if user is not None:
                people.append(_person(user))
    if not people:
        owner = catalogue.get(str(entity.spec.get("owner") or ""), default_kind="group")
        if owner is not None and owner.ref.kind == "user":
            people.append(_person(owner))
        elif owner is not None:
            for user in catalogue.of_kind("user"):
                groups = [
                    try_parse_ref(g, default_kind="group", default_namespace=user.ref.namespace)
                    for g in user.spec.get("memberOf") or []
                ]
                if owner.ref in groups:
                    people.append(_person(user))
    return people


def _person(user: Entity) -> dict[str, str]:
    profile = user.spec.get("profile") or {}
    person = {"name": str(profile.get("displayName") or user.title)}
    if profile.get("email"):
        person["email"] = str(profile["email"])
    return person


def _long_description(catalogue: Catalogue, entity: Entity) -> str:
    """The description, with the facts the catalogue holds about the product."""
    parts = [" ".join(entity.description.split())]
    system = catalogue.get(str(entity.spec.get("system") or ""), default_kind="system")
    if system is not None:
        parts.append(f"It is part of {system.title}.")
    owner = catalogue.get(str(entity.spec.get("owner") or ""), default_kind="group")
    if owner is not None:
        parts.append(f"It is looked after by {owner.title}.")
    replaces = [str(item) for item in entity.spec.get("alternativeTo") or []]
    if replaces:
        parts.append(f"It replaces {', '.join(replaces)}.")
    return " ".join(part for part in parts if part)


def _features(catalogue: Catalogue, entity: Entity) -> list[str]:
    features = []
    for text in entity.spec.get("providesApis") or []:
        api = catalogue.get(str(text), default_kind="api")
        features.append(f"Provides the {api.title if api else text}")
    return features


def _url(entity: Entity) -> str | None:
    if entity.spec.get("repository"):
        return str(entity.spec["repository"])
    location = (entity.metadata.get("annotations") or {}).get("backstage.io/source-location")
    if isinstance(location, str) and location.startswith("url:"):
        return location.removeprefix("url:")
    return None


def _origin(entity: Entity) -> str:
    """Where to fix an entity: its own file, or the file in the council it was harvested from."""
    notes = entity.metadata.get("annotations") or {}
    if notes.get(ANNOTATION_SOURCE):
        return f"{notes.get(ANNOTATION_FILE)} in {notes.get(ANNOTATION_REPOSITORY)}"
    return entity.file


def publiccode_for(catalogue: Catalogue, ref: EntityRef) -> dict[str, Any]:
    """The publiccode.yml (0.4) of one product, or FindingsError naming what is missing."""
    entity = catalogue.require_entity(ref)
    if entity.ref.kind not in {"component", "system"}:
        raise UsageError(
            f"{ref.short()} is a {entity.kind}; publiccode.yml describes a Component or System"
        )
    spec = entity.spec
    overrides = spec.get("publiccode") or {}
    missing: list[tuple[str, str]] = []

    def need(value: Any, field: str, hint: str) -> Any:
        if not value:
            missing.append((field, f"is missing ({hint})"))
        return value

    tags = [str(tag) for tag in entity.metadata.get("tags") or []]
    categories = overrides.get("categories") or [tag for tag in tags if tag in CATEGORIES]
    platforms = overrides.get("platforms") or PLATFORMS_FROM_TYPE.get(str(spec.get("type")))
    status = STATUS_FROM_PHASE.get(str(spec.get("phase"))) or STATUS_FROM_LIFECYCLE.get(
        str(spec.get("lifecycle"))
    )
    long_text = overrides.get("longDescription") or _long_description(catalogue, entity)
    features = overrides.get("features") or _features(catalogue, entity)
    contacts = _contacts(catalogue, entity)
    maintenance = overrides.get("maintenance") or ("internal" if contacts else None)
    document: dict[str, Any] = {
        "publiccodeYmlVersion": EXPORT_VERSION,
        "name": entity.title,
        "url": need(_url(entity), "spec.repository", "the URL of the source code"),
    }
    links = entity.metadata.get("links") or []
    landing = next(
        (
            link.get("url")
            for link in links
            if isinstance(link, dict)
            and str(link.get("type", "")).lower() in {"website", "homepage", "service"}
        ),
        None,
    )
    if landing:
        document["landingURL"] = landing
    based_on = [o["url"] for o in spec.get("basedOn") or [] if isinstance(o, dict) and o.get("url")]
    if based_on:
        document["isBasedOn"] = based_on
    document["platforms"] = need(
        platforms, "spec.publiccode.platforms", "where it runs, e.g. [web] or [linux]"
    )
    document["categories"] = need(
        categories, "spec.publiccode.categories", "one or more publiccode categories"
    )
    used_by = [str(a["organisation"]) for a in spec.get("usedBy") or [] if isinstance(a, dict)]
    if used_by:
        document["usedBy"] = used_by
    document["developmentStatus"] = need(
        status, "spec.phase", "a GDS phase: discovery, alpha, beta, live or retired"
    )
    software_type = overrides.get("softwareType") or TYPE_FROM_SPEC.get(
        str(spec.get("type")), "standalone/other"
    )
    document["softwareType"] = software_type
    scope = overrides.get("scope") or ["local-authorities"]
    unknown = [str(s) for s in scope if s not in SCOPES]
    if unknown:
        missing.append(
            (
                "spec.publiccode.scope",
                f"has {', '.join(unknown)}, not a publiccode scope "
                f"(use some of {', '.join(sorted(SCOPES))})",
            )
        )
    document["intendedAudience"] = {"countries": ["GB"], "scope": list(scope)}
    description: dict[str, Any] = {
        "localisedName": entity.title,
        "shortDescription": _short(
            need(entity.description, "metadata.description", "what it does")
        ),
        "longDescription": long_text,
        "features": need(
            features, "spec.publiccode.features", "what it does, as a list of short phrases"
        ),
    }
    if len(long_text) < LONG_MINIMUM:
        missing.append(
            (
                "spec.publiccode.longDescription",
                f"is missing (at least {LONG_MINIMUM} characters about it)",
            )
        )
    document["description"] = {"en": description}
    document["legal"] = {"license": need(spec.get("licence"), "spec.licence", "an SPDX licence")}
    if catalogue.config.organisation:
        document["legal"]["mainCopyrightOwner"] = catalogue.config.organisation
    document["maintenance"] = {"type": need(maintenance, "spec.contacts", "named maintainers")}
    if maintenance in {"internal", "community"} and contacts:
        document["maintenance"]["contacts"] = contacts
    document["localisation"] = {"localisationReady": False, "availableLanguages": ["en"]}
    if missing:
        raise FindingsError(
            f"{ref.short()} cannot be exported as publiccode.yml; "
            + "; ".join(f"{field} {problem}" for field, problem in missing),
            hint=f"fix them in {_origin(entity)}",
        )
    return document


def export_publiccode(catalogue: Catalogue, ref: EntityRef) -> str:
    """publiccode.yml text for one product, checked by the same checker users run."""
    text = _yaml_dump(publiccode_for(catalogue, ref))
    report = check_text(text, "publiccode.yml")
    errors = [d for d in report.diagnostics if d.severity is Severity.ERROR]
    if errors:
        details = "; ".join(f"{d.message}" for d in errors)
        raise FindingsError(f"the publiccode.yml for {ref.short()} would be invalid: {details}")
    return text


def exportable_products(catalogue: Catalogue) -> list[Entity]:
    """Open-source products: Components with a licence and a repository."""
    return [
        entity
        for entity in catalogue.of_kind("component")
        if entity.spec.get("licence") and entity.spec.get("repository")
    ]


# --- Backstage ------------------------------------------------------------------------------


def _restore_remote_placeholders(exported: Any, raw: Any) -> Any:
    """Put back `$text: https://…` that the loader replaced: Backstage fetches those itself."""
    if isinstance(raw, dict):
        keys = list(raw)
        if len(keys) == 1 and keys[0] in {"$text", "$json", "$yaml"}:
            value = raw[keys[0]]
            if isinstance(value, str) and "://" in value:
                return {keys[0]: value}
            return exported
        if isinstance(exported, dict):
            for key, value in raw.items():
                if key in exported:
                    exported[key] = _restore_remote_placeholders(exported[key], value)
    elif isinstance(raw, list) and isinstance(exported, list):
        for index, value in enumerate(raw[: len(exported)]):
            exported[index] = _restore_remote_placeholders(exported[index], value)
    return exported


def repository_path(catalogue: Catalogue, file: str) -> str:
    """A descriptor's path from the repository root, however it was displayed."""
    path = Path(file)
    if path.is_absolute() and path.is_relative_to(catalogue.root):
        return path.relative_to(catalogue.root).as_posix()
    return path.as_posix()


def _raw_documents(catalogue: Catalogue, file: str) -> list[Any]:
    path = catalogue.root / file
    if not path.is_file():
        return []
    return [document.data for document in read_yaml_file(path, file).documents]


def _is_inlined_location(entity: Entity) -> bool:
    """A file Location inside the catalogue: its targets are exported in its place."""
    return entity.ref.kind == "location" and str(entity.spec.get("type", "url")) == "file"


def backstage_entities(catalogue: Catalogue) -> Iterator[dict[str, Any]]:
    """Every entity as Backstage reads it, with where it came from as annotations."""
    raw_by_file: dict[str, list[Any]] = {}
    for entity in sorted(catalogue.entities.values(), key=lambda e: e.ref):
        if _is_inlined_location(entity):
            continue
        data = copy.deepcopy(entity.data)
        if entity.file not in raw_by_file:
            raw_by_file[entity.file] = _raw_documents(catalogue, entity.file)
        raws = raw_by_file[entity.file]
        if entity.document < len(raws):
            data = _restore_remote_placeholders(data, raws[entity.document])
        annotations = data["metadata"].setdefault("annotations", {})
        annotations.setdefault(ANNOTATION_FILE, repository_path(catalogue, entity.file))
        yield data


def export_backstage(catalogue: Catalogue) -> str:
    """One multi-document YAML file that a Backstage catalogue ingests unchanged."""
    if not catalogue.entities:
        raise UsageError(
            f"there are no entities in {catalogue.root} to export",
            hint="run tda in the catalogue repository, or point --root at it",
        )
    return "".join(f"---\n{_yaml_dump(data)}" for data in backstage_entities(catalogue))


def check_backstage_export(text: str, display: str = "export.yaml") -> list[Diagnostic]:
    """The export read back by tda's own descriptor rules (the same as `tda validate`)."""
    from tempfile import TemporaryDirectory

    from tda.repository import load_catalogue

    with TemporaryDirectory() as folder:
        root = Path(folder)
        (root / "catalog").mkdir()
        (root / "catalog" / display).write_text(text, encoding="utf-8")
        loaded = load_catalogue(root)
    return [d for d in loaded.diagnostics if d.severity is not Severity.INFO]

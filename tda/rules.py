"""Checks over the whole catalogue: what no single file can show wrong on its own."""

from __future__ import annotations

import difflib
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from tda.catalog.catalogue import Catalogue
from tda.catalog.entity import Entity, FieldRef
from tda.catalog.refs import ALLOWED_TARGET_KINDS, EntityRef, try_parse_ref
from tda.decisions.history import History
from tda.decisions.load import DecisionLog
from tda.decisions.model import NATIVE_NAME, Decision, FrontMatter
from tda.diagnostics import Diagnostic, diagnostic
from tda.governance.checks import check_governance

# Fields that form a hierarchy: following them must never lead back to the start.
HIERARCHY_FIELDS = ("subcomponentOf", "parent", "subdomainOf")


def check(catalogue: Catalogue, history: History | None = None) -> list[Diagnostic]:
    return [
        *check_duplicates(catalogue),
        *check_references(catalogue),
        *check_cycles(catalogue),
        *check_decisions(catalogue),
        *check_governance(catalogue, history),
    ]


def check_duplicates(catalogue: Catalogue) -> Iterator[Diagnostic]:
    for duplicate in catalogue.duplicates:
        again, kept = duplicate.again, duplicate.kept
        yield diagnostic(
            "TDA202",
            f"{again.ref} is defined again; first defined at {kept.location()}",
            file=again.file,
            line=again.line,
            column=again.column,
            document=again.document,
            ref=str(again.ref),
            hint="an entity is identified by kind, namespace and name (ignoring case); "
            "rename one or remove it",
        )


def _suggest(
    target: EntityRef, catalogue: Catalogue, index: dict[str, list[EntityRef]]
) -> str | None:
    same_kind = [ref for ref in catalogue.entities if ref.kind == target.kind]
    names = {ref.name: ref for ref in same_kind if ref.namespace == target.namespace}
    close = difflib.get_close_matches(target.name, list(names), n=1, cutoff=0.6)
    if not close:
        close = [name for name in names if target.name in name or name in target.name][:1]
    if close:
        return names[close[0]].short()
    other_kinds = index.get(target.name, [])
    if other_kinds:
        return other_kinds[0].short()
    return None


def check_references(catalogue: Catalogue) -> Iterator[Diagnostic]:
    by_name: dict[str, list[EntityRef]] = defaultdict(list)
    for ref in sorted(catalogue.entities):
        by_name[ref.name].append(ref)
    for entity in catalogue.entities.values():
        for field_ref in entity.refs:
            target = catalogue.entities.get(field_ref.target)
            if target is None:
                yield _unresolved(entity, field_ref, _suggest(field_ref.target, catalogue, by_name))
            else:
                yield from _wrong_kind(entity, field_ref, target)


def _unresolved(entity: Entity, field_ref: FieldRef, suggestion: str | None) -> Diagnostic:
    message = f"spec.{field_ref.field} {field_ref.target.short()!r} is not in the catalogue" + (
        f" (did you mean {suggestion}?)" if suggestion else ""
    )
    return diagnostic(
        "TDA201",
        message,
        file=entity.file,
        line=field_ref.line,
        column=field_ref.column,
        document=entity.document,
        ref=str(entity.ref),
        hint=f"add a descriptor for {field_ref.target}, or correct the reference",
    )


def _wrong_kind(entity: Entity, field_ref: FieldRef, target: Entity) -> Iterator[Diagnostic]:
    allowed = ALLOWED_TARGET_KINDS.get(field_ref.field)
    if allowed is None or target.ref.kind in allowed:
        return
    code = "TDA204" if field_ref.field == "owner" else "TDA205"
    wanted = " or ".join(sorted(allowed))
    yield diagnostic(
        code,
        f"spec.{field_ref.field} points at {target.ref.short()}, "
        f"a {target.kind}; expected {wanted}",
        file=entity.file,
        line=field_ref.line,
        column=field_ref.column,
        document=entity.document,
        ref=str(entity.ref),
        hint="owners are teams (Group) or people (User)" if code == "TDA204" else None,
    )


def check_cycles(catalogue: Catalogue) -> Iterator[Diagnostic]:
    parent_of: dict[EntityRef, tuple[EntityRef, FieldRef]] = {}
    for entity in catalogue.entities.values():
        for field_ref in entity.refs:
            if field_ref.field in HIERARCHY_FIELDS:
                parent_of[entity.ref] = (field_ref.target, field_ref)
    reported: set[EntityRef] = set()
    for start in sorted(parent_of):
        path = [start]
        current = start
        while current in parent_of:
            current = parent_of[current][0]
            if current in path:
                cycle = path[path.index(current) :]
                if not reported.intersection(cycle):
                    reported.update(cycle)
                    yield _cycle(catalogue, cycle, parent_of)
                break
            path.append(current)


def _cycle(
    catalogue: Catalogue,
    cycle: list[EntityRef],
    parent_of: dict[EntityRef, tuple[EntityRef, FieldRef]],
) -> Diagnostic:
    first = min(cycle)
    entity = catalogue.entities[first]
    field_ref = parent_of[first][1]
    start = cycle.index(first)
    ordered = cycle[start:] + cycle[:start] + [first]
    chain = " -> ".join(ref.short() for ref in ordered)
    return diagnostic(
        "TDA203",
        f"spec.{field_ref.field} forms a cycle: {chain}",
        file=entity.file,
        line=field_ref.line,
        column=field_ref.column,
        document=entity.document,
        ref=str(first),
        hint="a hierarchy must end at a root; remove one link of the cycle",
    )


# --- decisions ------------------------------------------------------------------------------


def check_decisions(catalogue: Catalogue) -> Iterator[Diagnostic]:
    log = catalogue.decisions
    if log is None:
        return
    by_name: dict[str, list[EntityRef]] = defaultdict(list)
    for ref in sorted(catalogue.entities):
        by_name[ref.name].append(ref)
    levels = catalogue.config.levels
    for decision in log.decisions:
        if decision.native:
            yield from _front_matter_problems(decision)
        level = decision.front_matter.get("level")
        if levels and level is not None and str(level) not in levels:
            yield diagnostic(
                "TDA410",
                f"{decision.id}: level {level!r} is not one of the forum's levels "
                f"({', '.join(levels)})",
                file=decision.display,
                line=decision.line_of("level"),
            )
        yield from _file_name(decision, log.folder)
        yield from _unbound_entities(catalogue, decision, by_name)
        yield from _supersession(log, decision)
    yield from _supersession_cycles(log)


def _front_matter_problems(decision: Decision) -> Iterator[Diagnostic]:
    try:
        FrontMatter.model_validate(decision.front_matter)
    except ValidationError as error:
        for item in error.errors(include_url=False):
            key = str(item["loc"][0]) if item["loc"] else "status"
            message = str(item["msg"]).removeprefix("Value error, ")
            yield diagnostic(
                "TDA410",
                f"{decision.id}: front matter {key}: {message}",
                file=decision.display,
                line=decision.line_of(key),
                hint="see the decision record format in the README",
            )


def _file_name(decision: Decision, folder: Path) -> Iterator[Diagnostic]:
    if decision.file.parent != folder or NATIVE_NAME.match(decision.file.name):
        return
    yield diagnostic(
        "TDA411",
        f"{decision.file.name} is not named NNNN-kebab-title.md",
        file=decision.display,
        line=1,
        hint="`tda import adr` converts other layouts; `tda adr new` names files for you",
    )


def _unbound_entities(
    catalogue: Catalogue, decision: Decision, by_name: dict[str, list[EntityRef]]
) -> Iterator[Diagnostic]:
    for text in decision.entities:
        ref = try_parse_ref(text, default_kind="component")
        if ref is None:
            message = f"{decision.id}: entities lists {text!r}, which is not an entity reference"
            suggestion = None
        elif ref in catalogue.entities:
            continue
        else:
            suggestion = _suggest(ref, catalogue, by_name)
            message = (
                f"{decision.id}: entities lists {ref.short()!r}, which is not in the catalogue"
            )
            if suggestion:
                message += f" (did you mean {suggestion}?)"
        yield diagnostic(
            "TDA404",
            message,
            file=decision.display,
            line=decision.line_of("entities"),
            hint="entities are references such as component:person-api or system:repairs",
        )


def _supersession(log: DecisionLog, decision: Decision) -> Iterator[Diagnostic]:
    for key, targets, reverse in (
        ("supersedes", decision.supersedes, "superseded_by"),
        ("superseded-by", decision.superseded_by, "supersedes"),
    ):
        for target_id in targets:
            found = log.find(target_id)
            if not found:
                yield diagnostic(
                    "TDA405",
                    f"{decision.id} {key} {target_id}, which does not exist",
                    file=decision.display,
                    line=decision.line_of(key),
                    hint="correct the id, or remove the link",
                )
                continue
            other = found[0]
            if decision.id not in getattr(other, reverse):
                other_key = reverse.replace("_", "-")
                yield diagnostic(
                    "TDA406",
                    f"{decision.id} {key} {other.id}, but {other.id} has no {other_key}: "
                    f"{decision.id}",
                    file=decision.display,
                    line=decision.line_of(key),
                    hint="`tda adr supersede OLD NEW` updates both records",
                )
    if decision.superseded_by and decision.status != "superseded":
        yield diagnostic(
            "TDA406",
            f"{decision.id} is superseded by {', '.join(decision.superseded_by)} "
            f"but its status is {decision.status}",
            file=decision.display,
            line=decision.line_of("status"),
            hint="a superseded record says status: superseded",
        )


def _supersession_cycles(log: DecisionLog) -> Iterator[Diagnostic]:
    edges = {d.id: [t for t in d.supersedes if log.find(t)] for d in log.decisions}
    reported: set[str] = set()
    for start in sorted(edges):
        stack = [(start, [start])]
        while stack:
            current, path = stack.pop()
            for target in edges.get(current, []):
                if target == start and not reported.intersection(path):
                    reported.update(path)
                    decision = log.find(start)[0]
                    yield diagnostic(
                        "TDA407",
                        f"supersession forms a cycle: {' -> '.join([*path, start])}",
                        file=decision.display,
                        line=decision.line_of("supersedes"),
                        hint="a decision cannot, through others, supersede itself",
                    )
                elif target not in path:
                    stack.append((target, [*path, target]))

"""Checks on decision records against each other and the catalogue (TDA4xx)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from pydantic import ValidationError

from tda import codes
from tda.catalog.refs import try_parse_ref
from tda.catalogue import Catalogue
from tda.decisions.load import DecisionLog
from tda.decisions.model import NATIVE_NAME, Decision, FrontMatter
from tda.diagnostics import Diagnostic, diagnostic


def check_decisions(catalogue: Catalogue) -> Iterator[Diagnostic]:
    log = catalogue.decisions
    if log is None:
        return
    levels = catalogue.config.levels
    for decision in log.decisions:
        if decision.native:
            yield from _front_matter_problems(decision)
        level = decision.front_matter.get("level")
        if levels and level is not None and str(level) not in levels:
            yield diagnostic(
                codes.INVALID_DECISION_FIELDS,
                f"{decision.id}: level {level!r} is not one of the forum's levels "
                f"({', '.join(levels)})",
                file=decision.display,
                line=decision.line_of("level"),
            )
        yield from _file_name(decision, log.folder)
        yield from _unbound_entities(catalogue, decision)
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
                codes.INVALID_DECISION_FIELDS,
                f"{decision.id}: front matter {key}: {message}",
                file=decision.display,
                line=decision.line_of(key),
                hint="see the decision record format in the README",
            )


def _file_name(decision: Decision, folder: Path) -> Iterator[Diagnostic]:
    if decision.file.parent != folder or NATIVE_NAME.match(decision.file.name):
        return
    yield diagnostic(
        codes.DECISION_FILE_NAME,
        f"{decision.file.name} is not named NNNN-kebab-title.md",
        file=decision.display,
        line=1,
        hint="`tda import adr` converts other layouts; `tda adr new` names files for you",
    )


def _unbound_entities(catalogue: Catalogue, decision: Decision) -> Iterator[Diagnostic]:
    for text in decision.entities:
        ref = try_parse_ref(text, default_kind="component")
        if ref is None:
            message = f"{decision.id}: entities lists {text!r}, which is not an entity reference"
            suggestion = None
        elif ref in catalogue.entities:
            continue
        else:
            suggestion = catalogue.suggest(ref)
            message = (
                f"{decision.id}: entities lists {ref.short()!r}, which is not in the catalogue"
            )
            if suggestion:
                message += f" (did you mean {suggestion}?)"
        yield diagnostic(
            codes.DECISION_UNKNOWN_ENTITY,
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
                    codes.SUPERSESSION_MISSING,
                    f"{decision.id} {key} {target_id}, which does not exist",
                    file=decision.display,
                    line=decision.line_of(key),
                    hint="correct the id, or remove the link",
                )
                continue
            other = found[0]
            if key == "supersedes" and decision.status in ("draft", "proposed"):
                continue  # the older record stays in force until this one is accepted
            if key == "superseded-by" and other.status in ("draft", "proposed"):
                yield diagnostic(
                    codes.SUPERSESSION_ONE_SIDED,
                    f"{decision.id} is superseded by {other.id}, which is still {other.status}",
                    file=decision.display,
                    line=decision.line_of(key),
                    hint=f"a decision stays in force until {other.id} is accepted",
                )
                continue
            if decision.id not in getattr(other, reverse):
                other_key = reverse.replace("_", "-")
                yield diagnostic(
                    codes.SUPERSESSION_ONE_SIDED,
                    f"{decision.id} {key} {other.id}, but {other.id} has no {other_key}: "
                    f"{decision.id}",
                    file=decision.display,
                    line=decision.line_of(key),
                    hint="`tda adr supersede OLD NEW` updates both records",
                )
    if decision.superseded_by and decision.status != "superseded":
        yield diagnostic(
            codes.SUPERSESSION_ONE_SIDED,
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
                        codes.SUPERSESSION_CYCLE,
                        f"supersession forms a cycle: {' -> '.join([*path, start])}",
                        file=decision.display,
                        line=decision.line_of("supersedes"),
                        hint="a decision cannot, through others, supersede itself",
                    )
                elif target not in path:
                    stack.append((target, [*path, target]))

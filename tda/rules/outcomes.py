"""Checks on outcomes across the catalogue (TDA32x): where they sit, what names them."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator

from tda import codes
from tda.catalog.entity import Entity
from tda.catalog.outcomes import OUTCOME_KINDS, parse_outcomes, split_outcome_ref
from tda.catalog.refs import try_parse_ref
from tda.catalogue import Catalogue
from tda.diagnostics import Diagnostic, diagnostic
from tda.governance.model import Item, Meeting


def check_outcomes(catalogue: Catalogue, today: dt.date | None = None) -> Iterator[Diagnostic]:
    today = today or dt.date.today()
    for entity in catalogue.entities.values():
        if "outcomes" not in entity.spec:
            continue
        if entity.ref.kind not in OUTCOME_KINDS:
            yield _finding(
                entity,
                codes.OUTCOMES_NOT_ON_A_PRODUCT,
                f"{entity.kind} {entity.name} has outcomes, but only Components and Systems "
                "are products with outcomes; they are ignored here",
                "move the outcomes to the Component or System this belongs to",
            )
            continue
        yield from _key_results(entity, today)
    yield from _named_outcomes(catalogue)


def _finding(entity: Entity, code: str, message: str, hint: str) -> Diagnostic:
    return diagnostic(
        code,
        message,
        file=entity.file,
        line=entity.line,
        column=entity.column,
        document=entity.document,
        ref=str(entity.ref),
        hint=hint,
    )


def _key_results(entity: Entity, today: dt.date) -> Iterator[Diagnostic]:
    seen: set[str] = set()
    for o_index, objective in enumerate(parse_outcomes(entity.spec)):
        for k_index, result in enumerate(objective.keyResults):
            where = f"spec.outcomes[{o_index}].keyResults[{k_index}]"
            if result.id in seen:
                yield _finding(
                    entity,
                    codes.KEY_RESULT_ID_REUSED,
                    f"{where}.id {result.id!r} is used twice in {entity.ref.short()}",
                    "give each key result of a product its own id; decisions name them by it",
                )
            seen.add(result.id)
            if result.target == result.baseline:
                yield _finding(
                    entity,
                    codes.TARGET_EQUALS_BASELINE,
                    f"{where} ({result.id}) has target equal to its baseline, "
                    f"so there is no progress to measure",
                    "set the target to the value the product should reach by the due date",
                )
            for m_index, reading in enumerate(result.measurements):
                if reading.date > today:
                    yield _finding(
                        entity,
                        codes.MEASUREMENT_IN_FUTURE,
                        f"{where}.measurements[{m_index}] is dated {reading.date}, "
                        "which is in the future",
                        "record a measurement on the date it was taken",
                    )


def key_result_ids(entity: Entity) -> set[str]:
    return {kr.id for objective in parse_outcomes(entity.spec) for kr in objective.keyResults}


def _named_outcomes(catalogue: Catalogue) -> Iterator[Diagnostic]:
    """Decisions that say which outcomes they serve must name real ones."""
    for decision in catalogue.decisions.decisions if catalogue.decisions else []:
        named = decision.front_matter.get("outcomes")
        if not isinstance(named, list | str):
            continue
        for text in [named] if isinstance(named, str) else named:
            if not isinstance(text, str):
                continue  # not text: the front-matter check (TDA410) reports it
            problem = outcome_ref_problem(catalogue, str(text))
            if problem:
                yield diagnostic(
                    codes.UNKNOWN_OUTCOME,
                    f"{decision.id}: outcomes lists {str(text)!r}, {problem}",
                    file=decision.display,
                    line=decision.line_of("outcomes"),
                    hint="write a product and, optionally, one of its key results, "
                    "e.g. system:single-view#call-time-saved",
                )


def outcome_ref_problem(catalogue: Catalogue, text: str) -> str | None:
    """Why `REF[#key-result]` names no outcome in the catalogue, or None when it does."""
    ref_text, key = split_outcome_ref(text)
    ref = try_parse_ref(ref_text, default_kind="component")
    if ref is None:
        return "which is not an entity reference"
    entity = catalogue.entities.get(ref)
    if entity is None:
        suggestion = catalogue.suggest(ref)
        return "which is not in the catalogue" + (
            f" (did you mean {suggestion}?)" if suggestion else ""
        )
    ids = key_result_ids(entity)
    if not ids:
        return f"but {ref.short()} has no outcomes"
    if key is not None and key not in ids:
        return f"but {ref.short()} has no key result {key!r} (it has {', '.join(sorted(ids))})"
    return None


def outcome_item_problems(
    catalogue: Catalogue, meeting: Meeting, index: int, item: Item
) -> Iterator[Diagnostic]:
    """A progress review at a meeting must name a product that has outcomes."""
    problem = outcome_ref_problem(catalogue, item.subject)
    if problem:
        yield diagnostic(
            codes.UNKNOWN_OUTCOME,
            f"items[{index}] reviews outcomes of {item.subject!r}, {problem}",
            file=meeting.display,
            line=meeting.line_of("items", index, "entity"),
            hint="name a product with outcomes, e.g. entity: system:single-view",
        )

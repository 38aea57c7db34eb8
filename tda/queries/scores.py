"""Scorecards: how well each product is kept, by rules with weights and levels.

A rule passes, fails, or does not apply (a service that is not live needs no recent service
assessment). A product reaches a level when every rule of that level and the levels below it
that applies has passed; its score is the weighted share of applicable rules passed.
"""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

import yaml

from tda import codes
from tda.catalog.entity import Entity
from tda.catalog.outcomes import OUTCOME_KINDS, parse_outcomes
from tda.catalog.refs import EntityRef, try_parse_ref
from tda.catalogue import Catalogue
from tda.config import LEVELS
from tda.decisions.model import Decision
from tda.diagnostics import Diagnostic, apply_severity_overrides, diagnostic, sort_key
from tda.errors import UsageError
from tda.queries.outcomes import require_product

QUARTER_DAYS = 92


@dataclass(frozen=True, slots=True)
class Verdict:
    passed: bool | None  # None: the rule does not apply to this product
    detail: str = ""


@dataclass(frozen=True, slots=True)
class RuleResult:
    rule: str
    title: str
    level: str
    weight: int
    verdict: Verdict
    fix: str

    @property
    def failed(self) -> bool:
        return self.verdict.passed is False


@dataclass
class Scorecard:
    entity: Entity
    results: list[RuleResult]

    @property
    def team(self) -> str:
        owner = self.entity.spec.get("owner")
        ref = try_parse_ref(str(owner), default_kind="group") if owner else None
        return ref.short() if ref else "no owner"

    @property
    def score(self) -> int:
        """Weighted share of the applicable rules passed, as a whole percentage."""
        applicable = [r for r in self.results if r.verdict.passed is not None]
        total = sum(r.weight for r in applicable)
        if total == 0:
            return 100
        passed = sum(r.weight for r in applicable if r.verdict.passed)
        return round(100 * passed / total)

    @property
    def level(self) -> str | None:
        """The highest level whose rules, and all below, pass; None when a bronze rule fails."""
        reached = None
        for level in LEVELS:
            if any(r.failed for r in self.results if LEVELS.index(r.level) <= LEVELS.index(level)):
                break
            reached = level
        return reached

    @property
    def failed(self) -> list[RuleResult]:
        return sorted(
            (r for r in self.results if r.failed), key=lambda r: (LEVELS.index(r.level), r.rule)
        )


@dataclass(frozen=True, slots=True)
class Context:
    catalogue: Catalogue
    today: dt.date


# --- the rules --------------------------------------------------------------------------------


def _owner(ctx: Context, entity: Entity) -> Verdict:
    owner = entity.spec.get("owner")
    ref = try_parse_ref(str(owner), default_kind="group") if owner else None
    if ref is None:
        return Verdict(False, "no owner is set")
    found = ctx.catalogue.entities.get(ref)
    if found is None or found.ref.kind not in ("group", "user"):
        return Verdict(False, f"owner {ref.short()} is not a group or user in the catalogue")
    return Verdict(True, f"owned by {ref.short()}")


def _open_source(_ctx: Context, entity: Entity) -> Verdict:
    # A licence is what makes a product open source; without a repository no one can reuse it.
    licence, repository = entity.spec.get("licence"), entity.spec.get("repository")
    if not licence:
        return Verdict(None, "no licence: not published as open source")
    if repository:
        return Verdict(True, f"{licence}, {repository}")
    return Verdict(False, f"licensed {licence}, but spec.repository is not set")


def _contact_email(ctx: Context, entity: Entity) -> Verdict:
    for contact in entity.spec.get("contacts") or []:
        if isinstance(contact, dict) and contact.get("email"):
            return Verdict(True, str(contact["email"]))
        if isinstance(contact, str):
            user = ctx.catalogue.get(contact, default_kind="user")
            profile = (user.spec.get("profile") or {}) if user else {}
            if isinstance(profile, dict) and profile.get("email"):
                return Verdict(True, str(profile["email"]))
    return Verdict(False, "no contact with an email address")


def _binding(ctx: Context, entity: Entity) -> list[Decision]:
    """Accepted decisions about the product, or about the system it is part of."""
    refs: list[EntityRef] = [entity.ref]
    system = entity.spec.get("system")
    system_ref = try_parse_ref(str(system), default_kind="system") if system else None
    if system_ref is not None:
        refs.append(system_ref)
    found = {
        decision.id: decision
        for ref in refs
        for decision in ctx.catalogue.decisions_for(ref)
        if decision.status == "accepted"
    }
    return [found[key] for key in sorted(found)]


def _decision(ctx: Context, entity: Entity) -> Verdict:
    bound = _binding(ctx, entity)
    if not bound:
        return Verdict(False, "no accepted decision binds it or its system")
    return Verdict(True, ", ".join(d.id for d in bound))


def _reviews_current(ctx: Context, entity: Entity) -> Verdict:
    bound = _binding(ctx, entity)
    if not bound:
        return Verdict(None, "no accepted decisions to review")
    late = [d for d in bound if d.review_by is not None and d.review_by < ctx.today]
    if late:
        return Verdict(
            False, "past review date: " + ", ".join(f"{d.id} ({d.review_by})" for d in late)
        )
    return Verdict(True, "every binding decision is within its review date")


def two_years_before(day: dt.date) -> dt.date:
    try:
        return day.replace(year=day.year - 2)
    except ValueError:  # 29 February
        return day.replace(year=day.year - 2, day=28)


def _as_date(value: Any) -> dt.date | None:
    # Descriptors keep dates as the text written (as Backstage reads them); validation checked it.
    if isinstance(value, dt.date):
        return value
    try:
        return dt.date.fromisoformat(str(value))
    except ValueError:
        return None


def _assessment(ctx: Context, entity: Entity) -> Verdict:
    if entity.spec.get("phase") != "live":
        return Verdict(None, "not a live service")
    since = two_years_before(ctx.today)
    dates = [
        day
        for a in entity.spec.get("assessments") or []
        if isinstance(a, dict) and (day := _as_date(a.get("date"))) is not None
    ]
    recent = [d for d in dates if d >= since]
    if recent:
        return Verdict(True, f"assessed {max(recent)}")
    last = f"; the last was {max(dates)}" if dates else ""
    return Verdict(False, f"live, with no assessment since {since}{last}")


def _definition_problem(api: Entity) -> str | None:
    definition = api.spec.get("definition")
    if not isinstance(definition, str) or not definition.strip():
        return "has no definition"
    kind = str(api.spec.get("type", "")).lower()
    keys = {"openapi": ("openapi", "swagger"), "asyncapi": ("asyncapi",)}.get(kind)
    if keys is None:
        return None
    try:
        parsed = yaml.load(definition, Loader=yaml.CSafeLoader)
    except yaml.YAMLError:
        return f"has a definition that is not {kind} YAML or JSON"
    if not isinstance(parsed, dict) or not any(key in parsed for key in keys):
        return f"has a definition that names no {keys[0]} version"
    if "info" not in parsed:
        return "has a definition without info"
    return None


def _apis(ctx: Context, entity: Entity) -> list[EntityRef]:
    if entity.ref.kind == "system":
        # The system's APIs are its parts of kind API (spec.system of each API).
        parts = ctx.catalogue.graph.related(entity.ref, "hasPart")
        return sorted(ref for ref in parts if ref.kind == "api")
    refs = (
        try_parse_ref(str(t), default_kind="api") for t in entity.spec.get("providesApis") or []
    )
    return [ref for ref in refs if ref is not None]


def _api_definition(ctx: Context, entity: Entity) -> Verdict:
    apis = _apis(ctx, entity)
    if not apis:
        return Verdict(None, "provides no API")
    problems = []
    for ref in apis:
        api = ctx.catalogue.entities.get(ref)
        problem = "is not in the catalogue" if api is None else _definition_problem(api)
        if problem:
            problems.append(f"{ref.short()} {problem}")
    if problems:
        return Verdict(False, "; ".join(problems))
    return Verdict(True, ", ".join(ref.short() for ref in apis))


def _outcomes_measured(ctx: Context, entity: Entity) -> Verdict:
    objectives = parse_outcomes(entity.spec)
    if not objectives:
        return Verdict(False, "no outcomes")
    since = ctx.today - dt.timedelta(days=QUARTER_DAYS)
    dates = [m.date for o in objectives for kr in o.keyResults for m in kr.measurements]
    recent = [d for d in dates if since <= d <= ctx.today]
    if recent:
        return Verdict(True, f"measured {max(recent)}")
    last = f"; the last was {max(dates)}" if dates else ""
    return Verdict(False, f"no measurement since {since}{last}")


def _adopters_evidenced(_ctx: Context, entity: Entity) -> Verdict:
    if not entity.spec.get("licence"):
        return Verdict(None, "not published for reuse")
    adopters = [a for a in entity.spec.get("usedBy") or [] if isinstance(a, dict)]
    verified = [str(a.get("organisation")) for a in adopters if a.get("evidence") == "verified"]
    if verified:
        return Verdict(True, ", ".join(verified))
    if adopters:
        return Verdict(False, "adopters are recorded, but none is verified")
    return Verdict(False, "no adopters recorded")


Check = Callable[[Context, Entity], Verdict]
RULES: dict[str, tuple[str, Check, str]] = {
    "owner": (
        "an owner that exists",
        _owner,
        "set spec.owner to a group or user in the catalogue, e.g. group:housing-products",
    ),
    "open-source": (
        "a repository for open source",
        _open_source,
        "set spec.repository to the web address of the source",
    ),
    "contact-email": (
        "a contact with an email",
        _contact_email,
        "add spec.contacts: [{name, email, role}], or a user whose profile has an email",
    ),
    "decision": (
        "at least one decision binds it",
        _decision,
        'record a decision about it: tda adr new "Title" --for REF, and take it to the TDA',
    ),
    "reviews-current": (
        "no decision past its review date",
        _reviews_current,
        "put the decisions past their review-by date on the next agenda (tda review agenda)",
    ),
    "assessment": (
        "an assessment within two years for live services",
        _assessment,
        "record the latest service assessment in spec.assessments",
    ),
    "api-definition": (
        "its API's definition present and valid",
        _api_definition,
        "give each API it provides a definition, e.g. definition: {$text: ./openapi.yaml}",
    ),
    "outcomes-measured": (
        "outcomes with a measurement in the last quarter",
        _outcomes_measured,
        "add spec.outcomes and record a measurement at least every quarter",
    ),
    "adopters-evidenced": (
        "adopters recorded with evidence",
        _adopters_evidenced,
        "list adopters in spec.usedBy, with evidence: verified once each has confirmed",
    ),
}


def scorecard(catalogue: Catalogue, entity: Entity, today: dt.date) -> Scorecard:
    ctx = Context(catalogue, today)
    results = []
    for name, (title, check, fix) in RULES.items():
        setting = catalogue.config.scorecard[name]
        if not setting.enabled:
            continue
        results.append(
            RuleResult(name, title, setting.level, setting.weight, check(ctx, entity), fix)
        )
    return Scorecard(entity, results)


def scorecards(catalogue: Catalogue, today: dt.date, only: Entity | None = None) -> list[Scorecard]:
    """Scorecards of every product (Components and Systems), by team, then name."""
    chosen = [require_product(only)] if only is not None else catalogue.of_kind(*OUTCOME_KINDS)
    cards = [scorecard(catalogue, entity, today) for entity in chosen]
    return sorted(cards, key=lambda c: (c.team, str(c.entity.ref)))


def below_level(catalogue: Catalogue, minimum: str, today: dt.date) -> list[Diagnostic]:
    """A finding for each product below the level a CI run requires."""
    found = []
    for card in scorecards(catalogue, today):
        if card.level is not None and LEVELS.index(card.level) >= LEVELS.index(minimum):
            continue
        entity = card.entity
        failing = [r for r in card.failed if LEVELS.index(r.level) <= LEVELS.index(minimum)]
        found.append(
            diagnostic(
                codes.BELOW_SCORECARD_LEVEL,
                f"{entity.ref.short()} is at {card.level or 'no level'}, below {minimum}: "
                + "; ".join(f"{r.rule} ({r.verdict.detail})" for r in failing),
                file=entity.file,
                line=entity.line,
                column=entity.column,
                document=entity.document,
                ref=str(entity.ref),
                hint=" ".join(f"{r.rule}: {r.fix}." for r in failing),
            )
        )
    return apply_severity_overrides(found, catalogue.config.severity)


def add_level_findings(catalogue: Catalogue, minimum: str, today: dt.date) -> None:
    """Add to the catalogue's findings one for each product below the minimum level."""
    if catalogue.decisions is None:
        # Read from some files only, the catalogue has no decisions, so every product would
        # fail the decision rules for want of them.
        raise UsageError("--min-level judges the whole catalogue; run it without PATHS")
    catalogue.diagnostics = sorted(
        [*catalogue.diagnostics, *below_level(catalogue, minimum, today)], key=sort_key
    )


def render_text(cards: list[Scorecard]) -> str:
    if not cards:
        return "no products"
    lines = []
    for card in cards:
        lines.append(
            f"{card.entity.ref.short()}  {card.level or 'no level'}  {card.score}%  "
            f"(team {card.team})"
        )
        for result in card.failed:
            lines.append(f"  failed [{result.level}] {result.rule}: {result.verdict.detail}")
            lines.append(f"    fix: {result.fix}")
    return "\n".join(lines)


def card_json(card: Scorecard) -> dict[str, Any]:
    return {
        "entity": card.entity.ref.short(),
        "team": card.team,
        "level": card.level,
        "score": card.score,
        "rules": [
            {
                "rule": r.rule,
                "title": r.title,
                "level": r.level,
                "weight": r.weight,
                "result": {True: "passed", False: "failed", None: "not applicable"}[
                    r.verdict.passed
                ],
                "detail": r.verdict.detail,
                "fix": r.fix if r.failed else None,
            }
            for r in card.results
        ],
    }


def render_json(cards: list[Scorecard]) -> str:
    return json.dumps({"scorecards": [card_json(c) for c in cards]}, indent=2, ensure_ascii=False)

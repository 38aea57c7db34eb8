"""Outcomes: a chart and a table per key result on each product's page, and a page across
products."""

from __future__ import annotations

from dataclasses import dataclass

from tda.catalog.entity import Entity
from tda.catalog.outcomes import split_outcome_ref
from tda.decisions.model import Decision
from tda.queries.outcomes import (
    STATUS_TEXT,
    Progress,
    entity_progress,
    needing_review,
    outcomes_report,
)
from tda.site import urls
from tda.site.charts import Chart, key_result_chart, number
from tda.site.pages import Link, Page, SiteContext, render_page

SRC = "outcomes/index.md"


@dataclass(frozen=True, slots=True)
class Status:
    """A key result's status as its badge shows it."""

    key: str
    text: str


@dataclass(frozen=True, slots=True)
class KeyResult:
    """One key result on a product's page: its facts, chart and measurements."""

    ident: str
    objective: str  # set on the first key result of each objective
    metric: str
    key: str
    status: Status
    baseline: str
    target: str
    unit: str
    due: str
    since: str
    chart: Chart
    measurements: list[tuple[str, str, Link | str]]


@dataclass(frozen=True, slots=True)
class Row:
    """A key result in the table across products."""

    product: Link
    metric: str
    latest: str
    baseline: str
    target: str
    due: str
    progress: str
    status: Status


def status_of(row: Progress) -> Status:
    return Status(str(row.status), STATUS_TEXT[row.status])


def anchor(row: Progress) -> str:
    return f"kr-{urls.slug(row.result.id)}"


def _source(text: str | None) -> Link | str:
    if not text:
        return ""
    return Link.to(str(text))


def _key_result(row: Progress, objective: str) -> KeyResult:
    result = row.result
    ident = anchor(row)
    readings = sorted(result.measurements, key=lambda m: m.date)
    return KeyResult(
        ident=ident,
        objective=objective,
        metric=str(result.metric),
        key=str(result.id),
        status=status_of(row),
        baseline=number(result.baseline),
        target=number(result.target),
        unit=str(result.unit),
        due=str(result.due),
        since=str(result.since or ""),
        chart=key_result_chart(row, ident + "-chart"),
        measurements=[(str(m.date), number(m.value), _source(m.source)) for m in readings],
    )


def entity_outcomes(ctx: SiteContext, entity: Entity) -> list[KeyResult]:
    """The Outcomes section of a product's page: each objective with its key results."""
    found = []
    objective = None
    for row in entity_progress(entity, ctx.today):
        first = row.objective != objective
        objective = row.objective
        found.append(_key_result(row, str(objective) if first else ""))
    return found


def _row(row: Progress) -> Row:
    result = row.result
    return Row(
        product=Link(
            row.entity.title, urls.href(SRC, urls.entity_page(row.entity.ref), anchor(row))
        ),
        metric=f"{result.metric} ({result.unit})",
        latest=f"{number(row.latest.value)} ({row.latest.date})" if row.latest else "-",
        baseline=number(result.baseline),
        target=number(result.target),
        due=str(result.due),
        progress="-" if row.fraction is None else f"{row.fraction * 100:.0f}%",
        status=status_of(row),
    )


def build(ctx: SiteContext) -> Page:
    report = outcomes_report(ctx.catalogue, ctx.today)
    counts: dict[str, int] = {}
    for row in report.progress:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{n} {STATUS_TEXT[s]}" for s, n in sorted(counts.items())) or "none"
    days = ctx.catalogue.config.outcomes_review_days
    review = [
        (
            Link(
                f"{row.entity.title}: {row.result.metric}",
                urls.href(SRC, urls.entity_page(row.entity.ref), anchor(row)),
            ),
            status_of(row),
            str(row.result.due),
        )
        for row in needing_review(ctx.catalogue, ctx.today, days)
    ]
    return render_page(
        "outcomes.j2",
        SRC,
        "Outcomes",
        wide=True,
        results=len(report.progress),
        products=len({row.entity.ref for row in report.progress}),
        today=str(ctx.today),
        summary=summary,
        rows=[_row(row) for row in report.progress],
        review=review,
        review_days=days,
        without=[ctx.entity_link(SRC, entity.ref) for entity in report.without_outcomes],
    )


def decision_outcomes(ctx: SiteContext, decision: Decision) -> list[tuple[Link, Status | None]]:
    """The outcomes a decision says it serves, each linked to its chart, with its status."""
    named = decision.front_matter.get("outcomes")
    texts = [named] if isinstance(named, str) else named if isinstance(named, list) else []
    src = urls.decision_page(decision.id)
    items: list[tuple[Link, Status | None]] = []
    for text in (t for t in texts if isinstance(t, str)):
        ref_text, key = split_outcome_ref(text)
        entity = ctx.catalogue.get(ref_text, default_kind="component")
        if entity is None:
            items.append((Link(text, note="not found"), None))
            continue
        for row in entity_progress(entity, ctx.today):
            if key is None or row.result.id == key:
                link = Link(
                    f"{entity.title}: {row.result.metric}",
                    urls.href(src, urls.entity_page(entity.ref), anchor(row)),
                )
                items.append((link, status_of(row)))
    return items

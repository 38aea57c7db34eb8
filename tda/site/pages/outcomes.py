"""Outcomes: a chart and a table per key result on each product's page, and a page across
products."""

from __future__ import annotations

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
from tda.site.charts import key_result_chart
from tda.site.html import esc, external_link, internal_link, is_safe_url, table
from tda.site.pages import Page, SiteContext, page

SRC = "outcomes/index.md"


def _number(value: float) -> str:
    return f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}"


def status_badge(row: Progress) -> str:
    text = esc(STATUS_TEXT[row.status])
    return f'<span class="tda-badge tda-outcome-{esc(row.status)}">{text}</span>'


def _source(text: str | None) -> str:
    if not text:
        return ""
    return external_link(text) if is_safe_url(text) else esc(text)


def _key_result(row: Progress, ident: str) -> str:
    result = row.result
    readings = sorted(result.measurements, key=lambda m: m.date)
    facts = (
        f"<p>{status_badge(row)} Baseline {esc(_number(result.baseline))}, target "
        f"{esc(_number(result.target))} {esc(result.unit)} by {esc(result.due)}"
        + (f", from {esc(result.since)}" if result.since else "")
        + ".</p>"
    )
    rows = [[esc(m.date), esc(_number(m.value)), _source(m.source)] for m in readings]
    data = (
        table(f"Measurements of {result.metric} ({result.unit})", ["Date", "Value", "Source"], rows)
        if rows
        else "<p>No measurement yet.</p>"
    )
    return (
        f'<div class="tda-key-result" id="{esc(ident)}">'
        f"<h3>{esc(result.metric)} <code>{esc(result.id)}</code></h3>{facts}"
        f'<div class="tda-chart-wrap">{key_result_chart(row, ident + "-chart")}</div>'
        f'<div class="tda-table-wrap">{data}</div></div>'
    )


def entity_outcomes(ctx: SiteContext, entity: Entity) -> str:
    """The Outcomes section of a product's page: each objective with its key results."""
    rows = entity_progress(entity, ctx.today)
    if not rows:
        return ""
    blocks: list[str] = []
    objective = None
    for row in rows:
        if row.objective != objective:
            objective = row.objective
            blocks.append(
                f'<p class="tda-objective"><strong>Objective:</strong> {esc(objective)}</p>'
            )
        blocks.append(_key_result(row, f"kr-{urls.slug(row.result.id)}"))
    return "\n".join(blocks)


def build(ctx: SiteContext) -> Page:
    report = outcomes_report(ctx.catalogue, ctx.today)
    rows = []
    for row in report.progress:
        result = row.result
        product = internal_link(
            urls.href(SRC, urls.entity_page(row.entity.ref), f"kr-{urls.slug(result.id)}"),
            row.entity.title,
        )
        latest = (
            f"{esc(_number(row.latest.value))} ({esc(row.latest.date)})" if row.latest else "-"
        )
        progress = "-" if row.fraction is None else f"{row.fraction * 100:.0f}%"
        rows.append(
            [
                product,
                f"{esc(result.metric)} ({esc(result.unit)})",
                latest,
                esc(_number(result.baseline)),
                esc(_number(result.target)),
                esc(result.due),
                esc(progress),
                status_badge(row),
            ]
        )
    counts: dict[str, int] = {}
    for row in report.progress:
        counts[row.status] = counts.get(row.status, 0) + 1
    summary = ", ".join(f"{n} {STATUS_TEXT[s]}" for s, n in sorted(counts.items())) or "none"
    intro = (
        f"<p>{len(report.progress)} key results across "
        f"{len({row.entity.ref for row in report.progress})} products on {esc(ctx.today)}: "
        f"{esc(summary)}. Each product's page charts its key results.</p>"
    )
    key_results = (
        '<div class="tda-table-wrap">'
        + table(
            "Key results by product",
            ["Product", "Key result", "Latest", "Baseline", "Target", "Due", "Progress", "Status"],
            rows,
        )
        + "</div>"
        if rows
        else "<p>No product has outcomes yet.</p>"
    )
    without = "".join(
        f"<li>{ctx.entity_link(SRC, entity.ref)}</li>" for entity in report.without_outcomes
    )
    without_html = (
        f"<h2>Products without outcomes</h2><ul>{without}</ul>" if without else ""
    )
    review = needing_review(ctx.catalogue, ctx.today, ctx.catalogue.config.outcomes_review_days)
    review_items = "".join(
        "<li>"
        + internal_link(
            urls.href(SRC, urls.entity_page(row.entity.ref), f"kr-{urls.slug(row.result.id)}"),
            f"{row.entity.title}: {row.result.metric}",
        )
        + f" {status_badge(row)} (due {esc(row.result.due)})</li>"
        for row in review
    )
    review_html = (
        f"<h2>For the next TDA</h2><p>Key results off track, missed, or due within "
        f"{ctx.catalogue.config.outcomes_review_days} days.</p><ul>{review_items}</ul>"
        if review_items
        else ""
    )
    return page(SRC, "Outcomes", intro, key_results, review_html, without_html)


def decision_outcomes(ctx: SiteContext, decision: Decision) -> str:
    """The outcomes a decision says it serves, each linked to its chart, with its status."""
    named = decision.front_matter.get("outcomes")
    texts = [named] if isinstance(named, str) else named if isinstance(named, list) else []
    src = urls.decision_page(decision.id)
    items = []
    for text in (t for t in texts if isinstance(t, str)):
        ref_text, key = split_outcome_ref(text)
        entity = ctx.catalogue.get(ref_text, default_kind="component")
        if entity is None:
            items.append(f'<li>{esc(text)} <span class="tda-missing">(not found)</span></li>')
            continue
        for row in entity_progress(entity, ctx.today):
            if key is None or row.result.id == key:
                anchor = f"kr-{urls.slug(row.result.id)}"
                link = internal_link(
                    urls.href(src, urls.entity_page(entity.ref), anchor),
                    f"{entity.title}: {row.result.metric}",
                )
                items.append(f"<li>{link} {status_badge(row)}</li>")
    return f"<ul>{''.join(items)}</ul>" if items else ""

"""Catalogue health: findings, orphans and stale reviews, each linked to what it concerns."""

from __future__ import annotations

from pathlib import Path

from tda.catalog.refs import try_parse_ref
from tda.diagnostics import Diagnostic, Severity
from tda.site import urls
from tda.site.html import esc, internal_link, table
from tda.site.pages import Page, SiteContext, page, section
from tda.queries.reviews import review_due

SRC = "health/index.md"


def _subject(ctx: SiteContext, item: Diagnostic) -> str:
    catalogue = ctx.catalogue
    if item.ref:
        ref = try_parse_ref(item.ref)
        if ref is not None and ref in catalogue.entities:
            return ctx.entity_link(SRC, ref)
    if item.file and catalogue.decisions:
        for decision in catalogue.decisions.decisions:
            if decision.display == item.file:
                return ctx.decision_link(SRC, decision, with_title=False)
    if item.file and catalogue.governance:
        for meeting in catalogue.governance.meetings:
            if meeting.display == item.file:
                return internal_link(urls.href(SRC, urls.meeting_page(meeting.slug)), f"meeting {meeting.date}")
    if item.file:
        for entity in catalogue.entities.values():
            if entity.file == item.file and entity.document == item.document:
                return ctx.entity_link(SRC, entity.ref)
    return esc(Path(item.file).name if item.file else "catalogue")


def build(ctx: SiteContext) -> Page:
    catalogue = ctx.catalogue
    findings = [d for d in catalogue.diagnostics if d.severity in (Severity.ERROR, Severity.WARNING)]
    rows = [
        [
            esc(str(d.severity)),
            f"<code>{esc(d.code)}</code>",
            _subject(ctx, d),
            esc(d.message),
            f"<code>{esc(d.location())}</code>",
        ]
        for d in findings
    ]
    findings_html = (
        table("Errors and warnings", ["Level", "Code", "Concerns", "Finding", "Where"], rows)
        if rows
        else "<p>No errors or warnings.</p>"
    )
    orphans = [
        e
        for e in catalogue.of_kind("component", "api", "resource")
        if not catalogue.graph.related(e.ref, "partOf", "apiConsumedBy", "dependencyOf", "apiProvidedBy", "providesApi")
    ]
    orphan_html = (
        "<ul>" + "".join(f"<li>{ctx.entity_link(SRC, e.ref)}</li>" for e in orphans) + "</ul>"
        if orphans
        else "<p>Every component, API and resource belongs to a system or is used by something.</p>"
    )
    stale = [
        d
        for d in (catalogue.decisions.decisions if catalogue.decisions else [])
        if d.status == "accepted" and (due := review_due(catalogue, d)) and due < ctx.today
    ]
    stale_html = (
        "<ul>" + "".join(f"<li>{ctx.decision_link(SRC, d)}: review was due {esc(review_due(catalogue, d))}</li>" for d in stale) + "</ul>"
        if stale
        else "<p>No accepted decision is past its review date.</p>"
    )
    summary = (
        f"<p>{sum(1 for d in findings if d.severity is Severity.ERROR)} errors and "
        f"{sum(1 for d in findings if d.severity is Severity.WARNING)} warnings, "
        f"{len(orphans)} orphans, {len(stale)} stale reviews.</p>"
    )
    return page(
        SRC,
        "Catalogue health",
        summary,
        section("Findings", findings_html, "findings"),
        section("Orphans", orphan_html, "orphans"),
        section("Stale reviews", stale_html, "stale"),
    )

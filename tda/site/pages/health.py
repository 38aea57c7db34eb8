"""Catalogue health: findings, orphans and stale reviews, each linked to what it concerns."""

from __future__ import annotations

from pathlib import Path

from tda.catalog.refs import try_parse_ref
from tda.diagnostics import Diagnostic, Severity
from tda.queries.reviews import review_due
from tda.site import urls
from tda.site.pages import Link, Page, SiteContext, render_page
from tda.site.pages.home import plural

SRC = "health/index.md"


def _subject(ctx: SiteContext, item: Diagnostic) -> Link:
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
                return Link(
                    f"meeting {meeting.date}", urls.href(SRC, urls.meeting_page(meeting.slug))
                )
    if item.file:
        for entity in [*catalogue.entities.values(), *catalogue.flawed.values()]:
            if entity.file == item.file and entity.document == item.document:
                return ctx.entity_link(SRC, entity.ref)
    return Link(Path(item.file).name if item.file else "catalogue")


def build(ctx: SiteContext) -> Page:
    catalogue = ctx.catalogue
    findings = [
        d for d in catalogue.diagnostics if d.severity in (Severity.ERROR, Severity.WARNING)
    ]
    orphans = [
        e
        for e in catalogue.of_kind("component", "api", "resource")
        if not catalogue.graph.related(
            e.ref, "partOf", "apiConsumedBy", "dependencyOf", "apiProvidedBy", "providesApi"
        )
    ]
    stale = [
        d
        for d in (catalogue.decisions.decisions if catalogue.decisions else [])
        if d.status == "accepted" and (due := review_due(catalogue, d)) and due < ctx.today
    ]
    errors = sum(1 for d in findings if d.severity is Severity.ERROR)
    return render_page(
        "health.j2",
        SRC,
        "Catalogue health",
        summary=", ".join(
            [
                plural(errors, "error"),
                plural(len(findings) - errors, "warning"),
                plural(len(orphans), "orphan"),
                plural(len(stale), "stale review"),
            ]
        ),
        findings=[(d, _subject(ctx, d)) for d in findings],
        orphans=[ctx.entity_link(SRC, e.ref) for e in orphans],
        stale=[(ctx.decision_link(SRC, d), review_due(catalogue, d)) for d in stale],
    )

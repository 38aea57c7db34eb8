"""The home page: what this catalogue is, counts, newest decisions, the next TDA meeting."""

from __future__ import annotations

import datetime as dt

from tda.diagnostics import Severity
from tda.queries.agenda import build_agenda
from tda.site import urls
from tda.site.html import esc, internal_link
from tda.site.pages import Page, SiteContext, page, section, status_badge

SRC = "index.md"


def build(ctx: SiteContext, site_name: str, description: str) -> Page:
    catalogue = ctx.catalogue
    decisions = catalogue.decisions.decisions if catalogue.decisions else []
    counts = [
        ("products", len(catalogue.of_kind("component", "system")), "products/index.md"),
        ("APIs", len(catalogue.of_kind("api")), "apis/index.md"),
        ("decisions", len(decisions), "decisions/index.md"),
        ("meetings", len(catalogue.governance.meetings) if catalogue.governance else 0, "tda/index.md#meetings"),
    ]
    tiles = "".join(
        f'<li>{internal_link(urls.href(SRC, target.split("#")[0], target.partition("#")[2]), f"{n} {label}")}</li>'
        for label, n, target in counts
    )
    newest = sorted(decisions, key=lambda d: (d.date or dt.date.min, d.id), reverse=True)[:5]
    newest_html = "<ul>" + "".join(
        f"<li>{ctx.decision_link(SRC, d)} {status_badge(d.status)} <time>{esc(d.date or '')}</time></li>"
        for d in newest
    ) + "</ul>"
    agenda = build_agenda(catalogue, ctx.today)
    next_meeting = (
        f"<p>The next agenda has {len(agenda.for_decision)} decisions for decision, "
        f"{len(agenda.deferred)} deferred, {len(agenda.re_review)} due for re-review and "
        f"{len(agenda.actions)} open actions. "
        f"{internal_link(urls.href(SRC, 'tda/index.md', 'agenda'), 'See the agenda')}.</p>"
    )
    errors = sum(1 for d in catalogue.diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in catalogue.diagnostics if d.severity is Severity.WARNING)
    health = (
        f"<p>{errors} errors and {warnings} warnings. "
        f"{internal_link(urls.href(SRC, 'health/index.md'), 'See catalogue health')}.</p>"
    )
    intro = f"<p>{esc(description)}</p>" if description else ""
    intro += (
        "<p>Other councils: see what you can "
        f"{internal_link(urls.href(SRC, 'reuse/index.md'), 'reuse')}, who already uses it and "
        "whom to contact.</p>"
    )
    return page(
        SRC,
        site_name,
        intro,
        f'<ul class="tda-counts">{tiles}</ul>',
        section("Newest decisions", newest_html),
        section("Next Technical Design Authority meeting", next_meeting),
        section("Catalogue health", health),
    )

"""The home page: what this catalogue is, counts, newest decisions, the next TDA meeting."""

from __future__ import annotations

from dataclasses import dataclass

from tda.diagnostics import Severity
from tda.queries.agenda import build_agenda
from tda.site import urls
from tda.site.pages import Link, Page, SiteContext, render_page
from tda.site.pages.decisions import newest_first

SRC = "index.md"


@dataclass(frozen=True, slots=True)
class Count:
    number: int
    one: str
    many: str
    link: str

    @property
    def label(self) -> str:
        return self.one if self.number == 1 else self.many


def plural(number: int, one: str, many: str | None = None) -> str:
    """'1 decision', '2 decisions'."""
    return f"{number} {one if number == 1 else (many or one + 's')}"


def build(ctx: SiteContext, site_name: str, description: str) -> Page:
    catalogue = ctx.catalogue
    decisions = catalogue.decisions.decisions if catalogue.decisions else []
    meetings = catalogue.governance.meetings if catalogue.governance else []
    counts = [
        Count(
            len(catalogue.of_kind("component", "system")),
            "product",
            "products",
            urls.href(SRC, "products/index.md"),
        ),
        Count(len(catalogue.of_kind("api")), "API", "APIs", urls.href(SRC, "apis/index.md")),
        Count(len(decisions), "decision", "decisions", urls.href(SRC, "decisions/index.md")),
        Count(len(meetings), "meeting", "meetings", urls.href(SRC, "tda/index.md", "meetings")),
    ]
    agenda = build_agenda(catalogue, ctx.today)
    errors = sum(1 for d in catalogue.diagnostics if d.severity is Severity.ERROR)
    warnings = sum(1 for d in catalogue.diagnostics if d.severity is Severity.WARNING)
    return render_page(
        "home.j2",
        SRC,
        site_name,
        page_title="",  # Material shows the site name as the home page's title: say it once
        description=description,
        counts=counts,
        newest=[(ctx.decision_link(SRC, d), d) for d in newest_first(decisions)[:5]],
        agenda=[
            plural(len(agenda.for_decision), "decision") + " for decision",
            plural(len(agenda.deferred), "deferred item"),
            plural(len(agenda.re_review), "decision") + " due for re-review",
            plural(len(agenda.actions), "open action"),
        ],
        health=f"{plural(errors, 'error')} and {plural(warnings, 'warning')}",
        links={
            "agenda": Link("See the agenda", urls.href(SRC, "tda/index.md", "agenda")),
            "health": Link("See catalogue health", urls.href(SRC, "health/index.md")),
            "reuse": Link("reuse", urls.href(SRC, "reuse/index.md")),
        },
    )

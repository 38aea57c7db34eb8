"""The TDA's record as the site shows it: the conditions register, the decisions due for
re-review, and each decision's conditions with the meetings that set and confirmed them."""

from __future__ import annotations

from dataclasses import dataclass, replace

from tda.decisions.model import Decision
from tda.governance.model import Meeting
from tda.queries.reviews import (
    ConditionEntry,
    condition_register,
    latest_quorate_outcome,
    review_due,
)
from tda.site import urls
from tda.site.pages import Link, Page, SiteContext, render, render_page, tidy

REGISTER = "tda/conditions.md"
RE_REVIEW = "tda/re-review.md"


@dataclass(frozen=True, slots=True)
class ConditionRow:
    id: str
    decision: Link | None
    text: str
    state: str
    set_at: Link
    confirmed: str  # what happened to it, in words
    confirmed_at: Link | None  # the meeting that confirmed it, when one did


def _meeting_link(src: str, meeting: Meeting) -> Link:
    return Link(str(meeting.date), urls.href(src, urls.meeting_page(meeting.slug)))


def _rows(
    ctx: SiteContext, src: str, entries: list[ConditionEntry], with_decision: bool
) -> list[ConditionRow]:
    rows = []
    for entry in entries:
        if entry.confirmed_at is not None:
            confirmed, at = "confirmed at the meeting of", _meeting_link(src, entry.confirmed_at)
        elif entry.confirmed_on is not None:
            confirmed, at = f"confirmed on {entry.confirmed_on}", None
        else:
            confirmed = "dropped" if entry.state == "dropped" else "not yet confirmed"
            at = None
        rows.append(
            ConditionRow(
                str(entry.condition.id or "-"),
                ctx.decision_id_link(src, entry.decision) if with_decision else None,
                str(entry.condition.text),
                str(entry.state),
                _meeting_link(src, entry.meeting),
                confirmed,
                at,
            )
        )
    return rows


def build_register(ctx: SiteContext) -> Page:
    """Every condition the forum set, open ones first."""
    entries = sorted(
        condition_register(ctx.catalogue),
        key=lambda e: (e.state != "open", e.meeting.date, e.decision),
    )
    return render_page(
        "conditions.j2", REGISTER, "Conditions register", rows=_rows(ctx, REGISTER, entries, True)
    )


def build_re_review(ctx: SiteContext) -> Page:
    """Accepted decisions whose review date has passed (a quorate re-approval moves it on)."""
    log = ctx.catalogue.decisions
    due: list[tuple[object, Decision]] = []
    for decision in log.decisions if log else []:
        when = review_due(ctx.catalogue, decision) if decision.status == "accepted" else None
        if when is not None and when <= ctx.today:
            due.append((when, decision))
    due.sort(key=lambda pair: (pair[0], pair[1].id))
    rows = []
    for when, decision in due:
        latest = latest_quorate_outcome(ctx.catalogue, decision.id)
        last = _meeting_link(RE_REVIEW, latest.meeting) if latest else Link("no quorate review")
        rows.append((ctx.decision_link(RE_REVIEW, decision), str(when), last))
    return render_page("re_review.j2", RE_REVIEW, "Due for re-review", rows=rows)


def with_conditions(ctx: SiteContext, built: Page, decision: Decision) -> Page:
    """A decision's page with its conditions, who set them and which meeting confirmed them."""
    src = built.src
    entries = ctx.conditions_of(decision.id)
    if not entries:
        return built
    block = render("conditions_block.j2", rows=_rows(ctx, src, entries, False))
    return replace(built, markdown=built.markdown.rstrip("\n") + "\n" + tidy(block))

"""The TDA's record as the site shows it: the conditions register, the decisions due for
re-review, and each decision's conditions with the meetings that set and confirmed them."""

from __future__ import annotations

from dataclasses import replace

from tda.decisions.model import Decision
from tda.governance.model import Meeting
from tda.queries.reviews import (
    ConditionEntry,
    condition_register,
    latest_quorate_outcome,
    review_due,
)
from tda.site import urls
from tda.site.html import esc, internal_link, table
from tda.site.pages import Page, SiteContext, page, section

REGISTER = "tda/conditions.md"
RE_REVIEW = "tda/re-review.md"


def _meeting_link(src: str, meeting: Meeting) -> str:
    return internal_link(urls.href(src, urls.meeting_page(meeting.slug)), str(meeting.date))


def _confirmation(src: str, entry: ConditionEntry) -> str:
    if entry.confirmed_at is not None:
        return f"confirmed at the meeting of {_meeting_link(src, entry.confirmed_at)}"
    if entry.confirmed_on is not None:
        return f"confirmed on {esc(entry.confirmed_on)}"
    return "dropped" if entry.state == "dropped" else "not yet confirmed"


def _rows(
    ctx: SiteContext, src: str, entries: list[ConditionEntry], with_decision: bool
) -> list[list[str]]:
    rows = []
    for entry in entries:
        row = [esc(entry.condition.id or "-")]
        if with_decision:
            row.append(ctx.decision_id_link(src, entry.decision))
        row += [
            esc(entry.condition.text),
            f'<span class="tda-badge tda-condition-{esc(entry.state)}">{esc(entry.state)}</span>',
            _meeting_link(src, entry.meeting),
            _confirmation(src, entry),
        ]
        rows.append(row)
    return rows


def build_register(ctx: SiteContext) -> Page:
    """Every condition the forum set, open ones first."""
    entries = sorted(
        condition_register(ctx.catalogue),
        key=lambda e: (e.state != "open", e.meeting.date, e.decision),
    )
    headers = ["Id", "Decision", "Condition", "State", "Set at", "Confirmed"]
    body = (
        table("Conditions", headers, _rows(ctx, REGISTER, entries, True))
        if entries
        else "<p>No meeting has set a condition.</p>"
    )
    intro = (
        "<p>Conditions the forum set when it approved a decision, and the later meeting that "
        "confirmed each as met.</p>"
    )
    return page(REGISTER, "Conditions register", intro, body)


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
        last = _meeting_link(RE_REVIEW, latest.meeting) if latest else "no quorate review"
        rows.append([ctx.decision_link(RE_REVIEW, decision), esc(when), last])
    body = (
        table("Due for re-review", ["Decision", "Review was due", "Last quorate review"], rows)
        if rows
        else "<p>No accepted decision is due for re-review.</p>"
    )
    return page(RE_REVIEW, "Due for re-review", body)


def with_conditions(ctx: SiteContext, built: Page, decision: Decision) -> Page:
    """A decision's page with its conditions, who set them and which meeting confirmed them."""
    src = built.src
    entries = [e for e in condition_register(ctx.catalogue) if e.decision == decision.id]
    if not entries:
        return built
    headers = ["Id", "Condition", "State", "Set at", "Confirmed"]
    block = section(
        "Conditions", table("Conditions", headers, _rows(ctx, src, entries, False)), "conditions"
    )
    return replace(built, markdown=built.markdown.rstrip("\n") + "\n\n" + block + "\n")

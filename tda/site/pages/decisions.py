"""The decision log: an index with status filters and a timeline, and one page per decision."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass

from tda.decisions.model import STATUSES, Decision
from tda.queries.reviews import attendance, reviews_of
from tda.site import urls
from tda.site.html import render_markdown
from tda.site.pages import Link, Page, SiteContext, outcomes, radar, render_page
from tda.site.pages.listing import Facet, Fact, Item, Sort

SRC = "decisions/index.md"
FEED = "feeds/decisions.xml"


def newest_first(decisions: list[Decision]) -> list[Decision]:
    return sorted(decisions, key=lambda d: (d.date or dt.date.min, d.id), reverse=True)


def _item(ctx: SiteContext, d: Decision) -> Item:
    return Item(
        title=Link(f"{d.id} {d.title}", urls.href(SRC, urls.decision_page(d.id))),
        kind="",
        description="",
        status=d.status,
        status_text=d.status_text,
        facts=[
            Fact("Date", str(d.date or d.date_text or ""), "undated"),
            Fact("Binds", [ctx.ref_link(SRC, e) for e in d.entities], "no entities"),
            Fact(
                "Decision makers",
                [ctx.ref_link(SRC, m, "group") for m in d.decision_makers],
                "not recorded",
            ),
            Fact("Review by", str(d.review_by or ""), "no date set"),
        ],
        facets={"status": [d.status]},
        sort={"date": str(d.date or ""), "id": d.id},
        text=f"{d.id} {d.title} {' '.join(d.tags)}".lower(),
    )


@dataclass(frozen=True, slots=True)
class Year:
    label: str
    decisions: list[Decision]


def build_index(ctx: SiteContext) -> Page:
    log = ctx.catalogue.decisions
    decisions = newest_first(log.decisions if log else [])
    by_year: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_year[str(d.date.year) if d.date else "Undated"].append(d)
    return render_page(
        "decisions.j2",
        SRC,
        "Decisions",
        wide=True,
        items=[_item(ctx, d) for d in decisions],
        facets=[Facet("status", "Statuses", list(STATUSES), checkboxes=True)],
        sorts=[Sort("date", "Date, newest first", descending=True), Sort("id", "Id")],
        years=[Year(label, items) for label, items in by_year.items()],
        decision_link=lambda d: ctx.decision_link(SRC, d),
        feed=FEED,
    )


def chain(ctx: SiteContext, decision: Decision) -> list[Decision]:
    """Supersession both ways from this decision, oldest first; one record means no chain."""
    log = ctx.catalogue.decisions
    if log is None:
        return []
    found = [decision]
    seen = {decision.id}
    current = decision
    while current.supersedes:
        earlier = log.get(current.supersedes[0])
        if earlier is None or earlier.id in seen:
            break
        found.insert(0, earlier)
        seen.add(earlier.id)
        current = earlier
    current = decision
    while current.superseded_by:
        later = log.get(current.superseded_by[0])
        if later is None or later.id in seen:
            break
        found.append(later)
        seen.add(later.id)
        current = later
    return found if len(found) > 1 else []


@dataclass(frozen=True, slots=True)
class ReviewRow:
    meeting: Link
    for_: str
    outcome: str
    quorum: str
    details: list[str]


def item_details(item) -> list[str]:  # type: ignore[no-untyped-def]
    """What a meeting recorded about one item: conditions, votes, dissent, notes."""
    details = []
    for condition in item.conditions:
        when = f", confirmed {condition.confirmed}" if condition.confirmed else ""
        details.append(f"Condition ({condition.status}{when}): {condition.text}")
    if item.votes:
        v = item.votes
        details.append(f"Votes: {v.for_} for, {v.against} against, {v.abstain} abstain")
    details += [f"Dissent: {text}" for text in item.dissent]
    if item.notes:
        details.append(str(item.notes))
    return details


def _reviews(ctx: SiteContext, src: str, decision: Decision) -> list[ReviewRow]:
    rows = []
    for review in reviews_of(ctx.catalogue, decision.id):
        item, meeting = review.item, review.meeting
        seen = attendance(ctx.catalogue, meeting)
        rows.append(
            ReviewRow(
                Link(str(meeting.date), urls.href(src, urls.meeting_page(meeting.slug))),
                str(item.for_),
                str(item.outcome or "not recorded"),
                "quorate" if seen.quorate else f"not quorate ({seen.describe()})",
                item_details(item),
            )
        )
    return rows


def _facts(ctx: SiteContext, src: str, decision: Decision) -> list[tuple[str, object]]:
    facts: list[tuple[str, object]] = [
        ("Date", str(decision.date or decision.date_text or "")),
        ("Review by", str(decision.review_by or "")),
        ("Decision makers", [ctx.ref_link(src, m, "group") for m in decision.decision_makers]),
        ("Consulted", [ctx.ref_link(src, m, "group") for m in decision.consulted]),
        ("Informed", [ctx.ref_link(src, m, "group") for m in decision.informed]),
        ("Tags", ", ".join(decision.tags)),
        ("Record", f"{decision.display} ({decision.dialect})"),
    ]
    if ctx.history is not None and ctx.history.available:
        record = ctx.history.of(decision.file)
        if record.created:
            facts.append(
                ("First committed", f"{record.created.when:%Y-%m-%d} by {record.created.author}")
            )
        change = record.last_status_change
        if change:
            facts.append(
                (
                    "Status last set",
                    f"{change.status} on {change.commit.when:%Y-%m-%d} by {change.commit.author}",
                )
            )
    return [(term, value) for term, value in facts if value]


def build_page(ctx: SiteContext, decision: Decision) -> Page:
    src = urls.decision_page(decision.id)
    governance = ctx.catalogue.governance
    principles = []
    for principle_id in decision.principles:
        found = governance.principle(principle_id) if governance else None
        title = f"{principle_id}: {found.title}" if found else principle_id
        principles.append(
            Link(title, urls.href(src, "tda/index.md", "principle-" + urls.slug(principle_id)))
        )
    return render_page(
        "decision.j2",
        src,
        f"{decision.id} {decision.title}",
        decision=decision,
        facts=_facts(ctx, src, decision),
        entities=[ctx.ref_link(src, e) for e in decision.entities],
        chain=[(ctx.decision_link(src, d), d.status, d is decision) for d in chain(ctx, decision)],
        principles=principles,
        reviews=_reviews(ctx, src, decision),
        technologies=radar.decision_technologies(ctx, decision),
        outcomes=outcomes.decision_outcomes(ctx, decision),
        record=render_markdown(decision.body, 2),
    )

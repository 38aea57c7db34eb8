"""The decision log: an index with status filters and a timeline, and one page per decision."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from tda.decisions.model import STATUSES, Decision
from tda.queries.reviews import attendance, reviews_of
from tda.site import urls
from tda.site.html import esc, internal_link, render_markdown, table
from tda.site.pages import Page, SiteContext, dl, outcomes, page, radar, section, status_badge

SRC = "decisions/index.md"


def _sorted(decisions: list[Decision]) -> list[Decision]:
    return sorted(decisions, key=lambda d: (d.date or dt.date.min, d.id), reverse=True)


def build_index(ctx: SiteContext) -> Page:
    log = ctx.catalogue.decisions
    decisions = _sorted(log.decisions if log else [])
    boxes = "".join(
        f'<div class="tda-check"><input type="checkbox" id="tda-status-{s}" value="{s}" '
        f'data-facet="status" checked><label for="tda-status-{s}">{s}</label></div>'
        for s in STATUSES
    )
    controls = (
        '<form class="tda-filters" data-tda-filter="tda-decisions" hidden><fieldset>'
        f"<legend>Show decisions with these statuses</legend>{boxes}</fieldset>"
        '<p class="tda-count" role="status" aria-live="polite"></p></form>'
    )
    rows = []
    for d in decisions:
        entities = ", ".join(ctx.ref_link(SRC, e) for e in d.entities)
        rows.append(
            f'<tr data-status="{esc(d.status)}">'
            f"<td>{internal_link(urls.href(SRC, urls.decision_page(d.id)), d.id)}</td>"
            f"<td>{esc(d.title)}</td><td>{status_badge(d.status, d.status_text)}</td>"
            f"<td>{esc(d.date or d.date_text or '')}</td><td>{entities}</td></tr>"
        )
    head = "".join(
        f'<th scope="col">{h}</th>' for h in ("Id", "Title", "Status", "Date", "Binds")
    )
    index = (
        f'<div class="tda-table-wrap"><table id="tda-decisions"><caption>{len(decisions)} '
        f"decisions, newest first</caption><thead><tr>{head}</tr></thead><tbody>"
        + "\n".join(rows)
        + "</tbody></table></div>"
    )
    return page(SRC, "Decisions", controls, index, section("Timeline", _timeline(ctx, decisions)))


def _timeline(ctx: SiteContext, decisions: list[Decision]) -> str:
    by_year: dict[str, list[Decision]] = defaultdict(list)
    for d in decisions:
        by_year[str(d.date.year) if d.date else "Undated"].append(d)
    parts = ['<ol class="tda-timeline">']
    for year, items in by_year.items():
        entries = "".join(
            f"<li><time>{esc(d.date or '')}</time> {ctx.decision_link(SRC, d)} "
            f"{status_badge(d.status)}</li>"
            for d in items
        )
        parts.append(f"<li><h3>{esc(year)}</h3><ol>{entries}</ol></li>")
    parts.append("</ol>")
    return "".join(parts)


def _chain(ctx: SiteContext, src: str, decision: Decision) -> str:
    """Walk supersession both ways from this decision, oldest first."""
    log = ctx.catalogue.decisions
    if log is None:
        return ""
    chain = [decision]
    seen = {decision.id}
    current = decision
    while current.supersedes:
        earlier = log.get(current.supersedes[0])
        if earlier is None or earlier.id in seen:
            break
        chain.insert(0, earlier)
        seen.add(earlier.id)
        current = earlier
    current = decision
    while current.superseded_by:
        later = log.get(current.superseded_by[0])
        if later is None or later.id in seen:
            break
        chain.append(later)
        seen.add(later.id)
        current = later
    if len(chain) == 1:
        return ""
    items = "".join(
        f"<li>{'<strong>' if d is decision else ''}{ctx.decision_link(src, d)}"
        f"{'</strong> (this decision)' if d is decision else ''} {status_badge(d.status)}</li>"
        for d in chain
    )
    return f'<ol class="tda-chain">{items}</ol>'


def _reviews(ctx: SiteContext, src: str, decision: Decision) -> str:
    reviews = reviews_of(ctx.catalogue, decision.id)
    if not reviews:
        return "<p>No meeting has reviewed it yet.</p>"
    rows = []
    for review in reviews:
        item, meeting = review.item, review.meeting
        seen = attendance(ctx.catalogue, meeting)
        details = []
        for condition in item.conditions:
            when = f", confirmed {condition.confirmed}" if condition.confirmed else ""
            details.append(f"Condition ({esc(condition.status)}{esc(when)}): {esc(condition.text)}")
        if item.votes:
            v = item.votes
            details.append(f"Votes: {v.for_} for, {v.against} against, {v.abstain} abstain")
        details += [f"Dissent: {esc(text)}" for text in item.dissent]
        if item.notes:
            details.append(esc(item.notes))
        quorum = "quorate" if seen.quorate else f"not quorate ({esc(seen.describe())})"
        rows.append(
            [
                internal_link(urls.href(src, urls.meeting_page(meeting.slug)), str(meeting.date)),
                esc(item.for_),
                esc(item.outcome or "not recorded"),
                quorum,
                "<br>".join(details),
            ]
        )
    return table("Review history", ["Meeting", "For", "Outcome", "Quorum", "Details"], rows)


def build_page(ctx: SiteContext, decision: Decision) -> Page:
    src = urls.decision_page(decision.id)
    facts: list[tuple[str, str]] = [
        ("Status", status_badge(decision.status, decision.status_text)),
        ("Date", esc(decision.date or decision.date_text or "")),
        ("Review by", esc(decision.review_by or "")),
        ("Decision makers", ", ".join(ctx.ref_link(src, m, "group") for m in decision.decision_makers)),
        ("Consulted", ", ".join(ctx.ref_link(src, m, "group") for m in decision.consulted)),
        ("Informed", ", ".join(ctx.ref_link(src, m, "group") for m in decision.informed)),
        ("Tags", esc(", ".join(decision.tags))),
        ("Record", f"<code>{esc(decision.display)}</code> ({esc(decision.dialect)})"),
    ]
    if ctx.history is not None and ctx.history.available:
        record = ctx.history.of(decision.file)
        if record.created:
            facts.append(("First committed", esc(f"{record.created.when:%Y-%m-%d} by {record.created.author}")))
        change = record.last_status_change
        if change:
            facts.append(("Status last set", esc(f"{change.status} on {change.commit.when:%Y-%m-%d} by {change.commit.author}")))
    entities = "".join(f"<li>{ctx.ref_link(src, e)}</li>" for e in decision.entities)
    governance = ctx.catalogue.governance
    principles = []
    for principle_id in decision.principles:
        found = governance.principle(principle_id) if governance else None
        title = f"{principle_id}: {found.title}" if found else principle_id
        principles.append(
            f"<li>{internal_link(urls.href(src, 'tda/index.md', 'principle-' + urls.slug(principle_id)), title)}</li>"
        )
    blocks = [
        dl(facts),
        section("Binds", f"<ul>{entities}</ul>" if entities else "<p>No entities.</p>"),
        section("Supersession", _chain(ctx, src, decision)),
        section("Principles", f"<ul>{''.join(principles)}</ul>" if principles else ""),
        section("Technologies on the radar", radar.decision_technologies(ctx, decision)),
        section("Outcomes it serves", outcomes.decision_outcomes(ctx, decision)),
        section("Review history", _reviews(ctx, src, decision), "reviews"),
        section("Record", f'<div class="tda-record">{render_markdown(decision.body, 2)}</div>'),
    ]
    return page(src, f"{decision.id} {decision.title}", *blocks)

"""The Technical Design Authority: next agenda, meetings with minutes, actions, principles."""

from __future__ import annotations

from tda.queries.agenda import Agenda, build_agenda
from tda.queries.reviews import attendance
from tda.governance.model import Meeting
from tda.site import urls
from tda.site.html import esc, internal_link, render_markdown, table
from tda.site.pages import Page, SiteContext, dl, page, section

SRC = "tda/index.md"


def _listing(title: str, rows: list[str], ordered: bool = False) -> str:
    if not rows:
        return ""
    tag = "ol" if ordered else "ul"
    items = "".join(f"<li>{row}</li>" for row in rows)
    return f"<h3>{esc(title)}</h3><{tag}>{items}</{tag}>"


def agenda_html(ctx: SiteContext, src: str, agenda: Agenda) -> str:
    link = ctx.decision_link
    parts = [
        _listing(
            "For decision",
            [f"{link(src, d)} (proposed {esc(d.date or 'undated')})" for d in agenda.for_decision],
            ordered=True,
        ),
        _listing(
            "Deferred last time",
            [f"{link(src, x.decision)}: deferred on {esc(x.meeting.date)}" for x in agenda.deferred],
        ),
        _listing(
            "Due for re-review",
            [f"{link(src, d)}: review due by {esc(d.review_by)}" for d in agenda.re_review],
        ),
        _listing(
            "Conditions to confirm",
            [
                f"{link(src, c.decision, with_title=False)}: {esc(c.condition.text)}"
                for c in agenda.conditions
            ],
        ),
        actions_table(ctx, src, agenda),
    ]
    return "\n".join(part for part in parts if part)


def actions_table(ctx: SiteContext, src: str, agenda: Agenda) -> str:
    if not agenda.actions:
        return "<p>No open actions.</p>"
    rows = []
    for open_action in agenda.actions:
        action = open_action.action
        due = esc(action.due or "")
        if open_action.overdue(agenda.date):
            due += ' <strong class="tda-overdue">overdue</strong>'
        follows = ctx.decision_id_link(src, action.decision) if action.decision else ""
        rows.append(
            [
                esc(action.id),
                ctx.ref_link(src, action.owner, "user"),
                due,
                esc(action.text),
                follows,
                internal_link(urls.href(src, urls.meeting_page(open_action.meeting.slug)), str(open_action.meeting.date)),
            ]
        )
    return table("Open actions, overdue first", ["Action", "Owner", "Due", "What", "Follows", "Raised"], rows)


def build(ctx: SiteContext) -> Page:
    catalogue = ctx.catalogue
    governance = catalogue.governance
    agenda = build_agenda(catalogue, ctx.today)
    meetings = sorted(governance.meetings if governance else [], key=lambda m: m.date, reverse=True)
    rows = []
    for meeting in meetings:
        seen = attendance(catalogue, meeting)
        outcomes = ", ".join(
            f"{item.subject} {item.outcome or 'pending'}" for item in meeting.record.items
        )
        rows.append(
            [
                internal_link(urls.href(SRC, urls.meeting_page(meeting.slug)), str(meeting.date)),
                "quorate" if seen.quorate else "not quorate",
                esc(outcomes),
            ]
        )
    meeting_table = table("Meetings, newest first", ["Date", "Quorum", "Items"], rows) if rows else "<p>No meetings recorded yet.</p>"
    principles = []
    for principle in governance.principles if governance else []:
        citing = [
            d for d in (catalogue.decisions.decisions if catalogue.decisions else []) if principle.id in d.principles
        ]
        cited = ", ".join(ctx.decision_link(SRC, d, with_title=False) for d in citing) or "none yet"
        principles.append(
            f'<div class="tda-principle" id="principle-{esc(urls.slug(principle.id))}">'
            f"<h3>{esc(principle.id)}: {esc(principle.title)}</h3><p>{esc(principle.statement)}</p>"
            f"<p>Cited by: {cited}</p></div>"
        )
    intro = (
        f"<p>The forum is {ctx.ref_link(SRC, catalogue.config.forum, 'group')}. A decision is "
        "accepted only when a quorate meeting of the forum approves it.</p>"
    )
    return page(
        SRC,
        "Technical Design Authority",
        intro,
        section(f"Agenda for the next meeting (as of {ctx.today})", agenda_html(ctx, SRC, agenda), "agenda"),
        section("Meetings", meeting_table, "meetings"),
        section("Principles", "".join(principles), "principles"),
    )


def build_meeting(ctx: SiteContext, meeting: Meeting) -> Page:
    src = urls.meeting_page(meeting.slug)
    record = meeting.record
    seen = attendance(ctx.catalogue, meeting)
    facts = dl(
        [
            ("Forum", ctx.ref_link(src, record.forum, "group")),
            ("Chair", ctx.ref_link(src, record.chair, "user") if record.chair else ""),
            ("Attendees", ", ".join(ctx.ref_link(src, a, "user") for a in record.attendees)),
            ("Apologies", ", ".join(ctx.ref_link(src, a, "user") for a in record.apologies)),
            ("Quorum", "quorate" if seen.quorate else f"not quorate: {esc(seen.describe())}"),
        ]
    )
    items = [
        [
            ctx.decision_id_link(src, item.decision)
            if item.decision
            else ctx.ref_link(src, item.subject),
            esc(item.for_),
            esc(item.outcome or "pending"),
            "<br>".join(
                [esc(f"Condition ({c.status}): {c.text}") for c in item.conditions]
                + ([esc(f"Votes: {item.votes.for_} for, {item.votes.against} against, {item.votes.abstain} abstain")] if item.votes else [])
                + [esc(f"Dissent: {d}") for d in item.dissent]
                + ([esc(item.notes)] if item.notes else [])
            ),
        ]
        for item in record.items
    ]
    actions = [
        [esc(a.id), ctx.ref_link(src, a.owner, "user"), esc(a.due or ""), esc(a.status), esc(a.text)]
        for a in record.actions
    ]
    title = record.title or "Meeting"
    return page(
        src,
        f"{title}, {meeting.date}",
        facts,
        section("Items", table("Items", ["Decision", "For", "Outcome", "Details"], items) if items else ""),
        section("Actions", table("Actions", ["Action", "Owner", "Due", "Status", "What"], actions) if actions else ""),
        section("Minutes", f'<div class="tda-record">{render_markdown(meeting.minutes, 1)}</div>'),
    )


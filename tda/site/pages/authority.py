"""The Technical Design Authority: next agenda, meetings with minutes, actions, principles."""

from __future__ import annotations

from dataclasses import dataclass

from tda.governance.model import Meeting
from tda.queries.agenda import Agenda, build_agenda
from tda.queries.reviews import attendance
from tda.site import urls
from tda.site.html import render_markdown
from tda.site.pages import Link, Page, SiteContext, render_page
from tda.site.pages.decisions import item_details

SRC = "tda/index.md"


@dataclass(frozen=True, slots=True)
class Line:
    """One agenda line: a link and what follows it."""

    link: Link
    text: str = ""


@dataclass(frozen=True, slots=True)
class ActionRow:
    id: str
    owner: Link
    due: str
    overdue: bool
    text: str
    follows: Link | None
    raised: Link | None


def agenda_lines(ctx: SiteContext, src: str, agenda: Agenda) -> list[tuple[str, list[Line], bool]]:
    """The agenda's lists, each a (heading, lines, ordered) triple; empty lists are left out."""
    link = ctx.decision_link
    lists = [
        (
            "For decision",
            [Line(link(src, d), f"(proposed {d.date or 'undated'})") for d in agenda.for_decision],
            True,
        ),
        (
            "Deferred last time",
            [Line(link(src, x.decision), f"deferred on {x.meeting.date}") for x in agenda.deferred],
            False,
        ),
        (
            "Due for re-review",
            [Line(link(src, d), f"review due by {d.review_by}") for d in agenda.re_review],
            False,
        ),
        (
            "Conditions to confirm",
            [
                Line(link(src, c.decision, with_title=False), c.condition.text)
                for c in agenda.conditions
            ],
            False,
        ),
    ]
    return [entry for entry in lists if entry[1]]


def action_rows(ctx: SiteContext, src: str, agenda: Agenda) -> list[ActionRow]:
    rows = []
    for open_action in agenda.actions:
        action = open_action.action
        rows.append(
            ActionRow(
                str(action.id),
                ctx.ref_link(src, action.owner, "user"),
                str(action.due or ""),
                bool(open_action.overdue(agenda.date)),
                str(action.text),
                ctx.decision_id_link(src, action.decision) if action.decision else None,
                Link(
                    str(open_action.meeting.date),
                    urls.href(src, urls.meeting_page(open_action.meeting.slug)),
                ),
            )
        )
    return rows


@dataclass(frozen=True, slots=True)
class MeetingRow:
    link: Link
    quorate: bool
    items: str


@dataclass(frozen=True, slots=True)
class PrincipleView:
    id: str
    title: str
    statement: str
    cited_by: list[Link]


def build(ctx: SiteContext) -> Page:
    catalogue = ctx.catalogue
    governance = catalogue.governance
    agenda = build_agenda(catalogue, ctx.today)
    meetings = sorted(governance.meetings if governance else [], key=lambda m: m.date, reverse=True)
    meeting_rows = [
        MeetingRow(
            Link(str(m.date), urls.href(SRC, urls.meeting_page(m.slug))),
            attendance(catalogue, m).quorate,
            ", ".join(f"{item.subject} {item.outcome or 'pending'}" for item in m.record.items),
        )
        for m in meetings
    ]
    decisions = catalogue.decisions.decisions if catalogue.decisions else []
    principles = [
        PrincipleView(
            str(p.id),
            str(p.title),
            str(p.statement),
            [
                ctx.decision_link(SRC, d, with_title=False)
                for d in decisions
                if p.id in d.principles
            ],
        )
        for p in (governance.principles if governance else [])
    ]
    return render_page(
        "authority.j2",
        SRC,
        "Technical Design Authority",
        forum=ctx.ref_link(SRC, catalogue.config.forum, "group"),
        today=ctx.today,
        agenda=agenda_lines(ctx, SRC, agenda),
        actions=action_rows(ctx, SRC, agenda),
        meetings=meeting_rows,
        principles=principles,
    )


def build_meeting(ctx: SiteContext, meeting: Meeting) -> Page:
    src = urls.meeting_page(meeting.slug)
    record = meeting.record
    seen = attendance(ctx.catalogue, meeting)
    facts = [
        ("Forum", ctx.ref_link(src, record.forum, "group")),
        ("Chair", ctx.ref_link(src, record.chair, "user") if record.chair else ""),
        ("Attendees", [ctx.ref_link(src, a, "user") for a in record.attendees]),
        ("Apologies", [ctx.ref_link(src, a, "user") for a in record.apologies]),
        ("Quorum", "quorate" if seen.quorate else f"not quorate: {seen.describe()}"),
    ]
    items = [
        (
            ctx.decision_id_link(src, item.decision)
            if item.decision
            else ctx.ref_link(src, item.subject),
            str(item.for_),
            str(item.outcome or "pending"),
            item_details(item),
        )
        for item in record.items
    ]
    return render_page(
        "meeting.j2",
        src,
        f"{record.title or 'Meeting'}, {meeting.date}",
        facts=[(term, value) for term, value in facts if value],
        items=items,
        actions=record.actions,
        owner=lambda a: ctx.ref_link(src, a.owner, "user"),
        minutes=render_markdown(meeting.minutes, 1),
    )

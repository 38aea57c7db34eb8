"""Scorecards: every product's level, score and failed rules with their fixes, by team; the
table sorts in the browser and is complete without script."""

from __future__ import annotations

from dataclasses import dataclass

from tda.queries.scores import RULES, RuleResult, scorecards
from tda.site import urls
from tda.site.pages import Link, Page, SiteContext, render_page

SRC = "scorecards/index.md"
LEVEL_ORDER = {"gold": 3, "silver": 2, "bronze": 1}
HEADERS = ("Product", "Team", "Level", "Score", "Failed rules and how to fix them")


@dataclass(frozen=True, slots=True)
class Card:
    product: Link
    team: str
    level: str
    level_order: int
    score: int
    failed: list[RuleResult]


def build(ctx: SiteContext) -> Page:
    cards = []
    for card in scorecards(ctx.catalogue, ctx.today):
        level = card.level or "none"
        cards.append(
            Card(
                product=Link(card.entity.title, urls.href(SRC, urls.entity_page(card.entity.ref))),
                team=card.team,
                level=level,
                level_order=LEVEL_ORDER.get(level, 0),
                score=card.score,
                failed=list(card.failed),
            )
        )
    rules = [
        (RULES[name][0], setting.level, setting.weight)
        for name, setting in ctx.catalogue.config.scorecard.items()
        if setting.enabled and name in RULES
    ]
    return render_page(
        "scorecards.j2",
        SRC,
        "Scorecards",
        wide=True,
        cards=cards,
        headers=HEADERS,
        rules=rules,
        teams=sorted({card.team for card in cards}),
    )

"""Scorecards: every product's level, score and failed rules with their fixes, by team; the
table sorts in the browser and is complete without script."""

from __future__ import annotations

from tda.queries.scores import Scorecard, scorecards
from tda.site import urls
from tda.site.html import esc, internal_link
from tda.site.pages import Page, SiteContext, page

SRC = "scorecards/index.md"
LEVEL_ORDER = {"gold": 3, "silver": 2, "bronze": 1}


def _failed(card: Scorecard) -> str:
    if not card.failed:
        return "None"
    items = "".join(
        f"<li><strong>{esc(r.title)}</strong> ({esc(r.level)}): {esc(r.verdict.detail)}. "
        f"<em>Fix:</em> {esc(r.fix)}</li>"
        for r in card.failed
    )
    return f"<ul>{items}</ul>"


def _team_filter(teams: list[str]) -> str:
    options = "".join(f'<option value="{esc(t)}">{esc(t)}</option>' for t in teams)
    return (
        '<form class="tda-filters" data-tda-filter="tda-scorecards" hidden>'
        "<fieldset><legend>Filter scorecards</legend>"
        '<div class="tda-filter"><label for="tda-filter-team">Team</label>'
        '<select id="tda-filter-team" data-facet="team"><option value="">Any</option>'
        f"{options}</select></div>"
        '<button type="reset">Clear filters</button></fieldset>'
        '<p class="tda-count" role="status" aria-live="polite"></p></form>'
    )


def build(ctx: SiteContext) -> Page:
    cards = scorecards(ctx.catalogue, ctx.today)
    rows = []
    for card in cards:
        entity = card.entity
        link = internal_link(urls.href(SRC, urls.entity_page(entity.ref)), entity.title)
        level = card.level or "none"
        rows.append(
            f'<tr data-team="{esc(card.team)}">'
            f"<td>{link}</td><td>{esc(card.team)}</td>"
            f'<td data-sort="{LEVEL_ORDER.get(level, 0)}">{esc(level)}</td>'
            f'<td data-sort="{card.score}">{card.score}%</td>'
            f'<td data-sort="{len(card.failed)}">{_failed(card)}</td></tr>'
        )
    headers = ["Product", "Team", "Level", "Score", "Failed rules and how to fix them"]
    head = "".join(
        f'<th scope="col" aria-sort="{"ascending" if i == 1 else "none"}">{esc(h)}</th>'
        for i, h in enumerate(headers)
    )
    listing = (
        '<div class="tda-table-wrap"><table id="tda-scorecards" class="tda-sortable">'
        f"<caption>{len(cards)} products, by team</caption>"
        f"<thead><tr>{head}</tr></thead><tbody>\n" + "\n".join(rows) + "\n</tbody></table></div>"
    )
    rules = ctx.catalogue.config.scorecard
    from tda.queries.scores import RULES

    rule_rows = "".join(
        f"<li><strong>{esc(RULES[name][0])}</strong>: {esc(setting.level)}, weight "
        f"{setting.weight}</li>"
        for name, setting in rules.items()
        if setting.enabled
    )
    intro = (
        "<p>How well each product is kept. A product reaches a level when it passes every "
        "rule of that level and the levels below that applies to it; its score is the weighted "
        "share of applicable rules it passes. Choose a column heading to sort.</p>"
        f"<details><summary>The rules</summary><ul>{rule_rows}</ul></details>"
    )
    teams = sorted({card.team for card in cards})
    return page(SRC, "Scorecards", intro, _team_filter(teams), listing)

"""Checks over the whole catalogue: what no single file can show wrong on its own."""

from __future__ import annotations

from tda.catalogue import Catalogue
from tda.decisions.history import History
from tda.diagnostics import Diagnostic
from tda.rules.decisions import check_decisions
from tda.rules.entities import check_cycles, check_duplicates, check_references
from tda.rules.governance import check_governance
from tda.rules.outcomes import check_outcomes
from tda.rules.radar import check_radar


def check(catalogue: Catalogue, history: History | None = None) -> list[Diagnostic]:
    """Every catalogue-wide check: entities, decisions, and the reviews that made them."""
    return [
        *check_duplicates(catalogue),
        *check_references(catalogue),
        *check_cycles(catalogue),
        *check_decisions(catalogue),
        *check_governance(catalogue, history),
        *check_outcomes(catalogue),
        *check_radar(catalogue),
    ]

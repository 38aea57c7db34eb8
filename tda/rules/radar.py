"""Where the catalogue disagrees with the technology radar (TDA70x)."""

from __future__ import annotations

from collections.abc import Iterator

from tda import codes
from tda.catalogue import Catalogue
from tda.diagnostics import Diagnostic, diagnostic
from tda.queries.radar import build_radar


def check_radar(catalogue: Catalogue) -> Iterator[Diagnostic]:
    radar = build_radar(catalogue)
    for item in radar.disagreements:
        entity, decision = item.entity, item.blip.current.decision
        yield diagnostic(
            codes.BUILT_ON_HOLD,
            f"{entity.ref.short()} is tagged {item.tag}, and {decision.id} puts "
            f"{item.blip.name} on hold",
            file=entity.file,
            line=entity.line,
            column=entity.column,
            document=entity.document,
            ref=str(entity.ref),
            hint="plan a move away from it, or take an exception to the TDA as a decision",
        )
    for earlier, current in radar.conflicts:
        decision = current.decision
        yield diagnostic(
            codes.TECHNOLOGY_QUADRANTS_DIFFER,
            f"{decision.id} files {current.technology.name} under {current.quadrant}, but "
            f"{earlier.decision.id} filed it under {earlier.quadrant}",
            file=decision.display,
            line=decision.lines.get("technologies") or decision.line_of("radar"),
            hint="use one quadrant for a technology in every decision about it",
        )

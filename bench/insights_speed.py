"""Measure outcomes, the radar and scorecards at national scale.

    python bench/insights_speed.py [--repo DIR]

Makes the national repository with bench/national.py (no git, unless --repo names one), gives
every System outcomes with quarterly measurements and every decision two radar entries, then
prints the time to load the catalogue (every check, TDA32x and TDA70x included) and the time of
each query over it: the outcomes report, the radar, every scorecard, and the agenda. Every time
is the best of three runs.
"""

from __future__ import annotations

import argparse
import datetime as dt
import re
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

HERE = Path(__file__).resolve().parent
RINGS = ("adopt", "trial", "assess", "hold")
QUADRANTS = ("techniques", "tools", "platforms", "languages-and-frameworks")
TECHNOLOGIES = ["dotnet", "python", "typescript", "aws-lambda", "postgres", "react", "java"]

OUTCOMES = """  outcomes:
    - objective: Residents are served well
      keyResults:
        - id: served
          metric: residents served a month
          baseline: 100
          target: 500
          unit: residents
          since: 2025-01-01
          due: 2027-03-31
          measurements:
{readings}
"""


def enrich(root: Path) -> tuple[int, int]:
    """Outcomes on every System, radar entries on every decision; returns how many of each."""
    systems = 0
    readings = "\n".join(
        f"            - {{date: {dt.date(2025, 3 * q + 1, 1)}, value: {100 + 40 * q}}}"
        for q in range(4)
    )
    for path in sorted((root / "catalog").rglob("*.yaml")):
        text = path.read_text(encoding="utf-8")
        parts = text.split("\n---\n")
        changed = False
        for index, doc in enumerate(parts):
            if re.search(r"^kind: System$", doc, re.M) and "\nspec:\n" in doc:
                parts[index] = doc.rstrip("\n") + "\n" + OUTCOMES.format(readings=readings)
                parts[index] = parts[index].rstrip("\n")
                systems += 1
                changed = True
        if changed:
            path.write_text("\n---\n".join(parts) + "\n", encoding="utf-8")
    decisions = 0
    for number, path in enumerate(sorted((root / "decisions").glob("*.md"))):
        text = path.read_text(encoding="utf-8")
        if not text.startswith("---\n"):
            continue
        entries = ", ".join(
            f"{{name: {TECHNOLOGIES[(number + k) % len(TECHNOLOGIES)]}, "
            f"ring: {RINGS[(number + k) % 4]}, quadrant: {QUADRANTS[k % 4]}}}"
            for k in range(2)
        )
        path.write_text(text.replace("---\n", f"---\ntechnologies: [{entries}]\n", 1))
        decisions += 1
    return systems, decisions


def best(action: Callable[[], object], repeat: int = 3) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        action()
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--repo", type=Path, default=None)
    args = parser.parse_args()
    from tda.queries.agenda import build_agenda
    from tda.queries.outcomes import outcomes_report
    from tda.queries.radar import build_radar
    from tda.queries.scores import scorecards
    from tda.repository import open_repository

    with tempfile.TemporaryDirectory() as scratch:
        root = args.repo or Path(scratch) / "national"
        if args.repo is None:
            subprocess.run(
                [sys.executable, str(HERE / "national.py"), str(root), "--no-git"], check=True
            )
            systems, decisions = enrich(root)
            print(f"outcomes on {systems} systems, radar entries on {decisions} decisions")
        today = dt.date(2026, 6, 1)
        catalogue = open_repository(root)
        print(f"{len(catalogue.entities)} entities, {len(catalogue.diagnostics)} findings")
        print(f"load with every check:  {best(lambda: open_repository(root), 1):6.2f} s")
        print(f"outcomes report:        {best(lambda: outcomes_report(catalogue, today)):6.3f} s")
        print(f"radar:                  {best(lambda: build_radar(catalogue)):6.3f} s")
        print(f"every scorecard:        {best(lambda: scorecards(catalogue, today)):6.3f} s")
        print(f"agenda:                 {best(lambda: build_agenda(catalogue, today)):6.3f} s")


if __name__ == "__main__":
    main()

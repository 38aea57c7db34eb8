"""Time reading the git history of many decision records (who wrote each, when its status
last changed) in a real repository made for the purpose.

    python bench/history_speed.py [--decisions 3000] [--repeat 3]

Each record is added in one commit, edited in a second and accepted in a third (several
records per commit, as a busy forum would). Prints the best of N runs (target: under 5 s for
3,000 decisions).
"""

from __future__ import annotations

import argparse
import os
import subprocess
import tempfile
import time
from pathlib import Path

from tda.decisions.history import decision_history
from tda.decisions.load import load_decisions

RECORD = "---\nstatus: {status}\ndate: 2026-01-05\nentities: []\n---\n# Decision {n}\n\n{body}\n"


def _git(root: Path, *args: str) -> None:
    env = {
        **os.environ,
        "GIT_AUTHOR_NAME": "Bench",
        "GIT_AUTHOR_EMAIL": "b@example.org",
        "GIT_COMMITTER_NAME": "Bench",
        "GIT_COMMITTER_EMAIL": "b@example.org",
    }
    subprocess.run(["git", "-C", str(root), *args], check=True, env=env, capture_output=True)


def make_repository(root: Path, count: int, per_commit: int = 50) -> None:
    folder = root / "decisions"
    folder.mkdir(parents=True)
    _git(root, "init", "-q")
    steps = (("proposed", "Context."), ("proposed", "Context, and more."), ("accepted", "Done."))
    for status, body in steps:
        for start in range(0, count, per_commit):
            for n in range(start + 1, min(start + per_commit, count) + 1):
                path = folder / f"{n:04d}-decision-{n}.md"
                path.write_text(RECORD.format(status=status, n=n, body=body), encoding="utf-8")
            _git(root, "add", "-A")
            _git(root, "commit", "-q", "-m", f"{status} {start}")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--decisions", type=int, default=3000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_repository(root, args.decisions)
        log = load_decisions(root / "decisions")
        best = float("inf")
        for _ in range(args.repeat):
            start = time.perf_counter()
            history = decision_history(root, log.decisions)
            best = min(best, time.perf_counter() - start)
        accepted = sum(
            1
            for d in log.decisions
            if (change := history.of(d.file).last_status_change) and change.status == "accepted"
        )
        print(f"decisions:            {len(log.decisions)}")
        print(f"with status history:  {accepted}")
        print(f"history (best of {args.repeat}): {best:.2f} s (target < 5 s)")


if __name__ == "__main__":
    main()

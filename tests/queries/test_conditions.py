"""`tda review conditions`: set by one meeting, confirmed by naming it at a later one."""

from __future__ import annotations

import json
from pathlib import Path

from tests.conftest import commit_all, snapshot_files, write_tree
from tests.governance.conftest import meeting
from tests.queries.conftest import QUORATE


def test_register_from_set_to_confirmed(cli, secretary_repo: Path, git_repo) -> None:
    root = secretary_repo
    listed = json.loads(cli("review", "conditions", "--format", "json", "--root", root).output)
    assert [(c["id"], c["state"], c["set_on"]) for c in listed] == [
        ("TDA-C001", "open", "2026-03-10")
    ]
    approved_minutes = snapshot_files(root / "decisions/reviews")
    confirm = "- decision: ADR-0002\n  for: information\n  outcome: noted\n  confirms: TDA-C001\n"
    write_tree(
        root, {"decisions/reviews/2026-05-12-tda.md": meeting("2026-05-12", QUORATE, confirm)}
    )
    commit_all(git_repo, "confirmed", "2026-05-13T09:00:00+00:00")
    text = cli("review", "conditions", "--root", root).output
    assert "TDA-C001 [met]  ADR-0002" in text
    assert "set by group:tda on 2026-03-10, chaired by user:ann" in text
    assert "confirmed at the meeting of 2026-05-12" in text
    assert "no open conditions" in cli("review", "conditions", "--open", "--root", root).output
    # approved minutes are never edited to confirm a condition
    for name, data in approved_minutes.items():
        assert (root / "decisions/reviews" / name).read_bytes() == data

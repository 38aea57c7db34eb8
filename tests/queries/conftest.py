from __future__ import annotations

from pathlib import Path

import pytest

from tests.conftest import commit_all, write_tree
from tests.governance.conftest import decision, meeting, org

QUORATE = ["ann", "bo", "cy"]


@pytest.fixture
def secretary_repo(tmp_path: Path, git_repo):
    """A committed catalogue: ADR-1 accepted, ADR-2 proposed to supersede it, approved with a
    condition at a quorate meeting on 2026-03-10; the files not yet updated."""
    items = (
        "- decision: ADR-0002\n  for: decision\n  outcome: approved-with-conditions\n"
        "  conditions:\n    - id: TDA-C001\n      text: Name an owner for the cache\n"
        "  dissent: Bo would rather keep the old way of caching\n"
    )
    first = "- decision: ADR-0001\n  for: decision\n  outcome: approved\n"
    write_tree(
        tmp_path,
        {
            "catalog/org.yaml": org(),
            "decisions/0001-old-way.md": decision(
                "accepted", "2025-01-01", **{"review-by": "2026-01-01"}
            ),
            "decisions/0002-new-way.md": decision(
                "proposed", "2026-03-01", supersedes="[ADR-0001]"
            ),
            "decisions/reviews/2025-01-10-tda.md": meeting("2025-01-10", QUORATE, first),
            "decisions/reviews/2026-03-10-tda.md": meeting("2026-03-10", QUORATE, items),
        },
    )
    commit_all(git_repo, "records", "2026-03-11T09:00:00+00:00")
    return tmp_path

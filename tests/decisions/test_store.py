"""Writing records: numbering under concurrency, supersession on both sides, renumbering."""

from __future__ import annotations

import datetime as dt
import multiprocessing
from pathlib import Path

import pytest

from tda.decisions.load import load_decisions
from tda.decisions.store import (
    NewDecision,
    StoreError,
    months_later,
    new_decision,
    renumber,
    supersede,
    update_front_matter,
)
from tests.conftest import commit_all, write_tree


def test_new_decision_takes_the_next_number_and_writes_madr(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    write_tree(tmp_path, {"decisions/0003-old.md": "---\nstatus: accepted\n---\n# Old\n"})
    path = new_decision(
        load_decisions(folder),
        NewDecision(
            "Use Person API: everywhere!",
            date=dt.date(2026, 3, 2),
            entities=["component:person-api"],
        ),
    )
    assert path.name == "0004-use-person-api-everywhere.md"
    text = path.read_text()
    assert text.startswith(
        "---\nstatus: proposed\ndate: 2026-03-02\nentities: [component:person-api]\n---\n# Use Person API: everywhere!\n"
    )
    assert "## Context and Problem Statement" in text and "## Decision Outcome" in text
    again = load_decisions(folder).get("ADR-4")
    assert (again.title, again.status, again.entities) == (
        "Use Person API: everywhere!",
        "proposed",
        ["component:person-api"],
    )


def _make(folder: str, index: int) -> str:
    log = load_decisions(Path(folder))
    return new_decision(log, NewDecision(f"Parallel decision {index}")).name


def test_concurrent_commands_never_share_a_number(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    with multiprocessing.get_context("fork").Pool(4) as pool:
        names = pool.starmap(_make, [(str(folder), i) for i in range(12)])
    numbers = sorted(int(name[:4]) for name in names)
    assert numbers == list(range(1, 13))
    assert len(list(folder.glob("*.md"))) == 12


def test_new_supersedes_marks_the_old_record(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/0001-old.md": "---\nstatus: accepted\ndate: 2020-01-01\n---\n# Old\n\nBody kept.\n"
        },
    )
    folder = tmp_path / "decisions"
    new_decision(
        load_decisions(folder),
        NewDecision("New", status="accepted", supersedes=["ADR-1"], date=dt.date(2026, 1, 1)),
    )
    log = load_decisions(folder)
    old, new = log.get("ADR-1"), log.get("ADR-2")
    assert (old.status, old.superseded_by, old.status_text) == (
        "superseded",
        ["ADR-0002"],
        "accepted",
    )
    assert new.supersedes == ["ADR-0001"]
    assert old.body == "\nBody kept.\n"


def test_supersede_updates_both_files_and_keeps_everything_else(tmp_path: Path) -> None:
    old_text = "---\n# a comment the user wrote\nstatus: accepted\ndate: 2020-01-01\ntags:\n  - a\n  - b\nentities: []\n---\n# Old\n\nText.\n"
    write_tree(
        tmp_path,
        {
            "decisions/0001-old.md": old_text,
            "decisions/0002-new.md": "---\nstatus: accepted\n---\n# New\n",
        },
    )
    folder = tmp_path / "decisions"
    supersede(load_decisions(folder), "1", "ADR-0002")
    text = (folder / "0001-old.md").read_text()
    assert text == (
        "---\n# a comment the user wrote\nstatus: superseded\ndate: 2020-01-01\ntags:\n  - a\n  - b\nentities: []\n"
        "superseded-by: [ADR-0002]\noriginal-status: accepted\n---\n# Old\n\nText.\n"
    )
    assert (
        folder / "0002-new.md"
    ).read_text() == "---\nstatus: accepted\nsupersedes: [ADR-0001]\n---\n# New\n"
    log = load_decisions(folder)
    assert log.get("ADR-1").superseded_by == ["ADR-0002"] and log.get("ADR-2").supersedes == [
        "ADR-0001"
    ]


def test_supersede_refuses_foreign_or_missing_records(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/0001-old.md": "# 1. Old\n\n## Status\n\nAccepted\n",
            "decisions/0002-new.md": "---\nstatus: proposed\n---\n# New\n",
        },
    )
    log = load_decisions(tmp_path / "decisions")
    before = (tmp_path / "decisions/0001-old.md").read_text()
    with pytest.raises(StoreError, match="nygard"):
        supersede(log, "ADR-1", "ADR-2")
    with pytest.raises(StoreError, match="ADR-0009 is not a decision"):
        supersede(log, "ADR-9", "ADR-2")
    assert (tmp_path / "decisions/0001-old.md").read_text() == before


def test_update_front_matter_replaces_block_lists_and_adds_keys() -> None:
    text = "---\nstatus: proposed\nsupersedes:\n- ADR-0001\nnote: x\n---\nbody\n"
    assert update_front_matter(text, {"supersedes": ["ADR-0001", "ADR-0002"], "new": 1}) == (
        "---\nstatus: proposed\nsupersedes: [ADR-0001, ADR-0002]\nnote: x\nnew: 1\n---\nbody\n"
    )


def test_renumber_after_a_merge_moves_the_later_record_and_its_references(
    git_repo, tmp_path: Path
) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/0001-first.md": "---\nstatus: accepted\n---\n# First\n",
            "decisions/0002-ours.md": "---\nstatus: accepted\ndate: 2026-01-01\n---\n# Ours\n",
            "decisions/reviews/2026-01-10-tda.md": "---\nitems:\n  - decision: ADR-0002\n---\nApproved ADR-0002.\n",
        },
    )
    commit_all(git_repo, "ours", "2026-01-10T10:00:00")
    write_tree(
        tmp_path,
        {
            "decisions/0002-theirs.md": "---\nstatus: proposed\nsupersedes: [ADR-0001]\n---\n# Theirs\n\nSee ADR-0002 below.\n",
            "decisions/0001-first.md": "---\nstatus: superseded\nsuperseded-by: [ADR-0002]\n---\n# First\n",
            "decisions/reviews/2026-02-01-tda.md": "---\nitems:\n  - decision: ADR-0002\n---\nDeferred ADR-2.\n",
        },
    )
    commit_all(git_repo, "theirs", "2026-02-01T10:00:00")
    log = load_decisions(tmp_path / "decisions")
    assert len(log.find("ADR-2")) == 2
    from tda.decisions.history import changed_with, first_commit_times

    files = [d.file for d in log.decisions]
    order = {p: t.timestamp() for p, t in first_commit_times(tmp_path, files).items()}
    reviews = sorted((tmp_path / "decisions/reviews").glob("*.md"))
    [result] = renumber(log, reviews, changed_with(tmp_path, files + reviews), order)
    assert (result.old_id, result.new_id, result.new_file.name) == (
        "ADR-0002",
        "ADR-0003",
        "0003-theirs.md",
    )
    assert not (tmp_path / "decisions/0002-theirs.md").exists()
    assert "See ADR-0003 below." in result.new_file.read_text()
    # the meeting that came with the moved record now names its new id; the older one is untouched
    assert "decision: ADR-0003" in (tmp_path / "decisions/reviews/2026-02-01-tda.md").read_text()
    assert "decision: ADR-0002" in (tmp_path / "decisions/reviews/2026-01-10-tda.md").read_text()
    # the record first committed with it (the superseded one) was rewritten; ours was not
    assert "superseded-by: [ADR-0003]" in (tmp_path / "decisions/0001-first.md").read_text()
    assert (tmp_path / "decisions/0002-ours.md").read_text().startswith("---\nstatus: accepted")
    after = load_decisions(tmp_path / "decisions")
    assert after.diagnostics == []
    assert after.get("ADR-3").supersedes == ["ADR-0001"]


def test_review_dates_move_by_whole_months() -> None:
    assert months_later(dt.date(2026, 3, 2), 12) == dt.date(2027, 3, 2)
    assert months_later(dt.date(2026, 1, 31), 1) == dt.date(2026, 2, 28)
    assert months_later(dt.date(2027, 11, 30), 3) == dt.date(2028, 2, 29)


OLD = "---\nstatus: accepted\ndate: 2020-01-01\n---\n# Old\n\nBody kept.\n"


def test_a_proposal_leaves_the_record_it_supersedes_in_force(tmp_path: Path) -> None:
    write_tree(tmp_path, {"decisions/0001-old.md": OLD})
    folder = tmp_path / "decisions"
    new_decision(load_decisions(folder), NewDecision("New", supersedes=["ADR-1"]))
    supersede(load_decisions(folder), "ADR-1", "ADR-2")
    log = load_decisions(folder)
    assert log.get("ADR-1").status == "accepted" and log.get("ADR-1").superseded_by == []
    assert log.get("ADR-2").supersedes == ["ADR-0001"]
    assert (folder / "0001-old.md").read_text() == OLD


def _supersede_into(folder: str, number: int) -> None:
    supersede(load_decisions(Path(folder)), "ADR-1", f"ADR-{number}")


def test_concurrent_supersedes_never_lose_an_update(tmp_path: Path) -> None:
    files = {"decisions/0001-old.md": OLD}
    for number in range(2, 10):
        files[f"decisions/{number:04d}-new-{number}.md"] = "---\nstatus: accepted\n---\n# New\n"
    write_tree(tmp_path, files)
    folder = tmp_path / "decisions"
    with multiprocessing.get_context("fork").Pool(4) as pool:
        pool.starmap(_supersede_into, [(str(folder), n) for n in range(2, 10)])
    old = load_decisions(folder).get("ADR-1")
    assert sorted(old.superseded_by) == [f"ADR-{n:04d}" for n in range(2, 10)]


def test_edits_keep_crlf_comments_and_key_order(tmp_path: Path) -> None:
    text = (
        "---\r\nstatus: accepted  # agreed in March\r\ntags: [a]\r\ndate: 2020-01-01\r\n---\r\n"
        "# Old\r\n\r\nText.\r\n"
    )
    (tmp_path / "decisions").mkdir()
    (tmp_path / "decisions/0001-old.md").write_bytes(text.encode())
    (tmp_path / "decisions/0002-new.md").write_bytes(b"---\r\nstatus: accepted\r\n---\r\n# New\r\n")
    supersede(load_decisions(tmp_path / "decisions"), "ADR-1", "ADR-2")
    assert (tmp_path / "decisions/0001-old.md").read_bytes().decode() == (
        "---\r\nstatus: superseded  # agreed in March\r\ntags: [a]\r\ndate: 2020-01-01\r\n"
        "superseded-by: [ADR-0002]\r\noriginal-status: accepted\r\n---\r\n# Old\r\n\r\nText.\r\n"
    )
    assert (tmp_path / "decisions/0002-new.md").read_bytes() == (
        b"---\r\nstatus: accepted\r\nsupersedes: [ADR-0001]\r\n---\r\n# New\r\n"
    )


def test_numbers_are_unique_across_sub_folders(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/0001-a.md": "---\nstatus: accepted\n---\n# A\n",
            "decisions/area/0007-b.md": "---\nstatus: accepted\n---\n# B\n",
            "decisions/0008-c/index.md": "---\nstatus: accepted\n---\n# C\n",
            "decisions/reviews/2026-01-10-tda.md": "---\ndate: 2026-01-10\n---\n",
        },
    )
    path = new_decision(load_decisions(tmp_path / "decisions"), NewDecision("D"))
    assert path.name.startswith("0009-")


def test_renumber_reaches_sub_folders(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/0001-a.md": "---\nstatus: accepted\ndate: 2020-01-01\n---\n# A\n",
            "decisions/area/0001-b.md": "---\nstatus: accepted\ndate: 2021-01-01\n---\n# B\n",
            "decisions/area/0001-c.md": "# 1. C\n\nDate: 2022-01-01\n\n## Status\n\nAccepted\n",
        },
    )
    stuck: list = []
    moved = renumber(load_decisions(tmp_path / "decisions"), stuck=stuck)
    assert [(m.old_file.name, m.new_file.name) for m in moved] == [("0001-b.md", "0002-b.md")]
    assert (tmp_path / "decisions/area/0002-b.md").exists()
    assert [d.file.name for d in stuck] == ["0001-c.md"]

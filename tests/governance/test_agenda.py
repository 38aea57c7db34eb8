"""The agenda a set of records implies, field by field; writing a meeting record."""

from __future__ import annotations

import datetime as dt
import json
from pathlib import Path

from tda.queries.agenda import build_agenda
from tda.repository import load_catalogue
from tests.conftest import REPO, snapshot_files
from tests.governance.conftest import decision, meeting


def records(tda_repo) -> Path:
    items_1 = (
        "- decision: ADR-0001\n  for: decision\n  outcome: approved-with-conditions\n"
        "  conditions:\n    - text: Add monitoring\n    - text: Write a runbook\n      status: met\n"
        "- decision: ADR-0002\n  for: decision\n  outcome: deferred\n  notes: Needs costs.\n"
    )
    actions_1 = (
        "- id: TDA-A001\n  owner: user:bo\n  due: 2026-01-20\n  status: open\n  text: Cost it\n  decision: ADR-0002\n"
        "- id: TDA-A002\n  owner: user:cy\n  due: 2999-03-01\n  status: open\n  text: Later thing\n"
        "- id: TDA-A003\n  owner: user:di\n  due: 2026-01-15\n  status: done\n  text: Done thing\n"
    )
    return tda_repo(
        {
            "decisions/0001-a.md": decision(
                "accepted", "2026-01-01", **{"review-by": "2026-02-01"}
            ),
            "decisions/0002-b.md": decision("proposed", "2026-01-02"),
            "decisions/0003-c.md": decision("proposed", "2026-01-20"),
            "decisions/0004-d.md": decision("proposed", "2026-01-05"),
            "decisions/0005-e.md": decision("draft", "2026-01-06"),
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], items_1, actions_1
            ),
        }
    )


def test_agenda_for_a_fixed_date(tda_repo) -> None:
    agenda = build_agenda(load_catalogue(records(tda_repo)), dt.date(2026, 2, 5))
    assert agenda.forum == "group:tda"
    assert [d.id for d in agenda.for_decision] == [
        "ADR-0004",
        "ADR-0003",
    ]  # oldest first, drafts wait
    assert [(x.decision.id, x.meeting.date, x.item.notes) for x in agenda.deferred] == [
        ("ADR-0002", dt.date(2026, 1, 10), "Needs costs.")
    ]
    assert [d.id for d in agenda.re_review] == ["ADR-0001"]
    assert [(c.decision.id, c.condition.text) for c in agenda.conditions] == [
        ("ADR-0001", "Add monitoring")
    ]
    assert [(a.action.id, a.overdue(agenda.date)) for a in agenda.actions] == [
        ("TDA-A001", True),
        ("TDA-A002", False),
    ]


def test_agenda_before_the_review_date_and_meeting(tda_repo) -> None:
    agenda = build_agenda(load_catalogue(records(tda_repo)), dt.date(2026, 1, 10))
    # the meeting on that day is the one being prepared, so nothing from it is carried
    assert [d.id for d in agenda.for_decision] == ["ADR-0002", "ADR-0004"]
    assert agenda.deferred == [] and agenda.re_review == [] and agenda.actions == []


def test_sample_agenda_json(cli) -> None:
    result = cli("review", "agenda", "--date", "2026-12-03", "--format", "json", "--root", REPO)
    payload = json.loads(result.output)
    # ADR-0017 was approved on 2026-11-26 (applied with `tda review apply`), with a condition;
    # that meeting re-approved ADR-0005 and confirmed ADR-0008's condition.
    assert [d["id"] for d in payload["for_decision"]] == []
    assert [d["id"] for d in payload["deferred"]] == ["ADR-0012"]
    assert [d["id"] for d in payload["re_review"]] == ["ADR-0008", "ADR-0002", "ADR-0004"]
    assert [c["decision"] for c in payload["conditions"]] == ["ADR-0017"]
    assert [(a["id"], a["overdue"]) for a in payload["actions"]] == [
        ("TDA-A005", True),
        ("TDA-A006", False),
        ("TDA-A007", False),
    ]


def test_review_new_writes_a_record_and_never_overwrites(cli, tda_repo) -> None:
    root = records(tda_repo)
    result = cli("review", "new", "--date", "2026-02-05", "--root", root)
    assert result.exit_code == 0, result.output
    path = root / "decisions/reviews/2026-02-05-tda.md"
    assert result.output.strip() == str(path)
    text = path.read_text()
    assert "date: 2026-02-05\nforum: group:tda\n" in text
    assert "  - decision: ADR-0004\n    for: decision\n    outcome:\n" in text
    assert "| TDA-A001 | user:bo | 2026-01-20 (overdue) | Cost it |" in text
    catalogue = load_catalogue(root)
    assert [
        d.code for d in catalogue.diagnostics if d.file and d.file.endswith("2026-02-05-tda.md")
    ] == []
    before = snapshot_files(root)
    again = cli("review", "new", "--date", "2026-02-05", "--root", root)
    assert again.exit_code == 2 and "already exists" in again.output
    assert snapshot_files(root) == before


def test_review_actions_filters(cli, tda_repo) -> None:
    root = records(tda_repo)
    everything = cli("review", "actions", "--root", root).output.splitlines()
    assert [line.split()[0] for line in everything] == ["TDA-A001", "TDA-A002"]
    assert "OVERDUE" in everything[0]
    mine = cli("review", "actions", "--owner", "cy", "--root", root).output
    assert mine.startswith("TDA-A002") and "TDA-A001" not in mine
    late = cli("review", "actions", "--overdue", "--root", root).output
    assert late.startswith("TDA-A001") and "TDA-A002" not in late
    assert "TDA-A003" in cli("review", "actions", "--all", "--root", root).output


def test_adr_show_has_the_review_history(cli) -> None:
    text = cli("adr", "show", "ADR-2", "--root", REPO).output
    assert "2024-02-01  approved-with-conditions (for decision; quorate)" in text
    assert "condition [met, confirmed 2024-07-11]: Each team describes its live products" in text
    assert "votes: 3 for, 0 against, 1 abstain" in text
    waiting = cli("adr", "show", "ADR-12", "--root", REPO).output
    assert (
        "2026-10-22  deferred (for decision; NOT quorate: 2 of 5 members attended; the quorum is 3)"
        in waiting
    )


def test_review_new_names_the_conditions_to_confirm(cli, tda_repo) -> None:
    items = (
        "- decision: ADR-0001\n  for: decision\n  outcome: approved-with-conditions\n"
        "  conditions:\n    - id: TDA-C001\n      text: Add monitoring\n"
    )
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], items
            ),
        }
    )
    assert cli("review", "new", "--date", "2026-02-05", "--root", root).exit_code == 0
    text = (root / "decisions/reviews/2026-02-05-tda.md").read_text()
    assert "    for: information\n    outcome:\n    # confirms: [TDA-C001]\n" in text
    assert "- ADR-0001: TDA-C001: Add monitoring (set on 2026-01-10)" in text

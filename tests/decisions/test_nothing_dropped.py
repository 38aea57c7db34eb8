"""Nothing a council wrote is dropped or misread: encodings, layouts, minutes, statuses, dates."""

from __future__ import annotations

import codecs
import datetime as dt
from pathlib import Path

from tda.decisions.load import load_decisions
from tda.repository import load_catalogue
from tests.conftest import write_tree
from tests.governance.conftest import org

NATIVE = "---\nstatus: accepted\ndate: 2026-01-05\n---\n# Use X\n\n## Context\n\nWhy.\n"


def codes(root: Path) -> list[str]:
    return [d.code for d in load_catalogue(root).diagnostics]


def test_utf16_and_bom_files_are_read_whole(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "0001-utf16.md").write_bytes(NATIVE.encode("utf-16"))
    (folder / "0002-bom.md").write_bytes(codecs.BOM_UTF8 + NATIVE.replace("X", "Y").encode())
    log = load_decisions(folder)
    assert log.skipped == []
    assert [(d.id, d.title, d.status) for d in log.decisions] == [
        ("ADR-0001", "Use X", "accepted"),
        ("ADR-0002", "Use Y", "accepted"),
    ]
    assert "status" not in log.decisions[1].body


def test_unreadable_bytes_are_skipped_with_a_reason(tmp_path: Path) -> None:
    folder = tmp_path / "decisions"
    folder.mkdir()
    (folder / "0001-latin1.md").write_bytes(
        "# Caf\xe9\n\n## Status\n\nAccepted\n".encode("latin-1")
    )
    log = load_decisions(folder)
    assert [s.reason for s in log.skipped] == ["cannot be read: not UTF-8 or UTF-16"]
    assert [d.code for d in log.diagnostics] == ["TDA401"]


def test_one_folder_per_decision_layouts(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/0003-use-x/index.md": NATIVE,
            "decisions/identity/single-sign-on/index.md": NATIVE.replace("Use X", "Use SSO"),
            "decisions/index.md": "# Decisions\n\nAll our decisions.\n",
        },
    )
    log = load_decisions(tmp_path / "decisions")
    assert sorted(d.id for d in log.decisions) == ["ADR-0003", "identity/single-sign-on"]
    assert [s.reason for s in log.skipped] == ["an index page, not a decision"]


def test_minutes_are_never_read_as_decisions(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/0001-use-x.md": NATIVE,
            "decisions/reviews/2024-02-01-tda.md": (
                "---\ndate: 2024-02-01\nforum: group:tda\nattendees: []\nitems: []\n---\n# Minutes\n"
            ),
        },
    )
    log = load_decisions(tmp_path / "decisions", exclude=())
    assert [d.id for d in log.decisions] == ["ADR-0001"]
    assert [s.reason for s in log.skipped] == ["the minutes of a meeting, not a decision"]


def test_pages_that_are_not_decisions_are_skipped(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "decisions/api/person-api.md": "# Person API\n\n## Endpoints\n\nGET /people\n",
            "decisions/0002-no-status.md": "# Use Y\n\n## Context\n\nWhy.\n\n## Decision\n\nY.\n",
        },
    )
    log = load_decisions(tmp_path / "decisions")
    assert [d.id for d in log.decisions] == ["ADR-0002"]
    assert [s.reason for s in log.skipped] == [
        "not a decision record (it has neither a status nor decision sections)"
    ]


def test_no_status_is_not_accepted(tmp_path: Path, cli) -> None:
    from tda.queries.agenda import build_agenda

    write_tree(
        tmp_path,
        {
            "catalog/org.yaml": org(),
            "decisions/0001-use-y.md": "---\ndate: 2026-01-01\nentities: []\n---\n# Use Y\n\n## Decision\n\nY.\n",
        },
    )
    catalogue = load_catalogue(tmp_path)
    (decision,) = catalogue.decisions.decisions
    assert decision.status == "proposed" and decision.status_text == ""
    assert codes(tmp_path) == ["TDA402"]
    agenda = build_agenda(catalogue, dt.date(2026, 2, 1))
    assert [d.id for d in agenda.for_decision] == ["ADR-0001"]
    listed = cli("adr", "list", "--root", tmp_path).output
    assert "no status" in listed and "accepted" not in listed
    assert cli("adr", "list", "--status", "Accepted", "--root", tmp_path).output.strip() == (
        "no decisions"
    )
    assert "ADR-0001" in cli("adr", "list", "--status", "PROPOSED", "--root", tmp_path).output


def test_dates_are_parsed_strictly_with_a_clear_finding(tmp_path: Path) -> None:
    nygard = "# 1. Use X\n\nDate: {date}\n\n## Status\n\nProposed\n\n## Context\n\nWhy.\n"
    for text in ("05/16/2025", "2025-13-45"):
        root = tmp_path / text.replace("/", "-")
        write_tree(root, {"decisions/0001-use-x.md": nygard.format(date=text)})
        found = [d for d in load_catalogue(root).diagnostics if d.code == "TDA412"]
        assert len(found) == 1 and repr(text) in found[0].message and found[0].line == 3
        native = root / "native"
        write_tree(
            native,
            {
                "decisions/0001-use-x.md": f"---\nstatus: proposed\ndate: {text}\nentities: []\n---\n# X\n"
            },
        )
        (finding,) = [d for d in load_catalogue(native).diagnostics if d.code == "TDA410"]
        assert "is not a date" in finding.message and finding.line == 3


def test_a_uk_date_is_read_alike_by_list_and_validate(tmp_path: Path) -> None:
    write_tree(
        tmp_path,
        {
            "catalog/org.yaml": org(),
            "decisions/0001-use-x.md": "---\nstatus: proposed\ndate: 16/05/2025\nentities: []\n---\n# X\n",
        },
    )
    catalogue = load_catalogue(tmp_path)
    assert catalogue.decisions.decisions[0].date == dt.date(2025, 5, 16)
    assert [d.code for d in catalogue.diagnostics] == []

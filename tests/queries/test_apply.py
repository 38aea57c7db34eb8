"""`tda review apply DATE` on a real repository: shows, writes only with --yes, idempotent."""

from __future__ import annotations

from pathlib import Path

from tda.decisions.load import load_decisions
from tests.conftest import snapshot_files


def test_apply_shows_first_and_writes_only_with_yes(cli, secretary_repo: Path) -> None:
    root = secretary_repo
    before = snapshot_files(root / "decisions")
    shown = cli("review", "apply", "2026-03-10", "--root", root)
    assert shown.exit_code == 0, shown.output
    assert "-status: proposed" in shown.output and "+status: accepted" in shown.output
    assert "+status: superseded" in shown.output and "--yes" in shown.output
    assert snapshot_files(root / "decisions") == before

    written = cli("review", "apply", "2026-03-10", "--yes", "--root", root)
    assert written.exit_code == 0 and "updated 2 file(s)" in written.output
    log = load_decisions(root / "decisions")
    old, new = log.get("ADR-1"), log.get("ADR-2")
    assert (new.status, str(new.review_by)) == ("accepted", "2027-03-10")
    assert new.front_matter["conditions"] == ["Name an owner for the cache"]
    assert (old.status, old.superseded_by) == ("superseded", ["ADR-0002"])
    assert old.status_text == "accepted"  # the original status is kept

    after = snapshot_files(root / "decisions")
    again = cli("review", "apply", "2026-03-10", "--yes", "--root", root)
    assert "nothing to change" in again.output
    assert snapshot_files(root / "decisions") == after
    assert cli("validate", "--root", root).exit_code == 0


def test_apply_refuses_a_day_with_no_meeting(cli, secretary_repo: Path) -> None:
    result = cli("review", "apply", "2026-03-11", "--root", secretary_repo)
    assert result.exit_code == 2 and "no meeting of group:tda on 2026-03-11" in result.output


def test_apply_leaves_a_later_decision_alone(cli, secretary_repo: Path) -> None:
    """Applying an old meeting never undoes what a later one decided."""
    root = secretary_repo
    cli("review", "apply", "2026-03-10", "--yes", "--root", root)
    result = cli("review", "apply", "2025-01-10", "--root", root)
    assert "nothing to change" in result.output


def test_apply_keeps_crlf(cli, secretary_repo: Path) -> None:
    path = secretary_repo / "decisions/0002-new-way.md"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    cli("review", "apply", "2026-03-10", "--yes", "--root", secretary_repo)
    data = path.read_bytes()
    assert b"status: accepted\r\n" in data and data.count(b"\n") == data.count(b"\r\n")


def test_an_inquorate_meeting_is_not_applied(cli, tmp_path: Path) -> None:
    from tests.conftest import write_tree
    from tests.governance.conftest import decision, meeting, org

    write_tree(
        tmp_path,
        {
            "catalog/org.yaml": org(),
            "decisions/0001-a.md": decision("proposed"),
            "decisions/reviews/2026-03-10-tda.md": meeting(
                "2026-03-10",
                ["ann"],
                "- decision: ADR-0001\n  for: decision\n  outcome: approved\n",
            ),
        },
    )
    result = cli("review", "apply", "2026-03-10", "--yes", "--root", tmp_path)
    assert "not quorate" in result.output and "nothing to change" in result.output


def test_apply_explains_what_it_cannot_edit(cli, tmp_path: Path) -> None:
    from tests.conftest import write_tree
    from tests.governance.conftest import meeting, org

    items = "".join(
        f"- decision: ADR-000{n}\n  for: decision\n  outcome: approved\n" for n in (1, 2, 3)
    )
    write_tree(
        tmp_path,
        {
            "catalog/org.yaml": org(),
            "decisions/0001-nygard.md": "# 1. Use X\n\n## Status\n\nProposed\n",
            "decisions/0002-bare.md": "# Use Y\n\n## Decision\n\nY.\n",
            "decisions/reviews/2026-03-10-tda.md": meeting(
                "2026-03-10", ["ann", "bo", "cy"], items
            ),
        },
    )
    result = cli("review", "apply", "2026-03-10", "--yes", "--root", tmp_path)
    assert result.exit_code == 0, result.output
    assert "ADR-0001 (" in result.output and "tda import adr" in result.output
    assert "ADR-0002 (" in result.output and "no front matter status" in result.output
    assert "ADR-0003 is not a decision" in result.output

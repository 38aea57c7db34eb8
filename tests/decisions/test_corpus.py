"""Every record of the real-world corpus is read: counts, statuses and the duplicated 012."""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pytest

from tda.decisions.load import load_decisions
from tda.interop.adr import import_adrs

# (folder, decisions, skipped, statuses, dialect)
EXPECTED = [
    ("adr/alphagov__govuk-aws", 38, 0, {"accepted": 29, "proposed": 7, "superseded": 2}, "nygard"),
    ("adr/adr__madr", 19, 0, {"proposed": 19}, "madr"),  # no status is not accepted
    ("adr/thomvaill__log4brains", 17, 0, {"accepted": 16, "superseded": 1}, "log4brains"),
    (
        "adr/LBHackney-IT__Data-Platform-Playbook",
        16,
        0,
        {"accepted": 13, "proposed": 2, "superseded": 1},
        "docusaurus",
    ),
    (
        "hackney/LBHackney-IT__Data-Platform-Playbook/docs/architecture-decisions",
        16,
        2,
        {"accepted": 13, "proposed": 2, "superseded": 1},
        "docusaurus",
    ),
    (
        "hackney/LBHackney-IT__lbh-adrs",
        32,
        5,
        {"accepted": 15, "proposed": 15, "draft": 2},
        "status-folder",
    ),
]


@pytest.mark.parametrize(
    ("folder", "count", "skipped", "statuses", "dialect"), EXPECTED, ids=[e[0] for e in EXPECTED]
)
def test_corpus_folder_is_read_completely(
    corpus: Path, folder, count, skipped, statuses, dialect
) -> None:
    log = load_decisions(corpus / folder, exclude=())
    assert len(log.decisions) == count
    assert len(log.skipped) == skipped
    assert dict(Counter(d.status for d in log.decisions)) == statuses
    assert {d.dialect for d in log.decisions} == {dialect}
    markdown = [p for p in (corpus / folder).rglob("*.md")]
    assert len(markdown) == count + skipped  # nothing dropped silently


def test_original_status_text_is_kept(corpus: Path) -> None:
    log = load_decisions(corpus / "hackney/LBHackney-IT__lbh-adrs", exclude=())
    trial = [d for d in log.decisions if d.status_text == "Trial"]
    assert len(trial) == 2 and {d.status for d in trial} == {"proposed"}
    assert {d.code for d in log.diagnostics} == {"TDA403", "TDA412"}  # a placeholder date is said


def test_duplicated_012_names_both_files(corpus: Path) -> None:
    log = load_decisions(corpus / "adr/LBHackney-IT__Data-Platform-Playbook", exclude=())
    [problem] = [d for d in log.diagnostics if d.code == "TDA408"]
    assert "ADR-0012" in problem.message
    assert "012-do-not-connect-to-production-databases.md" in problem.message
    assert "012-move-staging-to-pre-production.md" in problem.message
    assert len(log.find("ADR-12")) == 2


def test_supersession_links_resolve_to_ids(corpus: Path) -> None:
    govuk = load_decisions(corpus / "adr/alphagov__govuk-aws", exclude=())
    assert govuk.get("ADR-4").superseded_by == ["ADR-0015"]
    l4b = load_decisions(corpus / "adr/thomvaill__log4brains", exclude=())
    old = l4b.get("_global/20200926-use-the-adr-number-as-its-unique-id")
    assert old.superseded_by == ["_global/20201016-use-the-adr-slug-as-its-unique-id"]


@pytest.mark.parametrize("folder", [e[0] for e in EXPECTED])
def test_import_then_reread_round_trips(corpus: Path, tmp_path: Path, folder: str) -> None:
    report = import_adrs(corpus / folder, tmp_path / "decisions")
    back = load_decisions(tmp_path / "decisions")
    assert len(report.imported) == len(back.decisions)
    assert back.diagnostics == []
    by_id = {d.id: d for d in back.decisions}
    for item in report.imported:
        again, source = by_id[item.new_id], item.source
        assert again.dialect == "madr"
        assert (again.title, again.status, again.status_text) == (
            source.title,
            source.status,
            source.status_text,
        )
        assert again.body == source.body

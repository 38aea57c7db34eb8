"""Every dialect read into the same record; statuses normalised, original text kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from tda.decisions.dialects import normalise_status, parse_loose_date, read_decision
from tda.decisions.model import Decision, Skipped


def read(tmp_path: Path, name: str, text: str) -> Decision | Skipped:
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    found, problems = read_decision(path, name, tmp_path)
    assert problems == []
    assert found is not None
    return found


def test_madr_4_front_matter(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "0007-use-x.md",
        "---\nstatus: accepted\ndate: 2026-03-02\ndecision-makers: [group:tda]\n"
        "entities: [component:person-api]\nsupersedes: [ADR-3]\nreview-by: 2027-03-02\n---\n"
        "# Use X\n\n## Context and Problem Statement\n\nWhy.\n",
    )
    assert (d.id, d.number, d.title, d.status, d.dialect) == (
        "ADR-0007",
        7,
        "Use X",
        "accepted",
        "madr",
    )
    assert d.date == dt.date(2026, 3, 2) and d.review_by == dt.date(2027, 3, 2)
    assert d.entities == ["component:person-api"] and d.decision_makers == ["group:tda"]
    assert d.supersedes == ["ADR-3"]
    assert d.body == "\n## Context and Problem Statement\n\nWhy.\n"
    assert d.line_of("entities") == 5


def test_nygard_with_both_supersede_spellings(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "0004-dns.md",
        "# 4. DNS definitions\n\nDate: 2017-07-14\n\n## Status\n\nSuperceded by [15. DNS](0015-dns.md)\n\n"
        "Amends [2. Hosting](0002-hosting.md)\n\n## Context\n\nText.\n",
    )
    assert (d.id, d.title, d.status, d.dialect) == (
        "ADR-0004",
        "DNS definitions",
        "superseded",
        "nygard",
    )
    assert d.status_text == "Superceded by [15. DNS](0015-dns.md)"
    assert d.superseded_by == ["0015-dns.md"]
    assert [(link.label, link.target) for link in d.links] == [
        ("Superceded by", "0015-dns.md"),
        ("Amends", "0002-hosting.md"),
    ]
    assert d.date == dt.date(2017, 7, 14)


def test_madr_2_bullets_and_log4brains(tmp_path: Path) -> None:
    madr2 = read(
        tmp_path,
        "0002-x.md",
        "# Use X\n\n* Status: rejected\n* Deciders: Ann, Bo\n* Date: 2019-01-02\n\n## Context\n",
    )
    assert (madr2.status, madr2.dialect, madr2.decision_makers) == (
        "rejected",
        "madr2",
        ["Ann", "Bo"],
    )
    l4b = read(
        tmp_path,
        "pkg/20200926-use-number.md",
        "# Use the number\n\n- Status: superseded by [20201016-use-slug](20201016-use-slug.md)\n"
        "- Date: 2020-09-26\n- Tags: ids, naming\n\n## Context\n",
    )
    assert (l4b.id, l4b.number, l4b.status, l4b.dialect) == (
        "pkg/20200926-use-number",
        None,
        "superseded",
        "log4brains",
    )
    assert l4b.tags == ["ids", "naming"] and l4b.superseded_by == ["20201016-use-slug.md"]


def test_docusaurus_front_matter(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "012-move.md",
        '---\nid: move\ntitle: "Move Staging - ADR 012"\nnumber: "12"\ndate-issued: "2021-12-16"\nstatus: "Accepted"\n---\n\n## Context\n',
    )
    assert (d.id, d.title, d.status, d.status_text, d.dialect) == (
        "ADR-0012",
        "Move Staging - ADR 012",
        "accepted",
        "Accepted",
        "docusaurus",
    )
    assert d.date == dt.date(2021, 12, 16)


def test_status_in_folder_name_and_bold_lines(tmp_path: Path) -> None:
    d = read(
        tmp_path,
        "MTFH/Trial/Event-Driven.md",
        "# Events\n\n### **Date:** 8th April 2021\n\n### **Status:** TRIAL\n\n## **Context**\n",
    )
    assert (d.id, d.status, d.status_text, d.dialect) == (
        "MTFH/Trial/Event-Driven",
        "proposed",
        "Trial",
        "status-folder",
    )
    assert d.date == dt.date(2021, 4, 8)
    bold = read(tmp_path, "x/search.md", "# Search\n\n**Status**: Accepted\n\n## Context\n")
    assert (bold.status, bold.dialect) == ("accepted", "bold-fields")


@pytest.mark.parametrize(
    ("name", "text", "reason"),
    [
        ("README.md", "# Decisions\n", "README"),
        ("index.md", "# Index\n", "index"),
        ("template.md", "# Title\n", "template"),
        ("adr-template-minimal.md", "# Title\n", "template"),
        ("Feature.md", "# <*ADR TITLE HERE*>\n", "placeholder"),
        ("templates/x.md", "# X\n", "templates folder"),
    ],
)
def test_non_decisions_are_skipped_with_a_reason(
    tmp_path: Path, name: str, text: str, reason: str
) -> None:
    found = read(tmp_path, name, text)
    assert isinstance(found, Skipped)
    assert reason in found.reason


def test_numbered_file_with_template_in_its_title_is_a_decision(tmp_path: Path) -> None:
    found = read(
        tmp_path,
        "0011-start-from-the-base-api-template.md",
        "---\nstatus: accepted\n---\n# Start\n",
    )
    assert isinstance(found, Decision)


@pytest.mark.parametrize(
    ("text", "status", "known"),
    [
        ("Accepted", "accepted", True),
        ("ACCEPTED", "accepted", True),
        ("accepted; supersedes ADR-0045", "accepted", True),
        ("Superseded by ADR-0057", "superseded", True),
        ("Superceded by [2. X](0002-x.md)", "superseded", True),
        ("Refused", "rejected", True),
        ("Pending", "proposed", True),
        ("Draft", "draft", True),
        ("Deprecated (no superseding ADR)", "deprecated", True),
        ("Partly superseded", "superseded", False),
        ("Trial", "proposed", False),
        ("Withdrawn", "rejected", False),
        ("on hold", "proposed", False),
        ("", "proposed", False),
        ("[proposed | rejected | accepted]", "draft", False),
    ],
)
def test_status_normalisation(text: str, status: str, known: bool) -> None:
    reading = normalise_status(text)
    assert (reading.status, reading.known) == (status, known)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2021-03-23", dt.date(2021, 3, 23)),
        ("08/06/2021", dt.date(2021, 6, 8)),
        ("30th March 2021", dt.date(2021, 3, 30)),
        ("21st of March, 2022", dt.date(2022, 3, 21)),
        ("March 30, 2021", dt.date(2021, 3, 30)),
        ("2022-??-??", None),
        ("<*ADR DATE HERE*>", None),
    ],
)
def test_loose_dates(text: str, expected: dt.date | None) -> None:
    assert parse_loose_date(text) == expected

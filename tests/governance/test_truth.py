"""The latest quorate outcome is the truth; quorum is judged against membership on the day;
attendance and conditions are cross-checked."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tda.config import TdaConfig
from tda.repository import load_catalogue
from tests.conftest import commit_all, write_tree
from tests.governance.conftest import MEMBERS, decision, meeting, org

APPROVE = "- decision: ADR-0001\n  for: decision\n  outcome: approved\n"
REJECT = "- decision: ADR-0001\n  for: decision\n  outcome: rejected\n"
QUORATE = ["ann", "bo", "cy"]


def found(
    root: Path, config: TdaConfig | None = None, history: bool = False
) -> list[tuple[str, str, int | None]]:
    catalogue = load_catalogue(root, config, history=history)
    return [(d.code, Path(d.file or "-").name, d.line) for d in catalogue.diagnostics]


def messages(root: Path, code: str) -> list[str]:
    return [d.message for d in load_catalogue(root).diagnostics if d.code == code]


def test_a_later_rejection_outranks_the_file(tda_repo) -> None:
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", QUORATE, APPROVE),
            "decisions/reviews/2026-03-10-tda.md": meeting("2026-03-10", QUORATE, REJECT),
        }
    )
    assert found(root) == [("TDA515", "0001-a.md", 2)]
    (message,) = messages(root, "TDA515")
    assert "rejected it on 2026-03-10" in message and "2026-03-10-tda.md:" in message


def test_a_later_inquorate_rejection_does_not_count(tda_repo) -> None:
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", QUORATE, APPROVE),
            "decisions/reviews/2026-03-10-tda.md": meeting("2026-03-10", ["ann"], REJECT),
        }
    )
    assert found(root) == []


def test_an_approved_record_still_proposed_points_to_review_apply(tda_repo) -> None:
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("proposed"),
            "decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", QUORATE, APPROVE),
        }
    )
    assert found(root) == [("TDA516", "0001-a.md", 2)]
    hint = next(d.hint for d in load_catalogue(root).diagnostics if d.code == "TDA516")
    assert "tda review apply 2026-01-10" in hint


def test_an_inquorate_approval_keeps_it_on_the_agenda(tda_repo) -> None:
    from tda.queries.agenda import build_agenda

    root = tda_repo(
        {
            "decisions/0001-a.md": decision("proposed"),
            "decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", ["ann"], APPROVE),
        }
    )
    agenda = build_agenda(load_catalogue(root), dt.date(2026, 2, 1))
    assert [d.id for d in agenda.for_decision] == ["ADR-0001"]


def test_quorum_is_judged_against_the_members_the_record_lists(tda_repo) -> None:
    # Ten members today would make three attendees inquorate; on the day there were five.
    many = [*MEMBERS, "f1", "f2", "f3", "f4", "f5"]
    catalog = org().replace(", ".join(MEMBERS), ", ".join(many))
    listed = meeting("2026-01-10", QUORATE, APPROVE).replace(
        "items:", f"members: [{', '.join('user:' + m for m in MEMBERS)}]\nitems:"
    )
    root = tda_repo({"decisions/0001-a.md": decision("accepted")})
    write_tree(root, {"catalog/org.yaml": catalog})
    write_tree(root, {"decisions/reviews/2026-01-10-tda.md": listed})
    assert [c for c, *_ in found(root) if c == "TDA502"] == []
    write_tree(
        root, {"decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", QUORATE, APPROVE)}
    )
    assert [c for c, *_ in found(root) if c == "TDA502"] == ["TDA502"]


def test_quorum_is_judged_against_membership_as_committed_on_the_day(tmp_path, git_repo) -> None:
    write_tree(tmp_path, {"catalog/org.yaml": org()})
    commit_all(git_repo, "forum of five", "2026-01-05T09:00:00+00:00")
    write_tree(
        tmp_path,
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", QUORATE, APPROVE),
        },
    )
    commit_all(git_repo, "approved", "2026-01-12T09:00:00+00:00")
    assert found(tmp_path, history=True) == []
    # Five more members join later: the January meeting stays quorate.
    extra = "".join(
        f"---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {{name: n{i}}}\n"
        "spec: {memberOf: [tda]}\n"
        for i in range(5)
    )
    write_tree(tmp_path, {"catalog/more.yaml": extra})
    commit_all(git_repo, "forum of ten", "2026-06-01T09:00:00+00:00")
    assert found(tmp_path, history=True) == []
    # Without that history, today's forum of ten judges it: three of ten is not a quorum.
    (tmp_path / ".git").rename(tmp_path / "git-moved")
    assert [c for c, *_ in found(tmp_path)] == ["TDA502"]


def test_attendance_is_cross_checked(tda_repo) -> None:
    text = (
        "---\ndate: 2026-01-10\nforum: group:tda\nchair: user:ed\n"
        "attendees: [user:ann, user:bo, user:ann, user:cy]\napologies: [user:bo]\n"
        "items:\n  - decision: ADR-0001\n    for: decision\n    outcome: approved\n"
        "    votes: {for: 4, against: 0, abstain: 0}\nactions: []\n---\n"
    )
    root = tda_repo(
        {"decisions/0001-a.md": decision("accepted"), "decisions/reviews/2026-01-10-tda.md": text}
    )
    assert sorted(found(root)) == [
        ("TDA505", "2026-01-10-tda.md", 11),
        ("TDA517", "2026-01-10-tda.md", 5),
        ("TDA518", "2026-01-10-tda.md", 6),
        ("TDA519", "2026-01-10-tda.md", 4),
    ]


CONDITIONED = (
    "- decision: ADR-0001\n  for: decision\n  outcome: approved-with-conditions\n"
    "  conditions:\n    - id: TDA-C001\n      text: Name an owner\n{extra}"
)


def test_conditions_confirmed_at_odd_times_are_findings(tda_repo) -> None:
    cases = {
        "      status: open\n      confirmed: 2026-03-10\n": "still open",
        "      status: met\n      confirmed: 2026-01-01\n": "not after the meeting",
        "      status: met\n      confirmed: 2026-02-02\n": "no meeting on record",
        "      status: met\n      confirmed: 2026-03-10\n": None,
    }
    for extra, expected in cases.items():
        root = tda_repo(
            {
                "decisions/0001-a.md": decision("accepted"),
                "decisions/reviews/2026-01-10-tda.md": meeting(
                    "2026-01-10", QUORATE, CONDITIONED.format(extra=extra)
                ),
                "decisions/reviews/2026-03-10-tda.md": meeting("2026-03-10", QUORATE),
            }
        )
        found_messages = messages(root, "TDA520")
        if expected is None:
            assert found_messages == []
        else:
            assert len(found_messages) == 1 and expected in found_messages[0]


def test_a_later_meeting_confirms_a_condition_by_naming_it(tda_repo) -> None:
    from tda.queries.reviews import condition_register

    confirm = "- decision: ADR-0001\n  for: information\n  outcome: noted\n  confirms: [{name}]\n"
    for name, ok in (("TDA-C001", True), ("name an OWNER", True), ("Something else", False)):
        root = tda_repo(
            {
                "decisions/0001-a.md": decision("accepted"),
                "decisions/reviews/2026-01-10-tda.md": meeting(
                    "2026-01-10", QUORATE, CONDITIONED.format(extra="")
                ),
                "decisions/reviews/2026-03-10-tda.md": meeting(
                    "2026-03-10", QUORATE, confirm.format(name=name)
                ),
            }
        )
        (entry,) = condition_register(load_catalogue(root))
        assert (entry.state == "met") is ok
        assert (messages(root, "TDA520") == []) is ok
        if ok:
            assert entry.confirmed_at.date == dt.date(2026, 3, 10)


def test_forum_start_exempts_older_decisions(tda_repo) -> None:
    root = tda_repo({"decisions/0001-a.md": decision("accepted", "2019-05-01")})
    assert [c for c, *_ in found(root)] == ["TDA501"]
    config = TdaConfig(forum_started=dt.date(2020, 1, 1))
    assert found(root, config) == []
    later = tda_repo({"decisions/0001-a.md": decision("accepted", "2021-05-01")})
    assert [c for c, *_ in found(later, config)] == ["TDA501"]


def test_re_approval_clears_due_for_re_review(tda_repo) -> None:
    from tda.queries.agenda import build_agenda

    files = {
        "decisions/0001-a.md": decision("accepted", **{"review-by": "2026-06-01"}),
        "decisions/reviews/2025-06-01-tda.md": meeting("2025-06-01", QUORATE, APPROVE),
    }
    due = tda_repo(files)
    assert [d.id for d in build_agenda(load_catalogue(due), dt.date(2026, 7, 1)).re_review] == [
        "ADR-0001"
    ]
    again = tda_repo(
        {**files, "decisions/reviews/2026-06-20-tda.md": meeting("2026-06-20", QUORATE, APPROVE)}
    )
    assert build_agenda(load_catalogue(again), dt.date(2026, 7, 1)).re_review == []


def test_confirms_by_number_and_members_are_checked(tda_repo) -> None:
    confirm = "- decision: ADR-0001\n  for: information\n  outcome: noted\n  confirms: 1\n"
    listed = meeting("2026-01-10", QUORATE, CONDITIONED.format(extra="")).replace(
        "items:", "members: [user:ann, user:bo, user:cy, user:nobody]\nitems:"
    )
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-tda.md": listed,
            "decisions/reviews/2026-03-10-tda.md": meeting("2026-03-10", QUORATE, confirm),
        }
    )
    assert found(root) == [("TDA504", "2026-01-10-tda.md", 6)]


def test_a_record_marked_before_the_forum_needs_no_review(tda_repo) -> None:
    root = tda_repo({"decisions/0001-a.md": decision("accepted", **{"before-forum": "true"})})
    assert found(root) == []


def test_a_meeting_record_with_a_byte_order_mark_is_read(tda_repo) -> None:
    root = tda_repo({"decisions/0001-a.md": decision("accepted")})
    text = meeting("2026-01-10", QUORATE, APPROVE)
    (root / "decisions/reviews").mkdir()
    (root / "decisions/reviews/2026-01-10-tda.md").write_bytes(b"\xef\xbb\xbf" + text.encode())
    assert found(root) == []


def test_membership_history_reads_each_version_of_a_file_once(
    tmp_path, git_repo, monkeypatch
) -> None:
    # Many meetings over files that seldom change: the cost follows the distinct versions of
    # the files that name the forum, not meetings times files.
    from tda.queries import reviews

    people = "".join(
        f"---\napiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {{name: p{i}}}\n"
        "spec: {memberOf: [housing]}\n"
        for i in range(5)
    )
    write_tree(tmp_path, {"catalog/org.yaml": org(), "catalog/people.yaml": people})
    commit_all(git_repo, "forum", "2026-01-01T09:00:00+00:00")
    for week in range(12):
        day = dt.date(2026, 1, 5) + dt.timedelta(weeks=week)
        write_tree(tmp_path, {f"decisions/reviews/{day}-tda.md": meeting(str(day), QUORATE, "")})
        commit_all(git_repo, f"meeting {day}", f"{day + dt.timedelta(days=1)}T09:00:00+00:00")
    parsed: list[str] = []
    real = reviews._documents
    monkeypatch.setattr(reviews, "_documents", lambda text: parsed.append(text) or real(text))
    assert [c for c, *_ in found(tmp_path, history=True) if c == "TDA502"] == []
    # org.yaml names the forum and never changes; people.yaml never names it.
    assert len(parsed) == 1

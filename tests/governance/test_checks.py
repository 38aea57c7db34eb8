"""Each governance rule with a case that trips it and one that passes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from tda.config import TdaConfig
from tda.repository import load_catalogue
from tests.conftest import commit_all, write_tree
from tests.governance.conftest import decision, meeting

APPROVE = "- decision: ADR-0001\n  for: decision\n  outcome: approved\n"


def found(
    root: Path, config: TdaConfig | None = None, history: bool = False
) -> list[tuple[str, str, int | None]]:
    catalogue = load_catalogue(root, config, history=history)
    return [(d.code, Path(d.file or "-").name, d.line) for d in catalogue.diagnostics]


def codes(root: Path, config: TdaConfig | None = None) -> list[str]:
    return [code for code, *_ in found(root, config)]


def test_accepted_needs_an_approving_quorate_review(tda_repo) -> None:
    lonely = tda_repo({"decisions/0001-a.md": decision("accepted")})
    assert found(lonely) == [("TDA501", "0001-a.md", 2)]
    reviewed = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], APPROVE
            ),
        }
    )
    assert found(reviewed) == []


def test_rejected_needs_a_rejection_not_an_approval(tda_repo) -> None:
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("rejected"),
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], APPROVE
            ),
        }
    )
    assert codes(root) == ["TDA515"]


def test_an_approval_by_another_group_does_not_count(tda_repo) -> None:
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-team.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], APPROVE, forum="group:team"
            ),
        }
    )
    assert codes(root) == ["TDA501"]


def test_approval_at_a_meeting_that_was_not_quorate(tda_repo) -> None:
    files = {
        "decisions/0001-a.md": decision("accepted"),
        "decisions/reviews/2026-01-10-tda.md": meeting(
            "2026-01-10", ["ann", "bo", "guest"], APPROVE
        ),
    }
    root = tda_repo(files)
    catalogue = load_catalogue(root)
    [problem] = catalogue.diagnostics
    assert problem.code == "TDA502"
    assert "2 of 5 members attended; the quorum is 3" in problem.message
    assert codes(root, TdaConfig(quorum=2)) == []
    assert codes(root, TdaConfig(quorum="1/3")) == []
    assert codes(root, TdaConfig(quorum="4/5")) == ["TDA502"]


def test_items_must_name_real_decisions_and_people(tda_repo) -> None:
    items = "- decision: ADR-0009\n  for: decision\n  outcome: deferred\n"
    root = tda_repo(
        {
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "nobody"], items, forum="group:tda"
            )
        }
    )
    assert found(root) == [("TDA504", "2026-01-10-tda.md", 5), ("TDA503", "2026-01-10-tda.md", 7)]
    not_a_group = tda_repo(
        {"decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", ["ann"], forum="user:ann")}
    )
    assert codes(not_a_group) == ["TDA504"]


def test_votes_never_exceed_attendees(tda_repo) -> None:
    items = "- decision: ADR-0001\n  for: decision\n  outcome: approved\n  votes: {for: 3, against: 1, abstain: 0}\n"
    files = {"decisions/0001-a.md": decision("accepted")}
    too_many = tda_repo(
        {
            **files,
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], items
            ),
        }
    )
    assert found(too_many) == [("TDA505", "2026-01-10-tda.md", 10)]
    enough = tda_repo(
        {
            **files,
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy", "di"], items
            ),
        }
    )
    assert codes(enough) == []


def test_open_action_past_due_is_a_warning(tda_repo) -> None:
    late = "- id: TDA-A001\n  owner: user:bo\n  due: 2000-01-01\n  status: open\n  text: Do it\n"
    done = late.replace("status: open", "status: done")
    future = late.replace("2000-01-01", "2999-01-01")
    for actions, expected in ((late, ["TDA506"]), (done, []), (future, [])):
        root = tda_repo(
            {"decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", ["ann"], actions=actions)}
        )
        assert codes(root) == expected


def test_action_ids_are_unique_and_owners_exist(tda_repo) -> None:
    action = "- id: TDA-A001\n  owner: user:{owner}\n  status: done\n  text: Do it\n"
    root = tda_repo(
        {
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann"], actions=action.format(owner="bo")
            ),
            "decisions/reviews/2026-01-24-tda.md": meeting(
                "2026-01-24", ["ann"], actions=action.format(owner="zed")
            ),
        }
    )
    assert sorted(codes(root)) == ["TDA504", "TDA512"]


def test_accepted_decision_past_review_by(tda_repo) -> None:
    meeting_file = {
        "decisions/reviews/2026-01-10-tda.md": meeting("2026-01-10", ["ann", "bo", "cy"], APPROVE)
    }
    past = tda_repo(
        {**meeting_file, "decisions/0001-a.md": decision("accepted", **{"review-by": "2001-01-01"})}
    )
    assert found(past) == [("TDA507", "0001-a.md", 5)]
    future = tda_repo(
        {**meeting_file, "decisions/0001-a.md": decision("accepted", **{"review-by": "2999-01-01"})}
    )
    assert codes(future) == []


def test_decision_dated_after_its_approval(tda_repo) -> None:
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted", date="2026-02-01"),
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], APPROVE
            ),
        }
    )
    assert found(root) == [("TDA508", "0001-a.md", 3)]


def test_outcome_must_fit_the_purpose_and_conditions_must_be_listed(tda_repo) -> None:
    items = (
        "- decision: ADR-0001\n  for: information\n  outcome: approved\n"
        "- decision: ADR-0001\n  for: decision\n  outcome: approved-with-conditions\n"
    )
    root = tda_repo(
        {
            "decisions/0001-a.md": decision("accepted"),
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], items
            ),
        }
    )
    assert codes(root) == ["TDA513", "TDA514"]


def test_invalid_meeting_records_are_located(tda_repo) -> None:
    bad_outcome = meeting(
        "2026-01-10", ["ann"], "- decision: ADR-0001\n  for: decision\n  outcome: maybe\n"
    )
    root = tda_repo({"decisions/reviews/2026-01-10-tda.md": bad_outcome})
    [(code, name, line)] = found(root)
    assert (code, name, line) == ("TDA510", "2026-01-10-tda.md", 9)
    wrong_date = tda_repo({"decisions/reviews/2026-01-11-tda.md": meeting("2026-01-10", ["ann"])})
    assert found(wrong_date) == [("TDA510", "2026-01-11-tda.md", 2)]
    no_front = tda_repo({"decisions/reviews/2026-01-10-tda.md": "# Minutes\n"})
    assert codes(no_front) == ["TDA510"]


def test_principles_cited_must_exist(tda_repo) -> None:
    principles = "- id: P1\n  title: Reuse\n  statement: Reuse first.\n"
    root = tda_repo(
        {
            "decisions/principles.yaml": principles,
            "decisions/0001-a.md": decision("proposed", principles="[P1, P9]"),
        }
    )
    catalogue = load_catalogue(root)
    [problem] = catalogue.diagnostics
    assert problem.code == "TDA511" and "'P9'" in problem.message and "known: P1" in problem.message
    broken = tda_repo({"decisions/principles.yaml": "- id: P1\n  title: Reuse\n"})
    assert codes(broken) == ["TDA511"]


def test_status_set_in_git_before_the_meeting(git_repo, tmp_path: Path) -> None:
    from tests.governance.conftest import org

    write_tree(tmp_path, {"catalog/org.yaml": org(), "decisions/0001-a.md": decision("proposed")})
    commit_all(git_repo, "propose", "2026-01-02T09:00:00+00:00")
    write_tree(tmp_path, {"decisions/0001-a.md": decision("accepted")})
    early = commit_all(git_repo, "accept too early", "2026-01-05T09:00:00+00:00")
    write_tree(
        tmp_path,
        {
            "decisions/reviews/2026-01-10-tda.md": meeting(
                "2026-01-10", ["ann", "bo", "cy"], APPROVE
            )
        },
    )
    commit_all(git_repo, "minutes", "2026-01-10T17:00:00+00:00")
    catalogue = load_catalogue(tmp_path, history=True)
    [problem] = catalogue.diagnostics
    assert problem.code == "TDA509" and early[:10] in problem.message
    assert "2026-01-05" in problem.message and "2026-01-10" in problem.message
    assert load_catalogue(tmp_path, history=False).diagnostics == []


def test_without_git_history_validate_says_so_once(tda_repo) -> None:
    root = tda_repo(
        {"decisions/0001-a.md": decision("proposed"), "decisions/0002-b.md": decision("proposed")}
    )
    problems = load_catalogue(root, history=True).diagnostics
    assert [(d.code, str(d.severity)) for d in problems] == [("TDA409", "info")]


def test_sample_is_clean_with_the_warnings_a_tda_expects() -> None:
    from tests.conftest import REPO

    catalogue = load_catalogue(REPO)
    assert [d for d in catalogue.diagnostics if str(d.severity) == "error"] == []
    warnings = {(d.code, Path(d.file).name) for d in catalogue.diagnostics}
    assert ("TDA506", "2026-10-22-tda.md") in warnings or dt.date.today() < dt.date(2026, 11, 5)
    meetings = catalogue.governance.meetings
    assert len(meetings) >= 6
    outcomes = {item.outcome for m in meetings for item in m.record.items}
    assert {"approved", "approved-with-conditions", "rejected", "deferred", "noted"} <= outcomes
    statuses = {a.status for m in meetings for a in m.record.actions}
    assert {"open", "done"} <= statuses
    from tda.queries.reviews import attendance

    assert not all(attendance(catalogue, m).quorate for m in meetings)
    assert catalogue.decisions.get("ADR-12").status == "proposed"

"""Progress of key results at the boundaries, and `tda outcomes` on a small catalogue."""

from __future__ import annotations

import datetime as dt
import json

import pytest

from tda.catalog.entity import Entity
from tda.catalog.outcomes import KeyResult
from tda.catalog.refs import parse_ref
from tda.queries.outcomes import fraction_done, progress

D = dt.date
ENTITY = Entity(
    parse_ref("system:single-view"), {"metadata": {"name": "single-view"}}, "a", 0, 1, 1
)


def key_result(**changes) -> KeyResult:
    fields = {
        "id": "call-time-saved",
        "metric": "call time saved a year",
        "baseline": 0,
        "target": 100,
        "unit": "minutes",
        "since": "2026-01-01",
        "due": "2026-12-31",
        "measurements": [],
    }
    return KeyResult.model_validate({**fields, **changes})


MID_YEAR = D(2026, 7, 1)


def status(today: dt.date = MID_YEAR, **changes) -> str:
    return progress(ENTITY, "o", key_result(**changes), today).status


def test_no_measurement_yet_is_no_data_not_zero() -> None:
    row = progress(ENTITY, "o", key_result(), D(2026, 7, 1))
    assert (row.status, row.fraction, row.latest) == ("no-data", None, None)


def test_no_measurement_past_due_is_still_no_data() -> None:
    assert status(today=D(2027, 1, 1)) == "no-data"


def test_exactly_on_target_is_met() -> None:
    row = progress(
        ENTITY, "o", key_result(measurements=[{"date": "2026-03-01", "value": 100}]), D(2026, 7, 1)
    )
    assert (row.status, row.fraction) == ("met", 1.0)


def test_just_short_of_target_past_due_is_missed() -> None:
    readings = [{"date": "2026-12-31", "value": 99.9}]
    assert status(today=D(2027, 1, 1), measurements=readings) == "missed"


def test_the_due_date_itself_is_not_past_due() -> None:
    readings = [{"date": "2026-12-31", "value": 99.9}]
    # Short of target on the day it is due: behind an even pace, but not yet missed.
    assert status(today=D(2026, 12, 31), measurements=readings) == "off-track"


def test_met_stays_met_after_the_due_date() -> None:
    readings = [{"date": "2026-12-01", "value": 120}]
    assert status(today=D(2027, 6, 1), measurements=readings) == "met"


@pytest.mark.parametrize(("value", "expected"), [(50, "on-track"), (49, "off-track")])
def test_on_track_means_at_least_an_even_pace(value: int, expected: str) -> None:
    # 2026-07-02 is 182 of the 364 days from since to due: an even pace is exactly half way.
    readings = [{"date": "2026-07-02", "value": value}]
    assert status(today=D(2026, 7, 10), measurements=readings) == expected


def test_target_below_baseline_counts_a_fall_as_progress() -> None:
    waits = {"baseline": 30, "target": 10}
    assert fraction_done(key_result(**waits), 20) == 0.5
    assert status(measurements=[{"date": "2026-06-01", "value": 10}], **waits) == "met"
    assert status(measurements=[{"date": "2026-06-01", "value": 9}], **waits) == "met"
    assert status(measurements=[{"date": "2026-06-01", "value": 35}], **waits) == "off-track"
    row = progress(
        ENTITY,
        "o",
        key_result(measurements=[{"date": "2026-06-01", "value": 35}], **waits),
        D(2026, 7, 1),
    )
    assert row.fraction == -0.25


def test_the_latest_measurement_counts_whatever_the_order_written() -> None:
    readings = [{"date": "2026-06-01", "value": 100}, {"date": "2026-02-01", "value": 10}]
    row = progress(ENTITY, "o", key_result(measurements=readings), D(2026, 7, 1))
    assert (row.latest.value, row.status) == (100, "met")


def test_target_equal_to_baseline_does_not_divide_by_zero() -> None:
    readings = [{"date": "2026-06-01", "value": 5}]
    row = progress(
        ENTITY, "o", key_result(baseline=5, target=5, measurements=readings), D(2026, 7, 1)
    )
    assert (row.status, row.fraction) == ("met", 1.0)


def test_without_since_the_first_measurement_starts_the_clock() -> None:
    readings = [{"date": "2026-03-01", "value": 1}]
    row = progress(ENTITY, "o", key_result(since=None, measurements=readings), D(2026, 7, 1))
    assert (row.expected, row.status) == (0.0, "on-track")


CATALOGUE = {
    "catalog/a.yaml": """\
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: team}
        spec: {type: team, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: {name: single-view, title: Single View}
        spec:
          owner: group:team
          outcomes:
            - objective: Answers on the first call
              keyResults:
                - id: call-time-saved
                  metric: call time saved a year
                  baseline: 0
                  target: 189000
                  unit: minutes
                  since: 2026-01-01
                  due: 2026-12-31
                  measurements:
                    - {date: 2026-06-30, value: 95000, source: call centre}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Component
        metadata: {name: repairs-hub}
        spec: {type: website, lifecycle: production, owner: group:team}
        """
}


def test_outcomes_command_text_lists_progress_and_products_without(tree, cli) -> None:
    root = tree(CATALOGUE)
    result = cli("outcomes", "--root", root, "--date", "2026-07-01")
    assert result.exit_code == 0, result.output
    assert "system:single-view (Single View)" in result.output
    assert "[on-track] call-time-saved: call time saved a year: 95,000 minutes on 2026-06-30" in (
        result.output
    )
    assert "products without outcomes:\n  component:repairs-hub" in result.output


def test_outcomes_command_json_and_one_product(tree, cli) -> None:
    root = tree(CATALOGUE)
    result = cli(
        "outcomes", "system:single-view", "--root", root, "--format", "json", "--date", "2027-01-05"
    )
    data = json.loads(result.output)
    [row] = data["key_results"]
    assert (row["ref"], row["status"], row["latest"]["value"]) == (
        "system:single-view#call-time-saved",
        "missed",
        95000,
    )
    assert data["without_outcomes"] == []


def test_outcomes_command_markdown_escapes_pipes(tree, cli) -> None:
    root = tree(
        {k: v.replace("call time saved a year", "'calls | minutes'") for k, v in CATALOGUE.items()}
    )
    result = cli("outcomes", "--root", root, "--format", "markdown", "--date", "2026-07-01")
    assert "calls \\| minutes (minutes)" in result.output


def test_outcomes_command_unknown_product_suggests(tree, cli) -> None:
    root = tree(CATALOGUE)
    result = cli("outcomes", "system:single-veiw", "--root", root)
    assert result.exit_code == 2
    assert "did you mean system:single-view?" in result.output


def test_outcomes_and_score_of_something_not_a_product_is_a_usage_error(tree, cli) -> None:
    root = tree(CATALOGUE)
    for command in ("outcomes", "score"):
        result = cli(command, "group:team", "--root", root)
        assert result.exit_code == 2
        assert "group:team is a Group; outcomes and scorecards are for Components and Systems" in (
            result.output
        )

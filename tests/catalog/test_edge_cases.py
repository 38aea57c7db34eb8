"""tda's verdict on every edge-case descriptor equals Backstage's, as the oracle recorded it.

The cases are written by `edge_cases/generate.py`; `EXPECTED.oracle.jsonl` holds Backstage's
verdict on each document (from `node validate.mjs --skip-non-entities`), so the test needs no
Node.js.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

import pytest

from tda.diagnostics import Severity
from tda.repository import load_catalogue

FOLDER = Path(__file__).parent / "edge_cases"

# Documents where tda deliberately gives another verdict than Backstage, and why.
DELIBERATE_DIFFERENCES: dict[tuple[str, int], str] = {
    ("362-unknown-directive.yaml", 0): "libyaml, which tda reads with, rejects a directive "
    "other than %YAML and %TAG; the `yaml` package only warns. The directive means nothing "
    "to a descriptor, so the finding costs a user one deleted line.",
    ("363-control-character.yaml", 0): "YAML 1.2 forbids a raw control character (here "
    "U+0007) in a stream; the `yaml` package lets it through. tda keeps to the standard and "
    'points at the character; "\\x07" written as an escape is accepted by both.',
    ("365-complex-key.yaml", 0): "a key that is a list or mapping cannot be a JSON property; "
    "Backstage turns it into the text '[ a, b ]' with a warning, which no one means. tda "
    "reports it where it is.",
}


def _expected() -> dict[tuple[str, int], dict]:
    rows = {}
    for line in (FOLDER / "EXPECTED.oracle.jsonl").read_text(encoding="utf-8").splitlines():
        row = json.loads(line)
        rows[(row["file"], row["index"])] = row
    return rows


@pytest.fixture(scope="module")
def tda_errors() -> dict[tuple[str, int], list[str]]:
    cases = FOLDER / "cases"
    catalogue = load_catalogue(cases, paths=[cases])
    errors: dict[tuple[str, int], list[str]] = defaultdict(list)
    for item in catalogue.diagnostics:
        if item.severity is Severity.ERROR and item.code[:4] in ("TDA0", "TDA1"):
            name = Path(item.file or "").name
            errors[(name, item.document or 0)].append(f"{item.code} {item.message}")
    return errors


def test_there_are_at_least_150_cases() -> None:
    assert len(list((FOLDER / "cases").glob("*.yaml"))) >= 150


def test_every_edge_case_gets_backstages_verdict(tda_errors) -> None:
    disagreements = []
    for key, row in sorted(_expected().items()):
        if key in DELIBERATE_DIFFERENCES:
            continue
        tda_ok = not tda_errors.get(key)
        backstage_ok = row["ok"] is not False
        if tda_ok != backstage_ok:
            said = row["error"] or "ok" if not tda_ok else tda_errors.get(key)
            disagreements.append(f"{key[0]}#{key[1]}: backstage ok={row['ok']}: {said}")
    assert disagreements == []


def test_every_deliberate_difference_is_still_a_difference(tda_errors) -> None:
    expected = _expected()
    for key in DELIBERATE_DIFFERENCES:
        assert (expected[key]["ok"] is not False) != (not tda_errors.get(key)), key

"""tda's verdict on real descriptors equals Backstage's own, as recorded by the oracle."""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path

from tda.catalog.load import display_path
from tda.diagnostics import Severity
from tda.repository import load_catalogue

# Documents where tda deliberately differs from the recorded verdict, and why.
DELIBERATE_DIFFERENCES: dict[tuple[str, int], str] = {}


def _expected(folder: Path) -> dict[tuple[str, int], bool | None]:
    rows = {}
    for line in (folder / "EXPECTED.oracle.jsonl").read_text().splitlines():
        row = json.loads(line)
        rows[(row["file"], row["index"])] = row["ok"]
    return rows


def _tda_verdicts(folder: Path) -> dict[tuple[str, int], bool]:
    catalogue = load_catalogue(folder, paths=[folder])
    errors: dict[tuple[str, int], bool] = defaultdict(bool)
    for item in catalogue.diagnostics:
        family = item.code[:4]
        if item.severity is Severity.ERROR and family in ("TDA0", "TDA1"):
            relative = Path(item.file or "").resolve().relative_to(folder.resolve()).as_posix()
            errors[(relative, item.document or 0)] = True
    return errors


def test_every_document_gets_backstages_verdict(corpus: Path) -> None:
    folder = corpus / "backstage"
    expected = _expected(folder)
    errors = _tda_verdicts(folder)
    assert len(expected) == 95
    disagreements = []
    for key, ok in sorted(expected.items()):
        if key in DELIBERATE_DIFFERENCES:
            continue
        tda_ok = not errors.get(key, False)
        backstage_ok = ok is not False  # None: not an entity, which the catalogue skips
        if tda_ok != backstage_ok:
            disagreements.append(f"{key[0]}#{key[1]}: backstage ok={ok}, tda ok={tda_ok}")
    assert disagreements == []


def test_invalid_documents_are_found_with_a_location(corpus: Path) -> None:
    folder = corpus / "backstage"
    catalogue = load_catalogue(folder, paths=[folder])
    invalid = folder / "packages/catalog-model/examples/components/invalid-component.yaml"
    found = [d for d in catalogue.diagnostics if d.file == display_path(invalid.resolve())]
    located = [(d.code, d.line, d.column) for d in found]
    # The name has a space (line 4) and so does the second tag (line 11): both are reported.
    assert located == [("TDA104", 4, 9), ("TDA108", 11, 7)]

"""Mutated descriptors never crash the reader or the validator."""

from __future__ import annotations

from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tda.catalog.validate import check_document
from tda.diagnostics import CODES
from tda.yamlio import Limits, read_yaml_text
from tests.conftest import REPO

SEEDS = [p.read_text() for p in sorted((REPO / "catalog").rglob("*.yaml"))][:6]
NOISE = [*":-[]{}&*!|>'\"#%@`,?\t\n ", "$text", "\x00", "é", "<<", "~", "null", "true"]


@st.composite
def mutated(draw: st.DrawFn) -> str:
    text = draw(st.sampled_from(SEEDS))
    for _ in range(draw(st.integers(1, 6))):
        if not text:
            break
        at = draw(st.integers(0, len(text) - 1))
        action = draw(st.sampled_from(["insert", "delete", "duplicate-line", "truncate"]))
        if action == "insert":
            text = text[:at] + draw(st.sampled_from(NOISE)) + text[at:]
        elif action == "delete":
            text = text[:at] + text[at + draw(st.integers(1, 5)) :]
        elif action == "duplicate-line":
            lines = text.splitlines(keepends=True)
            i = draw(st.integers(0, len(lines) - 1))
            text = "".join([*lines[: i + 1], lines[i], *lines[i + 1 :]])
        else:
            text = text[:at]
    return text


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(mutated())
def test_mutated_descriptors_give_findings_not_exceptions(text: str) -> None:
    parsed = read_yaml_text(text, "m.yaml")
    found = list(parsed.diagnostics)
    for doc in parsed.documents:
        found += check_document(doc, Path("catalog/m.yaml"), "m.yaml", Limits()).diagnostics
    for item in found:
        assert item.code in CODES
        assert item.file == "m.yaml"
        assert item.line is None or item.line >= 1

"""The YAML reader: every bad input becomes a located finding, never an exception."""

from __future__ import annotations

from pathlib import Path

from hypothesis import given, settings
from hypothesis import strategies as st

from tda.yamlio import Limits, read_yaml_file, read_yaml_text


def codes(result) -> list[tuple[str, int | None, int | None]]:
    return [(d.code, d.line, d.column) for d in result.diagnostics]


def test_values_follow_yaml_1_2_as_backstage_does() -> None:
    result = read_yaml_text("a: yes\nb: 2026-01-01\nc: 0o17\nd: 017\ne: on\nf: 1_000\n", "t.yaml")
    assert result.documents[0].data == {
        "a": "yes",
        "b": "2026-01-01",
        "c": 15,
        "d": 17,
        "e": "on",
        "f": "1_000",
    }


def test_merge_keys_are_plain_keys_as_in_backstage() -> None:
    result = read_yaml_text("base: &b {x: 1}\nchild:\n  <<: *b\n", "t.yaml")
    assert result.documents[0].data["child"] == {"<<": {"x": 1}}


def test_positions_of_nested_values_and_keys() -> None:
    doc = read_yaml_text("a:\n  b:\n    - x\n    - {c: 2}\n", "t.yaml").documents[0]
    assert doc.locate(("a", "b", 1, "c")) == (4, 11)
    assert doc.locate(("a", "b", 1, "c"), key=True) == (4, 8)
    assert doc.locate(("a", "missing")) == (2, 3)


def test_several_documents_keep_their_index_and_empty_ones_are_skipped() -> None:
    result = read_yaml_text("a: 1\n---\n---\nb: 2\n", "t.yaml")
    assert [(d.index, d.data) for d in result.documents] == [
        (0, {"a": 1}),
        (1, None),
        (2, {"b": 2}),
    ]


def test_syntax_error_is_located() -> None:
    result = read_yaml_text("a: [1, 2\nb: 3\n", "t.yaml")
    assert codes(result) == [("TDA004", 2, 2)]
    assert result.diagnostics[0].file == "t.yaml"


def test_duplicate_key_names_both_lines() -> None:
    result = read_yaml_text("name: a\nkind: X\nname: b\n", "t.yaml")
    assert codes(result) == [("TDA006", 3, 1)]
    assert "first at line 1" in result.diagnostics[0].message
    assert result.documents == []


def test_tab_indentation_has_its_own_message() -> None:
    result = read_yaml_text("a:\n\tb: 1\n", "t.yaml")
    assert codes(result) == [("TDA005", 2, 1)]


def test_non_utf8_bytes_are_located(tmp_path: Path) -> None:
    path = tmp_path / "latin.yaml"
    path.write_bytes(b"a: 1\nb: caf\xe9\n")
    result = read_yaml_file(path, "latin.yaml")
    assert codes(result) == [("TDA003", 2, 7)]


def test_file_over_the_size_limit_is_not_parsed(tmp_path: Path) -> None:
    path = tmp_path / "big.yaml"
    path.write_text("a: " + "x" * 200 + "\n")
    result = read_yaml_file(path, "big.yaml", Limits(max_bytes=100))
    assert [d.code for d in result.diagnostics] == ["TDA002"]
    assert result.documents == []


def test_alias_bomb_is_refused() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    result = read_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    assert [d.code for d in result.diagnostics] == ["TDA007"]
    assert result.documents == []


def test_a_few_aliases_are_fine() -> None:
    result = read_yaml_text("a: &a {x: 1}\nb: *a\nc: *a\n", "t.yaml")
    assert result.diagnostics == []
    assert result.documents[0].data["c"] == {"x": 1}


def test_excessive_nesting_is_refused() -> None:
    result = read_yaml_text("a: " + "[" * 80 + "]" * 80 + "\n", "deep.yaml")
    assert [d.code for d in result.diagnostics] == ["TDA008"]


def test_unhashable_key_is_a_finding() -> None:
    result = read_yaml_text("? [a, b]\n: 1\n", "t.yaml")
    assert [d.code for d in result.diagnostics] == ["TDA004"]


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.characters(codec="utf-8"), max_size=200))
def test_arbitrary_text_never_raises(text: str) -> None:
    result = read_yaml_text(text, "fuzz.yaml")
    for item in result.diagnostics:
        assert item.file == "fuzz.yaml"


def test_control_characters_are_located() -> None:
    result = read_yaml_text("a: 1\nb: x\x08y\n", "t.yaml")
    assert codes(result) == [("TDA004", 2, 5)]
    assert "U+0008" in result.diagnostics[0].message


def test_a_broken_document_does_not_hide_the_documents_after_it() -> None:
    text = "a: 1\n---\nb: [unclosed\n---\nc: 3\n---\nd: 'x\n---\ne: 5\n"
    result = read_yaml_text(text, "t.yaml")
    assert [(d.index, d.data) for d in result.documents] == [
        (0, {"a": 1}),
        (2, {"c": 3}),
        (4, {"e": 5}),
    ]
    assert [(d.code, d.document) for d in result.diagnostics] == [("TDA004", 1), ("TDA004", 3)]
    third = result.documents[1]
    assert third.start == (5, 1)
    assert third.locate(("c",)) == (5, 4)


def test_a_broken_first_document_and_a_tab_later() -> None:
    text = "a: b: c\n---\nx: 1\n---\ny:\n\tz: 1\n---\nw: 2\n"
    result = read_yaml_text(text, "t.yaml")
    assert [d.data for d in result.documents] == [{"x": 1}, {"w": 2}]
    assert codes(result) == [("TDA004", 1, 5), ("TDA005", 6, 1)]


def test_tags_are_read_as_backstages_yaml_package_reads_them() -> None:
    text = (
        "a: !foo x\nb: !!int '5'\nc: !!float 1\nd: !!binary aGk=\ne: !!timestamp 2020-01-01\n"
        "f: !!set {p, q}\ng: !!str 5\nh: !!bool yes\ni: !thing {k: 1}\n"
    )
    assert read_yaml_text(text, "t.yaml").documents[0].data == {
        "a": "x",
        "b": 5,
        "c": "1",
        "d": "aGk=",
        "e": "2020-01-01",
        "f": {"p": None, "q": None},
        "g": "5",
        "h": "yes",
        "i": {"k": 1},
    }


def test_numeric_and_string_keys_are_two_keys_and_the_later_wins() -> None:
    result = read_yaml_text("x: 0\n1: a\n'1': b\n", "t.yaml")
    assert result.diagnostics == []
    doc = result.documents[0]
    assert doc.data == {"x": 0, "1": "b"}
    assert doc.locate(("1",)) == (3, 6)


def test_equal_numbers_are_duplicate_keys() -> None:
    assert codes(read_yaml_text("1.0: a\n1: b\n", "t.yaml")) == [("TDA006", 2, 1)]


def test_an_alias_inside_its_own_anchor_is_refused() -> None:
    result = read_yaml_text("spec: &s\n  a: 1\n  b: *s\n", "t.yaml")
    assert [d.code for d in result.diagnostics] == ["TDA007"]
    assert result.documents == []


def test_alias_bomb_is_located_at_the_alias() -> None:
    lines = ["a: &a [x, x, x, x, x, x, x, x, x, x]"]
    for prev, name in zip("abcdef", "bcdefg", strict=True):
        lines.append(f"{name}: &{name} [{', '.join([f'*{prev}'] * 10)}]")
    lines.append("h: *g")
    result = read_yaml_text("\n".join(lines) + "\n", "bomb.yaml")
    assert codes(result)[0][:2] == ("TDA007", 8)


def test_one_hundred_thousand_brackets_are_a_nesting_finding() -> None:
    result = read_yaml_text("a: " + "[" * 100_000 + "]" * 100_000 + "\n", "deep.yaml")
    assert [d.code for d in result.diagnostics] == ["TDA008"]


def test_a_device_that_never_ends_is_read_only_to_the_limit() -> None:
    result = read_yaml_file(Path("/dev/zero"), "zero", Limits(max_bytes=1000))
    assert [d.code for d in result.diagnostics] == ["TDA002"]


def _paths(data: object, path: tuple[object, ...] = ()) -> list[tuple[object, ...]]:
    if isinstance(data, dict):
        items = list(data.items())
    elif isinstance(data, list):
        items = list(enumerate(data))
    else:
        return []
    found = []
    for key, value in items:
        found.append((*path, key))
        found.extend(_paths(value, (*path, key)))
    return found


def test_the_line_of_every_path_in_one_walk_agrees_with_locating_each() -> None:
    text = (
        "date: 2024-01-01\n"
        "attendees:\n  - a\n  -\n    name: b\n    role: chair\n"
        "items:\n  - {decision: ADR-1,\n     outcome: approved}\n  - [x, [y, z]]\n"
        "1: first\n'1': second\n"
        "shared: &s {k: v}\nagain: *s\n"
    )
    (doc,) = read_yaml_text(text, "m.yaml").documents
    lines = doc.lines_by_path()
    expected = {
        path: doc.locate(path, key=isinstance(path[-1], str))[0] for path in _paths(doc.data)
    }
    assert lines == expected
    assert lines[("items", 0, "outcome")] == 9 and lines[("1",)] == 12

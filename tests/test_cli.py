"""The command line as a user meets it: output formats, exit codes, and nothing written."""

from __future__ import annotations

import json

import jsonschema
import pytest

from tda.yamlio import read_yaml_text
from tests.conftest import REPO, snapshot_files

BAD = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: person api
spec:
  type: service
  lifecycle: production
  owner: group:nobody
"""


def test_validate_clean_catalogue_exits_0(cli) -> None:
    result = cli("validate", "--root", REPO)
    assert result.exit_code == 0, result.output
    assert "0 errors" in result.output


@pytest.mark.parametrize(
    "content",
    [
        "a: [1, 2\n",
        "a: 1\na: 2\n",
        "a:\n\tb: 1\n",
        b"a: caf\xe9\n",
        "a: " + "[" * 100 + "]" * 100 + "\n",
        "- just\n- a list\n",
        "a: &a [x,x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
        "d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d,*d]\n",
        BAD,
    ],
    ids=[
        "syntax",
        "duplicate-key",
        "tab",
        "non-utf8",
        "nesting",
        "not-a-mapping",
        "alias-bomb",
        "invalid-entity",
    ],
)
def test_bad_input_exits_1_with_file_and_line_and_writes_nothing(cli, tree, content) -> None:
    root = tree({"catalog/bad.yaml": content})
    before = snapshot_files(root)
    result = cli("validate", "--root", root)
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    first = result.output.splitlines()[0]
    assert first.startswith(f"{root / 'catalog/bad.yaml'}:")
    assert first.split(":")[1].isdigit()
    assert snapshot_files(root) == before


def test_file_over_the_configured_size_limit(cli, tree) -> None:
    root = tree(
        {
            "mkdocs.yml": "site_name: x\nplugins:\n  - tda:\n      max_file_bytes: 50\n",
            "catalog/big.yaml": "a: " + "x" * 100 + "\n",
        }
    )
    result = cli("validate", "--root", root)
    assert result.exit_code == 1
    assert "TDA002" in result.output and "over the limit of 50" in result.output


def test_json_output_shape(cli, tree) -> None:
    root = tree({"catalog/bad.yaml": BAD})
    result = cli("validate", "--root", root, "--format", "json")
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["summary"] == {
        "files": 1,
        "documents": 1,
        "entities": 0,
        "errors": 1,
        "warnings": 0,
    }
    [item] = payload["diagnostics"]
    assert set(item) == {
        "severity",
        "code",
        "message",
        "file",
        "line",
        "column",
        "document",
        "ref",
        "hint",
    }
    assert (item["code"], item["line"], item["column"], item["document"]) == ("TDA104", 4, 9, 0)


def test_github_annotations(cli, tree) -> None:
    root = tree({"catalog/bad.yaml": BAD})
    result = cli("validate", "--root", root, "--format", "github")
    assert result.output.startswith(
        f"::error file={root / 'catalog/bad.yaml'},line=4,col=9,title=TDA104::"
    )


def test_paths_are_validated_as_one_catalogue(cli, tree) -> None:
    root = tree(
        {
            "one.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: g}\nspec: {type: t, children: []}\n",
            "two/c.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: c}\n"
            "spec: {type: s, lifecycle: l, owner: g}\n",
        }
    )
    result = cli("validate", root / "one.yaml", root / "two", "--root", root)
    assert result.exit_code == 0, result.output
    alone = cli("validate", root / "two", "--root", root)
    assert alone.exit_code == 1 and "TDA201" in alone.output


def test_missing_path_is_a_usage_error(cli, tmp_path) -> None:
    result = cli("validate", tmp_path / "nope.yaml", "--root", tmp_path)
    assert result.exit_code == 2
    assert "no such file or folder" in result.output


def test_bad_settings_are_reported_against_mkdocs_yml(cli, tree) -> None:
    root = tree(
        {"mkdocs.yml": "plugins:\n  - tda:\n      severity: {TDA999: off}\n", "catalog/.keep": ""}
    )
    result = cli("validate", "--root", root)
    assert result.exit_code == 1
    assert (
        "mkdocs.yml: error TDA011 plugins.tda.severity: unknown diagnostic codes: TDA999"
        in result.output
    )


def test_schema_accepts_every_sample_descriptor_and_rejects_a_bad_name(cli) -> None:
    result = cli("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    validator = jsonschema.Draft202012Validator(schema)
    count = 0
    for path in sorted((REPO / "catalog").rglob("*.yaml")):
        for parsed in read_yaml_text(path.read_text(), str(path)).documents:
            document = parsed.data
            if document and "kind" in document:
                count += 1
                errors = list(validator.iter_errors(document))
                assert errors == [], f"{path}: {errors[0].message}"
    assert count >= 40
    assert any("$text" in path.read_text() for path in (REPO / "catalog").rglob("*.yaml")), (
        "the sample should keep a placeholder, so that the schema is tested against one"
    )
    bad = read_yaml_text(BAD, "bad.yaml").documents[0].data
    assert not validator.is_valid(bad)


def test_schema_of_one_kind_and_unknown_kind(cli) -> None:
    component = json.loads(cli("schema", "component").output)
    assert component["properties"]["kind"]["const"] == "Component"
    assert "phase" in json.dumps(component)
    result = cli("schema", "widget")
    assert result.exit_code == 2 and "known kinds: Component" in result.output


def test_graph_text_json_and_mermaid(cli) -> None:
    text = cli("graph", "api:person-api", "--root", REPO)
    assert text.exit_code == 0
    assert "component:single-view-api" in text.output
    data = json.loads(cli("graph", "api:person-api", "--root", REPO, "--format", "json").output)
    assert data["entity"] == "api:default/person-api"
    assert {"type": "apiProvidedBy", "target": "component:default/person-api"} in data["relations"]
    assert any(d["ref"] == "component:default/single-view-frontend" for d in data["dependents"])
    near = json.loads(
        cli("graph", "api:person-api", "--depth", "1", "--root", REPO, "--format", "json").output
    )
    assert {d["distance"] for d in near["dependents"]} == {1}
    mermaid = cli("graph", "api:person-api", "--root", REPO, "--format", "mermaid").output
    assert mermaid.startswith("flowchart LR")
    assert "n_component_default_single_view_api --> n_api_default_person_api" in mermaid


def test_graph_unknown_entity_suggests(cli) -> None:
    result = cli("graph", "person-apii", "--root", REPO)
    assert result.exit_code == 2
    assert "did you mean component:person-api?" in result.output


def test_python_dash_m_works() -> None:
    import subprocess
    import sys

    result = subprocess.run(
        [sys.executable, "-m", "tda", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and "tda" in result.stdout


def test_an_unexpected_failure_is_one_line_not_a_traceback(tmp_path) -> None:
    import os
    import subprocess
    import sys

    # Whatever fails inside tda, the user sees one line and exit code 2.
    (tmp_path / "catalog").mkdir()
    script = (
        "import tda.repository as l\n"
        "def boom(*a, **k): raise RuntimeError('simulated bug')\n"
        "l.load_catalogue = boom\n"
        "import sys; sys.argv = ['tda', 'validate', '--root', sys.argv[1]]\n"
        "from tda.cli import run; run()\n"
    )
    env = {k: v for k, v in os.environ.items() if k != "TDA_DEBUG"}
    result = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 2
    assert "Traceback" not in result.stderr
    assert "tda: internal error: RuntimeError: simulated bug" in result.stderr


def test_validate_without_a_catalogue_folder_exits_2(cli, tmp_path) -> None:
    result = cli("validate", "--root", tmp_path)
    assert result.exit_code == 2
    assert "is not a catalogue repository" in result.output
    # A repository with settings but no descriptors has nothing to validate either.
    (tmp_path / "mkdocs.yml").write_text("site_name: x\n")
    result = cli("validate", "--root", tmp_path)
    assert result.exit_code == 2
    assert "there is no catalog (the descriptors)" in result.output


def test_a_malformed_licence_is_a_finding_and_the_other_findings_are_still_printed(
    cli, tree
) -> None:
    api = (
        BAD.replace("person api", "ok-api").replace("Component", "API")
        + "  definition:\n    $text: /etc/passwd\n"
    )
    root = tree(
        {
            "catalog/a.yaml": BAD + '  licence: "MIT AND"\n',
            "catalog/b.yaml": BAD.replace("person api", "other") + "  licence: MIT/X11\n",
            "catalog/c.yaml": api,
        }
    )
    result = cli("validate", "--root", root, "--format", "json")
    assert result.exit_code == 1, result.output
    diagnostics = json.loads(result.output)["diagnostics"]
    found = {(d["file"].rpartition("/catalog/")[2], d["code"]) for d in diagnostics}
    assert {("a.yaml", "TDA104"), ("a.yaml", "TDA302"), ("b.yaml", "TDA302")} <= found
    assert ("c.yaml", "TDA113") in found
    assert "root:" not in result.output


def test_graph_of_a_system_shows_the_impact_of_its_parts(cli) -> None:
    result = cli("graph", "system:repairs", "--root", REPO, "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert "component:default/repairs-api-dotnet" in {p["ref"] for p in data["parts"]}
    assert "component:default/drs-scheduler" in {d["ref"] for d in data["dependencies"]}
    assert data["dependents"] or data["dependencies"]


def test_mermaid_node_ids_differ_for_names_that_differ_only_in_punctuation(cli, tree) -> None:
    head = "apiVersion: backstage.io/v1alpha1\nkind: Component\n"
    spec = "spec: {type: s, lifecycle: l, owner: user:me, dependsOn: [component:a-b, component:a_b, component:a.b]}\n"
    docs = [head + "metadata: {name: top}\n" + spec]
    docs += [
        head + f"metadata: {{name: {name}}}\nspec: {{type: s, lifecycle: l, owner: user:me}}\n"
        for name in ("a-b", "a_b", "a.b")
    ]
    docs.append(
        "apiVersion: backstage.io/v1alpha1\nkind: User\nmetadata: {name: me}\nspec: {memberOf: []}\n"
    )
    root = tree({"catalog/x.yaml": "---\n".join(docs)})
    result = cli("graph", "component:top", "--root", root, "--format", "mermaid")
    assert result.exit_code == 0, result.output
    ids = [line.split("[")[0].strip() for line in result.output.splitlines() if '["' in line]
    assert len(ids) == 4
    assert len(set(ids)) == 4

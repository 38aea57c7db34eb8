"""The template lint: what `tda validate` says about a template before anyone runs it."""

from __future__ import annotations

from pathlib import Path

from tda.catalog.template import check_template, read_template
from tests.conftest import REPO, write_tree

HEAD = """
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata: {name: t}
spec:
  owner: group:platform
  type: service
  parameters:
    - required: [name, system]
      properties:
        name: {type: string, pattern: '^[a-z-]+$'}
        system: {type: string}
        region: {type: string, enum: [eu-west-2]}
        description: {type: string}
        apis:
          type: array
          items: {type: string}
  steps:
"""

FETCH = """
    - id: fetch
      action: fetch:template
      input:
        url: ./skeleton
        values:
          name: ${{ parameters.name }}
          system: ${{ parameters.system }}
          region: ${{ parameters.region }}
          description: ${{ parameters.description }}
          apis: ${{ parameters.apis }}
"""

SKELETON = {
    "skeleton/catalog-info.yaml": """
        metadata:
          name: ${{ values.name }}
          description: ${{ values.description | dump }}
        spec:
          system: ${{ values.system }}
          region: ${{ values.region }}
          consumesApis:
        {%- for api in values.apis %}
            - ${{ api }}
        {%- endfor %}
    """,
    "skeleton/README.md": "${{ values.system }} is fine in Markdown",
}


def lint(tmp_path: Path, steps: str, skeleton: dict[str, str] | None = None):
    files = {"t/template.yaml": HEAD + steps, **{f"t/{k}": v for k, v in (skeleton or {}).items()}}
    write_tree(tmp_path, files)
    template, problems = read_template(tmp_path / "t/template.yaml", "t/template.yaml")
    assert template is not None, problems
    return [(p.code, p.severity, p.message) for p in problems]


def test_values_written_into_yaml_without_dump_or_a_pattern_are_warned(tmp_path: Path) -> None:
    found = lint(tmp_path, FETCH, SKELETON)
    flagged = sorted(m for code, severity, m in found if code == "TDA607" and severity == "warning")
    assert len(flagged) == 2
    assert flagged[0].startswith("skeleton/catalog-info.yaml:5: parameter system is written")
    assert flagged[1].startswith("skeleton/catalog-info.yaml:9: parameter apis is written")


def test_references_to_undefined_parameters_and_missing_outputs_are_errors(tmp_path: Path) -> None:
    steps = (
        FETCH
        + """
    - id: register
      action: catalog:register
      input: {catalogInfoPath: /catalog-info.yaml}
    - id: log
      action: debug:log
      if: ${{ parameters.nmae }}
      input:
        message: >-
          ${{ steps.register.output.entityRef }} ${{ steps.register.output.repoUrl }}
          ${{ steps['publish'].output.remoteUrl }} ${{ steps.later.output.x }}
    - id: later
      action: debug:log
      input: {message: done}
  output:
    links:
      - url: ${{ steps.fetch.output.url }}
"""
    )
    found = {
        (code, m) for code, severity, m in lint(tmp_path, steps, SKELETON) if severity == "error"
    }
    assert ("TDA608", "step log: uses parameter 'nmae', which no parameter page declares") in found
    assert (
        "TDA609",
        "step log: uses steps.register.output.repoUrl, but catalog:register gives "
        "catalogInfoUrl, entityRef",
    ) in found
    assert (
        "TDA609",
        "step log: uses the output of step 'publish', which is not an earlier step",
    ) in found
    assert (
        "TDA609",
        "step log: uses the output of step 'later', which is not an earlier step",
    ) in found
    assert (
        "TDA609",
        "output: uses steps.fetch.output.url, but fetch:template gives nothing",
    ) in found
    assert not any(
        "entityRef" in m and "uses steps.register.output.entityRef" in m for _, m in found
    )


def test_a_skeleton_with_a_git_folder_is_an_error(tmp_path: Path) -> None:
    found = lint(tmp_path, FETCH, {**SKELETON, "skeleton/.git/hooks/post-checkout": "#!/bin/sh\n"})
    [message] = [m for c, _, m in found if c == "TDA606"]
    assert message.startswith("skeleton/.git/hooks/post-checkout is under .git/")


def test_backstage_page_conditions_are_not_read_as_json_schema(tmp_path: Path) -> None:
    head = HEAD.replace(
        "  steps:\n",
        "    - title: Only for AWS\n      if: ${{ parameters.region === 'eu-west-2' }}\n"
        "      properties: {account: {type: string, pattern: '^[0-9]+$'}}\n  steps:\n",
    )
    write_tree(
        tmp_path, {"t/template.yaml": head + FETCH, **{f"t/{k}": v for k, v in SKELETON.items()}}
    )
    template, problems = read_template(tmp_path / "t/template.yaml", "t/template.yaml")
    assert template is not None
    assert "TDA602" not in [p.code for p in problems]


def test_the_shipped_templates_lint_clean() -> None:
    for path in sorted((REPO / "templates").glob("*/template.yaml")):
        template, problems = read_template(path, str(path))
        assert template is not None
        assert problems == [] and check_template(template) == []


MALFORMED = [
    "  parameters:\n    - properties: [1, 2]\n      required: name\n  steps: []\n",
    "  parameters:\n    - properties: {a: {type: string}}\n      dependencies: [a]\n"
    "      oneOf: {a: 1}\n      allOf: 3\n      if: {properties: []}\n  steps: []\n",
    "  parameters: {properties: {a: {type: string, ui:options: [1]}}}\n"
    "  steps:\n    - {id: s, action: fetch:template, input: [1, 2]}\n"
    "    - {id: t, action: debug:log, input: {message: '${{ steps.s.output[0] }}'}}\n"
    "    - {id: u, action: debug:log, each: 3, input: {message: '${{ }}'}}\n",
    "  parameters: []\n  steps:\n    - {id: s, action: fetch:template, input: {url: ./skeleton, values: [1]}}\n"
    "  output: [1]\n",
]


def test_a_malformed_template_is_reported_never_a_crash(cli, tmp_path: Path) -> None:
    for number, spec in enumerate(MALFORMED):
        root = tmp_path / str(number)
        write_tree(
            root,
            {
                "catalog/.keep": "",
                "templates/t/template.yaml": "apiVersion: scaffolder.backstage.io/v1beta3\n"
                "kind: Template\nmetadata: {name: t}\nspec:\n  owner: group:a\n  type: service\n"
                + spec,
                "templates/t/skeleton/a.yaml": "a: ${{ values.a }}\n",
            },
        )
        checked = cli("validate", "--root", root)
        assert checked.exit_code in (0, 1) and "internal error" not in checked.output, spec
        ran = cli(
            "scaffold", "t", "--root", root, "--dry-run", "--no-input", "--output", root / "o"
        )
        assert ran.exit_code in (0, 2) and "internal error" not in ran.output, (spec, ran.output)
        assert not (root / "o").exists()

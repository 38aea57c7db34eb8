"""Asking for values: one answer at a time, checked as it is given, secrets hidden, pickers
offering the catalogue's entities."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from tda.cli import main
from tests.conftest import write_tree

TEMPLATE = """
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: team-service
  title: A team's service
spec:
  owner: group:platform
  type: service
  parameters:
    - title: Who and what
      required: [name, owner, token]
      properties:
        name:
          title: Name
          type: string
          pattern: '^[a-z][a-z0-9-]*$'
        owner:
          title: Owner
          type: string
          ui:field: OwnerPicker
          ui:options:
            catalogFilter: {kind: Group}
        system:
          title: System
          type: string
          ui:field: EntityPicker
          ui:options:
            catalogFilter: {kind: System}
            defaultKind: System
            allowArbitraryValues: false
        token:
          title: Registry token
          type: string
          minLength: 6
          ui:widget: password
        colour:
          title: Colour
          type: string
          ui:field: ColourWheel
  steps:
    - id: say
      name: Say
      action: debug:log
      input:
        message: ${{ parameters.name }} by ${{ parameters.owner }} in ${{ parameters.system }} with ${{ parameters.token }}${{ user.entity.metadata.name }}
"""

CATALOGUE = {
    "catalog/org.yaml": """
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: housing-products}
        spec: {type: team, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: Group
        metadata: {name: platform}
        spec: {type: team, children: []}
        ---
        apiVersion: backstage.io/v1alpha1
        kind: System
        metadata: {name: manage-my-home}
        spec: {owner: group:housing-products}
    """,
    "templates/team-service/template.yaml": TEMPLATE,
}


def ask(tmp_path: Path, answers: list[str], *extra: str):
    root = write_tree(tmp_path / "council", CATALOGUE)
    args = ["scaffold", "team-service", "--root", str(root), "--output", str(tmp_path / "out")]
    return CliRunner().invoke(
        main, [*args, *extra], input="\n".join(answers) + "\n", catch_exceptions=False
    )


def test_a_wrong_answer_is_said_at_once_and_asked_again(tmp_path: Path) -> None:
    answers = ["Not Valid", "tenancy", "group:housing-products", "payroll", "manage-my-home"]
    result = ask(tmp_path, [*answers, "short", "long-enough-secret", ""])
    assert result.exit_code == 0, result.output
    out = result.output
    assert "name: 'Not Valid' does not match" in out
    assert out.count("Name:") == 2
    assert "'payroll' is not one of the catalogue's system" in out
    assert out.count("Registry token:") == 2
    assert "log: tenancy by group:housing-products in manage-my-home with ***" in out


def test_secrets_are_never_echoed_or_logged(tmp_path: Path) -> None:
    result = ask(
        tmp_path,
        ["tenancy", "group:platform", "", "tiny", "hunter2-secret", ""],
    )
    assert result.exit_code == 0, result.output
    assert "hunter2-secret" not in result.output and "tiny" not in result.output
    assert "token: ***" not in result.output  # the short one was refused without repeating it
    assert "is too short" in result.output


def test_pickers_offer_the_catalogues_entities_of_their_kind(tmp_path: Path) -> None:
    result = ask(tmp_path, ["tenancy", "group:platform", "", "long-enough", ""])
    out = result.output
    assert "choose from: group:housing-products, group:platform" in out
    assert "choose from: manage-my-home" in out


def test_features_it_does_not_honour_are_named_before_anything_is_asked(tmp_path: Path) -> None:
    result = ask(tmp_path, ["tenancy", "group:platform", "", "long-enough", ""])
    out = result.output
    note = "note: parameter colour: ui:field ColourWheel is asked as plain text"
    assert note in out and out.index(note) < out.index("Name:")
    assert "note: `user.*` renders empty: tda has no signed-in user" in out


def test_a_picker_limited_to_the_catalogue_refuses_other_values_given(tmp_path: Path) -> None:
    result = ask(
        tmp_path, [], "--no-input", "-p", "name=tenancy", "-p", "owner=group:platform",
        "-p", "token=long-enough", "-p", "system=payroll",
    )  # fmt: skip
    assert result.exit_code == 2
    assert "system: 'payroll' is not one of the catalogue's system" in result.output


def test_a_multi_entity_picker_takes_a_list_of_the_catalogues_entities(tmp_path: Path) -> None:
    multi = TEMPLATE.replace(
        "        colour:\n          title: Colour\n          type: string\n          ui:field: ColourWheel\n",
        "        teams:\n          title: Teams\n          type: array\n          items: {type: string}\n"
        "          ui:field: MultiEntityPicker\n"
        "          ui:options: {catalogFilter: {kind: Group}, allowArbitraryValues: false}\n",
    )
    root = write_tree(
        tmp_path / "council", {**CATALOGUE, "templates/team-service/template.yaml": multi}
    )
    args = ["scaffold", "team-service", "--root", str(root), "--output", str(tmp_path / "out")]
    answers = ["tenancy", "group:platform", "", "long-enough", "group:platform, group:nobody"]
    answers += ["group:platform, group:housing-products"]
    result = CliRunner().invoke(main, args, input="\n".join(answers) + "\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "'group:nobody' is not one of the catalogue's group" in result.output
    assert result.output.count("Teams:") == 2


def test_only_the_fields_that_apply_are_asked(tmp_path: Path) -> None:
    from tests.scaffold.test_params import CLOUD_TEMPLATE

    root = write_tree(
        tmp_path / "council", {"catalog/.keep": "", "templates/cloud/template.yaml": CLOUD_TEMPLATE}
    )
    args = ["scaffold", "cloud-service", "--root", str(root), "--output", str(tmp_path / "out")]
    # name, cloud, its project, storage (default), then the else branch's retention (default),
    # and the optional token left out
    answers = ["svc", "gcp", "my-project", "", "", ""]
    result = CliRunner().invoke(main, args, input="\n".join(answers) + "\n", catch_exceptions=False)
    assert result.exit_code == 0, result.output
    out = result.output
    assert "gcpProject:" in out and "retentionDays [30]:" in out
    for never in ("awsAccountId", "awsRegion", "azureSubscription", "alertEmail", "engine"):
        assert never not in out
    assert "log: svc on gcp" in out

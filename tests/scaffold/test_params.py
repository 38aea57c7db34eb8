"""Parameter pages as Backstage's form reads them: only what applies is asked or required."""

from __future__ import annotations

from pathlib import Path

import pytest

from tda.catalog.template import Template, read_template
from tda.scaffold.params import applicable, errors, missing, with_defaults
from tests.conftest import write_tree

# Written in the manner of Backstage's software templates: a first page for the component, a
# page whose fields depend on the cloud chosen, and pages shown only for some answers.
CLOUD_TEMPLATE = """
apiVersion: scaffolder.backstage.io/v1beta3
kind: Template
metadata:
  name: cloud-service
  title: Service on a cloud
spec:
  owner: group:platform
  type: service
  parameters:
    - title: Component
      required: [component_id, cloudProvider]
      properties:
        component_id:
          title: Name
          type: string
          pattern: '^[a-z0-9-]+$'
        cloudProvider:
          title: Cloud
          type: string
          enum: [aws, gcp, azure]
      dependencies:
        cloudProvider:
          oneOf:
            - properties:
                cloudProvider: {enum: [aws]}
                awsAccountId: {type: string, pattern: '^[0-9]{12}$'}
                awsRegion: {type: string, enum: [eu-west-2, eu-west-1], default: eu-west-2}
              required: [awsAccountId]
            - properties:
                cloudProvider: {enum: [gcp]}
                gcpProject: {type: string}
              required: [gcpProject]
            - properties:
                cloudProvider: {enum: [azure]}
                azureSubscription: {type: string, format: uuid}
              required: [azureSubscription]
    - title: Storage
      properties:
        storage:
          type: string
          enum: [none, bucket, database]
          default: none
      if:
        properties: {storage: {const: database}}
      then:
        properties:
          engine: {type: string, enum: [postgres, mysql]}
        required: [engine]
      else:
        properties:
          retentionDays: {type: integer, minimum: 1, default: 30}
    - title: Alerts
      if: ${{ parameters.cloudProvider === 'aws' }}
      properties:
        alertEmail: {type: string, format: email}
      required: [alertEmail]
    - title: Access
      properties:
        deployToken:
          title: Deploy token
          type: string
          minLength: 8
          ui:widget: password
  steps:
    - id: log
      name: Log
      action: debug:log
      input:
        message: ${{ parameters.component_id }} on ${{ parameters.cloudProvider }}
"""


@pytest.fixture
def cloud(tmp_path: Path) -> Template:
    write_tree(tmp_path, {"templates/cloud/template.yaml": CLOUD_TEMPLATE})
    template, problems = read_template(tmp_path / "templates/cloud/template.yaml", "t.yaml")
    assert template is not None and [p for p in problems if p.severity == "error"] == []
    return template


def names(template: Template, values: dict[str, object]) -> list[str]:
    return [name for name, _, _ in applicable(template, values)]


def test_dependencies_ask_only_the_chosen_clouds_fields(cloud: Template) -> None:
    values = {"component_id": "svc", "cloudProvider": "gcp", "alertEmail": "x"}
    assert missing(cloud, with_defaults(cloud, values)) == ["gcpProject"]
    asked = names(cloud, values)
    assert "gcpProject" in asked
    assert not {"awsAccountId", "awsRegion", "azureSubscription", "alertEmail"} & set(asked)
    aws = with_defaults(cloud, {"component_id": "svc", "cloudProvider": "aws"})
    assert aws["awsRegion"] == "eu-west-2" and "gcpProject" not in aws
    assert missing(cloud, aws) == ["awsAccountId", "alertEmail"]


def test_before_the_choice_only_the_first_fields_apply(cloud: Template) -> None:
    assert names(cloud, {})[:2] == ["component_id", "cloudProvider"]
    assert missing(cloud, {}) == ["component_id", "cloudProvider"]


def test_if_then_else_adds_the_fields_of_the_branch_that_holds(cloud: Template) -> None:
    base = {"component_id": "svc", "cloudProvider": "gcp", "gcpProject": "p"}
    database = with_defaults(cloud, {**base, "storage": "database"})
    assert missing(cloud, database) == ["engine"] and "retentionDays" not in database
    plain = with_defaults(cloud, base)
    assert plain["storage"] == "none" and plain["retentionDays"] == 30
    assert missing(cloud, plain) == []


def test_values_are_checked_against_the_branch_that_applies(cloud: Template) -> None:
    values = with_defaults(
        cloud,
        {"component_id": "svc", "cloudProvider": "aws", "awsAccountId": "12", "alertEmail": "a@b"},
    )
    assert any(
        line.startswith("awsAccountId: '12' does not match") for line in errors(cloud, values)
    )


def test_a_secret_never_appears_in_a_message(cloud: Template) -> None:
    values = with_defaults(
        cloud,
        {"component_id": "svc", "cloudProvider": "gcp", "gcpProject": "p", "deployToken": "s3"},
    )
    found = errors(cloud, values)
    assert found and all("s3" not in line for line in found)
    assert any(line.startswith("deployToken: ") and "***" in line for line in found)


def test_every_parameter_is_described_required_only_when_always(cloud: Template) -> None:
    from tda.scaffold.params import properties

    described = {name: required for name, _, required in properties(cloud)}
    assert described["component_id"] and described["cloudProvider"]
    assert not described["gcpProject"] and not described["engine"] and not described["alertEmail"]
    assert list(described)[:4] == ["component_id", "cloudProvider", "awsAccountId", "awsRegion"]

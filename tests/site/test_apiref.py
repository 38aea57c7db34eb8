"""API references read from OpenAPI, Swagger and AsyncAPI definitions."""

from __future__ import annotations

import textwrap
from typing import Any

from tda.catalog.entity import Entity
from tda.catalog.refs import parse_ref
from tda.site.apiref import reference


def api(definition: str, api_type: str = "openapi") -> Entity:
    data: dict[str, Any] = {
        "apiVersion": "backstage.io/v1alpha1",
        "kind": "API",
        "metadata": {"name": "things", "namespace": "default"},
        "spec": {
            "type": api_type,
            "lifecycle": "production",
            "owner": "team",
            "definition": textwrap.dedent(definition),
        },
    }
    return Entity(parse_ref("api:things"), data, "catalog/a.yaml", 0, 1, 1)


def test_a_schema_that_contains_itself_is_listed_once() -> None:
    ref, asset = reference(
        api(
            """\
            openapi: 3.1.0
            info: {title: Tree, version: "2"}
            paths:
              /nodes:
                get:
                  responses:
                    '200':
                      description: ok
                      content:
                        application/json:
                          schema: {$ref: '#/components/schemas/Node'}
            components:
              schemas:
                Node:
                  type: object
                  properties:
                    name: {type: string}
                    children: {type: array, items: {$ref: '#/components/schemas/Node'}}
            """
        ),
        "entities/api/default/things/",
    )
    assert ref is not None and asset is not None
    assert asset.src == "entities/api/default/things/things.openapi.yaml"
    fields = [f.name for f in ref.operations[0].responses[0].bodies[0].fields]
    assert fields == ["name", "children"]
    assert ref.operations[0].responses[0].bodies[0].example.startswith("{")


def test_swagger_2_body_parameters_become_the_request() -> None:
    ref, _ = reference(
        api(
            """\
            {"swagger": "2.0", "info": {"title": "Old", "version": "1"},
             "paths": {"/things": {"post": {"parameters": [
               {"name": "body", "in": "body", "schema": {"type": "object", "required": ["id"],
                 "properties": {"id": {"type": "integer"}}}},
               {"name": "dryRun", "in": "query", "type": "boolean"}],
               "responses": {"201": {"description": "made", "schema": {"type": "string"}}}}}}}
            """
        ),
        "x/",
    )
    assert ref is not None and ref.format == "Swagger 2.0" and ref.media_type == "application/json"
    op = ref.operations[0]
    assert [p.name for p in op.parameters] == ["dryRun"]
    assert op.requests[0].fields[0].name == "id" and op.requests[0].fields[0].required
    assert op.responses[0].bodies[0].example == '"string"'


def test_asyncapi_2_channels_and_messages() -> None:
    ref, _ = reference(
        api(
            """\
            asyncapi: 2.6.0
            info: {title: Events, version: "1"}
            channels:
              person.updated:
                subscribe:
                  summary: A person changed
                  message:
                    name: PersonUpdated
                    payload:
                      type: object
                      properties:
                        id: {type: string, format: uuid}
            """,
            "asyncapi",
        ),
        "x/",
    )
    assert ref is not None and ref.format == "AsyncAPI 2.6.0"
    op = ref.operations[0]
    assert (op.method, op.path, op.summary) == ("SUBSCRIBE", "person.updated", "A person changed")
    assert op.requests[0].fields[0].name == "id"
    assert "3fa85f64" in op.requests[0].example


def test_asyncapi_3_operations() -> None:
    ref, _ = reference(
        api(
            """\
            asyncapi: 3.0.0
            info: {title: Events, version: "1"}
            channels:
              updates:
                address: tenure/updated
                messages:
                  updated: {$ref: '#/components/messages/Updated'}
            operations:
              sendUpdate:
                action: send
                channel: {$ref: '#/channels/updates'}
                messages: [{$ref: '#/channels/updates/messages/updated'}]
            components:
              messages:
                Updated:
                  payload: {type: object, properties: {tenureId: {type: string}}}
            """,
            "asyncapi",
        ),
        "x/",
    )
    assert ref is not None
    op = ref.operations[0]
    assert (op.method, op.path) == ("SEND", "tenure/updated")
    assert [f.name for f in op.requests[0].fields] == ["tenureId"]


def test_unreadable_and_other_definitions_are_shown_as_written() -> None:
    broken, asset = reference(api("openapi: [unclosed\n"), "x/")
    assert broken is not None and broken.problem and broken.raw.startswith("openapi")
    assert asset is not None
    graphql, asset = reference(api("type Query { a: Int }\n", "graphql"), "x/")
    assert (
        graphql is not None
        and graphql.raw
        and asset is not None
        and asset.src == "x/things.graphql"
    )
    published, asset = reference(api("https://example.org/openapi.json"), "x/")
    assert published is not None and published.published_at is not None and asset is None

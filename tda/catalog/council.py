"""Council fields: what a public body records about a product beyond Backstage's own spec.

They sit in `spec`, where Backstage accepts extra keys, so a descriptor stays a valid Backstage
entity while carrying GDS phase, licence, adopters and the rest.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

from tda import codes
from tda.catalog.outcomes import Outcomes, allow_placeholder
from tda.catalog.spdx import licence_problem
from tda.catalog.urls import is_url

Phase = Literal["discovery", "alpha", "beta", "live", "retired"]
PHASES: tuple[str, ...] = Phase.__args__  # type: ignore[attr-defined]

Text = Annotated[str, StringConstraints(strict=True, min_length=1, strip_whitespace=False)]

_WEB_URL = re.compile(r"^https?://[^\s/?#]+[^\s]*$")
_EMAIL = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def check_spdx(expression: str) -> str:
    """Accept a valid SPDX licence expression; anything else is a ValueError, never a crash."""
    problem = licence_problem(expression)
    if problem is not None:
        raise ValueError(str(problem))
    return expression


def check_web_url(value: str) -> str:
    if not _WEB_URL.match(value) or not is_url(value):
        raise ValueError("must be an http:// or https:// URL")
    return value


def check_https_url(value: str) -> str:
    if not value.startswith("https://") or not is_url(value):
        raise ValueError("must be an https:// URL")
    return value


def check_email(value: str) -> str:
    if not _EMAIL.match(value):
        raise ValueError("must be an email address")
    return value


Licence = Annotated[
    str,
    StringConstraints(strict=True, min_length=1),
    AfterValidator(check_spdx),
    Field(description="SPDX licence expression, e.g. MIT or GPL-3.0-or-later"),
]
WebUrl = Annotated[str, StringConstraints(strict=True), AfterValidator(check_web_url)]
HttpsUrl = Annotated[str, StringConstraints(strict=True), AfterValidator(check_https_url)]
Email = Annotated[str, StringConstraints(strict=True), AfterValidator(check_email)]


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", populate_by_name=True)


class Adopter(_Strict):
    """An organisation that uses the product."""

    organisation: Text
    since: dt.date | None = None
    evidence: Literal["self-declared", "verified"] = Field(
        "self-declared",
        description="verified when the adopter confirmed it, self-declared otherwise",
    )
    contact: Text | None = None


class Origin(_Strict):
    """What a product was built from: another council's product or a template."""

    name: Text
    organisation: Text | None = None
    url: WebUrl | None = None
    ref: Text | None = Field(None, description="entity reference, when it is in this catalogue")


class Contact(_Strict):
    name: Text
    email: Email | None = None
    role: Text | None = None


class Assessment(_Strict):
    standard: Literal["service-standard", "tcop"]
    phase: Phase
    date: dt.date
    outcome: Literal["met", "not-met", "pending"]
    link: WebUrl | None = None


class PubliccodeOverrides(_Strict):
    categories: list[Text] | None = None
    platforms: list[Text] | None = None
    scope: list[Text] | None = None
    maintenance: Literal["internal", "contract", "community", "none"] | None = None
    softwareType: Text | None = None
    features: list[Text] | None = None
    longDescription: Text | None = None


class CouncilFields(BaseModel):
    """The council fields, all optional; any other spec key passes through untouched."""

    model_config = ConfigDict(extra="allow")

    phase: Phase | None = Field(None, description="GDS phase")
    licence: Licence | None = None
    repository: HttpsUrl | None = Field(None, description="https URL of the source code")
    usedBy: list[Adopter] | None = Field(None, description="organisations that use it")
    basedOn: list[Text | Origin] | None = Field(None, description="what it was built from")
    alternativeTo: list[Text] | None = Field(None, description="commercial products it replaces")
    contacts: list[Text | Contact] | None = Field(
        None, description="user references, or {name, email, role}"
    )
    assessments: list[Assessment] | None = None
    publiccode: PubliccodeOverrides | None = None
    outcomes: Outcomes | None = Field(
        None, description="objectives and their key results", json_schema_extra=allow_placeholder
    )


COUNCIL_FIELD_CODES: dict[str, str] = {
    "phase": codes.INVALID_PHASE,
    "licence": codes.INVALID_LICENCE,
    "repository": codes.INVALID_REPOSITORY,
    "usedBy": codes.INVALID_USED_BY,
    "basedOn": codes.INVALID_BASED_ON,
    "alternativeTo": codes.INVALID_BASED_ON,
    "contacts": codes.INVALID_CONTACT,
    "assessments": codes.INVALID_ASSESSMENT,
    "publiccode": codes.INVALID_PUBLICCODE,
    "outcomes": codes.INVALID_OUTCOMES,
}

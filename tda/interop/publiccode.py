"""publiccode.yml 0.2 to 0.7 (the `publiccodeYmlVersion: "0"` family) as one pydantic model.

The model states every key, its type and its value rules; what a model cannot say (a key
required only for some maintenance types, deprecated keys, files a path points at) is checked
in `publiccode_check`. Strings accept any YAML scalar, as the standard's reference parser does,
but never a list or a mapping; booleans must be YAML 1.2 `true` or `false`.
"""

from __future__ import annotations

import datetime as dt
import re
from functools import cache
from typing import Annotated, Any
from urllib.parse import urlsplit

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, StrictBool
from pydantic_core import PydanticCustomError

from tda.catalog.council import check_spdx

SUPPORTED_VERSIONS: tuple[str, ...] = (
    "0",
    "0.2",
    "0.2.0",
    "0.2.1",
    "0.2.2",
    "0.3",
    "0.3.0",
    "0.4",
    "0.4.0",
    "0.5",
    "0.5.0",
    "0.7",
    "0.7.0",
)
# "0" means the latest 0.x; a file naming an older version is read by the latest rules.
CURRENT_VERSIONS = frozenset({"0", "0.7", "0.7.0"})
EXPORT_VERSION = "0.4"

DEVELOPMENT_STATUSES = ("concept", "development", "beta", "stable", "obsolete")
SOFTWARE_TYPES = (
    "standalone/mobile",
    "standalone/iot",
    "standalone/desktop",
    "standalone/web",
    "standalone/backend",
    "standalone/other",
    "addon",
    "library",
    "configurationFiles",
)
MAINTENANCE_TYPES = ("internal", "contract", "community", "none")
PLATFORMS = ("web", "windows", "mac", "linux", "ios", "android")
SUPPORT_ALIASES = frozenset({"gdpr", "eidas", "nis2", "cra", "spid", "cie", "anpr", "pagopa", "io"})
SCOPES = frozenset(
    [
        "agriculture",
        "culture",
        "defence",
        "education",
        "emergency-services",
        "employment",
        "energy",
        "environment",
        "finance-and-economic-development",
        "foreign-affairs",
        "government",
        "healthcare",
        "infrastructures",
        "justice",
        "local-authorities",
        "manufacturing",
        "research",
        "science-and-technology",
        "security",
        "society",
        "sport",
        "tourism",
        "transportation",
        "welfare",
    ]
)
CATEGORIES = frozenset(
    [
        "accounting",
        "agile-project-management",
        "applicant-tracking",
        "application-development",
        "appointment-scheduling",
        "backup",
        "billing-and-invoicing",
        "blog",
        "budgeting",
        "business-intelligence",
        "business-process-management",
        "cad",
        "call-center-management",
        "cloud-management",
        "collaboration",
        "communications",
        "compliance-management",
        "contact-management",
        "content-management",
        "crm",
        "customer-service-and-support",
        "data-analytics",
        "data-collection",
        "data-visualization",
        "design",
        "design-system",
        "digital-asset-management",
        "digital-citizenship",
        "document-management",
        "donor-management",
        "e-commerce",
        "e-signature",
        "educational-content",
        "email-management",
        "email-marketing",
        "employee-management",
        "enterprise-project-management",
        "enterprise-social-networking",
        "erp",
        "event-management",
        "facility-management",
        "feedback-and-reviews-management",
        "financial-reporting",
        "fleet-management",
        "fundraising",
        "gamification",
        "geographic-information-systems",
        "grant-management",
        "graphic-design",
        "help-desk",
        "hr",
        "ide",
        "identity-management",
        "instant-messaging",
        "integrated-library-system",
        "inventory-management",
        "it-asset-management",
        "it-development",
        "it-management",
        "it-security",
        "it-service-management",
        "knowledge-management",
        "learning-management-system",
        "marketing",
        "mind-mapping",
        "mobile-marketing",
        "mobile-payment",
        "network-management",
        "office",
        "online-booking",
        "online-community",
        "payment-gateway",
        "payroll",
        "predictive-analysis",
        "procurement",
        "productivity-suite",
        "project-collaboration",
        "project-management",
        "property-management",
        "real-estate-management",
        "regulations-and-directives",
        "remote-support",
        "resource-management",
        "sales-management",
        "seo",
        "service-desk",
        "social-media-management",
        "survey",
        "talent-management",
        "task-management",
        "taxes-management",
        "test-management",
        "time-management",
        "time-tracking",
        "translation",
        "video-conferencing",
        "video-editing",
        "visitor-management",
        "voip",
        "warehouse-management",
        "web-collaboration",
        "web-conferencing",
        "website-builder",
        "whistleblowing",
        "workflow-management",
        "other",
    ]
)

# Video hosts that publish an oEmbed endpoint (a short list of the common ones; the full
# registry at oembed.com is not shipped).
OEMBED_PATTERNS = tuple(
    re.compile(pattern)
    for pattern in (
        r"^https?://(www\.|m\.)?youtube\.com/(watch\?|shorts/|embed/|playlist\?|v/).+",
        r"^https?://youtu\.be/.+",
        r"^https?://(www\.)?vimeo\.com/.+",
        r"^https?://player\.vimeo\.com/video/.+",
        r"^https?://(www\.)?dailymotion\.com/video/.+",
        r"^https?://dai\.ly/.+",
        r"^https?://(www\.)?ted\.com/talks/.+",
        r"^https?://[^/]+/(videos/watch|w)/.+",  # PeerTube instances
    )
)
_MIME = re.compile(
    r"^ *[A-Za-z0-9][A-Za-z0-9!#$&^_-]{0,126}/[A-Za-z0-9][A-Za-z0-9!#$&^_.+-]{0,126} *$"
)
_EMAIL = re.compile(r"^[^@\s]+@[^@\s.]+(\.[^@\s.]+)*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_URN = re.compile(r"^urn:[A-Za-z0-9][A-Za-z0-9-]{0,31}:[A-Za-z0-9()+,\-.:=@;$_!*'%/?#]+$", re.I)
_IPA_CODE = re.compile(r"^[A-Za-z0-9_]+$")
_TAG_SYNTAX = re.compile(r"^[A-Za-z]{2,8}(-[A-Za-z0-9]{1,8})*$")


class Number(str):
    """A number as it was written (`1.10`, `0123`): string keys read the literal text."""

    __slots__ = ()


_KIND_NAMES = {dict: "a mapping", list: "a list", bool: "true or false", type(None): "empty"}


def kind_of(value: Any) -> str:
    if isinstance(value, Number):
        return "a number"
    return _KIND_NAMES.get(type(value), "a number" if isinstance(value, int | float) else "text")


def _wrong_type(value: Any, expected: str) -> PydanticCustomError:
    return PydanticCustomError(
        "wrong_type",
        "wrong type: expected {expected}, found {found}",
        {"expected": expected, "found": kind_of(value)},
    )


def _invalid(message: str) -> PydanticCustomError:
    return PydanticCustomError("invalid", message)


def _text(value: Any) -> str:
    """Any scalar as text, as the reference parser decodes it; a list or a mapping is refused."""
    if isinstance(value, str):
        return value
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int | float):
        return str(value)
    raise _wrong_type(value, "text")


def _required_text(value: Any) -> str:
    text = _text(value) if value is not None else ""
    if not text:
        raise PydanticCustomError("missing", "is required and must not be empty")
    return text


def _list(value: Any) -> list[Any]:
    if not isinstance(value, list):
        raise _wrong_type(value, "a list")
    return value


def _mapping(value: Any) -> dict[str, Any]:
    if not isinstance(value, dict):
        raise _wrong_type(value, "a mapping")
    return value


def is_url(value: str) -> bool:
    """A URL with a scheme and something after it (a host, or an opaque part)."""
    try:
        parts = urlsplit(value.split("#", 1)[0])
    except ValueError:
        return False
    return bool(parts.scheme) and bool(parts.netloc or parts.path.strip("/") or parts.query)


def is_http_url(value: str) -> bool:
    try:
        parts = urlsplit(value)
    except ValueError:
        return False
    return parts.scheme.lower() in {"http", "https"} and bool(parts.hostname)


def _url(value: Any) -> str:
    text = _text(value)
    if not is_url(text):
        raise _invalid("must be a valid URL")
    return text


def _http_url(value: Any) -> str:
    text = _text(value)
    if not is_http_url(text):
        raise _invalid("must be an http:// or https:// URL")
    return text


def _date(value: Any) -> str:
    text = _text(value)
    try:
        if not _DATE.match(text):
            raise ValueError(text)
        dt.date.fromisoformat(text)
    except ValueError:
        raise _invalid("must be a date in the form YYYY-MM-DD") from None
    return text


@cache
def _graphemes(text: str) -> int:
    import regex

    return len(regex.findall(r"\X", text))


def _bounded(low: int | None, high: int | None) -> Any:
    def check(value: Any) -> str:
        text = _text(value)
        size = _graphemes(text)
        if high is not None and size > high:
            raise _invalid(f"must be at most {high} characters long (it is {size})")
        if low is not None and size < low:
            raise _invalid(f"must be at least {low} characters long (it is {size})")
        return text

    return check


@cache
def is_language_tag(tag: str) -> bool:
    """A well-formed BCP 47 tag whose subtags are registered (`en`, `cy`, `sl-IT-nedis`)."""
    import langcodes

    return bool(_TAG_SYNTAX.match(tag)) and langcodes.tag_is_valid(tag)


def _language(value: Any) -> str:
    text = _text(value)
    if not is_language_tag(text):
        raise _invalid(f"{text!r} is not a valid BCP 47 language tag (such as en or en-GB)")
    return text


@cache
def is_country(code: str) -> bool:
    import pycountry

    if code not in (code.upper(), code.lower()):
        return False
    return pycountry.countries.get(alpha_2=code.upper()) is not None


def _country(value: Any) -> str:
    text = _text(value)
    if len(text) != 2 or not is_country(text):
        raise _invalid(f"{text!r} is not an ISO 3166-1 alpha-2 country code (such as GB)")
    return text


def _one_of(values: frozenset[str] | tuple[str, ...], what: str) -> Any:
    def check(value: Any) -> str:
        text = _text(value)
        if text not in values:
            shown = ", ".join(sorted(values)) if len(values) <= 12 else f"the list of {what}"
            raise _invalid(f"{text!r} is not one of {shown}")
        return text

    return check


def _spdx(value: Any) -> str:
    text = _required_text(value)
    try:
        return check_spdx(text)
    except ValueError as error:
        raise _invalid(str(error)) from None


def _mime(value: Any) -> str:
    text = _text(value)
    if not _MIME.match(text):
        raise _invalid(f"{text!r} is not a MIME type")
    return text


def _email(value: Any) -> str:
    text = _text(value)
    if not _EMAIL.match(text):
        raise _invalid(f"{text!r} is not an email address")
    return text


def is_organisation_uri(text: str) -> bool:
    if text.lower().startswith("urn:"):
        if not _URN.match(text):
            return False
        if text.lower().startswith("urn:x-italian-pa:"):
            return bool(_IPA_CODE.match(text[len("urn:x-italian-pa:") :]))
        return True
    try:
        parts = urlsplit(text)
    except ValueError:
        return False
    return bool(parts.scheme) and bool(parts.netloc)


def _organisation_uri(value: Any) -> str:
    text = _required_text(value)
    if not is_organisation_uri(text):
        raise _invalid(f"{text!r} is not a URI (such as https://… or urn:…)")
    return text


def _support_id(value: Any) -> str:
    text = _required_text(value)
    if text.startswith("alias:"):
        if text.removeprefix("alias:") not in SUPPORT_ALIASES:
            known = ", ".join(sorted(SUPPORT_ALIASES))
            raise _invalid(f"{text!r} is not a known alias ({known})")
        return text
    if not is_url(text):
        raise _invalid(f"{text!r} is neither alias:NAME nor a URI")
    return text


def _url_or_urls(value: Any) -> list[Any]:
    if isinstance(value, list):
        return value
    if isinstance(value, dict):
        raise _wrong_type(value, "a URL or a list of URLs")
    return [value]


def _not_empty(value: Any) -> Any:
    if isinstance(value, list | dict) and not value:
        raise PydanticCustomError("missing", "must have at least one entry")
    return value


def _not_null(value: Any) -> Any:
    if value is None:
        raise PydanticCustomError("missing", "is required and must not be empty")
    return value


Text = Annotated[str, BeforeValidator(_text)]
RequiredText = Annotated[str, BeforeValidator(_required_text)]
Url = Annotated[str, BeforeValidator(_url)]
HttpUrl = Annotated[str, BeforeValidator(_http_url)]
Date = Annotated[str, BeforeValidator(_date)]
Language = Annotated[str, BeforeValidator(_language)]
Country = Annotated[str, BeforeValidator(_country)]
TextList = Annotated[list[Text], BeforeValidator(_list)]
NonEmptyTextList = Annotated[list[Text], BeforeValidator(_not_empty), BeforeValidator(_list)]


class _Block(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Organisation(_Block):
    name: Text | None = None
    uri: Annotated[str, BeforeValidator(_organisation_uri)]


class Support(_Block):
    id: Annotated[str, BeforeValidator(_support_id)]


class IntendedAudience(_Block):
    scope: (
        Annotated[
            list[Annotated[str, BeforeValidator(_one_of(SCOPES, "scopes"))]], BeforeValidator(_list)
        ]
        | None
    ) = None
    countries: Annotated[list[Country], BeforeValidator(_list)] | None = None
    unsupportedCountries: Annotated[list[Country], BeforeValidator(_list)] | None = None


class Description(_Block):
    localisedName: Text | None = None
    genericName: Annotated[str, BeforeValidator(_bounded(None, 35))] | None = None
    shortDescription: Annotated[
        str, BeforeValidator(_bounded(None, 150)), BeforeValidator(_required_text)
    ]
    longDescription: Annotated[
        str, BeforeValidator(_bounded(150, 10_000)), BeforeValidator(_required_text)
    ]
    documentation: HttpUrl | None = None
    apiDocumentation: HttpUrl | None = None
    features: NonEmptyTextList
    screenshots: TextList | None = None
    videos: Annotated[list[HttpUrl], BeforeValidator(_list)] | None = None
    awards: TextList | None = None


class Legal(_Block):
    license: Annotated[str, BeforeValidator(_spdx)]
    mainCopyrightOwner: Text | None = None
    repoOwner: Text | None = None
    authorsFile: Text | None = None


class Contractor(_Block):
    name: RequiredText
    email: Annotated[str, BeforeValidator(_email)] | None = None
    website: HttpUrl | None = None
    until: Annotated[str, BeforeValidator(_date), BeforeValidator(_not_null)]


class Contact(_Block):
    name: RequiredText
    email: Annotated[str, BeforeValidator(_email)] | None = None
    affiliation: Text | None = None
    phone: Text | None = None


class Maintenance(_Block):
    type: Annotated[
        str, BeforeValidator(_one_of(MAINTENANCE_TYPES, "types")), BeforeValidator(_required_text)
    ]
    contractors: Annotated[list[Contractor], BeforeValidator(_list)] | None = None
    contacts: Annotated[list[Contact], BeforeValidator(_list)] | None = None


class Localisation(_Block):
    localisationReady: Annotated[StrictBool, BeforeValidator(_not_null)]
    availableLanguages: Annotated[
        list[Language], BeforeValidator(_not_empty), BeforeValidator(_list)
    ]


class Dependency(_Block):
    name: RequiredText
    versionMin: Text | None = None
    versionMax: Text | None = None
    version: Text | None = None
    optional: StrictBool | None = None


class DependsOn(_Block):
    open: Annotated[list[Dependency], BeforeValidator(_list)] | None = None
    proprietary: Annotated[list[Dependency], BeforeValidator(_list)] | None = None
    hardware: Annotated[list[Dependency], BeforeValidator(_list)] | None = None


class Conforme(_Block):
    lineeGuidaDesign: StrictBool | None = None
    modelloInteroperabilita: StrictBool | None = None
    misureMinimeSicurezza: StrictBool | None = None
    gdpr: StrictBool | None = None


class Riuso(_Block):
    codiceIPA: Annotated[str, BeforeValidator(_text)] | None = None


class Piattaforme(_Block):
    spid: StrictBool | None = None
    pagopa: StrictBool | None = None
    cie: StrictBool | None = None
    anpr: StrictBool | None = None
    io: StrictBool | None = None


class ItalianSection(_Block):
    countryExtensionVersion: (
        Annotated[str, BeforeValidator(_one_of(("0.2", "1.0"), "versions"))] | None
    ) = None
    conforme: Conforme | None = None
    riuso: Riuso | None = None
    piattaforme: Piattaforme | None = None


def _description_keys(value: Any) -> Any:
    mapping = _mapping(value)
    if not mapping:
        raise PydanticCustomError("missing", "must describe the software in at least one language")
    for key in mapping:
        if not isinstance(key, str) or not is_language_tag(key):
            raise _invalid(f"{key!r} is not a valid BCP 47 language tag (such as en or en-GB)")
    return mapping


class Publiccode(_Block):
    """One publiccode.yml file, version 0.x."""

    publiccodeYmlVersion: RequiredText
    name: RequiredText
    applicationSuite: Text | None = None
    url: Annotated[str, BeforeValidator(_url), BeforeValidator(_not_null)]
    landingURL: HttpUrl | None = None
    isBasedOn: Annotated[list[Url], BeforeValidator(_url_or_urls)] | None = None
    softwareVersion: Text | None = None
    releaseDate: Date | None = None
    logo: Text | None = None
    monochromeLogo: Text | None = None
    organisation: Organisation | None = None
    inputTypes: (
        Annotated[list[Annotated[str, BeforeValidator(_mime)]], BeforeValidator(_list)] | None
    ) = None
    outputTypes: (
        Annotated[list[Annotated[str, BeforeValidator(_mime)]], BeforeValidator(_list)] | None
    ) = None
    platforms: NonEmptyTextList
    categories: (
        Annotated[
            list[Annotated[str, BeforeValidator(_one_of(CATEGORIES, "categories"))]],
            BeforeValidator(_list),
        ]
        | None
    ) = None
    usedBy: TextList | None = None
    fundedBy: Annotated[list[Organisation], BeforeValidator(_list)] | None = None
    roadmap: HttpUrl | None = None
    developmentStatus: Annotated[
        str,
        BeforeValidator(_one_of(DEVELOPMENT_STATUSES, "statuses")),
        BeforeValidator(_required_text),
    ]
    softwareType: Annotated[
        str, BeforeValidator(_one_of(SOFTWARE_TYPES, "types")), BeforeValidator(_required_text)
    ]
    supports: Annotated[list[Support], BeforeValidator(_list)] | None = None
    intendedAudience: IntendedAudience | None = None
    description: Annotated[dict[str, Description], BeforeValidator(_description_keys)]
    legal: Legal
    maintenance: Maintenance
    localisation: Localisation
    dependsOn: DependsOn | None = None
    IT: ItalianSection | None = None
    it: ItalianSection | None = Field(None, description="deprecated spelling of IT")

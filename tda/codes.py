"""The one table of finding codes: each code's default severity, what it means, what is
expected instead, and the hint a finding carries unless it has a more precise one.

Codes are stable: once published, a code keeps its meaning, so that users' severity overrides
and CI filters keep working. Code elsewhere names a code by its constant, never by its text;
the README's table is checked against this one.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"
    INFO = "info"


@dataclass(frozen=True, slots=True)
class Code:
    code: str
    severity: Severity
    meaning: str
    hint: str | None = None
    expected: str | None = None


CODES: dict[str, Code] = {}
ERR, WARN, INFO = Severity.ERROR, Severity.WARNING, Severity.INFO


def _code(
    code: str, severity: Severity, meaning: str, hint: str, expected: str | None = None
) -> str:
    if code in CODES:
        raise ValueError(f"{code} is defined twice")
    CODES[code] = Code(code, severity, meaning, hint, expected)
    return code


# Files and YAML.
FILE_UNREADABLE = _code(
    "TDA001", ERR, "file cannot be read", "check the path and that the file can be read"
)
FILE_TOO_LARGE = _code(
    "TDA002",
    ERR,
    "file larger than `max_file_bytes`",
    "split the file, or raise max_file_bytes in the tda settings",
)
NOT_UTF8 = _code("TDA003", ERR, "file is not UTF-8", "save the file as UTF-8")
YAML_SYNTAX = _code(
    "TDA004", ERR, "YAML syntax error", "check the indentation and quoting near this position"
)
YAML_TAB = _code(
    "TDA005", ERR, "tab character where YAML needs spaces", "indent with spaces, not tabs"
)
DUPLICATE_KEY = _code(
    "TDA006",
    ERR,
    "duplicate key in a mapping (Backstage rejects these; plain YAML readers keep the last)",
    "remove one of the two keys, or merge their values",
)
ALIAS_EXPANSION = _code(
    "TDA007",
    ERR,
    'aliases expand beyond the limit (a "billion laughs" file)',
    "write the values out, or use fewer nested aliases",
)
NESTING_TOO_DEEP = _code(
    "TDA008", ERR, "nesting deeper than 64 levels", "descriptors are shallow; flatten the structure"
)
NOT_A_MAPPING = _code(
    "TDA009", ERR, "document is not a mapping", "start the document with apiVersion: and kind:"
)
NOT_AN_ENTITY = _code(
    "TDA010",
    WARN,
    "document is not an entity (no apiVersion or kind) and is skipped",
    "add apiVersion and kind, or move the file out of the catalogue folder",
)
INVALID_SETTINGS = _code(
    "TDA011",
    ERR,
    "settings in `mkdocs.yml` are invalid",
    "see the Settings section of the README for each setting and its form",
)

# What Backstage itself would reject.
MALFORMED_ENVELOPE = _code(
    "TDA101",
    ERR,
    "malformed entity envelope (missing or unknown root fields)",
    "an entity has apiVersion, kind, metadata (with a name) and spec, and nothing else at its root",
)
INVALID_API_VERSION = _code(
    "TDA102",
    ERR,
    "invalid `apiVersion`",
    "use backstage.io/v1alpha1, or scaffolder.backstage.io/v1beta3 for a Template",
    "a version such as backstage.io/v1alpha1 (an optional DNS prefix and '/', then letters and "
    "digits)",
)
INVALID_KIND = _code(
    "TDA103",
    ERR,
    "invalid `kind`",
    "kinds are words such as Component, API, Resource, System, Group, User",
    "a word of letters and digits starting with a letter, at most 63 characters",
)
INVALID_NAME = _code(
    "TDA104",
    ERR,
    "invalid `metadata.name`",
    "for example person-api or housing_register.v2",
    "sequences of [a-zA-Z0-9] separated by any of [-_.], at most 63 characters",
)
INVALID_NAMESPACE = _code(
    "TDA105",
    ERR,
    "invalid `metadata.namespace`",
    "namespaces are lower-case DNS labels, e.g. default or hackney",
    "sequences of [a-z0-9] separated by [-], at most 63 characters",
)
INVALID_LABEL = _code(
    "TDA106",
    ERR,
    "invalid label key or value",
    "labels are short values such as production or team-a; put longer text in annotations",
    "a key with an optional DNS prefix and '/', and a value of sequences of [a-zA-Z0-9] "
    "separated by any of [-_.], at most 63 characters",
)
INVALID_ANNOTATION = _code(
    "TDA107",
    ERR,
    "invalid annotation key or value",
    "annotation keys look like example.com/key; values are strings",
    "a key with an optional DNS prefix and '/', such as backstage.io/techdocs-ref",
)
INVALID_TAG = _code(
    "TDA108",
    ERR,
    "invalid tag",
    "tags are lower-case, e.g. dotnet or aws-lambda",
    "sequences of [a-z0-9:+#] separated by [-], at most 63 characters",
)
INVALID_LINK = _code(
    "TDA109", ERR, "invalid link", "a link needs an absolute url, e.g. https://example.org/runbook"
)
UNKNOWN_KIND = _code(
    "TDA110",
    ERR,
    "unknown kind or apiVersion",
    "kinds are Component, API, Resource, System, Domain, Group, User, Location with apiVersion "
    "backstage.io/v1alpha1, and Template with scaffolder.backstage.io/v1beta3",
)
INVALID_SPEC = _code(
    "TDA111",
    ERR,
    "invalid or missing `spec` field for the kind",
    "see the kind's fields in the README, or run `tda schema` for an editor schema",
)
MALFORMED_REF = _code(
    "TDA112",
    ERR,
    "malformed entity reference (e.g. `dependsOn` without a kind)",
    "write the kind in front, e.g. component:person-api or resource:person-dynamodb",
)
PLACEHOLDER_UNRESOLVED = _code(
    "TDA113",
    ERR,
    "`$text` / `$json` / `$yaml` placeholder cannot be resolved",
    "point the placeholder at a file inside the repository, with a path relative to the descriptor",
)
INVALID_METADATA = _code(
    "TDA114",
    ERR,
    "invalid metadata field (e.g. an empty title)",
    "metadata holds name, namespace, title, description, labels, annotations, tags and links",
)
UNCHECKABLE_VALUE = _code(
    "TDA115",
    ERR,
    "a value could not be checked (a fault in tda; the other findings are complete)",
    "this is a fault in tda; the other findings are complete. Please report the value with the "
    "file",
)
PLACEHOLDER_URL = _code(
    "TDA116",
    WARN,
    "placeholder points at a URL, which is not fetched",
    "a URL target is kept as a link but not read offline; put the file in the repository to have "
    "it checked and published",
)

# Catalogue integrity.
UNKNOWN_REF = _code(
    "TDA201",
    ERR,
    "reference to an entity not in the catalogue, with a suggestion",
    "add a descriptor for it, or correct the reference",
)
DUPLICATE_ENTITY = _code(
    "TDA202",
    ERR,
    "entity defined more than once, naming both places",
    "an entity is identified by kind, namespace and name (ignoring case); rename one or remove it",
)
HIERARCHY_CYCLE = _code(
    "TDA203",
    ERR,
    "cycle in `subcomponentOf`, `parent` or `subdomainOf`",
    "a hierarchy must end somewhere: remove one link of the loop",
)
OWNER_WRONG_KIND = _code(
    "TDA204", ERR, "owner is not a Group or User", "owners are teams (Group) or people (User)"
)
REF_WRONG_KIND = _code(
    "TDA205",
    ERR,
    "reference to an entity of the wrong kind",
    "each relation field takes certain kinds; `tda schema KIND` says which",
)
LOCATION_TARGET_MISSING = _code(
    "TDA206",
    ERR,
    "Location target not found",
    "targets are paths relative to this file; use presence: optional for a file that may be absent",
)

# Council fields and outcomes.
INVALID_PHASE = _code(
    "TDA301", ERR, "invalid `phase`", "one of the GDS phases: discovery, alpha, beta, live, retired"
)
INVALID_LICENCE = _code(
    "TDA302",
    ERR,
    "invalid `licence`",
    "use SPDX ids joined by AND / OR, e.g. MIT or GPL-3.0-or-later; a licence not on the SPDX "
    "list, such as a bought product's terms, is written LicenseRef-name",
)
INVALID_REPOSITORY = _code(
    "TDA303",
    ERR,
    "invalid `repository`",
    "the web address of the source, e.g. https://github.com/LBHackney-IT/person-api",
)
INVALID_USED_BY = _code(
    "TDA304",
    ERR,
    "invalid `usedBy` entry",
    "each adopter is {organisation, since, evidence: self-declared|verified, contact}",
)
INVALID_BASED_ON = _code(
    "TDA305",
    ERR,
    "invalid `basedOn` or `alternativeTo`",
    "a list of names, or {name, organisation, url, ref} for basedOn",
)
INVALID_CONTACT = _code(
    "TDA306",
    ERR,
    "invalid contact",
    "a user reference such as user:jane.doe, or {name, email, role}",
)
INVALID_ASSESSMENT = _code(
    "TDA307",
    ERR,
    "invalid assessment",
    "each assessment is {standard: service-standard|tcop, phase, date, outcome, link}",
)
INVALID_PUBLICCODE = _code(
    "TDA308",
    ERR,
    "invalid `publiccode` overrides",
    "publiccode holds lists of categories, platforms and scope, and maintenance: "
    "internal|contract|community|none",
)
INVALID_OUTCOMES = _code(
    "TDA320",
    ERR,
    "invalid `outcomes` (objectives, key results, measurements)",
    "each objective is {objective, keyResults: [{id, metric, baseline, target, unit, due, "
    "measurements: [{date, value, source}]}]}",
)
OUTCOMES_NOT_ON_A_PRODUCT = _code(
    "TDA321",
    WARN,
    "outcomes on an entity that is not a Component or System",
    "outcomes belong on a Component or System",
)
KEY_RESULT_ID_REUSED = _code(
    "TDA322",
    ERR,
    "key result id used twice in one product",
    "give each key result of a product its own id",
)
UNKNOWN_OUTCOME = _code(
    "TDA323",
    ERR,
    "a decision or meeting names an outcome that is not in the catalogue",
    "write a product and, optionally, one of its key results, e.g. "
    "system:single-view#call-time-saved",
)
MEASUREMENT_IN_FUTURE = _code(
    "TDA324",
    WARN,
    "measurement dated in the future",
    "date a measurement on or before the day it was taken",
)
TARGET_EQUALS_BASELINE = _code(
    "TDA325",
    WARN,
    "key result's target equals its baseline",
    "a key result moves from its baseline to a different target",
)

# Decision records.
DECISION_UNREADABLE = _code(
    "TDA401",
    ERR,
    "decision record cannot be read (or its front matter is not YAML)",
    "check the front matter between the two --- lines",
)
DECISION_NO_STATUS = _code(
    "TDA402",
    WARN,
    "decision has no status (not accepted: it awaits review, as if proposed)",
    "add status: proposed, then record the review that accepts it",
)
DECISION_UNKNOWN_STATUS = _code(
    "TDA403",
    WARN,
    "decision status is not a known status (read as the nearest; the text is kept)",
    "statuses are draft, proposed, accepted, rejected, deprecated, superseded",
)
DECISION_UNKNOWN_ENTITY = _code(
    "TDA404",
    ERR,
    "decision binds an entity not in the catalogue, with a suggestion",
    "correct the reference in entities:, or add a descriptor for it",
)
SUPERSESSION_MISSING = _code(
    "TDA405",
    ERR,
    "`supersedes` / `superseded-by` names a decision that does not exist",
    "name an existing decision id, such as ADR-3",
)
SUPERSESSION_ONE_SIDED = _code(
    "TDA406",
    ERR,
    "supersession not recorded on both sides, or a superseded record not saying so",
    "`tda adr supersede OLD NEW` records it in both files",
)
SUPERSESSION_CYCLE = _code(
    "TDA407",
    ERR,
    "supersession forms a cycle",
    "a decision cannot, through others, supersede itself: remove one link",
)
DECISION_NUMBER_REUSED = _code(
    "TDA408",
    ERR,
    "decision number used by two files, naming both",
    "`tda adr renumber` gives the later one the next free number",
)
NO_GIT_HISTORY = _code(
    "TDA409",
    INFO,
    "no git history for decisions (not a repository, or a shallow clone)",
    "run in a full clone to check statuses against the history",
)
INVALID_DECISION_FIELDS = _code(
    "TDA410",
    ERR,
    "invalid decision front matter (e.g. a date that is not a date)",
    "dates are written YYYY-MM-DD; lists in square brackets",
)
DECISION_FILE_NAME = _code(
    "TDA411",
    WARN,
    "decision file name is not `NNNN-kebab-title.md`",
    "rename it to its number and title, e.g. 0007-use-the-person-api.md",
)
DECISION_DATE_NOT_A_DATE = _code(
    "TDA412",
    WARN,
    "decision date is not a date (`05/16/2025`, `2025-13-45`), in a dialect other than native "
    "front matter",
    "write dates as YYYY-MM-DD",
)

# The TDA's reviews.
STATUS_WITHOUT_REVIEW = _code(
    "TDA501",
    ERR,
    "decision is accepted or rejected but no meeting of the forum said so",
    "record the review in decisions/reviews/, or keep the status proposed",
)
NOT_QUORATE = _code(
    "TDA502",
    ERR,
    "decision approved at a meeting that was not quorate",
    "take the decision again at a quorate meeting",
)
MEETING_UNKNOWN_DECISION = _code(
    "TDA503",
    ERR,
    "meeting item or action names a decision that does not exist",
    "name an existing decision id, such as ADR-3",
)
MEETING_UNKNOWN_PERSON = _code(
    "TDA504",
    ERR,
    "meeting names a person or group not in the catalogue, or of the wrong kind",
    "people are user references, e.g. user:jane.doe, described in the catalogue",
)
TOO_MANY_VOTES = _code(
    "TDA505",
    ERR,
    "votes exceed the forum members present",
    "only members present vote; check the counts against the attendees",
)
ACTION_OVERDUE = _code(
    "TDA506",
    WARN,
    "open action past its due date",
    "mark it done or dropped, or agree a new due date at the next meeting",
)
REVIEW_DUE = _code(
    "TDA507",
    WARN,
    "accepted decision past its `review-by` date",
    "`tda review agenda` lists it for re-review at the next meeting",
)
DECIDED_AFTER_MEETING = _code(
    "TDA508",
    WARN,
    "decision dated after the meeting that approved it",
    "the decision's date is the day it was taken, at or before the meeting",
)
STATUS_BEFORE_MEETING = _code(
    "TDA509",
    WARN,
    "status set in git before the meeting that approved it (names the commit)",
    "a status follows the review; it should change after the meeting",
)
INVALID_MEETING = _code(
    "TDA510",
    ERR,
    "invalid meeting record (fields, file name, date)",
    "meeting records are decisions/reviews/YYYY-MM-DD-slug.md with the fields in the README",
)
INVALID_PRINCIPLE = _code(
    "TDA511",
    ERR,
    "invalid `principles.yaml`, or a decision cites an unknown principle",
    "cite principles by their id in decisions/principles.yaml, e.g. P2",
)
ACTION_ID_REUSED = _code(
    "TDA512", ERR, "action id used twice", "give each action its own id, e.g. TDA-A012"
)
OUTCOME_MISMATCH = _code(
    "TDA513",
    ERR,
    "item outcome does not fit what it was for (information items are `noted`)",
    "decision items are approved, approved-with-conditions, rejected or deferred",
)
CONDITIONS_MISSING = _code(
    "TDA514",
    WARN,
    "approved with conditions, but none are listed",
    "list the conditions under the item, or record it as approved",
)
STATUS_CONTRADICTS_OUTCOME = _code(
    "TDA515",
    ERR,
    "decision status disagrees with the latest quorate outcome (names the meeting's file and line)",
    "`tda review apply DATE` records the meeting's outcome in the file",
)
OUTCOME_NOT_APPLIED = _code(
    "TDA516",
    WARN,
    "decision settled at a quorate meeting still says proposed (run `tda review apply DATE`)",
    "`tda review apply DATE` records the meeting's outcome in the file",
)
PERSON_LISTED_TWICE = _code(
    "TDA517",
    ERR,
    "person listed twice in a meeting's attendees or apologies",
    "list each person once",
)
PRESENT_AND_APOLOGISED = _code(
    "TDA518",
    ERR,
    "person both attending and sending apologies",
    "a person either attended or sent apologies; remove one of the two",
)
CHAIR_ABSENT = _code(
    "TDA519",
    WARN,
    "chair is not among the attendees",
    "add the chair to attendees, or name who chaired the meeting",
)
CONDITION_CONFIRMATION_MISFIT = _code(
    "TDA520",
    ERR,
    "condition confirmation does not fit the meetings (before the meeting that set it, on a day "
    "with no meeting, still open, or `confirms` naming no condition)",
    "a later meeting confirms a condition by naming it under an item's `confirms`",
)

# Templates.
TEMPLATE_UNREADABLE = _code(
    "TDA601",
    ERR,
    "template cannot be read, or `template.yaml` is not a Template",
    "a template is a scaffolder.backstage.io/v1beta3 Template entity in NAME/template.yaml",
)
TEMPLATE_SCHEMA = _code(
    "TDA602",
    ERR,
    "template parameters are not valid JSON Schema",
    "parameters are JSON Schema objects, one per form page",
)
TEMPLATE_UNSUPPORTED_ACTION = _code(
    "TDA603",
    WARN,
    "template step uses an action tda cannot run",
    "tda runs fetch:template, fetch:plain, catalog:register, tda:adr and git:init; `tda scaffold "
    "--skip-unsupported` leaves the others out",
)
TEMPLATE_MISSING_FOLDER = _code(
    "TDA604",
    ERR,
    "template step points at a folder that does not exist",
    "paths in steps are relative to the template's folder",
)
TEMPLATE_SYMLINK = _code(
    "TDA605",
    ERR,
    "template skeleton contains a symbolic link",
    "replace the link with the file it points to",
)
TEMPLATE_WRITES_GIT = _code(
    "TDA606",
    ERR,
    "template skeleton has a file under `.git/` (a hook would run)",
    "remove it from the skeleton; tda scaffold refuses to run it",
)
TEMPLATE_UNCHECKED_YAML_VALUE = _code(
    "TDA607",
    WARN,
    "parameter written into a YAML file without `dump` and without a `pattern` or `enum`",
    "write ${{ values.x | dump }}, or give the parameter a pattern or enum",
)
TEMPLATE_UNDECLARED_PARAMETER = _code(
    "TDA608",
    ERR,
    "a step or the output uses a parameter no page declares",
    "declare the parameter on a page, or correct its name",
)
TEMPLATE_MISSING_OUTPUT = _code(
    "TDA609",
    ERR,
    "a step or the output uses an output no earlier step gives",
    "give the step that makes this output an id, and run it earlier",
)
TEMPLATE_UNHONOURED_FEATURE = _code(
    "TDA610",
    WARN,
    "template uses a feature tda does not honour (another `ui:field`, `$yaml` parameters)",
    "the rest of the template runs; check these values by hand",
)

# The technology radar and scorecards.
BUILT_ON_HOLD = _code(
    "TDA701",
    WARN,
    "product tagged with a technology the radar puts on `hold`",
    "plan a move away from it, or take an exception to the TDA as a decision",
)
TECHNOLOGY_QUADRANTS_DIFFER = _code(
    "TDA702",
    WARN,
    "accepted decisions file one technology under different quadrants",
    "use one quadrant for a technology in every decision about it",
)
BELOW_SCORECARD_LEVEL = _code(
    "TDA710",
    ERR,
    "product below the scorecard level `tda validate --min-level` asks for",
    "`tda score REF` lists the rules it fails and how to fix each",
)

# publiccode.yml.
PUBLICCODE_MISSING_KEY = _code(
    "TDA801",
    ERR,
    "publiccode.yml: a required key is missing or empty",
    "add the key; `tda publiccode check` names every one that is missing",
)
PUBLICCODE_WRONG_TYPE = _code(
    "TDA802",
    ERR,
    "publiccode.yml: a value of the wrong type (a list for text, `yes` for a boolean, an "
    "unquoted version)",
    "quote versions and dates; lists are written [a, b]",
)
PUBLICCODE_UNKNOWN_KEY = _code(
    "TDA803",
    ERR,
    "publiccode.yml: a key the standard does not have (keys are case-sensitive)",
    "keys are case-sensitive; check the spelling against the standard",
)
PUBLICCODE_VALUE_NOT_ALLOWED = _code(
    "TDA804",
    ERR,
    "publiccode.yml: a value not allowed (enumerations, URLs, dates, SPDX, BCP 47, ISO 3166, "
    "lengths)",
    "the standard lists the values allowed for this key",
)
PUBLICCODE_DEPRECATED = _code(
    "TDA805",
    WARN,
    "publiccode.yml: a deprecated key, value or version",
    "use the current key or value the standard names",
)
PUBLICCODE_VERSION = _code(
    "TDA806",
    ERR,
    "publiccode.yml: an unsupported `publiccodeYmlVersion`",
    "publiccodeYmlVersion is one of 0.2 to 0.5 (and later 0.x releases)",
)
PUBLICCODE_SEVERAL_DOCUMENTS = _code(
    "TDA807",
    ERR,
    "publiccode.yml: more than one YAML document",
    "keep one YAML document in publiccode.yml",
)
PUBLICCODE_FILE_MISSING = _code(
    "TDA808",
    ERR,
    "publiccode.yml: a file it points at is missing, outside its folder, or not an image",
    "put the file beside publiccode.yml, in the repository",
)

# Harvesting other councils' catalogues.
HARVEST_SETTINGS = _code(
    "TDA820",
    ERR,
    "a harvest source's settings are unusable (two sources of one name, a Location without a "
    "target)",
    "each source needs a unique name and a repository URL",
)
HARVEST_UNREACHABLE = _code(
    "TDA821",
    ERR,
    "a harvest source cannot be fetched (unreachable, no such branch)",
    "its last good harvest is kept; check the URL and branch",
)
HARVEST_NOT_A_CATALOGUE = _code(
    "TDA822",
    ERR,
    "a harvest source is not a catalogue (no catalogue folder and no publiccode.yml)",
    "point the source at a repository with a catalog/ folder or a publiccode.yml",
)
HARVEST_OVER_LIMIT = _code(
    "TDA823",
    ERR,
    "a harvest source is over the size, file-count or time limit",
    "ask the council to trim the repository, or raise the harvest limits",
)
HARVEST_LINK_OUT = _code(
    "TDA824",
    ERR,
    "a harvest source has a symbolic link leading out of it (a link inside is left out, with a "
    "warning)",
    "links are never followed; the source must hold its files itself",
)
HARVEST_STALE = _code(
    "TDA825",
    WARN,
    "a harvest source is stale: its last harvest failed, and the last good one is shown",
    "fix the source, or remove it from the harvest settings",
)
ENTITY_FROM_TWO_PLACES = _code(
    "TDA826",
    ERR,
    "the same entity comes from two places; the first is kept",
    "each entity must come from one place: rename it, or drop one source",
)
HARVEST_NAMESPACE_CLAIM = _code(
    "TDA827",
    ERR,
    "a harvest source claims a namespace that belongs to another source or to this catalogue",
    "give the source its own namespace in the harvest settings",
)
HARVEST_INVALID_FILES = _code(
    "TDA828",
    ERR,
    "a harvest source has invalid files (the first is named)",
    "`tda validate` in the source's own repository shows each finding",
)

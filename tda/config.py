"""The `tda` block of mkdocs.yml: every tda setting, as one model with defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tda import codes
from tda.diagnostics import CODES, Diagnostic, diagnostic
from tda.yamlio import Limits, read_settings_file

SETTINGS_FILE = "mkdocs.yml"


Level = Literal["bronze", "silver", "gold"]
LEVELS: tuple[str, ...] = Level.__args__  # type: ignore[attr-defined]

# The scorecard's rules with their default level and weight; the settings may change either,
# or turn a rule off.
SCORE_RULES: dict[str, tuple[str, int]] = {
    "owner": ("bronze", 3),
    "open-source": ("bronze", 2),
    "contact-email": ("bronze", 2),
    "decision": ("silver", 2),
    "reviews-current": ("silver", 2),
    "assessment": ("silver", 2),
    "api-definition": ("silver", 2),
    "outcomes-measured": ("gold", 2),
    "adopters-evidenced": ("gold", 1),
}


class ScoreRule(BaseModel):
    """One scorecard rule's settings: the level it belongs to, its weight, whether it counts."""

    model_config = ConfigDict(extra="forbid")

    level: Level = "bronze"
    weight: int = Field(1, ge=0, le=100)
    enabled: bool = True


def _default_scorecard() -> dict[str, ScoreRule]:
    return {
        name: ScoreRule(level=level, weight=weight)  # type: ignore[arg-type]
        for name, (level, weight) in SCORE_RULES.items()
    }


_DNS_LABEL = r"^[a-z0-9]+(?:-+[a-z0-9]+)*$"


class HarvestSource(BaseModel):
    """Another catalogue repository whose entities this catalogue brings in."""

    model_config = ConfigDict(extra="forbid")

    name: str = Field(pattern=_DNS_LABEL, max_length=63, description="short name of the source")
    url: str = Field(min_length=1, description="git URL of the repository")
    ref: str | None = Field(None, description="branch or tag (default: the remote's HEAD)")
    path: str = Field("", description="folder of the catalogue inside the repository")
    namespace: str | None = Field(
        None, pattern=_DNS_LABEL, max_length=63, description="namespace (default: the name)"
    )
    organisation: str | None = Field(None, description="the council or body it belongs to")


class TdaConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

    organisation: str | None = Field(
        None, description="the body that keeps this catalogue, e.g. London Borough of Hackney"
    )
    harvest: list[HarvestSource] = Field(
        default_factory=list, description="other catalogues brought in by `tda harvest`"
    )
    harvest_cache: str = Field(".tda/harvest", description="where harvested sources are kept")
    harvest_max_bytes: int = Field(
        50 * 1024 * 1024, gt=0, description="largest checkout of a source, in bytes"
    )
    harvest_max_files: int = Field(5000, gt=0, description="most files in a source's checkout")
    harvest_timeout_seconds: int = Field(120, gt=0, description="longest fetch of one source")

    catalog: str = Field(
        "catalog", description="folder of descriptors (or one file, such as catalog-info.yaml)"
    )
    decisions: str = Field("decisions", description="folder of decision records")
    templates: str = Field("templates", description="folder of scaffolder templates")
    max_file_bytes: int = Field(1024 * 1024, gt=0, description="largest YAML file read")
    severity: dict[str, Literal["error", "warning", "info", "off"]] = Field(
        default_factory=dict, description="per-code severity, e.g. {TDA301: warning}"
    )
    forum: str = Field("group:tda", description="the group whose meetings review decisions")
    quorum: int | str = Field(
        "1/2",
        description="members of the forum who must attend: a count (3) or a fraction (1/2, "
        "rounded up)",
    )
    review_required: list[Literal["accepted", "rejected", "deprecated", "superseded"]] = Field(
        default_factory=lambda: ["accepted", "rejected"],
        description="statuses a decision may only have after a quorate review says so",
    )
    review_period_months: int = Field(
        12, gt=0, description="default time until a new decision is due for re-review"
    )
    forum_started: dt.date | None = Field(
        None,
        description="the day the forum began reviewing; decisions dated before it need no review",
    )
    levels: list[str] = Field(
        default_factory=list, description="decision levels, if the forum uses them"
    )
    outcomes_review_days: int = Field(
        90, gt=0, le=3660, description="key results due within this many days go on the agenda"
    )
    technologies: dict[str, str] = Field(
        default_factory=dict,
        description="descriptor tag -> technology on the radar, e.g. {dynamodb: DynamoDB}",
    )
    scorecard: dict[str, ScoreRule] = Field(
        default_factory=_default_scorecard,
        description="scorecard rules: {rule: {level, weight, enabled}}; unnamed rules keep "
        "their defaults",
    )

    @field_validator("scorecard", mode="before")
    @classmethod
    def _merge_scorecard(cls, value: Any) -> Any:
        if not isinstance(value, dict):
            return value
        unknown = sorted(str(name) for name in value if name not in SCORE_RULES)
        if unknown:
            raise ValueError(
                f"unknown scorecard rules: {', '.join(unknown)}; known: {', '.join(SCORE_RULES)}"
            )
        merged: dict[str, Any] = {}
        for name, (level, weight) in SCORE_RULES.items():
            given = value.get(name)
            if given is False or given == "off":  # also YAML 1.1's unquoted `off`
                given = {"enabled": False}
            if given is None:
                given = {}
            merged[name] = (
                {"level": level, "weight": weight, **given} if isinstance(given, dict) else given
            )
        return merged

    search: Literal["pagefind", "material"] = Field(
        "pagefind",
        description="pagefind: a Search page whose index a browser fetches in small chunks "
        "(any size of catalogue); material: Material's search box, one index fetched whole",
    )

    @field_validator("quorum")
    @classmethod
    def _quorum_form(cls, value: int | str) -> int | str:
        if isinstance(value, int):
            if value < 1:
                raise ValueError("a quorum count must be at least 1")
            return value
        parts = value.split("/")
        if len(parts) != 2 or not all(p.strip().isdigit() for p in parts) or int(parts[1]) == 0:
            raise ValueError("write the quorum as a count (3) or a fraction (1/2)")
        if not 0 < int(parts[0]) <= int(parts[1]):
            raise ValueError("a quorum fraction must be between 0 and 1")
        return value

    def quorum_for(self, members: int) -> int:
        """How many forum members make a meeting quorate."""
        if isinstance(self.quorum, int):
            return self.quorum
        numerator, denominator = (int(p) for p in self.quorum.split("/"))
        return max(1, -(-members * numerator // denominator))

    @field_validator("severity", mode="before")
    @classmethod
    def _off_is_false_in_yaml_1_1(cls, value: Any) -> Any:
        # MkDocs reads mkdocs.yml as YAML 1.1, where an unquoted `off` is the boolean false.
        if isinstance(value, dict):
            return {code: "off" if level is False else level for code, level in value.items()}
        return value

    @field_validator("severity")
    @classmethod
    def _known_codes(cls, value: dict[str, str]) -> dict[str, str]:
        unknown = sorted(code for code in value if code not in CODES)
        if unknown:
            raise ValueError(f"unknown diagnostic codes: {', '.join(unknown)}")
        return value

    def limits(self) -> Limits:
        return Limits(max_bytes=self.max_file_bytes)


@dataclass
class LoadedConfig:
    config: TdaConfig
    file: Path | None
    diagnostics: list[Diagnostic] = field(default_factory=list)


def _tda_block(settings: Any) -> Any:
    plugins = settings.get("plugins") if isinstance(settings, dict) else None
    if isinstance(plugins, dict):
        return plugins.get("tda")
    if isinstance(plugins, list):
        for entry in plugins:
            if entry == "tda":
                return {}
            if isinstance(entry, dict) and "tda" in entry:
                return entry["tda"]
    return None


def load_config(root: Path, display: str = SETTINGS_FILE) -> LoadedConfig:
    """Read the settings of the catalogue at root; a missing mkdocs.yml means all defaults."""
    path = root / SETTINGS_FILE
    if not path.is_file():
        return LoadedConfig(TdaConfig(), None)
    try:
        settings = read_settings_file(path)
    except (OSError, UnicodeDecodeError, yaml.YAMLError) as error:
        mark = getattr(error, "problem_mark", None)
        return LoadedConfig(
            TdaConfig(),
            path,
            [
                diagnostic(
                    codes.INVALID_SETTINGS,
                    f"cannot read settings: {getattr(error, 'problem', None) or error}",
                    file=display,
                    line=mark.line + 1 if mark else None,
                    column=mark.column + 1 if mark else None,
                )
            ],
        )
    block = _tda_block(settings) or {}
    try:
        return LoadedConfig(TdaConfig.model_validate(block), path)
    except ValidationError as error:
        problems = [
            diagnostic(
                codes.INVALID_SETTINGS,
                f"plugins.tda.{'.'.join(str(p) for p in item['loc'])}: "
                f"{str(item['msg']).removeprefix('Value error, ')}",
                file=display,
                hint="see the settings table in the README",
            )
            for item in error.errors(include_url=False)
        ]
        return LoadedConfig(TdaConfig(), path, problems)

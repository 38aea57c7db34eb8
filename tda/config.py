"""The `tda` block of mkdocs.yml: every tda setting, as one model with defaults."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator

from tda.diagnostics import CODES, Diagnostic, diagnostic
from tda.yamlio import Limits, read_settings_file

SETTINGS_FILE = "mkdocs.yml"


class TdaConfig(BaseModel):
    model_config = ConfigDict(extra="forbid")

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
                    "TDA011",
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
                "TDA011",
                f"plugins.tda.{'.'.join(str(p) for p in item['loc'])}: "
                f"{str(item['msg']).removeprefix('Value error, ')}",
                file=display,
                hint="see the settings table in the README",
            )
            for item in error.errors(include_url=False)
        ]
        return LoadedConfig(TdaConfig(), path, problems)

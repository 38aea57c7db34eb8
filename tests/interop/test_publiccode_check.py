"""`tda publiccode check` against the reference parser's own fixtures, and as a command."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from tda.interop.publiccode_check import Verdict, check_file, check_text

FIXTURES = "publiccode/italia__publiccode-parser-go/testdata"
EXPECTED = {
    "valid": Verdict.VALID,
    "valid_with_warnings": Verdict.WARNINGS,
    "invalid": Verdict.INVALID,
}

# Every file on which the verdict differs from the reference parser's, and why.
DISAGREEMENTS = {
    "v0/invalid/logo_missing_url.yml": "the logo URL answers 404; reachability needs the network, "
    "which is not checked",
    "v0/invalid/organisation_uri_wrong_italian_pa2.yml": "urn:x-italian-pa:no_such_pa is "
    "well-formed; only the iPA registry (not shipped) knows the code does not exist",
    "v0/invalid/fundedBy_uri_wrong_italian_pa2.yml": "same as above: an unregistered iPA code",
    "v0/invalid/it_riuso_codiceIPA_invalid.yml": "same: NO_SUCH_IPA_CODE is unregistered; here it "
    "is only reported as deprecated",
    "v0/valid/no-network/valid.yml": "its logo and screenshots were not copied into the corpus, "
    "so the files it points at are missing here",
    "v0/valid_with_warnings/no-network/authorsFile.yml": "its AUTHORS file was not copied into "
    "the corpus, so legal.authorsFile points at a missing file here",
    "v1/valid/valid.yml": 'publiccodeYmlVersion "1" is a draft major version, outside 0.x',
}


def expected_verdict(relative: Path) -> Verdict:
    if relative.parts[0] == "v1":
        return Verdict.VALID
    return EXPECTED[relative.parts[1]]


def test_agrees_with_the_reference_fixtures(corpus: Path, capsys) -> None:
    root = corpus / FIXTURES
    files = sorted(root.rglob("*.yml"))
    assert len(files) >= 170
    disagreeing = {}
    for path in files:
        relative = path.relative_to(root)
        verdict = check_file(path, str(relative)).verdict
        if verdict != expected_verdict(relative):
            disagreeing[relative.as_posix()] = verdict
    agreement = 1 - len(disagreeing) / len(files)
    with capsys.disabled():
        print(
            f"\npubliccode check agrees with the reference fixtures on {agreement:.1%} "
            f"({len(files) - len(disagreeing)} of {len(files)})"
        )
    assert set(disagreeing) == set(DISAGREEMENTS)
    assert agreement >= 0.95


VALID = """\
publiccodeYmlVersion: "0"
name: Report a pothole
url: https://github.com/example/report-a-pothole
platforms: [web]
categories: [digital-citizenship]
developmentStatus: stable
softwareType: standalone/web
description:
  en:
    shortDescription: Residents report potholes to the council.
    longDescription: >-
      Residents report potholes with a photo and a map pin; the highways team sees every report
      on one board, sends a crew, and the resident is told when the road is repaired. Built by
      a council and shared.
    features: [Report with a photo]
legal:
  license: MIT
maintenance:
  type: internal
  contacts:
    - name: Ada Lovelace
localisation:
  localisationReady: false
  availableLanguages: [en]
"""


def test_a_valid_file_has_no_findings() -> None:
    report = check_text(VALID, "publiccode.yml")
    assert report.diagnostics == []
    assert report.verdict is Verdict.VALID
    assert report.model is not None and report.model.name == "Report a pothole"


@pytest.mark.parametrize(
    ("change", "code", "where"),
    [
        (("softwareType: standalone/web", "softwareType: website"), "TDA804", (7, 15)),
        (("name: Report a pothole", "name: [a, b]"), "TDA802", (2, 7)),
        (("platforms: [web]\n", "platforms: [web]\nplatform: [web]\n"), "TDA803", (5, 1)),
        (('publiccodeYmlVersion: "0"', "publiccodeYmlVersion: 0.4"), "TDA802", (1, 23)),
        (("localisationReady: false", "localisationReady: no"), "TDA802", (23, 22)),
        (("  contacts:\n    - name: Ada Lovelace\n", ""), "TDA801", (18, 1)),
    ],
)
def test_findings_are_located(change, code, where) -> None:
    report = check_text(VALID.replace(*change), "publiccode.yml")
    found = [(d.code, (d.line, d.column)) for d in report.diagnostics]
    assert (code, where) in found
    assert all(d.hint for d in report.diagnostics)


def test_an_older_version_is_valid_with_a_warning() -> None:
    report = check_text(VALID.replace('"0"', '"0.4"'), "publiccode.yml")
    assert [d.code for d in report.diagnostics] == ["TDA805"]
    assert report.verdict is Verdict.WARNINGS


def test_numbers_keep_their_literal_text() -> None:
    text = VALID.replace("url:", "softwareVersion: 1.10\nurl:")
    report = check_text(text, "publiccode.yml")
    assert report.model is not None and report.model.softwareVersion == "1.10"


@pytest.mark.parametrize(
    "text",
    ["", "- a list\n", "a: [unclosed\n", "---\na: 1\n---\nb: 2\n", "\x00", "name: &a [*a]\n"],
)
def test_hostile_input_is_a_finding_not_a_crash(text: str) -> None:
    report = check_text(text, "publiccode.yml")
    assert report.verdict is Verdict.INVALID


def test_a_path_that_climbs_out_is_not_followed(tmp_path: Path) -> None:
    (tmp_path / "secret.png").write_bytes(b"\x89PNG\r\n\x1a\n\0\0\0\rIHDR")
    inner = tmp_path / "repo"
    inner.mkdir()
    (inner / "publiccode.yml").write_text(VALID + "logo: ../secret.png\n", encoding="utf-8")
    report = check_file(inner / "publiccode.yml")
    assert [d.code for d in report.diagnostics] == ["TDA808"]


def test_command_prints_findings_verdicts_and_what_is_not_checked(tmp_path: Path, cli) -> None:
    good = tmp_path / "good.yml"
    good.write_text(VALID, encoding="utf-8")
    bad = tmp_path / "bad.yml"
    bad.write_text(VALID.replace("type: internal", "type: commercial"), encoding="utf-8")
    result = cli("publiccode", "check", good, bad)
    assert result.exit_code == 1
    assert f"{bad}:19:9: error TDA804 maintenance.type" in result.output
    assert f"{good}: valid" in result.output
    assert "not checked" in result.output and "URL reachability" in result.output
    assert cli("publiccode", "check", good).exit_code == 0


def test_command_json_and_github_formats(tmp_path: Path, cli) -> None:
    bad = tmp_path / "bad.yml"
    bad.write_text(VALID.replace("license: MIT", "license: Not-A-Licence"), encoding="utf-8")
    payload = json.loads(cli("publiccode", "check", "--format", "json", bad).output)
    assert payload["files"] == {str(bad): "invalid"}
    assert payload["diagnostics"][0]["code"] == "TDA804"
    assert "URL reachability" in payload["not_checked"]
    github = cli("publiccode", "check", "--format", "github", bad).output
    assert github.startswith("::error file=")


def test_a_missing_file_is_a_clear_error(tmp_path: Path, cli) -> None:
    result = cli("publiccode", "check", tmp_path / "nope.yml")
    assert result.exit_code == 1
    assert "TDA001" in result.output

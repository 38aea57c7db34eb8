"""git on a generated repository: addresses to register, and nothing a template can slip in."""

from __future__ import annotations

from pathlib import Path

import pytest

from tda.errors import ScaffoldError
from tda.scaffold.git import add_remote, browse_url, init_repository, redact_url


@pytest.mark.parametrize(
    ("remote", "url"),
    [
        ("https://github.com/LBHackney-IT/web.git", "https://github.com/LBHackney-IT/web/blob/main/catalog-info.yaml"),
        ("git@github.com:LBHackney-IT/web.git", "https://github.com/LBHackney-IT/web/blob/main/catalog-info.yaml"),
        ("ssh://git@gitlab.example.org/council/web.git", "https://gitlab.example.org/council/web/-/blob/main/catalog-info.yaml"),
        ("https://ci:s3cret@github.com/o/r", "https://github.com/o/r/blob/main/catalog-info.yaml"),
        ("file:///srv/git/web.git", None),
        ("/srv/git/web.git", None),
        ("ext::sh -c evil", None),
    ],
)  # fmt: skip
def test_a_remote_becomes_the_web_address_of_the_descriptor(remote: str, url: str | None) -> None:
    assert browse_url(remote, "main", "catalog-info.yaml") == url


def test_credentials_never_appear_in_messages() -> None:
    said = redact_url("fatal: unable to access 'https://ci:s3cret@github.com/o/r/': 403")
    assert "s3cret" not in said and "github.com" in said


@pytest.mark.parametrize("branch", ["-b", "--upload-pack=touch /tmp/x", "main branch", ""])
def test_a_branch_name_that_looks_like_an_option_is_refused(tmp_path: Path, branch: str) -> None:
    with pytest.raises(ScaffoldError, match="is not a branch name"):
        init_repository(tmp_path, branch)
    assert not (tmp_path / ".git").exists()


def test_a_remote_that_looks_like_an_option_is_refused(tmp_path: Path) -> None:
    init_repository(tmp_path, "main")
    with pytest.raises(ScaffoldError, match="is not a remote URL"):
        add_remote(tmp_path, "--mirror=fetch")

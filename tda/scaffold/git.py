"""git on a generated repository, with nothing of the template's or the machine's able to run.

Every command runs with `core.hooksPath` pointed at an empty folder (so no hook runs, wherever it
came from), `core.fsmonitor` off (it names a program to run), `ext::` remotes refused, no
terminal prompt (a push that needs credentials fails and says so), and none of the caller's
GIT_* variables that could point git at another repository.
"""

from __future__ import annotations

import os
import re
import subprocess
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from urllib.parse import urlsplit

from tda.errors import ScaffoldError

# The caller's settings that may stay: how to reach a remote, never which repository to use.
_KEPT_GIT_VARIABLES = frozenset({"GIT_SSH", "GIT_SSH_COMMAND", "GIT_ASKPASS", "GIT_SSL_CAINFO"})


def _environment() -> dict[str, str]:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("GIT_") or key in _KEPT_GIT_VARIABLES
    }
    env["GIT_TERMINAL_PROMPT"] = "0"
    return env


@contextmanager
def _empty_folder() -> Iterator[Path]:
    with tempfile.TemporaryDirectory(prefix="tda-no-hooks-") as folder:
        yield Path(folder)


def git(repository: Path, *args: str, action: str) -> str:
    """Run one git command in repository; a failure is a ScaffoldError saying what failed."""
    with _empty_folder() as empty:
        command = [
            "git",
            "-c",
            f"core.hooksPath={empty}",
            "-c",
            "core.fsmonitor=false",
            "-c",
            "protocol.ext.allow=never",
            "-C",
            str(repository),
            *args,
        ]
        try:
            done = subprocess.run(
                command,
                capture_output=True,
                text=True,
                env=_environment(),
                stdin=subprocess.DEVNULL,
                check=False,
                timeout=600,
            )
        except FileNotFoundError as error:
            raise ScaffoldError(f"{action}: git is not installed ({error})") from None
        except subprocess.TimeoutExpired:
            raise ScaffoldError(f"{action}: git did not finish within 10 minutes") from None
    if done.returncode != 0:
        said = (done.stderr or done.stdout).strip() or f"exit code {done.returncode}"
        raise ScaffoldError(f"{action}: git {args[0]} failed: {redact_url(said)}")
    return done.stdout.strip()


def init_repository(folder: Path, branch: str) -> None:
    """A new repository; `--template` of an empty folder, so no hook is copied in either."""
    if not branch or branch.startswith("-") or any(c.isspace() for c in branch):
        raise ScaffoldError(f"git:init: {branch!r} is not a branch name")
    with _empty_folder() as empty:
        git(folder, "init", f"--template={empty}", "-b", branch, ".", action="git:init")


def commit_everything(folder: Path, message: str, name: str, email: str) -> str:
    git(folder, "add", "-A", action="git:init")
    git(
        folder,
        "-c",
        f"user.name={name}",
        "-c",
        f"user.email={email}",
        "-c",
        "commit.gpgsign=false",
        "commit",
        "--no-verify",
        "-q",
        "-m",
        message,
        action="git:init",
    )
    return git(folder, "rev-parse", "HEAD", action="git:init")


def add_remote(folder: Path, url: str) -> None:
    if url.startswith("-"):
        raise ScaffoldError(f"git:init: {url!r} is not a remote URL")
    git(folder, "remote", "add", "--", "origin", url, action="git:init")


def push(folder: Path, branch: str) -> None:
    git(folder, "push", "-u", "--", "origin", f"{branch}:{branch}", action="push")


_URL_USER = re.compile(r"(\b[a-z][a-z0-9+.-]*://)[^/\s@'\"]+@", re.I)
_SCP_LIKE = re.compile(r"^(?:[\w.+-]+@)?([\w.-]+):(?!:)(\S+)$")


def redact_url(text: str) -> str:
    """Text with the user part (where a password or token goes) of every URL replaced."""
    return _URL_USER.sub(r"\1***@", text)


def browse_url(remote: str, branch: str, path: str) -> str | None:
    """The web address of a file in a repository, from its remote (as Backstage registers a URL);
    None when the remote is not a hosted repository (a local folder or file:// URL)."""
    remote = remote.strip()
    if remote.startswith("file:") or ("://" not in remote and ":" not in remote):
        return None
    if "://" not in remote:  # git@host:owner/repo.git
        scp = _SCP_LIKE.match(remote)
        if scp is None:
            return None
        host, repo_path = scp.group(1), scp.group(2)
    else:
        parts = urlsplit(remote)
        if parts.scheme not in ("http", "https", "ssh", "git") or not parts.hostname:
            return None
        host = parts.hostname
        repo_path = parts.path
    repo_path = repo_path.strip("/").removesuffix(".git")
    if not host or not repo_path:
        return None
    base = f"https://{host}/{repo_path}"
    if "gitlab" in host:
        return f"{base}/-/blob/{branch}/{path}"
    if "bitbucket" in host:
        return f"{base}/src/{branch}/{path}"
    if "dev.azure.com" in host:
        return f"{base}?path=/{path}&version=GB{branch}"
    return f"{base}/blob/{branch}/{path}"

"""Write a national catalogue repository, the same every time: 50 councils' namespaces with
10,000 entities of every kind whose relations resolve, 3,000 decisions bound to them (MADR 4
front matter, adr-tools sections and MADR 2 bullets), 300 TDA meetings with outcomes,
conditions and actions, committed to git by several authors, one meeting a commit.

    python bench/national.py OUT_DIR [--councils 50] [--decisions 3000] [--meetings 300]
        [--no-git]
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import shutil
import subprocess
from pathlib import Path

PHASES = ["discovery", "alpha", "beta", "live", "live", "live", "retired"]
LICENCES = ["MIT", "Apache-2.0", "GPL-3.0-or-later", "MIT OR Apache-2.0", "OGL-UK-3.0"]
TAGS = ["dotnet", "python", "typescript", "aws-lambda", "postgres", "react", "java", "terraform"]
AUTHORS = [("Amara Okafor", "amara@example.org"), ("Tom Reilly", "tom@example.org"),
           ("Priya Shah", "priya@example.org")]  # fmt: skip
FORUM_MEMBERS = [f"member-{n}" for n in range(1, 8)]
# Per council: 1 domain, 4 systems, 10 groups, 40 users, 75 components, 40 APIs,
# 29 resources and 1 Location: 200 entities.
SYSTEMS, GROUPS, USERS, COMPONENTS, APIS, RESOURCES = 4, 10, 40, 75, 40, 29
FIRST_MEETING = dt.date(2020, 1, 6)


def council_files(ns: str, index: int, councils: int, rng: random.Random) -> dict[str, str]:
    """The descriptor files of one council, keyed by path under catalog/."""
    docs: list[str] = [_entity("Domain", ns, f"{ns}-services", {"owner": f"{ns}-team-0"})]
    docs += [
        _entity(
            "Group",
            ns,
            f"{ns}-team-{g}",
            {
                "type": "team",
                "profile": {"displayName": f"Team {g} of {ns}", "email": f"team{g}@{ns}.example"},
                "children": [],
                "members": [f"{ns}-user-{u}" for u in range(g * 4, g * 4 + 4)],
            },
        )
        for g in range(GROUPS)
    ]
    docs += [
        _entity(
            "User",
            ns,
            f"{ns}-user-{u}",
            {
                "profile": {"displayName": f"Person {u}", "email": f"p{u}@{ns}.example"},
                "memberOf": [f"{ns}-team-{u // 4}"],
            },
        )
        for u in range(USERS)
    ]
    docs += [
        _entity(
            "System",
            ns,
            f"{ns}-system-{s}",
            {"owner": f"{ns}-team-{s}", "domain": f"{ns}-services", "phase": rng.choice(PHASES)},
        )
        for s in range(SYSTEMS)
    ]
    docs += [
        _entity(
            "API",
            ns,
            f"{ns}-api-{a}",
            {
                "type": "openapi",
                "lifecycle": "production",
                "owner": f"{ns}-team-{a % GROUPS}",
                "system": f"{ns}-system-{a % SYSTEMS}",
                "definition": "openapi: 3.0.0\ninfo: {title: API, version: '1'}\npaths: {}\n",
            },
        )
        for a in range(APIS)
    ]
    docs += [
        _entity(
            "Resource",
            ns,
            f"{ns}-store-{r}",
            {
                "type": "database",
                "owner": f"{ns}-team-{r % GROUPS}",
                "system": f"{ns}-system-{r % SYSTEMS}",
            },
        )
        for r in range(RESOURCES)
    ]
    for c in range(COMPONENTS):
        other = f"council-{(index + 1 + c) % councils:02d}"
        spec = {
            "type": "service" if c % 3 else "website",
            "lifecycle": "production",
            "owner": f"{ns}-team-{c % GROUPS}",
            "system": f"{ns}-system-{c % SYSTEMS}",
            "phase": rng.choice(PHASES),
            "licence": rng.choice(LICENCES),
            "repository": f"https://git.example/{ns}/component-{c}",
            "dependsOn": [f"resource:{ns}-store-{c % RESOURCES}"],
            "consumesApis": [
                f"api:{ns}-api-{(c + 1) % APIS}",
                f"api:{other}/{other}-api-{c % APIS}",
            ],
        }
        if c < APIS:
            spec["providesApis"] = [f"{ns}-api-{c}"]
        if c % 5 == 0:
            spec["usedBy"] = [{"organisation": f"Council {other}", "since": "2023-04-01",
                               "evidence": "self-declared"}]  # fmt: skip
        docs.append(_entity("Component", ns, f"{ns}-component-{c}", spec, tags=True, rng=rng))
    per_file = 20
    files = {
        f"{ns}/entities-{n:03d}.yaml": "---\n".join(docs[start : start + per_file])
        for n, start in enumerate(range(0, len(docs), per_file))
    }
    files[f"{ns}/location.yaml"] = _entity(
        "Location", ns, f"{ns}-index", {"type": "file", "targets": []}
    )
    return files


def _entity(
    kind: str,
    ns: str,
    name: str,
    spec: dict[str, object],
    *,
    tags: bool = False,
    rng: random.Random | None = None,
) -> str:
    lines = [
        "apiVersion: backstage.io/v1alpha1",
        f"kind: {kind}",
        "metadata:",
        f"  name: {name}",
        f"  namespace: {ns}",
        f"  title: {name.replace('-', ' ').title()}",
        f"  description: The {kind.lower()} {name}, generated to measure tda at national scale.",
    ]
    if tags and rng is not None:
        lines.append(f"  tags: [{', '.join(rng.sample(TAGS, 2))}]")
    lines.append("spec:")
    lines += [f"  {key}: {_flow(value)}" for key, value in spec.items()]
    return "\n".join(lines) + "\n"


def _flow(value: object) -> str:
    if isinstance(value, str):
        return repr(value).replace("\\n", "\\n") if "\n" in value else value
    if isinstance(value, list):
        return "[" + ", ".join(_flow(item) for item in value) + "]"
    if isinstance(value, dict):
        return "{" + ", ".join(f"{k}: {_flow(v)}" for k, v in value.items()) + "}"
    return str(value)


def forum_file() -> str:
    users = [
        _entity(
            "User",
            "default",
            member,
            {"profile": {"email": f"{member}@tda.example"}, "memberOf": ["tda"]},
        )
        for member in FORUM_MEMBERS
    ]
    group = _entity(
        "Group",
        "default",
        "tda",
        {"type": "board", "children": [], "members": FORUM_MEMBERS},
    )
    return "---\n".join([group, *users])


def decision(number: int, date: dt.date, status: str, council: str, rng: random.Random) -> str:
    """One record, in one of three dialects."""
    title = f"Decision {number} for {council}: use component {number % COMPONENTS} widely"
    binds = [f"component:{council}/{council}-component-{number % COMPONENTS}",
             f"api:{council}/{council}-api-{number % APIS}"]  # fmt: skip
    body = (
        "## Context and Problem Statement\n\nTeams need one way to do this. "
        + "The options differ in cost and in how much each council must change. " * 3
        + "\n\n## Considered Options\n\n* Reuse the existing product\n* Build anew\n\n"
        "## Decision Outcome\n\nChosen option: reuse the existing product.\n"
    )
    dialect = number % 10
    if dialect < 7:
        return (
            f"---\nstatus: {status}\ndate: {date}\ndecision-makers: [group:tda]\n"
            f"entities: [{', '.join(binds)}]\ntags: [{rng.choice(TAGS)}]\n"
            f"review-by: {date + dt.timedelta(days=3 * 365)}\n---\n# {title}\n\n{body}"
        )
    if dialect < 9:
        return (
            f"# {number}. {title}\n\nDate: {date}\n\n## Status\n\n{status.title()}\n\n"
            f"## Context\n\nTeams need one way to do this.\n\n## Decision\n\nReuse it.\n\n"
            f"## Consequences\n\nFewer products to keep.\n"
        )
    return f"# {title}\n\n* Status: {status}\n* Date: {date}\n\n{body}"


def meeting(number: int, date: dt.date, items: list[tuple[int, str]], rng: random.Random) -> str:
    present = FORUM_MEMBERS[: 4 + number % 3]
    lines = [
        "---",
        f"date: {date}",
        "forum: group:tda",
        f"chair: user:{present[0]}",
        f"attendees: [{', '.join(f'user:{p}' for p in present)}]",
        f"apologies: [{', '.join(f'user:{p}' for p in FORUM_MEMBERS[len(present) :])}]",
        "items:",
    ]
    for adr, outcome in items:
        lines += [f"  - decision: ADR-{adr:04d}", "    for: decision", f"    outcome: {outcome}"]
        if outcome == "approved-with-conditions":
            lines += ["    conditions:", f"      - text: Report on adoption of ADR-{adr:04d}"]
        lines.append(f"    votes: {{for: {len(present) - 1}, against: 0, abstain: 1}}")
    lines += [
        "actions:",
        f"  - id: TDA-A{number + 1:04d}",
        f"    owner: user:{rng.choice(present)}",
        f"    due: {date + dt.timedelta(days=28)}",
        f"    status: {'done' if number < 290 else 'open'}",
        "    text: Tell the councils concerned what was decided",
        "---",
        f"# Technical Design Authority, {date}",
        "",
        "Minutes as agreed by the members present.",
        "",
    ]
    return "\n".join(lines)


def generate(out: Path, councils: int, decisions: int, meetings: int, git: bool) -> None:
    rng = random.Random(20261129)
    if out.exists():
        shutil.rmtree(out)
    (out / "catalog").mkdir(parents=True)
    (out / "docs").mkdir()
    (out / "docs" / "index.md").write_text("# National catalogue\n", encoding="utf-8")
    (out / "mkdocs.yml").write_text(MKDOCS, encoding="utf-8")
    names = [f"council-{n:02d}" for n in range(councils)]
    for index, ns in enumerate(names):
        for relative, text in council_files(ns, index, councils, rng).items():
            path = out / "catalog" / relative
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
    (out / "catalog" / "forum.yaml").write_text(forum_file(), encoding="utf-8")
    if git:
        _git(out, "init", "-q", "-b", "main")
        _commit(out, "Describe every council's products", 0)
    per_meeting = max(1, decisions // max(1, meetings))
    reviews = out / "decisions" / "reviews"
    reviews.mkdir(parents=True)
    number = 0
    for m in range(meetings):
        date = FIRST_MEETING + dt.timedelta(weeks=m)
        items = []
        for _ in range(per_meeting):
            number += 1
            if number > decisions:
                break
            outcome = rng.choices(
                ["approved", "approved-with-conditions", "rejected", "deferred"], [7, 2, 1, 0]
            )[0]
            status = {"rejected": "rejected"}.get(outcome, "accepted")
            council = names[number % councils]
            path = out / "decisions" / f"{number:04d}-decision-{number}-for-{council}.md"
            text = decision(number, date - dt.timedelta(days=7), status, council, rng)
            path.write_text(text, encoding="utf-8")
            items.append((number, outcome))
        (reviews / f"{date}-tda.md").write_text(meeting(m, date, items, rng), encoding="utf-8")
        if git:
            _commit(out, f"TDA meeting of {date}: {len(items)} decisions", m + 1)


def _commit(out: Path, message: str, index: int) -> None:
    name, email = AUTHORS[index % len(AUTHORS)]
    when = f"{FIRST_MEETING + dt.timedelta(weeks=index)}T12:00:00+00:00"
    env = {**os.environ, "GIT_AUTHOR_NAME": name, "GIT_AUTHOR_EMAIL": email,
           "GIT_COMMITTER_NAME": name, "GIT_COMMITTER_EMAIL": email,
           "GIT_AUTHOR_DATE": when, "GIT_COMMITTER_DATE": when}  # fmt: skip
    _git(out, "add", "-A", env=env)
    _git(out, "-c", "core.hooksPath=/dev/null", "commit", "-q", "-m", message, env=env)


def _git(cwd: Path, *args: str, env: dict[str, str] | None = None) -> None:
    subprocess.run(["git", *args], cwd=cwd, check=True, env=env, capture_output=True)


MKDOCS = """\
site_name: National product catalogue
site_url: https://catalogue.example/
docs_dir: docs
theme:
  name: material
  font: false
plugins:
  - search
  - tda:
      catalog: catalog
      decisions: decisions
      templates: templates
      quorum: 3
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--councils", type=int, default=50)
    parser.add_argument("--decisions", type=int, default=3000)
    parser.add_argument("--meetings", type=int, default=300)
    parser.add_argument("--no-git", action="store_true")
    args = parser.parse_args()
    generate(args.out, args.councils, args.decisions, args.meetings, not args.no_git)
    print(f"wrote {args.out}")


if __name__ == "__main__":
    main()

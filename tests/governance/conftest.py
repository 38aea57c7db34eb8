from __future__ import annotations

import textwrap

import pytest

HEAD = "apiVersion: backstage.io/v1alpha1\n"
MEMBERS = ["ann", "bo", "cy", "di", "ed"]


def org() -> str:
    docs = [
        f"{HEAD}kind: Group\nmetadata: {{name: tda}}\nspec: {{type: forum, children: [], members: [{', '.join(MEMBERS)}]}}\n",
        f"{HEAD}kind: Group\nmetadata: {{name: team}}\nspec: {{type: team, children: []}}\n",
        f"{HEAD}kind: Component\nmetadata: {{name: svc}}\nspec: {{type: service, lifecycle: production, owner: team}}\n",
    ]
    docs += [
        f"{HEAD}kind: User\nmetadata: {{name: {m}}}\nspec: {{memberOf: [tda]}}\n" for m in MEMBERS
    ]
    docs.append(f"{HEAD}kind: User\nmetadata: {{name: guest}}\nspec: {{memberOf: [team]}}\n")
    return "---\n".join(docs)


def decision(status: str, date: str = "2026-01-01", **extra: str) -> str:
    lines = "".join(f"{k}: {v}\n" for k, v in extra.items())
    return (
        f"---\nstatus: {status}\ndate: {date}\nentities: [component:svc]\n{lines}---\n# Decision\n"
    )


def meeting(
    date: str, attendees: list[str], items: str = "", actions: str = "", forum: str = "group:tda"
) -> str:
    people = ", ".join(f"user:{a}" for a in attendees)
    text = f"---\ndate: {date}\nforum: {forum}\nchair: user:ann\nattendees: [{people}]\n"
    text += "items:\n" + textwrap.indent(textwrap.dedent(items), "  ") if items else "items: []\n"
    text += (
        "actions:\n" + textwrap.indent(textwrap.dedent(actions), "  ")
        if actions
        else "actions: []\n"
    )
    return text + "---\nMinutes.\n"


@pytest.fixture
def tda_repo(tmp_path):
    """Build a fresh catalogue repository (the org above plus files) on each call."""
    from tests.conftest import write_tree

    count = iter(range(1000))

    def build(files: dict[str, str]):
        root = tmp_path / f"repo{next(count)}"
        return write_tree(root, {"catalog/org.yaml": org(), **files})

    return build

"""Write a large synthetic catalogue: teams, systems, components with APIs and resources.

python bench/generate.py OUT_DIR [--entities 10000] [--per-file 10]
"""

from __future__ import annotations

import argparse
import random
from pathlib import Path

PHASES = ["discovery", "alpha", "beta", "live", "retired"]
LICENCES = ["MIT", "Apache-2.0", "GPL-3.0-or-later", "MIT OR Apache-2.0"]


def group(name: str) -> str:
    return f"""apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: {name}
  description: Team {name}
spec:
  type: team
  children: []
"""


def system(name: str, owner: str) -> str:
    return f"""apiVersion: backstage.io/v1alpha1
kind: System
metadata:
  name: {name}
  description: System {name}
spec:
  owner: {owner}
  phase: live
"""


def component(
    name: str, owner: str, system_name: str, consumes: list[str], rng: random.Random
) -> str:
    consumed = "\n".join(f"    - {api}" for api in consumes) or "    []"
    return f"""apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: {name}
  title: Component {name}
  description: A synthetic service used to measure validation speed.
  tags: [dotnet, aws-lambda]
  annotations:
    github.com/project-slug: example/{name}
  links:
    - url: https://example.org/{name}
      title: Documentation
spec:
  type: service
  lifecycle: production
  owner: {owner}
  system: {system_name}
  providesApis: [{name}-api]
  consumesApis:
{consumed}
  dependsOn: [resource:{name}-db]
  phase: {rng.choice(PHASES)}
  licence: {rng.choice(LICENCES)}
  repository: https://github.com/example/{name}
  usedBy:
    - organisation: Council {rng.randint(1, 300)}
      since: 2021-0{rng.randint(1, 9)}-01
      evidence: self-declared
"""


def api(name: str, owner: str, system_name: str) -> str:
    return f"""apiVersion: backstage.io/v1alpha1
kind: API
metadata:
  name: {name}-api
spec:
  type: openapi
  lifecycle: production
  owner: {owner}
  system: {system_name}
  definition: |
    openapi: 3.0.1
    info: {{title: {name}, version: v1}}
    paths: {{}}
"""


def resource(name: str, owner: str) -> str:
    return f"""apiVersion: backstage.io/v1alpha1
kind: Resource
metadata:
  name: {name}-db
spec:
  type: database
  owner: {owner}
"""


def documents(total: int, seed: int = 7) -> list[str]:
    rng = random.Random(seed)
    teams = [f"team-{i}" for i in range(max(1, total // 200))]
    systems = [f"system-{i}" for i in range(max(1, total // 50))]
    docs = [group(t) for t in teams]
    docs += [system(s, rng.choice(teams)) for s in systems]
    index = 0
    while len(docs) < total:
        name = f"service-{index}"
        owner = rng.choice(teams)
        sys_name = rng.choice(systems)
        consumes = [f"service-{rng.randrange(index)}-api" for _ in range(min(index, 3))]
        docs += [
            component(name, owner, sys_name, consumes, rng),
            api(name, owner, sys_name),
            resource(name, owner),
        ]
        index += 1
    return docs[:total]


def write(out: Path, total: int, per_file: int) -> int:
    catalog = out / "catalog"
    catalog.mkdir(parents=True, exist_ok=True)
    docs = documents(total)
    files = 0
    for start in range(0, len(docs), per_file):
        chunk = docs[start : start + per_file]
        folder = catalog / f"part-{files // 100:03d}"
        folder.mkdir(exist_ok=True)
        (folder / f"file-{files:05d}.yaml").write_text("---\n".join(chunk), encoding="utf-8")
        files += 1
    return files


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("out", type=Path)
    parser.add_argument("--entities", type=int, default=10_000)
    parser.add_argument("--per-file", type=int, default=10)
    args = parser.parse_args()
    files = write(args.out, args.entities, args.per_file)
    print(f"wrote {args.entities} entities in {files} files under {args.out / 'catalog'}")


if __name__ == "__main__":
    main()

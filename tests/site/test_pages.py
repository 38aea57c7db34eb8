"""Page builders without MkDocs: addresses, escaping, and what each page says."""

from __future__ import annotations

import ast
import datetime as dt
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest

from tda.repository import load_catalogue
from tda.site import urls
from tda.site.generate import NAV_PAGES, generate
from tda.site.html import is_safe_url, render_markdown
from tda.site.pages import Link, render
from tests.conftest import REPO, write_tree

SITE_PACKAGE = Path(__file__).resolve().parents[2] / "tda" / "site"
GROUP = "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {{name: {name}}}\nspec: {{type: team, children: []}}\n"


@pytest.fixture(scope="module")
def sample_pages():
    pages, assets = generate(load_catalogue(REPO), site_name="Sample", today=dt.date(2026, 12, 3))
    return {p.src: p for p in pages}, {a.src: a for a in assets}


def body(page) -> str:  # type: ignore[no-untyped-def]
    return (
        page.markdown.split("---\n", 2)[2] if page.markdown.startswith("---\n") else page.markdown
    )


@pytest.mark.parametrize(
    ("src", "to", "expected"),
    [
        ("index.md", "products/index.md", "products/"),
        (
            "products/index.md",
            "entities/api/default/person-api.md",
            "../entities/api/default/person-api/",
        ),
        (
            "entities/api/default/person-api.md",
            "decisions/adr-0005.md",
            "../../../../decisions/adr-0005/",
        ),
        ("decisions/adr-0005.md", "tda/index.md", "../../tda/"),
        ("tda/index.md", "index.md", "../"),
    ],
)
def test_relative_links(src: str, to: str, expected: str) -> None:
    assert urls.href(src, to) == expected


def test_every_entity_decision_and_meeting_has_a_stable_page(sample_pages) -> None:
    pages, _assets = sample_pages
    assert "entities/component/default/person-api.md" in pages
    assert "entities/api/default/person-api.md" in pages
    assert "decisions/adr-0005.md" in pages
    assert "tda/meetings/2026-10-22-tda.md" in pages
    assert "accessibility.md" in pages
    for _, src in NAV_PAGES:
        assert src in pages


def test_api_definition_is_offered_under_its_own_name_and_type(sample_pages) -> None:
    pages, assets = sample_pages
    definition = assets["entities/api/default/person-api/person-api.openapi.yaml"]
    assert definition.content.startswith("openapi: 3.0.3")
    text = pages["entities/api/default/person-api.md"].markdown
    assert (
        '<a href="person-api.openapi.yaml" type="application/yaml" '
        'download="person-api.openapi.yaml">' in text
    )
    assert "OpenAPI 3.0.3" in text


def test_person_api_lists_consumers_decisions_and_diagram(sample_pages) -> None:
    text = sample_pages[0]["entities/api/default/person-api.md"].markdown
    assert "MTFH front-end common" in text and "Single View API" in text
    assert "ADR-0005 Use the Person API as the single source of resident identity" in text
    assert text.count('<svg xmlns="http://www.w3.org/2000/svg"') == 2  # wide and narrow layouts
    assert 'class="tda-diagram tda-diagram-narrow" viewBox="0 0 320 ' in text


def test_person_api_reference_shows_every_operation_with_parameters_and_schemas(
    sample_pages,
) -> None:
    text = sample_pages[0]["entities/api/default/person-api.md"].markdown
    for method, path in [
        ("GET", "/api/v1/persons/{id}"),
        ("PATCH", "/api/v1/persons/{id}"),
        ("POST", "/api/v1/persons"),
        ("GET", "/api/v1/persons/{id}/tenures"),
    ]:
        assert f'tda-method-{method.lower()}">{method}</span> <code>{path}</code></h3>' in text
    get = text.split('id="op-get-api-v1-persons-id"', 1)[1].split("</section>", 1)[0]
    assert "<td><code>id</code></td>\n<td>path</td>" in get
    assert "<code>identifiers[].type</code>" in get and "<code>tenures[].role</code>" in get
    assert "Example from the definition" in get and "QQ123456C" in get
    patch = text.split('id="op-patch-api-v1-persons-id"', 1)[1].split("</section>", 1)[0]
    assert "<td><code>If-Match</code></td>\n<td>header</td>" in patch
    assert "Request body" in patch and "<code>preferredFirstName</code>" in patch
    post = text.split('id="op-post-api-v1-persons"', 1)[1].split("</section>", 1)[0]
    assert re.search(
        r"<code>firstName</code> <span class=\"tda-field-type\">string</span> <strong>required</strong>",
        post,
    )
    assert "Example made from the schema" in post


def test_product_page_answers_can_we_reuse_this_first(sample_pages) -> None:
    text = body(sample_pages[0]["entities/component/default/person-api.md"])
    reuse = text.split('<section id="reuse"', 1)[1].split("</section>", 1)[0]
    assert text.index('id="reuse"') < text.index('id="about"')
    assert "https://spdx.org/licenses/MIT.html" in reuse
    assert "https://github.com/LBHackney-IT/person-api" in reuse
    assert "git clone https://github.com/LBHackney-IT/person-api.git" in reuse
    assert "mailto:tom.reilly@example.org" in reuse
    assert "Person table (DynamoDB)" in reuse  # what you would also need
    assert "ADR-0005" in reuse
    assert "How to start" in reuse


def test_product_contact_falls_back_to_the_owning_teams_email(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Group\nmetadata: {name: team}\n"
            "spec: {type: team, children: [], profile: {email: team@example.org}}\n---\n"
            "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: thing}\n"
            "spec: {type: service, lifecycle: production, owner: team, licence: MIT,\n"
            "  usedBy: [{organisation: Camden, since: 2025-01-01, evidence: verified}]}\n",
        },
    )
    pages, _ = generate(load_catalogue(root))
    found = {p.src: p.markdown for p in pages}
    product = found["entities/component/default/thing.md"]
    assert "mailto:team@example.org" in product and "Camden (verified, since 2025-01-01)" in product
    listing = found["products/index.md"]
    assert '<a href="mailto:team@example.org" rel="noopener">team@example.org</a>' in listing


def test_decision_page_shows_status_chain_principles_and_reviews(sample_pages) -> None:
    text = sample_pages[0]["decisions/adr-0005.md"].markdown
    assert "ADR-0003 Products keep their own resident records" in text
    assert "P2: One source for each piece of data" in text
    assert ">2024-02-15</a></td>\n<td>decision</td>\n<td>approved</td>\n<td>quorate</td>" in text
    superseded = sample_pages[0]["decisions/adr-0003.md"].markdown
    assert "superseded (Accepted)" in superseded


def test_products_listing_has_a_card_per_product_with_the_facts_that_decide_reuse(
    sample_pages,
) -> None:
    text = sample_pages[0]["products/index.md"].markdown
    catalogue = load_catalogue(REPO)
    count = len(catalogue.of_kind("component", "system"))
    assert text.count('<li class="tda-item"') == count
    assert f"{count} products, sorted by name." in text
    for label in ("Phase", "Licence", "Owner", "Adopters", "Contact", "Last decision"):
        assert text.count(f"<dt>{label}</dt>") == count
    assert 'data-adopter="City of London Corporation"' in text
    assert '<select id="tda-filter-phase" data-facet="phase">' in text
    assert '<form class="tda-filters" data-tda-filter="tda-products" hidden>' in text
    sorts = re.findall(
        r'<option value="(\w+)"(?: data-descending)?>', text.split("data-sort>", 1)[1]
    )
    assert sorts[:4] == ["name", "phase", "adopters", "decided"]
    assert 'hide: ["toc"]' in text  # the listing takes the full width


def test_listings_name_the_kind_so_two_entities_of_one_name_differ(sample_pages) -> None:
    pages = sample_pages[0]
    assert '"Person API (API)"' in pages["entities/api/default/person-api.md"].markdown
    assert '"Person API (Component)"' in pages["entities/component/default/person-api.md"].markdown
    products = pages["products/index.md"].markdown
    assert re.search(r'>Person API</a> <span class="tda-kind">Component</span>', products)


def test_decision_timeline_is_not_numbered(sample_pages) -> None:
    text = sample_pages[0]["decisions/index.md"].markdown
    timeline = text.split('<section id="timeline">', 1)[1]
    assert (
        "<ol" not in timeline
        and '<ul class="tda-timeline">' in timeline
        and "<h3>2024</h3>" in timeline
    )


def test_home_says_its_title_once_and_counts_in_good_english(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "catalog/a.yaml": GROUP.format(name="tda"),
            "decisions/0001-one.md": "---\nstatus: proposed\ndate: 2026-01-01\n---\n# One\n",
        },
    )
    pages, _ = generate(load_catalogue(root), site_name="Borough catalogue")
    home = next(p for p in pages if p.src == "index.md").markdown
    assert not home.startswith("---")  # no front-matter title: the theme shows the site name
    assert home.count("Borough catalogue") == 1
    assert (
        '<span class="tda-count-number">1</span> <span class="tda-count-label">decision</span>'
        in home
    )
    assert "1 decision for decision" in home and "0 errors and 0 warnings" in home


def test_tda_page_agenda(sample_pages) -> None:
    tda = sample_pages[0]["tda/index.md"].markdown
    assert "Agenda for the next meeting (as of 2026-12-03)" in tda
    assert "TDA-A005" in tda and "overdue" in tda
    assert 'id="principle-p1"' in tda


def test_reuse_page_shows_repository_adopters_and_contact(sample_pages) -> None:
    reuse = sample_pages[0]["reuse/index.md"].markdown
    assert "City of London Corporation (verified" in reuse
    assert "<dt>Source code</dt>" in reuse and "<dt>Contact</dt>" in reuse
    assert "Academy" not in reuse  # bought products are not offered for reuse


def test_an_entity_with_findings_shows_them_in_a_warning_block(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "catalog/a.yaml": "apiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: thing}\n"
            "spec: {type: service, lifecycle: production, owner: group:nobody}\n",
        },
    )
    pages, _ = generate(load_catalogue(root))
    page = next(p for p in pages if p.src == "entities/component/default/thing.md").markdown
    block = page.split('<div class="admonition warning tda-findings"', 1)[1].split("</div>", 1)[0]
    assert "group:nobody" in block and "<code>TDA" in block


def test_accessibility_statement_lists_the_checks_and_a_contact_placeholder(
    sample_pages, tmp_path: Path
) -> None:
    from tda.site.pages.accessibility import CHECKS, PLACEHOLDER

    text = sample_pages[0]["accessibility.md"].markdown
    for claim in CHECKS.values():
        assert claim in text
    assert PLACEHOLDER in text  # no contact given to generate()
    pages, _ = generate(load_catalogue(REPO), contact="a11y@example.org")
    given = next(p for p in pages if p.src == "accessibility.md").markdown
    assert 'href="mailto:a11y@example.org"' in given and PLACEHOLDER not in given


@pytest.mark.parametrize(
    ("url", "safe"),
    [
        ("https://example.org/x", True),
        ("mailto:a@example.org", True),
        ("javascript:alert(1)", False),
        ("JavaScript:alert(1)", False),
        (" javascript:alert(1)", False),
        ("java\tscript:alert(1)", False),
        ("data:text/html,x", False),
        ("//evil.example", False),
        ("http:///nohost", False),
    ],
)
def test_only_http_https_and_mailto_are_links(url: str, safe: bool) -> None:
    assert is_safe_url(url) is safe
    assert (Link.to(url).href is not None) is safe


class _Elements(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_markdown_from_records_has_raw_html_neutralised() -> None:
    html = render_markdown(
        "# T\n\n<script>alert(1)</script>\n\n<img src=x onerror=alert(2)>\n\n"
        "[a](javascript:alert(3)) [b](https://example.org) ![c](javascript:alert(4))\n"
    )
    parser = _Elements()
    parser.feed(html)
    names = [t for t, _ in parser.tags]
    assert "script" not in names and "img" not in names
    assert [a.get("href") for t, a in parser.tags if t == "a"] == ["https://example.org"]
    assert "&lt;script&gt;" in html
    assert "<h2>T</h2>" in html


def test_templates_escape_what_they_are_given() -> None:
    from tda.site.svg import Node, diagram

    hostile = '"><script>alert(1)</script>'
    drawn = render(
        "diagram.j2",
        wide=diagram(hostile, [Node(hostile, hostile, None)], [], narrow=False),
        narrow=diagram(hostile, [], [Node(hostile, hostile, None)], narrow=True),
        describedby=hostile,
    )
    assert "<script>" not in drawn and "&lt;script&gt;" in drawn
    assert 'aria-describedby="&#34;&gt;&lt;script&gt;' in drawn


def test_hostile_values_are_escaped_everywhere(hostile_root) -> None:
    pages, assets = generate(load_catalogue(hostile_root))
    for item in pages:
        parser = _Elements()
        parser.feed(body(item))
        for tag, attrs in parser.tags:
            assert tag not in ("script", "iframe", "img"), (item.src, tag)
            assert not any(name.startswith("on") for name in attrs), (item.src, tag, attrs)
            for name in ("href", "src"):
                value = attrs.get(name) or ""
                assert not value.lower().lstrip().startswith(("javascript:", "data:")), (
                    item.src,
                    value,
                )
        if item.markdown.startswith("---"):
            front_title = item.markdown.split("\n", 2)[1]
            assert "<" not in front_title and ">" not in front_title
    evil = next(p for p in pages if p.src == "entities/component/default/evil.md").markdown
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in evil
    assert "<dt>Annotation example.org/note</dt>" in evil  # labels and annotations are shown
    api = next(p for p in pages if p.src == "entities/api/default/evil-api.md").markdown
    assert (
        "/x&lt;script&gt;alert(9)&lt;/script&gt;" in api
        and "&lt;img src=x onerror=alert(10)&gt;" in api
    )
    for asset in assets:
        if asset.src.startswith("feeds/"):
            assert "<script>" not in asset.content


def _fstring_markup(path: Path) -> list[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.JoinedStr):
            literal = "".join(v.value for v in node.values if isinstance(v, ast.Constant))
            if re.search(r"</?[a-z][a-z0-9]*[\s>/]", literal):
                found.append(f"{path.name}:{node.lineno}")
        elif isinstance(node, ast.Call) and getattr(node.func, "id", "") == "esc":
            found.append(f"{path.name}:{node.lineno} esc()")
    return found


def test_page_markup_lives_in_templates_not_in_python() -> None:
    offenders = [
        hit for path in sorted(SITE_PACKAGE.rglob("*.py")) for hit in _fstring_markup(path)
    ]
    assert offenders == []


def test_an_entity_with_an_invalid_field_keeps_its_page_with_its_findings(tmp_path: Path) -> None:
    root = write_tree(
        tmp_path,
        {
            "catalog/a.yaml": GROUP.format(name="team")
            + "---\napiVersion: backstage.io/v1alpha1\nkind: Component\n"
            "metadata: {name: shaky, title: Shaky service, tags: [Not A Tag]}\n"
            "spec: {type: service, lifecycle: production, owner: team, phase: live, licence: MIT}\n"
            "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: user-of-it}\n"
            "spec: {type: service, lifecycle: production, owner: team, dependsOn: [component:shaky]}\n"
            "---\napiVersion: backstage.io/v1alpha1\nkind: Component\nmetadata: {name: 5}\nspec: [odd]\n",
        },
    )
    catalogue = load_catalogue(root)
    assert [str(r) for r in catalogue.flawed] == ["component:default/shaky"]
    pages, _ = generate(catalogue)
    found = {p.src: p.markdown for p in pages}
    shaky = found["entities/component/default/shaky.md"]
    block = shaky.split('<div class="admonition warning tda-findings"', 1)[1].split("</div>", 1)[0]
    assert "Not A Tag" in block or "tags" in block
    assert "Shaky service" in shaky and "MIT" in shaky
    user = found["entities/component/default/user-of-it.md"]
    assert 'Shaky service</a> <span class="tda-missing">(its descriptor has errors)</span>' in user


def test_links_to_entities_sharing_a_title_name_their_kind(sample_pages) -> None:
    decision = sample_pages[0]["decisions/adr-0005.md"].markdown
    binds = decision.split('<section id="binds">', 1)[1].split("</section>", 1)[0]
    assert ">Person API (Component)</a>" in binds and ">Person API (API)</a>" in binds
    assert ">Manage My Home</a>" in binds  # a unique title stays as it is


ODD_SHAPES = """\
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: junk
  title: {a: b}
  description: [1, 2]
  tags: {x: y}
  labels: [1]
  annotations: "str"
  links: "http://x"
spec:
  type: [service]
  lifecycle: 5
  owner: {a: 1}
  phase: [live]
  licence: {MIT: 1}
  repository: [1]
  usedBy: "everyone"
  contacts: {name: x}
  assessments: 5
  basedOn: "x"
  alternativeTo: {a: 1}
  profile: "x"
  dependsOn: 7
---
apiVersion: backstage.io/v1alpha1
kind: API
metadata: {name: deep}
spec:
  type: openapi
  lifecycle: production
  owner: team
  definition: |
    openapi: 3.0.0
    info: {title: [x], version: {a: 1}}
    servers: "x"
    paths:
      /a:
        parameters: [{$ref: '#/nope'}, 5, {name: [1], in: {x: 1}}]
        get:
          parameters: "x"
          requestBody: {$ref: '#/components/requestBodies/Loop'}
          responses:
            200: {$ref: '#/components/responses/Loop'}
            "x": 5
      5: 7
    components:
      requestBodies:
        Loop: {$ref: '#/components/requestBodies/Loop'}
      responses:
        Loop: {$ref: '#/components/responses/Loop2'}
        Loop2: {$ref: '#/components/responses/Loop'}
      schemas:
        A: {allOf: [{$ref: '#/components/schemas/A'}]}
"""


def test_odd_shapes_in_descriptors_and_definitions_still_make_every_page(tmp_path: Path) -> None:
    depth = 12  # within the YAML reader's nesting limit, beyond the reference's own
    deep = "{type: object, properties: {a: " * depth + "{type: string}" + "}}" * depth
    deeper = (
        "---\napiVersion: backstage.io/v1alpha1\nkind: API\nmetadata: {name: deeper}\nspec:\n"
        "  type: openapi\n  lifecycle: production\n  owner: team\n  definition: |\n"
        "    openapi: 3.0.0\n    info: {title: t, version: '1'}\n    paths:\n      /d:\n        post:\n"
        f"          requestBody: {{content: {{application/json: {{schema: {deep}}}}}}}\n"
        "          responses: {'200': {description: ok}}\n"
    )
    root = write_tree(tmp_path, {"catalog/a.yaml": ODD_SHAPES + deeper})
    catalogue = load_catalogue(root)
    assert "component:default/junk" in [str(r) for r in catalogue.flawed]
    pages, _ = generate(catalogue)
    found = {p.src: p.markdown for p in pages}
    assert "entities/component/default/junk.md" in found
    loops = found["entities/api/default/deep.md"]
    assert "<code>/a</code>" in loops
    fields = re.findall(r"<code>(a(?:\.a)*)</code>", found["entities/api/default/deeper.md"])
    assert 0 < len(fields) <= 8  # nesting is cut short, not followed to the bottom

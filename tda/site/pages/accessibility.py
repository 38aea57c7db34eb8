"""The accessibility statement, made from what the test suite checks in a real browser.

Each claim below is checked by a test in tests/site/test_browser.py that names its key, and a
test fails when a claim has no check; so the statement says no more than the site does.
"""

from __future__ import annotations

from tda.site.pages import Link, Page, SiteContext, render_page

SRC = "accessibility.md"
CHECKS = {
    "axe": "Every kind of page has no failure that axe-core finds against WCAG 2.2 levels A and "
    "AA, at 390 and 1280 pixels wide.",
    "reflow": "Every kind of page can be read at 320 CSS pixels wide (400% zoom) without "
    "scrolling sideways; tables of data may scroll inside their own box.",
    "keyboard": "The filters and sorting on the listing pages work with a keyboard alone, and "
    "the lists are complete without script.",
    "diagram": "Diagrams are redrawn for narrow screens so their text stays legible, and a table "
    "beside each lists the same links.",
    "offline": "The site loads nothing from other websites: no fonts, scripts or styles from "
    "third parties.",
}
LIMITS = [
    "Pages written by hand in docs/ are not checked beyond what axe-core finds on the "
    "accessibility statement itself.",
    "No one has yet tested the site with each screen reader; automated checks find only some "
    "problems.",
    "Text written in decision records and meeting minutes is shown as its authors wrote it.",
]
PLACEHOLDER = (
    "[contact to complete: set extra.accessibility_contact in mkdocs.yml to an email address]"
)


def build(ctx: SiteContext, site_name: str) -> Page:
    return render_page(
        "accessibility.j2",
        SRC,
        "Accessibility statement",
        site_name=site_name,
        checks=list(CHECKS.values()),
        limits=LIMITS,
        contact=Link.mail(ctx.contact) if ctx.contact else None,
        placeholder=PLACEHOLDER,
        today=ctx.today,
    )

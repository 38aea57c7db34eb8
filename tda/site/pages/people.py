"""Whom to ask about an entity, with an email address wherever the catalogue knows one."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from tda.catalog.entity import Entity
from tda.catalog.refs import try_parse_ref
from tda.site.pages import Link, SiteContext, listed


@dataclass(frozen=True, slots=True)
class Contact:
    who: Link
    email: Link | None
    role: str


def profile_email(entity: Entity | None) -> str | None:
    """The email in a Group's or User's profile, when it is a plain string."""
    if entity is None:
        return None
    profile = entity.spec.get("profile")
    email = profile.get("email") if isinstance(profile, dict) else None
    return email if isinstance(email, str) and email.strip() else None


def contact(ctx: SiteContext, src: str, value: Any, role: str = "") -> Contact | None:
    """One contact written as a user or group reference, or as {name, email, role}."""
    if isinstance(value, str) and "@" in value and ":" not in value:
        return Contact(Link(value.split("@", 1)[0]), Link.mail(value), role)  # a bare address
    if isinstance(value, str):
        ref = try_parse_ref(value, default_kind="user")
        if ref is None:
            return Contact(Link(value), None, role)
        found = ctx.catalogue.entities.get(ref)
        email = profile_email(found)
        return Contact(ctx.entity_link(src, ref), Link.mail(email) if email else None, role)
    if isinstance(value, dict):
        name = str(value.get("name") or value.get("email") or "")
        email = value.get("email")
        own_role = str(value.get("role") or role)
        return Contact(Link(name), Link.mail(str(email)) if email else None, own_role)
    return None


def owner_ref(entity: Entity):  # type: ignore[no-untyped-def]
    return next((r.target for r in entity.refs if r.field == "owner"), None)


def contacts_of(ctx: SiteContext, src: str, entity: Entity) -> list[Contact]:
    """The named contacts first, then the owning team (with its team email, if it has one)."""
    found = [contact(ctx, src, c) for c in listed(entity.spec.get("contacts"))]
    owner = owner_ref(entity)
    if owner is not None:
        found.append(contact(ctx, src, str(owner), "owner"))
    return [c for c in found if c is not None and c.who.text]


def best_contact(ctx: SiteContext, src: str, entity: Entity) -> Contact | None:
    """The first contact with an email address, else the first contact."""
    found = contacts_of(ctx, src, entity)
    return next((c for c in found if c.email), found[0] if found else None)

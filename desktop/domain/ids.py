"""Identifiers: short prefixed random strings, unique across the whole database."""

from __future__ import annotations

import secrets

PREFIXES = {
    "article": "a", "span": "s", "claim": "c", "link": "l", "entity": "e", "rule": "r", "relation": "rel",
    "unplaced": "u",
}


def new_id(kind: str) -> str:
    """A new id such as ``s-3f9a1c0b7d2e4a61`` (64 random bits)."""
    return f"{PREFIXES[kind]}-{secrets.token_hex(8)}"


def article_id_for(sha256: str) -> str:
    """Articles get a stable id from their text's hash, so re-imports agree."""
    return f"a-{sha256[:16]}"


def kind_of(object_id: str) -> str | None:
    """'span', 'claim', ... from an id's prefix; None when it has no known prefix."""
    prefix = object_id.split("-", 1)[0]
    for kind, p in PREFIXES.items():
        if p == prefix:
            return kind
    return None

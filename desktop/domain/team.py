"""Team review, the pure part: what an analyst sees of an article assigned to them.

An analyst's view of an article is the shared suggestions their own version does not
shadow, plus their own version. A shared suggestion (span or claim) is shadowed when the
analyst's version has one of the same kind overlapping it, in any status: accepting a
suggestion copies it into the version, rejecting one stores a rejected copy there, and
marking something else over it replaces it -- the shared suggestion stays for colleagues.
Nothing of the shared version that is not a suggestion (a reviewed result, a team of one's
work from before the assignment) and nothing of a colleague's version is in the view.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

from .model import SHARED, Claim, Document, Review, Span

MAX_NAME = 64  # an analyst's name is the id of their version (a database column of 64 characters)


def name_problem(name: str) -> str | None:
    """Why ``name`` cannot name an analyst (None: it can)."""
    if not name or not name.strip():
        return "an analyst needs a name"
    if name != name.strip():
        return f"the analyst name {name!r} starts or ends with a space"
    if len(name) > MAX_NAME:
        return f"the analyst name {name[:20]!r}... is longer than {MAX_NAME} characters"
    if any(not ch.isprintable() for ch in name):
        return f"the analyst name {name!r} has a control character"
    return None


def _shadowed(obj: Span | Claim, own: Sequence[Span] | Sequence[Claim]) -> bool:
    return any(o.start < obj.end and o.end > obj.start for o in own)


def shown_suggestions(shared: Document, own: Document) -> tuple[list[Span], list[Claim]]:
    """The shared suggestions still shown in an analyst's view (their version is ``own``)."""
    spans = [s for s in shared.spans if s.status == Review.SUGGESTED and not _shadowed(s, own.spans)]
    claims = [c for c in shared.claims if c.status == Review.SUGGESTED and not _shadowed(c, own.claims)]
    return spans, claims


def analyst_view(shared: Document, own: Document) -> Document:
    """The article as the analyst whose version is ``own`` sees it (``shared``: its SHARED objects).

    Shared links come along when both their ends are in the view (a suggested quote and its
    suggested speaker), shared entity relations likewise; entities are those the view's spans name.
    """
    spans, claims = shown_suggestions(shared, own)
    spans = sorted([*spans, *own.spans], key=lambda s: (s.start, s.end, s.id))
    claims = sorted([*claims, *own.claims], key=lambda c: (c.start, c.end, c.id))
    shown = {s.id for s in spans} | {c.id for c in claims}
    here = {s.id for s in shared.spans} | {c.id for c in shared.claims}
    links = [lk for lk in shared.links if lk.head in shown and (lk.child in shown or lk.child not in here)]
    relations = [r for r in shared.relations if r.head in shown and r.child in shown]
    named = {s.entity_id for s in spans if s.entity_id}
    entities = {e.id: e for e in [*shared.entities, *own.entities] if e.id in named}
    return replace(
        own,
        spans=spans,
        claims=claims,
        links=sorted([*links, *own.links], key=lambda lk: lk.id),
        relations=sorted([*relations, *own.relations], key=lambda r: r.id),
        entities=[entities[k] for k in sorted(entities)],
        history=None,
        versions=[],
    )


def is_shared(obj: object) -> bool:
    return getattr(obj, "version", SHARED) == SHARED

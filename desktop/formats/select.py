"""Which annotations of a document an export includes, and how links resolve inside one document.

- ``accepted_only``: spans and claims whose status is accepted.
- otherwise: suggested and accepted ones; rejected ones only when ``keep_rejected``
  (the lossless native format keeps everything).
- An entity relation is kept when both its spans are.
- A link is kept when none of its ends is a span or claim of this document that was
  left out. Ends in other articles cannot be checked by a streaming writer (it holds
  one document), so they are kept.
"""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.model import Claim, Document, Link, Relation, Review, Span


@dataclass(slots=True)
class Selection:
    spans: list[Span]
    claims: list[Claim]
    links: list[Link]
    relations: list[Relation]  # entity relations whose two spans are both selected


def _wanted(status: Review, accepted_only: bool, keep_rejected: bool) -> bool:
    if accepted_only:
        return status == Review.ACCEPTED
    return keep_rejected or status != Review.REJECTED


def select(doc: Document, *, accepted_only: bool, keep_rejected: bool = False) -> Selection:
    spans = sorted(
        (s for s in doc.spans if _wanted(s.status, accepted_only, keep_rejected)),
        key=lambda s: (s.start, s.end, s.id),
    )
    claims = sorted(
        (c for c in doc.claims if _wanted(c.status, accepted_only, keep_rejected)),
        key=lambda c: (c.start, c.end, c.id),
    )
    here = {s.id for s in doc.spans} | {c.id for c in doc.claims}
    kept = {s.id for s in spans} | {c.id for c in claims}
    links = sorted(
        (link for link in doc.links if all(end in kept or end not in here for end in (link.head, link.child))),
        key=lambda link: link.id,
    )
    span_ids = {s.id for s in spans}
    relations = sorted(
        (r for r in doc.relations if r.head in span_ids and r.child in span_ids), key=lambda r: r.id
    )
    return Selection(spans, claims, links, relations)


Mark = Span | Claim


def local_link_ends(doc: Document, sel: Selection, link: Link) -> tuple[Mark, Mark] | None:
    """Both ends of ``link`` as exported spans/claims of this document, or None.

    A link to a canonical entity is drawn to that entity's mention in this document
    that lies nearest to the head claim (formats without entities need a text span).
    """
    marks: dict[str, Mark] = {s.id: s for s in sel.spans}
    marks.update({c.id: c for c in sel.claims})
    head = marks.get(link.head)
    if head is None:
        return None
    child = marks.get(link.child)
    if child is None:
        mentions = [s for s in sel.spans if s.entity_id == link.child]
        if not mentions:
            return None
        child = min(mentions, key=lambda s: (abs(s.start - head.start), s.start))
    return head, child


UNREVIEWED = "articles still holding unreviewed suggestions"


def unreviewed(doc: Document, *, claims: bool = True) -> bool:
    """True when the document still has suggested spans (or claims): not ready for training data."""
    return any(s.status == Review.SUGGESTED for s in doc.spans) or (
        claims and any(c.status == Review.SUGGESTED for c in doc.claims)
    )

"""The link read-model: plain-text descriptions of annotations and the rows the claim
inspector lists for a claim's links (Qt-free; the widgets only lay them out)."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Literal

from desktop.domain.model import Annotation, Article, Claim, Entity, Link, LinkLabel, Span
from desktop.domain.ports import Store

LABEL_TEXT = {
    LinkLabel.SAID_BY: "said by",
    LinkLabel.ABOUT: "about",
    LinkLabel.SUPPORTS: "supports",
    LinkLabel.CONTRADICTS: "contradicts",
    LinkLabel.REPEATS: "repeats",
    LinkLabel.UPDATES: "updates",
}
# How an incoming link reads from the child's side: "X repeats this" -> "repeated by X".
INCOMING_TEXT = {
    LinkLabel.SAID_BY: "says",
    LinkLabel.ABOUT: "is the subject of",
    LinkLabel.SUPPORTS: "supported by",
    LinkLabel.CONTRADICTS: "contradicted by",
    LinkLabel.REPEATS: "repeated by",
    LinkLabel.UPDATES: "updated by",
}


def one_line(text: str, limit: int | None = None) -> str:
    """Whitespace collapsed to single spaces, cut with an ellipsis past ``limit`` characters."""
    text = " ".join(text.split())
    if limit is not None and len(text) > limit:
        return text[: max(0, limit - 1)].rstrip() + "\u2026"
    return text


class Describer:
    """Looks objects up in the store, caching articles for one refresh (one view's fill)."""

    def __init__(self, store: Store) -> None:
        self._store = store
        self._articles: dict[str, Article | None] = {}

    def article(self, article_id: str) -> Article | None:
        if article_id not in self._articles:
            try:
                self._articles[article_id] = self._store.get_article(article_id)
            except KeyError:
                self._articles[article_id] = None
        return self._articles[article_id]

    def title(self, article_id: str | None) -> str:
        if article_id is None:
            return ""
        article = self.article(article_id)
        if article is None:
            return article_id
        return article.meta.title or article.id

    def text_of(self, obj: Annotation | None) -> str:
        if isinstance(obj, Entity):
            return obj.name
        if isinstance(obj, Span | Claim):
            article = self.article(obj.article_id)
            return article.text[obj.start : obj.end] if article is not None else ""
        return ""

    def get(self, object_id: str) -> Annotation | None:
        return self._store.get(object_id)

    def mentions(self, entity_id: str) -> list[Span]:
        return self._store.entity_mentions(entity_id)


OtherKind = Literal["span", "entity", "claim", "missing"]  # what the other end of a link is


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One link as the inspector lists it, seen from the claim on show."""

    link: Link
    outgoing: bool  # True: this claim -> other; False: other claim -> this claim
    relation: str  # "said by", "repeated by", ...
    other_id: str
    other_kind: OtherKind
    other_text: str
    other_detail: str  # the span's label, "entity", or the claim's kind
    article_id: str | None  # the other end's article (None for a canonical entity)
    article_title: str
    follow: tuple[str, str] | None  # (article_id, object_id) to open, None when there is nowhere to go

    @property
    def label(self) -> str:
        return str(self.link.label)


def _follow_target(describer: Describer, obj: Annotation | None, home: str) -> tuple[str, str] | None:
    if isinstance(obj, Span | Claim):
        return (obj.article_id, obj.id)
    if isinstance(obj, Entity):
        mentions = describer.mentions(obj.id)
        here = [m for m in mentions if m.article_id == home]
        candidates = here or mentions
        return (candidates[0].article_id, candidates[0].id) if candidates else None
    return None


def link_rows(describer: Describer, claim: Claim, links: Sequence[Link]) -> list[LinkRow]:
    """Every link of ``claim`` (``links``: those touching it): its own (outgoing) first, then
    the claims that point at it."""
    rows: list[LinkRow] = []
    for link in links:
        outgoing = link.head == claim.id
        other_id = link.child if outgoing else link.head
        other = describer.get(other_id)
        kind: OtherKind
        if isinstance(other, Span):
            kind, detail, aid = "span", other.label, other.article_id
        elif isinstance(other, Claim):
            kind, detail, aid = "claim", str(other.kind), other.article_id
        elif isinstance(other, Entity):
            kind, detail, aid = "entity", f"entity \u00b7 {other.label}", None
        else:
            kind, detail, aid = "missing", "", None
        relation = LABEL_TEXT[link.label] if outgoing else INCOMING_TEXT[link.label]
        rows.append(
            LinkRow(
                link=link,
                outgoing=outgoing,
                relation=relation,
                other_id=other_id,
                other_kind=kind,
                other_text=one_line(describer.text_of(other)) if other is not None else f"(missing {other_id})",
                other_detail=detail,
                article_id=aid,
                article_title=describer.title(aid) if aid is not None else "",
                follow=_follow_target(describer, other, claim.article_id),
            )
        )
    rows.sort(key=lambda r: (not r.outgoing, list(LinkLabel).index(r.link.label), r.other_text.lower()))
    return rows

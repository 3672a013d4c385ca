"""Plain-text descriptions of annotations and links for the claims widgets (Qt-free)."""

from __future__ import annotations

from dataclasses import dataclass

from desktop.domain.model import Annotation, Article, Claim, Entity, Link, LinkLabel, Span
from desktop.services import Services

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
    """Looks objects up through the services, caching articles for one refresh."""

    def __init__(self, services: Services) -> None:
        self._services = services
        self._articles: dict[str, Article | None] = {}

    def article(self, article_id: str) -> Article | None:
        if article_id not in self._articles:
            try:
                self._articles[article_id] = self._services.store.get_article(article_id)
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
        return self._services.store.get(object_id)


@dataclass(frozen=True, slots=True)
class LinkRow:
    """One link as the inspector lists it, seen from the claim on show."""

    link: Link
    outgoing: bool  # True: this claim -> other; False: other claim -> this claim
    relation: str  # "said by", "repeated by", ...
    other_id: str
    other_kind: str  # "span", "entity", "claim" or "missing"
    other_text: str
    other_detail: str  # the span's label, "entity", or the claim's kind
    article_id: str | None  # the other end's article (None for a canonical entity)
    article_title: str
    follow: tuple[str, str] | None  # (article_id, object_id) to open, None when there is nowhere to go

    @property
    def label(self) -> str:
        return str(self.link.label)


def _follow_target(services: Services, obj: Annotation | None, home: str) -> tuple[str, str] | None:
    if isinstance(obj, Span | Claim):
        return (obj.article_id, obj.id)
    if isinstance(obj, Entity):
        mentions = services.entities.mentions(obj.id)
        here = [m for m in mentions if m.article_id == home]
        candidates = here or mentions
        return (candidates[0].article_id, candidates[0].id) if candidates else None
    return None


def link_rows(services: Services, claim: Claim, describer: Describer | None = None) -> list[LinkRow]:
    """Every link of ``claim``: its own (outgoing) first, then the claims that point at it."""
    describer = describer or Describer(services)
    rows: list[LinkRow] = []
    for link in services.links.links_of(claim.id):
        outgoing = link.head == claim.id
        other_id = link.child if outgoing else link.head
        other = describer.get(other_id)
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
                follow=_follow_target(services, other, claim.article_id),
            )
        )
    rows.sort(key=lambda r: (not r.outgoing, list(LinkLabel).index(r.link.label), r.other_text.lower()))
    return rows

"""Shared pieces for readers: article metadata, claim labels, and checking a built document."""

from __future__ import annotations

import bisect
from pathlib import Path
from typing import cast

from desktop.domain import validation
from desktop.domain.errors import InputError
from desktop.domain.ids import article_id_for, new_id
from desktop.domain.labels import DEFAULT_RELATION_LABELS
from desktop.domain.model import (
    Article,
    ArticleMeta,
    ArticleStatus,
    Claim,
    ClaimKind,
    Document,
    Entity,
    Link,
    LinkLabel,
    Origin,
    Relation,
    Review,
    Span,
    text_sha256,
)
from desktop.domain.spans import OffsetError, check_offsets, overlaps

from .base import ReadNotes

META_KEYS = ("title", "source", "url", "published", "language", "sha256")

# Written by export_meta for foreign tools; not kept as extra metadata when read back.
FOREIGN_ONLY = ("article_id",)

# Formats without claims (brat, doccano, Prodigy, Label Studio) carry a claim as a span
# labelled "Claim_<kind>"; readers turn such labels back into claims.
CLAIM_PREFIX = "Claim_"


def claim_label(kind: ClaimKind) -> str:
    return f"{CLAIM_PREFIX}{kind.value}"


def claim_kind(label: str) -> ClaimKind | None:
    """The claim kind a label names, or None for an entity label."""
    if not isinstance(label, str) or not label.startswith(CLAIM_PREFIX):
        return None  # an entity label (one that is not text is refused later, by check_document)
    try:
        return ClaimKind(label[len(CLAIM_PREFIX) :].lower())
    except ValueError:
        return ClaimKind.OTHER


def _opt_str(value: object) -> str | None:
    # Not coerced: a value of the wrong type reaches check_document, which refuses it by line.
    return cast("str | None", value)


def meta_from(raw: object, text: str, *, fallback_title: str = "") -> ArticleMeta:
    """ArticleMeta from a loose dict: known keys typed, everything else kept in ``extra``.

    ``sha256`` is always computed from the text (it is how duplicates are found).
    """
    d = raw if isinstance(raw, dict) else {}
    title = d.get("title")
    language = d.get("language")
    return ArticleMeta(
        title=cast(str, title) if title or title == 0 else fallback_title,
        source=_opt_str(d.get("source")),
        url=_opt_str(d.get("url")),
        published=_opt_str(d.get("published")),
        language=cast(str, language) if language or language == 0 else "en",
        sha256=text_sha256(text),
        extra={k: v for k, v in d.items() if k not in META_KEYS and k not in FOREIGN_ONLY},
    )


def export_meta(doc: Document) -> dict[str, object]:
    """The metadata foreign formats carry: the standard fields and the Newsdesk article id."""
    m = doc.article.meta
    return {
        "title": m.title,
        "source": m.source,
        "url": m.url,
        "published": m.published,
        "language": m.language,
        "article_id": doc.article.id,
    }


def native_id(raw: object) -> str | None:
    """The Newsdesk article id a foreign record carries in its metadata (written by export_meta)."""
    value = raw.get("article_id") if isinstance(raw, dict) else None
    return value if isinstance(value, str) and value else None


def new_article(text: str, meta: ArticleMeta, article_id: str | None = None) -> Article:
    return Article(
        id=article_id or article_id_for(meta.sha256 or text_sha256(text)),
        text=text,
        meta=meta,
        status=ArticleStatus.TODO,
    )


def check_document(doc: Document, path: Path, line: int | None) -> Document:
    """Every field by the domain's rules (the window's), offsets inside the text, and visible
    spans that do not overlap; else InputError naming the file and line."""
    text = doc.article.text
    if not isinstance(text, str) or not text.strip():
        raise InputError(str(path), "the article text is empty", line)
    if reason := validation.document_problem(doc):
        raise InputError(str(path), reason, line)
    try:
        for span in doc.spans:
            check_offsets(text, span.start, span.end, f"span {span.label!r}")
        for claim in doc.claims:
            check_offsets(text, claim.start, claim.end, "claim")
    except OffsetError as err:
        raise InputError(str(path), str(err), line) from None
    visible = sorted((s for s in doc.spans if s.visible), key=lambda s: (s.start, s.end))
    for a, b in zip(visible, visible[1:], strict=False):
        if overlaps(a.start, a.end, b.start, b.end):
            raise InputError(
                str(path),
                f"spans overlap: {text[a.start : a.end]!r} ({a.start}..{a.end}) and "
                f"{text[b.start : b.end]!r} ({b.start}..{b.end})",
                line,
            )
    return doc


class Marks:
    """Collects spans and claims read from a foreign format, and the relations between them.

    A label ``Claim_<kind>`` makes a claim, any other label an entity span. A relation
    becomes a claim link when its label is a link label (said_by, about, …) and its ends
    fit it (claim -> span for said_by/about, claim -> claim for supports, …); a relation
    between two entity spans becomes an entity relation with its label as it is (so
    ``works_for`` is kept); anything else is skipped and noted. :meth:`document` keeps
    the spans that fit (visible spans never overlap) and notes each one it skips.
    """

    def __init__(self, article_id: str, notes: ReadNotes | None = None, where: str = "") -> None:
        self.article_id = article_id
        self.spans: list[Span] = []
        self.claims: list[Claim] = []
        self.links: list[Link] = []
        self.relations: list[Relation] = []
        self.notes = notes if notes is not None else ReadNotes()
        self.where = where
        self._ids: dict[object, str] = {}
        self._by_id: dict[str, Span | Claim] = {}

    def note(self, kind: str, detail: str = "", where: str | None = None) -> None:
        self.notes.note(kind, where or self.where, detail)

    def add(self, key: object, start: int, end: int, label: str, origin: Origin, status: Review,
            note: str = "") -> str:  # fmt: skip
        kind = claim_kind(label)
        mark: Span | Claim
        if kind is None:
            mark = Span(new_id("span"), self.article_id, start, end, label, origin=origin, status=status, note=note)
            self.spans.append(mark)
        else:
            mark = Claim(new_id("claim"), self.article_id, start, end, kind=kind, origin=origin, status=status,
                         note=note)  # fmt: skip
            self.claims.append(mark)
        self._ids[key] = mark.id
        self._by_id[mark.id] = mark
        return mark.id

    def get(self, key: object) -> Span | Claim | None:
        sid = self._ids.get(key)
        return self._by_id.get(sid) if sid is not None else None

    def link(self, head_key: object, child_key: object, label: str, origin: Origin = Origin.ANALYST,
             where: str | None = None) -> bool:  # fmt: skip
        """Keep a relation as a claim link or an entity relation; False (and a note) when neither fits."""
        head, child = self.get(head_key), self.get(child_key)
        if head is None or child is None:
            self.note("relations to unknown annotations skipped", f"{label!r} {head_key!r} -> {child_key!r}", where)
            return False
        if head.id == child.id:
            self.note("relations from an annotation to itself skipped", repr(label), where)
            return False
        try:
            link_label: LinkLabel | None = LinkLabel(label)
        except ValueError:
            link_label = None
        if isinstance(head, Claim) and link_label is not None and isinstance(child, Claim) == link_label.targets_claim:
            self.links.append(Link(new_id("link"), self.article_id, link_label, head.id, child.id, origin=origin))
            return True
        if isinstance(head, Span) and isinstance(child, Span):
            if label not in DEFAULT_RELATION_LABELS and link_label is None:
                self.note(f"relations of unknown type {label!r} kept as entity relations", "", where)
            self.relations.append(Relation(new_id("relation"), self.article_id, label, head.id, child.id,
                                           origin=origin))  # fmt: skip
            return True
        why = "a claim links by said_by/about (to a span) or supports/contradicts/repeats/updates (to a claim)"
        self.note(f"relations of type {label!r} between a claim and another annotation skipped", why, where)
        return False

    def document(self, article: Article, entities: list[Entity] | None = None) -> Document:
        """The document, keeping the visible spans that do not overlap: accepted ones first, then
        suggestions; among overlapping ones the one that ends first, which keeps the most spans."""
        text = article.text
        starts: list[int] = []  # kept spans, sorted by start (they never overlap, so ends are sorted too)
        ends: list[int] = []
        dropped: set[str] = set()
        visible = sorted((s for s in self.spans if s.visible), key=lambda s: (s.end, s.start))
        # accepted spans first claim their place, then suggestions fill the gaps
        for rank in (Review.ACCEPTED, Review.SUGGESTED):
            for span in visible:
                if span.status != rank:
                    continue
                i = bisect.bisect_right(starts, span.start)
                clash = (i > 0 and ends[i - 1] > span.start) or (i < len(starts) and starts[i] < span.end)
                if clash:
                    dropped.add(span.id)
                    self.note("overlapping spans skipped",
                              f"{span.label} {text[span.start:span.end]!r:.60} ({span.start}..{span.end})")  # fmt: skip
                else:
                    starts.insert(i, span.start)
                    ends.insert(i, span.end)
        spans = [s for s in self.spans if s.id not in dropped]
        links = [lk for lk in self.links if lk.head not in dropped and lk.child not in dropped]
        relations = [r for r in self.relations if r.head not in dropped and r.child not in dropped]
        n_gone = len(self.links) - len(links) + len(self.relations) - len(relations)
        for _ in range(n_gone):
            self.note("relations to skipped spans skipped")
        return Document(article, spans, self.claims, links, entities or [], relations)

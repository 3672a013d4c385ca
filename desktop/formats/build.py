"""Shared pieces for readers: article metadata, claim labels, and checking a built document."""

from __future__ import annotations

from pathlib import Path
from typing import cast

from desktop.domain import validation
from desktop.domain.errors import InputError
from desktop.domain.ids import article_id_for, kind_of, new_id
from desktop.domain.model import (
    Article,
    ArticleMeta,
    ArticleStatus,
    Claim,
    ClaimKind,
    Document,
    Link,
    LinkLabel,
    Origin,
    Review,
    Span,
    text_sha256,
)
from desktop.domain.spans import OffsetError, check_offsets, overlaps

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
    """Collects spans and claims read from a foreign format, and links between them.

    A label ``Claim_<kind>`` makes a claim, any other label an entity span. Links are
    kept only when the model can hold them: a known link label (said_by, about, …)
    from a claim to a span (said_by/about) or to a claim (supports, …); other
    relations are skipped.
    """

    def __init__(self, article_id: str) -> None:
        self.article_id = article_id
        self.spans: list[Span] = []
        self.claims: list[Claim] = []
        self.links: list[Link] = []
        self._ids: dict[object, str] = {}

    def add(self, key: object, start: int, end: int, label: str, origin: Origin, status: Review) -> str:
        kind = claim_kind(label)
        if kind is None:
            sid = new_id("span")
            self.spans.append(Span(sid, self.article_id, start, end, label, origin=origin, status=status))
        else:
            sid = new_id("claim")
            self.claims.append(Claim(sid, self.article_id, start, end, kind=kind, origin=origin, status=status))
        self._ids[key] = sid
        return sid

    def link(self, head_key: object, child_key: object, label: str, origin: Origin = Origin.ANALYST) -> bool:
        head, child = self._ids.get(head_key), self._ids.get(child_key)
        try:
            link_label = LinkLabel(label)
        except ValueError:
            return False
        if head is None or child is None or kind_of(head) != "claim":
            return False
        if (kind_of(child) == "claim") != link_label.targets_claim:
            return False
        self.links.append(Link(new_id("link"), self.article_id, link_label, head, child, origin=origin))
        return True

    def document(self, article: Article) -> Document:
        return Document(article, self.spans, self.claims, self.links)

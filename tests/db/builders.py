"""Documents for the storage tests, with every field set to a non-default value."""

from __future__ import annotations

from desktop.db import SqlStore
from desktop.domain.model import (
    Article,
    ArticleMeta,
    ArticleStatus,
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Entity,
    Link,
    LinkLabel,
    Origin,
    Review,
    Rule,
    Span,
    Verdict,
    text_sha256,
)

TEXT_A = "Prime Minister Netanyahu said on Monday that inflation fell to 3 percent in Israel."
TEXT_B = "Zoë Müller of the Bank of Israel disputed that inflation fell, saying it stayed at 4 percent."

NETANYAHU = Entity(
    id="e-netanyahu", name="Benjamin Netanyahu", label="PERSON", aliases=["Netanyahu", "the PM"], kb_id="Q43915"
)
ISRAEL = Entity(id="e-israel", name="Israel", label="GPE", aliases=[], kb_id=None)


def article(aid: str, text: str, *, title: str, published: str | None, **kw: object) -> Article:
    meta = ArticleMeta(
        title=title,
        source="JNS",
        url=f"https://example.org/{aid}",
        published=published,
        language="en",
        sha256=text_sha256(text),
        extra={"byline": "Staff", "tags": ["economy", "ñ"], "words": 15},
    )
    return Article(id=aid, text=text, meta=meta, **kw)  # type: ignore[arg-type]


def doc_a() -> Document:
    """Article A: spans (one naming an entity), a claim said_by a span, about an entity."""
    a = article("a-aaaa", TEXT_A, title="Inflation falls", published="2025-07-10", status=ArticleStatus.IN_PROGRESS)
    a.annotated_by = "en_core_web_sm 3.8.0"
    spans = [
        Span("s-a1", a.id, 15, 24, "PERSON", Origin.MODEL, Review.ACCEPTED, "e-netanyahu", "ana",
             "2026-01-02T03:04:05Z", "en_core_web_sm 3.8.0"),
        Span("s-a2", a.id, 33, 39, "DATE", Origin.RULE, Review.SUGGESTED, None, None, "2026-01-02T03:04:06Z", None),
        Span("s-a3", a.id, 76, 82, "GPE", Origin.ANALYST, Review.REJECTED, "e-israel", "bob", "2026-01-02T03:04:07Z"),
    ]  # fmt: skip
    claims = [
        Claim("c-a1", a.id, 45, 82, ClaimKind.STATISTIC, Attribution.INDIRECT, 3, Verdict.DISPUTED, Origin.MODEL,
              Review.ACCEPTED, "check CBS figures", ["https://cbs.gov.il/x", "https://example.org/y"], "ana",
              "2026-01-02T03:04:08Z"),
    ]  # fmt: skip
    links = [
        Link("l-a1", a.id, LinkLabel.SAID_BY, "c-a1", "s-a1", "direct quote", "ana", "2026-01-02T03:04:09Z",
             Origin.MODEL),
        Link("l-a2", a.id, LinkLabel.ABOUT, "c-a1", "e-israel", "", None, "2026-01-02T03:04:10Z"),
    ]  # fmt: skip
    return Document(article=a, spans=spans, claims=claims, links=links, entities=[ISRAEL, NETANYAHU])


def doc_b() -> Document:
    """Article B: its claim contradicts A's claim (a link across articles)."""
    b = article("a-bbbb", TEXT_B, title="Bank disputes figure", published=None)
    spans = [Span("s-b1", b.id, 0, 10, "PERSON", updated="2026-01-03T00:00:00Z")]
    claims = [Claim("c-b1", b.id, 0, 93, ClaimKind.QUOTE, Attribution.DIRECT, 2, status=Review.SUGGESTED)]
    links = [
        Link("l-b1", b.id, LinkLabel.CONTRADICTS, "c-b1", "c-a1", "same figure", "bob", "2026-01-03T00:00:01Z"),
        Link("l-b2", b.id, LinkLabel.SAID_BY, "c-b1", "s-b1"),
    ]
    return Document(article=b, spans=spans, claims=claims, links=links)


def plain_doc(aid: str, text: str, *, title: str = "", published: str | None = None) -> Document:
    return Document(article=article(aid, text, title=title or aid, published=published))


def snapshot(store: SqlStore) -> dict[str, object]:
    """Everything a user could see, to compare the database before and after."""
    return {
        "docs": list(store.iter_documents()),
        "entities": store.list_entities(),
        "rules": store.rules(),
        "summaries": [(s.id, s.status, s.n_entities, s.n_suggestions, s.n_claims, s.annotated_by)
                      for s in store.list_articles()],
        "stats": store.stats(),
    }  # fmt: skip


RULE = Rule("r-1", "Bank of Israel", "ORG", "2026-01-01T00:00:00Z", "ana")

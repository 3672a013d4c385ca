"""Hand-built documents that exercise the hard parts: emoji, combining marks, RTL scripts, CRLF."""

from __future__ import annotations

import pytest

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
    Span,
    Verdict,
    text_sha256,
)

TEXT_A = (
    "Netanyahu met Trump \U0001f600 in Washington on Wednesday.\r\n"
    '"We will bring them all home," Netanyahu said.\r\n'
    "Prices rose 12% in Caf\u00e9 Zo\u00eb, Jos\u00e9 Garc\u00eda said."
)
TEXT_B = (
    "\u05e0\u05ea\u05e0\u05d9\u05d4\u05d5 \u05e0\u05e4\u05d2\u05e9 \u05e2\u05dd \u05d8\u05e8\u05d0\u05de\u05e4.\n"
    "\u0642\u0627\u0644 \u0628\u0627\u064a\u062f\u0646 \u0625\u0646 \u0627\u0644\u0627\u062a\u0641\u0627\u0642 "
    "\u0642\u0631\u064a\u0628.\n"
    "Cafe\u0301 Noe\u0308l reported: \u201cthe deal is close\u201d \U0001f1ee\U0001f1f1 said Biden."
)


def at(text: str, sub: str, nth: int = 0) -> tuple[int, int]:
    i = -1
    for _ in range(nth + 1):
        i = text.index(sub, i + 1)
    return i, i + len(sub)


def _meta(text: str, title: str, **kw: object) -> ArticleMeta:
    return ArticleMeta(title=title, sha256=text_sha256(text), **kw)  # type: ignore[arg-type]


def make_docs() -> list[Document]:
    a, b = "a-aaaaaaaaaaaaaaaa", "a-bbbbbbbbbbbbbbbb"
    spans_a = [
        Span("s-a1", a, *at(TEXT_A, "Netanyahu"), "PERSON", Origin.MODEL, Review.ACCEPTED, "e-bibi", "ana",
             "2026-01-02T03:04:05Z", "en_core_web_sm 3.8.0"),
        Span("s-a2", a, *at(TEXT_A, "Trump"), "PERSON", Origin.MODEL, Review.SUGGESTED, "e-trump"),
        Span("s-a3", a, *at(TEXT_A, "Washington"), "GPE", Origin.MODEL, Review.REJECTED),
        Span("s-a4", a, *at(TEXT_A, "Netanyahu", 1), "PERSON", Origin.ANALYST, Review.ACCEPTED, "e-bibi"),
        Span("s-a5", a, *at(TEXT_A, "Caf\u00e9 Zo\u00eb"), "ORG"),
        Span("s-a6", a, *at(TEXT_A, "Jos\u00e9 Garc\u00eda"), "PERSON"),
        Span("s-a7", a, *at(TEXT_A, "12%"), "PERCENT", Origin.RULE, Review.SUGGESTED),
    ]  # fmt: skip
    claims_a = [
        Claim("c-a1", a, *at(TEXT_A, "We will bring them all home,"), ClaimKind.QUOTE, Attribution.DIRECT, 2,
              Verdict.UNVERIFIED, Origin.ANALYST, Review.ACCEPTED, "said twice", ["https://example.org/x"], "ana",
              "2026-01-02T03:04:05Z"),
        Claim("c-a2", a, *at(TEXT_A, "Prices rose 12% in Caf\u00e9 Zo\u00eb"), ClaimKind.STATISTIC,
              Attribution.INDIRECT, 3, Verdict.FALSE, Origin.MODEL, Review.SUGGESTED),
        Claim("c-a3", a, *at(TEXT_A, "Netanyahu met Trump"), ClaimKind.OTHER, status=Review.REJECTED),
    ]  # fmt: skip
    links_a = [
        Link("l-a1", a, LinkLabel.SAID_BY, "c-a1", "s-a4", "", "ana", "2026-01-02T03:04:05Z"),
        Link("l-a2", a, LinkLabel.SAID_BY, "c-a2", "s-a6"),
        Link("l-a3", a, LinkLabel.ABOUT, "c-a1", "e-trump"),  # an entity: drawn to its mention in this article
        Link("l-a4", a, LinkLabel.SUPPORTS, "c-a1", "c-b1"),  # another article
        Link("l-a5", a, LinkLabel.ABOUT, "c-a3", "s-a3"),  # rejected ends
    ]
    entities_a = [
        Entity("e-bibi", "Benjamin Netanyahu", "PERSON", ["Netanyahu", "Bibi"], "Q43915"),
        Entity("e-trump", "Donald Trump", "PERSON", [], None),
    ]
    doc_a = Document(
        Article(a, TEXT_A, _meta(TEXT_A, "Emoji, CRLF & accents", source="JNS", published="2025-07-10",
                                 url="https://example.org/a", extra={"date_basis": "stated", "n": 3}),
                ArticleStatus.IN_PROGRESS),
        spans_a, claims_a, links_a, entities_a,
    )  # fmt: skip
    spans_b = [
        Span("s-b1", b, *at(TEXT_B, "\u05e0\u05ea\u05e0\u05d9\u05d4\u05d5"), "PERSON"),
        Span("s-b2", b, *at(TEXT_B, "\u05d8\u05e8\u05d0\u05de\u05e4"), "PERSON", Origin.MODEL, Review.SUGGESTED),
        Span("s-b3", b, *at(TEXT_B, "\u0628\u0627\u064a\u062f\u0646"), "PERSON", entity_id="e-biden"),
        Span("s-b4", b, *at(TEXT_B, "Cafe\u0301 Noe\u0308l"), "ORG"),
        Span("s-b5", b, *at(TEXT_B, "Biden"), "PERSON", entity_id="e-biden"),
    ]
    claims_b = [
        Claim("c-b1", b, *at(TEXT_B, "the deal is close"), ClaimKind.PREDICTION, Attribution.DIRECT, 1),
        Claim("c-b2", b, *at(TEXT_B, "\u0627\u0644\u0627\u062a\u0641\u0627\u0642 \u0642\u0631\u064a\u0628"),
              ClaimKind.PREDICTION, origin=Origin.MODEL, status=Review.SUGGESTED),
    ]  # fmt: skip
    links_b = [
        Link("l-b1", b, LinkLabel.SAID_BY, "c-b1", "s-b5"),
        Link("l-b2", b, LinkLabel.REPEATS, "c-b2", "c-b1"),
        Link("l-b3", b, LinkLabel.SAID_BY, "c-b2", "s-b3"),
    ]
    doc_b = Document(
        Article(b, TEXT_B, _meta(TEXT_B, "\u05db\u05d5\u05ea\u05e8\u05ea / \u0639\u0646\u0648\u0627\u0646",
                                 language="he")),
        spans_b, claims_b, links_b, [Entity("e-biden", "Joe Biden", "PERSON", ["Biden"], "Q6279")],
    )  # fmt: skip
    return [doc_a, doc_b]


@pytest.fixture
def docs() -> list[Document]:
    return make_docs()

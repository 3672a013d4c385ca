from __future__ import annotations

from dataclasses import replace

from desktop.domain.documents import patched
from desktop.domain.model import (
    Article,
    ArticleMeta,
    ArticleStatus,
    Change,
    ChangeSet,
    Claim,
    Document,
    Entity,
    Link,
    LinkLabel,
    Review,
    Span,
)

TEXT = "Netanyahu met Trump in Washington."


def doc() -> Document:
    a = Article("a-1", TEXT, ArticleMeta(title="T"))
    return Document(a, spans=[Span("s-1", "a-1", 0, 9, "PERSON"), Span("s-2", "a-1", 14, 19, "PERSON")],
                    claims=[Claim("c-1", "a-1", 0, 19)])  # fmt: skip


def test_updates_creations_and_deletions_of_this_article_are_applied_in_order() -> None:
    d = doc()
    new = Span("s-3", "a-1", 23, 33, "GPE")
    link = Link("l-1", "a-1", LinkLabel.SAID_BY, "c-1", "s-1")
    cs = ChangeSet("x", (
        Change(d.article, replace(d.article, status=ArticleStatus.IN_PROGRESS)),
        Change(d.spans[1], replace(d.spans[1], status=Review.REJECTED)),
        Change(None, new), Change(None, link), Change(d.spans[0], None),
    ))  # fmt: skip
    out = patched(d, cs)
    assert out is not None
    assert out.article.status == ArticleStatus.IN_PROGRESS
    assert [(s.id, s.status) for s in out.spans] == [("s-2", Review.REJECTED), ("s-3", Review.ACCEPTED)]
    assert out.links == [link]
    assert patched(out, cs.inverted()) == d  # the inverse (undo) patches back exactly
    assert d.spans[0].id == "s-1"  # the input is not modified


def test_other_articles_are_ignored_and_entities_ask_for_a_reread() -> None:
    d = doc()
    elsewhere = ChangeSet("y", (Change(None, Span("s-9", "a-2", 0, 3, "ORG")),))
    assert patched(d, elsewhere) == d
    incoming = Link("l-2", "a-2", LinkLabel.SUPPORTS, "c-9", "c-1")  # from a claim in another article
    assert patched(d, ChangeSet("z", (Change(None, incoming),))).links == [incoming]
    assert patched(d, ChangeSet("e", (Change(None, Entity("e-1", "Netanyahu", "PERSON")),))) is None
    assert patched(d, ChangeSet("gone", (Change(d.article, None),))) is None

from __future__ import annotations

from dataclasses import replace

import pytest

from desktop.domain.ids import article_id_for, kind_of, new_id
from desktop.domain.labels import ONTONOTES, default_labels, fallback_colour
from desktop.domain.model import Change, ChangeSet, Claim, Link, LinkLabel, Review, Span, text_sha256
from desktop.domain.spans import OffsetError, check_offsets, overlapping, sorted_visible, span_at


def span(sid: str, start: int, end: int, status: Review = Review.ACCEPTED) -> Span:
    return Span(id=sid, article_id="a-1", start=start, end=end, label="ORG", status=status)


def test_changeset_inverse_undoes_in_reverse_order() -> None:
    claim = Claim(id="c-1", article_id="a-1", start=0, end=5)
    link = Link(id="l-1", article_id="a-1", label=LinkLabel.SAID_BY, head="c-1", child="s-1")
    cs = ChangeSet("Mark and link", (Change(None, claim), Change(None, link)), "a-1")
    inv = cs.inverted()
    assert [c.before for c in inv.changes] == [link, claim]
    assert all(c.after is None for c in inv.changes)
    assert inv.inverted() == cs


def test_change_must_keep_identity() -> None:
    with pytest.raises(ValueError):
        Change(span("s-1", 0, 3), span("s-2", 0, 3))
    with pytest.raises(ValueError):
        Change(None, None)
    Change(span("s-1", 0, 3), replace(span("s-1", 0, 3), label="PERSON"))


def test_overlap_ignores_rejected_and_self() -> None:
    spans = [span("s-1", 0, 5), span("s-2", 10, 15, Review.REJECTED), span("s-3", 20, 25)]
    assert [s.id for s in overlapping(spans, 4, 12)] == ["s-1"]
    assert overlapping(spans, 0, 5, ignore="s-1") == []
    assert overlapping(spans, 5, 10) == []  # touching is not overlapping


def test_span_at_finds_the_visible_span_under_a_position() -> None:
    spans = sorted_visible([span("s-2", 10, 15), span("s-1", 0, 5), span("s-x", 6, 8, Review.REJECTED)])
    assert span_at(spans, 0).id == "s-1"
    assert span_at(spans, 4).id == "s-1"
    assert span_at(spans, 5) is None
    assert span_at(spans, 7) is None
    assert span_at(spans, 14).id == "s-2"


def test_offsets_are_checked_against_the_text() -> None:
    check_offsets("abc", 0, 3)
    for start, end in [(-1, 2), (2, 2), (0, 4), (3, 1)]:
        with pytest.raises(OffsetError):
            check_offsets("abc", start, end)


def test_ids_are_prefixed_unique_and_articles_stable() -> None:
    ids = {new_id("span") for _ in range(1000)}
    assert len(ids) == 1000 and all(kind_of(i) == "span" for i in ids)
    sha = text_sha256("Some text")
    assert article_id_for(sha) == article_id_for(text_sha256("Some text"))
    assert kind_of(article_id_for(sha)) == "article"


def test_default_labels_are_ontonotes_with_unique_keys() -> None:
    labels = default_labels()
    assert [lab.name for lab in labels] == list(ONTONOTES)
    keys = [lab.key for lab in labels if lab.key]
    assert len(keys) == len(set(keys)) == 9
    assert fallback_colour("CLAIMANT") == fallback_colour("CLAIMANT")
    assert fallback_colour("CLAIMANT").startswith("#") and len(fallback_colour("X")) == 7

"""Span correction use cases, checked in the database after each action."""

from __future__ import annotations

import pytest

from desktop.domain.errors import ActionRefused
from desktop.domain.model import ArticleStatus, Origin, Review
from desktop.services import LinkedObject, Services

from .conftest import TEXT_A


def visible(services: Services, aid: str) -> list[tuple[str, str, str]]:
    text = services.read.article(aid).text
    return [(text[s.start:s.end], s.label, s.status.value) for s in services.read.spans(aid) if s.visible]


def test_label_a_selection_commits_logs_and_starts_the_article(services: Services, ids) -> None:
    a, _ = ids
    span = services.spans.add(a, 0, 9, "PERSON")
    stored = services.read.get(span.id)
    assert stored == span and stored.origin == Origin.ANALYST and stored.annotator == "ana"
    assert services.read.article(a).status == ArticleStatus.IN_PROGRESS
    log = services.read.edit_log(article_id=a)
    assert any(e.object_id == span.id and e.annotator == "ana" and e.after for e in log)


def test_selection_whitespace_is_trimmed(services: Services, ids) -> None:
    a, _ = ids
    span = services.spans.add(a, 13, 20, "PERSON")  # " Trump " with spaces around
    assert TEXT_A[span.start:span.end] == "Trump"
    with pytest.raises(ActionRefused):
        services.spans.add(a, 9, 10, "PERSON")  # a lone space


def test_undo_redo_chain_restores_every_state(services: Services, ids) -> None:
    a, _ = ids
    s1 = services.spans.add(a, 0, 9, "PERSON")
    services.spans.relabel(s1.id, "ORG")
    s2 = services.spans.add(a, 14, 19, "PERSON")
    assert visible(services, a) == [("Netanyahu", "ORG", "accepted"), ("Trump", "PERSON", "accepted")]
    services.history.undo()
    assert visible(services, a) == [("Netanyahu", "ORG", "accepted")]
    services.history.undo()
    assert visible(services, a) == [("Netanyahu", "PERSON", "accepted")]
    services.history.undo()
    assert visible(services, a) == []
    assert services.read.article(a).status == ArticleStatus.TODO  # the status change was part of the step
    services.history.redo()
    services.history.redo()
    services.history.redo()
    assert visible(services, a) == [("Netanyahu", "ORG", "accepted"), ("Trump", "PERSON", "accepted")]
    assert services.read.get(s2.id) is not None
    assert not services.history.can_redo


def test_overlap_with_an_accepted_span_is_refused_and_changes_nothing(services: Services, ids) -> None:
    a, _ = ids
    services.spans.add(a, 0, 9, "PERSON")
    before = services.read.spans(a)
    with pytest.raises(ActionRefused, match="overlap 'Netanyahu' \\(PERSON\\)"):
        services.spans.add(a, 4, 13, "ORG")
    assert services.read.spans(a) == before


def test_overlap_with_a_suggestion_replaces_it_in_one_undo_step(services: Services, ids) -> None:
    a, _ = ids
    services.annotator.run([a])
    services.spans.add(a, 0, 13, "ORG")  # "Netanyahu met" over the suggestion "Netanyahu"
    spans = services.read.spans(a)
    first = [s for s in spans if s.start == 0]
    assert {(s.end, s.status.value) for s in first} == {(9, "rejected"), (13, "accepted")}
    services.history.undo()
    assert [(s.end, s.status.value) for s in services.read.spans(a) if s.start == 0] == [(9, "suggested")]


def test_reject_keeps_negative_evidence_and_reannotation_respects_it(services: Services, ids) -> None:
    a, _ = ids
    services.annotator.run([a])
    trump = next(s for s in services.read.spans(a) if TEXT_A[s.start:s.end] == "Trump")
    services.spans.remove(trump.id)
    assert services.read.get(trump.id).status == Review.REJECTED
    services.annotator.run(services.annotator.pending([a], force=True))
    trumps = [s for s in services.read.spans(a) if TEXT_A[s.start:s.end] == "Trump"]
    assert [s.status.value for s in trumps] == ["rejected"]  # not suggested again


def test_accept_and_accept_all(services: Services, ids) -> None:
    a, _ = ids
    services.annotator.run([a])
    first = services.read.spans(a)[0]
    services.spans.accept(first.id)
    assert services.read.get(first.id).status == Review.ACCEPTED
    n = services.spans.accept_all(a)
    assert n == len(services.read.spans(a)) - 1
    assert {s.status for s in services.read.spans(a)} == {Review.ACCEPTED}
    services.history.undo()  # one step undoes all of them
    assert sum(s.status == Review.SUGGESTED for s in services.read.spans(a)) == n


def test_resize_by_tokens_and_refusal(services: Services, ids) -> None:
    a, _ = ids
    s = services.spans.add(a, 14, 19, "PERSON")  # Trump
    services.spans.resize(s.id, 14, 33)  # Trump in Washington
    assert TEXT_A[services.read.get(s.id).start:services.read.get(s.id).end] == "Trump in Washington"
    other = services.spans.add(a, 0, 9, "PERSON")
    with pytest.raises(ActionRefused):
        services.spans.resize(other.id, 0, 16)


def test_removing_a_linked_span_asks_then_obeys(services: Services, ids) -> None:
    a, _ = ids
    speaker = services.spans.add(a, 0, 9, "PERSON")
    claim = services.claims.mark(a, 36, 60)
    link = services.links.link(claim.id, speaker.id, "said_by")
    with pytest.raises(LinkedObject) as asked:
        services.spans.remove(speaker.id)
    assert [lk.id for lk in asked.value.links] == [link.id]
    services.spans.remove(speaker.id, linked="keep")
    assert services.read.get(speaker.id).status == Review.REJECTED and services.read.get(link.id)
    services.history.undo()
    services.spans.remove(speaker.id, linked="remove")
    assert services.read.get(speaker.id) is None and services.read.get(link.id) is None
    services.history.undo()
    assert services.read.get(link.id) is not None  # undo brings both back


def test_mark_done(services: Services, ids) -> None:
    a, _ = ids
    services.spans.set_status(a, ArticleStatus.DONE)
    assert services.read.article(a).status == ArticleStatus.DONE
    assert services.history.undo_text.startswith("Mark 'A' done")


def test_undo_is_refused_when_someone_else_changed_it(services: Services, engine, ids, tmp_path) -> None:
    from desktop.db import open_store
    from desktop.services import build_services

    a, _ = ids
    span = services.spans.add(a, 0, 9, "PERSON")
    other = build_services(open_store(tmp_path / "t.sqlite3"), engine, annotator="bob")
    other.spans.relabel(span.id, "ORG")
    with pytest.raises(ActionRefused, match="changed elsewhere"):
        services.history.undo()
    assert other.read.get(span.id).label == "ORG"
    other.close()

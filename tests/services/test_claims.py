"""Claims, links across articles and canonical entities."""

from __future__ import annotations

import pytest

from desktop.domain.errors import ActionRefused
from desktop.domain.model import Review, Verdict
from desktop.services import Services

from .conftest import TEXT_A, TEXT_B


def test_mark_and_describe_a_claim(services: Services, ids) -> None:
    a, _ = ids
    start = TEXT_A.index("We will")
    claim = services.claims.mark(a, start, start + 24)
    services.claims.update(claim.id, verdict="disputed", checkworthy=3, note="Check the date",
                           evidence=["https://example.org/a", " "])  # fmt: skip
    stored = services.read.get(claim.id)
    assert stored.verdict == Verdict.DISPUTED and stored.checkworthy == 3
    assert stored.evidence == ["https://example.org/a"] and stored.note == "Check the date"
    with pytest.raises(ActionRefused):
        services.claims.update(claim.id, checkworthy=7)
    services.history.undo()
    assert services.read.get(claim.id).verdict == Verdict.UNVERIFIED


def test_link_claims_across_articles_and_validation(services: Services, ids) -> None:
    a, b = ids
    ca = services.claims.mark(a, 0, 33)
    cb = services.claims.mark(b, 0, len(TEXT_B) - 1)
    link = services.links.link(ca.id, cb.id, "contradicts")
    assert services.read.get(link.id).child == cb.id
    assert [lk.id for lk in services.links.links_of(cb.id)] == [link.id]
    span = services.spans.add(a, 0, 9, "PERSON")
    with pytest.raises(ActionRefused):
        services.links.link(ca.id, span.id, "supports")  # claim -> claim only
    with pytest.raises(ActionRefused):
        services.links.link(ca.id, cb.id, "said_by")  # claim -> span/entity only
    with pytest.raises(ActionRefused):
        services.links.link(span.id, ca.id, "about")  # a link starts at a claim
    services.links.unlink(link.id)
    assert services.read.get(link.id) is None
    services.history.undo()
    assert services.read.get(link.id) is not None


def test_removing_a_claim_with_incoming_links_asks(services: Services, ids) -> None:
    from desktop.services import LinkedObject

    a, b = ids
    ca = services.claims.mark(a, 0, 33)
    cb = services.claims.mark(b, 0, 20)
    services.links.link(ca.id, cb.id, "repeats")
    with pytest.raises(LinkedObject):
        services.claims.remove(cb.id)
    services.claims.remove(cb.id, linked="remove")
    assert services.read.get(cb.id) is None and services.links.links_of(ca.id) == []


def test_accepting_a_suggested_quote_accepts_its_speaker(services: Services, ids) -> None:
    a, _ = ids
    services.annotator.run([a])
    claim = next(c for c in services.read.claims(a))
    link = services.links.links_of(claim.id)[0]
    assert services.read.get(link.child).status == Review.SUGGESTED
    services.claims.accept(claim.id)
    assert services.read.get(claim.id).status == Review.ACCEPTED
    assert services.read.get(link.child).status == Review.ACCEPTED


def test_entities_merge_proposals_confirm_rename_split(services: Services, ids) -> None:
    a, b = ids
    n1 = services.spans.add(a, 0, 9, "PERSON")
    s_text = "Rubio"
    r1 = services.spans.add(b, 0, len(s_text), "PERSON")
    start = TEXT_A.rindex("Netanyahu")
    n2 = services.spans.add(a, start, start + 9, "PERSON")
    proposals = dict(services.entities.proposals())
    assert "Netanyahu" in proposals and {s.id for s in proposals["Netanyahu"]} == {n1.id, n2.id}
    entity = services.entities.confirm_proposal("Netanyahu", [n1.id, n2.id])
    assert {services.read.get(i).entity_id for i in (n1.id, n2.id)} == {entity.id}
    renamed = services.entities.rename(entity.id, "Benjamin Netanyahu", kb_id="Q43915")
    assert renamed.aliases == ["Netanyahu"] and renamed.kb_id == "Q43915"
    rubio = services.entities.create_from_span(r1.id, "Marco Rubio")
    merged = services.entities.merge(entity.id, [rubio.id])
    assert services.read.get(r1.id).entity_id == entity.id and "Marco Rubio" in merged.aliases
    services.history.undo()
    assert services.read.get(r1.id).entity_id == rubio.id
    split = services.entities.split(entity.id, [n2.id], "Another Netanyahu")
    assert services.read.get(n2.id).entity_id == split.id


def test_proposals_with_name_variants_come_first(services: Services, store, ids) -> None:
    from .conftest import doc

    a, b = ids
    third = doc("Marco Rubio spoke in Washington. Washington agreed.", "C")
    store.add_documents([third])
    c = third.article.id
    texts = {a: TEXT_A, b: TEXT_B, c: third.text}
    for aid, word, label, nth in [(a, "Washington", "GPE", 0), (b, "Washington", "GPE", 0), (c, "Washington", "GPE", 0),
                                  (c, "Washington", "GPE", 1), (b, "Rubio", "PERSON", 0),
                                  (c, "Marco Rubio", "PERSON", 0)]:  # fmt: skip
        start = texts[aid].index(word) if nth == 0 else texts[aid].rindex(word)
        services.spans.add(aid, start, start + len(word), label)
    proposals = services.entities.proposals()
    assert [name for name, _ in proposals] == ["Marco Rubio", "Washington"]  # variants first, despite fewer mentions
    assert len(proposals[1][1]) == 4


def test_merging_entities_that_one_claim_links_to_keeps_one_link(services: Services, ids) -> None:
    a, _ = ids
    s1 = services.spans.add(a, 0, 9, "PERSON")
    start = TEXT_A.rindex("Netanyahu")
    s2 = services.spans.add(a, start, start + 9, "PERSON")
    e1 = services.entities.create_from_span(s1.id, "Benjamin Netanyahu")
    e2 = services.entities.create_from_span(s2.id, "Netanyahu")
    claim = services.claims.mark(a, 36, 60)
    services.links.link(claim.id, e1.id, "said_by")
    services.links.link(claim.id, e2.id, "said_by")
    services.links.link(claim.id, e2.id, "about")
    services.entities.merge(e1.id, [e2.id])
    kept = sorted((lk.label.value, lk.child) for lk in services.links.links_of(claim.id))
    assert kept == [("about", e1.id), ("said_by", e1.id)]
    services.history.undo()
    assert len(services.links.links_of(claim.id)) == 3


def test_accept_all_covers_entity_and_claim_suggestions_in_one_step(services: Services, ids) -> None:
    a, _ = ids
    services.annotator.run([a])
    assert services.claims.unreviewed(a) == (4, 1)
    assert services.claims.accept_all(a) == 5
    assert services.claims.unreviewed(a) == (0, 0)
    assert services.history.undo_text == "Accept 5 suggestions (4 entities, 1 claim)"
    services.history.undo()
    assert services.claims.unreviewed(a) == (4, 1)
    assert services.claims.accept_all(services.corpus.articles()[1].id) >= 0


def test_a_said_by_link_attributes_the_claim(services: Services, ids) -> None:
    from desktop.domain.model import Attribution

    a, _ = ids
    claim = services.claims.mark(a, TEXT_A.index("We will"), TEXT_A.index(" Netanyahu said"))
    speaker = services.spans.add(a, 0, 9, "PERSON")
    assert services.read.get(claim.id).attribution == Attribution.UNATTRIBUTED
    services.links.link(claim.id, speaker.id, "said_by")
    assert services.read.get(claim.id).attribution == Attribution.DIRECT
    services.history.undo()  # one step: the link and the attribution
    assert services.read.get(claim.id).attribution == Attribution.UNATTRIBUTED
    assert services.links.links_of(claim.id) == []


def test_setting_only_the_wikidata_id_is_not_called_a_rename(services: Services, ids) -> None:
    a, _ = ids
    span = services.spans.add(a, 0, 9, "PERSON")
    entity = services.entities.create_from_span(span.id, "Benjamin Netanyahu")
    services.entities.rename(entity.id, "Benjamin Netanyahu", kb_id="Q43915")
    assert services.history.undo_text == "Set the Wikidata id of 'Benjamin Netanyahu' to Q43915"
    services.entities.rename(entity.id, "Netanyahu")
    assert services.history.undo_text == "Rename entity 'Benjamin Netanyahu' to 'Netanyahu'"


def test_rejecting_a_suggested_speaker_asks_about_the_said_by_link(services: Services, ids) -> None:
    from desktop.services import LinkedObject

    a, _ = ids
    services.annotator.run([a])
    claim = next(c for c in services.read.claims(a))
    link = services.links.links_of(claim.id)[0]
    with pytest.raises(LinkedObject) as asked:
        services.spans.remove(link.child)
    assert [lk.id for lk in asked.value.links] == [link.id]
    assert services.read.get(link.child).status == Review.SUGGESTED  # nothing written
    services.spans.remove(link.child, linked="remove")
    assert services.read.get(link.child).status == Review.REJECTED and services.read.get(link.id) is None
    services.history.undo()
    services.spans.remove(link.child, linked="keep")
    assert services.read.get(link.id) is not None
    services.claims.remove(claim.id)  # the quote itself: its own link points away from it, no question

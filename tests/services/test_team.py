"""Team review through the services: two analysts on one article, on SQLite and on PostgreSQL.

Analyst A and B are given the same article. Each sees the model's suggestions and their own
work, never the colleague's until it is submitted; accepting a suggestion copies it into
one's own version, rejecting one stores a rejected copy there, and the shared suggestion
stays for the other. The edit log names who did what.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.db import open_store
from desktop.domain.errors import ActionRefused, ConflictError
from desktop.domain.model import SHARED, Review, VersionState
from desktop.services import Services, build_services
from tests.services.conftest import TEXT_A, TEXT_B, ListEngine, doc


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def team_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "team.sqlite3")
    return str(request.getfixturevalue("fresh_pg_url"))


@pytest.fixture
def desk(team_url: str, engine: ListEngine) -> Iterator[tuple[Services, Services, str]]:
    """Two analysts' sessions (ana, bob) on one database, with article A pre-annotated."""
    raw = open_store(team_url)
    raw.add_documents([doc(TEXT_A, "A", "2025-07-10"), doc(TEXT_B, "B", "2024-05-25")])
    raw.close()
    ana = build_services(open_store(team_url), engine, annotator="ana")
    bob = build_services(open_store(team_url), engine, annotator="bob")
    aid = next(a.id for a in ana.corpus.articles() if a.title == "A")
    ana.annotator.run([aid])
    yield ana, bob, aid
    ana.close()
    bob.close()


def _texts(services: Services, aid: str) -> set[tuple[str, str, str]]:
    """What the analyst sees drawn: (text, label, status) of the visible spans of their view."""
    opened = services.open_article()
    d = opened.open(aid)
    return {(d.text[s.start : s.end], s.label, s.status.value) for s in d.spans if s.visible}


def test_two_analysts_never_see_each_others_marks_until_submitted(desk: tuple[Services, Services, str]) -> None:
    ana, bob, aid = desk
    shared_before = ana.read.spans(aid)
    assert {s.status for s in shared_before} == {Review.SUGGESTED}
    assert ana.team.assign([aid], ["ana", "bob"]) == 2
    assert ana.team.assign([aid], ["bob"]) == 0  # already assigned: left as it is
    assert [(a.analyst, a.state, a.assigned_by) for a in bob.read.assignments(aid)] == [
        ("ana", VersionState.ASSIGNED, "ana"), ("bob", VersionState.ASSIGNED, "ana")]  # fmt: skip

    # both start from the same shared suggestions
    suggested = {("Netanyahu", "PERSON", "suggested"), ("Trump", "PERSON", "suggested"),
                 ("Washington", "GPE", "suggested")}  # fmt: skip
    assert _texts(ana, aid) == _texts(bob, aid) == suggested
    opened = ana.open_article()
    view = opened.open(aid)
    assert opened.team_version == "ana"
    trump = next(s for s in view.spans if view.text[s.start : s.end] == "Trump")
    washington = next(s for s in view.spans if view.text[s.start : s.end] == "Washington")

    # ana accepts Trump, rejects Washington and marks "bring them home" as an ORG (a made-up label)
    copy = ana.spans.accept(trump.id)
    assert (copy.version, copy.status, copy.origin, copy.id != trump.id) == ("ana", Review.ACCEPTED, trump.origin,
                                                                              True)  # fmt: skip
    rejected = ana.spans.remove(washington.id)
    assert rejected is not None and (rejected.version, rejected.status) == ("ana", Review.REJECTED)
    ana.spans.add(aid, TEXT_A.index("bring"), TEXT_A.index("home") + 4, "EVENT")
    # bob relabels Trump as ORG in his version
    bob_trump = bob.spans.relabel(trump.id, "ORG")
    assert bob_trump.version == "bob"

    assert _texts(ana, aid) == {("Netanyahu", "PERSON", "suggested"), ("Trump", "PERSON", "accepted"),
                                ("bring them home", "EVENT", "accepted")}  # fmt: skip
    assert _texts(bob, aid) == {("Netanyahu", "PERSON", "suggested"), ("Trump", "ORG", "accepted"),
                                ("Washington", "GPE", "suggested")}  # fmt: skip
    # the shared version is untouched: the suggestions stay for colleagues, and a team of one sees them
    assert ana.read.spans(aid) == shared_before
    assert ana.corpus.document(aid).spans == shared_before
    assert [(a.analyst, a.state) for a in ana.read.assignments(aid)] == [
        ("ana", VersionState.IN_PROGRESS), ("bob", VersionState.IN_PROGRESS)]  # fmt: skip

    # an analyst cannot open a colleague's version before it is submitted, nor edit it after
    with pytest.raises(ActionRefused, match="bob has not submitted"):
        ana.corpus.document(aid, "bob")
    with pytest.raises(ActionRefused, match="version"):
        ana.spans.remove(bob_trump.id)
    bob.team.submit(aid)
    seen = ana.corpus.document(aid, "bob")
    assert {(seen.text[s.start : s.end], s.label) for s in seen.spans if s.visible and s.version == "bob"} == {
        ("Trump", "ORG")}  # fmt: skip
    with pytest.raises(ConflictError, match="submitted"):
        bob.spans.add(aid, TEXT_A.index("met"), TEXT_A.index("met") + 3, "EVENT")
    bob.team.reopen(aid, "bob")
    bob.spans.add(aid, TEXT_A.index("met"), TEXT_A.index("met") + 3, "EVENT")

    versions = {v.annotator: v for v in ana.read.versions(aid)}
    assert set(versions) == {"ana", "bob"}
    assert versions["ana"].state == VersionState.IN_PROGRESS
    assert sorted((s.label, s.status.value) for s in versions["ana"].spans) == [
        ("EVENT", "accepted"), ("GPE", "rejected"), ("PERSON", "accepted")]  # fmt: skip

    # the edit log names each analyst
    log = ana.read.edit_log(article_id=aid, limit=50)
    by_who = {(e.annotator, e.action.split(" ")[0]) for e in log}
    assert {("ana", "Assign"), ("ana", "Accept"), ("ana", "Reject"), ("ana", "Label"), ("bob", "Relabel"),
            ("bob", "Submit"), ("bob", "Reopen"), ("bob", "Label")} <= by_who  # fmt: skip
    assert any(e.annotator == "bob" and (e.after or {}).get("version") == "bob" for e in log)

    # the article list keeps counting the shared version only
    row = next(a for a in ana.corpus.articles() if a.id == aid)
    assert (row.n_entities, row.n_suggestions) == (len(shared_before), len(shared_before)) == (4, 4)


def test_accepting_a_suggested_quote_copies_its_speaker_and_link(desk: tuple[Services, Services, str]) -> None:
    ana, bob, aid = desk
    ana.team.assign([aid], ["ana"])
    view = ana.open_article().open(aid)
    (quote,) = view.claims
    assert quote.version == SHARED and quote.status == Review.SUGGESTED
    assert ana.claims.unreviewed(aid) == (4, 1)
    copy = ana.claims.accept(quote.id)
    mine = ana.open_article().open(aid)
    (claim,) = mine.claims
    assert claim.id == copy.id and claim.version == "ana"
    (link,) = [lk for lk in mine.links if lk.head == claim.id]
    speaker = next(s for s in mine.spans if s.id == link.child)
    assert (mine.text[speaker.start : speaker.end], speaker.version, speaker.status) == (
        "Netanyahu", "ana", Review.ACCEPTED)  # fmt: skip
    assert link.version == "ana"
    assert ana.claims.unreviewed(aid) == (3, 0)
    assert ana.claims.accept_all(aid) == 3
    assert {s.status for s in ana.open_article().open(aid).spans} == {Review.ACCEPTED}
    # bob (not assigned) edits the shared version as a team of one does: still all suggestions there
    assert bob.open_article().open(aid).claims[0].status == Review.SUGGESTED
    assert bob.claims.unreviewed(aid) == (4, 1)


def test_a_team_of_one_is_unchanged_and_unassigning_keeps_the_work(desk: tuple[Services, Services, str]) -> None:
    ana, bob, aid = desk
    opened = ana.open_article()
    trump = next(s for s in opened.open(aid).spans if TEXT_A[s.start : s.end] == "Trump")
    assert opened.team_version == SHARED
    accepted = ana.spans.accept(trump.id)
    assert accepted.id == trump.id and accepted.version == SHARED  # edited in place, as before team review
    bob.team.assign([aid], ["ana"])
    net = next(s for s in ana.open_article().open(aid).spans if TEXT_A[s.start : s.end] == "Netanyahu")
    ana.spans.accept(net.id)
    assert ana.team.unassign([aid], ["ana"]) == 1
    assert ana.read.assignments(aid) == []
    (version,) = ana.read.versions(aid)  # the work stays in the version, listed as in progress
    assert (version.annotator, version.state, len(version.spans)) == ("ana", VersionState.IN_PROGRESS, 1)
    assert ana.open_article().open(aid).spans == ana.read.spans(aid)  # back to the shared version
    with pytest.raises(ActionRefused):
        ana.team.assign([aid], ["  "])
    with pytest.raises(ActionRefused, match="no article"):
        ana.team.assign(["a-nope"], ["bob"])


def test_a_stale_assignment_change_is_refused_whole(desk: tuple[Services, Services, str], team_url: str) -> None:
    ana, bob, aid = desk
    ana.team.assign([aid], ["bob"])
    stale = ana.team.assignment(aid, "bob")
    assert stale is not None
    bob.team.submit(aid)
    from dataclasses import replace

    raw = open_store(team_url)
    with pytest.raises(ConflictError, match="changed elsewhere"):
        raw.write_assignments([(stale, replace(stale, state=VersionState.IN_PROGRESS))], action="x",
                              annotator="ana")  # fmt: skip
    raw.close()
    assert [a.state for a in ana.read.assignments(aid)] == [VersionState.SUBMITTED]


def test_spans_never_overlap_within_a_version_but_may_across_versions(desk: tuple[Services, Services, str],
                                                                     team_url: str) -> None:  # fmt: skip
    ana, bob, aid = desk
    ana.team.assign([aid], ["ana", "bob"])
    start = TEXT_A.index("Trump")
    a = ana.spans.add(aid, start, start + 5, "PERSON")
    b = bob.spans.add(aid, start, start + 14, "ORG")  # "Trump in Washi..." overlaps ana's span: another version
    assert (a.version, b.version) == ("ana", "bob")
    with pytest.raises(ActionRefused, match="overlap"):
        ana.spans.add(aid, start + 2, start + 8, "ORG")
    # the store refuses an overlap written past the services' check, inside the transaction
    from dataclasses import replace

    from desktop.domain.ids import new_id
    from desktop.domain.model import Change, ChangeSet

    sneaky = replace(a, id=new_id("span"), start=start + 1, end=start + 3)
    raw = open_store(team_url)
    with pytest.raises(ConflictError, match="overlap"):
        raw.apply(ChangeSet("sneak", (Change(None, sneaky),), aid), annotator="ana")
    raw.close()

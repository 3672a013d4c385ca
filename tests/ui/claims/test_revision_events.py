"""Revision events in the claims timeline: changed claims carry the event, removed quotes a group."""

from __future__ import annotations

from desktop.domain.model import Claim, ClaimKind, ClaimRef
from desktop.ui.claims.revision_events import with_revision_events
from desktop.ui.claims.timeline import TimelineWidget


def ref(cid: str, text: str, kind: ClaimKind = ClaimKind.QUOTE, published: str = "2025-07-10") -> ClaimRef:
    return ClaimRef(Claim(cid, "a-1", 0, len(text), kind=kind), "a-1", "Talks", published, text, None)


def test_removed_quotes_are_a_finding_and_changed_claims_carry_their_event(qtbot) -> None:  # type: ignore[no-untyped-def]
    removed = [(ref("c-gone", "We will never negotiate"), "removed in revision 2")]
    groups, events = with_revision_events([], {"c-toll": ["changed in revision 3"]}, removed)
    assert [g.title for g in groups] == ["Quotes removed by a later revision"]
    assert [r.claim.id for r in groups[0].refs] == ["c-gone"]
    assert events == {"c-toll": ["changed in revision 3"], "c-gone": ["removed in revision 2"]}

    widget = TimelineWidget()
    qtbot.addWidget(widget)
    widget.set_groups(groups, events)
    assert [c.ref.claim.id for c in widget.cards()] == ["c-gone"]
    assert widget.events("c-gone") == ["removed in revision 2"]


def test_no_revisions_leaves_the_timeline_as_it_was() -> None:
    groups, events = with_revision_events([], {}, [])
    assert groups == [] and events == {}

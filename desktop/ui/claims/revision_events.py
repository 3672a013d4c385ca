"""Revision events in the claims timeline (Qt-free, like :mod:`.grouping`, so it moves with it).

A claim whose text changed in a revision carries the event on its card ("changed in revision 3");
claims that a revision removed form a group of their own, each card saying "removed in revision 2".
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from desktop.domain.model import ClaimKind, ClaimRef
from desktop.services.timeline import TimelineGroup, _order_key

REMOVED_TITLE = "removed by a later revision"


Events = dict[str, list[str]]


def with_revision_events(groups: Sequence[TimelineGroup], changed: Mapping[str, Sequence[str]],
                         removed: Sequence[tuple[ClaimRef, str]]) -> tuple[list[TimelineGroup], Events]:  # fmt: skip
    """The timeline's groups plus the removed claims' group, and the events to show per claim id."""
    events = {cid: list(lines) for cid, lines in changed.items()}
    out = list(groups)
    if removed:
        refs = sorted((ref for ref, _ in removed), key=lambda r: (r.claim.kind != ClaimKind.QUOTE, _order_key(r)))
        for ref, line in removed:
            events.setdefault(ref.claim.id, []).append(line)
        quotes = sum(1 for r in refs if r.claim.kind == ClaimKind.QUOTE)
        title = f"{'Quotes' if quotes == len(refs) else 'Claims'} {REMOVED_TITLE}"
        out.append(TimelineGroup(title=title, refs=tuple(refs), links=()))
    return out, events

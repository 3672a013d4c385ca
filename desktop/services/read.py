"""The read side: what the views and the command line ask, answered from the store.

Qt-free, and the only way the UI reads single objects: the window never sees the store.
Every method is one or a few store reads; the answers are plain domain values or the
read models of :mod:`.links` and :mod:`.timeline`.
"""

from __future__ import annotations

from collections.abc import Sequence

from desktop.domain.model import (
    SHARED,
    Annotation,
    AnnotationVersion,
    Article,
    Assignment,
    Claim,
    ClaimRef,
    EditLogEntry,
    Entity,
    Link,
    Span,
)
from desktop.domain.ports import Store

from .links import Describer, LinkRow, link_rows
from .timeline import TimelineGroup, timeline_groups

LINK_BATCH = 500  # ids per store query (SQL engines cap the number of bound parameters)


class ReadSide:
    def __init__(self, store: Store) -> None:
        self._store = store

    # -- single objects -------------------------------------------------------------
    def get(self, object_id: str) -> Annotation | None:
        """The span, claim, link, entity or rule with this id, or None."""
        return self._store.get(object_id)

    def claim(self, claim_id: str | None) -> Claim | None:
        """The claim with this id, or None (no id, gone, or not a claim)."""
        obj = self._store.get(claim_id) if claim_id else None
        return obj if isinstance(obj, Claim) else None

    def entity(self, entity_id: str) -> Entity | None:
        obj = self._store.get(entity_id)
        return obj if isinstance(obj, Entity) else None

    def article(self, article_id: str) -> Article:
        """Raises KeyError when there is no such article."""
        return self._store.get_article(article_id)

    def spans(self, article_id: str, version: str = SHARED) -> list[Span]:
        """Every span of one version of an article (any status), by position."""
        return self._store.spans(article_id, version)

    def claims(self, article_id: str, version: str = SHARED) -> list[Claim]:
        return self._store.claims(article_id, version)

    # -- team review ----------------------------------------------------------------
    def assignments(self, article_id: str | None = None, analyst: str | None = None) -> list[Assignment]:
        """Assignments by article, then analyst (of one article and/or one analyst)."""
        return self._store.assignments(article_id=article_id, analyst=analyst)

    def versions(self, article_id: str) -> list[AnnotationVersion]:
        """Every analyst's own version of an article, any state (agreement and curation read these)."""
        return self._store.versions(article_id)

    def edit_log(self, *, article_id: str | None = None, limit: int = 100) -> list[EditLogEntry]:
        return self._store.edit_log(article_id=article_id, limit=limit)

    # -- read models ----------------------------------------------------------------
    def describer(self) -> Describer:
        """Plain-text names of objects, with articles cached for one view's fill."""
        return Describer(self._store)

    def links_touching(self, object_ids: Sequence[str]) -> list[Link]:
        """Every link whose head or child is one of these, each once (read in batches)."""
        seen: dict[str, Link] = {}
        ids = list(object_ids)
        for i in range(0, len(ids), LINK_BATCH):
            for link in self._store.links_touching(ids[i : i + LINK_BATCH]):
                seen.setdefault(link.id, link)
        return list(seen.values())

    def link_rows(self, claim: Claim, describer: Describer | None = None) -> list[LinkRow]:
        """The claim's links as the inspector lists them (outgoing first)."""
        return link_rows(describer or self.describer(), claim, self._store.links_touching([claim.id]))

    def timeline_groups(self, refs: Sequence[ClaimRef] | None = None) -> list[TimelineGroup]:
        """Claims about the same thing in date order (``refs``: the claims listed, default all)."""
        refs = list(refs) if refs is not None else self._store.list_claims()
        return timeline_groups(refs, self.links_touching([r.claim.id for r in refs]))


__all__ = ["Describer", "LinkRow", "ReadSide", "TimelineGroup"]

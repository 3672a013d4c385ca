"""Corpus search, Qt-free: the query language in, ranked hits with highlighted snippets out."""

from __future__ import annotations

from collections.abc import Mapping

from desktop.domain.ports import Store
from desktop.domain.search import SearchHit, SearchQuery, parse_query


class Search:
    def __init__(self, store: Store) -> None:
        self._store = store

    def parse(self, text: str, *, limit: int = 200, filters: Mapping[str, str | None] | None = None) -> SearchQuery:
        """The query line plus ``filters`` by field name (:data:`desktop.domain.search.FILTERS`), which win.
        Raises :class:`desktop.domain.search.QueryError` naming what it cannot understand."""
        return parse_query(text, limit=limit, **(filters or {}))

    def run(self, query: SearchQuery | str) -> list[SearchHit]:
        """Titles, texts and claims that match, best first; an empty query finds nothing."""
        q = parse_query(query) if isinstance(query, str) else query
        if q.empty:
            return []
        return self._store.search(q)

    def match_in(self, hit: SearchHit, text: str) -> tuple[int, int] | None:
        """Where a hit's first highlighted term is in its article's ``text`` (code points)."""
        return hit.locate(text)

    def index_ok(self) -> bool:
        return self._store.search_index_ok()

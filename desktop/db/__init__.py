"""Newsdesk's storage: SQLAlchemy 2 on SQLite (default) or PostgreSQL (psycopg 3).

``open_store(path_or_url)`` checks, migrates (backing up an SQLite file first) and
returns a :class:`SqlStore`, which implements :class:`desktop.domain.ports.Store`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from .dialect import is_sqlite, resolve_url
from .opening import open_engine
from .store import SqlStore

__all__ = ["SqlStore", "open_store", "resolve_url"]


def open_store(path_or_url: str | Path, *, busy_timeout: float = 5.0,
               progress: Callable[[int, int, str], None] | None = None) -> SqlStore:  # fmt: skip
    """Open (creating and migrating as needed) the database at a path or SQLAlchemy URL.

    A plain path is an SQLite file (its folder is created); ``sqlite://`` is an
    in-memory database; ``postgresql://...`` uses psycopg 3. Raises
    ``desktop.domain.errors.StoreError`` with one line naming the file and the reason.
    ``progress(done, total, message)`` hears about long upgrade steps (the search index build).
    """
    url = resolve_url(path_or_url)
    engine, read_only = open_engine(url, busy_timeout=busy_timeout, progress=progress)
    store = SqlStore(engine, url, read_only=read_only)
    if is_sqlite(url) and not read_only:  # a read-only file cannot hold an unfinished import of this user
        try:
            store.recover_imports()  # an import whose process died leaves no trace
        except BaseException:
            store.close()
            raise
    return store

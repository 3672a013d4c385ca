"""Fixtures for the storage tests: a store on SQLite or on a real PostgreSQL server
(the server fixtures, ``postgres_url`` and ``fresh_pg_url``, live in tests/conftest.py)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.db import SqlStore, open_store


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def backend_url(request: pytest.FixtureRequest, tmp_path: Path) -> str:
    if request.param == "sqlite":
        return str(tmp_path / "newsdesk.sqlite3")
    return str(request.getfixturevalue("fresh_pg_url"))


@pytest.fixture
def store(backend_url: str) -> Iterator[SqlStore]:
    st = open_store(backend_url)
    yield st
    st.close()

"""Migrations: run in code at open, schema matches the ORM, backup before upgrading an old file."""

from __future__ import annotations

import sqlite3
import warnings
from contextlib import closing
from pathlib import Path

import sqlalchemy as sa
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

import desktop.db
from desktop.db import SqlStore, open_store, resolve_url
from desktop.db.dialect import make_engine
from desktop.db.migrate import MIGRATIONS, head_revision, upgrade
from desktop.db.schema import ArticleRow, Base
from desktop.db.search import LIST_INDEXES, is_search_table
from tests.db.builders import doc_a


def test_a_new_database_is_at_head_and_matches_the_orm(store: SqlStore, backend_url: str) -> None:
    assert store.schema_version() == head_revision() == "0009"
    engine = make_engine(resolve_url(backend_url))
    try:
        with engine.connect() as conn:
            ctx = MigrationContext.configure(conn, opts={"include_name": _not_search})
            with warnings.catch_warnings():  # SQLite cannot reflect the list's expression indexes (made by 0006)
                warnings.filterwarnings("ignore", "Skipped unsupported reflection of expression-based index")
                assert compare_metadata(ctx, Base.metadata) == []
            checks = {c["name"] for c in sa.inspect(conn).get_check_constraints("links")}
            assert {"ck_links_one_child", "ck_links_child_fits_label"} <= checks
    finally:
        engine.dispose()


def _not_search(name: str | None, kind: str, _parent: object) -> bool:
    """The search index (migration 0006) and the list's expression indexes are not ORM tables."""
    return not (is_search_table(name) or (kind == "index" and name in LIST_INDEXES))


def test_migrations_ship_inside_the_package_without_alembic_ini() -> None:
    assert MIGRATIONS.parent == Path(desktop.db.__file__ or "").resolve().parent
    assert (MIGRATIONS / "env.py").is_file()
    assert {p.name for p in (MIGRATIONS / "versions").glob("*.py")} >= {
        "0001_initial.py",
        "0002_spans_entity_index.py",
        "0003_spans_range_index.py",
        "0005_relations.py",
        "0004_spans_never_overlap.py",
        "0006_search_index.py",
        "0007_article_revisions.py",
        "0008_shared_models.py",
        "0009_team_versions.py",
        "0010_annotate_queue.py",
    }
    assert not list(MIGRATIONS.parent.rglob("alembic.ini"))


def _sqlite_indexes(path: Path) -> set[str]:
    with closing(sqlite3.connect(path)) as raw:
        return {r[0] for r in raw.execute("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'spans'")}


def test_an_old_database_is_backed_up_then_upgraded(tmp_path: Path) -> None:
    path = tmp_path / "newsdesk.sqlite3"
    engine = make_engine(resolve_url(path))
    upgrade(engine, "0001")  # a database written by the previous version
    row = {
        "id": "a-old",
        "text": "written by 0001",
        "sha256": "f" * 64,
        "title": "Old",
        "language": "en",
        "meta_extra": {},
        "status": "done",
        "created": "2026-01-01T00:00:00Z",
        "updated": "2026-01-01T00:00:00Z",
    }
    with engine.begin() as conn:
        conn.execute(sa.insert(ArticleRow), [row])
    engine.dispose()
    assert "ix_spans_entity_id" not in _sqlite_indexes(path)

    store = open_store(path)
    assert store.schema_version() == "0009"
    assert store.get_article("a-old").meta.title == "Old"
    store.add_documents([doc_a()])
    store.close()
    assert {"ix_spans_entity_id", "ix_spans_article_id_version_start_end"} <= _sqlite_indexes(path)
    assert "ix_spans_article_id_start" not in _sqlite_indexes(path)

    backups = list(tmp_path.glob("newsdesk.sqlite3.bak-0001-*"))
    assert len(backups) == 1, list(tmp_path.iterdir())
    assert backups[0].name.endswith("Z")  # ...bak-0001-20261122T003000Z
    with closing(sqlite3.connect(backups[0])) as raw:
        assert raw.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
        assert raw.execute("SELECT version_num FROM alembic_version").fetchone()[0] == "0001"
        assert raw.execute("SELECT id, title FROM articles").fetchall() == [("a-old", "Old")]
    assert "ix_spans_entity_id" not in _sqlite_indexes(backups[0])

    open_store(path).close()  # already at head: no second backup
    assert len(list(tmp_path.glob("newsdesk.sqlite3.bak-*"))) == 1


def test_a_new_file_gets_no_backup(tmp_path: Path) -> None:
    open_store(tmp_path / "fresh.sqlite3").close()
    open_store(tmp_path / "fresh.sqlite3").close()
    assert list(tmp_path.glob("*.bak-*")) == []

"""Opening a database: pre-flight checks, migrations (with a backup first), clear errors."""

from __future__ import annotations

import os
import sqlite3
from pathlib import Path

from sqlalchemy import Engine
from sqlalchemy.exc import DBAPIError, SQLAlchemyError

from desktop.domain.errors import StoreError

from . import dialect, migrate


def open_engine(url: str, *, busy_timeout: float = 5.0,
                progress: migrate.ProgressFn | None = None) -> tuple[Engine, bool]:  # fmt: skip
    """An engine on a database at the head schema revision, or StoreError (one line).

    A file that is not a Newsdesk database is only read, never written: the checks
    and the revision probe happen before any migration or pragma touches it.
    Returns the engine and whether it is read-only (an SQLite file Newsdesk cannot
    write: browsing and export work, every write fails with "the database is read-only").
    """
    where = dialect.display(url)
    path = dialect.sqlite_file(url)
    engine: Engine | None = None
    read_only = False
    try:
        existed = dialect.check_sqlite_file(path) if path is not None else False
        revision: str | None = None
        tables = False
        if path is not None and existed:
            revision, tables = dialect.probe_sqlite(path, busy_timeout=busy_timeout)
            read_only = not dialect.sqlite_writable(path)
        if path is not None and not path.exists():
            # SQLite gives its -wal and -shm files the database file's mode: create it private.
            os.close(os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, dialect.PRIVATE_FILE))
        engine = dialect.make_engine(url, busy_timeout=busy_timeout, read_only=read_only)
        if path is None:
            with engine.connect() as conn:
                revision = migrate.current_revision(conn)
                tables = migrate.has_tables(conn)
        if read_only:
            _check_read_only(revision, tables, where)
        else:
            _migrate(engine, revision, tables, where, backup=path if existed else None, progress=progress)
        return engine, read_only
    except StoreError:
        if engine is not None:
            engine.dispose()
        raise
    except (DBAPIError, sqlite3.Error, OSError) as exc:
        if engine is not None:
            engine.dispose()
        raise dialect.explain(exc, where) from exc
    except SQLAlchemyError as exc:
        if engine is not None:
            engine.dispose()
        raise StoreError(f"{where}: {exc}") from exc


def _check_read_only(revision: str | None, tables: bool, where: str) -> None:
    head = migrate.head_revision()
    if revision == head:
        return
    if revision is None:
        raise StoreError(f"{where}: is read-only and not a Newsdesk database" if tables else
                         f"{where}: is read-only and empty: nothing to show")  # fmt: skip
    if revision not in migrate.known_revisions():
        raise StoreError(f"{where}: was written by a newer Newsdesk (schema {revision}; "
                         f"this version knows up to {head})")  # fmt: skip
    raise StoreError(f"{where}: is read-only and uses an older schema ({revision}) that must be upgraded "
                     "before this version can read it; make the file writable once")  # fmt: skip


def _migrate(engine: Engine, revision: str | None, tables: bool, where: str, *, backup: Path | None,
             progress: migrate.ProgressFn | None = None) -> None:  # fmt: skip
    head = migrate.head_revision()
    if revision == head:
        return
    if revision is None and tables:
        raise StoreError(f"{where}: is a database, but not a Newsdesk database (it has other tables)")
    if revision is not None and revision not in migrate.known_revisions():
        raise StoreError(
            f"{where}: was written by a newer Newsdesk (schema {revision}; this version knows up to {head})"
        )
    if revision is not None and backup is not None:
        dialect.backup_sqlite(backup, revision)
    migrate.upgrade(engine, progress=progress)

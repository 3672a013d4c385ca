"""Schema migrations with Alembic, run in code: no alembic.ini is needed at runtime.

The scripts ship inside the package (``desktop/db/migrations``), found from this
module's ``__file__`` so that they are also found inside a PyInstaller bundle (the
bundle must carry that folder as data files, ``.py`` sources included).
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Connection, Engine, inspect

from .dialect import WRITE_OPTION

MIGRATIONS = Path(__file__).resolve().parent / "migrations"


def alembic_config(connection: Connection | None = None) -> Config:
    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration scripts found in " + str(MIGRATIONS)
    return head


def known_revisions() -> set[str]:
    return {s.revision for s in ScriptDirectory.from_config(alembic_config()).walk_revisions()}


def current_revision(connection: Connection) -> str | None:
    return MigrationContext.configure(connection).get_current_revision()


def has_tables(connection: Connection) -> bool:
    return bool(inspect(connection).get_table_names())


ProgressFn = Callable[[int, int, str], None]


def upgrade(engine: Engine, revision: str = "head", *, progress: ProgressFn | None = None) -> None:
    """Upgrade the database behind ``engine`` to ``revision`` in one transaction.

    ``progress(done, total, message)`` hears about long steps (building the search index)."""
    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})  # SQLite: BEGIN IMMEDIATE
        cfg = alembic_config(conn)
        if progress is not None:
            cfg.attributes["progress"] = progress
        command.upgrade(cfg, revision)
        conn.commit()

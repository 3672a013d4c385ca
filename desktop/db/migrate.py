"""Schema migrations with Alembic, run in code: no alembic.ini is needed at runtime.

The scripts ship inside the package (``desktop/db/migrations``), found from this
module's ``__file__`` so that they are also found inside a PyInstaller bundle (the
bundle must carry that folder as data files, ``.py`` sources included).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import TYPE_CHECKING

from sqlalchemy import Connection, Engine, inspect, text

from .dialect import WRITE_OPTION

if TYPE_CHECKING:
    from alembic.config import Config

MIGRATIONS = Path(__file__).resolve().parent / "migrations"
# Alembic itself (~0.4 s to import) is loaded only to migrate: opening a database that is at the head
# revision reads the scripts' revision lines and the alembic_version table directly.
_REVISION_LINE = re.compile(r'^(down_revision|revision)\s*(?::[^=]*)?=\s*(?:"([^"]*)"|\'([^\']*)\'|None)', re.M)


def _script_revisions() -> dict[str, str | None]:
    """revision -> down_revision of every migration script (plain text, no import)."""
    chain: dict[str, str | None] = {}
    for script in (MIGRATIONS / "versions").glob("*.py"):
        found: dict[str, str | None] = {}
        for m in _REVISION_LINE.finditer(script.read_text(encoding="utf-8")):
            found.setdefault(m.group(1), m.group(2) or m.group(3) or None)
        if found.get("revision"):
            chain[str(found["revision"])] = found.get("down_revision")
    return chain


def alembic_config(connection: Connection | None = None) -> Config:
    from alembic.config import Config

    cfg = Config()
    cfg.set_main_option("script_location", str(MIGRATIONS))
    if connection is not None:
        cfg.attributes["connection"] = connection
    return cfg


def head_revision() -> str:
    chain = _script_revisions()
    heads = set(chain) - {down for down in chain.values() if down}
    if len(heads) == 1:
        return heads.pop()
    from alembic.script import ScriptDirectory  # not one plain chain: let Alembic say what it is

    head = ScriptDirectory.from_config(alembic_config()).get_current_head()
    assert head is not None, "no migration scripts found in " + str(MIGRATIONS)
    return head


def known_revisions() -> set[str]:
    return set(_script_revisions())


def current_revision(connection: Connection) -> str | None:
    if not inspect(connection).has_table("alembic_version"):
        return None
    row = connection.execute(text("SELECT version_num FROM alembic_version")).first()
    return str(row[0]) if row is not None else None


def has_tables(connection: Connection) -> bool:
    return bool(inspect(connection).get_table_names())


ProgressFn = Callable[[int, int, str], None]


def upgrade(engine: Engine, revision: str = "head", *, progress: ProgressFn | None = None) -> None:
    """Upgrade the database behind ``engine`` to ``revision`` in one transaction.

    ``progress(done, total, message)`` hears about long steps (building the search index)."""
    from alembic import command

    with engine.connect() as conn:
        conn.execution_options(**{WRITE_OPTION: True})  # SQLite: BEGIN IMMEDIATE
        cfg = alembic_config(conn)
        if progress is not None:
            cfg.attributes["progress"] = progress
        command.upgrade(cfg, revision)
        conn.commit()

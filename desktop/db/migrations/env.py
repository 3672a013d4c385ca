"""Alembic environment for Newsdesk: run programmatically by :mod:`desktop.db.migrate`.

The caller passes an open SQLAlchemy connection in ``config.attributes["connection"]``;
there is no alembic.ini and no URL here.
"""

from __future__ import annotations

from alembic import context

from desktop.db.schema import Base

config = context.config
connection = config.attributes.get("connection")
if connection is None:
    raise RuntimeError("Newsdesk migrations run through desktop.db.migrate, which passes a connection")

context.configure(
    connection=connection,
    target_metadata=Base.metadata,
    render_as_batch=connection.dialect.name == "sqlite",  # SQLite alters tables by copying them
    compare_type=True,
)
with context.begin_transaction():
    context.run_migrations()

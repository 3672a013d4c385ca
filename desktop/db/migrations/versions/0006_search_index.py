"""Full-text search over titles, article text and claims; indexes for the lazy article list.

Revision ID: 0006
Revises: 0003
Create Date: 2026-12-02

SQLite: an FTS5 table ``search_fts`` with external content: the view ``search_source``
reads titles and texts from ``articles`` and cuts claim texts out of them, so no text is
stored twice. Its rowids are the stable integer keys of ``search_keys`` (one row per
article and per claim; an article's implicit rowid may change on VACUUM, these do not).
PostgreSQL: ``search_docs`` holds one tsvector per article and per claim, with a GIN index.
On both, triggers keep the index current inside the transaction that writes an article or
a claim, whichever code path writes it.

Upgrading a database that already has articles builds the index here, reporting progress
through ``config.attributes["progress"]`` (a ``callable(done, total, message)``) when given.
"""

from __future__ import annotations

from collections.abc import Callable

import sqlalchemy as sa
from alembic import op

revision = "0006"
down_revision = "0003"
branch_labels = None
depends_on = None

LIST_INDEXES = (
    ("ix_articles_title_key", "lower(title), id"),
    ("ix_articles_source_key", "lower(coalesce(source, '')), id"),
    ("ix_articles_published_key", "coalesce(published, ''), id"),
    ("ix_articles_status_id", "status, id"),
    # covers the list's filter on title and source: counting matches reads this index, not the rows,
    # whose long texts come before those columns
    ("ix_articles_title_source", "title, source"),
)

_CLAIM_TEXT = "substr({a}.text, {c}.start + 1, {c}.\"end\" - {c}.start)"

SQLITE_DDL = (
    """CREATE TABLE search_keys (
        "key" INTEGER PRIMARY KEY,
        object_id VARCHAR(64) NOT NULL UNIQUE,
        article_id VARCHAR(64) NOT NULL
    )""",
    "CREATE INDEX ix_search_keys_article_id ON search_keys (article_id)",
    f"""CREATE VIEW search_source ("key", title, body) AS
        SELECT k."key",
               CASE WHEN k.object_id = k.article_id THEN a.title ELSE '' END,
               CASE WHEN k.object_id = k.article_id THEN a.text ELSE {_CLAIM_TEXT.format(a="a", c="c")} END
        FROM search_keys k JOIN articles a ON a.id = k.article_id LEFT JOIN claims c ON c.id = k.object_id
        WHERE k.object_id = k.article_id OR c.id IS NOT NULL""",
    """CREATE VIRTUAL TABLE search_fts USING fts5(
        title, body, content='search_source', content_rowid='key', tokenize='unicode61 remove_diacritics 2'
    )""",
    # An article: its key, then its row and those of claims written before it (deferred keys).
    """CREATE TRIGGER search_article_ai AFTER INSERT ON articles BEGIN
        INSERT INTO search_keys (object_id, article_id) VALUES (NEW.id, NEW.id);
        INSERT INTO search_fts (rowid, title, body)
            SELECT "key", title, body FROM search_source
            WHERE "key" IN (SELECT "key" FROM search_keys WHERE article_id = NEW.id);
    END""",
    f"""CREATE TRIGGER search_article_au AFTER UPDATE OF title, text ON articles
        WHEN OLD.title IS NOT NEW.title OR OLD.text IS NOT NEW.text BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
            SELECT 'delete', "key", OLD.title, OLD.text FROM search_keys WHERE object_id = OLD.id;
        INSERT INTO search_fts (search_fts, rowid, title, body)
            SELECT 'delete', k."key", '', {_CLAIM_TEXT.format(a="OLD", c="c")}
            FROM search_keys k JOIN claims c ON c.id = k.object_id WHERE k.article_id = OLD.id;
        INSERT INTO search_fts (rowid, title, body)
            SELECT "key", title, body FROM search_source
            WHERE "key" IN (SELECT "key" FROM search_keys WHERE article_id = NEW.id);
    END""",
    """CREATE TRIGGER search_article_ad AFTER DELETE ON articles BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
            SELECT 'delete', "key", OLD.title, OLD.text FROM search_keys WHERE object_id = OLD.id;
        DELETE FROM search_keys WHERE object_id = OLD.id;
    END""",
    """CREATE TRIGGER search_claim_ai AFTER INSERT ON claims BEGIN
        INSERT INTO search_keys (object_id, article_id) VALUES (NEW.id, NEW.article_id);
        INSERT INTO search_fts (rowid, title, body)
            SELECT "key", title, body FROM search_source
            WHERE "key" = (SELECT "key" FROM search_keys WHERE object_id = NEW.id);
    END""",
    f"""CREATE TRIGGER search_claim_au AFTER UPDATE OF start, "end", article_id ON claims
        WHEN OLD.start IS NOT NEW.start OR OLD."end" IS NOT NEW."end" OR OLD.article_id IS NOT NEW.article_id BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
            SELECT 'delete', k."key", '', {_CLAIM_TEXT.format(a="a", c="OLD")}
            FROM search_keys k JOIN articles a ON a.id = OLD.article_id WHERE k.object_id = OLD.id;
        UPDATE search_keys SET article_id = NEW.article_id WHERE object_id = NEW.id;
        INSERT INTO search_fts (rowid, title, body)
            SELECT "key", title, body FROM search_source
            WHERE "key" = (SELECT "key" FROM search_keys WHERE object_id = NEW.id);
    END""",
    f"""CREATE TRIGGER search_claim_ad AFTER DELETE ON claims BEGIN
        INSERT INTO search_fts (search_fts, rowid, title, body)
            SELECT 'delete', k."key", '', {_CLAIM_TEXT.format(a="a", c="OLD")}
            FROM search_keys k JOIN articles a ON a.id = OLD.article_id WHERE k.object_id = OLD.id;
        DELETE FROM search_keys WHERE object_id = OLD.id;
    END""",
)
SQLITE_DROP = (
    "DROP TRIGGER search_claim_ad",
    "DROP TRIGGER search_claim_au",
    "DROP TRIGGER search_claim_ai",
    "DROP TRIGGER search_article_ad",
    "DROP TRIGGER search_article_au",
    "DROP TRIGGER search_article_ai",
    "DROP TABLE search_fts",
    "DROP VIEW search_source",
    "DROP TABLE search_keys",
)

_ARTICLE_DOC = "setweight(to_tsvector('simple', coalesce({a}.title, '')), 'A') || to_tsvector('simple', {a}.text)"
_CLAIM_DOC = "to_tsvector('simple', " + _CLAIM_TEXT + ")"

POSTGRES_DDL = (
    """CREATE TABLE search_docs (
        object_id VARCHAR(64) PRIMARY KEY,
        article_id VARCHAR(64) NOT NULL,
        is_claim BOOLEAN NOT NULL,
        doc TSVECTOR NOT NULL
    )""",
    "CREATE INDEX ix_search_docs_article_id ON search_docs (article_id)",
    "CREATE INDEX ix_search_docs_doc ON search_docs USING GIN (doc)",
    f"""CREATE FUNCTION newsdesk_search_article() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_docs WHERE object_id = OLD.id;
            RETURN OLD;
        END IF;
        INSERT INTO search_docs (object_id, article_id, is_claim, doc)
            VALUES (NEW.id, NEW.id, false, {_ARTICLE_DOC.format(a="NEW")})
            ON CONFLICT (object_id) DO UPDATE SET doc = EXCLUDED.doc;
        UPDATE search_docs d SET doc = {_CLAIM_DOC.format(a="NEW", c="c")}
            FROM claims c WHERE c.article_id = NEW.id AND d.object_id = c.id;
        RETURN NEW;
    END $$""",
    f"""CREATE FUNCTION newsdesk_search_claim() RETURNS trigger LANGUAGE plpgsql AS $$
    BEGIN
        IF TG_OP = 'DELETE' THEN
            DELETE FROM search_docs WHERE object_id = OLD.id;
            RETURN OLD;
        END IF;
        INSERT INTO search_docs (object_id, article_id, is_claim, doc)
            VALUES (NEW.id, NEW.article_id, true, coalesce(
                (SELECT {_CLAIM_DOC.format(a="a", c="NEW")} FROM articles a WHERE a.id = NEW.article_id),
                ''::tsvector))
            ON CONFLICT (object_id) DO UPDATE SET doc = EXCLUDED.doc, article_id = EXCLUDED.article_id;
        RETURN NEW;
    END $$""",
    """CREATE TRIGGER search_articles_write AFTER INSERT OR DELETE ON articles
        FOR EACH ROW EXECUTE FUNCTION newsdesk_search_article()""",
    """CREATE TRIGGER search_articles_update AFTER UPDATE OF title, text ON articles FOR EACH ROW
        WHEN (OLD.title IS DISTINCT FROM NEW.title OR OLD.text IS DISTINCT FROM NEW.text)
        EXECUTE FUNCTION newsdesk_search_article()""",
    """CREATE TRIGGER search_claims_write AFTER INSERT OR DELETE ON claims
        FOR EACH ROW EXECUTE FUNCTION newsdesk_search_claim()""",
    """CREATE TRIGGER search_claims_update AFTER UPDATE OF start, "end", article_id ON claims FOR EACH ROW
        WHEN (OLD.start IS DISTINCT FROM NEW.start OR OLD."end" IS DISTINCT FROM NEW."end"
              OR OLD.article_id IS DISTINCT FROM NEW.article_id)
        EXECUTE FUNCTION newsdesk_search_claim()""",
)
POSTGRES_DROP = (
    "DROP TRIGGER search_claims_update ON claims",
    "DROP TRIGGER search_claims_write ON claims",
    "DROP TRIGGER search_articles_update ON articles",
    "DROP TRIGGER search_articles_write ON articles",
    "DROP FUNCTION newsdesk_search_claim()",
    "DROP FUNCTION newsdesk_search_article()",
    "DROP TABLE search_docs",
)

BATCH = 2000


def _build(bind: sa.Connection, progress: Callable[[int, int, str], None] | None) -> None:
    """Index what is already there, in batches of articles so the caller can show progress."""
    total = bind.execute(sa.text("SELECT count(*) FROM articles")).scalar_one()
    if not total:
        return
    say = progress or (lambda _done, _total, _message: None)
    say(0, total, "Building the search index")
    sqlite = bind.dialect.name == "sqlite"
    if sqlite:
        bind.execute(sa.text("INSERT INTO search_keys (object_id, article_id) SELECT id, id FROM articles ORDER BY id"))
        bind.execute(sa.text(
            "INSERT INTO search_keys (object_id, article_id) SELECT id, article_id FROM claims ORDER BY article_id, id"
        ))  # fmt: skip
        n_keys = bind.execute(sa.text('SELECT max("key") FROM search_keys')).scalar_one()
        lo = 0
        while lo < n_keys:
            hi = lo + BATCH
            bind.execute(sa.text(
                'INSERT INTO search_fts (rowid, title, body) SELECT "key", title, body FROM search_source'
                ' WHERE "key" > :lo AND "key" <= :hi'
            ), {"lo": lo, "hi": hi})  # fmt: skip
            lo = hi
            done = min(hi, total)  # articles have the first keys, their claims follow
            say(done, total, f"Building the search index: {done:,} of {total:,} articles")
        return
    last = ""
    done = 0
    while True:
        ids = list(bind.execute(sa.text("SELECT id FROM articles WHERE id > :last ORDER BY id LIMIT :n"),
                                {"last": last, "n": BATCH}).scalars())  # fmt: skip
        if not ids:
            break
        bind.execute(sa.text(
            "INSERT INTO search_docs (object_id, article_id, is_claim, doc) SELECT a.id, a.id, false, "
            + _ARTICLE_DOC.format(a="a") + " FROM articles a WHERE a.id = ANY(:ids)"
        ), {"ids": ids})  # fmt: skip
        bind.execute(sa.text(
            "INSERT INTO search_docs (object_id, article_id, is_claim, doc) SELECT c.id, c.article_id, true, "
            + _CLAIM_DOC.format(a="a", c="c") + " FROM claims c JOIN articles a ON a.id = c.article_id"
            " WHERE c.article_id = ANY(:ids)"
        ), {"ids": ids})  # fmt: skip
        last = ids[-1]
        done += len(ids)
        say(done, total, f"Building the search index: {done:,} of {total:,} articles")


def upgrade() -> None:
    bind = op.get_bind()
    for name, columns in LIST_INDEXES:
        op.execute(f"CREATE INDEX {name} ON articles ({columns})")
    for statement in SQLITE_DDL if bind.dialect.name == "sqlite" else POSTGRES_DDL:
        op.execute(statement)
    config = op.get_context().config
    _build(bind, config.attributes.get("progress") if config is not None else None)


def downgrade() -> None:
    bind = op.get_bind()
    for statement in SQLITE_DROP if bind.dialect.name == "sqlite" else POSTGRES_DROP:
        op.execute(statement)
    for name, _columns in LIST_INDEXES:
        op.execute(f"DROP INDEX {name}")

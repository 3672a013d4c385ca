"""Everything SQLite-specific lives here (and nowhere else in ``desktop.db``).

- URLs: a plain path becomes an SQLite URL; ``postgresql://`` gets the psycopg 3 driver.
- Engine set-up: SQLite connections get WAL, foreign keys, a busy timeout and
  ``synchronous=FULL``; transactions start with ``BEGIN`` (or ``BEGIN IMMEDIATE``
  for writers, so a writer waits for the lock instead of failing on upgrade).
- Pre-flight checks that never modify the file, and the backup before a migration.
"""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import URL, make_url
from sqlalchemy.pool import StaticPool

from desktop.domain.errors import StoreError

SQLITE_MAGIC = b"SQLite format 3\x00"
WRITE_OPTION = "newsdesk_write"  # execution option: this transaction will write
# execution option: this write need not be on disk at its own commit (a chunk of an import, which a
# later transaction with synchronous=FULL makes durable: fsync of the WAL covers every earlier frame)
RELAXED_OPTION = "newsdesk_relaxed"


# Files and folders Newsdesk creates hold analysts' material: readable by their owner only.
PRIVATE_FILE, PRIVATE_DIR = 0o600, 0o700
# Query parameters of a database URL whose values are secrets (masked wherever a URL is shown).
_SECRET_KEYS = ("password", "passwd", "pwd", "secret", "token", "sslpassword", "key")
MASK = "***"


def resolve_url(path_or_url: str | Path) -> str:
    """A path -> ``sqlite:///<absolute path>`` (parent folder created, private); URLs pass through.

    A URL that cannot be parsed is a StoreError naming the URL with its password masked.
    """
    text = os.fspath(path_or_url)
    if isinstance(path_or_url, str) and "://" in text:
        for plain in ("postgresql://", "postgres://"):
            if text.startswith(plain):
                text = "postgresql+psycopg://" + text[len(plain) :]
                break
        try:
            make_url(text)
        except Exception as exc:  # noqa: BLE001 - SQLAlchemy raises ValueError, ArgumentError, ...
            reason = "the port is not a number" if "int()" in str(exc) else "not a database URL"
            raise StoreError(f"{mask_url(text)}: {reason}") from None
        return text
    path = Path(text).expanduser().resolve()
    try:
        make_private_dirs(path.parent)
    except OSError as exc:
        raise StoreError(f"{path}: cannot create the folder {path.parent}: {exc.strerror or exc}") from exc
    return URL.create("sqlite+pysqlite", database=str(path)).render_as_string()


def make_private_dirs(folder: Path) -> None:
    """``mkdir -p`` where every folder created is 0700 (existing folders are left as they are)."""
    missing = []
    p = folder
    while not p.exists():
        missing.append(p)
        if p.parent == p:
            break
        p = p.parent
    for p in reversed(missing):
        p.mkdir(mode=PRIVATE_DIR, exist_ok=True)
        os.chmod(p, PRIVATE_DIR)  # mkdir's mode is filtered by the umask


def _is_secret(key: str) -> bool:
    low = key.lower()
    return any(k in low for k in _SECRET_KEYS)


def mask_url(url: str) -> str:
    """``url`` fit to show: the password and secret query values replaced by ``***``.

    Works on URLs SQLAlchemy cannot parse too (by text), so a malformed URL is masked as well.
    """
    import re

    masked = re.sub(r"^([a-z][a-z0-9+.-]*://[^/@:?#]*):[^@/?#]*@", rf"\1:{MASK}@", url, flags=re.IGNORECASE)

    def query(m: re.Match[str]) -> str:
        key = m.group(2)
        return f"{m.group(1)}{key}={MASK}" if _is_secret(key) else m.group(0)

    return re.sub(r"([?&;])([^=&;#]+)=([^&;#]*)", query, masked)


def sqlite_file(url: str) -> Path | None:
    """The database file of an SQLite URL; None for other backends and in-memory SQLite."""
    u = make_url(url)
    if u.get_backend_name() != "sqlite":
        return None
    db = u.database or ""
    if db in ("", ":memory:") or db.startswith("file:"):
        return None
    return Path(db)


def is_sqlite(url: str) -> bool:
    return make_url(url).get_backend_name() == "sqlite"


def display(url: str) -> str:
    """Where the data lives, fit to show: a file path, or the URL without its password."""
    path = sqlite_file(url)
    if path is not None:
        return str(path)
    u = make_url(url)
    if u.get_backend_name() == "sqlite":
        return "sqlite:// (in memory)"
    return mask_url(u.render_as_string(hide_password=False))


def make_engine(url: str, *, busy_timeout: float = 5.0, read_only: bool = False) -> Engine:
    """An engine on ``url``; ``read_only`` (SQLite files) opens the file with ``mode=ro``."""
    if not is_sqlite(url):
        return create_engine(url, pool_pre_ping=True)
    kwargs: dict[str, Any] = {"connect_args": {"timeout": busy_timeout, "check_same_thread": False}}
    path = sqlite_file(url)
    if path is None:  # in memory: one shared connection or each one sees an empty db
        kwargs["poolclass"] = StaticPool
    elif read_only:
        uri = read_only_uri(path)

        def connect() -> sqlite3.Connection:
            return sqlite3.connect(uri, uri=True, timeout=busy_timeout, check_same_thread=False)

        kwargs = {"creator": connect}
    engine = create_engine(url, **kwargs)
    _install_sqlite_hooks(engine, int(busy_timeout * 1000), read_only=read_only)
    return engine


def read_only_uri(path: Path) -> str:
    """An SQLite URI that opens ``path`` for reading only, also in a folder Newsdesk cannot write."""
    uri = path.resolve().as_uri() + "?mode=ro"
    if not os.access(path.parent, os.W_OK | os.X_OK) and not Path(f"{path}-shm").exists():
        uri += "&immutable=1"  # WAL needs a -shm file, which it cannot create in a read-only folder
    return uri


def _install_sqlite_hooks(engine: Engine, busy_ms: int, *, read_only: bool = False) -> None:
    @event.listens_for(engine, "connect")
    def _on_connect(dbapi_conn: Any, _record: Any) -> None:
        # Let SQLAlchemy's "begin" event below issue BEGIN itself (pysqlite's own
        # implicit transactions start too late and break deferred foreign keys).
        dbapi_conn.isolation_level = None
        cur = dbapi_conn.cursor()
        try:
            cur.execute(f"PRAGMA busy_timeout = {busy_ms}")
            cur.execute("PRAGMA foreign_keys = ON")
            if not read_only:
                cur.execute("PRAGMA journal_mode = WAL")
                cur.execute("PRAGMA synchronous = FULL")
        finally:
            cur.close()

    @event.listens_for(engine, "begin")
    def _on_begin(conn: Any) -> None:
        options = conn.get_execution_options()
        write = options.get(WRITE_OPTION, False)
        if write:
            want = "NORMAL" if options.get(RELAXED_OPTION, False) else "FULL"
            if conn.info.get("synchronous", "FULL") != want:
                conn.exec_driver_sql(f"PRAGMA synchronous = {want}")
                conn.info["synchronous"] = want
        conn.exec_driver_sql("BEGIN IMMEDIATE" if write else "BEGIN")


# -- pre-flight ------------------------------------------------------------------------------


def check_sqlite_file(path: Path) -> bool:
    """Raise StoreError when ``path`` cannot be a usable database; True when it exists with data.

    Reads at most the file header: a file that is not a database is never touched.
    """
    if path.is_dir():
        raise StoreError(f"{path}: is a folder, not a database file")
    if not path.exists():
        if not os.access(path.parent, os.W_OK | os.X_OK):
            raise StoreError(f"{path}: cannot create the database: the folder {path.parent} is read-only")
        return False
    try:
        with path.open("rb") as fh:
            header = fh.read(len(SQLITE_MAGIC))
    except OSError as exc:
        raise StoreError(f"{path}: cannot read the file: {exc.strerror or exc}") from exc
    if not header:
        return False  # an empty file is an empty database
    if header != SQLITE_MAGIC:
        raise StoreError(f"{path}: is not an SQLite database (it is some other kind of file)")
    return True


def sqlite_writable(path: Path) -> bool:
    """Can Newsdesk write the database file and its journal (-wal/-shm) next to it?"""
    return os.access(path, os.W_OK) and os.access(path.parent, os.W_OK | os.X_OK)


def explain(exc: BaseException, where: str) -> StoreError:
    """Turn a DB-API error from opening or writing into one clear line."""
    msg = str(getattr(exc, "orig", None) or exc).strip().splitlines()[0] if str(exc) else type(exc).__name__
    low = msg.lower()
    if "locked" in low or "busy" in low:
        reason = "the database is locked by another process (gave up after waiting)"
    elif "malformed" in low or "corrupt" in low:
        reason = "the database file is corrupt"
    elif "not a database" in low or "file is encrypted" in low:
        reason = "is not an SQLite database"
    elif "readonly" in low or "read-only" in low:
        reason = "the database is read-only: it was opened for reading, changes cannot be saved"
    elif "unable to open" in low:
        reason = "cannot open the database file"
    else:
        reason = msg
    return StoreError(f"{where}: {reason}")


def backup_sqlite(path: Path, from_rev: str | None) -> Path:
    """Copy ``path`` next to itself with SQLite's online backup API; returns the copy's path."""
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = path.with_name(f"{path.name}.bak-{from_rev or 'none'}-{stamp}")
    n = 1
    while target.exists():
        n += 1
        target = path.with_name(f"{path.name}.bak-{from_rev or 'none'}-{stamp}-{n}")
    try:
        # Create the copy private before SQLite opens it, so it is never readable by others.
        os.close(os.open(target, os.O_WRONLY | os.O_CREAT | os.O_EXCL, PRIVATE_FILE))
        copy_database(path, target)
    except (OSError, sqlite3.Error) as exc:
        target.unlink(missing_ok=True)  # a failed backup leaves no half-written (or 0-byte) copy
        reason = getattr(exc, "strerror", None) or str(exc)
        raise StoreError(f"{path}: cannot back up the database before upgrading it ({reason}); "
                         "nothing was changed") from exc  # fmt: skip
    return target


def copy_database(path: Path, target: Path) -> None:
    """SQLite's online backup of ``path`` into ``target``."""
    src = sqlite3.connect(str(path))
    try:
        dst = sqlite3.connect(str(target))
        try:
            src.backup(dst)
        finally:
            dst.close()
    finally:
        src.close()


def probe_sqlite(path: Path, *, busy_timeout: float) -> tuple[str | None, bool]:
    """(alembic revision or None, has any table) of an existing database, read-only.

    Uses a plain connection without our pragmas, so a foreign or broken file is not
    converted to WAL or otherwise changed.
    """
    # A writable file with a plain connection (it removes its -wal/-shm on close); otherwise mode=ro.
    where = path.resolve().as_uri() if sqlite_writable(path) else read_only_uri(path)
    conn = sqlite3.connect(where, uri=True, timeout=busy_timeout, isolation_level=None)
    try:
        names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        revision = None
        if "alembic_version" in names:
            row = conn.execute("SELECT version_num FROM alembic_version").fetchone()
            revision = row[0] if row else None
        return revision, bool(names)
    finally:
        conn.close()

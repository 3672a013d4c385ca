"""Opening SQLite files: pragmas, URLs, sharing a file, and one-line errors that leave bad files alone."""

from __future__ import annotations

import os
import pwd
import shutil
import socket
import sqlite3
import tempfile
import threading
from collections.abc import Callable, Iterator
from contextlib import closing
from dataclasses import replace
from pathlib import Path

import pytest

from desktop.db import open_store, resolve_url
from desktop.domain.errors import StoreError
from desktop.domain.model import Change, ChangeSet
from tests.db.builders import doc_a, doc_b, plain_doc


def folder_state(folder: Path) -> dict[str, bytes]:
    """File names and contents (a WAL index ``-shm`` is shared memory: readers write to it)."""
    return {p.name: b"" if p.name.endswith("-shm") else p.read_bytes() for p in sorted(folder.iterdir())}


def assert_refused(path: Path, reason: str) -> None:
    """Opening fails with one line naming the file, and nothing in its folder changes."""
    before = folder_state(path.parent)
    with pytest.raises(StoreError) as info:
        open_store(path)
    message = str(info.value)
    assert "\n" not in message
    assert str(path) in message and reason in message
    assert folder_state(path.parent) == before  # no migration, no backup, no journal left behind


# -- URLs and pragmas ----------------------------------------------------------------------------


def test_resolve_url(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "er" / "n.sqlite3"
    url = resolve_url(target)
    assert url == f"sqlite+pysqlite:///{target}"
    assert target.parent.is_dir()
    assert resolve_url(str(target)) == url
    assert resolve_url("sqlite://") == "sqlite://"
    assert resolve_url("postgresql://u:pw@db.example/news") == "postgresql+psycopg://u:pw@db.example/news"
    assert resolve_url("postgresql+psycopg://h/x") == "postgresql+psycopg://h/x"


def test_sqlite_runs_in_wal_mode_with_foreign_keys_and_full_sync(tmp_path: Path) -> None:
    path = tmp_path / "n.sqlite3"
    store = open_store(path)
    try:
        engine = store._engine  # white-box: the pragmas live on each pooled connection
        with engine.connect() as conn:
            pragma = {
                name: conn.exec_driver_sql(f"PRAGMA {name}").scalar()
                for name in ("journal_mode", "foreign_keys", "synchronous", "busy_timeout")
            }
        assert pragma == {"journal_mode": "wal", "foreign_keys": 1, "synchronous": 2, "busy_timeout": 5000}
    finally:
        store.close()
    # WAL is a property of the file: a plain sqlite3 connection sees it too
    with closing(sqlite3.connect(path)) as raw:
        assert raw.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert store.url == str(path)


def test_in_memory_database_works() -> None:
    store = open_store("sqlite://")
    store.add_documents([doc_a(), doc_b()])
    assert len(store.list_articles()) == 2
    assert store.url == "sqlite:// (in memory)"
    store.close()


# -- two processes on one file ------------------------------------------------------------------


def test_two_stores_on_one_file_see_each_others_commits(tmp_path: Path) -> None:
    path = tmp_path / "shared.sqlite3"
    cli, window = open_store(path), open_store(path)
    try:
        assert window.list_articles() == []
        cli.add_documents([doc_a()])
        assert [a.id for a in window.list_articles()] == ["a-aaaa"]
        span = window.spans("a-aaaa")[1]
        window.apply(ChangeSet("relabel", (Change(span, replace(span, label="TIME")),)), annotator="w")
        assert cli.spans("a-aaaa")[1].label == "TIME"
        window.add_documents([doc_b()])
        assert cli.article_ids() == ["a-aaaa", "a-bbbb"]
    finally:
        cli.close()
        window.close()


def test_concurrent_writers_wait_for_each_other(tmp_path: Path) -> None:
    path = tmp_path / "busy.sqlite3"
    stores = [open_store(path), open_store(path)]
    errors: list[BaseException] = []

    def write(k: int) -> None:
        try:
            for i in range(15):
                stores[k].add_documents([plain_doc(f"a-{k}-{i}", f"writer {k} text {i}")])
                stores[k].set_setting(f"last-{k}", i)
        except BaseException as exc:  # noqa: BLE001 - reported below
            errors.append(exc)

    threads = [threading.Thread(target=write, args=(k,)) for k in (0, 1)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    for s in stores:
        s.close()
    assert errors == []
    check = open_store(path)
    assert len(check.article_ids()) == 30
    check.close()


# -- errors ----------------------------------------------------------------------------------------


def test_a_text_file_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "notes.sqlite3"
    path.write_text("just some notes\n" * 50, encoding="utf-8")
    assert_refused(path, "not an SQLite database")


def test_random_bytes_are_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "noise.sqlite3"
    path.write_bytes(os.urandom(8192))
    assert_refused(path, "not an SQLite database")


def test_a_folder_is_not_a_database(tmp_path: Path) -> None:
    path = tmp_path / "folder.sqlite3"
    path.mkdir()
    with pytest.raises(StoreError, match="is a folder"):
        open_store(path)


def test_a_corrupt_file_is_reported_and_left_alone(tmp_path: Path) -> None:
    path = tmp_path / "broken.sqlite3"
    store = open_store(path)
    store.add_documents([doc_a(), doc_b()])
    store.close()
    data = bytearray(path.read_bytes())
    page = int.from_bytes(data[16:18], "big")
    data[100 : 2 * page] = b"\xff" * (2 * page - 100)  # wreck the schema page and the next one
    path.write_bytes(bytes(data))
    for extra in tmp_path.glob("broken.sqlite3-*"):
        extra.unlink()
    assert_refused(path, "corrupt")


def test_another_sqlite_database_is_not_touched(tmp_path: Path) -> None:
    path = tmp_path / "firefox.sqlite3"
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("CREATE TABLE moz_places (id INTEGER PRIMARY KEY, url TEXT)")
    assert_refused(path, "not a Newsdesk database")


def test_a_database_from_a_newer_version_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "future.sqlite3"
    open_store(path).close()
    with closing(sqlite3.connect(path)) as raw, raw:
        raw.execute("UPDATE alembic_version SET version_num = '9999'")
    assert_refused(path, "newer Newsdesk")


def test_a_locked_database_gives_up_after_the_busy_timeout(tmp_path: Path) -> None:
    path = tmp_path / "locked.sqlite3"
    open_store(path).close()
    other = sqlite3.connect(path, isolation_level=None)  # another program holding an exclusive lock
    other.execute("PRAGMA locking_mode = EXCLUSIVE")
    other.execute("BEGIN EXCLUSIVE")
    other.execute("INSERT INTO settings (key, value) VALUES ('x', '1')")
    try:
        with pytest.raises(StoreError, match="locked by another process") as info:
            open_store(path, busy_timeout=0.2)
        assert str(path) in str(info.value)
    finally:
        other.execute("ROLLBACK")
        other.close()
    open_store(path).close()  # fine once the lock is gone


@pytest.fixture
def shared_dir() -> Iterator[Path]:
    """A folder another (unprivileged) user can enter."""
    d = Path(tempfile.mkdtemp(prefix="newsdesk-ro-"))
    d.chmod(0o755)
    yield d
    shutil.rmtree(d, ignore_errors=True)


def _open_and_close(path: Path) -> str:
    open_store(path).close()
    return ""


def open_as_unprivileged(path: Path, use: Callable[[Path], str] = _open_and_close) -> str:
    """Run ``use(path)`` as a user without write access; returns its text, or the StoreError text.

    As root, permissions do not apply, so a forked child drops to ``nobody`` first.
    """
    if os.geteuid() != 0:
        try:
            return use(path)
        except StoreError as exc:
            return str(exc)
    nobody = pwd.getpwnam("nobody")
    read_end, write_end = os.pipe()
    pid = os.fork()
    if pid == 0:  # child
        os.close(read_end)
        message = ""
        try:
            os.setgid(nobody.pw_gid)
            os.setuid(nobody.pw_uid)
            message = use(path)
        except StoreError as exc:
            message = str(exc)
        except BaseException as exc:  # noqa: BLE001 - reported to the parent
            message = f"UNEXPECTED {type(exc).__name__}: {exc}"
        os.write(write_end, message.encode())
        os._exit(0)
    os.close(write_end)
    chunks = []
    while chunk := os.read(read_end, 4096):
        chunks.append(chunk)
    os.close(read_end)
    os.waitpid(pid, 0)
    return b"".join(chunks).decode()


def _browse_then_write(path: Path) -> str:
    store = open_store(path)
    try:
        seen = f"{store.url}|{len(store.list_articles())}|{store.get_document(store.article_ids()[0]).article.text}"
        try:
            store.add_documents([plain_doc("a-ro2", "Another article.")])
        except StoreError as exc:
            return f"{seen}|{exc}"
        return f"{seen}|written"
    finally:
        store.close()


def test_a_read_only_file_opens_for_reading_and_refuses_writes(shared_dir: Path) -> None:
    path = shared_dir / "ro.sqlite3"
    store = open_store(path)
    store.add_documents([plain_doc("a-ro1", "An article to browse.")])
    store.close()
    for p in shared_dir.iterdir():
        p.chmod(0o644)  # readable, not writable, by others
    before = folder_state(shared_dir)
    seen, count, text, write = open_as_unprivileged(path, _browse_then_write).split("|")
    assert (seen, count, text) == (f"{path} (read-only)", "1", "An article to browse.")
    assert write.endswith(": the database is read-only: it was opened for reading, changes cannot be saved")
    assert folder_state(shared_dir) == before


def test_a_read_only_folder_is_reported(shared_dir: Path) -> None:
    path = shared_dir / "new.sqlite3"
    message = open_as_unprivileged(path)
    assert str(path) in message and "read-only" in message
    assert not path.exists()


def test_an_unreachable_postgres_server_is_one_line() -> None:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        port = s.getsockname()[1]  # closed again: nobody listens there
    with pytest.raises(StoreError) as info:
        open_store(f"postgresql://newsdesk:secret@127.0.0.1:{port}/news")
    message = str(info.value)
    assert "\n" not in message and "secret" not in message
    assert message.startswith(f"postgresql+psycopg://newsdesk:***@127.0.0.1:{port}/news: ")


def test_the_postgres_fixture_fails_loudly_without_binaries() -> None:
    from tests.conftest import _pg_bin

    with pytest.raises(pytest.fail.Exception, match="install the Debian package `postgresql`"):
        _pg_bin("/nonexistent/postgresql/*/bin/initdb")

"""Every failure path ends in one line naming the file and the reason: exit 1, the other
inputs still imported, the database unchanged by the failed input, no traceback, no stray file."""

from __future__ import annotations

import os
import sqlite3
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from desktop import app
from desktop.db import dialect, open_store
from desktop.domain.errors import StoreError

ROOT = Path(__file__).resolve().parent.parent


def run(capsys: pytest.CaptureFixture[str], *argv: str | Path) -> tuple[int, str, str]:
    status = app.main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return status, out, err


def titles(db: Path) -> list[str]:
    with sqlite3.connect(db) as con:
        return sorted(r[0] for r in con.execute("select text from articles"))


def test_deeply_nested_json_is_one_line_and_the_next_files_are_imported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    folder = tmp_path / "in"
    folder.mkdir()
    nested = '{"text": "Deep.", "meta": ' + "[" * 100_000 + "]" * 100_000 + "}\n"
    (folder / "a-deep.jsonl").write_text('{"text": "First line is fine."}\n' + nested, encoding="utf-8")
    (folder / "b-fine.txt").write_text("Fine after the deep one.\n", encoding="utf-8")
    (folder / "c-deep.json").write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    db = tmp_path / "db.sqlite3"
    status, out, err = run(capsys, "--db", db, "import", folder)
    assert status == 1
    lines = err.strip().splitlines()
    assert len(lines) == 2 and "Traceback" not in err
    assert lines[0] == f"{folder / 'a-deep.jsonl'}:2: JSON nested too deeply to read"
    assert lines[1].startswith(f"{folder / 'c-deep.json'}") and "nested too deeply" in lines[1]
    assert titles(db) == ["Fine after the deep one.\n"]  # nothing from a-deep.jsonl, not even its good first line


def test_a_folder_that_cannot_be_read_is_reported(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    folder = tmp_path / "in"
    (folder / "locked").mkdir(parents=True)
    (folder / "locked" / "hidden.txt").write_text("Never seen.\n", encoding="utf-8")
    (folder / "ok.txt").write_text("Seen.\n", encoding="utf-8")
    real_scandir = os.scandir

    def scandir(path: object) -> object:  # as root, permissions do not apply: refuse like a 0000 folder
        if Path(str(path)).name == "locked":
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path)  # type: ignore[call-overload]

    monkeypatch.setattr(os, "scandir", scandir)
    db = tmp_path / "db.sqlite3"
    status, out, err = run(capsys, "--db", db, "import", folder)
    assert status == 1
    assert err.strip() == f"{folder / 'locked'}: cannot read the folder: Permission denied"
    assert "imported 1 article, 1 file failed" in out
    assert titles(db) == ["Seen.\n"]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be", "utf-32-le", "utf-32-be"])
def test_utf16_and_utf32_with_a_bom_are_decoded(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], codec: str
) -> None:
    text = "Z\u00fcrich: \u201cquoted\u201d \u2014 done.\n"
    (tmp_path / "a.txt").write_bytes(("\ufeff" + text).encode(codec))
    (tmp_path / "b.jsonl").write_bytes(('\ufeff{"text": "JSONL ' + codec + '"}\r\n\r\n').encode(codec))
    db = tmp_path / "db.sqlite3"
    status, out, err = run(capsys, "--db", db, "import", tmp_path / "a.txt", tmp_path / "b.jsonl")
    assert (status, err) == (0, "")
    with sqlite3.connect(db) as con:
        texts = sorted(r[0] for r in con.execute("select text from articles"))
    assert texts == [f"JSONL {codec}", text]


def test_a_failed_backup_leaves_no_file_and_no_upgrade(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "old.sqlite3"
    open_store(path).close()
    with sqlite3.connect(path) as con:
        con.execute("update alembic_version set version_num = '0001'")
    before = sorted(p.name for p in tmp_path.iterdir())

    def full_disk(source: Path, target: Path) -> None:
        target.write_bytes(b"SQLite format 3\x00 half a copy")
        raise sqlite3.OperationalError("database or disk is full")

    monkeypatch.setattr(dialect, "copy_database", full_disk)
    with pytest.raises(StoreError) as info:
        open_store(path)
    assert str(info.value) == (f"{path}: cannot back up the database before upgrading it (database or disk is full); "
                               "nothing was changed")  # fmt: skip
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no 0-byte .bak
    with sqlite3.connect(path) as con:
        assert con.execute("select version_num from alembic_version").fetchone()[0] == "0001"


@pytest.mark.parametrize(
    "url, shown",
    [
        ("postgresql://newsdesk@127.0.0.1:1/news?password=s3cret", "password=***"),
        ("postgresql://newsdesk:s3cret@127.0.0.1:1/news?sslmode=disable", "newsdesk:***@"),
        ("postgresql://u:s3cret@h:notaport/x", "the port is not a number"),
    ],
)
def test_a_password_in_a_url_is_never_shown(capsys: pytest.CaptureFixture[str], url: str, shown: str) -> None:
    status, out, err = run(capsys, "--db", url, "stats")
    assert status == 1
    assert "s3cret" not in err and "Traceback" not in err and shown in err
    assert len(err.strip().splitlines()) == 1
    assert "s3cret" not in dialect.mask_url(url)


def test_what_newsdesk_creates_is_private(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    folder = tmp_path / "data" / "newsdesk"
    db = folder / "db.sqlite3"
    (tmp_path / "a.txt").write_text("A private article.\n", encoding="utf-8")
    assert run(capsys, "--db", db, "import", tmp_path / "a.txt")[0] == 0
    store = open_store(db)
    store.list_articles()  # a connection is open: -wal and -shm exist now
    made = [folder, folder.parent, db, Path(f"{db}-wal"), Path(f"{db}-shm")]
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in made}
    store.close()
    assert run(capsys, "--db", db, "export", "-o", tmp_path / "out.jsonl")[0] == 0
    assert run(capsys, "--db", db, "export", "--format", "brat", "-o", tmp_path / "brat")[0] == 0
    modes["out.jsonl"] = stat.S_IMODE((tmp_path / "out.jsonl").stat().st_mode)
    modes["brat"] = stat.S_IMODE((tmp_path / "brat").stat().st_mode)
    modes |= {p.name: stat.S_IMODE(p.stat().st_mode) for p in (tmp_path / "brat").iterdir()}
    backups = [dialect.backup_sqlite(db, "0001")]  # what an upgrade does first
    modes |= {p.name: stat.S_IMODE(p.stat().st_mode) for p in backups}
    assert {name: oct(m) for name, m in modes.items() if m not in (0o600, 0o700)} == {}
    assert stat.S_IMODE(folder.stat().st_mode) == 0o700


def test_a_closed_pipe_ends_quietly(tmp_path: Path) -> None:
    env = {k: v for k, v in os.environ.items() if k != "NEWSDESK_DB"}
    (tmp_path / "a.txt").write_text("A short article.\n", encoding="utf-8")
    subprocess.run([sys.executable, "-m", "desktop", "--db", str(tmp_path / "db.sqlite3"), "import",
                    str(tmp_path / "a.txt")], cwd=ROOT, env=env, check=True, capture_output=True)  # fmt: skip
    proc = subprocess.Popen([sys.executable, "-m", "desktop", "--db", str(tmp_path / "db.sqlite3"), "stats"],
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT, env=env)  # fmt: skip
    assert proc.stdout is not None and proc.stderr is not None
    proc.stdout.close()  # like `| head -1` that has already gone
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=120) == 1
    assert err == ""

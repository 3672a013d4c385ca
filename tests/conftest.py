"""Shared test set-up. Qt runs headless unless the caller chose a platform.

A throwaway PostgreSQL server (for the team-backend tests) is started once per session,
on first use, from Debian's binaries (``/usr/lib/postgresql/*/bin``) in a temporary folder;
initdb and postgres refuse to run as root, so they run as the ``postgres`` OS user.
"""

from __future__ import annotations

import glob
import os
import pwd
import shutil
import socket
import subprocess
import tempfile
import uuid
from collections.abc import Iterator
from pathlib import Path

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Trained models (and the choice of one) go to a throwaway folder, never the user's.
os.environ["NEWSDESK_MODELS"] = tempfile.mkdtemp(prefix="newsdesk-test-models-")

import psycopg
import pytest

ROOT = Path(__file__).resolve().parent.parent
SEEDS = ROOT / "seeds"


@pytest.fixture
def seeds_dir() -> Path:
    return SEEDS


@pytest.fixture
def seed_texts() -> dict[str, str]:
    return {p.stem: p.read_text(encoding="utf-8") for p in sorted(SEEDS.glob("*.txt"))}


def _pg_bin(pattern: str = "/usr/lib/postgresql/*/bin/initdb") -> Path:
    """The newest installed PostgreSQL's bin folder; FAILS (never skips) when there is none."""
    found = sorted(glob.glob(pattern), key=lambda p: int(Path(p).parent.parent.name))
    if not found:
        pytest.fail(
            f"PostgreSQL binaries not found ({pattern}): "
            "install the Debian package `postgresql` to run the @pytest.mark.postgres tests",
            pytrace=False,
        )
    return Path(found[-1]).parent


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="session")
def postgres_url() -> Iterator[str]:
    """URL of a database on a throwaway PostgreSQL server (stopped at the end of the session)."""
    bindir = _pg_bin()
    root = Path(tempfile.mkdtemp(prefix="newsdesk-pg-"))
    as_user: list[str] = []
    if os.geteuid() == 0:
        pg = pwd.getpwnam("postgres")
        os.chown(root, pg.pw_uid, pg.pw_gid)
        as_user = ["runuser", "-u", "postgres", "--"]
    data, port = root / "data", _free_port()

    def run(*args: str) -> None:
        proc = subprocess.run([*as_user, *args], capture_output=True, text=True)
        if proc.returncode != 0:
            pytest.fail(f"{' '.join(args[:2])} failed: {proc.stderr.strip() or proc.stdout.strip()}", pytrace=False)

    run(str(bindir / "initdb"), "-D", str(data), "-U", "postgres", "--auth=trust", "-E", "UTF8", "--no-sync")
    opts = f"-p {port} -k {root} -c listen_addresses=127.0.0.1 -c fsync=off"
    run(str(bindir / "pg_ctl"), "-D", str(data), "-l", str(root / "server.log"), "-o", opts, "-w", "start")
    try:
        run(str(bindir / "createdb"), "-h", str(root), "-p", str(port), "-U", "postgres", "newsdesk")
        yield f"postgresql+psycopg://postgres@127.0.0.1:{port}/newsdesk"
    finally:
        subprocess.run(
            [*as_user, str(bindir / "pg_ctl"), "-D", str(data), "-m", "immediate", "stop"], capture_output=True
        )
        shutil.rmtree(root, ignore_errors=True)


@pytest.fixture
def fresh_pg_url(postgres_url: str) -> str:
    """A new, empty database on the session's server (one per test)."""
    name = "t_" + uuid.uuid4().hex[:12]
    admin = postgres_url.replace("postgresql+psycopg://", "postgresql://")
    with psycopg.connect(admin, autocommit=True) as conn:
        conn.execute(f'CREATE DATABASE "{name}"')
    return postgres_url.rsplit("/", 1)[0] + "/" + name

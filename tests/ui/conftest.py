"""Fixtures for the main-window tests: a real database with the seeds imported and pre-annotated.

The seeds are imported and pre-annotated once per test module into a template file;
every test gets its own copy, so tests never see each other's edits.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from desktop.app import make_services
from desktop.services import Services

ROOT = Path(__file__).resolve().parents[2]
SEEDS = ROOT / "seeds"


@pytest.fixture(scope="module")
def seeded_template(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("template") / "seeded.sqlite3"
    services = make_services(str(path))
    try:
        report = services.corpus.import_paths([SEEDS])
        assert report.added == 2 and not report.failed, report.summary()
        services.annotator.run(services.annotator.pending())
    finally:
        services.close()
    return path


@pytest.fixture
def seeded_services(seeded_template: Path, tmp_path: Path) -> Iterator[Services]:
    db = tmp_path / "t.sqlite3"
    for suffix in ("", "-wal", "-shm"):
        src = Path(str(seeded_template) + suffix)
        if src.exists():
            shutil.copyfile(src, str(db) + suffix)
    services = make_services(str(db))
    yield services
    services.close()


@pytest.fixture
def empty_services(tmp_path: Path) -> Iterator[Services]:
    services = make_services(str(tmp_path / "empty.sqlite3"))
    yield services
    services.close()


@pytest.fixture
def window(qtbot, seeded_services: Services):  # type: ignore[no-untyped-def]
    """The real main window on a seeded copy, showing the first article of the list."""
    from desktop.ui.window import MainWindow

    w = MainWindow(seeded_services)
    qtbot.addWidget(w)
    w.show()
    qtbot.waitExposed(w)
    first = w.articles.neighbour(None, 1)
    assert first is not None
    w.open_article(first)
    yield w
    w.runner.cancel_all()
    w.runner.wait()
    w.close()

"""The composition root: the one place that wires the store, the NLP engine, the
services and the front ends (window or command line) together."""

from __future__ import annotations

import os
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from pathlib import Path
from typing import cast

from desktop import cli
from desktop.domain.errors import NewsdeskError
from desktop.domain.ports import NlpEngine
from desktop.services import Services, build_services

APP_NAME = "newsdesk"


def default_database() -> Path:
    from platformdirs import user_data_path

    return user_data_path(APP_NAME, appauthor=False) / "newsdesk.sqlite3"


def database_location(db: str | None) -> str:
    """--db, else $NEWSDESK_DB, else newsdesk.sqlite3 in the user data folder."""
    return db or os.environ.get("NEWSDESK_DB") or str(default_database())


def seeds_folder() -> Path | None:
    """The bundled demo corpus: next to a frozen executable, or at the top of a checkout."""
    candidates = []
    if env := os.environ.get("NEWSDESK_SEEDS"):
        candidates.append(Path(env))
    if getattr(sys, "frozen", False):
        candidates += [Path(getattr(sys, "_MEIPASS", "")) / "seeds", Path(sys.executable).parent / "seeds"]
    candidates.append(Path(__file__).resolve().parent.parent / "seeds")
    return next((c for c in candidates if c.is_dir() and any(c.glob("*.txt"))), None)


class _DeferredEngine:
    """The spaCy engine, imported and made on first use: ``stats``, ``list`` and ``export`` never pay the
    ~1.5 s of importing spaCy, and the window shows before it is imported (in the background)."""

    def __init__(self, **options: object) -> None:
        self._options = options
        self._engine: object | None = None
        self._lock = threading.Lock()

    def _real(self) -> object:
        with self._lock:
            if self._engine is None:
                from desktop.nlp.engine import SpacyEngine

                self._engine = SpacyEngine(**self._options)  # type: ignore[arg-type]
            return self._engine

    def __getattr__(self, name: str) -> object:
        return getattr(self._real(), name)


def make_services(db: str | None, *, model: str | None = None, processes: int = 1,
                  must_exist: bool = False) -> Services:  # fmt: skip
    """``must_exist``: a command that only reads refuses a database file that is not there (never creates it)."""
    location = database_location(db)
    if must_exist and "://" not in location and not Path(location).is_file():
        raise NewsdeskError(f"{location}: no such database (name an existing one with --db; "
                            f"'newsdesk import' creates one)")  # fmt: skip
    if processes < 1:
        raise NewsdeskError("--processes must be at least 1")
    from desktop.db import open_store
    from desktop.services import default_models_folder
    from desktop.services.training import ModelShelf

    bar = cli.TerminalProgress()  # upgrading a database builds its search index: a bar on a terminal
    store = open_store(location, progress=bar)
    bar.finish()
    folder = Path(os.environ["NEWSDESK_MODELS"]) if os.environ.get("NEWSDESK_MODELS") else default_models_folder()
    # --model wins; else the trained model the analyst chose (Train dialog, `newsdesk models --use`).
    deferred = _DeferredEngine(model=model or ModelShelf(folder).active_source(), processes=processes)
    engine = cast(NlpEngine, deferred)

    def base_model() -> str | None:
        from desktop.nlp.models import resolve_model

        return resolve_model(None).source

    def use_model(source: str | None) -> None:  # spaCy is imported only when a model is really used
        engine.use(source)  # type: ignore[attr-defined]

    services = build_services(store, engine, models=folder, base_model=base_model, use_model=use_model)
    if model is None and services.trainer.team_model() is not None:
        # a model shared on the team server pre-annotates for everybody (fetched once, then cached)
        use_model(services.trainer.team_source() or ModelShelf(folder).active_source())
    return services


def display_problem() -> str | None:
    """Why the window cannot open on this machine (no display, missing Qt system libraries), or None."""
    from desktop.ui.platform_check import display_problem as check

    return check()


def launch_gui(services: Services | None, problem: str | None = None) -> int:
    """Open the window; with ``problem`` (the database could not be opened) a dialog that says why."""
    if problem is not None and not (os.environ.get("DISPLAY") or os.environ.get("WAYLAND_DISPLAY")):
        return 1  # no screen to show it on: the message went to stderr already
    from desktop.ui.app import run_window

    return run_window(services, seeds=seeds_folder(), problem=problem, open_services=lambda db: make_services(db))


def selftest() -> int:
    """Check the install end to end, headless: model, database, formats, Qt. Exit 0 when it works."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    failures = 0

    def check(name: str, fn) -> object:  # type: ignore[no-untyped-def]
        nonlocal failures
        started = time.perf_counter()
        try:
            result = fn()
        except Exception as exc:  # noqa: BLE001 - a self-test reports every failure
            failures += 1
            print(f"FAIL {name}: {type(exc).__name__}: {exc}")
            return None
        print(f"ok   {name}: {result} ({time.perf_counter() - started:.1f} s)")
        return result

    with tempfile.TemporaryDirectory(prefix="newsdesk-selftest-") as tmp:
        opened: list[Services] = []

        def database() -> str:
            opened.append(make_services(str(Path(tmp) / "selftest.sqlite3")))
            return opened[0].corpus.location

        check("database", database)
        if not opened:
            return 1
        services = opened[0]
        check("schema", services.schema_version)

        def model() -> str:
            info = services.load_model()
            if info.name is None:
                raise RuntimeError(info.message)
            return info.message

        check("model", model)
        sample = Path(tmp) / "sample.txt"
        sample.write_text("Israeli Prime Minister Benjamin Netanyahu met President Donald Trump in Washington.\n",
                          encoding="utf-8")  # fmt: skip

        def annotate() -> str:
            report = services.corpus.import_paths([sample])
            if report.failed or report.added != 1:
                raise RuntimeError(report.summary())
            ann = services.annotator.run(services.annotator.pending())
            if ann.spans < 2:
                raise RuntimeError(f"expected entities, got {ann.summary()}")
            return ann.summary()

        check("import + annotate", annotate)

        def export() -> str:
            out = Path(tmp) / "out.jsonl"
            report = services.corpus.export(out, "jsonl")
            lines = out.read_text(encoding="utf-8").splitlines()
            if len(lines) != 1 or '"PERSON"' not in lines[0]:
                raise RuntimeError("the export does not hold the annotated article")
            return report.summary()

        check("export", export)

        def qt() -> str:
            from desktop.ui.app import smoke_window

            return smoke_window(services)

        check("window", qt)
        services.close()
    print("selftest passed" if not failures else f"selftest: {failures} check(s) failed")
    return 0 if not failures else 1


def main(argv: Sequence[str] | None = None) -> int:
    if getattr(sys, "frozen", False):  # the installer's executable: let training's child process start
        import multiprocessing

        multiprocessing.freeze_support()
    try:
        status = cli.run(argv, make_services, launch_gui, selftest, check_display=display_problem)
        sys.stdout.flush()  # here, where a closed pipe is caught, not at interpreter exit
        return status
    except NewsdeskError as exc:
        print(f"newsdesk: {exc}", file=sys.stderr)
        return cli.SOME_FAILED
    except BrokenPipeError:
        # The reader went away (`newsdesk stats | head -1`): stop quietly. Point stdout at
        # /dev/null so the interpreter's final flush does not complain either.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return cli.SOME_FAILED


def main_gui() -> int:
    return main(["gui"])


if __name__ == "__main__":  # pragma: no cover
    raise SystemExit(main())

"""The window's entry points: :func:`run_window` (``newsdesk gui``) and :func:`smoke_window` (selftest)."""

from __future__ import annotations

import sys
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from PySide6.QtCore import (
    QCoreApplication,
    QEventLoop,
    QMessageLogContext,
    QSettings,
    QTimer,
    QtMsgType,
    qInstallMessageHandler,
)
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QMessageBox

import desktop
from desktop.services import Services
from desktop.ui import plain

from . import theme
from .memory import WindowMemory
from .window import MainWindow

APP_NAME = "Newsdesk"


def icon_folder() -> Path | None:
    """resources/icons inside the package, next to a frozen executable, or at the top of a checkout."""
    here = Path(desktop.__file__).resolve().parent
    candidates = [here / "resources" / "icons", here.parent / "resources" / "icons"]
    if getattr(sys, "frozen", False):
        candidates.insert(0, Path(getattr(sys, "_MEIPASS", "")) / "resources" / "icons")
    return next((c for c in candidates if c.is_dir()), None)


def app_icon() -> QIcon:
    icon = QIcon()
    folder = icon_folder()
    if folder is not None:
        for png in sorted(folder.glob("newsdesk-*.png")):
            icon.addFile(str(png))
    return icon


def application() -> QApplication:
    app = QApplication.instance()
    if not isinstance(app, QApplication):
        app = QApplication(sys.argv[:1])
    app.setApplicationName(APP_NAME)
    app.setApplicationDisplayName(APP_NAME)
    app.setOrganizationName(APP_NAME)
    app.setApplicationVersion(desktop.__version__)
    app.setDesktopFileName("newsdesk")
    icon = app_icon()
    if not icon.isNull():
        app.setWindowIcon(icon)
    if not app.property("newsdeskThemed"):
        app.setProperty("newsdeskThemed", True)
        theme.follow_system_theme(app)
    return app


def run_window(services: Services | None, seeds: Path | None = None, problem: str | None = None,
               open_services: Callable[[str], Services] | None = None) -> int:
    """Open the main window at once; the model, the seeds and pre-annotation follow in the background.

    ``problem``: a one-line error the composition root met (e.g. a bad database): shown in a
    dialog instead of the window.
    """
    app = application()
    if problem or services is None:
        plain.message_box(None, QMessageBox.Icon.Critical, "Newsdesk cannot start",
                          problem or "The database could not be opened.").exec()  # fmt: skip
        return 1
    while True:
        window = MainWindow(services, memory=WindowMemory(QSettings()), open_services=open_services)
        previous_hook = sys.excepthook
        sys.excepthook = _show_unexpected(window, previous_hook)
        window.show()
        window.start(seeds)
        try:
            status = int(app.exec())
        finally:
            sys.excepthook = previous_hook
        if window.switched_to is None:
            return status
        # File > Open database: the same application, a new window on the other database.
        services.close()
        services, seeds = window.switched_to, None
        window.deleteLater()


def _show_unexpected(window: MainWindow, previous: Callable[..., object]) -> Callable[..., None]:
    """An error nobody expected: the traceback goes to stderr, the user gets one line, the window stays."""

    def hook(kind: type[BaseException], exc: BaseException, tb: TracebackType | None) -> None:
        previous(kind, exc, tb)
        message = str(exc).strip().splitlines()[0] if str(exc).strip() else kind.__name__
        window.refuse(f"Something went wrong: {message}")

    return hook


# The offscreen platform (selftest) says this about every top-level window; it is not a problem of the install.
_OFFSCREEN_NOISE = ("propagateSizeHints() is not implemented", "This plugin does not support propagateSizeHints")


def _quiet_offscreen(mode: QtMsgType, context: QMessageLogContext, message: str) -> None:
    if not any(noise in message for noise in _OFFSCREEN_NOISE):
        sys.stderr.write(message + "\n")


def smoke_window(services: Services) -> str:
    """Build the real main window offscreen, let it settle, close it, describe what it showed."""
    previous = qInstallMessageHandler(_quiet_offscreen)
    try:
        return _smoke_window(services)
    finally:
        qInstallMessageHandler(previous)


def _smoke_window(services: Services) -> str:
    app = application()
    window = MainWindow(services)
    window.show()
    window.start(None)
    deadline = QTimer()
    deadline.setSingleShot(True)
    loop = QEventLoop()
    deadline.timeout.connect(loop.quit)
    window.runner.idle.connect(loop.quit)
    deadline.start(60000)
    QTimer.singleShot(50, lambda: loop.quit() if window.runner.is_idle() else None)
    loop.exec()
    QCoreApplication.processEvents()
    rows = window.articles.model.rowCount()
    spans = len(window.view.visible_spans())
    model = window.model_label.text()
    title = window.pane.title.text() if window.pane.article_id else "no article open"
    window.close()
    window.deleteLater()
    app.processEvents()
    return f"{rows} article(s) listed, '{title}' open with {spans} highlighted span(s); {model}"

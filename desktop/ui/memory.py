"""What the window remembers between sessions: its geometry and layout, and per database the
article that was open (so the analyst continues where they stopped)."""

from __future__ import annotations

import hashlib

from PySide6.QtCore import QByteArray, QSettings
from PySide6.QtWidgets import QMainWindow, QSplitter


class WindowMemory:
    def __init__(self, settings: QSettings) -> None:
        self._settings = settings

    @staticmethod
    def _key(location: str) -> str:
        return "articles/" + hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]

    def restore_layout(self, window: QMainWindow) -> None:
        """Geometry and docks: call before the window shows."""
        geometry = self._settings.value("window/geometry")
        state = self._settings.value("window/state")
        if isinstance(geometry, QByteArray) and not geometry.isEmpty():
            window.restoreGeometry(geometry)
        if isinstance(state, QByteArray) and not state.isEmpty():
            window.restoreState(state)

    def restore_splitter(self, splitter: QSplitter) -> None:
        """The list/article split: call once the window has its size."""
        sizes = self._settings.value("window/splitter")
        if isinstance(sizes, QByteArray) and not sizes.isEmpty():
            splitter.restoreState(sizes)

    def save_layout(self, window: QMainWindow, splitter: QSplitter | None = None) -> None:
        self._settings.setValue("window/geometry", window.saveGeometry())
        self._settings.setValue("window/state", window.saveState())
        if splitter is not None:
            self._settings.setValue("window/splitter", splitter.saveState())

    def last_article(self, location: str) -> str | None:
        value = self._settings.value(self._key(location))
        return value if isinstance(value, str) and value else None

    def set_last_article(self, location: str, article_id: str | None) -> None:
        self._settings.setValue(self._key(location), article_id or "")

    def annotator(self) -> str | None:
        """The name the analyst gave under Settings > You (None: the system user name)."""
        value = self._settings.value("annotator/name")
        return value if isinstance(value, str) and value else None

    def set_annotator(self, name: str | None) -> None:
        self._settings.setValue("annotator/name", name or "")

    def sync(self) -> None:
        self._settings.sync()

    # -- File > Recent databases -------------------------------------------------------------
    RECENT = 8

    def recent_databases(self) -> list[str]:
        value = self._settings.value("databases/recent")
        items = value if isinstance(value, list) else [value] if isinstance(value, str) and value else []
        return [str(v) for v in items if str(v)][: self.RECENT]

    def add_recent_database(self, location: str) -> None:
        items = [location, *(v for v in self.recent_databases() if v != location)]
        self._settings.setValue("databases/recent", items[: self.RECENT])

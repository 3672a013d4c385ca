"""Render resources/icons/newsdesk.svg to the PNG sizes desktops ask for (and .ico for Windows).

    python packaging/make_icons.py

Uses Qt's own SVG renderer (QtSvg, part of PySide6-Essentials), offscreen.
"""

from __future__ import annotations

import os
import sys
from pathlib import Path

ICON_DIR = Path(__file__).resolve().parent.parent / "resources" / "icons"
SIZES = (16, 22, 24, 32, 48, 64, 128, 256, 512)


def render(svg: Path, out_dir: Path, sizes: tuple[int, ...] = SIZES) -> list[Path]:
    """Write newsdesk-<size>.png for each size, plus newsdesk.ico; returns the files written."""
    os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
    from PySide6.QtCore import Qt
    from PySide6.QtGui import QGuiApplication, QImage, QPainter
    from PySide6.QtSvg import QSvgRenderer

    _app = QGuiApplication.instance() or QGuiApplication(sys.argv[:1])
    renderer = QSvgRenderer(str(svg))
    if not renderer.isValid():
        raise ValueError(f"{svg}: not a valid SVG")
    written: list[Path] = []
    for size in sizes:
        image = QImage(size, size, QImage.Format.Format_ARGB32_Premultiplied)
        image.fill(Qt.GlobalColor.transparent)
        painter = QPainter(image)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        renderer.render(painter)
        painter.end()
        target = out_dir / f"newsdesk-{size}.png"
        if not image.save(str(target), "PNG"):
            raise OSError(f"{target}: could not write PNG")
        written.append(target)
        if size == 256:
            ico = out_dir / "newsdesk.ico"
            if not image.save(str(ico), "ICO"):
                raise OSError(f"{ico}: could not write ICO (Qt's ico image plugin missing?)")
            written.append(ico)
    return written


if __name__ == "__main__":
    for path in render(ICON_DIR / "newsdesk.svg", ICON_DIR):
        print(path.relative_to(ICON_DIR.parent.parent))

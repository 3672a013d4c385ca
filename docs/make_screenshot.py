"""Take docs/screenshot.png: the real window on the seeds, after import and pre-annotation.

    xvfb-run -a -s "-screen 0 1440x900x24" env QT_QPA_PLATFORM=xcb \\
        .venv/bin/python docs/make_screenshot.py /tmp/shot.sqlite3 docs/screenshot.png [WIDTHxHEIGHT]

A few suggestions are accepted first, so the picture shows reviewed and unreviewed spans.
"""

from __future__ import annotations

import sys
from pathlib import Path

from PySide6.QtCore import QEventLoop, QTimer

from desktop.app import make_services, seeds_folder
from desktop.domain.model import Review
from desktop.ui.app import application
from desktop.ui.window import MainWindow


def main(db: str, out: str, width: int = 1440, height: int = 860) -> int:
    Path(db).unlink(missing_ok=True)
    services = make_services(db)
    app = application()
    window = MainWindow(services)
    window.resize(width, height)
    window.show()
    window.start(seeds_folder())
    loop = QEventLoop()

    def ready() -> None:
        if window.runner.is_idle() and window.articles.model.rowCount() and window.view.visible_spans():
            loop.quit()
        else:
            QTimer.singleShot(200, ready)

    QTimer.singleShot(300, ready)
    QTimer.singleShot(90000, loop.quit)
    loop.exec()
    aid = window.current_id
    assert aid is not None
    for span in [s for s in services.corpus.document(aid).spans if s.status == Review.SUGGESTED][:12]:
        services.spans.accept(span.id)
    window.refresh()
    person = next(s for s in window.view.visible_spans() if s.label == "PERSON" and s.status == Review.ACCEPTED)
    window.view.select_object(person.id)
    window.view.scroll_to(person.id, flash=False)
    QTimer.singleShot(800, loop.quit)
    loop.exec()
    window.grab().save(out)
    print(f"{out}: {window.width()}x{window.height()}")
    window.close()
    services.close()
    app.processEvents()
    return 0


if __name__ == "__main__":
    size = [int(v) for v in sys.argv[3].split("x")] if len(sys.argv) > 3 else [1440, 860]
    raise SystemExit(main(sys.argv[1], sys.argv[2], *size))

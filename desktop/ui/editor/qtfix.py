"""Work-around for a reference counting bug of PySide6 6.12 on CPython 3.11.

Measured here (PySide6-Essentials 6.12.0, CPython 3.11.7): every call of a Qt
method that returns ``void`` (``QPainter.drawRect``, ``QTextCursor.setPosition``,
``QTextLayout.setFormats``, ``QColor.setAlphaF`` ...) drops one reference to
``None`` that it never took. ``None`` starts with a few thousand references, so
after a few thousand such calls - one repaint of the editor - CPython aborts with
"Fatal Python error: none_dealloc". CPython 3.12+ made ``None`` immortal (PEP 683),
which hides the bug; :func:`protect_none` gives 3.11 the same protection by
adding 2**40 references to ``None`` once per process.
"""

from __future__ import annotations

import ctypes
import sys

_HEADROOM = 1 << 40


def protect_none() -> None:
    """Make ``None`` practically immortal on CPython < 3.12 (idempotent; no-op elsewhere)."""
    if sys.implementation.name != "cpython" or sys.version_info >= (3, 12):
        return
    if sys.getrefcount(None) >= _HEADROOM // 2:
        return
    refcnt = ctypes.c_ssize_t.from_address(id(None))  # ob_refcnt is the first field of every object
    refcnt.value += _HEADROOM

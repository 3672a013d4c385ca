"""The annotation editor: the article text with entity and claim layers, plus label bar and legend."""

from __future__ import annotations

from .qtfix import protect_none

protect_none()  # before any Qt call: PySide6 6.12 on CPython 3.11 leaks references to None

from .edge import TextEdge
from .labelbar import LabelBar
from .legend import LegendModel
from .view import AnnotatedTextView

__all__ = ["AnnotatedTextView", "LabelBar", "LegendModel", "TextEdge", "protect_none"]

"""The annotation editor: the article text with entity and claim layers, plus label bar and legend."""

from __future__ import annotations

from .edge import TextEdge
from .labelbar import LabelBar
from .legend import LegendModel
from .qtfix import protect_none
from .view import AnnotatedTextView

protect_none()  # PySide6 6.12 on CPython 3.11 leaks a reference to None per void Qt call

__all__ = ["AnnotatedTextView", "LabelBar", "LegendModel", "TextEdge", "protect_none"]

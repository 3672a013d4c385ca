"""The annotation editor: the article text with entity and claim layers, plus label bar and legend."""

from __future__ import annotations

from .edge import TextEdge
from .labelbar import LabelBar
from .legend import LegendModel
from .view import AnnotatedTextView

__all__ = ["AnnotatedTextView", "LabelBar", "LegendModel", "TextEdge"]

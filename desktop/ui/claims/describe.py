"""Plain-text descriptions of annotations and links for the claims widgets.

The read-model itself lives in the services (:mod:`desktop.services.links`); this module
names it for the widgets that format its text.
"""

from __future__ import annotations

from desktop.services.links import INCOMING_TEXT, LABEL_TEXT, Describer, LinkRow, one_line

__all__ = ["INCOMING_TEXT", "LABEL_TEXT", "Describer", "LinkRow", "one_line"]

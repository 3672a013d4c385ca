"""Claims and links: the claim inspector, the link picker, the corpus-wide Claims view
(table and timeline), the canonical entities dialog and the linked-removal question."""

from __future__ import annotations

from .entities import EntitiesDialog
from .grouping import TimelineGroup, counted_nouns, timeline_groups
from .inspector import ClaimInspector
from .link_picker import LinkPicker
from .removal import confirm_removal
from .table_model import ClaimsFilterProxy, ClaimsTableModel, Column
from .timeline import TimelineWidget
from .view import ClaimsView

__all__ = [
    "ClaimInspector",
    "ClaimsFilterProxy",
    "ClaimsTableModel",
    "ClaimsView",
    "Column",
    "EntitiesDialog",
    "LinkPicker",
    "TimelineGroup",
    "TimelineWidget",
    "confirm_removal",
    "counted_nouns",
    "timeline_groups",
]

"""The claims widgets (desktop.ui.claims, built alongside the window) the window plugs in.

INTEGRATION POINT: each getter returns None while its widget has not landed, and the
window then leaves that dock, menu entry or key out (no stand-in UI).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QWidget

from desktop.services import Services


def claim_inspector(services: Services, parent: QWidget | None) -> Any | None:
    """ClaimInspector(services): show_claim(id), refresh(), changed(), followRequested(aid, oid)."""
    try:
        from .claims.inspector import ClaimInspector
    except ImportError:
        return None
    return ClaimInspector(services, parent)


def link_picker() -> Callable[[QWidget | None, Services, str], bool] | None:
    """LinkPicker.pick(parent, services, claim_id) -> True when a link was made."""
    try:
        from .claims.link_picker import LinkPicker
    except ImportError:
        return None
    pick: Callable[[QWidget | None, Services, str], bool] = LinkPicker.pick
    return pick


def claims_view_class() -> Any | None:
    """ClaimsView(services): the corpus claims table and timeline; openRequested(aid, oid)."""
    try:
        from .claims.view import ClaimsView  # type: ignore[import-not-found]
    except ImportError:
        return None
    return ClaimsView


def entities_dialog_class() -> Any | None:
    """EntitiesDialog(services, parent): canonical entities (merge proposals, rename, split)."""
    try:
        from .claims.entities import EntitiesDialog  # type: ignore[import-not-found]
    except ImportError:
        return None
    return EntitiesDialog

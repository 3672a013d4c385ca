"""Fixture for the editor tests: a shown AnnotatedTextView."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from desktop.domain.labels import default_labels
from desktop.domain.model import Claim, LabelDef, Span
from desktop.domain.ports import Token
from desktop.ui.editor import AnnotatedTextView

from .helpers import settle

MakeView = Callable[..., AnnotatedTextView]


@pytest.fixture
def make_view(qtbot) -> MakeView:  # type: ignore[no-untyped-def]
    def make(
        text: str,
        spans: list[Span] | None = None,
        claims: list[Claim] | None = None,
        labels: list[LabelDef] | None = None,
        tokens: list[Token] | None = None,
        size: tuple[int, int] = (900, 400),
    ) -> AnnotatedTextView:
        view = AnnotatedTextView()
        qtbot.addWidget(view)
        view.resize(*size)
        view.set_document(text, spans or [], claims or [], labels or default_labels(), tokens)
        view.show()
        qtbot.waitExposed(view)
        view.setFocus()
        settle(qtbot, view)
        return view

    return make

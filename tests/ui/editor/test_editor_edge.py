"""The code point <-> Qt edge, checked against what QPlainTextEdit really does with the text."""

from __future__ import annotations

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit

from desktop.ui.editor.edge import TextEdge

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"  # ZWJ sequence: 5 code points, 8 UTF-16 units
FLAG_FR = "\U0001f1eb\U0001f1f7"  # regional indicators: 2 code points, 4 UTF-16 units
SAMPLES = {
    "emoji": f"Hi {FAMILY} and {FLAG_FR} then 👍🏽 end",
    "combining": "Cafe\u0301 na\u0308ive Zo\u0308e",
    "hebrew": "שלום עולם, said Dana",
    "arabic": "قال الرئيس محمد إن 2025",
    "crlf": "one\r\ntwo\r\n\r\nthree\r\n",
    "lone_cr": "one\rtwo\nthree",
    "separators": "a\u2028b\u2029c\x0cd\x0be\x85f\tg",
    "mixed": f"\r\n{FAMILY}\r\nשלום\u2029e\u0301\r\n{FLAG_FR}",
}


def qt_visible(text: str) -> str:
    """What QTextCursor.selectedText() reports for ``text``: block separators become U+2029."""
    return text.replace("\r\n", "\u2029").replace("\r", "\u2029").replace("\n", "\u2029")


@pytest.fixture
def editor(qtbot) -> QPlainTextEdit:  # type: ignore[no-untyped-def]
    w = QPlainTextEdit()
    qtbot.addWidget(w)
    return w


def selected(editor: QPlainTextEdit, qs: int, qe: int) -> str:
    c = QTextCursor(editor.document())
    c.setPosition(qs)
    c.setPosition(qe, QTextCursor.MoveMode.KeepAnchor)
    return c.selectedText()


def check_exact(editor: QPlainTextEdit, text: str) -> None:
    editor.setPlainText(text)
    edge = TextEdge(text)
    assert edge.length_qt == editor.document().characterCount() - 1
    inside_crlf = {i + 1 for i in range(len(text)) if text.startswith("\r\n", i)}
    bounds = [i for i in range(len(text) + 1) if i not in inside_crlf]
    for i in bounds:
        assert edge.to_cp(edge.to_qt(i)) == i
    for a in bounds:
        for b in bounds:
            if a < b:
                assert selected(editor, edge.to_qt(a), edge.to_qt(b)) == qt_visible(text[a:b]), (a, b)


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_code_point_range_selects_exactly_that_text(editor: QPlainTextEdit, name: str) -> None:
    check_exact(editor, SAMPLES[name])


def test_emoji_positions_are_code_points() -> None:
    text = SAMPLES["emoji"]
    edge = TextEdge(text)
    start = text.index(FAMILY)
    assert edge.to_qt(start + len(FAMILY)) - edge.to_qt(start) == 8
    after_flag = text.index(FLAG_FR) + 2
    assert edge.to_cp(edge.to_qt(after_flag)) == after_flag


def test_crlf_collapses_to_one_position_and_rounds_down_inside_the_pair() -> None:
    edge = TextEdge("a\r\nb")
    assert [edge.to_qt(i) for i in range(5)] == [0, 1, 1, 2, 3]
    assert [edge.to_cp(q) for q in range(4)] == [0, 1, 3, 4]


def test_qt_position_inside_surrogate_pair_rounds_down() -> None:
    edge = TextEdge("x😀y")
    assert edge.to_cp(2) == 1
    assert edge.to_cp(3) == 2


def test_out_of_range_qt_position_is_refused() -> None:
    with pytest.raises(ValueError, match="outside text"):
        TextEdge("ab").to_cp(3)


ALPHABET = st.sampled_from(["a", " ", "\r", "\n", "\r\n", "\u2028", "\u2029", "é", "\u0301", "😀", FLAG_FR, "ש", "ع"])


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(parts=st.lists(ALPHABET, max_size=12))
def test_random_texts_round_trip_exactly(editor: QPlainTextEdit, parts: list[str]) -> None:
    check_exact(editor, "".join(parts))

"""Driving the real widget with mouse and keys: the emitted requests carry exact code points and ids."""

from __future__ import annotations

from PySide6.QtCore import QPoint, Qt
from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget

from desktop.domain.labels import default_labels
from desktop.domain.model import Review
from desktop.domain.ports import Token
from desktop.ui.editor import AnnotatedTextView

from .conftest import MakeView
from .helpers import boundary_point, char_point, claim, span

L = Qt.MouseButton.LeftButton
ALT = Qt.KeyboardModifier.AltModifier
NO = Qt.KeyboardModifier.NoModifier

FAMILY = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
TEXT = f"{FAMILY} Leaders met in Washington 🇺🇸 on Monday.\r\nשלום said Netanyahu, e\u0301lan; قال الرئيس."


def drag(qtbot, view, a: int, b: int, modifier=NO) -> None:  # type: ignore[no-untyped-def]
    """Press in the middle of character a, release in the middle of character b - 1."""
    vp = view.viewport()
    p1, p2 = char_point(view, a), char_point(view, b - 1)
    qtbot.mousePress(vp, L, modifier, p1)
    qtbot.mouseMove(vp, QPoint((p1.x() + p2.x()) // 2, p2.y()))
    qtbot.mouseMove(vp, p2)
    qtbot.mouseRelease(vp, L, modifier, p2)


def click(qtbot, view, cp: int) -> None:  # type: ignore[no-untyped-def]
    qtbot.mouseClick(view.viewport(), L, NO, char_point(view, cp))


def test_mouse_selection_snaps_to_tokens_then_number_key_labels(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(TEXT)
    i = TEXT.index("Washington")
    drag(qtbot, view, i + 2, i + 6)  # "shin" inside the word
    assert view.text_selection() == (i, i + len("Washington"))
    with qtbot.waitSignal(view.labelRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_3, NO)  # GPE
    start, end, label = sig.args
    assert (TEXT[start:end], label) == ("Washington", "GPE")


def test_alt_drag_keeps_exact_characters(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(TEXT)
    i = TEXT.index("Washington")
    vp = view.viewport()
    p1, p2 = boundary_point(view, i + 2), boundary_point(view, i + 6)
    qtbot.mousePress(vp, L, ALT, p1)
    qtbot.mouseMove(vp, p2)
    qtbot.mouseRelease(vp, L, ALT, p2)
    with qtbot.waitSignal(view.labelRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_2, NO)
    assert TEXT[sig.args[0] : sig.args[1]] == "shin"
    assert sig.args[2] == "ORG"


def test_selection_after_crlf_and_emoji_and_rtl_gives_code_points(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(TEXT)
    for word in ("Netanyahu", "שלום", "e\u0301lan", "الرئيس"):
        i = TEXT.index(word)
        view.select_text(i, i + len(word))
        with qtbot.waitSignal(view.labelRequested) as sig:
            qtbot.keyClick(view, Qt.Key.Key_1, NO)
        assert TEXT[sig.args[0] : sig.args[1]] == word
        assert view.textCursor().selectedText() == word


def test_drag_over_the_hebrew_word_selects_it_whole(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(TEXT)
    i = TEXT.index("Netanyahu")
    drag(qtbot, view, i + 1, i + 3)
    assert TEXT.__getitem__(slice(*view.text_selection())) == "Netanyahu"  # type: ignore[misc]


def test_keyboard_selection_with_shift_arrows(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Aid to Gaza resumed."
    view = make_view(text)
    c = view.textCursor()
    c.setPosition(text.index("Gaza"))
    view.setTextCursor(c)
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier)
    with qtbot.waitSignal(view.claimRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_C, NO)
    assert text[sig.args[0] : sig.args[1]] == "Gaza"


def test_click_selects_span_and_number_key_relabels(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    s = span("s1", TEXT, "Washington", "ORG")
    view = make_view(TEXT, [s])
    with qtbot.waitSignal(view.selectionChanged) as sig:
        click(qtbot, view, s.start + 3)
    assert sig.args == ["s1"]
    assert view.selected_id() == "s1"
    with qtbot.waitSignal(view.relabelRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_3, NO)
    assert sig.args == ["s1", "GPE"]
    with qtbot.waitSignal(view.selectionChanged) as sig:
        click(qtbot, view, TEXT.index("Leaders") + 1)  # plain text: deselects
    assert sig.args == [""]


def test_tab_and_shift_tab_walk_the_visible_spans_and_keep_focus(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Obama met Merkel and Macron in Paris."
    spans = [
        span("a", text, "Obama", "PERSON"),
        span("b", text, "Merkel", "PERSON", Review.REJECTED),
        span("c", text, "Macron", "PERSON", Review.SUGGESTED),
        span("d", text, "Paris", "GPE"),
    ]
    host = QWidget()
    qtbot.addWidget(host)
    lay = QVBoxLayout(host)
    view = AnnotatedTextView(host)
    view.set_document(text, spans, [], default_labels(), None)
    lay.addWidget(view)
    lay.addWidget(QLineEdit(host))
    host.show()
    qtbot.waitExposed(host)
    view.setFocus()
    seen = []
    for _ in range(4):
        qtbot.keyClick(view, Qt.Key.Key_Tab, NO)
        seen.append(view.selected_id())
    assert seen == ["a", "c", "d", "a"]  # the rejected span is skipped; wraps around
    assert host.focusWidget() is view
    qtbot.keyClick(view, Qt.Key.Key_Backtab, Qt.KeyboardModifier.ShiftModifier)
    assert view.selected_id() == "d"


def test_delete_and_enter(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Obama met Macron."
    spans = [span("a", text, "Obama", "PERSON"), span("c", text, "Macron", "PERSON", Review.SUGGESTED)]
    view = make_view(text, spans)
    view.select_object("c")
    with qtbot.waitSignal(view.acceptRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Return, NO)
    assert sig.args == ["c"]
    with qtbot.waitSignal(view.removeRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Delete, NO)
    assert sig.args == ["c"]
    view.select_object("a")
    with qtbot.assertNotEmitted(view.acceptRequested):
        qtbot.keyClick(view, Qt.Key.Key_Return, NO)  # already accepted
    with qtbot.waitSignal(view.removeRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Backspace, NO)
    assert sig.args == ["a"]


def test_claim_click_and_link_key(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Officials said Berlin will pay 5 million euros. Nobody agreed."
    s = span("s", text, "Berlin", "GPE")
    c = claim("k", text, "Berlin will pay 5 million euros.", Review.SUGGESTED)
    view = make_view(text, [s], [c])
    click(qtbot, view, text.index("million"))
    assert view.selected_id() == "k"
    with qtbot.waitSignal(view.linkRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_L, NO)
    assert sig.args == ["k"]
    click(qtbot, view, s.start + 1)
    assert view.selected_id() == "s"  # the span first ...
    click(qtbot, view, s.start + 1)
    assert view.selected_id() == "k"  # ... a second click reaches the claim under it
    with qtbot.waitSignal(view.acceptRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Enter, NO)
    assert sig.args == ["k"]


def test_resize_keys_move_edges_by_one_token(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "President Joe Biden spoke in New York."
    s = span("s", text, "Joe Biden", "PERSON")
    view = make_view(text, [s])
    view.select_object("s")
    cases = [
        (Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier, "Joe Biden spoke"),
        (Qt.Key.Key_Left, Qt.KeyboardModifier.ShiftModifier, "Joe"),
        (Qt.Key.Key_Left, Qt.KeyboardModifier.ControlModifier, "President Joe Biden"),
        (Qt.Key.Key_Right, Qt.KeyboardModifier.ControlModifier, "Biden"),
    ]
    for key, mod, expected in cases:
        with qtbot.waitSignal(view.resizeRequested) as sig:
            qtbot.keyClick(view, key, mod | ALT)
        sid, start, end = sig.args
        assert (sid, text[start:end]) == ("s", expected)


def test_resize_uses_the_given_tokens(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "New York-based firm"
    tokens = [Token(0, 3, True), Token(4, 8, False), Token(8, 9, False), Token(9, 14, True), Token(15, 19, False)]
    s = span("s", text, "New York", "GPE")
    view = make_view(text, [s], tokens=tokens)
    view.select_object("s")
    with qtbot.waitSignal(view.resizeRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_Right, Qt.KeyboardModifier.ShiftModifier | ALT)
    assert text[sig.args[1] : sig.args[2]] == "New York-"


def test_dragging_the_end_edge_resizes_snapped_to_tokens(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "President Joe Biden spoke in New York."
    s = span("s", text, "Joe", "PERSON")
    view = make_view(text, [s])
    view.select_object("s")
    vp = view.viewport()
    rect = view._rects(view.edge.to_qt(s.start), view.edge.to_qt(s.end))[-1].rect
    grab = QPoint(int(rect.right()) - 1, int(rect.center().y()))
    qtbot.mouseMove(vp, grab)
    assert vp.cursor().shape() == Qt.CursorShape.SizeHorCursor
    target = char_point(view, text.index("Biden") + 2)
    qtbot.mousePress(vp, L, NO, grab)
    qtbot.mouseMove(vp, target)
    with qtbot.waitSignal(view.resizeRequested) as sig:
        qtbot.mouseRelease(vp, L, NO, target)
    assert sig.args[0] == "s"
    assert text[sig.args[1] : sig.args[2]] == "Joe Biden"


def test_dragging_the_start_edge(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "President Joe Biden spoke."
    s = span("s", text, "Biden", "PERSON")
    view = make_view(text, [s])
    view.select_object("s")
    vp = view.viewport()
    rect = view._rects(view.edge.to_qt(s.start), view.edge.to_qt(s.end))[0].rect
    grab = QPoint(int(rect.left()) + 1, int(rect.center().y()))
    target = char_point(view, text.index("Joe") + 1)
    qtbot.mousePress(vp, L, NO, grab)
    qtbot.mouseMove(vp, target)
    with qtbot.waitSignal(view.resizeRequested) as sig:
        qtbot.mouseRelease(vp, L, NO, target)
    assert text[sig.args[1] : sig.args[2]] == "Joe Biden"


def test_overlapping_span_helper(make_view: MakeView) -> None:
    text = "Obama met Merkel."
    view = make_view(text, [span("a", text, "Obama", "PERSON"), span("r", text, "Merkel", "PERSON", Review.REJECTED)])
    hit = view.overlapping_span(2, 8)
    assert hit is not None and hit.id == "a"
    assert view.overlapping_span(10, 16) is None  # only a rejected span there
    assert view.overlapping_span(5, 9) is None


def test_escape_clears_and_keys_without_target_emit_nothing(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Obama met Merkel."
    view = make_view(text, [span("a", text, "Obama", "PERSON")])
    view.select_object("a")
    qtbot.keyClick(view, Qt.Key.Key_Escape, NO)
    assert view.selected_id() is None
    with qtbot.assertNotEmitted(view.labelRequested), qtbot.assertNotEmitted(view.relabelRequested):
        qtbot.keyClick(view, Qt.Key.Key_1, NO)
    with qtbot.assertNotEmitted(view.linkRequested):
        qtbot.keyClick(view, Qt.Key.Key_L, NO)


def test_keypad_digits_work_like_number_keys(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Talks in Doha stalled."
    view = make_view(text)
    i = text.index("Doha")
    view.select_text(i, i + 4)
    with qtbot.waitSignal(view.labelRequested) as sig:
        qtbot.keyClick(view, Qt.Key.Key_3, Qt.KeyboardModifier.KeypadModifier)
    assert sig.args == [i, i + 4, "GPE"]


def test_window_shortcuts_fire_unless_the_key_acts_in_the_editor(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    from PySide6.QtGui import QAction, QKeySequence

    text = "Obama met Macron."
    view = make_view(text, [span("c", text, "Macron", "PERSON", Review.SUGGESTED)])
    fired: list[bool] = []
    action = QAction(view)
    action.setShortcut(QKeySequence(Qt.Key.Key_Return))
    action.setShortcutContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
    action.triggered.connect(lambda: fired.append(True))
    view.addAction(action)
    view.activateWindow()
    qtbot.waitActive(view)
    qtbot.keyClick(view, Qt.Key.Key_Return, NO)  # nothing selected: the window's shortcut gets it
    assert fired == [True]
    view.select_object("c")
    with qtbot.waitSignal(view.acceptRequested):
        qtbot.keyClick(view, Qt.Key.Key_Return, NO)  # a suggestion is selected: the editor accepts it
    assert fired == [True]

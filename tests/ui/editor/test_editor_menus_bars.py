"""Context menus, the label bar, the legend, scrolling and flashing."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction, QColor
from PySide6.QtWidgets import QMenu

from desktop.domain.labels import default_labels
from desktop.domain.model import LabelDef, Review
from desktop.ui.editor import LabelBar, LegendModel

from .conftest import MakeView
from .helpers import char_point, claim, span


def action(menu: QMenu, *path: str) -> QAction:
    """The action reached by following menu titles / action texts (text before a tab)."""
    for i, name in enumerate(path):
        for a in menu.actions():
            if a.text().split("\t")[0] == name:
                if i == len(path) - 1:
                    return a
                sub = a.menu()
                assert isinstance(sub, QMenu)
                menu = sub
                break
        else:
            raise AssertionError(f"no {name!r} in {[a.text() for a in menu.actions()]}")
    raise AssertionError("empty path")


def test_selection_menu_labels_marks_claims_and_makes_rules(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Talks in Doha 🇶🇦 stalled, officials said."
    view = make_view(text)
    i = text.index("Doha")
    view.select_text(i, i + 4)
    menu = view.context_menu_at(char_point(view, i + 1))
    assert menu is not None
    with qtbot.waitSignal(view.labelRequested) as sig:
        action(menu, "Label as", "GPE").trigger()
    assert sig.args == [i, i + 4, "GPE"]
    with qtbot.waitSignal(view.claimRequested) as sig:
        action(menu, "Mark as claim").trigger()
    assert sig.args == [i, i + 4]
    with qtbot.waitSignal(view.ruleRequested) as sig:
        action(menu, "Always label 'Doha' as", "GPE").trigger()
    assert sig.args == ["Doha", "GPE"]


def test_span_menu_accept_reject_relabel_rule(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Talks in Doha stalled."
    s = span("s", text, "Doha", "GPE", Review.SUGGESTED)
    view = make_view(text, [s])
    menu = view.context_menu_at(char_point(view, s.start + 1))
    assert menu is not None and view.selected_id() == "s"
    with qtbot.waitSignal(view.acceptRequested) as sig:
        action(menu, "Accept").trigger()
    assert sig.args == ["s"]
    with qtbot.waitSignal(view.removeRequested) as sig:
        action(menu, "Reject").trigger()
    assert sig.args == ["s"]
    with qtbot.waitSignal(view.relabelRequested) as sig:
        action(menu, "Label as", "LOC").trigger()
    assert sig.args == ["s", "LOC"]
    with qtbot.waitSignal(view.ruleRequested) as sig:
        action(menu, "Always label 'Doha' as GPE").trigger()
    assert sig.args == ["Doha", "GPE"]


def test_claim_menu_links_and_removes(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "He said taxes will fall by 2030. Others doubt it."
    c = claim("k", text, "taxes will fall by 2030.")
    view = make_view(text, [], [c])
    menu = view.context_menu_at(char_point(view, text.index("fall")))
    assert menu is not None and view.selected_id() == "k"
    assert [a.text().split("\t")[0] for a in menu.actions()] == ["Link…", "Remove"]
    with qtbot.waitSignal(view.linkRequested) as sig:
        action(menu, "Link…").trigger()
    assert sig.args == ["k"]
    with qtbot.waitSignal(view.removeRequested) as sig:
        action(menu, "Remove").trigger()
    assert sig.args == ["k"]


def test_no_menu_on_plain_text(make_view: MakeView) -> None:
    text = "Nothing to see here."
    view = make_view(text)
    assert view.context_menu_at(char_point(view, 3)) is None


def test_label_bar_applies_label_like_the_number_key(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "Talks in Doha stalled."
    view = make_view(text)
    bar = LabelBar(view)
    qtbot.addWidget(bar)
    button = bar.button("GPE")
    assert button is not None and button.text() == "3 GPE"
    i = text.index("Doha")
    view.select_text(i, i + 4)
    with qtbot.waitSignal(view.labelRequested) as sig:
        qtbot.mouseClick(button, Qt.MouseButton.LeftButton)
    assert sig.args == [i, i + 4, "GPE"]
    view.set_labels([LabelDef("CITY", "#336699", "1")])
    assert bar.button("GPE") is None and bar.button("CITY") is not None


def test_legend_counts_visible_spans_and_follows_updates(make_view: MakeView) -> None:
    text = "Obama met Merkel and Macron in Paris."
    spans = [
        span("a", text, "Obama", "PERSON"),
        span("b", text, "Merkel", "PERSON", Review.REJECTED),
        span("c", text, "Macron", "PERSON", Review.SUGGESTED),
        span("d", text, "Paris", "GPE"),
    ]
    view = make_view(text, spans)
    legend = LegendModel(view)
    assert (legend.count("PERSON"), legend.count("GPE"), legend.count("ORG")) == (2, 1, 0)
    assert legend.rowCount() == len(default_labels())
    row = next(r for r in range(legend.rowCount()) if legend.index(r, 0).data() == "GPE")
    gpe = next(lab.colour for lab in default_labels() if lab.name == "GPE")
    assert legend.index(row, 0).data(Qt.ItemDataRole.DecorationRole) == QColor(gpe)
    view.update_annotations(spans[:1], [])
    assert (legend.count("PERSON"), legend.count("GPE")) == (1, 0)


def test_scroll_to_brings_a_far_span_into_view_and_flashes(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(f"Line {i} about Paris." for i in range(300))
    spans = [span(f"s{i}", text, "Paris", "GPE", nth=i) for i in range(300)]
    view = make_view(text, spans, size=(600, 200))
    view.scroll_to("s250")
    assert view.is_flashing()
    p = char_point(view, spans[250].start)
    assert view.viewport().rect().contains(p)
    qtbot.waitUntil(lambda: not view.is_flashing(), timeout=3000)


def test_tab_scrolls_to_the_selected_span(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(["Filler line without names."] * 200 + ["At last, Paris."])
    s = span("p", text, "Paris", "GPE")
    view = make_view(text, [s], size=(600, 200))
    qtbot.keyClick(view, Qt.Key.Key_Tab, Qt.KeyboardModifier.NoModifier)
    assert view.selected_id() == "p"
    assert view.viewport().rect().contains(char_point(view, s.start))


def test_right_click_on_a_span_outside_the_text_selection_gives_the_span_menu(make_view: MakeView) -> None:
    text = "Talks in Doha stalled, Qatar said."
    s = span("q", text, "Qatar", "GPE")
    view = make_view(text, [s])
    view.select_text(0, 5)  # "Talks"
    menu = view.context_menu_at(char_point(view, s.start + 1))
    assert menu is not None and view.selected_id() == "q"
    assert view.text_selection() is None
    assert "Remove" in [a.text().split("\t")[0] for a in menu.actions()]

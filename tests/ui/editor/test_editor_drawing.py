"""What the editor draws: literal text, span fills per label and review state, tags, claims."""

from __future__ import annotations

from PySide6.QtGui import QColor, QTextLayout

from desktop.domain.labels import default_labels
from desktop.domain.model import Review
from desktop.ui.editor import AnnotatedTextView

from .conftest import MakeView
from .helpers import char_point, claim, settle, span

COLOURS = {ld.name: QColor(ld.colour) for ld in default_labels()}


def formats_at(view: AnnotatedTextView, cp: int) -> list[QTextLayout.FormatRange]:
    q = view.edge.to_qt(cp)
    block = view.document().findBlock(q)
    rel = q - block.position()
    return [r for r in block.layout().formats() if r.start <= rel < r.start + r.length]


def background_at(view: AnnotatedTextView, cp: int) -> QColor | None:
    found = formats_at(view, cp)
    return QColor(found[0].format.background().color()) if found else None


def test_text_is_plain_never_html(make_view: MakeView) -> None:
    text = "Say <b>x</b> &amp; <i>y</i>\nline two"
    view = make_view(text)
    assert view.toPlainText() == text
    assert view.document().firstBlock().text() == "Say <b>x</b> &amp; <i>y</i>"


def test_accepted_span_has_its_label_colour_and_suggestion_differs(make_view: MakeView) -> None:
    text = "Obama met Merkel in Berlin."
    spans = [span("s1", text, "Obama", "PERSON"), span("s2", text, "Merkel", "PERSON", Review.SUGGESTED)]
    view = make_view(text, spans)
    assert background_at(view, spans[0].start) == COLOURS["PERSON"]
    assert background_at(view, spans[0].end - 1) == COLOURS["PERSON"]  # the tag room keeps the fill
    suggested = background_at(view, spans[1].start)
    assert suggested is not None and suggested != COLOURS["PERSON"]
    assert background_at(view, text.index("met")) is None


def test_tag_room_is_reserved_after_the_span(make_view: MakeView) -> None:
    text = "Obama met Merkel."
    spans = [span("s1", text, "Obama", "PERSON")]
    view = make_view(text, spans)
    last = formats_at(view, spans[0].end - 1)
    first = formats_at(view, spans[0].start)
    assert last[0].format.fontLetterSpacing() > 20
    assert first[0].format.fontLetterSpacing() == 0


def test_rejected_spans_are_not_drawn(make_view: MakeView) -> None:
    text = "Obama met Merkel."
    spans = [span("s1", text, "Obama", "PERSON", Review.REJECTED)]
    view = make_view(text, spans)
    assert background_at(view, 0) is None
    assert view.visible_spans() == []


def test_relabel_update_changes_the_colour(make_view: MakeView) -> None:
    text = "Apple sued Samsung."
    s = span("s1", text, "Apple", "PERSON")
    view = make_view(text, [s])
    assert background_at(view, 0) == COLOURS["PERSON"]
    s2 = span("s1", text, "Apple", "ORG")
    view.update_annotations([s2], [])
    assert background_at(view, 0) == COLOURS["ORG"]


def test_update_reformats_only_the_blocks_that_changed(make_view: MakeView) -> None:
    text = "\n".join(f"Paragraph {i} mentions Paris." for i in range(30))
    spans = [span(f"s{i}", text, "Paris", "GPE", nth=i) for i in range(30)]
    view = make_view(text, spans, size=(900, 2000))
    formatted: list[int] = []
    original = view._format_block

    def spy(block):  # type: ignore[no-untyped-def]
        formatted.append(block.blockNumber())
        original(block)

    view._format_block = spy  # type: ignore[method-assign]
    changed = list(spans)
    changed[3] = span("s3", text, "Paris", "LOC", nth=3)
    view.update_annotations(changed, [])
    assert formatted == [3]
    assert background_at(view, changed[3].start) == COLOURS["LOC"]


def test_painted_pixels_show_the_fill_and_claim_underline(make_view: MakeView) -> None:
    text = "Officials said Berlin will pay 5 million euros by Friday, the report claims."
    s = span("s1", text, "Berlin", "GPE")
    c = claim("c1", text, "Berlin will pay 5 million euros by Friday")
    view = make_view(text, [s], [c])
    img = view.viewport().grab().toImage()
    p = char_point(view, s.start)
    # Somewhere in the span's line box (above the glyphs' baseline area) the fill shows.
    colours = {img.pixelColor(p.x(), y).name() for y in range(p.y() - 6, p.y() + 6)}
    assert COLOURS["GPE"].name() in colours
    bars = view.claim_bars()
    assert [b[0].id for b in bars] == ["c1"]


def test_lazy_formatting_covers_blocks_scrolled_into_view(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    text = "\n".join(f"Line {i} about Paris." for i in range(400))
    spans = [span(f"s{i}", text, "Paris", "GPE", nth=i) for i in range(400)]
    view = make_view(text, spans, size=(600, 200))
    far = spans[390]
    assert formats_at(view, far.start) == []  # not on screen yet: not formatted
    view.scroll_to(far.id, flash=False)
    settle(qtbot, view)
    assert background_at(view, far.start) == COLOURS["GPE"]


def test_label_outside_the_label_set_gets_a_stable_colour(make_view: MakeView) -> None:
    text = "The Foo Act passed."
    view = make_view(text, [span("s1", text, "Foo Act", "STATUTE")])
    colour = background_at(view, text.index("Foo"))
    assert colour is not None and colour == view.style_for("STATUTE").colour


def test_tag_room_sits_on_the_last_character_after_astral_text(make_view: MakeView) -> None:
    family = "\U0001f468\u200d\U0001f469\u200d\U0001f467"
    text = f"x {family} Family y {family} end"
    after = span("a", text, "Family", "ORG")
    cluster = span("b", text, family, "PERSON", nth=1)
    view = make_view(text, [after, cluster])
    block = view.document().firstBlock()
    spaced = sorted((r.start, r.length) for r in block.layout().formats() if r.format.fontLetterSpacing() > 0)
    # "y" of Family is one unit; the whole ZWJ family (8 UTF-16 units) is one cluster and gets the room.
    assert spaced == [(view.edge.to_qt(after.end - 1), 1), (view.edge.to_qt(cluster.start), 8)]
    assert background_at(view, after.start) == COLOURS["ORG"]


def test_an_edit_repaints_only_the_lines_it_changed(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    """A relabel far below the screen schedules no repaint; one on screen repaints its line, with the
    new colour, while the same objects elsewhere are not compared field by field."""
    from dataclasses import replace

    from PySide6.QtCore import QRect

    text = "\n".join(f"Line {i} about Paris and Rome." for i in range(300))
    spans = [span(f"s{i}", text, "Paris", "GPE", nth=i) for i in range(300)]
    view = make_view(text, spans)
    painted: list[QRect] = []
    original = view.paintEvent

    def spy(event):  # type: ignore[no-untyped-def]
        painted.append(event.rect())
        original(event)

    view.paintEvent = spy  # type: ignore[method-assign]
    far = list(spans)
    far[290] = replace(spans[290], label="LOC")
    view.update_annotations(far, [])
    qtbot.wait(50)
    assert painted == []  # off screen: nothing to paint
    near = list(far)
    near[1] = replace(far[1], label="ORG")
    view.update_annotations(near, [])
    qtbot.waitUntil(lambda: bool(painted), timeout=2000)
    line = view.cursorRect(view.textCursor()).height()
    assert all(r.height() < view.viewport().height() / 2 for r in painted)
    assert all(r.height() >= line for r in painted)
    assert background_at(view, near[1].start) == COLOURS["ORG"]
    img = view.viewport().grab().toImage()
    p = char_point(view, near[1].start)
    assert COLOURS["ORG"].name() in {img.pixelColor(p.x(), y).name() for y in range(p.y() - 6, p.y() + 6)}

"""Line height: label chips and claim underlines sit in the free band between lines, never on the next one."""

from __future__ import annotations

from PySide6.QtCore import QRectF
from PySide6.QtGui import QColor, QFont, QImage
from PySide6.QtWidgets import QPlainTextEdit

from desktop.domain.labels import default_labels
from desktop.domain.model import Review
from desktop.ui.editor import AnnotatedTextView
from desktop.ui.editor.geometry import range_rects

from .conftest import MakeView
from .helpers import claim, settle, span

COLOURS = {ld.name: QColor(ld.colour) for ld in default_labels()}

SENTENCE = "Officials in Berlin said Angela Merkel met Reuters reporters on Friday, the report claims."
TEXT = "\n".join(" ".join([SENTENCE] * 6) for _ in range(8))


def line_boxes(view: AnnotatedTextView) -> list[QRectF]:
    """Every laid-out line of the visible text as a box in viewport coordinates, top to bottom."""
    whole = range_rects(view, 0, view.edge.length_qt)
    return sorted((lr.rect for lr in whole), key=lambda r: r.top())


def annotated(make_view: MakeView) -> AnnotatedTextView:
    spans, claims = [], []
    for k in range(TEXT.count("Berlin")):
        spans.append(span(f"b{k}", TEXT, "Berlin", "GPE", nth=k))
        spans.append(span(f"m{k}", TEXT, "Angela Merkel", "PERSON", Review.SUGGESTED, nth=k))
        spans.append(span(f"r{k}", TEXT, "Reuters", "ORG", nth=k))
    long_claim = " ".join([SENTENCE] * 2)  # over more than one line
    claims.append(claim("c1", TEXT, long_claim))
    claims.append(claim("c2", TEXT, "Angela Merkel met Reuters", Review.SUGGESTED))  # nested: second lane
    view = make_view(TEXT, spans, claims, size=(700, 500))
    view.viewport().repaint()
    return view


def test_lines_are_set_further_apart_than_a_bare_plain_text_edit(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(TEXT, size=(700, 500))
    bare = QPlainTextEdit()
    qtbot.addWidget(bare)
    bare.resize(700, 500)
    bare.setPlainText(TEXT)
    bare.show()
    qtbot.waitExposed(bare)
    lines = line_boxes(view)
    assert len(lines) > 8
    pitch = lines[1].top() - lines[0].top()
    height = lines[0].height()
    assert pitch >= 1.4 * height  # line height at least 1.4
    gaps = {round(b.top() - a.bottom(), 3) for a, b in zip(lines, lines[1:], strict=False)}
    assert gaps == {view.line_gap()}  # the same band inside a paragraph and between paragraphs
    # the bare widget lays the same text out at the font's height
    bare_doc = bare.document()
    first = bare_doc.firstBlock()
    bare.blockBoundingRect(first)  # lays the block out
    bare_layout = first.layout()
    assert bare_layout.lineCount() > 1
    assert bare_layout.lineAt(1).y() - bare_layout.lineAt(0).y() == height


def test_chips_and_claim_underlines_stay_off_the_next_line(make_view: MakeView) -> None:
    view = annotated(make_view)
    lines = line_boxes(view)
    chips, claim_lines = view.drawn_layers()
    assert len(chips) >= 10 and len(claim_lines) >= 3
    assert len({seg.y1() - max(r.bottom() for r in lines if r.bottom() <= seg.y1()) for seg in claim_lines}) == 2
    tops = [r.top() for r in lines]
    for chip in chips:
        line = next(r for r in lines if r.top() <= chip.center().y() <= r.bottom())
        assert line.top() < chip.top() and chip.bottom() < line.bottom()  # inside its own line box
        below = [t for t in tops if t > line.top()]
        if below:
            assert chip.bottom() + 3 <= below[0]  # clear pixels before the next line
    highlights = [lr.rect for s in view.visible_spans() for lr in range_rects(view, view.edge.to_qt(s.start),
                                                                               view.edge.to_qt(s.end))]  # fmt: skip
    for seg in claim_lines:
        y = seg.y1()
        band = QRectF(seg.x1(), y - 1.0, seg.x2() - seg.x1(), 2.0)  # the 2 px pen
        assert not any(band.intersects(h) for h in highlights)
        line = max((r for r in lines if r.bottom() <= y), key=lambda r: r.bottom())
        below = [t for t in tops if t > line.top()]
        if below:
            assert band.bottom() < below[0]


def _colours_in(img: QImage, rect: QRectF) -> set[str]:
    ratio = img.devicePixelRatio()
    out: set[str] = set()
    for y in range(int(rect.top() * ratio), int(rect.bottom() * ratio)):
        for x in range(int(rect.left() * ratio), int(rect.right() * ratio), 2):
            if 0 <= x < img.width() and 0 <= y < img.height():
                out.add(img.pixelColor(x, y).name())
    return out


def test_painted_band_between_lines_holds_no_highlight(make_view: MakeView) -> None:
    view = annotated(make_view)
    img = view.viewport().grab().toImage()
    lines = line_boxes(view)
    fills = {COLOURS["GPE"].name(), COLOURS["ORG"].name()}
    assert fills & _colours_in(img, lines[0])  # the lines themselves do show the fills
    for a, b in zip(lines, lines[1:], strict=False):
        assert b.top() - a.bottom() >= 4  # a band of free rows between two lines
        band = QRectF(a.left(), a.bottom() + 0.5, a.width(), b.top() - a.bottom() - 1)
        assert not fills & _colours_in(img, band)


def test_a_larger_font_widens_the_gap(make_view: MakeView, qtbot) -> None:  # type: ignore[no-untyped-def]
    view = make_view(TEXT, size=(700, 500))
    small = view.line_gap()
    font = QFont(view.font())
    font.setPointSizeF(font.pointSizeF() * 2)
    view.setFont(font)
    settle(qtbot, view)
    assert view.line_gap() > small
    lines = line_boxes(view)
    assert round(lines[1].top() - lines[0].bottom(), 3) == view.line_gap()

"""The entity side list follows edits group by group and always shows what a fresh build shows."""

from __future__ import annotations

import dataclasses
import random

from PySide6.QtGui import QColor

from desktop.domain.model import Origin, Review, Span
from desktop.ui import plain
from desktop.ui.entities import SPAN_IDS_ROLE, EntityPanel

TEXT = "Netanyahu met Rubio in Doha . Qatar said Rubio and netanyahu would meet again in Gaza next week ."


def _tree(panel: EntityPanel) -> list[tuple[object, ...]]:
    out: list[tuple[object, ...]] = []
    for top in panel._tops():
        out.append((top.text(0), top.text(1), top.isExpanded()))
        for i in range(top.childCount()):
            c = top.child(i)
            out.append(("  " + c.text(0), c.text(1), tuple(c.data(0, SPAN_IDS_ROLE)), plain.untip(c.toolTip(0)),
                        c.font(0).italic()))  # fmt: skip
    return out


def _words() -> list[tuple[int, int]]:
    out, pos = [], 0
    for w in TEXT.split(" "):
        out.append((pos, pos + len(w)))
        pos += len(w) + 1
    return [o for o in out if TEXT[o[0]].isalpha()]


def test_edits_update_only_what_changed_and_match_a_fresh_build(qtbot) -> None:  # type: ignore[no-untyped-def]
    panel = EntityPanel(lambda label: QColor("#336699"))
    qtbot.addWidget(panel)
    rng = random.Random(7)
    words = _words()
    spans = {f"s-{i}": Span(f"s-{i}", "a-1", a, b, rng.choice(["PERSON", "GPE"]), Origin.MODEL, Review.SUGGESTED)
             for i, (a, b) in enumerate(words[:6])}  # fmt: skip
    panel.set_spans(TEXT, list(spans.values()))
    untouched = panel._tops()[0]
    for step in range(60):
        op = rng.choice(["add", "relabel", "reject", "accept", "remove"])
        free = [w for w in words if all((s.start, s.end) != w for s in spans.values())]
        if op == "add" and free:
            a, b = rng.choice(free)
            spans[f"n-{step}"] = Span(f"n-{step}", "a-1", a, b, rng.choice(["PERSON", "ORG", "GPE"]))
        elif spans:
            sid = rng.choice(sorted(spans))
            s = spans[sid]
            if op == "relabel":
                spans[sid] = dataclasses.replace(s, label=rng.choice(["PERSON", "ORG", "GPE", "NORP"]))
            elif op == "reject":
                spans[sid] = dataclasses.replace(s, status=Review.REJECTED)
            elif op == "accept":
                spans[sid] = dataclasses.replace(s, status=Review.ACCEPTED)
            else:
                del spans[sid]
        panel.set_spans(TEXT, list(spans.values()))
        fresh = EntityPanel(lambda label: QColor("#336699"))
        fresh.set_spans(TEXT, list(spans.values()))
        assert _tree(panel) == _tree(fresh), (step, op)
        fresh.deleteLater()
    # a label group nobody touched keeps its item (not rebuilt); another article rebuilds
    if untouched.treeWidget() is not None:
        assert untouched in panel._tops()
    panel.set_spans("Another text.", [])
    assert panel._tops() == []

"""Re-anchoring annotations on a revised text: the plain-Python core, and the held-out set."""

from __future__ import annotations

from desktop.domain.anchoring import Outcome, Target, diff_text, figure_changes, reanchor, summary
from tests.revisions.evaluate import evaluate, load

OLD = (
    "Officials said 50 people died in Doha on Monday.\n"
    "The minister said “we will never give up,” adding that talks would go on.\n"
    "A third paragraph about Netanyhu and the Gaza Strip.\n"
    "A paragraph that the editors later removed entirely.\n"
)
NEW = (
    "Officials said 48 people died in Doha on Monday.\n"
    "A third paragraph about Netanyahu and the Gaza Strip.\n"
    "The minister said \"we will never give up\", adding that talks would go on.\n"
    "Update: a paragraph that was added.\n"
)


def at(text: str, piece: str) -> Target:
    i = text.index(piece)
    return Target(piece, i, i + len(piece), exclusive=True)


def test_unchanged_text_moves_with_the_diff_and_moved_text_is_found() -> None:
    ts = [at(OLD, "Doha"), at(OLD, "the Gaza Strip"), at(OLD, "talks would go on")]
    placed = {p.id: p for p in reanchor(OLD, NEW, ts)}
    assert placed["Doha"].outcome is Outcome.EXACT
    for p in placed.values():
        assert NEW[p.start : p.end] == p.old_text
    assert {p.outcome for p in placed.values()} <= {Outcome.EXACT, Outcome.MOVED}
    assert placed["the Gaza Strip"].start == NEW.index("the Gaza Strip")
    assert placed["talks would go on"].start == NEW.index("talks would go on")


def test_changed_text_is_placed_and_flagged() -> None:
    quote = OLD[OLD.index("“we") : OLD.index("up,”") + 4]
    ts = [Target("q", OLD.index(quote), OLD.index(quote) + len(quote)), at(OLD, "50 people")]
    q, fig = reanchor(OLD, NEW, ts)
    assert q.outcome is Outcome.CHANGED and q.outcome.flagged
    assert NEW[q.start : q.end].startswith('"we will never give up"')
    assert fig.outcome is Outcome.CHANGED and NEW[fig.start : fig.end] == "48 people"


def test_removed_text_is_never_placed_silently() -> None:
    (gone,) = reanchor(OLD, NEW, [at(OLD, "later removed entirely")])
    assert gone.outcome is Outcome.UNPLACED and not gone.placed
    assert gone.old_text == "later removed entirely"


def test_a_repeated_word_does_not_jump_to_another_mention() -> None:
    old = "Hamas said no.\nIsrael said yes to Hamas today.\n"
    new = "Israel said yes to Hamas today.\n"
    (first,) = reanchor(old, new, [Target("h", 0, 5)])  # the removed paragraph's "Hamas"
    assert first.outcome is Outcome.UNPLACED
    (kept,) = reanchor(old, new, [Target("h", 34, 39)])  # the "Hamas" that is still there
    assert kept.outcome is Outcome.EXACT and (kept.start, kept.end) == (19, 24)


def test_spans_never_overlap_after_reanchoring() -> None:
    old = "Benjamin Netanyahu met Trump.\n"
    new = "Benjamin Netanyahu met Donald Trump.\n"
    ts = [Target("a", 0, 18, True), Target("b", 23, 28, True), Target("c", 9, 18, True)]
    out = reanchor(old, new, ts)
    placed = sorted((p.start, p.end) for p in out if p.placed)
    assert all(a[1] <= b[0] for a, b in zip(placed, placed[1:], strict=False))


def test_summary_counts_paragraphs_and_figures() -> None:
    line = summary(OLD, NEW)
    assert "figure 50 -> 48" in line
    assert "removed" in line and "added" in line
    assert figure_changes("cost 1,200 dollars", "cost 1,198 dollars") == [("1,200", "1,198")]
    assert summary("same", "same") == "no change"
    ops = diff_text("a cat", "a dog")
    assert "".join(t for op, t in ops if op != "+") == "a cat"
    assert "".join(t for op, t in ops if op != "-") == "a dog"


def test_heldout_set_meets_the_targets() -> None:
    score = evaluate(load())
    assert score.articles >= 50 and score.intact >= 2000
    assert score.intact_rate >= 0.99, score.lines()
    assert score.wrong_unflagged == 0, score.wrong[:5]
    assert score.gone_listed + (score.gone - score.gone_listed) == score.gone

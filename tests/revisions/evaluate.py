"""Score the re-anchoring on a set of revised texts with known correct placements."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.anchoring import Outcome, Target, reanchor

HELDOUT = Path(__file__).with_name("heldout.jsonl")


@dataclass
class Score:
    articles: int = 0
    intact: int = 0  # annotations whose text still exists, unchanged
    intact_exact: int = 0  # ... placed on exactly the right characters
    changed: int = 0  # annotations whose text changed in part
    changed_flagged: int = 0  # ... placed and flagged "changed", or listed as needs a look
    gone: int = 0  # annotations whose text was removed
    gone_listed: int = 0  # ... listed as needs a look
    wrong_unflagged: int = 0  # placed as exact/moved on text that is not the right one
    outcomes: dict[str, int] = field(default_factory=dict)
    wrong: list[str] = field(default_factory=list)

    @property
    def intact_rate(self) -> float:
        return self.intact_exact / self.intact if self.intact else 1.0

    def lines(self) -> list[str]:
        return [
            f"{self.articles} revised articles, {self.intact + self.changed + self.gone} annotations",
            f"text still there: {self.intact}, on exactly the right characters: {self.intact_exact} "
            f"({100 * self.intact_rate:.2f}%)",
            f"text changed: {self.changed}, flagged (changed or needs a look): {self.changed_flagged}",
            f"text removed: {self.gone}, listed as needs a look: {self.gone_listed}",
            f"landed on wrong text without a flag: {self.wrong_unflagged}",
            "outcomes: " + ", ".join(f"{k} {v}" for k, v in sorted(self.outcomes.items())),
        ]


def load(path: Path = HELDOUT) -> list[dict[str, object]]:
    with path.open(encoding="utf-8") as f:
        return [json.loads(line) for line in f if line.strip()]


def evaluate(records: list[dict[str, object]]) -> Score:
    score = Score()
    for r in records:
        score.articles += 1
        anns = r["annotations"]
        assert isinstance(anns, list)
        targets = [Target(a["id"], a["start"], a["end"], exclusive=a["kind"] == "span") for a in anns]
        placements = reanchor(str(r["old"]), str(r["new"]), targets)
        for a, p in zip(anns, placements, strict=True):
            score.outcomes[p.outcome.value] = score.outcomes.get(p.outcome.value, 0) + 1
            want = tuple(a["truth"]) if a["truth"] is not None else None
            got = (p.start, p.end) if p.placed else None
            if p.outcome in (Outcome.EXACT, Outcome.MOVED) and got != want:
                score.wrong_unflagged += 1
                score.wrong.append(f"{r['id']} {a['id']} {p.old_text!r} -> {got} want {want} ({p.outcome})")
            if want is None:
                score.gone += 1
                score.gone_listed += p.outcome == Outcome.UNPLACED
            elif a["changed"]:
                score.changed += 1
                score.changed_flagged += p.outcome.flagged
            else:
                score.intact += 1
                score.intact_exact += got == want
    return score

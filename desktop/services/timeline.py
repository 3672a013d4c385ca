"""Which claims are about the same thing, in date order: the data behind the timeline.

Qt-free and store-free: pure functions over :class:`ClaimRef` lists and links, so the
rules are tested without widgets; :meth:`ReadSide.timeline_groups` feeds them from the store.

Two claims belong to one group when
- a ``supports`` / ``contradicts`` / ``repeats`` / ``updates`` link joins them (either way), or
- both are statistics that count the same noun ("Around 120 hostages", "Fifty hostages remain").
Groups are closed under both rules (a claim linked to a statistic joins its group).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date

from desktop.domain.model import ClaimKind, ClaimRef, Link


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


NUMBER_WORDS = _words(
    """zero one two three four five six seven eight nine ten eleven twelve thirteen fourteen fifteen
    sixteen seventeen eighteen nineteen twenty thirty forty fifty sixty seventy eighty ninety hundred
    hundreds thousand thousands million millions billion billions trillion dozen dozens half"""
)
# Words that may sit between a number and the noun it counts ("20 to 22", "more than 100", "3.5 million").
_BRIDGE = _words("""to and or than more less over under about around nearly some of the a an at least most""")
# Nouns that measure rather than count something worth following over time.
_UNITS = _words(
    """percent per cent pct times time day days week weeks month months year years hour hours minute
    minutes second seconds am pm"""
)
_FUNCTION = _words(
    """who which that whom whose are is was were be been being will would may might can could have has had
    do does did in on at by for with from into onto as it its their they them he she his her we our you
    your i after before since during while when where if but not no"""
)
_MONTHS = _words(
    """jan january feb february mar march apr april may jun june jul july aug august sep sept september oct
    october nov november dec december"""
)
# Participles right after a number describe, they do not count ("250 taken prisoner").
_PARTICIPLES = _words("""taken given held seen born known left gone done made killed""")
_WORD = re.compile(r"[0-9][0-9.,]*%?|[^\W\d_]+(?:[-'\u2019][^\W\d_]+)*", re.UNICODE)
_LOOKAHEAD = 4  # words after a number in which its noun must appear


def _is_number(word: str) -> bool:
    w = word.lower()
    if w[0].isdigit():
        return True
    return all(part in NUMBER_WORDS for part in w.split("-"))


def _singular(noun: str) -> str:
    if noun.endswith("ies") and len(noun) > 4:
        return noun[:-3] + "y"
    if noun.endswith("s") and not noun.endswith("ss") and len(noun) > 3:
        return noun[:-1]
    return noun


def counted_nouns(text: str) -> set[str]:
    """The nouns that numbers in ``text`` count, singular and lower case.

    >>> sorted(counted_nouns("Fifty hostages remain in captivity, 20 to 22 alive"))
    ['hostage']
    """
    words = _WORD.findall(text)
    found: set[str] = set()
    for i, word in enumerate(words):
        if not _is_number(word) or word.endswith("%"):
            continue
        if i > 0 and words[i - 1].lower() in _MONTHS:
            continue  # a date: "Oct. 7"
        if word.isdigit() and len(word) == 4 and 1800 <= int(word) <= 2200:
            continue  # a year
        for nxt in words[i + 1 : i + 1 + _LOOKAHEAD]:
            low = nxt.lower()
            if _is_number(nxt) or low in _BRIDGE:
                continue
            describes = low in _PARTICIPLES or low.endswith("ed")
            if low not in _UNITS and low not in _FUNCTION and not describes and len(low) > 2 and low.isalpha():
                found.add(_singular(low))
            break
    return found


def parse_date(value: str | None) -> date | None:
    """'2025-07-10' (or a longer ISO timestamp), '2025-07' or '2025'; None when unreadable."""
    if not value:
        return None
    value = value.strip()
    for cut, fill in ((10, ""), (7, "-01"), (4, "-01-01")):
        try:
            return date.fromisoformat(value[:cut] + fill)
        except ValueError:
            continue
    return None


@dataclass(frozen=True, slots=True)
class TimelineGroup:
    """Claims about one thing, oldest first (undated claims last)."""

    title: str  # the counted noun ("hostages") or the first claim's text
    refs: tuple[ClaimRef, ...]
    links: tuple[Link, ...]  # the claim-to-claim links inside the group

    @property
    def dates(self) -> list[date | None]:
        return [parse_date(r.published) for r in self.refs]


SAME_THING = ("supports", "contradicts", "repeats", "updates")


class _Union:
    def __init__(self, items: Iterable[str]) -> None:
        self.parent = {i: i for i in items}

    def find(self, item: str) -> str:
        root = item
        while self.parent[root] != root:
            root = self.parent[root]
        while self.parent[item] != root:
            self.parent[item], item = root, self.parent[item]
        return root

    def join(self, a: str, b: str) -> None:
        ra, rb = self.find(a), self.find(b)
        if ra != rb:
            self.parent[max(ra, rb)] = min(ra, rb)


def _order_key(ref: ClaimRef) -> tuple[int, date, str, int]:
    when = parse_date(ref.published)
    return (when is None, when or date.min, ref.article_id, ref.claim.start)


def _plural_title(noun: str, refs: Sequence[ClaimRef]) -> str:
    """Show the noun as the claims spell it (usually the plural)."""
    for ref in refs:
        for word in _WORD.findall(ref.text):
            low = str(word).lower()
            if _singular(low) == noun and low != noun:
                return low
    return noun


def _quoted(text: str, limit: int = 60) -> str:
    text = " ".join(text.split())
    return f"\u201c{text if len(text) <= limit else text[: limit - 1].rstrip() + chr(0x2026)}\u201d"


def timeline_groups(refs: Sequence[ClaimRef], links: Iterable[Link]) -> list[TimelineGroup]:
    """Groups of two or more claims about the same thing, each in date order.

    Groups are sorted by their first date (undated last), then by title.
    """
    by_id = {r.claim.id: r for r in refs}
    union = _Union(by_id)
    inner: list[Link] = []
    for link in links:
        if str(link.label) in SAME_THING and link.head in by_id and link.child in by_id:
            union.join(link.head, link.child)
            inner.append(link)
    nouns: dict[str, list[str]] = {}
    for ref in refs:
        if ref.claim.kind == ClaimKind.STATISTIC:
            for noun in counted_nouns(ref.text):
                nouns.setdefault(noun, []).append(ref.claim.id)
    for claim_ids in nouns.values():
        for other in claim_ids[1:]:
            union.join(claim_ids[0], other)
    groups: dict[str, list[ClaimRef]] = {}
    for ref in refs:
        groups.setdefault(union.find(ref.claim.id), []).append(ref)
    out: list[TimelineGroup] = []
    for members in groups.values():
        if len(members) < 2:
            continue
        members.sort(key=_order_key)
        ids = {m.claim.id for m in members}
        shared = [n for n, ms in sorted(nouns.items()) if len(ids.intersection(ms)) >= 2]
        title = _plural_title(shared[0], members) if shared else _quoted(members[0].text)
        group_links = tuple(link for link in inner if link.head in ids)
        out.append(TimelineGroup(title=title, refs=tuple(members), links=group_links))
    out.sort(key=lambda g: (_order_key(g.refs[0])[:2], g.title))
    return out

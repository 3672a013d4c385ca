"""The timeline grouping rules, Qt-free: counted nouns, dates, and which claims go together."""

from __future__ import annotations

from datetime import date

import pytest

from desktop.domain.model import Claim, ClaimKind, ClaimRef, Link, LinkLabel
from desktop.ui.claims.grouping import counted_nouns, parse_date, timeline_groups


def ref(cid: str, text: str, published: str | None, kind: ClaimKind = ClaimKind.STATISTIC,
        article: str = "a-1") -> ClaimRef:  # fmt: skip
    claim = Claim(id=cid, article_id=article, start=0, end=len(text), kind=kind)
    return ClaimRef(claim=claim, article_id=article, article_title=f"title {article}", published=published,
                    text=text, claimant=None)  # fmt: skip


def link(head: str, child: str, label: LinkLabel) -> Link:
    return Link(id=f"l-{head}-{child}", article_id="a-1", label=label, head=head, child=child)


@pytest.mark.parametrize(
    ("text", "nouns"),
    [
        ("Fifty hostages remain in captivity in Gaza, including at 20 to 22 who are believed to be alive", {"hostage"}),
        ("Around 120 hostages are believed to still be being held, including five Americans.", {"hostage", "american"}),
        ("At least 35,000 Palestinians have been killed in Gaza", {"palestinian"}),
        ("more than 3.5 million people", {"people"}),
        ("Twenty-two soldiers died", {"soldier"}),
        ("an Oct. 7 Hamas attack", set()),  # a date, not a count of Hamas
        ("captive for 640 days and counting", set()),  # units of time are not followed
        ("another 250 taken prisoner", set()),  # a participle, not a noun
        ("inflation rose 5% in 2024", set()),
        ("5 million voters in 40 countries", {"voter", "country"}),
    ],
)
def test_counted_nouns(text: str, nouns: set[str]) -> None:
    assert counted_nouns(text) == nouns


def test_parse_date_accepts_partial_dates_and_rejects_junk() -> None:
    assert parse_date("2025-07-10") == date(2025, 7, 10)
    assert parse_date("2025-07-10T08:00:00Z") == date(2025, 7, 10)
    assert parse_date("2024-05") == date(2024, 5, 1)
    assert parse_date("2024") == date(2024, 1, 1)
    assert parse_date("last Tuesday") is None
    assert parse_date(None) is None


def test_statistics_counting_the_same_noun_group_in_date_order() -> None:
    newer = ref("c-new", "Fifty hostages remain in captivity", "2025-07-10", article="a-jns")
    older = ref("c-old", "Around 120 hostages are believed to still be held", "2024-05-25", article="a-cbs")
    dead = ref("c-dead", "At least 35,000 Palestinians have been killed", "2024-05-25", article="a-cbs")
    groups = timeline_groups([newer, dead, older], [])
    assert len(groups) == 1
    assert groups[0].title == "hostages"
    assert [r.claim.id for r in groups[0].refs] == ["c-old", "c-new"]
    assert groups[0].dates == [date(2024, 5, 25), date(2025, 7, 10)]


def test_quotes_mentioning_numbers_are_not_grouped_by_noun() -> None:
    a = ref("c-a", "We freed 20 hostages", "2024-01-01", kind=ClaimKind.QUOTE)
    b = ref("c-b", "Fifty hostages remain", "2025-01-01")
    assert timeline_groups([a, b], []) == []


def test_claim_links_group_claims_and_join_noun_groups() -> None:
    old = ref("c-old", "Around 120 hostages", "2024-05-25")
    new = ref("c-new", "Fifty hostages remain", "2025-07-10")
    quote = ref("c-q", "We are close to a deal", "2025-07-11", kind=ClaimKind.QUOTE)
    undated = ref("c-u", "A deal is near", None, kind=ClaimKind.QUOTE)
    other = ref("c-x", "Unrelated", "2020-01-01", kind=ClaimKind.OTHER)
    links = [
        link("c-q", "c-new", LinkLabel.SUPPORTS),
        link("c-u", "c-q", LinkLabel.REPEATS),
        link("c-q", "s-span", LinkLabel.SAID_BY),  # not claim-to-claim: ignored
    ]
    groups = timeline_groups([quote, undated, other, new, old], links)
    assert len(groups) == 1
    assert [r.claim.id for r in groups[0].refs] == ["c-old", "c-new", "c-q", "c-u"]  # undated last
    assert {lk.label for lk in groups[0].links} == {LinkLabel.SUPPORTS, LinkLabel.REPEATS}


def test_groups_are_ordered_by_their_first_date() -> None:
    late = [ref("c-1", "The deal", "2025-03-01", ClaimKind.QUOTE), ref("c-2", "A deal", "2025-04-01", ClaimKind.QUOTE)]
    early = [ref("c-3", "10 tanks", "2023-01-01"), ref("c-4", "12 tanks", "2023-06-01")]
    groups = timeline_groups(late + early, [link("c-2", "c-1", LinkLabel.UPDATES)])
    assert [g.title for g in groups] == ["tanks", "\u201cThe deal\u201d"]

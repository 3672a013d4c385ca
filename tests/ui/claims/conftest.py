"""Helpers for the claims-widget tests (the seeded database fixtures live in tests/ui/conftest.py)."""

from __future__ import annotations

from desktop.domain.model import ClaimKind, ClaimRef
from desktop.services import Services

FIFTY = "Fifty hostages remain in captivity in Gaza"  # 2025-07-10 (JNS)
AROUND_120 = "Around 120 hostages are believed to still be being held"  # 2024-05-25 (CBS News)


def article_with(services: Services, needle: str) -> str:
    for summary in services.corpus.articles():
        if needle in services.corpus.document(summary.id).text:
            return summary.id
    raise AssertionError(f"no seed article contains {needle!r}")


def statistic_claim(services: Services, sentence: str) -> str:
    """The statistic claim on ``sentence``: the NLP suggestion if there is one, else marked here."""
    for ref in services.claims.list():
        if ref.text.startswith(sentence) and ref.claim.kind == ClaimKind.STATISTIC:
            return ref.claim.id
    aid = article_with(services, sentence)
    text = services.corpus.document(aid).text
    start = text.index(sentence)
    end = text.index(".", start) + 1
    return services.claims.mark(aid, start, end, ClaimKind.STATISTIC).id


def ref_of(services: Services, claim_id: str) -> ClaimRef:
    return next(r for r in services.claims.list() if r.claim.id == claim_id)

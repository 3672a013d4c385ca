"""Property: any documents -> native write -> read -> write gives identical bytes, and the same data."""

from __future__ import annotations

from dataclasses import replace
from pathlib import Path
from tempfile import TemporaryDirectory

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from desktop.domain.model import (
    Article,
    ArticleMeta,
    ArticleStatus,
    Attribution,
    Claim,
    ClaimKind,
    Document,
    Entity,
    Link,
    LinkLabel,
    Origin,
    Review,
    Span,
    Verdict,
    text_sha256,
)
from desktop.formats import READERS, WRITERS

from .helpers import validate_native_file

PIECES = [
    "a", "Z", "7", " ", ".", "\"", "\u201c", "\t", "\r\n", "\n", "\r", "\u200b", "\u200d", "\ufeff", "\u2028",
    "\u0301", "\u0308", "e\u0301", "\U0001F600", "\U0001F469\u200d\U0001F4BB", "\U0001F1EE\U0001F1F1",
    "\u05e9\u05dc\u05d5\u05dd", "\u0627\u0644\u0633\u0644\u0627\u0645", "\u200f", "\u00e9", "\\", "\x00", "\x1f",
]  # fmt: skip

texts = st.lists(st.sampled_from(PIECES), min_size=1, max_size=40).map("".join).filter(lambda t: t.strip() != "")
words = st.text(st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=12)
ids = st.integers(0, 10**6).map(lambda n: f"{n:x}")
stamps = st.sampled_from(["", "2026-11-21T10:00:00Z"])
# Fields the domain's validation rules constrain (desktop/domain/validation.py): valid values only.
names = words.filter(lambda w: w.strip() != "")
urls = words.map(lambda w: "https://example.org/" + "".join(c for c in w if c.isalnum()))
kb_ids = st.integers(1, 10**9).map(lambda n: f"Q{n}")


@st.composite
def documents(draw: st.DrawFn, tag: str) -> Document:
    text = draw(texts)
    aid = f"a-{tag}{draw(ids)}"
    n = len(text)
    cuts = sorted(draw(st.sets(st.integers(0, n), max_size=10)))
    spans: list[Span] = []
    entities = [Entity(f"e-{tag}{i}", draw(names), "PERSON", draw(st.lists(words, max_size=2)),
                       draw(st.none() | kb_ids)) for i in range(draw(st.integers(0, 2)))]  # fmt: skip
    for i, (a, b) in enumerate(zip(cuts[::2], cuts[1::2], strict=False)):
        if a < b:
            spans.append(
                Span(f"s-{tag}{i}", aid, a, b, draw(st.sampled_from(["PERSON", "ORG", "GPE", "X_Y"])),
                     draw(st.sampled_from(Origin)), draw(st.sampled_from(Review)),
                     draw(st.sampled_from([None, *[e.id for e in entities]])), draw(st.none() | words), draw(stamps))
            )  # fmt: skip
    claims = []
    for i in range(draw(st.integers(0, 3))):
        a = draw(st.integers(0, n - 1))
        b = draw(st.integers(a + 1, n))
        claims.append(
            Claim(f"c-{tag}{i}", aid, a, b, draw(st.sampled_from(ClaimKind)), draw(st.sampled_from(Attribution)),
                  draw(st.integers(0, 3)), draw(st.sampled_from(Verdict)), draw(st.sampled_from(Origin)),
                  draw(st.sampled_from(Review)), draw(words), draw(st.lists(urls, max_size=2)),
                  draw(st.none() | words), draw(stamps))
        )  # fmt: skip
    links = []
    other = "b" if tag == "a" else "a"
    for i, head in enumerate(claims):
        label = draw(st.sampled_from(LinkLabel))
        if label.targets_claim:
            pool = [c.id for c in claims if c.id != head.id] + [f"c-{other}0"]  # this or another article
        else:
            pool = [s.id for s in spans] + [e.id for e in entities] + [f"s-{other}0"]
        links.append(Link(f"l-{tag}{i}", aid, label, head.id, draw(st.sampled_from(pool)), draw(words),
                          draw(st.none() | words), draw(stamps)))  # fmt: skip
    meta = ArticleMeta(
        title=draw(words), source=draw(st.none() | words), url=draw(st.none() | words),
        published=draw(st.none() | st.just("2025-07-10")), language=draw(st.sampled_from(["en", "he", "ar"])),
        sha256=text_sha256(text),
        extra=draw(st.dictionaries(st.sampled_from(["date_basis", "k", "\u00fc"]), st.none() | words | st.integers())),
    )  # fmt: skip
    named = {s.entity_id for s in spans} | {lk.child for lk in links}
    entities = [e for e in entities if e.id in named]  # an article lists the entities its spans name
    status = draw(st.sampled_from(ArticleStatus))
    return Document(Article(aid, text, meta, status), spans, claims, links, entities)


def normalised(doc: Document) -> Document:
    """What newsdesk/1 holds: sorted, without Span.model and Link.origin."""
    return replace(
        doc,
        spans=sorted((replace(s, model=None) for s in doc.spans), key=lambda s: (s.start, s.end, s.id)),
        claims=sorted(doc.claims, key=lambda c: (c.start, c.end, c.id)),
        links=sorted((replace(lk, origin=Origin.ANALYST) for lk in doc.links), key=lambda lk: lk.id),
        entities=sorted(doc.entities, key=lambda e: e.id),
    )


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents("a"), documents("b"))
def test_native_round_trip_is_identical(doc_a: Document, doc_b: Document) -> None:
    with TemporaryDirectory() as tmp:
        first, second = Path(tmp) / "1.jsonl", Path(tmp) / "2.jsonl"
        WRITERS["jsonl"].write(iter([doc_a, doc_b]), first)
        validate_native_file(first)
        back = list(READERS["jsonl"].read(first))
        assert back == [normalised(doc_a), normalised(doc_b)]
        WRITERS["jsonl"].write(iter(back), second)
        assert first.read_bytes() == second.read_bytes()
        assert first.read_bytes().count(b"\n") == 2  # one line per article, whatever the text holds


def _marks(doc: Document) -> set[tuple[int, int, str]]:
    from desktop.formats.build import claim_label

    return {(s.start, s.end, s.label) for s in doc.spans} | {(c.start, c.end, claim_label(c.kind)) for c in doc.claims}


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(documents("a"))
def test_foreign_formats_keep_offsets_of_any_text(doc: Document) -> None:
    """brat, doccano and Label Studio give back the same spans and claims, whatever the text holds."""
    for m in doc.spans + doc.claims:
        m.status = Review.ACCEPTED  # Label Studio reads back the annotation (accepted) only
    want = _marks(doc)
    with TemporaryDirectory() as tmp:
        for name, dest in (("brat", "b"), ("doccano", "d.jsonl"), ("labelstudio", "l.json")):
            path = Path(tmp) / dest
            WRITERS[name].write([doc], path)
            (back,) = READERS[name].read(path)
            assert back.article.text == doc.article.text, name
            assert _marks(back) == want, name

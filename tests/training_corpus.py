"""A deterministic fixture corpus for training: news paragraphs reviewed by "analysts".

The paragraphs come from templates filled by a seeded random generator. The base model
pre-annotates them; then a fixed correction policy plays the analysts:

1. A new label: every mention of an armed group (the ``GROUPS`` list) becomes an
   ``ARMED_GROUP`` span made by the analyst; the base model's suggestions over it
   (ORG, PERSON, GPE, ...) are rejected.
2. A frequent model mistake: a nationality adjective (``NATIONALITIES``) that the base model
   labelled anything but NORP is rejected and replaced by an analyst NORP span.
3. Every other suggestion is accepted. The article is marked done.
4. Claims: the rules' claim suggestions are accepted, except promises, demands and forecasts
   (the claim says "promised", "would", "must" or "next week"): not checkable, rejected.

So the gold for the other labels is exactly what the base model said: forgetting shows as a drop.
"""

from __future__ import annotations

import random
from collections.abc import Iterable, Sequence
from dataclasses import replace

from desktop.domain.ids import new_id
from desktop.domain.model import (
    Article,
    ArticleMeta,
    ArticleStatus,
    Claim,
    Document,
    Origin,
    Review,
    Span,
    text_sha256,
)
from desktop.nlp.claims import suggest_claims

NEW_LABEL = "ARMED_GROUP"
CORRECTED_LABEL = "NORP"

GROUPS = ["Hamas", "Hezbollah", "al-Shabaab", "Boko Haram", "the Houthis", "the Wagner Group", "Islamic State",
          "the Taliban", "M23", "the Rapid Support Forces", "the Janjaweed", "Jaish al-Adl", "the Haqqani network",
          "Ansar al-Sharia", "the Lord's Resistance Army", "the Arakan Army", "Tehrik-i-Taliban", "the FARC dissidents",
          "the ELN", "Hayat Tahrir al-Sham", "the Kata'ib Hezbollah militia", "the Fano militia",
          "the Tigray Defence Forces", "the Islamic Jihad"]  # fmt: skip
NATIONALITIES = ["Ukrainian", "Sudanese", "Somali", "Nigerian", "Yemeni", "Afghan", "Congolese", "Lebanese",
                 "Syrian", "Iraqi", "Malian", "Ethiopian", "Colombian", "Pakistani", "Burmese", "Libyan"]  # fmt: skip
PEOPLE = ["Amina Yusuf", "David Miller", "Fatima Hassan", "John Carter", "Olena Kovalenko", "Ahmed Saleh",
          "Maria Gonzalez", "Peter Obi", "Sarah Cohen", "Mohammed Ali Jinnah", "Grace Mwangi", "Li Wei",
          "Ibrahim Traore", "Anna Petrova", "James O'Brien", "Nadia Rahman"]  # fmt: skip
PLACES = ["Khartoum", "Mogadishu", "Kyiv", "Sanaa", "Kabul", "Goma", "Beirut", "Damascus", "Baghdad", "Bamako",
          "Addis Ababa", "Bogota", "Peshawar", "Tripoli", "Maiduguri", "Gaza City", "Aden", "Kandahar"]  # fmt: skip
ORGS = ["the United Nations", "Reuters", "the Red Cross", "Amnesty International", "the African Union",
        "the World Food Programme", "Human Rights Watch", "the European Union", "UNICEF", "the BBC"]  # fmt: skip
DAYS = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday"]
NUMBERS = ["12", "dozens of", "at least 30", "more than 200", "five", "three", "40", "hundreds of"]

TEMPLATES = [
    "{G} fighters attacked a checkpoint near {P} on {D}, killing {N} soldiers, {O} said.",
    "{Person}, a spokesman for {G}, told {O} that the group would not withdraw from {P}.",
    "{Nat} officials accused {G} of shelling villages outside {P} on {D}.",
    "Witnesses in {P} said {G} had taken control of the main road, and {N} families fled.",
    "{O} reported on {D} that {G} released {N} hostages held near {P}.",
    "The {Nat} army said it had killed a senior commander of {G} in an air strike near {P}.",
    "{G} denied responsibility for the bombing in {P}, which {Person} called an act of terror.",
    "{Person} said talks with {G} would resume in {P} next week, according to {O}.",
    "Clashes between {G} and {G2} left {N} people dead in {P} on {D}, {O} said.",
    "{Nat} and {Nat2} ministers met in {P} on {D} to discuss the threat posed by {G}.",
    "A {Nat} court sentenced {N} members of {G} to prison, {Person} told reporters in {P}.",
    "Aid workers from {O} said {G} was blocking food deliveries to {P}.",
    "{Person}, the {Nat} foreign minister, said {G} must lay down its weapons.",
    "Residents of {P} described how {G} fighters went from house to house on {D}.",
    "{G} claimed the attack on a {Nat} convoy near {P}, {O} reported.",
    "{Person} visited {P} on {D} and promised {N} new schools.",
    "{O} said on {D} that {N} refugees had crossed from {P} into {Nat} territory.",
    "The {Nat} president, {Person}, arrived in {P} for talks with {O}.",
]


def paragraphs(n: int, seed: int = 14) -> list[str]:
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        sentences = []
        for _ in range(rng.randint(2, 4)):
            g, g2 = rng.sample(GROUPS, 2)
            nat, nat2 = rng.sample(NATIONALITIES, 2)
            s = rng.choice(TEMPLATES).format(G=g, G2=g2, P=rng.choice(PLACES), D=rng.choice(DAYS),
                                             N=rng.choice(NUMBERS), O=rng.choice(ORGS), Person=rng.choice(PEOPLE),
                                             Nat=nat, Nat2=nat2)  # fmt: skip
            sentences.append(s[0].upper() + s[1:])
        out.append(" ".join(sentences))
    return out


def _mentions(text: str, names: Iterable[str]) -> list[tuple[int, int]]:
    found: list[tuple[int, int]] = []
    for name in sorted(names, key=len, reverse=True):
        for variant in {name, name[0].upper() + name[1:]}:
            at = text.find(variant)
            while at >= 0:
                end = at + len(variant)
                if variant.startswith(("the ", "The ")):  # analysts leave the article out
                    at += 4
                if not any(a < end and at < b for a, b in found):
                    found.append((at, end))
                at = text.find(variant, end)
    return sorted(found)


def review(article_id: str, text: str, predicted: Sequence[tuple[int, int, str]]) -> list[Span]:
    """The correction policy: the spans an analyst leaves on one article."""
    spans: list[Span] = []
    groups = _mentions(text, GROUPS)
    nats = [(a, b) for a, b in _mentions(text, NATIONALITIES)]
    taken = list(groups)
    for start, end, label in predicted:
        over_group = any(a < end and start < b for a, b in groups)
        if over_group or (text[start:end] in NATIONALITIES and label != CORRECTED_LABEL):
            status = Review.REJECTED
        else:
            status = Review.ACCEPTED
            taken.append((start, end))
        spans.append(Span(id=new_id("span"), article_id=article_id, start=start, end=end, label=label,
                          origin=Origin.MODEL, status=status, model="en_core_web_sm 3.8.0"))  # fmt: skip
    for start, end in groups:
        spans.append(Span(id=new_id("span"), article_id=article_id, start=start, end=end, label=NEW_LABEL))
    for start, end in nats:
        if not any(a < end and start < b for a, b in taken):
            spans.append(Span(id=new_id("span"), article_id=article_id, start=start, end=end, label=CORRECTED_LABEL))
            taken.append((start, end))
    return sorted(spans, key=lambda s: (s.start, s.end, s.status != Review.REJECTED))


NOT_CHECKABLE = ("promised", "would", "must", "next week")


def review_claims(article_id: str, text: str, doc: object, spans: Sequence[Span]) -> list[Claim]:
    found = suggest_claims(doc, article_id, [s for s in spans if s.visible], model="en_core_web_sm 3.8.0")  # type: ignore[arg-type]
    out = []
    for c in found.claims:
        checkable = not any(w in text[c.start : c.end] for w in NOT_CHECKABLE)
        out.append(replace(c, status=Review.ACCEPTED if checkable else Review.REJECTED))
    return out


def build(nlp: object, n_reviewed: int, n_unreviewed: int = 0, seed: int = 14) -> list[Document]:
    """Documents: ``n_reviewed`` done by the policy above, then ``n_unreviewed`` left to do."""
    texts = paragraphs(n_reviewed + n_unreviewed, seed)
    docs: list[Document] = []
    for i, (text, doc) in enumerate(zip(texts, nlp.pipe(texts), strict=True)):  # type: ignore[attr-defined]
        aid = f"train-{i:04d}"
        meta = ArticleMeta(title=f"Fixture {i}", sha256=text_sha256(text))
        if i < n_reviewed:
            predicted = [(e.start_char, e.end_char, e.label_) for e in doc.ents]
            article = Article(id=aid, text=text, meta=meta, status=ArticleStatus.DONE,
                              annotated_by="en_core_web_sm 3.8.0")  # fmt: skip
            spans = review(aid, text, predicted)
            docs.append(Document(article=article, spans=spans, claims=review_claims(aid, text, doc, spans)))
        else:
            docs.append(Document(article=Article(id=aid, text=text, meta=meta)))
    return docs

"""Deterministic, realistic news articles for the benchmarks: ~600 words, ~100 entities each.

    article(i) -> Document   (the same i always gives the same text and spans)

Sentences are built from news-wire templates filled with people, organisations, places,
dates, money and numbers; every filled slot is an entity span (label as spaCy's OntoNotes
set names it), so an article carries about 100 suggestions at known offsets. Text varies
per article (many distinct words), which matters for anything that caches per word.
"""

from __future__ import annotations

import random
from collections.abc import Iterator

from desktop.domain.model import Article, ArticleMeta, Document, Origin, Review, Span, text_sha256

FIRST = ["Maya", "Daniel", "Yael", "Omar", "Sarah", "Avi", "Leila", "Jonathan", "Noa", "Karim", "Ruth", "Eitan",
         "Hannah", "Samir", "Tamar", "David", "Rania", "Michael", "Dina", "Yosef", "Claire", "Ahmed", "Miriam"]
LAST = ["Cohen", "Levi", "Haddad", "Friedman", "Mizrahi", "Khoury", "Peretz", "Shapiro", "Barak", "Nasser",
        "Goldberg", "Azoulay", "Rosen", "Saleh", "Katz", "Ben-David", "Amir", "Weiss", "Dahan", "Mansour"]
ORG = ["the Bank of Israel", "the Finance Ministry", "Reuters", "the Knesset", "Hamas", "the United Nations",
       "Teva Pharmaceutical", "the European Commission", "the Israel Defense Forces", "Bezeq", "Elbit Systems",
       "the World Bank", "the Histadrut", "the Supreme Court", "Mobileye", "the Red Cross", "El Al", "Intel"]
GPE = ["Israel", "Jerusalem", "Tel Aviv", "Gaza", "Washington", "Cairo", "Beirut", "Haifa", "Amman", "Paris",
       "Berlin", "London", "Egypt", "Jordan", "Lebanon", "Qatar", "the United States", "Iran", "Ramallah"]
NORP = ["Israeli", "Palestinian", "American", "Egyptian", "European", "Jordanian", "Lebanese", "Iranian"]
DAY = ["Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Sunday", "last week", "on Saturday night"]
MONTH = ["January", "February", "March", "April", "May", "June", "July", "August", "September", "October"]
VERB = ["said", "told reporters", "warned", "argued", "insisted", "confirmed", "denied", "suggested"]
TOPIC = ["inflation", "the ceasefire talks", "the budget deficit", "housing prices", "the hostage deal",
         "interest rates", "the water shortage", "the election", "unemployment", "the gas field", "tourism"]
FILL = ["according to officials familiar with the matter", "in a statement released late in the evening",
        "after weeks of negotiations that stalled repeatedly", "despite mounting pressure from coalition partners",
        "while analysts cautioned that the figures remain preliminary", "amid growing concern among residents"]

# {slot:LABEL} marks an entity; plain words stay plain
TEMPLATES = [
    "{p:PERSON}, a senior official at {o:ORG}, {v} on {d:DATE} that {t} in {g:GPE} would improve {f}.",
    "{n:NORP} negotiators met in {g:GPE} on {d:DATE} with representatives of {o:ORG} to discuss {t}.",
    "{o:ORG} reported that {t} rose by {pc:PERCENT} in {m:DATE}, {f}.",
    "Speaking in {g:GPE}, {p:PERSON} {v} that {o:ORG} had spent {mo:MONEY} on {t} since {m:DATE}.",
    "About {c:CARDINAL} people gathered outside {o:ORG} in {g:GPE} on {d:DATE} to protest over {t}.",
    "{p:PERSON} and {p2:PERSON} of {o:ORG} {v} that {t} was the {or:ORDINAL} priority for {g:GPE}.",
    "The {n:NORP} government in {g:GPE} {v} it would review {t} by {m:DATE}, {f}.",
    "Officials in {g:GPE} and {g2:GPE} {v} that {c:CARDINAL} new agreements on {t} were signed {f}.",
]


def _person(rnd: random.Random) -> str:
    return f"{rnd.choice(FIRST)} {rnd.choice(LAST)}"


def _fill(slot: str, rnd: random.Random) -> str:
    kind = slot.rstrip("0123456789")
    if kind == "p":
        return _person(rnd)
    if kind == "o":
        return rnd.choice(ORG)
    if kind == "g":
        return rnd.choice(GPE)
    if kind == "n":
        return rnd.choice(NORP)
    if kind == "d":
        return rnd.choice(DAY)
    if kind == "m":
        return f"{rnd.choice(MONTH)} {rnd.randint(2019, 2026)}"
    if kind == "pc":
        return f"{rnd.randint(1, 40)}.{rnd.randint(0, 9)} percent"
    if kind == "mo":
        return f"{rnd.randint(2, 900)} million shekels"
    if kind == "c":
        return f"{rnd.randint(2, 90) * 100:,}"
    if kind == "or":
        return rnd.choice(["first", "second", "third"])
    raise KeyError(slot)


def article(i: int, *, words: int = 600) -> Document:
    """Article ``i``: about ``words`` words of news text and its entity spans (suggestions)."""
    rnd = random.Random(i)
    aid = f"a-{i:016x}"
    parts: list[str] = []
    spans: list[Span] = []
    pos = n_words = 0
    while n_words < words:
        template = rnd.choice(TEMPLATES)
        prefix = "" if not parts else (" " if rnd.random() < 0.8 else "\n\n")
        out: list[str] = [prefix]
        rest = template
        while "{" in rest:
            before, _, rest = rest.partition("{")
            slot, _, rest = rest.partition("}")
            out.append(before)
            name, _, label = slot.partition(":")
            if not label:  # a plain slot: verb, topic or filler
                out.append(rnd.choice({"v": VERB, "t": TOPIC, "f": FILL}[name]))
                continue
            value = _fill(name, rnd)
            if len(out) == 2 and not before:  # the sentence starts with it
                value = value[0].upper() + value[1:]
            start = pos + sum(len(x) for x in out)
            spans.append(Span(f"s-{i:x}-{len(spans)}", aid, start, start + len(value), label,
                              Origin.MODEL, Review.SUGGESTED, model="bench"))  # fmt: skip
            out.append(value)
        out.append(rest)
        sentence = "".join(out)
        parts.append(sentence)
        pos += len(sentence)
        n_words += len(sentence.split())
    text = "".join(parts)
    title = f"{rnd.choice(ORG).removeprefix('the ').capitalize()} says {rnd.choice(TOPIC)} will change"
    meta = ArticleMeta(title=title, source="Bench Wire", published=f"2025-{i % 12 + 1:02d}-{i % 28 + 1:02d}",
                       sha256=text_sha256(text))  # fmt: skip
    return Document(Article(aid, text, meta), spans)


def generate(n: int, *, spans: bool = True) -> Iterator[Document]:
    for i in range(n):
        doc = article(i)
        yield doc if spans else Document(doc.article)


if __name__ == "__main__":
    d = article(1)
    assert all(d.text[s.start : s.end].strip() == d.text[s.start : s.end] != '' for s in d.spans)
    print(len(d.text.split()), "words,", len(d.spans), "spans")
    print(d.text[:600])
    print([(d.text[s.start : s.end], s.label) for s in d.spans[:12]])

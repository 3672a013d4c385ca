"""Claim suggestions from a parsed spaCy Doc: quotes (with their speaker) and statistics.

Pure functions: a Doc and the article's suggested entity spans go in, domain
Claims, said_by Links and any extra speaker Spans come out. No Doc leaves here.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from spacy.tokens import Doc, Token

from desktop.domain.ids import new_id
from desktop.domain.model import Attribution, Claim, ClaimKind, Link, LinkLabel, Origin, Review, Span, utc_now

from .quotations import Quotation, find_quotations, trim


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


SPEECH_LEMMAS = _words(
    """say tell state reveal add cite announce claim declare insist warn explain note stress assert
    acknowledge confirm deny report write argue suggest predict reply respond comment admit emphasize
    urge remark allege tweet post testify concede caution"""
)
# Word forms, for documents without a parse (rules-only mode).
SPEECH_FORMS = _words(
    """say says said saying tell tells told telling state states stated reveal reveals revealed add adds
    added adding announce announced claim claimed declare declared insist insisted warn warned explain
    explained note noted stress stressed confirm confirmed deny denied report reported write wrote argue
    argued"""
)
PRONOUNS = frozenset({"he", "she"})
SPEAKER_LABELS = frozenset({"PERSON", "ORG", "NORP", "GPE"})
STAT_LABELS = frozenset({"CARDINAL", "QUANTITY", "PERCENT", "MONEY"})
ORG_NOUNS = _words(
    """office ministry department government agency committee council administration house army
    military police court company group organization organisation newspaper outlet network
    cabinet parliament union authority authorities bank institute university commission board
    service newsroom team party campaign embassy"""
)
TIME_NOUNS = _words(
    "second seconds minute minutes hour hours day days week weeks month months year years decade decades"
)
_YEAR = re.compile(r"^(1[5-9]|20)\d\d$")
_MIN_QUOTE_WORDS = 3


@dataclass(slots=True)
class ClaimSuggestions:
    claims: list[Claim] = field(default_factory=list)
    links: list[Link] = field(default_factory=list)
    spans: list[Span] = field(default_factory=list)  # speaker spans the entity spans did not have


@dataclass(slots=True)
class _Found:
    start: int
    end: int
    kind: ClaimKind
    attribution: Attribution
    speaker: Span | None = None


class _Context:
    """Per-document look-ups shared by the quote and statistic finders."""

    def __init__(self, doc: Doc, article_id: str, spans: list[Span], model: str | None) -> None:
        self.doc = doc
        self.text = doc.text
        self.article_id = article_id
        self.spans = sorted(spans, key=lambda s: s.start)
        self.new_spans: list[Span] = []
        self.model = model
        self.parsed = doc.has_annotation("DEP")
        self.quotations = find_quotations(self.text)
        self.quote_of: list[int] = [-1] * len(doc)
        self._chunks: dict[int, tuple[int, int]] | None = None
        for qi, q in enumerate(self.quotations):
            for tok in doc.char_span(q.open, q.close + 1, alignment_mode="expand") or []:
                self.quote_of[tok.i] = qi

    def chunk_at(self, i: int) -> tuple[int, int] | None:
        """(start, end) token range of the noun chunk holding token ``i``; the chunks are
        computed once per document (spaCy recomputes them on every ``doc.noun_chunks``)."""
        if self._chunks is None:
            self._chunks = {}
            for c in self.doc.noun_chunks:
                for j in range(c.start, c.end):
                    self._chunks[j] = (c.start, c.end)
        return self._chunks.get(i)

    # -- spans ---------------------------------------------------------------
    def span_at(self, start: int, end: int) -> Span | None:
        for s in self.spans:
            if s.start <= start and end <= s.end:
                return s
        return None

    def overlaps(self, start: int, end: int) -> bool:
        return any(s.start < end and start < s.end for s in self.spans)

    def last_person_before(self, pos: int) -> Span | None:
        best = None
        for s in self.spans:
            if s.end <= pos and s.label == "PERSON":
                best = s
        return best

    def add_span(self, start: int, end: int, label: str) -> Span:
        span = Span(
            id=new_id("span"),
            article_id=self.article_id,
            start=start,
            end=end,
            label=label,
            origin=Origin.MODEL,
            status=Review.SUGGESTED,
            model=self.model,
            updated=utc_now(),
        )
        self.spans.append(span)
        self.spans.sort(key=lambda s: s.start)
        self.new_spans.append(span)
        return span

    # -- tokens --------------------------------------------------------------
    def in_quote(self, tok: Token) -> bool:
        return self.quote_of[tok.i] >= 0

    def words(self, start_tok: int, end_tok: int) -> tuple[int, int]:
        """(words outside quotations, words inside) among tokens [start_tok, end_tok)."""
        outside = inside = 0
        for tok in self.doc[start_tok:end_tok]:
            if tok.is_punct or tok.is_space:
                continue
            if self.in_quote(tok):
                inside += 1
            else:
                outside += 1
        return outside, inside


# ---------------------------------------------------------------------------- speakers


def _is_speech(tok: Token, parsed: bool) -> bool:
    if tok.lower_ == "according" and tok.i + 1 < len(tok.doc) and tok.doc[tok.i + 1].lower_ == "to":
        return True
    if parsed:
        return tok.pos_ == "VERB" and tok.lemma_.lower() in SPEECH_LEMMAS
    return tok.lower_ in SPEECH_FORMS


def _according_object(verb: Token) -> Token | None:
    to = verb.doc[verb.i + 1]
    for child in to.children:
        if child.dep_ == "pobj":
            return child
    return None


def _speaker_token(verb: Token) -> Token | None:
    if verb.lower_ == "according":
        return _according_object(verb)
    node = verb
    for _ in range(4):
        if node.lemma_ == "cite":
            for child in node.children:
                if child.dep_ == "dobj":
                    return child
        for child in node.children:
            if child.dep_ == "nsubj":
                return child
        if node.head is node or node.dep_ in ("ROOT", "relcl"):
            return None
        if node.dep_ == "ccomp" and not _is_speech(node.head, True):
            return None
        node = node.head
    return None


def _speaker_span(ctx: _Context, tok: Token) -> Span | None:
    if tok.lower_ in PRONOUNS:
        return ctx.last_person_before(tok.idx)
    if tok.pos_ == "PRON" or tok.tag_ in ("WP", "WDT"):
        return None
    existing = ctx.span_at(tok.idx, tok.idx + len(tok.text))
    if existing is not None:
        return existing if existing.label in SPEAKER_LABELS else None
    # A noun phrase ner did not find: "the prime minister", "the spokesman".
    chunk = ctx.chunk_at(tok.i)
    first, last = (chunk[0], chunk[1] - 1) if chunk is not None else (tok.i, tok.i)
    lo = tok.i
    while lo > first and not _tok_overlaps(ctx, ctx.doc[lo - 1]):
        lo -= 1
    hi = tok.i
    while hi < last and not _tok_overlaps(ctx, ctx.doc[hi + 1]):
        hi += 1
    start, end = ctx.doc[lo].idx, ctx.doc[hi].idx + len(ctx.doc[hi].text)
    if ctx.overlaps(start, end):
        return None
    label = "ORG" if tok.lemma_.lower() in ORG_NOUNS else "PERSON"
    return ctx.add_span(start, end, label)


def _tok_overlaps(ctx: _Context, tok: Token) -> bool:
    return tok.is_punct or ctx.overlaps(tok.idx, tok.idx + len(tok.text))


# ---------------------------------------------------------------------------- quotes


def _clause(ctx: _Context, verb: Token) -> tuple[int, int] | None:
    """Token range [start, end) of what the speech verb reports, if it has one."""
    doc = ctx.doc
    sent = verb.sent
    if verb.lower_ == "according":
        obj = _according_object(verb)
        right = obj.right_edge.i if obj is not None else verb.i + 1
        left = verb.i
        while left > sent.start and doc[left - 1].is_punct:
            left -= 1
        if left > sent.start:
            return sent.start, left
        rest = right + 1
        while rest < sent.end and doc[rest].is_punct:
            rest += 1
        return (rest, sent.end) if rest < sent.end else None
    for child in verb.children:
        if child.dep_ == "ccomp":
            start, end = child.left_edge.i, child.right_edge.i + 1
            while start < end and (doc[start].dep_ == "mark" or doc[start].is_punct):
                start += 1
            return (start, end) if start < end else None
    return None


def _claim_offsets(ctx: _Context, start_tok: int, end_tok: int) -> tuple[int, int]:
    doc = ctx.doc
    start = doc[start_tok].idx
    end = doc[end_tok - 1].idx + len(doc[end_tok - 1].text)
    return trim(ctx.text, start, end)


def _speech_verbs_in(ctx: _Context, start_tok: int, end_tok: int) -> list[Token]:
    return [t for t in ctx.doc[start_tok:end_tok] if not ctx.in_quote(t) and _is_speech(t, ctx.parsed)]


def _sentence_range(ctx: _Context, q: Quotation) -> tuple[int, int]:
    span = ctx.doc.char_span(q.open, q.close + 1, alignment_mode="expand")
    assert span is not None
    return span[0].sent.start, span[-1].sent.end


def _quote_words(ctx: _Context, q: Quotation) -> int:
    start, end = q.inner
    return len(re.findall(r"\w+", ctx.text[start:end]))


def find_quotes(ctx: _Context) -> list[_Found]:
    found: list[_Found] = []
    reported: list[tuple[int, int]] = []  # char ranges of indirect claims
    # Reported speech: a speech verb with a clause that is mostly not quoted.
    verbs = [t for t in ctx.doc if not ctx.in_quote(t) and _is_speech(t, ctx.parsed)]
    if ctx.parsed:
        for verb in verbs:
            clause = _clause(ctx, verb)
            if clause is None:
                continue
            outside, inside = ctx.words(*clause)
            if verb.lower_ == "according" and _speech_verbs_in(ctx, *clause):
                continue  # "X told Y that ..., according to Z": X is the speaker
            if outside > inside and outside >= 2:
                start, end = _claim_offsets(ctx, *clause)
                if start >= end:
                    continue
                tok = _speaker_token(verb)
                speaker = _speaker_span(ctx, tok) if tok is not None else None
                found.append(_Found(start, end, ClaimKind.QUOTE, Attribution.INDIRECT, speaker))
                reported.append((start, end))
    # Direct quotes: quoted text in a sentence with a speech verb outside the quotes.
    previous: tuple[_Found, int] | None = None  # last direct quote and its sentence end token
    for q in ctx.quotations:
        start, end = trim(ctx.text, *q.inner)
        if _quote_words(ctx, q) < _MIN_QUOTE_WORDS or start >= end:
            continue
        if any(a <= start and end <= b for a, b in reported):
            continue
        s_start, s_end = _sentence_range(ctx, q)
        candidates = _speech_verbs_in(ctx, s_start, s_end)
        if candidates:
            first_tok = ctx.doc.char_span(q.open, q.close + 1, alignment_mode="expand")
            assert first_tok is not None
            candidates.sort(key=lambda t: min(abs(t.i - first_tok.start), abs(t.i - first_tok.end)))
            speaker = None
            for verb in candidates if ctx.parsed else []:
                tok = _speaker_token(verb)
                speaker = _speaker_span(ctx, tok) if tok is not None else None
                if speaker is not None:
                    break
        elif previous is not None and _continues(ctx, previous[1], s_start, s_end):
            speaker = previous[0].speaker
        else:
            continue
        item = _Found(start, end, ClaimKind.QUOTE, Attribution.DIRECT, speaker)
        found.append(item)
        previous = (item, s_end)
    return found


def _continues(ctx: _Context, prev_end: int, s_start: int, s_end: int) -> bool:
    """A sentence that is only a quotation, right after an attributed quote on the same line."""
    if s_start != prev_end and not all(t.is_space for t in ctx.doc[prev_end:s_start]):
        return False
    if "\n" in ctx.text[ctx.doc[prev_end - 1].idx : ctx.doc[s_start].idx]:
        return False
    outside, _ = ctx.words(s_start, s_end)
    return outside == 0


# ---------------------------------------------------------------------------- statistics


def _counted_noun(tok: Token, ent_tokens: range) -> Token | None:
    head = tok.head
    counts = tok.dep_ in ("nummod", "quantmod", "amod", "compound")
    if counts and head.i not in ent_tokens and head.pos_ in ("NOUN", "PROPN"):
        return head
    for child in tok.children:
        if child.dep_ == "prep" and child.lower_ == "of":
            for obj in child.children:
                if obj.dep_ == "pobj":
                    return obj
    if tok.pos_ == "NOUN" and tok.lower_ not in TIME_NOUNS:
        return tok
    return None


def _is_statistic(ctx: _Context, start: int, end: int, label: str) -> bool:
    if label not in STAT_LABELS:
        return False
    ent = ctx.doc.char_span(start, end, alignment_mode="expand")
    if ent is None or len(ent) == 0 or _YEAR.match(ent.text.strip()):
        return False
    if label in ("PERCENT", "MONEY"):
        return True
    if not ctx.parsed:
        nxt = ent.end
        return (
            nxt < len(ctx.doc)
            and ctx.doc[nxt].is_alpha
            and ctx.doc[nxt].is_lower
            and (ctx.doc[nxt].lower_ not in TIME_NOUNS)
        )
    noun = _counted_noun(ent.root, range(ent.start, ent.end))
    if noun is None or noun.lower_ in TIME_NOUNS:
        return False
    # "two sources told CBS": the number counts the speakers, it is not the claim.
    return not (noun.dep_ == "nsubj" and _is_speech(noun.head, True))


def find_statistics(ctx: _Context, quotes: list[_Found]) -> list[_Found]:
    found: list[_Found] = []
    for span in ctx.spans:
        if not _is_statistic(ctx, span.start, span.end, span.label):
            continue
        holder = next((q for q in quotes if q.start <= span.start and span.end <= q.end), None)
        if holder is not None:
            item = _Found(holder.start, holder.end, ClaimKind.STATISTIC, holder.attribution, holder.speaker)
        else:
            tok = ctx.doc.char_span(span.start, span.end, alignment_mode="expand")
            assert tok is not None
            sent = tok[0].sent
            start, end = _claim_offsets(ctx, sent.start, sent.end)
            if start >= end:
                continue
            item = _Found(start, end, ClaimKind.STATISTIC, Attribution.UNATTRIBUTED)
        if not any((f.start, f.end) == (item.start, item.end) for f in found):
            found.append(item)
    return found


# ---------------------------------------------------------------------------- entry point


def suggest_claims(doc: Doc, article_id: str, spans: list[Span], *, model: str | None = None) -> ClaimSuggestions:
    """Quote and statistic claim suggestions for one parsed Doc.

    ``spans`` are the article's suggested entity spans (char offsets into
    ``doc.text``); speakers link to them, and a speaker ner missed becomes a new
    span (returned in ``spans``) that overlaps none of them.
    """
    ctx = _Context(doc, article_id, spans, model)
    quotes = find_quotes(ctx)
    stats = find_statistics(ctx, quotes)
    stat_ranges = {(s.start, s.end) for s in stats}
    items = [q for q in quotes if (q.start, q.end) not in stat_ranges] + stats
    items.sort(key=lambda f: (f.start, f.end))
    out = ClaimSuggestions(spans=ctx.new_spans)
    now = utc_now()
    seen: set[tuple[int, int, ClaimKind]] = set()
    for item in items:
        if (item.start, item.end, item.kind) in seen:
            continue
        seen.add((item.start, item.end, item.kind))
        claim = Claim(
            id=new_id("claim"),
            article_id=article_id,
            start=item.start,
            end=item.end,
            kind=item.kind,
            attribution=item.attribution,
            origin=Origin.MODEL,
            status=Review.SUGGESTED,
            updated=now,
        )
        out.claims.append(claim)
        if item.speaker is not None:
            out.links.append(
                Link(
                    id=new_id("link"),
                    article_id=article_id,
                    label=LinkLabel.SAID_BY,
                    head=claim.id,
                    child=item.speaker.id,
                    origin=Origin.MODEL,
                    updated=now,
                )
            )
    return out

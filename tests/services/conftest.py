from __future__ import annotations

import re
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

import pytest

from desktop.db import open_store
from desktop.domain.ids import new_id
from desktop.domain.model import (
    Article,
    ArticleMeta,
    Claim,
    ClaimKind,
    Document,
    Link,
    LinkLabel,
    Origin,
    Review,
    Rule,
    Span,
    text_sha256,
)
from desktop.domain.ports import ModelInfo, Progress, Store, Suggestions, Token
from desktop.services import Services, build_services


class ListEngine:
    """A deterministic NLP engine: suggests every occurrence of the given words.

    The real spaCy engine is tested in tests/nlp and end to end in tests/test_cli.py;
    here the services' own logic (merging, keeping rejected, rules) is under test.
    """

    def __init__(self, words: dict[str, str], quote: tuple[str, str] | None = None) -> None:
        self.words = dict(words)
        self.quote = quote  # (claim text, speaker text)
        self.calls = 0

    def info(self) -> ModelInfo:
        return ModelInfo(name="list", version="1", loaded=True, message="list 1 ready")

    def load(self) -> ModelInfo:
        return self.info()

    def suggest(self, articles: Iterable[tuple[str, str]], rules: Sequence[Rule], *, batch_size: int = 16,
                progress: Progress | None = None) -> Iterator[Suggestions]:  # fmt: skip
        table = {**self.words, **{r.pattern: r.label for r in rules}}
        for aid, text in articles:
            self.calls += 1
            out = Suggestions(aid)
            for word, label in table.items():
                origin = Origin.RULE if any(r.pattern == word for r in rules) else Origin.MODEL
                for m in re.finditer(re.escape(word), text):
                    if any(s.start < m.end() and m.start() < s.end for s in out.spans):
                        continue
                    out.spans.append(Span(new_id("span"), aid, m.start(), m.end(), label, origin=origin,
                                          status=Review.SUGGESTED, model="list 1"))  # fmt: skip
            if self.quote and self.quote[0] in text:
                start = text.index(self.quote[0])
                claim = Claim(new_id("claim"), aid, start, start + len(self.quote[0]), kind=ClaimKind.QUOTE,
                              origin=Origin.MODEL, status=Review.SUGGESTED)  # fmt: skip
                speaker = next((s for s in out.spans if text[s.start:s.end] == self.quote[1]), None)
                out.claims.append(claim)
                if speaker:
                    out.links.append(Link(new_id("link"), aid, LinkLabel.SAID_BY, claim.id, speaker.id,
                                          origin=Origin.MODEL))  # fmt: skip
            yield out

    def tokens(self, text: str) -> list[Token]:
        return [Token(m.start(), m.end(), text[m.end():m.end() + 1] == " ") for m in re.finditer(r"\w+|[^\w\s]", text)]


TEXT_A = 'Netanyahu met Trump in Washington. "We will bring them home," Netanyahu said.'
TEXT_B = "Rubio told reporters in Malaysia that Washington remained hopeful."


def doc(text: str, title: str, published: str | None = None) -> Document:
    sha = text_sha256(text)
    return Document(Article(f"a-{sha[:16]}", text, ArticleMeta(title=title, published=published, sha256=sha)))


@pytest.fixture
def engine() -> ListEngine:
    return ListEngine({"Netanyahu": "PERSON", "Trump": "PERSON", "Washington": "GPE", "Rubio": "PERSON"},
                      quote=("We will bring them home,", "Netanyahu"))  # fmt: skip


@pytest.fixture
def store(tmp_path: Path) -> Store:
    """The database under the services (a test adds articles with it as an import would)."""
    return open_store(tmp_path / "t.sqlite3")


@pytest.fixture
def services(store: Store, engine: ListEngine) -> Iterator[Services]:
    svc = build_services(store, engine, annotator="ana")
    store.add_documents([doc(TEXT_A, "A", "2025-07-10"), doc(TEXT_B, "B", "2024-05-25")])
    yield svc
    svc.close()


@pytest.fixture
def ids(services: Services) -> tuple[str, str]:
    by_title = {a.title: a.id for a in services.corpus.articles()}
    return by_title["A"], by_title["B"]

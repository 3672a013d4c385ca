"""The use cases: the only layer that combines the store, the NLP engine and the formats.

:func:`build_services` takes the store and engine that the composition root made and
returns the one object the UI and the CLI talk to.
"""

from __future__ import annotations

import getpass
from collections.abc import Callable
from dataclasses import dataclass, field

from desktop.domain.ports import ModelInfo, NlpEngine, Store, Token

from .annotate import Annotator
from .claims import ClaimEditor, EntityDesk, Linker
from .corpus import Corpus
from .editing import LinkedObject, SpanEditor
from .history import History
from .search import Search


@dataclass
class Services:
    store: Store
    engine: NlpEngine
    history: History
    corpus: Corpus
    spans: SpanEditor
    claims: ClaimEditor
    links: Linker
    entities: EntityDesk
    annotator: Annotator
    search: Search
    user: list[str | None] = field(default_factory=lambda: [None])

    @property
    def annotator_name(self) -> str | None:
        return self.user[0]

    def set_annotator_name(self, name: str | None) -> None:
        self.user[0] = name or None

    def model_info(self) -> ModelInfo:
        return self.engine.info()

    def tokens(self, text: str) -> list[Token]:
        return self.engine.tokens(text)

    def schema_version(self) -> str:
        return self.store.schema_version()

    def close(self) -> None:
        self.store.close()


def default_annotator_name() -> str | None:
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):  # no user database entry (containers)
        return None


def build_services(store: Store, engine: NlpEngine, annotator: str | None = None) -> Services:
    user: list[str | None] = [annotator if annotator is not None else default_annotator_name()]
    who: Callable[[], str | None] = lambda: user[0]  # noqa: E731
    history = History(store, who)
    return Services(
        store=store,
        engine=engine,
        history=history,
        corpus=Corpus(store, history),
        spans=SpanEditor(store, history, who),
        claims=ClaimEditor(store, history, who),
        links=Linker(store, history, who),
        entities=EntityDesk(store, history, who),
        annotator=Annotator(store, engine),
        search=Search(store),
        user=user,
    )


__all__ = ["LinkedObject", "Services", "build_services"]

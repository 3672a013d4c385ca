"""The use cases: the only layer that combines the store, the NLP engine and the formats.

:func:`build_services` takes the store and engine that the composition root made and
returns the one object the UI and the CLI talk to. It keeps both private: the front ends
write through the use-case objects (``spans``, ``claims``, ``links``, ``entities``,
``corpus``, ``annotator``), read through ``read`` (the read side) and learn about every
committed change from ``history.feed`` (one :class:`~.events.Committed` per action).
"""

from __future__ import annotations

import getpass
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from desktop.domain.ports import ModelInfo, NlpEngine, Store, Token

from .annotate import Annotator
from .claims import ClaimEditor, EntityDesk, Linker
from .corpus import Corpus
from .editing import LinkedObject, SpanEditor
from .events import Cause, ChangeFeed, Committed
from .history import History
from .read import ReadSide
from .relations import RelationEditor
from .revisions import RevisionDesk
from .search import Search
from .session import OpenArticle
from .team import TeamDesk
from .training import ModelShelf, Trainer
from .worker import AnnotateWorker


@dataclass
class Services:
    _store: Store = field(repr=False)
    _engine: NlpEngine = field(repr=False)
    history: History
    corpus: Corpus
    spans: SpanEditor
    claims: ClaimEditor
    links: Linker
    entities: EntityDesk
    annotator: Annotator
    read: ReadSide
    relations: RelationEditor
    revisions: RevisionDesk
    search: Search
    trainer: Trainer
    team: TeamDesk
    worker: AnnotateWorker
    user: list[str | None] = field(default_factory=lambda: [None])

    @property
    def annotator_name(self) -> str | None:
        return self.user[0]

    def set_annotator_name(self, name: str | None) -> None:
        self.user[0] = name or None

    @property
    def feed(self) -> ChangeFeed:
        """Where every committed change is announced (see :mod:`.events`)."""
        return self.history.feed

    def model_info(self) -> ModelInfo:
        return self._engine.info()

    def load_model(self) -> ModelInfo:
        """Load the NER model (slow: call it off the GUI thread)."""
        return self._engine.load()

    def tokens(self, text: str) -> list[Token]:
        return self._engine.tokens(text)

    def schema_version(self) -> str:
        return self._store.schema_version()

    def open_article(self, *, clock: Callable[[], float] = time.monotonic) -> OpenArticle:
        """A new open-article state (document, version, read-ahead) for one article pane."""
        return OpenArticle(self.corpus, self.history, clock=clock)

    def close(self) -> None:
        self._store.close()


def default_annotator_name() -> str | None:
    try:
        return getpass.getuser() or None
    except (KeyError, OSError):  # no user database entry (containers)
        return None


def default_models_folder() -> Path:
    from platformdirs import user_data_path

    return user_data_path("newsdesk", appauthor=False) / "models"


def build_services(store: Store, engine: NlpEngine, annotator: str | None = None, *,
                   models: Path | None = None, base_model: Callable[[], str | None] = lambda: None,
                   use_model: Callable[[str | None], None] | None = None) -> Services:  # fmt: skip
    """``models``: the folder of trained models; ``base_model`` names the installed model to
    train from; ``use_model`` switches the engine to another model folder (None: the installed one)."""
    user: list[str | None] = [annotator if annotator is not None else default_annotator_name()]
    who: Callable[[], str | None] = lambda: user[0]  # noqa: E731
    history = History(store, who)
    revisions = getattr(store, "revisions", None)  # a store that keeps article revisions (desktop.db does)
    team = TeamDesk(store, who)
    corpus = Corpus(store, history, revisions, team.version_for)
    return Services(
        _store=store,
        _engine=engine,
        history=history,
        corpus=corpus,
        spans=SpanEditor(store, history, who, team.version_for),
        claims=ClaimEditor(store, history, who, team.version_for),
        links=Linker(store, history, who, team.version_for),
        entities=EntityDesk(store, history, who, team.version_for),
        annotator=Annotator(store, engine),
        read=ReadSide(store),
        revisions=RevisionDesk(store, revisions, history, who),
        relations=RelationEditor(corpus, store, history, who, team.version_for),
        search=Search(store),
        trainer=Trainer(store, ModelShelf(models or default_models_folder()), base_model, use_model),
        team=team,
        worker=AnnotateWorker(store, engine, getattr(store, "annotate_queue", None)),  # desktop.db has one
        user=user,
    )


__all__ = ["Cause", "ChangeFeed", "Committed", "LinkedObject", "OpenArticle", "ReadSide", "Services", "TeamDesk",
           "build_services"]

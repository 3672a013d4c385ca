"""The spaCy implementation of the ``NlpEngine`` port."""

from __future__ import annotations

import threading
from collections.abc import Iterable, Iterator, Sequence
from pathlib import Path

from spacy.language import Language
from spacy.tokens import Doc

from desktop.domain.ids import new_id
from desktop.domain.model import Origin, Review, Rule, Span, utc_now
from desktop.domain.ports import ModelInfo, Progress, Suggestions, Token

from .claims import suggest_claims
from .models import ModelChoice, resolve_model
from .patterns import BUILTIN_ID, rules_key
from .pipeline import load_model, rules_pipeline, set_rules
from .text import tokenize
from .training import CLAIM_FILTER, claims_kept, load_claim_filter


class SpacyEngine:
    """Entity and claim suggestions from spaCy; falls back to rules when there is no model.

    ``model`` forces a model (a package name, a folder, or "rules"); ``processes``
    is handed to ``nlp.pipe(n_process=...)``. Loading is lazy, happens once and is
    thread-safe. One ``suggest`` run at a time per engine.
    """

    def __init__(self, model: str | None = None, *, processes: int = 1) -> None:
        if processes < 1:
            raise ValueError("processes must be at least 1")
        self._requested = model
        self._processes = processes
        self._lock = threading.Lock()
        self._choice: ModelChoice | None = None
        self._nlp: Language | None = None
        self._message: str | None = None  # set when loading fell back to rules
        self._rules_key: tuple[tuple[str, str, str], ...] | None = None
        self._claim_filter: Language | None = None  # a trained model's claim classifier, if it has one

    # -- model -------------------------------------------------------------------
    def use(self, model: str | None) -> None:
        """Switch to another model (a package name, a folder, or None for the default);
        it loads on the next ``load`` or ``suggest``."""
        with self._lock:
            self._requested = model
            self._choice = None
            self._nlp = None
            self._message = None
            self._rules_key = None
            self._claim_filter = None

    def _resolved(self) -> ModelChoice:
        if self._choice is None:
            self._choice = resolve_model(self._requested)
        return self._choice

    def info(self) -> ModelInfo:
        choice = self._resolved()
        loaded = self._nlp is not None
        if self._message is not None:
            return ModelInfo(None, None, loaded, self._message)
        if choice.name is None:
            return ModelInfo(None, None, loaded, choice.message)
        state = "ready" if loaded else "not loaded yet"
        return ModelInfo(choice.name, choice.version, loaded, f"{choice.message} {state}")

    def load(self) -> ModelInfo:
        with self._lock:
            if self._nlp is None:
                choice = self._resolved()
                if choice.source is None:
                    self._nlp = rules_pipeline()
                else:
                    try:
                        self._nlp = load_model(choice)
                        self._claim_filter = _claim_filter_for(choice)
                    except Exception as exc:  # a broken install must not take the app down
                        reason = str(exc).splitlines()[0] if str(exc) else type(exc).__name__
                        self._message = (
                            f"Could not load spaCy model {choice.name} ({reason}); suggestions come from rules only"
                        )
                        self._nlp = rules_pipeline()
                self._rules_key = None
        return self.info()

    @property
    def _model_label(self) -> str:
        return self.info().label

    # -- tokens ------------------------------------------------------------------
    def tokens(self, text: str) -> list[Token]:
        return tokenize(text)

    # -- suggestions -------------------------------------------------------------
    def _pipeline(self, rules: Sequence[Rule]) -> Language:
        self.load()
        with self._lock:
            nlp = self._nlp
            assert nlp is not None
            key = rules_key(rules)
            if key != self._rules_key:
                set_rules(nlp, rules)
                self._rules_key = key
            return nlp

    def suggest(
        self,
        articles: Iterable[tuple[str, str]],
        rules: Sequence[Rule],
        *,
        batch_size: int = 16,
        progress: Progress | None = None,
    ) -> Iterator[Suggestions]:
        """Pre-annotate ``(article_id, text)`` pairs, one result per article, in order."""
        nlp = self._pipeline(rules)
        label = self._model_label
        total = len(articles) if isinstance(articles, Sequence) else 0
        if progress is not None:
            progress.step(0, total)
        limit = nlp.max_length
        # A text over spaCy's length limit would stop the whole run (and need ~1 GB per 100,000
        # characters to parse): it goes through as empty and comes back with no suggestions.
        pairs = ((text if len(text) <= limit else "", (article_id, len(text) > limit)) for article_id, text in articles)
        docs = nlp.pipe(pairs, as_tuples=True, batch_size=batch_size, n_process=self._processes)
        for done, (doc, (article_id, too_long)) in enumerate(docs, start=1):
            if too_long:
                result = Suggestions(article_id=article_id)
            else:
                result = _suggestions(doc, article_id, label, self._claim_filter)
            if progress is not None:
                progress.step(done, total)  # raises Cancelled once the user cancelled
            yield result


def _claim_filter_for(choice: ModelChoice) -> Language | None:
    """A trained model (``<version>/model``) may come with ``<version>/claims``: its claim filter."""
    if not choice.is_path or choice.source is None:
        return None
    folder = Path(choice.source).parent / CLAIM_FILTER
    return load_claim_filter(str(folder)) if (folder / "meta.json").is_file() else None


def _suggestions(doc: Doc, article_id: str, model_label: str, claim_filter: Language | None = None) -> Suggestions:
    now = utc_now()
    spans: list[Span] = []
    for ent in doc.ents:
        from_rule = bool(ent.ent_id_) and ent.ent_id_ != BUILTIN_ID
        from_builtin = ent.ent_id_ == BUILTIN_ID
        spans.append(
            Span(
                id=new_id("span"),
                article_id=article_id,
                start=ent.start_char,
                end=ent.end_char,
                label=ent.label_,
                origin=Origin.RULE if (from_rule or from_builtin) else Origin.MODEL,
                status=Review.SUGGESTED,
                model=model_label,
                updated=now,
            )
        )
    found = suggest_claims(doc, article_id, spans, model=model_label)
    if claim_filter is not None and found.claims:  # drop what analysts would reject, as they taught it
        kept = claims_kept(claim_filter, [doc.text[c.start : c.end] for c in found.claims])
        dropped = {c.id for c, keep in zip(found.claims, kept, strict=True) if not keep}
        found.claims = [c for c in found.claims if c.id not in dropped]
        found.links = [lk for lk in found.links if lk.head not in dropped]
    spans.extend(found.spans)
    spans.sort(key=lambda s: (s.start, s.end))
    return Suggestions(article_id=article_id, spans=spans, claims=found.claims, links=found.links)

"""Building spaCy pipelines for the engine: the model's, or a blank one for rules only."""

from __future__ import annotations

import importlib
from collections.abc import Sequence

import spacy
from spacy.language import Language
from spacy.pipeline import EntityRuler
from spacy.tokens import Doc

from desktop.domain.model import Rule

from .models import ModelChoice
from .patterns import builtin_patterns, rule_patterns
from .text import break_at_newlines, fix_opening_quotes

RULER = "newsdesk_ruler"
BUILTIN_RULER = "newsdesk_builtin_ruler"
NEWLINES = "newsdesk_newlines"
QUOTE_FIX = "newsdesk_quote_fix"
REOPEN = "newsdesk_reopen"


@Language.component(NEWLINES)
def _newlines(doc: Doc) -> Doc:
    """Line breaks end sentences (set before the parser, which respects them)."""
    return break_at_newlines(doc)


@Language.component(QUOTE_FIX)
def _quote_fix(doc: Doc) -> Doc:
    return break_at_newlines(fix_opening_quotes(doc))


@Language.component(REOPEN)
def _reopen(doc: Doc) -> Doc:
    """Between a trained model's ``analyst_ner`` and the base ``ner``: tokens outside the
    entities found so far become "not decided yet", so the base recogniser still labels them
    (it would treat them as "no entity" otherwise) and keeps what ``analyst_ner`` found."""
    doc.set_ents(list(doc.ents), default="missing")
    return doc


def load_model(choice: ModelChoice) -> Language:
    """Load the chosen model (slow). Raises whatever spaCy raises when it is broken."""
    assert choice.source is not None
    if choice.is_path:
        nlp = spacy.load(choice.source)
    else:
        module = importlib.import_module(choice.source)
        loader = getattr(module, "load", None)
        if loader is None:
            raise RuntimeError(f"{choice.source} is not a spaCy model package")
        nlp = loader()
    if not isinstance(nlp, Language):
        raise RuntimeError(f"{choice.source} did not give a spaCy pipeline")
    if "parser" in nlp.pipe_names:
        nlp.add_pipe(NEWLINES, before="parser")
    elif "senter" in nlp.pipe_names:
        nlp.add_pipe(NEWLINES, after="senter")
    else:
        nlp.add_pipe("sentencizer")
        nlp.add_pipe(QUOTE_FIX, after="sentencizer")
    ruler_config = {"overwrite_ents": True}
    first_ner = next((n for n in ("analyst_ner", "ner") if n in nlp.pipe_names), None)  # analyst_ner: a trained model
    if first_ner is not None:
        nlp.add_pipe("entity_ruler", name=RULER, before=first_ner, config=ruler_config)
    else:
        nlp.add_pipe("entity_ruler", name=RULER, config=ruler_config)
    nlp.disable_pipe(RULER)  # enabled by set_rules once there are rules
    return nlp


def rules_pipeline() -> Language:
    """Blank English with sentences, the built-in patterns and (later) the analysts' rules."""
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    nlp.add_pipe(QUOTE_FIX)
    # Analysts' rules first so they win over the built-in patterns (overwrite_ents is off there).
    nlp.add_pipe("entity_ruler", name=RULER, config={"overwrite_ents": True})
    nlp.disable_pipe(RULER)
    builtin = nlp.add_pipe("entity_ruler", name=BUILTIN_RULER)
    assert isinstance(builtin, EntityRuler)
    builtin.add_patterns(builtin_patterns())
    return nlp


def set_rules(nlp: Language, rules: Sequence[Rule]) -> None:
    """Replace the analysts' patterns in the pipeline's ruler."""
    ruler = nlp.get_pipe(RULER)
    assert isinstance(ruler, EntityRuler)
    ruler.clear()
    patterns = rule_patterns(rules)
    if patterns:
        ruler.add_patterns(patterns)
        if RULER in nlp.disabled:
            nlp.enable_pipe(RULER)
    elif RULER not in nlp.disabled:
        nlp.disable_pipe(RULER)  # an empty ruler only warns

"""Fine-tuning the entity recogniser with spaCy's own training API, and scoring models.

The trained pipeline is the base model with one more component, ``analyst_ner``: a copy
of the base model's ``ner`` (sourced, so it starts from the base weights) trained on the
labels the analysts work on, placed in front of the base ``ner``. The base ``ner`` and
every other component stay frozen, and spaCy's entity recogniser respects the entities
already set when it runs, so the base model's other labels are kept where the analysts'
labels do not claim the tokens (measured by :func:`evaluate`, see the training benchmark).

Training runs ``spacy.cli.train.train`` on a ``config.cfg`` written next to the model, in a
child process: progress comes back through a small logger registered with spaCy that
appends one JSON line per evaluation; cancelling ends the child.
"""

from __future__ import annotations

import json
import multiprocessing
import shutil
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any

import spacy
from spacy.language import Language
from spacy.tokens import Doc, DocBin
from spacy.training import Example

from .pipeline import REOPEN
from .text import blank_english

LEARNER = "analyst_ner"
BASE_NER = "ner"
PROGRESS_LOGGER = "newsdesk.progress_logger.v1"
TRAIN_FILE, DEV_FILE, CONFIG_FILE, PROGRESS_FILE = "train.spacy", "dev.spacy", "config.cfg", "progress.jsonl"
LOG_FILE = "train.log"

Offsets = Sequence[tuple[int, int, str]]


@dataclass(frozen=True, slots=True)
class GoldText:
    """One reviewed article: its text, the entities it has (accepted and analyst spans) and
    the stretches nobody reviewed (``unknown``: left as missing, not as "no entity")."""

    text: str
    entities: Offsets
    unknown: Sequence[tuple[int, int]] = ()


@dataclass(frozen=True, slots=True)
class Epoch:
    """One evaluation during training."""

    epoch: int
    step: int
    loss: float
    score: float  # F of the learned labels on the dev part, 0..1
    seconds: float


@dataclass(frozen=True, slots=True)
class LabelScore:
    label: str
    precision: float
    recall: float
    f: float
    support: int  # gold entities with this label


@dataclass(slots=True)
class Scores:
    """Per-label scores of one model on the held-out texts, plus the micro average."""

    labels: dict[str, LabelScore] = field(default_factory=dict)
    micro_f: float = 0.0

    def to_json(self) -> dict[str, Any]:
        return {"micro_f": round(self.micro_f, 4),
                "labels": {k: {"p": round(v.precision, 4), "r": round(v.recall, 4), "f": round(v.f, 4),
                               "support": v.support} for k, v in sorted(self.labels.items())}}  # fmt: skip


class TrainingFailed(RuntimeError):
    pass


# -- data -------------------------------------------------------------------------------------
def _doc(text: str, entities: Offsets, unknown: Sequence[tuple[int, int]], keep: set[str] | None) -> tuple[Doc, int]:
    doc = blank_english().make_doc(text)
    spans = []
    dropped = 0
    taken: set[int] = set()
    for start, end, label in sorted(entities):
        if keep is not None and label not in keep:
            continue
        span = doc.char_span(start, end, label=label, alignment_mode="expand")
        if span is None or len(span) == 0 or taken & set(range(span.start, span.end)):
            dropped += 1
            continue
        taken |= set(range(span.start, span.end))
        spans.append(span)
    missing = []
    for start, end in unknown:
        span = doc.char_span(start, end, alignment_mode="expand")
        if span is not None and not taken & set(range(span.start, span.end)):
            missing.append(span)
    doc.set_ents(spans, missing=missing, default="outside")
    return doc, dropped


def write_corpus(texts: Iterable[GoldText], path: Path, labels: Sequence[str] | None = None) -> tuple[int, int, int]:
    """Write gold texts as a DocBin; with ``labels`` only those labels are entities (the rest
    is "no entity"). Returns ``(docs, spans that could not be placed on tokens, tokens)``."""
    keep = set(labels) if labels is not None else None
    doc_bin = DocBin(attrs=["ENT_IOB", "ENT_TYPE"], store_user_data=False)
    n = dropped = tokens = 0
    for gold in texts:
        doc, lost = _doc(gold.text, gold.entities, gold.unknown, keep)
        doc_bin.add(doc)
        n += 1
        dropped += lost
        tokens += len(doc)
    path.write_bytes(doc_bin.to_bytes())
    return n, dropped, tokens


def model_labels(source: str) -> list[str]:
    """The entity labels a model predicts (loads only its ``ner``)."""
    nlp = _load(source, exclude=["tagger", "parser", "lemmatizer", "attribute_ruler", "senter"])
    return sorted({lab for name, pipe in nlp.pipeline if name in (BASE_NER, LEARNER)
                   for lab in getattr(pipe, "labels", ())})  # fmt: skip


def _load(source: str, **kwargs: Any) -> Language:
    return spacy.load(source, **kwargs)


# -- config -----------------------------------------------------------------------------------
def write_config(folder: Path, base: str, *, max_epochs: int = 10, patience: int = 3, seed: int = 0,
                 dropout: float = 0.2, batch_words: int = 1000, train_words: int = 0) -> Path:  # fmt: skip
    """Write ``config.cfg`` into ``folder`` (with ``train.spacy`` and ``dev.spacy`` there).

    Every base component is sourced from ``base`` and frozen; ``analyst_ner`` is sourced from
    the base ``ner`` and is the only one trained. With ``train_words`` it is scored on the dev
    part about once an epoch (that is the progress the caller sees); ``patience`` is in epochs.
    """
    per_epoch = max(1, round(train_words / 200)) if train_words else 100  # batches start at 100 words
    nlp = _load(base)
    base_cfg = nlp.config
    pipeline = [p for p in nlp.pipe_names if p not in (LEARNER, REOPEN)]  # on a trained model: retrain
    at = pipeline.index(BASE_NER) if BASE_NER in pipeline else len(pipeline)
    pipeline[at:at] = [LEARNER, REOPEN]
    frozen = [p for p in pipeline if p not in (LEARNER, REOPEN)]
    learner_source = LEARNER if LEARNER in nlp.pipe_names else BASE_NER
    components: dict[str, dict[str, Any]] = {name: {"source": base, "component": name} for name in frozen}
    # The learner starts as a copy of the base recogniser: sourced from a copy of the pipeline on
    # disk, because two components sourced from one pipeline would be one object sharing weights.
    copy = folder / "base-copy"
    nlp.to_disk(copy)
    components[LEARNER] = {"source": str(copy), "component": learner_source}
    components[REOPEN] = {"factory": REOPEN}
    config = {
        "paths": {"train": str(folder / TRAIN_FILE), "dev": str(folder / DEV_FILE), "vectors": None,
                  "init_tok2vec": None},
        "system": {"gpu_allocator": None, "seed": seed},
        "nlp": {"lang": base_cfg["nlp"]["lang"], "pipeline": pipeline, "batch_size": 256,
                "tokenizer": base_cfg["nlp"]["tokenizer"], "disabled": [],
                "before_creation": None, "after_creation": None, "after_pipeline_creation": None},
        "components": components,
        "corpora": {
            "train": {"@readers": "spacy.Corpus.v1", "path": "${paths.train}", "max_length": 0,
                      "gold_preproc": False, "limit": 0, "augmenter": None},
            "dev": {"@readers": "spacy.Corpus.v1", "path": "${paths.dev}", "max_length": 0,
                    "gold_preproc": False, "limit": 0, "augmenter": None},
        },
        "training": {
            "dev_corpus": "corpora.dev", "train_corpus": "corpora.train", "seed": "${system.seed}",
            "gpu_allocator": "${system.gpu_allocator}", "dropout": dropout, "accumulate_gradient": 1,
            "patience": patience * per_epoch, "max_epochs": max_epochs, "max_steps": 0,
            "eval_frequency": per_epoch,
            "frozen_components": frozen, "annotating_components": [], "before_to_disk": None,
            "before_update": None,
            "batcher": {"@batchers": "spacy.batch_by_words.v1", "discard_oversize": False, "tolerance": 0.2,
                        "size": {"@schedules": "compounding.v1", "start": 100, "stop": batch_words,
                                 "compound": 1.001, "t": 0.0}, "get_length": None},
            "logger": {"@loggers": PROGRESS_LOGGER, "path": str(folder / PROGRESS_FILE)},
            "optimizer": {"@optimizers": "Adam.v1", "beta1": 0.9, "beta2": 0.999, "L2_is_weight_decay": True,
                          "L2": 0.01, "grad_clip": 1.0, "use_averages": False, "eps": 1e-8, "learn_rate": 0.001},
            "score_weights": {"ents_f": 1.0, "ents_p": 0.0, "ents_r": 0.0, "ents_per_type": None},
        },
        "pretraining": {},
        "initialize": {"vectors": None, "init_tok2vec": None, "vocab_data": None, "lookups": None,
                       "before_init": None, "after_init": None, "components": {}, "tokenizer": {}},
    }  # fmt: skip
    from thinc.api import Config

    path = folder / CONFIG_FILE
    Config(config).to_disk(path)
    return path


# -- the progress logger spaCy's loop calls -------------------------------------------------------
@spacy.registry.loggers(PROGRESS_LOGGER)
def progress_logger(path: str) -> Callable[..., Any]:
    def setup(nlp: Language, stdout: IO[str] | None = None, stderr: IO[str] | None = None) -> tuple[Any, Any]:
        started = time.monotonic()
        out = open(path, "a", encoding="utf-8")  # noqa: SIM115 - closed by finalize

        def log_step(info: dict[str, Any] | None) -> None:
            if info is None:
                return
            loss = float(sum(info.get("losses", {}).values()))
            ents_f = (info.get("other_scores") or {}).get("ents_f")
            line = {"epoch": info.get("epoch", 0), "step": info.get("step", 0), "loss": loss,
                    # the entities' F on the dev part (spaCy's "score" also weighs in the frozen
                    # tagger and parser, which the dev part has no gold for)
                    "score": float(ents_f if ents_f is not None else info.get("score") or 0.0),
                    "seconds": round(time.monotonic() - started, 2)}
            out.write(json.dumps(line) + "\n")
            out.flush()

        def finalize() -> None:
            out.close()

        return log_step, finalize

    return setup


def _worker(config_path: str, output: str, log: str) -> None:
    import os

    # spaCy's own messages go to train.log next to the config, not to the caller's terminal.
    fd = os.open(log, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    os.dup2(fd, 1)
    os.dup2(fd, 2)
    from spacy.cli.train import train

    train(Path(config_path), Path(output), use_gpu=-1)


def run_training(config_path: Path, output: Path, on_epoch: Callable[[Epoch], None],
                 should_stop: Callable[[], bool], poll: float = 0.2) -> Path:  # fmt: skip
    """Train in a child process; ``on_epoch`` for each evaluation; returns the best model's folder.

    ``should_stop`` is polled; when it says so, the child ends and :class:`InterruptedError` is raised.
    """
    progress_file = config_path.parent / PROGRESS_FILE
    progress_file.write_text("", encoding="utf-8")
    ctx = multiprocessing.get_context("spawn")
    log = config_path.parent / LOG_FILE
    proc = ctx.Process(target=_worker, args=(str(config_path), str(output), str(log)), daemon=True)
    proc.start()
    seen = 0
    try:
        while True:
            alive = proc.is_alive()
            lines = progress_file.read_text(encoding="utf-8").splitlines()
            for raw in lines[seen:]:
                if raw.strip():
                    d = json.loads(raw)
                    on_epoch(Epoch(d["epoch"], d["step"], d["loss"], d["score"], d["seconds"]))
            seen = len(lines)
            if not alive:
                break
            if should_stop():
                raise InterruptedError("training cancelled")
            time.sleep(poll)
    finally:
        if proc.is_alive():
            proc.terminate()
            proc.join(5)
            if proc.is_alive():
                proc.kill()
        proc.join()
    if proc.exitcode != 0:
        tail = log.read_text(encoding="utf-8", errors="replace").strip().splitlines()[-1:] if log.exists() else []
        raise TrainingFailed(f"spaCy training stopped (exit code {proc.exitcode}): {' '.join(tail) or 'no message'}")
    best = output / "model-best"
    if not best.is_dir():
        raise TrainingFailed(f"spaCy training left no model in {output}")
    return best


def finish_model(best: Path, target: Path, *, name: str, version: str, description: str) -> None:
    """Move the trained pipeline to ``target`` with Newsdesk's name and version in its meta."""
    if target.exists():
        shutil.rmtree(target)
    shutil.copytree(best, target)
    meta_path = target / "meta.json"
    meta = json.loads(meta_path.read_text(encoding="utf-8"))
    meta.update({"name": name, "version": version, "description": description})
    meta_path.write_text(json.dumps(meta, indent=2), encoding="utf-8")


# -- evaluation -------------------------------------------------------------------------------------
def evaluate(source: str, texts: Sequence[GoldText], labels: Sequence[str] | None = None,
             batch_size: int = 32) -> Scores:  # fmt: skip
    """Precision, recall and F per label of model ``source`` on the gold texts (spaCy's scorer).

    With ``labels`` the gold and the predictions are restricted to those labels.
    """
    nlp = _load(source)
    keep = set(labels) if labels is not None else None
    references = [_doc(g.text, g.entities, g.unknown, keep)[0] for g in texts]
    examples = []
    for ref, predicted in zip(references, nlp.pipe([g.text for g in texts], batch_size=batch_size), strict=True):
        if keep is not None:
            predicted.ents = [e for e in predicted.ents if e.label_ in keep]
        examples.append(Example(predicted, ref))
    from spacy.scorer import Scorer

    result = Scorer.score_spans(examples, "ents")
    support: dict[str, int] = {}
    for ref in references:
        for ent in ref.ents:
            support[ent.label_] = support.get(ent.label_, 0) + 1
    per_type = result.get("ents_per_type") or {}
    scores = Scores(micro_f=float(result.get("ents_f") or 0.0))
    for label in sorted(set(per_type) | set(support)):
        s = per_type.get(label, {"p": 0.0, "r": 0.0, "f": 0.0})
        scores.labels[label] = LabelScore(label, float(s["p"]), float(s["r"]), float(s["f"]), support.get(label, 0))
    return scores


def load_for_timing(source: str) -> Language:  # pragma: no cover - used by the benchmark only
    return _load(source)


# -- claims: a text classifier that keeps or drops the rules' claim suggestions ------------------------
CLAIM_FILTER = "claims"  # folder next to a trained model's ``model/``
KEEP, DROP = "KEEP", "DROP"
KEEP_AT = 0.5


def write_claim_corpus(items: Iterable[tuple[str, bool]], path: Path) -> tuple[int, int]:
    """Claim texts with the analysts' verdict (True: accepted or made by an analyst, False:
    rejected) as a DocBin for spaCy's ``textcat``. Returns ``(docs, words)``."""
    doc_bin = DocBin(store_user_data=False)
    n = words = 0
    for text, kept in items:
        doc = blank_english().make_doc(text)
        doc.cats = {KEEP: 1.0 if kept else 0.0, DROP: 0.0 if kept else 1.0}
        doc_bin.add(doc)
        n += 1
        words += len(doc)
    path.write_bytes(doc_bin.to_bytes())
    return n, words


def write_claim_config(folder: Path, *, max_epochs: int = 10, patience: int = 3, seed: int = 0,
                       train_words: int = 0) -> Path:  # fmt: skip
    """``config.cfg`` for a bag-of-words ``textcat`` (exclusive KEEP / DROP) on blank English."""
    from thinc.api import Config

    per_epoch = max(1, round(train_words / 200)) if train_words else 100
    config = {
        "paths": {"train": str(folder / TRAIN_FILE), "dev": str(folder / DEV_FILE), "vectors": None,
                  "init_tok2vec": None},
        "system": {"gpu_allocator": None, "seed": seed},
        "nlp": {"lang": "en", "pipeline": ["textcat"], "batch_size": 256, "disabled": [],
                "tokenizer": {"@tokenizers": "spacy.Tokenizer.v1"},
                "before_creation": None, "after_creation": None, "after_pipeline_creation": None},
        "components": {"textcat": {"factory": "textcat", "threshold": KEEP_AT,
                                   "scorer": {"@scorers": "spacy.textcat_scorer.v2"},
                                   "model": {"@architectures": "spacy.TextCatBOW.v3", "exclusive_classes": True,
                                             "ngram_size": 2, "no_output_layer": False, "length": 262144,
                                             "nO": None}}},
        "corpora": {
            "train": {"@readers": "spacy.Corpus.v1", "path": "${paths.train}", "max_length": 0,
                      "gold_preproc": False, "limit": 0, "augmenter": None},
            "dev": {"@readers": "spacy.Corpus.v1", "path": "${paths.dev}", "max_length": 0,
                    "gold_preproc": False, "limit": 0, "augmenter": None},
        },
        "training": {
            "dev_corpus": "corpora.dev", "train_corpus": "corpora.train", "seed": "${system.seed}",
            "gpu_allocator": "${system.gpu_allocator}", "dropout": 0.1, "accumulate_gradient": 1,
            "patience": patience * per_epoch, "max_epochs": max_epochs, "max_steps": 0, "eval_frequency": per_epoch,
            "frozen_components": [], "annotating_components": [], "before_to_disk": None, "before_update": None,
            "batcher": {"@batchers": "spacy.batch_by_words.v1", "discard_oversize": False, "tolerance": 0.2,
                        "size": {"@schedules": "compounding.v1", "start": 100, "stop": 1000, "compound": 1.001,
                                 "t": 0.0}, "get_length": None},
            "logger": {"@loggers": PROGRESS_LOGGER, "path": str(folder / PROGRESS_FILE)},
            "optimizer": {"@optimizers": "Adam.v1", "beta1": 0.9, "beta2": 0.999, "L2_is_weight_decay": True,
                          "L2": 0.01, "grad_clip": 1.0, "use_averages": False, "eps": 1e-8, "learn_rate": 0.001},
            "score_weights": {"cats_score": 1.0},
        },
        "pretraining": {},
        "initialize": {"vectors": None, "init_tok2vec": None, "vocab_data": None, "lookups": None,
                       "before_init": None, "after_init": None, "components": {}, "tokenizer": {}},
    }  # fmt: skip
    path = folder / CONFIG_FILE
    Config(config).to_disk(path)
    return path


def load_claim_filter(folder: str) -> Language:
    return _load(folder)


def claims_kept(classifier: Language, texts: Sequence[str]) -> list[bool]:
    """Which claim texts the classifier keeps (P(KEEP) at least one half)."""
    return [doc.cats.get(KEEP, 0.0) >= KEEP_AT for doc in classifier.pipe(texts, batch_size=64)]


def prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    p = tp / (tp + fp) if tp + fp else 0.0
    r = tp / (tp + fn) if tp + fn else 0.0
    return p, r, (2 * p * r / (p + r) if p + r else 0.0)

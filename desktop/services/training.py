"""Learning from the analysts: train a model from the reviewed articles, score it next to
its base model, keep every version, and choose which one pre-annotates.

Models live in ``<user data>/models/<version>/`` with ``model/`` (the spaCy pipeline),
``config.cfg`` (what spaCy trained it with) and ``newsdesk.json`` (base, labels, training
data summary, scores). ``active.json`` in the models folder names the one in use.
"""

from __future__ import annotations

import hashlib
import io
import json
import shutil
import tarfile
import tempfile
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from desktop.domain.errors import NewsdeskError
from desktop.domain.model import ArticleStatus, Document, Origin, Review, utc_now
from desktop.domain.ports import Progress, SharedModel, Store

if TYPE_CHECKING:
    from desktop.nlp.training import GoldText

class TrainingRefused(NewsdeskError):
    """Training cannot start (no reviewed articles, unknown label, bad split, no such model)."""


BASE = "base"  # the choice "no trained model": the installed spaCy model
TEAM_KEY = "team_model"  # database setting: the shared version every analyst pre-annotates with
TEAM_FOLDER = "team"  # under the models folder: the shared models fetched from the database
ACTIVE_FILE = "active.json"
META_FILE = "newsdesk.json"


@dataclass(slots=True)
class DataSummary:
    """What the training data was made of (kept with the model)."""

    reviewed: int = 0
    unreviewed_left_out: int = 0
    train_articles: int = 0
    heldout_articles: int = 0
    positives: dict[str, int] = field(default_factory=dict)  # accepted + analyst spans per label
    rejected: dict[str, int] = field(default_factory=dict)  # rejected suggestions per label
    unknown: int = 0  # suggestions nobody reviewed in a done article: left as missing
    misplaced: int = 0  # spans that do not fall on token boundaries (widened or dropped)

    def to_json(self) -> dict[str, Any]:
        return {"reviewed": self.reviewed, "unreviewed_left_out": self.unreviewed_left_out,
                "train_articles": self.train_articles, "heldout_articles": self.heldout_articles,
                "positives": dict(sorted(self.positives.items())), "rejected": dict(sorted(self.rejected.items())),
                "unknown": self.unknown, "misplaced": self.misplaced}  # fmt: skip


@dataclass(frozen=True, slots=True)
class Row:
    """One line of the evaluation table."""

    label: str
    learned: bool  # trained by this run (else left to the base model)
    support: int
    base: tuple[float, float, float]  # precision, recall, F (0..1)
    new: tuple[float, float, float]

    @property
    def delta_f(self) -> float:
        return self.new[2] - self.base[2]


@dataclass(slots=True)
class Evaluation:
    rows: list[Row]
    base_model: str
    new_model: str
    heldout: int

    def learned_f(self, which: str) -> float:
        return _micro(self.rows, True, which)

    def others_f(self, which: str) -> float:
        return _micro(self.rows, False, which)

    def table(self) -> str:
        head = f"{'label':<14} {'n':>5}  {'base P':>6} {'R':>6} {'F':>6}   {'new P':>6} {'R':>6} {'F':>6}  {'dF':>6}"
        lines = [f"held-out articles: {self.heldout}; base {self.base_model}; new {self.new_model}", head]
        for r in self.rows:
            mark = "*" if r.learned else " "
            lines.append(f"{r.label + mark:<14} {r.support:>5}  " + " ".join(f"{100 * v:6.1f}" for v in r.base)
                         + "   " + " ".join(f"{100 * v:6.1f}" for v in r.new) + f"  {100 * r.delta_f:+6.1f}")
        lines.append(f"learned labels (*) F: base {100 * self.learned_f('base'):.1f} -> new "
                     f"{100 * self.learned_f('new'):.1f};  other labels F: base {100 * self.others_f('base'):.1f} -> "
                     f"new {100 * self.others_f('new'):.1f}")  # fmt: skip
        return "\n".join(lines)

    def to_json(self) -> dict[str, Any]:
        def prf(v: tuple[float, float, float]) -> dict[str, float]:
            return {"p": round(v[0], 4), "r": round(v[1], 4), "f": round(v[2], 4)}

        return {"base_model": self.base_model, "new_model": self.new_model, "heldout": self.heldout,
                "labels": [{"label": r.label, "learned": r.learned, "support": r.support, "base": prf(r.base),
                            "new": prf(r.new)} for r in self.rows],
                "learned_f": {"base": round(self.learned_f("base"), 4), "new": round(self.learned_f("new"), 4)},
                "others_f": {"base": round(self.others_f("base"), 4),
                             "new": round(self.others_f("new"), 4)}}  # fmt: skip


def _micro(rows: Sequence[Row], learned: bool, which: str) -> float:
    """Support-weighted F over the learned (or the other) labels."""
    picked = [r for r in rows if r.learned == learned and r.support]
    total = sum(r.support for r in picked)
    if not total:
        return 0.0
    return sum((r.base if which == "base" else r.new)[2] * r.support for r in picked) / total


@dataclass(slots=True)
class ModelVersion:
    version: str  # "nd-0003"
    name: str  # the label suggestions carry, e.g. "en_newsdesk_3 3.8.0.3"
    path: Path  # the spaCy pipeline folder
    created: str
    base: str
    labels: list[str]
    data: dict[str, Any]
    evaluation: dict[str, Any]
    claims: dict[str, Any] = field(default_factory=dict)  # the claim filter's outcome and scores


@dataclass(slots=True)
class TrainReport:
    model: ModelVersion
    evaluation: Evaluation
    summary: DataSummary
    epochs: list[dict[str, float]]
    claims: dict[str, Any] = field(default_factory=dict)  # the claim filter: trained, used, rows

    def claims_table(self) -> str:
        return claims_table(self.claims)


@dataclass(frozen=True, slots=True)
class ClaimItem:
    text: str
    kept: bool  # accepted or made by an analyst
    kind: str
    suggested: bool  # a rule suggestion (not the analyst's own)


MIN_CLAIMS = 20


def claims_table(claims: dict[str, Any]) -> str:
    """The claim filter's scores next to the rules alone, as printed by ``newsdesk train``."""
    if not claims.get("trained"):
        return f"claim filter: not trained ({claims.get('reason', 'no claims')}); claims come from the rules"
    lines = [f"claim filter: {claims['train']} reviewed claims to train on, {claims['heldout']} held out",
             f"{'kind':<12} {'n':>5}  {'rules P':>7} {'R':>6} {'F':>6}   {'+filter P':>9} {'R':>6} {'F':>6}"]
    for row in claims["rows"]:
        r, f = row["rules"], row["filtered"]
        lines.append(f"{row['kind']:<12} {row['support']:>5}  {100 * r['p']:7.1f} {100 * r['r']:6.1f} "
                     f"{100 * r['f']:6.1f}   {100 * f['p']:9.1f} {100 * f['r']:6.1f} {100 * f['f']:6.1f}")
    lines.append("the filter beats the rules alone: it drops suggestions it expects analysts to reject"
                 if claims["used"] else "the filter does not beat the rules alone: not used")  # fmt: skip
    return "\n".join(lines)


class ModelShelf:
    """The versioned models in one folder, and which one pre-annotates."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder

    def versions(self) -> list[ModelVersion]:
        out: list[ModelVersion] = []
        if not self.folder.is_dir():
            return out
        for meta_file in sorted(self.folder.glob(f"nd-*/{META_FILE}")):
            try:
                meta = json.loads(meta_file.read_text(encoding="utf-8"))
            except (OSError, ValueError):
                continue  # a half-written or damaged version is not offered
            out.append(ModelVersion(version=meta["version"], name=meta["name"], path=meta_file.parent / "model",
                                    created=meta.get("created", ""), base=meta.get("base", ""),
                                    labels=list(meta.get("labels", [])), data=meta.get("data", {}),
                                    evaluation=meta.get("evaluation", {}), claims=meta.get("claims", {})))  # fmt: skip
        return out

    def get(self, version: str) -> ModelVersion:
        for v in self.versions():
            if v.version == version:
                return v
        raise TrainingRefused(f"no trained model {version!r} (see `newsdesk models`)")

    def active(self) -> str:
        try:
            data = json.loads((self.folder / ACTIVE_FILE).read_text(encoding="utf-8"))
            return str(data.get("version") or BASE)
        except (OSError, ValueError):
            return BASE

    def active_source(self) -> str | None:
        """The model folder pre-annotation should use, or None for the installed model."""
        chosen = self.active()
        if chosen == BASE:
            return None
        for v in self.versions():
            if v.version == chosen and v.path.is_dir():
                return str(v.path)
        return None  # the chosen version was deleted: back to the installed model

    def choose(self, version: str) -> None:
        if version != BASE:
            self.get(version)
        self.folder.mkdir(parents=True, exist_ok=True)
        tmp = self.folder / (ACTIVE_FILE + ".tmp")
        tmp.write_text(json.dumps({"version": version}), encoding="utf-8")
        tmp.replace(self.folder / ACTIVE_FILE)

    def next_version(self) -> tuple[str, int]:
        numbers = [int(v.version.split("-")[1]) for v in self.versions() if v.version.split("-")[1].isdigit()]
        n = max(numbers, default=0) + 1
        return f"nd-{n:04d}", n


def _heldout(article_id: str) -> float:
    """A stable position in [0, 1) for each article: the split does not move between runs."""
    return int(hashlib.sha256(article_id.encode("utf-8")).hexdigest()[:8], 16) / 0x100000000


def gold_of(doc: Document, summary: DataSummary) -> tuple[list[tuple[int, int, str]], list[tuple[int, int]]]:
    entities: list[tuple[int, int, str]] = []
    unknown: list[tuple[int, int]] = []
    for s in doc.spans:
        if s.status == Review.ACCEPTED or s.origin == Origin.ANALYST and s.status != Review.REJECTED:
            entities.append((s.start, s.end, s.label))
            summary.positives[s.label] = summary.positives.get(s.label, 0) + 1
        elif s.status == Review.REJECTED:
            summary.rejected[s.label] = summary.rejected.get(s.label, 0) + 1
        else:
            unknown.append((s.start, s.end))
            summary.unknown += 1
    return entities, unknown


def _worked_on(doc: Document) -> set[str]:
    """Labels the analysts worked on in one article: those they made spans of, and those whose
    suggestions they rejected outright (not replaced by a span of their own over the same text)."""
    kept = [s for s in doc.spans if s.status != Review.REJECTED]
    labels = {s.label for s in kept if s.origin == Origin.ANALYST}
    for s in doc.spans:
        if s.status == Review.REJECTED and not any(k.start < s.end and s.start < k.end for k in kept):
            labels.add(s.label)
    return labels


class Trainer:
    """The use case behind Tools > Train model and ``newsdesk train``."""

    def __init__(self, store: Store, shelf: ModelShelf, base_model: Callable[[], str | None],
                 use_model: Callable[[str | None], None] | None = None) -> None:  # fmt: skip
        self._store = store
        self.shelf = shelf
        self._base_model = base_model  # the installed model's import name or folder
        self._use_model = use_model  # tells the engine to switch

    # -- models --------------------------------------------------------------------------
    def versions(self) -> list[ModelVersion]:
        return self.shelf.versions()

    def active(self) -> str:
        return self.shelf.active()

    def choose(self, version: str) -> str | None:
        """Pre-annotate with ``version`` (or "base") from now on; returns the model folder."""
        self.shelf.choose(version)
        source = self.shelf.active_source()
        if self._use_model is not None:
            self._use_model(source)
        return source

    # -- data ----------------------------------------------------------------------------
    def collect(self, eval_split: float) -> tuple[list[GoldText], list[GoldText], DataSummary, set[str]]:
        from desktop.nlp.training import GoldText

        if not 0.0 < eval_split < 1.0:
            raise TrainingRefused(f"--eval-split must be between 0 and 1, not {eval_split}")
        summary = DataSummary()
        train: list[GoldText] = []
        heldout: list[GoldText] = []
        touched: set[str] = set()
        for doc in self._store.iter_documents():
            if doc.article.status != ArticleStatus.DONE:
                summary.unreviewed_left_out += 1
                continue
            summary.reviewed += 1
            entities, unknown = gold_of(doc, summary)
            touched |= _worked_on(doc)
            gold = GoldText(doc.text, entities, unknown)
            (heldout if _heldout(doc.id) < eval_split else train).append(gold)
        summary.train_articles, summary.heldout_articles = len(train), len(heldout)
        return train, heldout, summary, touched

    def collect_claims(self, eval_split: float) -> tuple[list[ClaimItem], list[ClaimItem]]:
        """Claims of the done articles with the analysts' verdict: suggestions they accepted
        (True) or rejected (False), and their own claims (True); unreviewed suggestions are left out."""
        train: list[ClaimItem] = []
        heldout: list[ClaimItem] = []
        for doc in self._store.iter_documents():
            if doc.article.status != ArticleStatus.DONE:
                continue
            side = heldout if _heldout(doc.id) < eval_split else train
            for c in doc.claims:
                if c.status == Review.SUGGESTED:
                    continue
                side.append(ClaimItem(doc.text[c.start:c.end], c.status == Review.ACCEPTED, str(c.kind),
                                      c.origin != Origin.ANALYST))  # fmt: skip
        return train, heldout

    def _train_claims(self, work: Path, eval_split: float, max_epochs: int, patience: int,
                      progress: Progress) -> dict[str, Any]:  # fmt: skip
        """Train the claim filter into ``work/claims`` if there is enough evidence; keep it only
        where it beats the rules alone on the held-out claim suggestions. Returns what happened."""
        from desktop.nlp import training as nlp_training

        train, heldout = self.collect_claims(eval_split)
        verdicts = {kept for item in train for kept in [item.kept]}
        if len(train) < MIN_CLAIMS or verdicts != {True, False} or not any(i.suggested for i in heldout):
            return {"trained": False, "used": False, "train": len(train), "heldout": len(heldout),
                    "reason": f"needs at least {MIN_CLAIMS} reviewed claims, some accepted and some rejected, "
                              "and rule suggestions among the held-out ones"}  # fmt: skip
        folder = work / "claims-work"
        folder.mkdir()
        _, words = nlp_training.write_claim_corpus([(i.text, i.kept) for i in train], folder / nlp_training.TRAIN_FILE)
        nlp_training.write_claim_corpus([(i.text, i.kept) for i in heldout], folder / nlp_training.DEV_FILE)
        config = nlp_training.write_claim_config(folder, max_epochs=max_epochs, patience=patience, train_words=words)
        progress.step(max_epochs, max_epochs, "Training the claim filter")
        best = nlp_training.run_training(config, folder / "output", lambda _e: None, lambda: progress.cancelled)
        classifier = nlp_training.load_claim_filter(str(best))
        suggested = [i for i in heldout if i.suggested]  # the filter only ever sees rule suggestions
        kept = nlp_training.claims_kept(classifier, [i.text for i in suggested])
        rows: list[dict[str, Any]] = []
        for kind in sorted({i.kind for i in suggested}) + ["all"]:
            pairs = [(i, k) for i, k in zip(suggested, kept, strict=True) if kind in ("all", i.kind)]
            pos = sum(1 for i, _ in pairs if i.kept)
            rules = nlp_training.prf(pos, len(pairs) - pos, 0)
            tp = sum(1 for i, k in pairs if k and i.kept)
            fp = sum(1 for i, k in pairs if k and not i.kept)
            fn = sum(1 for i, k in pairs if not k and i.kept)
            rows.append({"kind": kind, "support": len(pairs), "accepted": pos,
                         "rules": dict(zip("prf", (round(v, 4) for v in rules), strict=True)),
                         "filtered": dict(zip("prf", (round(v, 4) for v in nlp_training.prf(tp, fp, fn)),
                                              strict=True))})  # fmt: skip
        overall = rows[-1]
        used = overall["filtered"]["f"] > overall["rules"]["f"]
        if used:
            shutil.copytree(best, work / nlp_training.CLAIM_FILTER)
            shutil.copy(config, work / nlp_training.CLAIM_FILTER / "training-config.cfg")
        shutil.rmtree(folder, ignore_errors=True)
        return {"trained": True, "used": used, "train": len(train), "heldout": len(heldout), "rows": rows}

    # -- training ------------------------------------------------------------------------
    def train(self, *, base: str | None = None, labels: Sequence[str] | None = None, eval_split: float = 0.2,
              max_epochs: int = 10, patience: int = 3, progress: Progress | None = None,
              on_epoch: Callable[[dict[str, float]], None] | None = None) -> TrainReport:  # fmt: skip
        """Train, evaluate next to the base model on the held-out part, and store a new version.

        The new version is stored but not chosen: :meth:`choose` makes it pre-annotate.
        """
        from desktop.nlp import training as nlp_training

        progress = progress or Progress()
        base_source = base or self._base_model()
        if base_source is None:
            raise TrainingRefused("no spaCy model is installed to start from (en_core_web_sm)")
        progress.step(0, max_epochs, "Reading the reviewed articles")
        train, heldout, summary, touched = self.collect(eval_split)
        if len(train) < 1 or len(heldout) < 1:
            raise TrainingRefused(f"training needs reviewed (done) articles on both sides of the split: "
                             f"{len(train)} to train on, {len(heldout)} held out; mark more articles done")  # fmt: skip
        base_labels = set(nlp_training.model_labels(base_source))
        if labels:
            learned = sorted(set(labels))
            unknown_labels = [lab for lab in learned if lab not in summary.positives]
            if unknown_labels:
                raise TrainingRefused(f"no reviewed article has the label {', '.join(unknown_labels)}")
        else:  # the labels the analysts worked on: new ones, and those they added or rejected
            learned = sorted((touched | (set(summary.positives) - base_labels)) & set(summary.positives))
        if not learned:
            raise TrainingRefused("the analysts neither added nor corrected any label: nothing to learn")
        self.shelf.folder.mkdir(parents=True, exist_ok=True)
        version, number = self.shelf.next_version()
        final = self.shelf.folder / version
        work = Path(tempfile.mkdtemp(prefix=f".{version}-", dir=self.shelf.folder))
        epochs: list[dict[str, float]] = []
        try:
            _, lost, words = nlp_training.write_corpus(train, work / nlp_training.TRAIN_FILE, learned)
            # dev: every label, so the score spaCy keeps the best model by is the whole pipeline's
            nlp_training.write_corpus(heldout, work / nlp_training.DEV_FILE)
            summary.misplaced = lost
            config = nlp_training.write_config(work, base_source, max_epochs=max_epochs, patience=patience,
                                               train_words=words)  # fmt: skip

            def epoch(e: nlp_training.Epoch) -> None:
                row = {"epoch": e.epoch, "step": e.step, "loss": e.loss, "score": e.score, "seconds": e.seconds}
                epochs.append(row)
                if on_epoch is not None:
                    on_epoch(row)
                progress.step(min(e.epoch, max_epochs), max_epochs,
                              f"epoch {e.epoch}  loss {e.loss:.1f}  F {100 * e.score:.1f}")  # fmt: skip

            best = nlp_training.run_training(config, work / "output", epoch, lambda: progress.cancelled)
            progress.step(max_epochs, max_epochs, "Scoring the new model next to the base model")
            name_version = f"{base_source.rsplit('/', 1)[-1]}+{version}"
            # a short random tag: two analysts' nd-0001 are different models with different names
            tag = uuid.uuid4().hex[:6]
            nlp_training.finish_model(best, work / "model", name=f"newsdesk_{number}_{tag}", version=f"{number}.0.0",
                                      description=f"Newsdesk {version}, trained from {name_version}")  # fmt: skip
            evaluation = self._evaluate(base_source, str(work / "model"), heldout, learned)
            claims = self._train_claims(work, eval_split, max_epochs, patience, progress)
            progress.step(max_epochs, max_epochs, "Scored")
            created = utc_now()
            meta: dict[str, Any] = {"version": version, "name": f"en_newsdesk_{number}_{tag} {number}.0.0",
                    "created": created,
                    "base": base_source, "labels": learned, "data": summary.to_json(), "epochs": epochs,
                    "evaluation": evaluation.to_json(), "claims": claims}  # fmt: skip
            evaluation.new_model = str(meta["name"])
            (work / META_FILE).write_text(json.dumps(meta, indent=2), encoding="utf-8")
            shutil.rmtree(work / "output", ignore_errors=True)
            shutil.rmtree(work / "base-copy", ignore_errors=True)
            work.rename(final)
        except InterruptedError:
            from desktop.domain.ports import Cancelled

            shutil.rmtree(work, ignore_errors=True)
            raise Cancelled() from None
        except BaseException:
            shutil.rmtree(work, ignore_errors=True)
            raise
        model = self.shelf.get(version)
        return TrainReport(model=model, evaluation=evaluation, summary=summary, epochs=epochs, claims=claims)

    def _evaluate(self, base: str, new: str, heldout: Sequence[Any], learned: Sequence[str]) -> Evaluation:
        from desktop.nlp.training import evaluate

        before = evaluate(base, heldout)
        after = evaluate(new, heldout)
        rows = []
        for label in sorted(set(before.labels) | set(after.labels)):
            b, a = before.labels.get(label), after.labels.get(label)
            support = (a or b).support if (a or b) else 0  # type: ignore[union-attr]
            zero = (0.0, 0.0, 0.0)
            rows.append(Row(label=label, learned=label in learned, support=support,
                            base=(b.precision, b.recall, b.f) if b else zero,
                            new=(a.precision, a.recall, a.f) if a else zero))  # fmt: skip
        rows.sort(key=lambda r: (not r.learned, -r.support, r.label))
        return Evaluation(rows=rows, base_model=base, new_model=new, heldout=len(heldout))

    def evaluation_of(self, version: str) -> dict[str, Any]:
        return self.shelf.get(version).evaluation

    # -- the team server -------------------------------------------------------------------
    def share(self, version: str, shared_by: str | None = None) -> SharedModel:
        """Store ``version`` in the database and make it the team's model: every analyst's
        pre-annotation uses it from their next start (or their next Use in the Train dialog)."""
        model = self.shelf.get(version)
        buffer = io.BytesIO()
        with tarfile.open(fileobj=buffer, mode="w:gz") as tar:
            tar.add(model.path.parent, arcname=version, filter=_no_work_files)
        meta = json.loads((model.path.parent / META_FILE).read_text(encoding="utf-8"))
        shared = SharedModel(version=version, name=model.name, created=model.created, shared_by=shared_by, meta=meta)
        self._store.share_model(shared, buffer.getvalue())
        self._store.set_setting(TEAM_KEY, version)
        return shared

    def stop_sharing(self) -> None:
        self._store.set_setting(TEAM_KEY, None)

    def team_model(self) -> SharedModel | None:
        version = self._store.get_setting(TEAM_KEY)
        if not version:
            return None
        return next((m for m in self._store.shared_models() if m.version == version), None)

    def team_source(self) -> str | None:
        """The team's model folder, fetched from the database once and cached; None when none is shared."""
        shared = self.team_model()
        if shared is None:
            return None
        cache = self.shelf.folder / TEAM_FOLDER / shared.name.replace(" ", "_")
        if not (cache / "model" / "meta.json").is_file():
            archive = self._store.shared_model_archive(shared.version)
            if archive is None:
                return None
            cache.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=".fetch-", dir=cache.parent))
            try:
                with tarfile.open(fileobj=io.BytesIO(archive), mode="r:gz") as tar:
                    tar.extractall(work, filter="data")  # no absolute paths, links out or devices
                if cache.exists():
                    shutil.rmtree(cache)
                (work / shared.version).rename(cache)
            finally:
                shutil.rmtree(work, ignore_errors=True)
        return str(cache / "model")

    def preferred_source(self) -> str | None:
        """What pre-annotates: the team's shared model, else the one chosen here, else None (installed)."""
        return self.team_source() or self.shelf.active_source()

    def apply_preferred(self) -> str | None:
        source = self.preferred_source()
        if self._use_model is not None:
            self._use_model(source)
        return source


def _no_work_files(info: tarfile.TarInfo) -> tarfile.TarInfo | None:
    return None if info.name.endswith((".tmp", "/output", "/base-copy")) else info

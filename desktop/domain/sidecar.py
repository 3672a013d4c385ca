"""The ``<name>.meta.json`` sidecar of a .txt/.md article: its keys, defined once (importer, CLI help, README).

Known keys become the article's metadata; ``date`` is read as ``published``; the object under ``extra`` is
kept as extra metadata (exported under ``meta``). Any other key is kept as extra metadata too, with a
warning, so a typo (``"publised"``) does not go unnoticed.
"""

from __future__ import annotations

from collections.abc import Mapping

SIDECAR_KEYS: tuple[str, ...] = ("title", "source", "published", "url", "language", "extra")
SIDECAR_ALIASES: Mapping[str, str] = {"date": "published"}


def normalise_sidecar(raw: Mapping[str, object]) -> tuple[dict[str, object], list[str]]:
    """The sidecar as metadata keys (aliases resolved, ``extra`` flattened) and one warning per oddity."""
    out: dict[str, object] = {}
    notes: list[str] = []
    for key, value in raw.items():
        if key in SIDECAR_ALIASES:
            target = SIDECAR_ALIASES[key]
            if target in raw:
                notes.append(f"'{key}' kept as extra metadata: '{target}' is given too")
                out[key] = value
                continue
            out[target] = value
        elif key == "extra":
            if isinstance(value, Mapping):
                for k, v in value.items():
                    out.setdefault(str(k), v)
            else:
                notes.append("'extra' is not an object: kept as the extra key 'extra'")
                out["extra"] = value
        elif key in SIDECAR_KEYS:
            out[key] = value
        else:
            notes.append(f"unknown key '{key}' kept as extra metadata (known: {', '.join(SIDECAR_KEYS)}; "
                         f"put your own keys under 'extra')")  # fmt: skip
            out[key] = value
    return out, notes

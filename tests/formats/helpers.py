"""Small helpers shared by the format tests."""

from __future__ import annotations

import json
from functools import cache
from pathlib import Path
from typing import Any

import jsonschema

ROOT = Path(__file__).resolve().parents[2]
SCHEMA_PATH = ROOT / "resources" / "schema" / "newsdesk-1.schema.json"


@cache
def validator() -> jsonschema.Draft202012Validator:
    schema = json.loads(SCHEMA_PATH.read_text(encoding="utf-8"))
    jsonschema.Draft202012Validator.check_schema(schema)
    return jsonschema.Draft202012Validator(schema)


def validate_native_file(path: Path) -> list[dict[str, Any]]:
    """Every line of a native export validated against the JSON Schema; returns the records."""
    records = []
    for line in path.read_text(encoding="utf-8").split("\n")[:-1]:
        rec = json.loads(line)
        validator().validate(rec)
        for kind in ("spans", "claims"):
            for s in rec[kind]:
                assert rec["text"][s["start"] : s["end"]] == s["text"]
        records.append(rec)
    return records

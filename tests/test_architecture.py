"""The layering rules, enforced: a forbidden import fails this test.

The contracts live in pyproject.toml ([tool.importlinter]); this runs import-linter on
them and, independently, scans the source for the rules that matter most, so a broken
linter install cannot make the check pass silently.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
PKG = ROOT / "desktop"

FORBIDDEN = {
    "domain": ("PySide6", "sqlalchemy", "alembic", "spacy", "desktop.db", "desktop.nlp", "desktop.formats",
               "desktop.services", "desktop.ui", "desktop.cli", "desktop.app"),
    "ui": ("sqlalchemy", "alembic", "spacy", "desktop.db", "desktop.nlp", "desktop.formats", "desktop.app"),
    "services": ("PySide6", "sqlalchemy", "alembic", "desktop.db", "desktop.ui", "desktop.app"),
    "db": ("PySide6", "spacy", "desktop.nlp", "desktop.formats", "desktop.services", "desktop.ui"),
    "nlp": ("PySide6", "sqlalchemy", "desktop.db", "desktop.formats", "desktop.services", "desktop.ui"),
    "formats": ("PySide6", "sqlalchemy", "desktop.db", "desktop.services", "desktop.ui"),
}  # fmt: skip


def imports_of(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: set[str] = set()
    package = ".".join(path.relative_to(ROOT).with_suffix("").parts[:-1])
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = package.split(".")[: len(package.split(".")) - node.level + 1]
                found.add(".".join([*base, node.module] if node.module else base))
            elif node.module:
                found.add(node.module)
    return found


@pytest.mark.parametrize("layer", sorted(FORBIDDEN))
def test_layer_imports_only_what_it_may(layer: str) -> None:
    bad = []
    for path in sorted((PKG / layer).rglob("*.py")):
        for name in imports_of(path):
            if any(name == f or name.startswith(f + ".") for f in FORBIDDEN[layer]):
                bad.append(f"{path.relative_to(ROOT)} imports {name}")
    assert not bad, "layering violated:\n" + "\n".join(bad)


def test_the_scanner_sees_a_violation(tmp_path: Path) -> None:
    """The check above can fail: a domain file importing Qt is caught."""
    fake = PKG / "domain" / "_probe_violation.py"
    fake.write_text("from PySide6 import QtCore\n", encoding="utf-8")
    try:
        assert "PySide6" in imports_of(fake)
    finally:
        fake.unlink()


def test_import_linter_contracts_hold() -> None:
    exe = Path(sys.executable).parent / "lint-imports"
    result = subprocess.run([str(exe), "--config", str(ROOT / "pyproject.toml")], cwd=ROOT,
                            capture_output=True, text=True, timeout=300)  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert " 0 broken" in result.stdout, result.stdout

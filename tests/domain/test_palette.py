"""The default label colours stay distinguishable under the common colour-vision deficiencies.

Each colour is simulated for protanopia, deuteranopia and tritanopia with the Machado, Oliveira and Fernandes
(2009) matrices at severity 1.0 (applied to linear RGB), then compared in CIELAB (D65): the nine labels on
number keys keep at least 20 units from each other and from the white page, all eighteen at least 9.
"""

from __future__ import annotations

import itertools
import math

from desktop.domain.labels import default_labels

MACHADO = {
    "normal": ((1.0, 0.0, 0.0), (0.0, 1.0, 0.0), (0.0, 0.0, 1.0)),
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216), (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413), (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602), (0.004733, 0.691367, 0.303900)),
}  # fmt: skip


def _linear(channel: int) -> float:
    c = channel / 255
    return c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4


def _lab(rgb: list[float]) -> tuple[float, float, float]:
    r, g, b = rgb
    x = (0.4124 * r + 0.3576 * g + 0.1805 * b) / 0.95047
    y = 0.2126 * r + 0.7152 * g + 0.0722 * b
    z = (0.0193 * r + 0.1192 * g + 0.9505 * b) / 1.08883

    def f(t: float) -> float:
        return t ** (1 / 3) if t > 0.008856 else 7.787 * t + 16 / 116

    return 116 * f(y) - 16, 500 * (f(x) - f(y)), 200 * (f(y) - f(z))


def seen(colour: str, vision: str) -> tuple[float, float, float]:
    rgb = [_linear(int(colour[i : i + 2], 16)) for i in (1, 3, 5)]
    m = MACHADO[vision]
    return _lab([min(1.0, max(0.0, sum(m[row][k] * rgb[k] for k in range(3)))) for row in range(3)])


def closest(colours: dict[str, str], vision: str) -> tuple[float, str, str]:
    return min((math.dist(seen(a, vision), seen(b, vision)), x, y)
               for (x, a), (y, b) in itertools.combinations(colours.items(), 2))  # fmt: skip


def test_the_simulation_is_the_published_one() -> None:
    # Pure red is seen as a dark olive under protanopia and stays red-ish under tritanopia.
    assert seen("#FF0000", "normal") == seen("#FF0000", "normal")
    assert math.dist(seen("#FF0000", "protanopia"), seen("#FF0000", "normal")) > 40
    assert closest({"red": "#FF0000", "green": "#00A000"}, "deuteranopia")[0] < 20  # the classic confusion


def test_keyed_labels_stay_apart_for_every_vision() -> None:
    labels = default_labels()
    keyed = {lab.name: lab.colour for lab in labels if lab.key} | {"(page)": "#FFFFFF"}
    everything = {lab.name: lab.colour for lab in labels}
    assert len(keyed) == 10 and len(everything) == 18
    for vision in MACHADO:
        assert closest(keyed, vision)[0] >= 20, (vision, closest(keyed, vision))
        assert closest(everything, vision)[0] >= 9, (vision, closest(everything, vision))

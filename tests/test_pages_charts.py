"""Charts (graph/charts.py, web/pages/drawing.py): colours, layout, SVG and PNG output."""

from __future__ import annotations

import io
import itertools
import re
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from PIL import Image

from graph.charts import (
    GRADE_STYLES,
    NO_GRADE,
    Rect,
    Text,
    grade_history_scene,
    heatmap_scene,
    rows_csv,
    short_grade,
)
from web.pages.drawing import PNG_SCALE, to_png, to_svg

SITE_CSS = Path(__file__).resolve().parent.parent / "web" / "static" / "css" / "site.css"
SVG = "{http://www.w3.org/2000/svg}"

# Machado, Oliveira and Fernandes (2009), full severity, on linear RGB.
CVD_MATRICES = {
    "protanopia": ((0.152286, 1.052583, -0.204868), (0.114503, 0.786281, 0.099216),
                   (-0.003882, -0.048116, 1.051998)),
    "deuteranopia": ((0.367322, 0.860646, -0.227968), (0.280085, 0.672501, 0.047413),
                     (-0.011820, 0.042940, 0.968881)),
    "tritanopia": ((1.255528, -0.076749, -0.178779), (-0.078411, 0.930809, 0.147602),
                   (0.004733, 0.691367, 0.303900)),
}  # fmt: skip


def _linear(hex_colour: str) -> tuple[float, float, float]:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    return tuple(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4 for c in channels)


def _luminance(hex_colour: str) -> float:
    r, g, b = _linear(hex_colour)
    return 0.2126 * r + 0.7152 * g + 0.0722 * b


def _simulate(hex_colour: str, matrix) -> tuple[float, ...]:
    rgb = _linear(hex_colour)
    return tuple(
        min(max(sum(m * c for m, c in zip(row, rgb, strict=True)), 0), 1) for row in matrix
    )


@pytest.mark.parametrize("style", [*GRADE_STYLES.values(), NO_GRADE], ids=lambda s: s.word)
def test_grade_words_are_readable_on_their_colour(style) -> None:
    light, dark = sorted((_luminance(style.fill), _luminance(style.ink)), reverse=True)
    assert (light + 0.05) / (dark + 0.05) >= 4.5  # WCAG AA for normal text


@pytest.mark.parametrize("vision", sorted(CVD_MATRICES))
def test_grade_colours_stay_distinct_with_colour_blindness(vision: str) -> None:
    simulated = [_simulate(style.fill, CVD_MATRICES[vision]) for style in GRADE_STYLES.values()]
    for first, second in itertools.combinations(simulated, 2):
        assert sum((a - b) ** 2 for a, b in zip(first, second, strict=True)) ** 0.5 > 0.12


def test_the_pages_use_the_charts_grade_colours() -> None:
    css = SITE_CSS.read_text(encoding="utf-8")
    for scale, style in GRADE_STYLES.items():
        assert re.search(rf"--grade-{scale}:\s*{style.fill};", css, re.IGNORECASE)
        assert re.search(rf"--grade-{scale}-ink:\s*{style.ink};", css, re.IGNORECASE)


def test_short_grade_shortens_only_the_long_ilacs_word() -> None:
    assert short_grade("Requires improvement to be good") == "Requires improvement"
    assert short_grade("Adequate") == "Adequate"


# --- the heatmap -----------------------------------------------------------------------------

HEATMAP_ROWS = [
    {"authority": "a:1", "name": "Alphaton", "area": "overall", "areaLabel": "Overall",
     "start": "2019-03-04", "scale": "2", "grade": "Good", "judgement": "j:1"},
    {"authority": "a:1", "name": "Alphaton", "area": "leaders", "areaLabel": "Leaders",
     "start": "2019-03-04", "scale": "4", "grade": "Inadequate", "judgement": "j:2"},
    {"authority": "a:2", "name": "<script>x()</script> Beta", "area": "overall",
     "areaLabel": "Overall", "start": "2023-01-09", "scale": "3",
     "grade": "Requires improvement to be good", "judgement": "j:3"},
]  # fmt: skip


def _href(iri: str) -> str:
    return "/page/" + iri.replace(":", "-")


def test_heatmap_cells_show_grade_word_year_and_colour() -> None:
    scene = heatmap_scene(HEATMAP_ROWS, _href)
    texts = [shape.text for shape in scene.shapes if isinstance(shape, Text)]
    for word in ("Good", "Inadequate", "Requires improvement", "2019", "2023"):
        assert word in texts
    fills = [shape.fill for shape in scene.shapes if isinstance(shape, Rect)]
    assert fills.count(GRADE_STYLES["2"].fill) == 1
    assert fills.count(GRADE_STYLES["4"].fill) == 1
    assert fills.count(GRADE_STYLES["3"].fill) == 1
    assert fills.count(NO_GRADE.fill) == 1  # Beta has no leaders grade
    assert "—" in texts
    links = {shape.href for shape in scene.shapes if isinstance(shape, Rect) and shape.href}
    assert links == {"/page/j-1", "/page/j-2", "/page/j-3"}


def test_heatmap_svg_is_well_formed_and_escapes_labels() -> None:
    svg = to_svg(heatmap_scene(HEATMAP_ROWS, _href))
    assert "<script>" not in svg
    assert "&lt;script&gt;x()&lt;/script&gt; Beta" in svg
    root = ET.fromstring(svg)
    assert root.tag == SVG + "svg"
    assert root.find(SVG + "title").text.startswith("Latest grade")
    anchors = root.findall(f".//{SVG}a")
    assert {anchor.get("href") for anchor in anchors} >= {"/page/a-1", "/page/j-1"}


def test_png_is_drawn_at_twice_the_svg_size() -> None:
    scene = heatmap_scene(HEATMAP_ROWS, _href)
    image = Image.open(io.BytesIO(to_png(scene)))
    assert image.format == "PNG"
    assert image.size == (int(scene.width * PNG_SCALE), int(scene.height * PNG_SCALE))
    # Alphaton's overall cell is drawn in the colour of good.
    cell = next(s for s in scene.shapes if isinstance(s, Rect) and s.href == "/page/j-1")
    x, y = (cell.x + 5) * PNG_SCALE, (cell.y + 3) * PNG_SCALE
    red, green, blue = image.convert("RGB").getpixel((x, y))
    assert f"#{red:02x}{green:02x}{blue:02x}" == GRADE_STYLES["2"].fill


# --- one authority's history ---------------------------------------------------------------

HISTORY_ROWS = [
    {"start": "2012-04-10", "framework": "safeguarding_lac_2009", "area": "safeguarding_overall",
     "areaLabel": "Overall effectiveness (safeguarding)", "scale": "3", "grade": "Adequate",
     "judgement": "j:old"},
    {"start": "2016-01-11", "framework": "sif", "area": "overall",
     "areaLabel": "Overall effectiveness", "scale": "2", "grade": "Good", "judgement": "j:sif"},
    {"start": "2016-01-11", "framework": "sif", "area": "leaders", "areaLabel": "Leadership",
     "scale": "1", "grade": "Outstanding", "judgement": "j:lead"},
]  # fmt: skip


def test_history_chips_sit_in_the_band_of_their_grade() -> None:
    scene = grade_history_scene(HISTORY_ROWS, _href, "Alphaton")
    bands = [s for s in scene.shapes if isinstance(s, Rect) and s.x == 0][:4]
    chips = {s.href: s for s in scene.shapes if isinstance(s, Rect) and s.href}
    for judgement, scale in (("j:old", 3), ("j:sif", 2), ("j:lead", 1)):
        band = bands[scale - 1]
        chip = chips[_href(judgement)]
        assert band.y <= chip.y and chip.y + chip.height <= band.y + band.height
    # The older inspection is the left column.
    assert chips[_href("j:old")].x < chips[_href("j:sif")].x
    labels = [s.text for s in scene.shapes if isinstance(s, Text)]
    assert {"2012-04-10", "2016-01-11", "Safeguarding", "Overall", "Leaders"} <= set(labels)


def test_rows_csv_writes_the_chosen_columns() -> None:
    text = rows_csv(HISTORY_ROWS[:1], ("start", "grade", "missing"))
    assert text == "start,grade,missing\r\n2012-04-10,Adequate,\r\n"

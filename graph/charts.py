"""Charts of grades, laid out as plain shapes that web/pages/drawing.py writes as SVG or PNG.

Two charts, each drawn from a named query (graph/queries/) so its SPARQL can be shown:
- `grade_history_scene`: one authority's headline grades across inspections and frameworks
  on the comparable 1-4 scale (grade-history.rq);
- `heatmap_scene`: the latest grade of every authority in each judgement area
  (latest-grades.rq).

Grade colours come from a blue-orange diverging palette that stays distinct for people with
red-green colour blindness, and every coloured mark also carries the grade word.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field

Row = dict[str, str]
Href = Callable[[str], str]


@dataclass(frozen=True, slots=True)
class GradeStyle:
    """How one step of the comparable scale is drawn."""

    scale: str
    word: str  # the word for the step across frameworks
    fill: str
    ink: str  # text colour readable on `fill`


GRADE_STYLES = {
    "1": GradeStyle("1", "Outstanding", "#08519c", "#ffffff"),
    "2": GradeStyle("2", "Good", "#9ecae1", "#000000"),
    "3": GradeStyle("3", "Requires improvement / adequate", "#fdae6b", "#000000"),
    "4": GradeStyle("4", "Inadequate", "#a63603", "#ffffff"),
}
NO_GRADE = GradeStyle("", "not judged", "#f2f2f2", "#333333")
# Headline areas in the order a report gives them; 2009-2012 overall judgements included.
AREA_ORDER = (
    "overall",
    "safeguarding_overall",
    "lac_overall",
    "leaders",
    "help_protection",
    "in_care_and_care_leavers",
    "in_care",
    "care_leavers",
    "adoption",
    "lscb",
)
SHORT_AREA_NAMES = {
    "overall": "Overall",
    "safeguarding_overall": "Safeguarding",
    "lac_overall": "Looked after",
    "leaders": "Leaders",
    "help_protection": "Help and protection",
    "in_care_and_care_leavers": "In care and leaving care",
    "in_care": "In care",
    "care_leavers": "Care leavers",
    "adoption": "Adoption",
    "lscb": "LSCB",
}
SHORT_GRADE_WORDS = {"Requires improvement to be good": "Requires improvement"}
FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"


@dataclass(frozen=True, slots=True)
class Rect:
    """A filled rectangle, optionally a link with hover text."""

    x: float
    y: float
    width: float
    height: float
    fill: str
    stroke: str | None = None
    href: str | None = None
    title: str | None = None


@dataclass(frozen=True, slots=True)
class Text:
    """A line of text anchored at (x, baseline y)."""

    x: float
    y: float
    text: str
    size: float = 12
    anchor: str = "start"  # start, middle or end
    fill: str = "#000000"
    bold: bool = False
    href: str | None = None


@dataclass(frozen=True, slots=True)
class Line:
    """A polyline through `points`."""

    points: tuple[tuple[float, float], ...]
    stroke: str = "#000000"
    width: float = 1.0
    dashed: bool = False


@dataclass
class Scene:
    """A picture as a list of shapes on a canvas of `width` x `height` pixels."""

    width: float
    height: float
    title: str
    description: str
    shapes: list[Rect | Text | Line] = field(default_factory=list)


def grade_style(scale: str | None) -> GradeStyle:
    """Return the style of a step of the comparable scale ("1".."4"); NO_GRADE otherwise."""
    return GRADE_STYLES.get(scale or "", NO_GRADE)


def short_grade(word: str) -> str:
    """Return a grade word short enough for a chart cell."""
    return SHORT_GRADE_WORDS.get(word, word)


def clip(text: str, limit: int) -> str:
    """Return `text` cut to `limit` characters, with an ellipsis if it was longer."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def area_rank(area: str) -> tuple[int, str]:
    """Return a sort key putting headline areas in report order, others after."""
    return (AREA_ORDER.index(area) if area in AREA_ORDER else len(AREA_ORDER), area)


def rows_csv(rows: Iterable[Row], columns: Sequence[str]) -> str:
    """Return `rows` as CSV text with a header of `columns`."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(columns)
    for row in rows:
        writer.writerow([row.get(column, "") for column in columns])
    return buffer.getvalue()


# --- the heatmap of latest grades ---------------------------------------------------------

HEATMAP_LABEL_WIDTH = 210
HEATMAP_CELL_WIDTH = 156
HEATMAP_CELL_HEIGHT = 40
HEATMAP_HEADER = 70


def heatmap_scene(rows: Sequence[Row], href: Href) -> Scene:
    """Lay out the latest-grades rows as a grid: authorities down, judgement areas across."""
    areas = sorted({row["area"] for row in rows}, key=area_rank)
    area_labels = {row["area"]: row.get("areaLabel", row["area"]) for row in rows}
    authorities = sorted({(row["name"], row["authority"]) for row in rows})
    cells = {(row["authority"], row["area"]): row for row in rows}
    width = HEATMAP_LABEL_WIDTH + HEATMAP_CELL_WIDTH * max(len(areas), 1) + 10
    height = HEATMAP_HEADER + HEATMAP_CELL_HEIGHT * max(len(authorities), 1) + 10
    scene = Scene(
        width,
        height,
        "Latest grade of each authority by judgement area",
        "Each cell gives the grade word and year of the authority's most recent judgement in "
        "that area; colours follow the comparable 1-4 scale.",
    )
    for column, area in enumerate(areas):
        x = HEATMAP_LABEL_WIDTH + column * HEATMAP_CELL_WIDTH + HEATMAP_CELL_WIDTH / 2
        for line, words in enumerate(_wrap(area_labels[area], 20)):
            scene.shapes.append(Text(x, 18 + line * 15, words, 12, "middle", bold=True))
    for index, (name, authority) in enumerate(authorities):
        y = HEATMAP_HEADER + index * HEATMAP_CELL_HEIGHT
        scene.shapes.append(
            Text(HEATMAP_LABEL_WIDTH - 10, y + 25, clip(name, 26), 13, "end", href=href(authority))
        )
        for column, area in enumerate(areas):
            x = HEATMAP_LABEL_WIDTH + column * HEATMAP_CELL_WIDTH
            row = cells.get((authority, area))
            style = grade_style(row.get("scale") if row else None)
            word = short_grade(row["grade"]) if row else "—"
            year = row.get("start", "")[:4] if row else ""
            link = href(row["judgement"]) if row and row.get("judgement") else None
            title = f"{name}, {area_labels[area]}: {row['grade']} ({year})" if row else None
            scene.shapes.append(
                Rect(
                    x + 1,
                    y + 1,
                    HEATMAP_CELL_WIDTH - 2,
                    HEATMAP_CELL_HEIGHT - 2,
                    style.fill,
                    href=link,
                    title=title,
                )
            )
            middle = x + HEATMAP_CELL_WIDTH / 2
            scene.shapes.append(Text(middle, y + 19, word, 12, "middle", style.ink, href=link))
            if year:
                scene.shapes.append(Text(middle, y + 33, year, 10, "middle", style.ink, href=link))
    return scene


def _wrap(text: str, width: int) -> list[str]:
    """Split `text` at spaces into lines of at most about `width` characters."""
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= width:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


# --- one authority's grades over time -----------------------------------------------------

HISTORY_AXIS_WIDTH = 230
HISTORY_COLUMN_WIDTH = 170
HISTORY_TOP = 60
CHIP_HEIGHT = 20
CHIP_GAP = 4


def grade_history_scene(rows: Sequence[Row], href: Href, authority_name: str) -> Scene:
    """Lay out one authority's grade-history rows: inspections across, the 1-4 scale down."""
    inspections = sorted({(row["start"], row.get("framework", "")) for row in rows})
    chips: dict[tuple[tuple[str, str], str], list[Row]] = {}
    for row in sorted(rows, key=lambda r: area_rank(r["area"])):
        key = ((row["start"], row.get("framework", "")), row["scale"])
        chips.setdefault(key, []).append(row)
    most = max((len(group) for group in chips.values()), default=1)
    band = most * (CHIP_HEIGHT + CHIP_GAP) + 16
    width = HISTORY_AXIS_WIDTH + HISTORY_COLUMN_WIDTH * max(len(inspections), 1) + 10
    height = HISTORY_TOP + band * 4 + 20
    scene = Scene(
        width,
        height,
        f"Grades of {authority_name} across inspections",
        "Each inspection is a column; each judgement area sits in the band of its grade on "
        "the comparable scale (1 outstanding at the top to 4 inadequate at the bottom).",
    )
    background: list[Rect | Text | Line] = []
    for step in ("1", "2", "3", "4"):
        style = GRADE_STYLES[step]
        y = HISTORY_TOP + (int(step) - 1) * band
        background.append(Rect(0, y, width, band, _tint(step)))
        for line, words in enumerate(_wrap(f"{step} {style.word}", 24)):
            background.append(Text(10, y + 22 + line * 16, words, 13, bold=True))
    overall_points: list[tuple[float, float]] = []
    for column, inspection in enumerate(inspections):
        x = HISTORY_AXIS_WIDTH + column * HISTORY_COLUMN_WIDTH
        start, framework = inspection
        scene.shapes.append(Text(x + HISTORY_COLUMN_WIDTH / 2, 24, start, 13, "middle", bold=True))
        scene.shapes.append(
            Text(x + HISTORY_COLUMN_WIDTH / 2, 42, framework.upper(), 11, "middle", "#333333")
        )
        for step in ("1", "2", "3", "4"):
            y = HISTORY_TOP + (int(step) - 1) * band + 8
            style = GRADE_STYLES[step]
            for position, row in enumerate(chips.get((inspection, step), [])):
                chip_y = y + position * (CHIP_HEIGHT + CHIP_GAP)
                name = SHORT_AREA_NAMES.get(row["area"], row.get("areaLabel", row["area"]))
                link = href(row["judgement"]) if row.get("judgement") else None
                title = f"{row.get('areaLabel', row['area'])}: {row['grade']}"
                scene.shapes.append(
                    Rect(
                        x + 12,
                        chip_y,
                        HISTORY_COLUMN_WIDTH - 24,
                        CHIP_HEIGHT,
                        style.fill,
                        "#333333",
                        link,
                        title,
                    )
                )
                scene.shapes.append(
                    Text(
                        x + HISTORY_COLUMN_WIDTH / 2,
                        chip_y + 14,
                        name,
                        11,
                        "middle",
                        style.ink,
                        href=link,
                    )
                )
                if row["area"] in ("overall", "safeguarding_overall"):
                    overall_points.append((x + HISTORY_COLUMN_WIDTH / 2, chip_y + CHIP_HEIGHT / 2))
    if len(overall_points) > 1:
        # The overall grade's path runs behind the chips and over the bands.
        background.append(Line(tuple(overall_points), "#222222", 2.0, dashed=True))
    scene.shapes[:0] = background
    return scene


def _tint(step: str) -> str:
    """Return a pale background for a band of the scale, alternating for legibility."""
    return "#f7f7f7" if int(step) % 2 else "#ffffff"

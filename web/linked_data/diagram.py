"""A diagram of the model, drawn as SVG from ontology/okg.ttl (no layout library, no CDN).

Each okg: class is a box listing its superclasses and the properties whose values are not
our classes (dates, strings, concepts); each object property between two of our classes is an
arrow from its domain to its range, labelled with its name; subclass links have a hollow head.
Boxes are placed in layers by `web.linked_data.diagram_layout`; arrow labels go where they
overlap no box and no other label. Only presentation attributes are used (no style sheet),
so the picture shows under a Content-Security-Policy that forbids inline styles.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from html import escape
from typing import Any

from rdflib import Graph, URIRef
from rdflib.namespace import OWL, RDF, RDFS

from web.linked_data.diagram_layout import assign_layers, order_layers, place
from web.linked_data.ontology_model import OKG_NAMESPACE, compact, members

FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif"
TITLE_SIZE, LINE_SIZE = 13.0, 11.0
CHAR_WIDTH = 0.58  # average glyph width as a share of the font size (sans-serif)
PAD, LINE_HEIGHT, TITLE_HEIGHT = 8.0, 14.0, 20.0
GAP_X, GAP_Y, MARGIN = 36.0, 86.0, 20.0
SELF_LOOP_ROOM = 50.0  # beside a box with an arrow to itself, besides the label
COLOURS = {"box": "#f4f7fb", "border": "#345", "title": "#0b3d6b", "text": "#222",
           "muted": "#556", "arrow": "#4a4a4a", "subclass": "#1f6f43", "label": "#222"}  # fmt: skip
SHORT_RANGES = {"xsd:": "", "skos:Concept": "concept", "time:Interval": "interval"}


@dataclass
class Box:
    """One class on the diagram."""

    key: str
    title: str
    subtitle: str
    lines: list[str]
    layer: int = 0
    x: float = 0.0
    y: float = 0.0

    @property
    def width(self) -> float:
        widest = max(
            [len(self.title) * TITLE_SIZE * CHAR_WIDTH * 1.08]
            + [len(line) * LINE_SIZE * CHAR_WIDTH for line in [self.subtitle, *self.lines]]
        )
        return widest + 2 * PAD

    @property
    def height(self) -> float:
        return TITLE_HEIGHT + LINE_HEIGHT * (len(self.lines) + bool(self.subtitle)) + PAD


@dataclass
class Arrow:
    """A property from one class to another (or a subclass link)."""

    source: str
    target: str
    labels: list[str] = field(default_factory=list)
    subclass: bool = False
    # How much the layout should keep it short and downwards: a property whose range is a
    # union of n classes counts 1/n per arrow, as a looser, back-pointing link.
    weight: float = 0.0


@dataclass
class Diagram:
    """Boxes and arrows, placed by `layout`."""

    boxes: dict[str, Box]
    arrows: list[Arrow]
    width: float = 0.0
    height: float = 0.0


def _short(iri: str) -> str:
    text = compact(iri)
    for prefix, replacement in SHORT_RANGES.items():
        if text == prefix or (prefix.endswith(":") and text.startswith(prefix)):
            return replacement or text[len(prefix) :]
    return text


def model_diagram(graph: Graph) -> Diagram:
    """Return the boxes and arrows of the okg: classes and properties in `graph`."""
    classes = sorted(
        str(c) for c in graph.subjects(RDF.type, OWL.Class) if str(c).startswith(OKG_NAMESPACE)
    )
    ours = set(classes)
    attributes: dict[str, list[str]] = defaultdict(list)
    arrows: dict[tuple[str, str], Arrow] = {}
    for prop in sorted({str(p) for p in graph.subjects(RDFS.range, None)}):
        if not prop.startswith(OKG_NAMESPACE):
            continue
        domains = [
            str(d)
            for node in graph.objects(URIRef(prop), RDFS.domain)
            for d in members(graph, node)
        ]
        ranges = [
            str(r) for node in graph.objects(URIRef(prop), RDFS.range) for r in members(graph, node)
        ]
        name = prop[len(OKG_NAMESPACE) :]
        for domain in (d for d in domains if d in ours):
            linked = [r for r in ranges if r in ours]
            for target in linked:
                arrow = arrows.setdefault((domain, target), Arrow(domain, target))
                arrow.labels.append(name)
                arrow.weight += 1 / len(linked)
            if not linked:
                kinds = ", ".join(sorted({_short(r) for r in ranges})) or "any"
                attributes[domain].append(f"{name}: {kinds}")
    boxes = {}
    for cls in classes:
        supers = [str(s) for s in graph.objects(URIRef(cls), RDFS.subClassOf)]
        for parent in (s for s in supers if s in ours):
            arrows[(cls, parent)] = Arrow(cls, parent, ["subclass of"], subclass=True, weight=1)
        outside = ", ".join(sorted(compact(s) for s in supers if s not in ours))
        boxes[cls] = Box(
            cls, compact(cls), f"⊂ {outside}" if outside else "", sorted(attributes[cls])
        )
    return Diagram(boxes, list(arrows.values()))


def layout(diagram: Diagram) -> Diagram:
    """Place the boxes (see web.linked_data.diagram_layout); set the diagram's size."""
    weights: dict[tuple[str, str], float] = defaultdict(float)
    for arrow in diagram.arrows:
        if arrow.source != arrow.target:
            weights[(arrow.source, arrow.target)] += arrow.weight
    edges = [(source, target, weight) for (source, target), weight in sorted(weights.items())]
    layers = assign_layers(sorted(diagram.boxes), edges)
    rows = order_layers(layers, edges)
    boxes = diagram.boxes
    room: dict[str, float] = defaultdict(float)  # beside a box: its loop and the loop's label
    for arrow in diagram.arrows:
        if arrow.source == arrow.target:
            label = len(", ".join(arrow.labels)) * LINE_SIZE * CHAR_WIDTH
            room[arrow.source] = max(room[arrow.source], SELF_LOOP_ROOM + label)

    def size(key: str) -> tuple[float, float]:
        return boxes[key].width + room[key], boxes[key].height

    corners, width, height = place(rows, size, GAP_X, GAP_Y, MARGIN)
    for key, (x, y) in corners.items():
        boxes[key].x, boxes[key].y, boxes[key].layer = x, y, layers[key]
    diagram.width, diagram.height = width, height
    return diagram


def _text(x: float, y: float, content: str, size: float, colour: str, **extra: Any) -> str:
    attributes = " ".join(f'{name.replace("_", "-")}="{value}"' for name, value in extra.items())
    return (
        f'<text x="{x:.1f}" y="{y:.1f}" font-family="{FONT}" font-size="{size}" '
        f'fill="{colour}" {attributes}>{escape(content)}</text>'
    )


def _box_svg(box: Box, link_prefix: str) -> str:
    anchor = box.key[len(OKG_NAMESPACE) :]
    parts = [
        f'<a href="{escape(link_prefix + anchor)}"><g>',
        f"<title>{escape(box.title)}</title>",
        f'<rect x="{box.x:.1f}" y="{box.y:.1f}" width="{box.width:.1f}" '
        f'height="{box.height:.1f}" rx="6" fill="{COLOURS["box"]}" stroke="{COLOURS["border"]}"/>',
        _text(box.x + PAD, box.y + 15, box.title, TITLE_SIZE, COLOURS["title"], font_weight="bold"),
    ]
    y = box.y + TITLE_HEIGHT + 10
    if box.subtitle:
        parts.append(_text(box.x + PAD, y, box.subtitle, LINE_SIZE, COLOURS["muted"]))
        y += LINE_HEIGHT
    for line in box.lines:
        parts.append(_text(box.x + PAD, y, line, LINE_SIZE, COLOURS["text"]))
        y += LINE_HEIGHT
    parts.append("</g></a>")
    return "".join(parts)


Point = tuple[float, float]
Curve = tuple[Point, Point, Point, Point]
Rect = tuple[float, float, float, float]  # left, top, right, bottom
# Where along its curve a label may sit, tried in turn until it overlaps nothing.
LABEL_POSITIONS = (0.5, 0.38, 0.62, 0.28, 0.72, 0.2, 0.8)


def _ports(diagram: Diagram) -> dict[tuple[int, str], float]:
    """Spread the arrow ends along each box edge, ordered by where the other end lies."""
    ends: dict[tuple[str, str], list[tuple[float, int]]] = defaultdict(list)
    for index, arrow in enumerate(diagram.arrows):
        if arrow.source == arrow.target:
            continue
        source, target = diagram.boxes[arrow.source], diagram.boxes[arrow.target]
        down = target.layer >= source.layer
        ends[(arrow.source, "bottom" if down else "top")].append((_centre(target), index))
        ends[(arrow.target, "top" if down else "bottom")].append((_centre(source), -index - 1))
    ports = {}
    for (key, _side), items in ends.items():
        box = diagram.boxes[key]
        for rank, (_, index) in enumerate(sorted(items)):
            ports[(index, key)] = box.x + box.width * (rank + 1) / (len(items) + 1)
    return ports


def _centre(box: Box) -> float:
    return box.x + box.width / 2


def _curve(diagram: Diagram, index: int, arrow: Arrow, ports: dict) -> Curve:
    source, target = diagram.boxes[arrow.source], diagram.boxes[arrow.target]
    if arrow.source == arrow.target:
        x, y = source.x + source.width, source.y + 12
        return ((x, y), (x + 45, y - 12), (x + 45, y + 42), (x, y + 30))
    x1, x2 = ports[(index, arrow.source)], ports[(-index - 1, arrow.target)]
    if target.layer == source.layer:  # leave by the bottom, bow below the row, come back up
        y = source.y + source.height
        depth = GAP_Y * 0.6
        return ((x1, y), (x1, y + depth), (x2, y + depth), (x2, target.y + target.height))
    down = target.layer > source.layer
    y1 = source.y + source.height if down else source.y
    y2 = target.y if down else target.y + target.height
    bend = (y2 - y1) / 2
    return ((x1, y1), (x1, y1 + bend), (x2, y2 - bend), (x2, y2))


def _point(curve: Curve, t: float) -> Point:
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    u = 1 - t
    return (
        u**3 * x0 + 3 * u * u * t * x1 + 3 * u * t * t * x2 + t**3 * x3,
        u**3 * y0 + 3 * u * u * t * y1 + 3 * u * t * t * y2 + t**3 * y3,
    )


def _overlaps(a: Rect, b: Rect) -> bool:
    return a[0] < b[2] and b[0] < a[2] and a[1] < b[3] and b[1] < a[3]


def _label_rect(curve: Curve, label: str, taken: list[Rect]) -> Rect:
    """Return where the label goes: the first spot along the curve that overlaps nothing."""
    width = len(label) * LINE_SIZE * CHAR_WIDTH + 6
    first: Rect | None = None
    for t in LABEL_POSITIONS:
        x, y = _point(curve, t)
        rect = (x - width / 2, y - 8, x + width / 2, y + 6)
        first = first or rect
        if not any(_overlaps(rect, other) for other in taken):
            return rect
    return first  # type: ignore[return-value]


def _arrow_svg(curve: Curve, arrow: Arrow, rect: Rect) -> str:
    colour = COLOURS["subclass"] if arrow.subclass else COLOURS["arrow"]
    marker = "url(#okg-subclass)" if arrow.subclass else "url(#okg-arrow)"
    (x0, y0), (x1, y1), (x2, y2), (x3, y3) = curve
    path = f"M{x0:.1f},{y0:.1f} C{x1:.1f},{y1:.1f} {x2:.1f},{y2:.1f} {x3:.1f},{y3:.1f}"
    left, top, right, bottom = rect
    return (
        f'<g><path d="{path}" fill="none" stroke="{colour}" stroke-width="1.3" '
        f'marker-end="{marker}"/>'
        f'<rect x="{left:.1f}" y="{top:.1f}" width="{right - left:.1f}" '
        f'height="{bottom - top:.1f}" fill="#ffffff" fill-opacity="0.9"/>'
        + _text(
            left + 3,
            bottom - 3,
            ", ".join(arrow.labels),
            LINE_SIZE,
            COLOURS["label"],
            font_style="italic",
        )
        + "</g>"
    )


MARKERS = (
    "<defs>"
    '<marker id="okg-arrow" viewBox="0 0 10 10" refX="10" refY="5" markerWidth="8" '
    'markerHeight="8" orient="auto">'
    f'<path d="M0,0 L10,5 L0,10 z" fill="{COLOURS["arrow"]}"/></marker>'
    '<marker id="okg-subclass" viewBox="0 0 12 12" refX="12" refY="6" markerWidth="11" '
    'markerHeight="11" orient="auto">'
    f'<path d="M0,0 L12,6 L0,12 z" fill="#ffffff" stroke="{COLOURS["subclass"]}"/></marker>'
    "</defs>"
)


def diagram_svg(graph: Graph, link_prefix: str = "#") -> str:
    """Return the model diagram of `graph` as an SVG document; boxes link to `link_prefix`+name."""
    diagram = layout(model_diagram(graph))
    ports = _ports(diagram)
    taken: list[Rect] = [
        (box.x, box.y, box.x + box.width, box.y + box.height) for box in diagram.boxes.values()
    ]
    arrows = []
    for index, arrow in enumerate(diagram.arrows):
        curve = _curve(diagram, index, arrow, ports)
        label = ", ".join(arrow.labels)
        if arrow.source == arrow.target:  # beside the loop's far side
            x, y = _point(curve, 0.5)
            rect = (x + 4, y - 7, x + 10 + len(label) * LINE_SIZE * CHAR_WIDTH, y + 7)
        else:
            rect = _label_rect(curve, label, taken)
        taken.append(rect)
        arrows.append(_arrow_svg(curve, arrow, rect))
    boxes = [_box_svg(box, link_prefix) for box in diagram.boxes.values()]
    width, height = f"{diagram.width:.0f}", f"{diagram.height:.0f}"
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {width} {height}" '
        f'width="{width}" height="{height}" role="img" '
        'aria-labelledby="okg-diagram-title okg-diagram-desc">'
        '<title id="okg-diagram-title">The ofsted-kg data model</title>'
        '<desc id="okg-diagram-desc">Each box is a class of the okg: vocabulary with its value '
        "properties; each arrow a property from one class to another; arrows with a hollow "
        "head mean subclass of.</desc>"
        f'<rect width="100%" height="100%" fill="#ffffff"/>{MARKERS}'
        + "".join(boxes)  # boxes first, so arrows and their labels are drawn over them
        + "".join(arrows)
        + "</svg>"
    )

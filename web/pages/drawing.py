"""Write a chart's shapes (graph.charts.Scene) as SVG text or as a PNG picture.

SVG keeps links (an authority's name opens its page) and titles (hover text); PNG is drawn
with Pillow at twice the size for sharp text. All text goes through XML escaping, so a label
holding markup is shown as written.
"""

from __future__ import annotations

import io
from functools import cache
from xml.sax.saxutils import escape, quoteattr

from PIL import Image, ImageDraw, ImageFont

from graph.charts import FONT, Line, Rect, Scene, Text

PNG_SCALE = 2
SVG_ANCHORS = {"start": "start", "middle": "middle", "end": "end"}
PIL_ANCHORS = {"start": "ls", "middle": "ms", "end": "rs"}


def to_svg(scene: Scene) -> str:
    """Return `scene` as a standalone SVG document."""
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" width="{scene.width:g}" '
        f'height="{scene.height:g}" viewBox="0 0 {scene.width:g} {scene.height:g}" '
        f'role="img" aria-labelledby="chart-title chart-desc" font-family={quoteattr(FONT)}>',
        f'<title id="chart-title">{escape(scene.title)}</title>',
        f'<desc id="chart-desc">{escape(scene.description)}</desc>',
        f'<rect width="{scene.width:g}" height="{scene.height:g}" fill="#ffffff"/>',
    ]
    for shape in scene.shapes:
        parts.append(_svg_shape(shape))
    parts.append("</svg>")
    return "\n".join(parts)


def _svg_shape(shape: Rect | Text | Line) -> str:
    if isinstance(shape, Rect):
        stroke = f' stroke="{shape.stroke}"' if shape.stroke else ""
        title = f"<title>{escape(shape.title)}</title>" if shape.title else ""
        markup = (
            f'<rect x="{shape.x:g}" y="{shape.y:g}" width="{shape.width:g}" '
            f'height="{shape.height:g}" fill="{shape.fill}"{stroke} rx="2">{title}</rect>'
        )
    elif isinstance(shape, Text):
        weight = ' font-weight="bold"' if shape.bold else ""
        markup = (
            f'<text x="{shape.x:g}" y="{shape.y:g}" font-size="{shape.size:g}" '
            f'text-anchor="{SVG_ANCHORS[shape.anchor]}" fill="{shape.fill}"{weight}>'
            f"{escape(shape.text)}</text>"
        )
    else:
        points = " ".join(f"{x:g},{y:g}" for x, y in shape.points)
        dash = ' stroke-dasharray="6 4"' if shape.dashed else ""
        return (
            f'<polyline points="{points}" fill="none" stroke="{shape.stroke}" '
            f'stroke-width="{shape.width:g}"{dash}/>'
        )
    href = getattr(shape, "href", None)
    if href:
        return f"<a href={quoteattr(href)}>{markup}</a>"
    return markup


def to_png(scene: Scene) -> bytes:
    """Return `scene` drawn as a PNG image (twice the SVG's size)."""
    scale = PNG_SCALE
    image = Image.new("RGB", (int(scene.width * scale), int(scene.height * scale)), "#ffffff")
    draw = ImageDraw.Draw(image)
    for shape in scene.shapes:
        if isinstance(shape, Rect):
            box = (
                shape.x * scale,
                shape.y * scale,
                (shape.x + shape.width) * scale,
                (shape.y + shape.height) * scale,
            )
            draw.rectangle(box, fill=shape.fill, outline=shape.stroke)
        elif isinstance(shape, Text):
            draw.text(
                (shape.x * scale, shape.y * scale),
                shape.text,
                fill=shape.fill,
                font=_font(shape.size * scale),
                anchor=PIL_ANCHORS[shape.anchor],
            )
        else:
            points = [(x * scale, y * scale) for x, y in shape.points]
            draw.line(points, fill=shape.stroke, width=int(shape.width * scale))
    buffer = io.BytesIO()
    image.save(buffer, format="PNG", optimize=True)
    return buffer.getvalue()


@cache
def _font(size: float) -> ImageFont.FreeTypeFont | ImageFont.ImageFont:
    return ImageFont.load_default(size=size)

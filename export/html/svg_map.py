"""The PDF's drawing of the map, written out as inline SVG whose cards link to their stages.

The map is drawn by ``screen_map.MapPicture`` as reportlab shapes in PDF units (y up); this
module only translates those shapes into SVG, so the page shows the same lanes, phases,
cards, arrows and labels as the printed map.
"""

from __future__ import annotations

from collections.abc import Callable

from journeyapp.export.html.screen_map import MapPicture
from journeyapp.export.html.text import plain
from journeyapp.export.pdf.fonts import BOLD, register, string_width
from journeyapp.models.playbook import Playbook
from reportlab.graphics.shapes import Group, Line, Path, Polygon, Rect, String

# reportlab's path operators, in the order of its own table.
_MOVE, _LINE, _CURVE, _CLOSE = range(4)
FONT_FAMILY = "'DejaVu Sans', Verdana, sans-serif"
SMALLEST_TEXT = 12  # scene units: labels and card details
READABLE_PX = 7.0  # the smallest text's size on screen at 100 % zoom, at least
LARGEST_SCALE = 0.8  # a small map grows no larger than this many pixels per unit


def _n(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


def _colour(colour) -> str:
    return "none" if colour is None else "#" + colour.hexval()[2:]


def _paint(shape, filled: bool = True) -> str:
    parts = []
    if filled:
        parts.append(f'fill="{_colour(getattr(shape, "fillColor", None))}"')
    stroke = getattr(shape, "strokeColor", None)
    if stroke is not None and getattr(shape, "strokeWidth", 1):
        parts.append(f'stroke="{_colour(stroke)}" stroke-width="{_n(shape.strokeWidth)}"')
        dash = getattr(shape, "strokeDashArray", None)
        if dash:
            parts.append(f'stroke-dasharray="{" ".join(_n(d) for d in dash)}"')
    return " ".join(parts)


def _rect(shape: Rect) -> str:
    corner = f' rx="{_n(shape.rx)}"' if shape.rx else ""
    return (
        f'<rect x="{_n(shape.x)}" y="{_n(shape.y)}" width="{_n(shape.width)}" '
        f'height="{_n(shape.height)}"{corner} {_paint(shape)}/>'
    )


def _line(shape: Line) -> str:
    return (
        f'<line x1="{_n(shape.x1)}" y1="{_n(shape.y1)}" x2="{_n(shape.x2)}" '
        f'y2="{_n(shape.y2)}" {_paint(shape, filled=False)}/>'
    )


def _path(shape: Path) -> str:
    points, steps, at = shape.points, [], 0
    for operator in shape.operators:
        if operator == _CLOSE:
            steps.append("Z")
            continue
        count = 6 if operator == _CURVE else 2
        letter = {_MOVE: "M", _LINE: "L", _CURVE: "C"}[operator]
        steps.append(letter + " ".join(_n(v) for v in points[at : at + count]))
        at += count
    return f'<path d="{" ".join(steps)}" {_paint(shape)}/>'


def _polygon(shape: Polygon) -> str:
    flat = " ".join(_n(v) for v in shape.points)
    return f'<polygon points="{flat}" {_paint(shape)}/>'


def _string(shape: String) -> str:
    # Drawn upright inside the flipped map; the text is already in the order it is seen
    # (right-to-left runs turned for the PDF), so the browser must not turn it again.
    width = string_width(shape.text, shape.fontName, shape.fontSize)
    weight = ' font-weight="bold"' if shape.fontName == BOLD else ""
    anchor = {"middle": "middle", "end": "end"}.get(shape.textAnchor, "start")
    return (
        f'<text transform="translate({_n(shape.x)} {_n(shape.y)}) scale(1 -1)" '
        f'font-size="{_n(shape.fontSize)}"{weight} fill="{_colour(shape.fillColor)}" '
        f'text-anchor="{anchor}" textLength="{_n(width)}" lengthAdjust="spacingAndGlyphs" '
        f'direction="ltr" unicode-bidi="bidi-override">{plain(shape.text)}</text>'
    )


_WRITERS: dict[type, Callable] = {
    Rect: _rect,
    Line: _line,
    Path: _path,
    Polygon: _polygon,
    String: _string,
}


def _shapes(group: Group, out: list[str]) -> None:
    for shape in group.contents:
        if isinstance(shape, Group):
            matrix = " ".join(_n(v) for v in shape.transform)
            out.append(f'<g transform="matrix({matrix})">')
            _shapes(shape, out)
            out.append("</g>")
        else:
            writer = next(w for kind, w in _WRITERS.items() if isinstance(shape, kind))
            out.append(writer(shape))


def map_svg(playbook: Playbook, anchors: dict[str, str]) -> str:
    """The map as an ``<svg>`` element; each card links to ``#anchors[stage id]``.

    The picture is one image to assistive technology (its title and description say what
    it shows and that the contents list the same links); pointer users click a card.
    """
    register()
    picture = MapPicture(playbook)
    width, height = picture.width, picture.height
    name = playbook.meta.name
    # Wide maps scroll sideways rather than shrink their smallest text below READABLE_PX;
    # in rem, so the browser's zoom enlarges the map with the text around it.
    min_width = width * READABLE_PX / SMALLEST_TEXT / 16
    max_width = max(min_width, width * LARGEST_SCALE / 16)
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="map" role="img" '
        f'viewBox="0 0 {_n(width)} {_n(height)}" '
        f'style="min-width: {min_width:.1f}rem; max-width: {max_width:.1f}rem" '
        f'font-family="{FONT_FAMILY}" aria-labelledby="map-title map-desc">',
        f'<title id="map-title">The journey map of {plain(name)}</title>',
        f'<desc id="map-desc">{_description(playbook)}</desc>',
        f'<g transform="matrix(1 0 0 -1 0 {_n(height)})">',
    ]
    _shapes(picture.group, out)
    out.append("</g>")
    for stage, (left, top, box_w, box_h) in zip(playbook.stages(), picture.card_boxes, strict=True):
        out.append(
            f'<a href="#{anchors[stage.id]}" tabindex="-1" class="card-link">'
            f"<title>{plain(stage.name)}</title>"
            f'<rect x="{_n(left)}" y="{_n(top)}" width="{_n(box_w)}" height="{_n(box_h)}" '
            'rx="8" fill="transparent"/></a>'
        )
    out.append("</svg>")
    return "\n".join(out)


def _description(playbook: Playbook) -> str:
    phases = ", ".join(p.name for p in playbook.phases)
    lanes = ", ".join(lane.name for lane in playbook.lanes)
    count = len(playbook.stages())
    return plain(
        f"{count} stage{'' if count == 1 else 's'} in the phases {phases or 'none'}, "
        f"worked by {lanes or 'no teams'}, joined by {len(playbook.handoffs())} handoffs. "
        "Each stage is listed, with a link, in the contents."
    )

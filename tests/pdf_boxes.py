"""Where a PDF page's ink lands: the boxes of its text runs and painted paths, in page space.

A small reader of the content stream (with pypdf's parser): it follows the current
transformation through ``q``/``Q``/``cm``, forms drawn with ``Do`` (their matrix
and bounding box), text positioning, and rectangular clips, and gives each
visible piece of text and each painted path as a box clipped to what shows. Text
widths come from the fonts' own /Widths (reportlab writes simple TrueType subsets).
"""

from __future__ import annotations

from dataclasses import dataclass

from pypdf import PageObject
from pypdf.generic import ContentStream

Box = tuple[float, float, float, float]  # left, bottom, right, top
IDENTITY = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*"}


def _times(m, n):
    """Matrix product m × n for PDF's [a b c d e f] matrices."""
    a, b, c, d, e, f = m
    a2, b2, c2, d2, e2, f2 = n
    return (
        a * a2 + b * c2,
        a * b2 + b * d2,
        c * a2 + d * c2,
        c * b2 + d * d2,
        e * a2 + f * c2 + e2,
        e * b2 + f * d2 + f2,
    )


def _apply(m, x, y):
    a, b, c, d, e, f = m
    return a * x + c * y + e, b * x + d * y + f


def _bounds(points) -> Box:
    xs, ys = [p[0] for p in points], [p[1] for p in points]
    return min(xs), min(ys), max(xs), max(ys)


def _clip(box: Box, clip: Box | None) -> Box | None:
    if clip is None:
        return box
    left, bottom = max(box[0], clip[0]), max(box[1], clip[1])
    right, top = min(box[2], clip[2]), min(box[3], clip[3])
    return (left, bottom, right, top) if left <= right and bottom <= top else None


@dataclass
class Ink:
    kind: str  # "text" or "path"
    box: Box
    what: str = ""  # the text's raw bytes, decoded as Latin-1, for messages


@dataclass
class _State:
    ctm: tuple = IDENTITY
    clip: Box | None = None


class _Reader:
    def __init__(self, page: PageObject) -> None:
        self.page = page
        self.found: list[Ink] = []

    def run(self, stream, resources, state: _State) -> None:
        stack: list[_State] = []
        path: list[tuple[float, float]] = []
        pending_clip = False
        text_matrix = line_matrix = IDENTITY
        font = None
        size = leading = char_space = word_space = 0.0
        fonts = resources.get("/Font", {}) if resources else {}
        xobjects = resources.get("/XObject", {}) if resources else {}
        for operands, op in ContentStream(stream, self.page.pdf).operations:
            op = op.decode() if isinstance(op, bytes) else op
            if op == "q":
                stack.append(_State(state.ctm, state.clip))
            elif op == "Q":
                state = stack.pop()
            elif op == "cm":
                state = _State(_times(tuple(map(float, operands)), state.ctm), state.clip)
            elif op == "re":
                x, y, w, h = map(float, operands)
                path += [_apply(state.ctm, x, y), _apply(state.ctm, x + w, y + h)]
                path += [_apply(state.ctm, x + w, y), _apply(state.ctm, x, y + h)]
            elif op in ("m", "l"):
                path.append(_apply(state.ctm, *map(float, operands)))
            elif op in ("c", "v", "y"):
                values = list(map(float, operands))
                path += [
                    _apply(state.ctm, values[i], values[i + 1]) for i in range(0, len(values), 2)
                ]
            elif op in ("W", "W*"):
                pending_clip = True
            elif op in PAINT or op == "n":
                if pending_clip and path:
                    state = _State(state.ctm, _clip(_bounds(path), state.clip) or (0, 0, 0, 0))
                elif op in PAINT and path:
                    shown = _clip(_bounds(path), state.clip)
                    if shown:
                        self.found.append(Ink("path", shown))
                path, pending_clip = [], False
            elif op == "BT":
                text_matrix = line_matrix = IDENTITY
            elif op == "Tf":
                font, size = fonts[operands[0]].get_object(), float(operands[1])
            elif op == "TL":
                leading = float(operands[0])
            elif op == "Tc":
                char_space = float(operands[0])
            elif op == "Tw":
                word_space = float(operands[0])
            elif op == "Tm":
                text_matrix = line_matrix = tuple(map(float, operands))
            elif op in ("Td", "TD"):
                tx, ty = map(float, operands)
                if op == "TD":
                    leading = -ty
                line_matrix = text_matrix = _times((1, 0, 0, 1, tx, ty), line_matrix)
            elif op == "T*":
                line_matrix = text_matrix = _times((1, 0, 0, 1, 0, -leading), line_matrix)
            elif op in ("Tj", "TJ", "'", '"'):
                if op in ("'", '"'):
                    line_matrix = text_matrix = _times((1, 0, 0, 1, 0, -leading), line_matrix)
                pieces = operands[-1] if op == "TJ" else [operands[-1]]
                advance, raw = 0.0, b""
                for piece in pieces:
                    if isinstance(piece, (int, float)) or hasattr(piece, "as_numeric"):
                        advance -= float(piece) / 1000 * size
                        continue
                    data = bytes(
                        piece.original_bytes if hasattr(piece, "original_bytes") else piece
                    )
                    raw += data
                    advance += self._width(font, data, size, char_space, word_space)
                full = _times(text_matrix, state.ctm)
                corners = [_apply(full, 0, -0.2 * size), _apply(full, advance, 0.8 * size)]
                shown = _clip(_bounds(corners), state.clip)
                if shown and raw.strip():
                    self.found.append(Ink("text", shown, raw.decode("latin-1")))
                text_matrix = _times((1, 0, 0, 1, advance, 0), text_matrix)
            elif op == "Do":
                form = xobjects[operands[0]].get_object()
                if form.get("/Subtype") != "/Form":
                    continue
                matrix = tuple(map(float, form.get("/Matrix", IDENTITY)))
                inner = _State(_times(matrix, state.ctm), state.clip)
                x0, y0, x1, y1 = map(float, form["/BBox"])
                box = _bounds(
                    [_apply(inner.ctm, x, y) for x, y in ((x0, y0), (x1, y1), (x0, y1), (x1, y0))]
                )
                inner.clip = _clip(box, state.clip) or (0, 0, 0, 0)
                self.run(form, form.get("/Resources", resources), inner)

    @staticmethod
    def _width(font, data: bytes, size: float, char_space: float, word_space: float) -> float:
        first = int(font.get("/FirstChar", 0))
        widths = font.get("/Widths", [])
        total = 0.0
        for byte in data:
            n = byte - first
            total += (float(widths[n]) if 0 <= n < len(widths) else 500.0) / 1000 * size
            total += char_space + (word_space if byte == 32 else 0)
        return total


def ink(page: PageObject) -> list[Ink]:
    """Every piece of text and every painted path that shows on ``page``, as page boxes."""
    reader = _Reader(page)
    reader.run(page.get_contents(), page.get("/Resources").get_object(), _State())
    return reader.found

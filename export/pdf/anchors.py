"""The names of the places in the PDF that links go to (PDF named destinations).

- ``stage-<stage id>``: a stage's section (its heading), in "The stages";
- ``map-<stage id>``: the stage's card on the map page (or the tile that shows it);
- ``definition-<definition id>``: a definition's entry under "Definitions".

A flowable with an ``anchor`` attribute defines its name where it is placed
(``PlaybookDocument.afterFlowable``); a drawing defines one with
``canvas.bookmarkHorizontal(name, x, y)``. Links reach them with ``linkRect("",
name, rect, relative=1)`` or, in a Paragraph, ``<a href="#name">``. A link is
only made to a place the export draws: a name never defined breaks the PDF.
"""

from __future__ import annotations

import re

_UNSAFE = re.compile(r"[^A-Za-z0-9.-]")


def _safe(entity_id: str) -> str:
    """An id as it can stand in a name and in Paragraph markup: other characters as
    ``_xx`` hex codes, so two ids never share a name."""
    return _UNSAFE.sub(lambda m: "".join(f"_{b:02x}" for b in m.group().encode()), entity_id)


def stage_anchor(stage_id: str) -> str:
    return f"stage-{_safe(stage_id)}"


def map_anchor(stage_id: str) -> str:
    return f"map-{_safe(stage_id)}"


def definition_anchor(definition_id: str) -> str:
    return f"definition-{_safe(definition_id)}"


def linked(markup: str, anchor: str) -> str:
    """Paragraph markup (already escaped) as an internal link to ``anchor``."""
    return f'<a href="#{anchor}" color="#1f5fa8">{markup}</a>'

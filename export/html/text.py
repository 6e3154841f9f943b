"""User text on its way into the web page: escaped, line breaks kept, web addresses linked.

Everything a user typed goes through ``text`` or ``attribute``; nothing they typed is
ever markup. Only web and mail addresses become links (the PDF's own rule), so a
``javascript:`` or ``file:`` address stays text the reader can see.
"""

from __future__ import annotations

import hashlib
import re
from html import escape

from journeyapp.export.pdf.text import address_pieces
from journeyapp.models.playbook import Playbook

_SAFE_ID = re.compile(r"[A-Za-z][A-Za-z0-9_-]*")
# Characters no HTML document may hold (C0 controls but tab and newlines, DEL, C1,
# lone surrogates); they are shown as the replacement mark, as in the PDF.
_UNSHOWABLE = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ud800-\udfff]")


def showable(words: str) -> str:
    return _UNSHOWABLE.sub("\ufffd", words)


def plain(words: str) -> str:
    """``words`` as HTML text, shown literally, with no links: titles, headings, cells."""
    return escape(showable(words), quote=False)


def attribute(words: str) -> str:
    """``words`` safe inside a double-quoted attribute."""
    return escape(showable(words), quote=True)


def text(words: str | None, empty: str = "—") -> str:
    """``words`` as HTML showing them literally, line breaks kept, addresses as links."""
    if words is None or not str(words).strip():
        return escape(empty)
    words = showable(str(words))
    return "".join(
        f'<a href="{attribute(piece)}">{escape(piece)}</a>' if is_address else escape(piece)
        for piece, is_address in address_pieces(words)
    ).replace("\n", "<br>")


def stage_anchors(playbook: Playbook) -> dict[str, str]:
    """Each stage's fragment name (``stage-…``), unique and valid whatever its id holds."""
    anchors: dict[str, str] = {}
    taken: set[str] = set()
    for stage in playbook.stages():
        bare = stage.id.removeprefix("stage-")
        anchor = f"stage-{bare}" if _SAFE_ID.fullmatch(bare) else ""
        if not anchor or anchor in taken:
            digest = hashlib.sha1(stage.id.encode("utf-8", "surrogatepass")).hexdigest()
            anchor = f"stage-{digest[:12]}"
        taken.add(anchor)
        anchors[stage.id] = anchor
    return anchors

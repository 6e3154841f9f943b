"""What a stage's card on the PDF map says: its name in up to three bold lines, then who is
accountable in the lines the card has left, the smaller sizes tried before a name is cut."""

from __future__ import annotations

from journeyapp.export.pdf.fonts import BOLD, REGULAR
from journeyapp.export.pdf.map_layout import CARD_HEIGHT_PT, NAME_SIZE, TEXT_SIZE
from journeyapp.export.pdf.text import wrap_words
from journeyapp.models.frozen_records import frozen_record

TITLE_LINES = 3
FIRST_BASELINE = 9.0  # below the card's top edge
TITLE_PITCH = 8.0
GAP_UNDER_TITLE = 1.5
LOWEST_BASELINE = CARD_HEIGHT_PT - 3.0  # room for descenders above the card's edge
PILL_BAND = 10.0  # the height of an "Entry"/"Won" pill's corner, from the card's bottom
SMALLEST = TEXT_SIZE - 1.0  # 5.5 pt: still read on paper, the size of a map's fine print


@frozen_record
class CardText:
    title: tuple[str, ...]
    who: tuple[str, ...]
    who_size: float

    def who_baselines(self) -> list[float]:
        """Where each of ``who``'s lines sits, in points below the card's top."""
        first = FIRST_BASELINE + len(self.title) * TITLE_PITCH + GAP_UNDER_TITLE
        return [first + n * self.who_size * 1.1 for n in range(len(self.who))]


def card_text(name: str, accountable: str, room: float, pill_width: float = 0.0) -> CardText:
    """The card's lines in ``room`` points across; ``pill_width``: the corner pill of a card
    where the journey starts or ends, which the last lines keep clear of."""
    title = tuple(wrap_words(name, BOLD, NAME_SIZE, room, TITLE_LINES))
    if not accountable:
        return CardText(title, (), TEXT_SIZE)
    text = f"A: {accountable}"
    size = TEXT_SIZE
    best = None
    while size >= SMALLEST - 1e-9:
        lines = _who(text, title, size, room, pill_width)
        if best is None:
            best = CardText(title, lines, size)
        if not lines or not lines[-1].endswith("…"):
            return CardText(title, lines, size)
        size -= 0.5
    return best


def _who(text: str, title: tuple[str, ...], size: float, room: float, pill: float) -> tuple:
    first = FIRST_BASELINE + len(title) * TITLE_PITCH + GAP_UNDER_TITLE
    pitch = size * 1.1
    count = int((LOWEST_BASELINE - first) // pitch) + 1
    if count <= 0:
        return ()
    lines = wrap_words(text, REGULAR, size, room, count)
    last = first + (len(lines) - 1) * pitch
    if pill and last > CARD_HEIGHT_PT - PILL_BAND - size:  # its last line meets the pill
        lines = wrap_words(text, REGULAR, size, room - pill - 2, count)
    return tuple(lines)

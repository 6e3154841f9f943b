"""Right-to-left names (Hebrew, Arabic) on the map's cards and headers, in the PDF and the web
page: wrapped and cut in reading order, each line then turned to the order it is seen in."""

from __future__ import annotations

from bidi import get_display
from journeyapp.export.pdf import fonts
from journeyapp.export.pdf.text import fit_text, wrap_words

WORDS = ["שלב", "ראשון", "של", "הכשרת", "הלקוח", "החדש", "בסוף"]  # "first stage … at the end"


def _read(line: str) -> list[str]:
    """A printed line back in reading order (a PDF's text extraction does the same)."""
    return get_display(line).split()


def test_a_wrapped_right_to_left_name_starts_on_its_first_line():
    fonts.register()
    lines = wrap_words(" ".join(WORDS), fonts.BOLD, 15, 120, 3)
    assert len(lines) >= 2
    read = [_read(line) for line in lines]
    assert read[0][0] == WORDS[0]  # the first word opens the first line, not the last
    assert [word for line in read for word in line if word != "…"] == WORDS[: sum(map(len, read))]


def test_a_right_to_left_name_cut_short_keeps_its_first_words():
    fonts.register()
    shown = fit_text(" ".join(WORDS), fonts.REGULAR, 12, 90)
    read = get_display(shown)
    assert read.startswith(WORDS[0]) and read.endswith("…")


def test_arabic_prints_its_letters_joined_as_they_are_written():
    """Arabic letters take a form by their place in a word (initial, medial, final); the PDF
    draws the joined forms DejaVu Sans has, not each letter standing alone."""
    fonts.register()
    word = "خسارة"  # "loss": خ initial, س medial, ا final, ر isolated, ة isolated
    shown = fonts.printable(word)
    assert not any("\u0600" <= c <= "\u06ff" for c in shown)  # no bare letters left
    assert all(ord(c) in fonts.covered() for c in shown)
    assert "\ufea7" in shown  # خ in its initial form


def _drawn_lines(paragraph) -> list[str]:
    """Each line of a wrapped paragraph as it is drawn, left to right."""
    lines = paragraph.blPara.lines
    if paragraph.blPara.kind == 0:
        return [" ".join(words) for _, words in lines]
    return ["".join(frag.text for frag in line.words) for line in lines]


def test_a_right_to_left_paragraph_wraps_its_lines_in_reading_order():
    """A Hebrew definition longer than its column: the first words open the first line and
    every line reads on from the one above (turned as a whole, the last words came first)."""
    from journeyapp.export.pdf.styles import styles
    from journeyapp.export.pdf.text import Text, para

    fonts.register()
    words = WORDS * 4
    paragraph = Text(para(" ".join(words)), styles()["body"])
    paragraph.wrap(160, 1000)
    read = [_read(line) for line in _drawn_lines(paragraph)]
    assert len(read) >= 2
    assert [word for line in read for word in line] == words

"""The file a save writes, where its suffix is added after the save dialog.

The dialog asks before replacing the name the user typed. With the suffix added afterwards
(``plan`` saved as ``plan.journey``), the name is another one the dialog never asked about, so
an existing file of that name is replaced only once the user says so here. A suffix is added
to the name, never put in place of another: ``Board pack v2.1`` is not ``Board pack v2.pdf``.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QWidget

from journeyapp.widgets.plain_text import as_typed


def with_suffix_confirmed(parent: QWidget | None, path: Path, suffix: str) -> Path | None:
    """``path`` ending in ``suffix`` (".journey"); None where that names an existing file the
    dialog did not ask about and the user would rather keep."""
    if path.suffix.casefold() == suffix:
        return path
    path = path.with_name(path.name + suffix)
    if path.exists() and not replace_confirmed(parent, path):
        return None
    return path


def replace_confirmed(parent: QWidget | None, path: Path) -> bool:
    from PySide6.QtWidgets import QMessageBox

    answer = QMessageBox.question(
        parent,
        "Replace file?",
        as_typed(f"{path.name} already exists in {path.parent}. Replace it?"),
        QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.No,
        QMessageBox.StandardButton.No,
    )
    return answer == QMessageBox.StandardButton.Yes

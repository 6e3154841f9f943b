"""File → Export Interview Guide…: choose a deal (unless the Win/loss panel named one) and where
to save, then write its one-page interview guide for the interviewer."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog, QWidget

from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook
from journeyapp.models.words import count
from journeyapp.pdf_export import file_name_for, suggested_pdf_path
from journeyapp.save_path import with_suffix_confirmed
from journeyapp.widgets.plain_text import ask_to_choose

NO_DEALS = (
    "This playbook has no deals yet; import them from the CRM (File → Import Deals…) to "
    "write an interview guide for one."
)


def choose_deal(parent: QWidget, playbook: Playbook) -> str | None:
    labels = {f"{deal.name} ({deal.outcome.value})": deal.id for deal in playbook.deals}
    chosen = ask_to_choose(parent, "Interview guide", "Write the interview guide for:", [*labels])
    return None if chosen is None else labels[chosen]


def ask_where(parent: QWidget, suggested: Path) -> Path | None:
    path, _ = QFileDialog.getSaveFileName(
        parent, "Save the interview guide", str(suggested), "PDF (*.pdf)"
    )
    return Path(path) if path else None


def export_interview_guide(window, deal_id: str = "") -> Path | None:
    """Write a deal's guide where the user says; its path, or None (refusals are shown)."""
    from journeyapp.export.pdf.interview_guide import write_guide_pdf

    playbook = window.document.playbook
    if not len(playbook.deals):
        window.show_error(NO_DEALS)
        return None
    if deal_id not in playbook.deals:
        deal_id = choose_deal(window, playbook)
        if deal_id is None:
            return None
    deal = playbook.deals[deal_id]
    playbook_path = window.document.path
    folder = suggested_pdf_path(playbook_path, playbook.meta.name).parent
    path = ask_where(window, folder / f"Interview guide - {file_name_for(deal.name)}.pdf")
    if path is not None:
        path = with_suffix_confirmed(window, path, ".pdf")
    if path is None:
        return None
    try:
        pages = write_guide_pdf(playbook, deal, path, like=playbook_path)
    except PlaybookError as error:
        window.show_error(str(error))
        return None
    window.statusBar().showMessage(f"Wrote {path.name} ({count(pages, 'page')}).", 8000)
    return path

"""Meetings → Export notes as PDF…: one meeting's record as a page to send round."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QFileDialog

from journeyapp.export.atomic_file import write_atomically
from journeyapp.models.errors import PlaybookError
from journeyapp.pdf_export import file_name_for, suggested_pdf_path
from journeyapp.save_path import with_suffix_confirmed


def suggested_notes_path(playbook_path: Path | None, title: str) -> Path:
    """Beside the playbook (or in the home folder for untitled work), named after the meeting."""
    return suggested_pdf_path(playbook_path, title).with_name(f"{file_name_for(title)}.pdf")


def export_meeting_notes(window, meeting_id: str) -> Path | None:
    from journeyapp.export.pdf.meeting_notes import meeting_notes_pdf  # reportlab when used

    playbook = window.document.playbook
    meeting = playbook.meetings.get(meeting_id)
    if meeting is None:
        return None
    start = suggested_notes_path(window.document.path, meeting.title)
    path, _ = QFileDialog.getSaveFileName(window, "Export meeting notes", str(start), "PDF (*.pdf)")
    path = with_suffix_confirmed(window, Path(path), ".pdf") if path else None
    if path is None:
        return None
    try:
        write_atomically(path, meeting_notes_pdf(playbook, meeting), like=window.document.path)
    except (PlaybookError, OSError) as error:
        window.show_error(str(error) if isinstance(error, PlaybookError) else f"{error}")
        return None
    window.statusBar().showMessage(f"Wrote {Path(path).name}.", 8000)
    return Path(path)

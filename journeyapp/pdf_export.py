"""File → Export PDF: choose the sections (or one role's page), watch it build, open it."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QUrl
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QApplication,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QProgressDialog,
    QVBoxLayout,
)
from reportlab.platypus.doctemplate import LayoutError

from journeyapp.export.atomic_file import write_atomically
from journeyapp.export.pdf.page_sizes import default_page_size
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.export.pdf.progress import ExportCancelled
from journeyapp.export.section_names import SECTIONS
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook
from journeyapp.save_path import with_suffix_confirmed
from journeyapp.untitled import untitled_dir

SECTION_NAMES = {
    "cover": "Cover",
    "contents": "Contents",
    "map": "The journey map",
    "stages": "A section per stage",
    "raci": "The whole RACI",
    "roles": "Role by role",
    "handoffs": "Handoffs in journey order",
    "glossary": "Definitions",
    "scoring": "Lead scoring",
    "funnel": "Funnel targets",
    "feedback": "Sales' feedback",
    "winloss": "Why we win and lose",
    "lessons": "Lessons from real deals",
    "improvements": "Improvements log",
    "history": "Revision history",
}
WHOLE = "The whole playbook"
PAPER_NAMES = {"a4": "A4", "letter": "Letter", "a3": "A3", "tabloid": "Tabloid"}


def suggested_pdf_path(playbook_path: Path | None, name: str) -> Path:
    """Where the save dialog starts: beside the playbook, named after its file; for untitled
    work (kept in the app's own folder) in the home folder, named after the playbook."""
    if playbook_path is not None and playbook_path.parent != untitled_dir():
        return playbook_path.with_suffix(".pdf")
    return Path.home() / f"{file_name_for(name)}.pdf"


def file_name_for(name: str) -> str:
    """A playbook's name as a file name on any system: no slashes, colons or the like."""
    kept = "".join(" " if c in '<>:"/\\|?*' or ord(c) < 32 else c for c in name)
    return " ".join(kept.split()).strip(" .")[:100] or "playbook"


class PdfExportDialog(QDialog):
    def __init__(self, playbook: Playbook, parent=None, playbook_path: Path | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pdf_export_dialog")
        self.setWindowTitle("Export PDF")
        self.playbook = playbook
        self.playbook_path = playbook_path  # a new PDF gets its permissions
        self.written: Path | None = None
        self.pages = 0
        self.role = QComboBox()
        self.role.setAccessibleName("What to export")
        self.role.addItem(WHOLE, None)
        for role in playbook.roles:
            self.role.addItem(f"Only the page of {role.name}", role.id)
        self.role.currentIndexChanged.connect(self._role_chosen)
        self.boxes: dict[str, QCheckBox] = {}
        grid = QGridLayout()
        for n, section in enumerate(SECTIONS):
            box = QCheckBox(SECTION_NAMES[section])
            box.setChecked(True)
            box.setAccessibleName(f"Include {SECTION_NAMES[section]}")
            self.boxes[section] = box
            grid.addWidget(box, n // 2, n % 2)
        self.paper = QComboBox()
        self.paper.setAccessibleName("Paper size")
        for key, name in PAPER_NAMES.items():
            self.paper.addItem(name, key)
        self.paper.setCurrentIndex(self.paper.findData(default_page_size()))
        self.open_after = QCheckBox("Open the PDF when it is done")
        self.open_after.setChecked(True)
        self.buttons = buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText("Export…")
        buttons.accepted.connect(self.export)
        buttons.rejected.connect(self.reject)
        self.problem = QLabel()
        self.problem.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addWidget(self.role)
        layout.addLayout(grid)
        paper_row = QHBoxLayout()
        paper_row.addWidget(QLabel("Paper:"))
        paper_row.addWidget(self.paper)
        paper_row.addStretch()
        layout.addLayout(paper_row)
        layout.addWidget(self.open_after)
        layout.addWidget(self.problem)
        layout.addWidget(buttons)

    def _role_chosen(self) -> None:
        whole = self.role.currentData() is None
        for box in self.boxes.values():
            box.setEnabled(whole)

    def sections(self) -> tuple[str, ...]:
        return tuple(name for name, box in self.boxes.items() if box.isChecked())

    def ask_path(self) -> str:
        suggested = suggested_pdf_path(self.playbook_path, self.playbook.meta.name)
        path, _ = QFileDialog.getSaveFileName(self, "Export PDF", str(suggested), "PDF (*.pdf)")
        return path

    def open_file(self, path: Path) -> bool:
        """Open the written PDF in the system's viewer; False if none would open it."""
        return QDesktopServices.openUrl(QUrl.fromLocalFile(str(path)))

    def export(self) -> None:
        if not self.sections() and self.role.currentData() is None:
            self.problem.setText("Choose at least one section.")
            return
        path = self.ask_path()
        if not path:
            return
        path = with_suffix_confirmed(self, Path(path), ".pdf")
        if path is None:
            return
        progress = QProgressDialog("Preparing the playbook…", "Cancel", 0, 0, self)
        progress.setObjectName("pdf_export_progress")
        progress.setMinimumDuration(300)

        def told(message: str) -> None:
            progress.setLabelText(message)
            QApplication.processEvents()
            if progress.wasCanceled():
                raise ExportCancelled

        try:
            data, document = build_pdf(
                self.playbook,
                sections=self.sections(),
                role=self.role.currentData(),
                progress=told,
                page_size=self.paper.currentData(),
            )
            write_atomically(path, data, self.playbook_path)
        except PlaybookError as error:  # a cancelled export too: nothing was written
            progress.close()
            self.problem.setText(str(error))
            return
        except LayoutError as error:
            progress.close()
            self.problem.setText(f"Part of the playbook is too large for a page ({error}).")
            return
        progress.close()
        self.written, self.pages = path, document.page
        if self.open_after.isChecked() and not self.open_file(path):
            self.problem.setText(
                f"{path.name} is written in {path.parent}, but no application here would open "
                "it; open it from that folder."
            )
            self.buttons.button(QDialogButtonBox.StandardButton.Cancel).setText("Close")
            return
        self.accept()

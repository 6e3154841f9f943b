"""Help → Getting Started: one short page from an empty map to a published playbook.

The keys it names are read from the window's actions, so the page says what
the menus say.
"""

from __future__ import annotations

from html import escape

from PySide6.QtWidgets import QDialog, QDialogButtonBox, QMainWindow, QTextBrowser, QVBoxLayout

from journeyapp.shortcuts_window import keys_text


def getting_started_html(window: QMainWindow) -> str:
    def key(action) -> str:
        text = keys_text(action).split(" or ")[0]
        return f"<b>{escape(text)}</b>" if text else ""

    m = window.map_actions
    steps = [
        (
            "Add stages",
            f"Double-click an empty spot of the map, or press {key(m.add_stage)}, and type the "
            f"stage's name. {key(m.rename_stage)} renames the selected stage. Each column is a "
            "phase of the buyer's journey, each row the team that works the stage; drag a card "
            "to move it.",
        ),
        (
            "Connect them",
            "Drag from the dot on a card's right edge to the next stage, or select two stages "
            f"and press {key(m.connect)}. The arrow is a handoff: say in the inspector what "
            "has to be true to pass it on, and its SLA.",
        ),
        (
            "Agree on roles",
            "Select a stage: the inspector on the right shows what it means and who works it. "
            "Open <b>RACI</b> under the map to say who is Responsible, Accountable, Consulted "
            "and Informed for each stage; each stage needs one Accountable.",
        ),
        (
            "Import deals",
            "<b>File → Import Deals…</b> reads a CRM export (CSV or a workbook) and places "
            "each deal's stage history on the map. <b>Deals</b> and <b>Deal figures</b> under "
            "the map replay them and show where deals stall or are lost.",
        ),
        (
            "Run the workshop",
            f"{key(window.action_workshop)} puts the map on the projector: walk the stages with "
            "PageDown and PageUp, park ideas, vote, and keep time. Esc brings the desk back.",
        ),
        (
            "Publish",
            "<b>File → Export PDF Playbook…</b> writes the handbook: the map, each stage, the "
            "RACI, the roles and the definitions. Everything is saved as you go; "
            f"{key(window.action_save_as)} names an untitled playbook's file.",
        ),
    ]
    items = "".join(f"<li><p><b>{title}.</b> {text}</p></li>" for title, text in steps)
    problems = (
        "<p>The <b>Problems</b> panel and the count in the status bar list what the map "
        "still lacks. <b>Help → Keyboard Shortcuts</b> lists every key.</p>"
    )
    return f"<h2>Getting started</h2><ol>{items}</ol>{problems}"


class GettingStartedWindow(QDialog):
    def __init__(self, window: QMainWindow) -> None:
        super().__init__(window)
        self.setObjectName("getting_started_window")
        self.setAccessibleName("Getting started")
        self.setWindowTitle("Getting Started")
        self.page = QTextBrowser()
        self.page.setObjectName("getting_started_page")
        self.page.setOpenExternalLinks(False)
        self.page.setHtml(getting_started_html(window))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.page)
        layout.addWidget(buttons)
        self.resize(620, 620)

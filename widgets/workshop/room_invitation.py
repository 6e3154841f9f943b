"""The invitation on the projector: a QR code a phone's camera reads from the back of the
room, the short address beside it for those who type, and how many people have joined."""

from __future__ import annotations

from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QPainter, QPen
from PySide6.QtWidgets import QWidget

INK = QColor("#111111")
PAPER = QColor("#ffffff")
QUIET_MODULES = 4  # the light margin a QR reader needs around the code


class RoomInvitation(QWidget):
    """Drawn over the middle of the map; the controller places and sizes it."""

    def __init__(self, parent=None) -> None:
        super().__init__(parent)
        self.setObjectName("room_invitation")
        self.setAccessibleName("Invitation to join the room from a phone")
        self.matrix: list[list[bool]] = []
        self.address = ""
        self.joined = 0
        self.private = False
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)

    def show_room(self, matrix: list[list[bool]], address: str) -> None:
        self.matrix, self.address = matrix, address
        self.setAccessibleDescription(f"Join at {address}")
        self.update()

    def show_joined(self, joined: int, private: bool) -> None:
        self.joined, self.private = joined, private
        self.update()

    def text_lines(self) -> list[str]:
        people = f"{self.joined} {'person has' if self.joined == 1 else 'people have'} joined"
        lines = ["Join from your phone", self.address, people]
        if self.private:
            lines.append("Private mode: notes stay hidden until they are revealed")
        return lines

    def paintEvent(self, event) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing, False)
        area = QRectF(self.rect())
        painter.setPen(QPen(QColor("#c9ced6"), 2))
        painter.setBrush(PAPER)
        painter.drawRoundedRect(area.adjusted(1, 1, -1, -1), 16, 16)
        if not self.matrix:
            return
        size = len(self.matrix) + 2 * QUIET_MODULES
        side = min(area.height() * 0.94, area.width() * 0.5)
        module = int(side / size)  # whole pixels: a blurred module reads badly
        code = QRectF(
            area.left() + 24, area.center().y() - module * size / 2, module * size, module * size
        )
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(INK)
        for row, modules in enumerate(self.matrix):
            for column, dark in enumerate(modules):
                if dark:
                    painter.drawRect(
                        QRectF(
                            code.left() + (column + QUIET_MODULES) * module,
                            code.top() + (row + QUIET_MODULES) * module,
                            module,
                            module,
                        )
                    )
        text_left = code.right() + 24
        text = QRectF(text_left, area.top() + 24, area.right() - text_left - 24, area.height() - 48)
        painter.setPen(INK)
        heading, address, people, *rest = self.text_lines()
        y = text.top() + text.height() * 0.2
        words, anywhere = Qt.TextFlag.TextWordWrap, Qt.TextFlag.TextWrapAnywhere
        for line, share, bold, wrap in (
            (heading, 0.085, True, words),
            (address, 0.06, False, anywhere),  # an address has no spaces to break at
            (people, 0.06, False, words),
            *((extra, 0.045, False, words) for extra in rest),
        ):
            font = QFont()
            font.setPixelSize(max(12, int(area.height() * share)))
            font.setBold(bold)
            painter.setFont(font)
            box = QRectF(text.left(), y, text.width(), area.height() * share * 2.6)
            used = painter.boundingRect(box, Qt.AlignmentFlag.AlignLeft | wrap, line)
            painter.drawText(box, Qt.AlignmentFlag.AlignLeft | wrap, line)
            y += used.height() + area.height() * share * 0.4

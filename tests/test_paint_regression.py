"""Guard against the PySide6 6.12.0 / CPython 3.11 crash in Python-overridden paint().

That combination aborts the interpreter ("Fatal Python error: none_dealloc")
after a few thousand calls into a Python ``paint()``. The test renders a scene
of 2,000 such items 20 times in a child process, so a crash fails this test
instead of killing the whole run.
"""

from __future__ import annotations

import subprocess
import sys
import textwrap

SCRIPT = textwrap.dedent(
    """
    import os
    os.environ["QT_QPA_PLATFORM"] = "offscreen"
    from PySide6.QtCore import QRectF
    from PySide6.QtGui import QImage, QPainter, QColor
    from PySide6.QtWidgets import QApplication, QGraphicsItem, QGraphicsScene

    class Card(QGraphicsItem):
        calls = 0

        def boundingRect(self):
            return QRectF(0, 0, 40, 20)

        def paint(self, painter, option, widget=None):
            Card.calls += 1
            painter.fillRect(self.boundingRect(), QColor("#1f8a9e"))
            painter.drawText(self.boundingRect(), "x")

    app = QApplication([])
    scene = QGraphicsScene()
    for i in range(2000):
        card = Card()
        card.setPos((i % 50) * 45, (i // 50) * 25)
        scene.addItem(card)
    image = QImage(1920, 1080, QImage.Format.Format_ARGB32_Premultiplied)
    for _ in range(20):
        with QPainter(image) as painter:
            scene.render(painter)
    print("painted", Card.calls)
    """
)


def test_two_thousand_python_painted_items_render_twenty_times_without_crashing():
    result = subprocess.run(
        [sys.executable, "-c", SCRIPT], capture_output=True, text=True, timeout=300
    )
    assert result.returncode == 0, result.stderr[-2000:]
    assert "none_dealloc" not in result.stderr
    calls = int(result.stdout.split()[-1])
    assert calls == 2000 * 20

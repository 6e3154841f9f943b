"""The colours both drawings of the map use, the PDF's and the web page's, so the printed
and the screen map read as one."""

from __future__ import annotations

from reportlab.lib import colors

INK = colors.HexColor("#1b1f27")
MUTED = colors.HexColor("#5b6472")
GRID = colors.HexColor("#d5d9e0")
HEADER = colors.HexColor("#e9ecf1")
ARROW = colors.HexColor("#3d4452")
CROSS = colors.HexColor("#4338ca")

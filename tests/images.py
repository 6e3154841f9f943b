"""Small real images for tests: a PNG built with the standard library, a JPEG with Pillow."""

from __future__ import annotations

import io
import struct
import zlib


def png(width: int = 4, height: int = 3, colour: tuple[int, int, int] = (200, 30, 60)) -> bytes:
    """A solid-colour RGB PNG of ``width`` × ``height`` pixels."""

    def chunk(kind: bytes, body: bytes) -> bytes:
        return (
            struct.pack(">I", len(body))
            + kind
            + body
            + struct.pack(">I", zlib.crc32(kind + body) & 0xFFFFFFFF)
        )

    row = b"\x00" + bytes(colour) * width
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (
        b"\x89PNG\r\n\x1a\n"
        + chunk(b"IHDR", header)
        + chunk(b"IDAT", zlib.compress(row * height))
        + chunk(b"IEND", b"")
    )


def jpeg(width: int = 8, height: int = 8, colour: tuple[int, int, int] = (20, 90, 200)) -> bytes:
    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (width, height), colour).save(out, "JPEG")
    return out.getvalue()

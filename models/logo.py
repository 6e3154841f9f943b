"""A playbook's logo: a small PNG or JPEG image kept in the file, and what is refused.

The checks look at the image's own signature, not at a file name, so a logo
keeps working when it is renamed and a text file called logo.png is refused.
"""

from __future__ import annotations

import base64
import binascii
import os
from pathlib import Path

from journeyapp.models.errors import EditError

MAX_LOGO_BYTES = 512 * 1024  # a cover's logo; a snapshot carries a copy of it too

_PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
_JPEG_SIGNATURE = b"\xff\xd8\xff"


def image_format(data: bytes) -> str | None:
    """ "PNG" or "JPEG" from the image's first bytes, or None for anything else."""
    if data.startswith(_PNG_SIGNATURE) and data[12:16] == b"IHDR":
        return "PNG"
    if data.startswith(_JPEG_SIGNATURE):
        return "JPEG"
    return None


def check_logo(data: bytes, name: str = "The logo", size: int | None = None) -> None:
    """Refuse, in one sentence, anything but a PNG or JPEG image of at most MAX_LOGO_BYTES.

    ``name`` is how the sentence names what was chosen (a file name, or "The logo");
    ``size`` is the whole file's size when ``data`` is only its start.
    """
    if not data:
        return  # no logo
    if image_format(data) is None:
        raise EditError(f"{name} is not a PNG or JPEG image; choose a logo saved as .png or .jpg.")
    size = len(data) if size is None else size
    if size > MAX_LOGO_BYTES:
        raise EditError(
            f"{name} is {_size(size)}; a logo can be at most {_size(MAX_LOGO_BYTES)}, "
            "so save a smaller copy and choose that."
        )


def read_logo(path: os.PathLike[str] | str) -> bytes:
    """The image in the file at ``path``, checked as a logo; one sentence if it cannot be one."""
    path = Path(path)
    try:
        with path.open("rb") as file:
            data = file.read(MAX_LOGO_BYTES + 1)  # enough to tell a logo that is too large
            size = os.fstat(file.fileno()).st_size
    except OSError as error:
        raise EditError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    if not data:
        raise EditError(f"{path.name} is empty; choose a PNG or JPEG image.")
    check_logo(data, path.name, max(size, len(data)))
    return data


def logo_to_text(data: bytes) -> str:
    """The logo as base64 text: how the file's meta table and the JSON interchange hold it."""
    return base64.b64encode(data).decode("ascii")


def logo_from_text(text: str) -> bytes:
    """The logo back from its base64 text; EditError for text that is not base64."""
    try:
        return base64.b64decode(text.encode("ascii"), validate=True)
    except (binascii.Error, UnicodeEncodeError):
        raise EditError("The logo is not written as base64 text.") from None


def _size(count: int) -> str:
    if count >= 1024 * 1024:
        return f"{count / (1024 * 1024):.1f} MB"
    return f"{max(1, round(count / 1024))} KB"

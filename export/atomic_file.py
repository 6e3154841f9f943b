"""Write a file so that it is either the old one or the new one, never half of each."""

from __future__ import annotations

import os
import tempfile
from pathlib import Path

from journeyapp.models.errors import PlaybookError


class ExportError(PlaybookError):
    """A file that could not be written; the message says why in one sentence."""


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def write_atomically(path: str | os.PathLike[str], data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path``, flush it to disk, then rename it over."""
    path = Path(path)
    if not path.parent.is_dir():
        raise ExportError(f"The folder {path.parent} does not exist.")
    temp_name = None
    try:
        handle, temp_name = tempfile.mkstemp(
            prefix=f".{path.name}.", suffix=".tmp", dir=path.parent
        )
        os.chmod(temp_name, 0o666 & ~_umask())  # as an ordinary new file, not private
        with os.fdopen(handle, "wb") as out:
            out.write(data)
            out.flush()
            os.fsync(out.fileno())
        os.replace(temp_name, path)
        temp_name = None
    except OSError as error:
        raise ExportError(f"{path.name} could not be written: {error.strerror or error}.") from None
    finally:
        if temp_name is not None:
            Path(temp_name).unlink(missing_ok=True)

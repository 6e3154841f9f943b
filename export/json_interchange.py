"""The JSON interchange file: a lossless, deterministic copy of a playbook."""

from __future__ import annotations

import json
import os
from pathlib import Path

from journeyapp.export.atomic_file import write_atomically
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.errors import FormatError
from journeyapp.models.file_check import special_kind
from journeyapp.models.playbook import Playbook

MAX_JSON_BYTES = 200 * 1024 * 1024


def playbook_to_json(playbook: Playbook) -> str:
    return json.dumps(playbook_to_dict(playbook), indent=2, ensure_ascii=False) + "\n"


def write_json(
    playbook: Playbook, path: str | os.PathLike[str], like: str | os.PathLike[str] | None = None
) -> None:
    write_atomically(path, playbook_to_json(playbook).encode("utf-8"), like)


def read_json(path: str | os.PathLike[str]) -> Playbook:
    """Read an interchange file; anything wrong with it is one sentence in a FormatError."""
    path = Path(path)
    kind = special_kind(path)
    if kind is not None:
        raise FormatError(f"{path.name} is {kind}, not a JSON file.")
    try:
        if path.stat().st_size > MAX_JSON_BYTES:
            raise FormatError(f"{path.name} is too large to be a playbook.")
        raw = path.read_bytes()
    except FileNotFoundError:
        raise FormatError(f"There is no file at {path}.") from None
    except IsADirectoryError:
        raise FormatError(f"{path.name} is a folder, not a JSON file.") from None
    except OSError as error:
        raise FormatError(f"{path.name} cannot be read: {error.strerror or error}.") from None
    try:
        data = json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as error:
        if error.reason == "unexpected end of data":  # cut short part-way through a character
            raise FormatError(
                f"{path.name} is not valid JSON: it ends part-way through a character, "
                "as a file cut short does."
            ) from None
        raise FormatError(f"{path.name} is not UTF-8 text, so it is not a playbook JSON.") from None
    except json.JSONDecodeError as error:
        raise FormatError(
            f"{path.name} is not valid JSON (line {error.lineno}, column {error.colno}: "
            f"{error.msg})."
        ) from None
    except ValueError:  # Python reads at most 4,300 digits of a whole number
        raise FormatError(
            f"{path.name} holds a number thousands of digits long; it is not a playbook."
        ) from None
    except RecursionError:
        raise FormatError(f"{path.name} is nested too deeply to be a playbook.") from None
    return playbook_from_dict(data)

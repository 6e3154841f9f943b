"""Where the shipped data lives: the ``resources`` folder installed beside the packages."""

from pathlib import Path

RESOURCES_DIR = Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    """The path of a shipped file, e.g. ``resource_path("fonts", "DejaVuSans.ttf")``."""
    return RESOURCES_DIR.joinpath(*parts)

"""The layers hold: models and export run with Qt unavailable; ruff and import-linter pass."""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

NO_QT = textwrap.dedent(
    """
    import importlib, pkgutil, sys, tempfile, pathlib

    class BlockQt:
        def find_spec(self, name, path=None, target=None):
            if name.split(".")[0] in ("PySide6", "shiboken6", "reportlab"):
                raise ImportError(f"{name} is blocked in this test")
            return None

    sys.meta_path.insert(0, BlockQt())
    import models, export
    for package in (models, export):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")

    from models.templates import load_template
    from models.store import Store
    from models.validation import validate
    from export.json_interchange import playbook_to_json
    from export.graphml import write_graphml

    playbook = load_template("b2b-saas")
    folder = pathlib.Path(tempfile.mkdtemp())
    Store.create(folder / "p.journey", playbook).close()
    write_graphml(playbook, folder / "p.graphml")
    assert playbook_to_json(playbook)
    assert not [p for p in validate(playbook) if p.severity == "error"]
    assert not any(m.startswith(("PySide6", "shiboken6")) for m in sys.modules)
    print("ok without Qt")
    """
)


def _tool(name: str) -> str:
    found = shutil.which(name, path=str(Path(sys.executable).parent))
    assert found, f"{name} is not installed next to {sys.executable}; install the test extra"
    return found


def test_models_and_export_work_with_qt_unavailable():
    result = subprocess.run(
        [sys.executable, "-c", NO_QT], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    assert "ok without Qt" in result.stdout


def test_import_contracts_are_kept():
    result = subprocess.run(
        [_tool("lint-imports")], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout


def test_ruff_is_clean():
    result = subprocess.run(
        [_tool("ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]

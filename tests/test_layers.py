"""The layers hold: models and export run with Qt unavailable; ruff and import-linter pass."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import textwrap
import tomllib
from pathlib import Path

import pytest

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
    import journeyapp.models, journeyapp.export
    for package in (journeyapp.models, journeyapp.export):
        for info in pkgutil.iter_modules(package.__path__):
            importlib.import_module(f"{package.__name__}.{info.name}")

    from journeyapp.models.templates import load_template
    from journeyapp.models.store import Store
    from journeyapp.models.validation import validate
    from journeyapp.export.json_interchange import playbook_to_json
    from journeyapp.export.graphml import write_graphml

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


def _lint_imports(tree: Path) -> subprocess.CompletedProcess:
    """import-linter on an unpacked wheel: there journeyapp.models sits inside journeyapp/."""
    return subprocess.run(
        [_tool("lint-imports"), "--config", str(ROOT / "pyproject.toml")],
        capture_output=True,
        text=True,
        cwd=tree,
        env={**os.environ, "PYTHONPATH": str(tree)},
        timeout=300,
    )


def test_import_contracts_are_kept(unpacked_wheel: Path):
    result = _lint_imports(unpacked_wheel)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-2000:]
    assert "0 broken" in result.stdout
    assert "Contracts: 3 kept" in result.stdout


@pytest.mark.parametrize(
    ("module", "planted", "contract"),
    [
        ("models/planted.py", "import PySide6.QtCore", "models and export never import Qt"),
        ("export/planted.py", "import journeyapp.main_window", "models and export never"),
        ("models/planted.py", "import reportlab", "models never import reportlab"),
        ("widgets/planted.py", "import journeyapp.models.store", "widgets never reach"),
    ],
)
def test_a_planted_import_across_a_layer_is_caught(
    unpacked_wheel: Path, tmp_path: Path, module: str, planted: str, contract: str
):
    tree = tmp_path / "tree"
    shutil.copytree(unpacked_wheel, tree)
    (tree / "journeyapp" / module).write_text(planted + "\n")
    result = _lint_imports(tree)
    assert result.returncode != 0
    assert "1 broken" in result.stdout
    assert f"{contract}" in result.stdout.replace("\n", " ")


def test_every_application_module_is_forbidden_to_the_lower_layers():
    """A new module in journeyapp/ must join the contracts, or models could import it unseen."""
    config = tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["importlinter"]
    forbidden = {
        contract["name"]: set(contract["forbidden_modules"]) for contract in config["contracts"]
    }
    app_modules = {
        f"journeyapp.{p.stem}" for p in (ROOT / "journeyapp").glob("*.py") if p.stem[0] != "_"
    }
    assert app_modules <= forbidden["models and export never import Qt or the application"]
    assert (
        app_modules <= forbidden["widgets never reach the store, the exporters or the application"]
    )


def test_ruff_is_clean():
    result = subprocess.run(
        [_tool("ruff"), "check", "."], capture_output=True, text=True, cwd=ROOT, timeout=120
    )
    assert result.returncode == 0, result.stdout[-3000:]

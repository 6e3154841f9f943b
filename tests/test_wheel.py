"""The built wheel installs one package, journeyapp, with the layers inside it."""

from __future__ import annotations

import os
import subprocess
import sys
import zipfile
from pathlib import Path


def test_the_wheel_holds_only_the_journeyapp_package(built_wheel: Path):
    names = zipfile.ZipFile(built_wheel).namelist()
    tops = {name.split("/")[0] for name in names}
    assert tops == {"journeyapp", "journeyapp-0.1.0.dist-info"}
    for layer in ("models", "widgets", "export"):
        assert f"journeyapp/{layer}/__init__.py" in names
    assert "journeyapp/models/deal_import/plan.py" in names
    assert "journeyapp/widgets/canvas/map_view.py" in names
    assert "journeyapp/resources/fonts/DejaVuSans.ttf" in names
    assert "journeyapp/resources/templates/b2b-saas.json" in names
    assert not [name for name in names if "/screenshots/" in name or "/tests/" in name]


def test_every_module_in_the_source_tree_is_in_the_wheel(built_wheel: Path):
    """A sub-package left out of pyproject's list installs fine in editable mode and is
    missing from the wheel users get."""
    names = set(zipfile.ZipFile(built_wheel).namelist())
    root = Path(__file__).resolve().parent.parent
    missing = [
        f"{folder}/{module.relative_to(root / folder)}"
        for folder in ("journeyapp", "models", "widgets", "export")
        for module in (root / folder).rglob("*.py")
        if "__pycache__" not in module.parts
        and f"journeyapp/{'' if folder == 'journeyapp' else folder + '/'}"
        f"{module.relative_to(root / folder).as_posix()}"
        not in names
    ]
    assert missing == []


def test_the_installed_layout_reads_its_shipped_files(unpacked_wheel: Path, tmp_path: Path):
    """Run from the unpacked wheel alone: the sample template and the PDF font are found."""
    probe = (
        "import journeyapp.models.templates as t, journeyapp.models.resource_files as r\n"
        f"assert t.__file__.startswith({str(unpacked_wheel)!r})\n"
        "print(len(t.load_template(t.SAMPLE).stages()), r.resource_path('fonts', "
        "'DejaVuSans.ttf').is_file())\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**os.environ, "PYTHONPATH": str(unpacked_wheel)},
        timeout=120,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    stages, font_found = result.stdout.split()
    assert int(stages) > 5
    assert font_found == "True"


def test_a_bare_import_of_a_layer_is_refused(tmp_path: Path):
    """From the repository's root the folders are importable by their bare names; that would
    make a second copy of every class, so each layer refuses it."""
    root = Path(__file__).resolve().parent.parent
    for layer in ("models", "widgets", "export"):
        result = subprocess.run(
            [sys.executable, "-c", f"import {layer}"],
            capture_output=True,
            text=True,
            cwd=root,
            timeout=120,
        )
        assert result.returncode != 0
        assert f"Import this package as journeyapp.{layer}" in result.stderr


def test_a_folder_holding_its_own_models_py_does_not_shadow_the_app(tmp_path):
    """`python -m journeyapp` failed when run from a folder that held a models.py."""
    for name in ("models.py", "widgets.py", "export.py"):
        (tmp_path / name).write_text("raise SystemExit('the wrong module was imported')\n")
    made = subprocess.run(
        [sys.executable, "-m", "journeyapp", "new", "p.journey"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert made.returncode == 0, made.stderr
    checked = subprocess.run(
        [sys.executable, "-m", "journeyapp", "check", "p.journey"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        timeout=120,
    )
    assert checked.returncode == 0, checked.stderr
    assert "p.journey: 0 errors" in checked.stdout

"""A quick start: the app does not load what only exporting, laying out or testing needs."""

from __future__ import annotations

import json
import os
import subprocess
import sys

# Loaded when first used (File → Export PDF, Map → Auto-layout, Invite the Room), or never by
# the app. The room's web server and QR code took about 0.45 s of a 0.9 s start-up.
NOT_AT_START = ("reportlab", "pygraphviz", "pypdf", "hypothesis", "aiohttp", "qrcode")


def printed_by(probe: str, **env: str) -> list[str]:
    """The lines a fresh interpreter prints running ``probe``, ``env`` added to its own."""
    result = subprocess.run(
        [sys.executable, "-c", probe],
        capture_output=True,
        text=True,
        timeout=120,
        env={**os.environ, **env},
    )
    assert result.returncode == 0, result.stderr
    return result.stdout.splitlines()


def loaded_by(code: str) -> list[str]:
    """The top-level packages of NOT_AT_START that a fresh interpreter has loaded after ``code``."""
    loaded = "{name.split('.')[0] for name in sys.modules}"
    probe = f"{code}\nimport json, sys\nprint(json.dumps(sorted({loaded} & {set(NOT_AT_START)!r})))"
    return json.loads(printed_by(probe)[-1])


def test_importing_the_app_loads_no_pdf_layout_or_test_libraries():
    assert loaded_by("import journeyapp.app") == []


# The window built, shown and painted on the sample as at start-up, in fresh user folders.
WINDOW_ON_THE_SAMPLE = (
    "import sys\n"
    "from journeyapp.app import create_application, first_document\n"
    "from journeyapp.main_window import MainWindow\n"
    "from journeyapp.settings import AppSettings\n"
    "app = create_application()\n"
    "window = MainWindow(AppSettings())\n"
    "window.set_document(first_document(window, None, True))\n"
    "window.show()\n"
    "for _ in range(3): app.processEvents()\n"
    "window.grab()\n"
)


def test_the_window_open_on_the_sample_has_loaded_none_of_them():
    assert loaded_by(WINDOW_ON_THE_SAMPLE) == []


def test_workshop_mode_is_made_when_first_used_not_at_start_up():
    """Its panel, dock and room widgets (about 40 ms to load and build) wait for F5."""
    probe = WINDOW_ON_THE_SAMPLE + (
        "print('journeyapp.workshop' in sys.modules)\n"
        "window.workshop.toggle()\n"
        "print(window.workshop.active)\n"
    )
    assert printed_by(probe) == ["False", "True"]


def test_the_command_line_loads_no_pdf_or_layout_libraries_before_a_command_needs_them():
    assert loaded_by("import journeyapp.cli") == []


def test_the_app_reports_its_first_paint_and_quits_when_asked():
    """The hook bench_startup.py times the start-up by: the window painted, then a line, exit 0."""
    from journeyapp.app import EXIT_AFTER_FIRST_PAINT, FIRST_PAINT_MARKER

    env = dict(os.environ, **{EXIT_AFTER_FIRST_PAINT: "1"})
    result = subprocess.run(
        [sys.executable, "-m", "journeyapp", "--sample"],
        capture_output=True,
        text=True,
        timeout=120,
        env=env,
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [FIRST_PAINT_MARKER]


def test_a_command_other_than_import_deals_loads_none_of_the_crm_readers():
    """Building the command line's parser imported every CRM layout and the workbook reader
    (about 65 ms) for any command, only to list import-deals' --format choices."""
    probe = (
        "import sys\n"
        "from journeyapp import cli\n"
        "cli._command_parser().parse_args(['check', 'x.journey'])\n"
        "print(sorted(m for m in sys.modules if m.startswith('journeyapp.models.deal_import')"
        " or m.startswith('python_calamine')))\n"
    )
    assert printed_by(probe) == ["[]"]


def test_the_collector_is_back_on_when_the_app_returns_however_it_ends(monkeypatch):
    """Start-up pauses garbage collection until the first frame; an app that stops before it
    (a file refused, a display missing) must not leave the process collecting nothing."""
    import gc

    from journeyapp import app, cli

    during = []

    def refused(file, sample=False):
        during.append(gc.isenabled())
        raise cli.PlaybookError("x.journey is not a playbook.")

    monkeypatch.setattr(app, "run_app", refused)
    assert cli.main(["--sample"]) == cli.EXIT_USAGE
    assert during == [False]
    assert gc.isenabled()


def test_the_window_on_the_sample_leaves_hidden_lists_and_command_modules_unmade():
    """The problems list (its panel closed) and the undo history (a tab behind the inspector)
    are made when first shown, and no command-line command's module is loaded: together with
    the dialogs' classes, about 20 ms of start-up."""
    probe = WINDOW_ON_THE_SAMPLE + (
        "print(window.panels.dock_problems.made, window.dock_history.made)\n"
        "print(sorted(m for m in sys.modules if m.endswith('_cli')))\n"
        "window.dock_history.raise_()\n"
        "for _ in range(3): app.processEvents()\n"
        "print(window.dock_history.made, window.undo_view.objectName())\n"
    )
    assert printed_by(probe) == ["False False", "[]", "True undo_view"]


def test_the_app_is_in_the_fusion_style_whatever_the_desktop_asks_for():
    """The themes' palettes need Fusion; it is chosen as the application starts."""
    probe = WINDOW_ON_THE_SAMPLE + "print(app.style().name())\n"
    assert printed_by(probe, QT_STYLE_OVERRIDE="Windows")[-1].casefold() == "fusion"


def test_the_app_is_in_the_fusion_style_with_no_program_name_given():
    """An embedded interpreter's argv may be empty: Qt must still read -style as an option."""
    probe = "import sys\nsys.argv = []\n" + WINDOW_ON_THE_SAMPLE + "print(app.style().name())\n"
    assert printed_by(probe, QT_STYLE_OVERRIDE="Windows")[-1].casefold() == "fusion"

"""Save As and exports onto a full disk, into a missing folder, or a folder that cannot be
written: one clear sentence, nothing half-written left behind, and the open document
carries on untouched."""

from __future__ import annotations

import errno
import os
import shutil
import subprocess

import pytest
from journeyapp.models import operations
from journeyapp.models.change import Kind


@pytest.fixture
def tiny_disk(tmp_path):
    """A 96 KB file system (a tmpfs mount) where this machine allows it, else None."""
    if not hasattr(os, "geteuid") or os.geteuid() != 0 or shutil.which("mount") is None:
        yield None
        return
    folder = tmp_path / "tiny"
    folder.mkdir()
    made = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", "size=96k", "tmpfs", str(folder)], capture_output=True
    )
    if made.returncode != 0:
        yield None
        return
    try:
        yield folder
    finally:
        subprocess.run(["umount", str(folder)], check=False)


def full_disk_injected(monkeypatch):
    """Make every write of a new file fail as a full disk does: the playbook copy when it is
    flushed to disk, an export as it is written."""

    def no_space(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))

    monkeypatch.setattr("journeyapp.models.store._fsync", no_space)
    real_fdopen = os.fdopen

    class FullFile:
        def __init__(self, handle):
            self.handle = handle

        def __enter__(self):
            return self

        def __exit__(self, *exc):
            self.handle.close()

        def write(self, data):
            no_space()

    monkeypatch.setattr(os, "fdopen", lambda fd, *a, **k: FullFile(real_fdopen(fd, *a, **k)))


def still_working(window, path_before):
    """The document is where it was, and takes the next edit."""
    document = window.document
    assert document.path == path_before
    stage = document.playbook.stages()[0]
    assert window.apply_edit(
        operations.rename(document.playbook, Kind.STAGE, stage.id, "Still editable")
    )
    assert document.playbook.stage(stage.id).name == "Still editable"


def leftovers(folder):
    return [p.name for p in folder.iterdir() if p.name.startswith(".") or p.suffix == ".tmp"]


def test_save_as_into_a_missing_folder_says_so(window, tmp_path, messages):
    before = window.document.path
    assert not window.save_as(tmp_path / "nowhere" / "plan.journey")
    assert messages and "does not exist" in messages[-1]
    still_working(window, before)


def test_save_as_and_exports_onto_a_full_disk(window, tmp_path, tiny_disk, messages, monkeypatch):
    before = window.document.path
    if tiny_disk is None:
        full_disk_injected(monkeypatch)
        target = tmp_path
    else:
        target = tiny_disk
        # Fill the little disk so that even a small playbook does not fit.
        (tiny_disk / "filler").write_bytes(b"x" * 80_000)
    assert not window.save_as(target / "plan.journey")
    assert "plan.journey could not be written" in messages[-1]
    assert not (target / "plan.journey").exists()
    for kind in ("json", "png", "svg"):
        assert not window.export(kind, target / f"map.{kind}")
        assert f"map.{kind} could not be written" in messages[-1]
        assert not (target / f"map.{kind}").exists()
    assert leftovers(target) == []
    still_working(window, before)


def test_an_export_into_a_folder_that_cannot_be_written(window, tmp_path, messages, monkeypatch):
    before = window.document.path
    locked = tmp_path / "locked"
    locked.mkdir()
    locked.chmod(0o555)
    if os.access(locked, os.W_OK):  # root writes anywhere: make the folder refuse as one would
        real_mkstemp = __import__("tempfile").mkstemp

        def refuse(*args, dir=None, **kwargs):
            if dir is not None and str(dir).startswith(str(locked)):
                raise PermissionError(errno.EACCES, os.strerror(errno.EACCES))
            return real_mkstemp(*args, dir=dir, **kwargs)

        monkeypatch.setattr("tempfile.mkstemp", refuse)
    try:
        assert not window.export("json", locked / "plan.json")
        assert "plan.json could not be written: Permission denied" in messages[-1]
        assert not window.save_as(locked / "plan.journey")
        assert "Permission denied" in messages[-1]
        assert list(locked.iterdir()) == []
    finally:
        locked.chmod(0o755)
    still_working(window, before)


def test_the_pdf_export_onto_a_full_disk_leaves_nothing_behind(tmp_path, monkeypatch):
    from journeyapp.export.atomic_file import ExportError
    from journeyapp.export.pdf.playbook_pdf import write_pdf
    from journeyapp.models.templates import load_template

    folder = tmp_path / "out"
    folder.mkdir()
    full_disk_injected(monkeypatch)
    with pytest.raises(ExportError, match=r"handbook\.pdf could not be written: No space left"):
        write_pdf(load_template("b2b-saas"), folder / "handbook.pdf")
    assert list(folder.iterdir()) == []


def test_save_as_when_the_disk_fills_during_the_copy(window, tmp_path, messages):
    before = window.document.path
    folder = tmp_path / "out"
    folder.mkdir()
    # Its own patch, so that freeing the disk keeps the recorded message boxes in place.
    with pytest.MonkeyPatch.context() as disk:
        full_disk_injected(disk)
        assert not window.save_as(folder / "plan.journey")
    assert "plan.journey could not be written: No space left on device" in messages[-1]
    assert list(folder.iterdir()) == []
    still_working(window, before)

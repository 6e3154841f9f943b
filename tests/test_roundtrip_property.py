"""Any playbook saved and reopened, or exported and imported, is equal to the original.

The playbooks come from tests/field_strategies.py, which draws every field of every
entity from its declaration: a new field is generated here without a change.
"""

from __future__ import annotations

import json
import tempfile
from pathlib import Path

from field_strategies import playbooks
from hypothesis import HealthCheck, given, settings
from journeyapp.export.json_interchange import playbook_to_json
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.store import Store


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(playbooks())
def test_any_playbook_saved_and_reopened_is_equal(playbook):
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "p.journey"
        Store.create(path, playbook).close()
        store = Store.open(path)
        try:
            assert store.load() == playbook
        finally:
            store.close()


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(playbooks())
def test_any_playbook_exported_and_imported_is_equal(playbook):
    text_out = playbook_to_json(playbook)
    again = playbook_from_dict(json.loads(text_out))
    assert again == playbook
    assert playbook_to_json(again) == text_out

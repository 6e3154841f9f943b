"""Visits to CRM stages made paths over the map's stages, many records at a time, as an
import makes them: ignored stages left out, stages mapped together joined into one visit."""

from __future__ import annotations

from types import SimpleNamespace

from journeyapp.models.deal_import.mapped_paths import mapped_paths
from journeyapp.models.entities import DealStep

MAPPING = {"Lead": "s-lead", "MQL": "s-mql", "SQL": "s-sql", "Nurture": None, "SAL": "s-sql"}


def _record(*visits):
    return SimpleNamespace(visits=list(visits))


def test_each_visit_becomes_a_step_on_its_map_stage():
    paths = mapped_paths(
        [_record(("Lead", 10, 20), ("MQL", 20, None)), _record(("Lead", 5, 9), ("MQL", 9, 30))],
        MAPPING,
    )
    assert paths == [
        (DealStep("s-lead", "Lead", 10, 20), DealStep("s-mql", "MQL", 20, None)),
        (DealStep("s-lead", "Lead", 5, 9), DealStep("s-mql", "MQL", 9, 30)),
    ]
    assert all(type(step) is DealStep for path in paths for step in path)


def test_an_ignored_stage_is_left_out_and_stages_mapped_together_are_one_visit():
    paths = mapped_paths(
        [
            _record(("Lead", 1, 2), ("Nurture", 2, 3), ("MQL", 3, None)),
            _record(("SQL", 1, 2), ("SAL", 2, 7), ("Lead", 7, None)),
            _record(("Lead", 1, 2), ("MQL", 2, None)),  # the same route as none before it
        ],
        MAPPING,
    )
    assert paths == [
        (DealStep("s-lead", "Lead", 1, 2), DealStep("s-mql", "MQL", 3, None)),
        (DealStep("s-sql", "SQL", 1, 7), DealStep("s-lead", "Lead", 7, None)),
        (DealStep("s-lead", "Lead", 1, 2), DealStep("s-mql", "MQL", 2, None)),
    ]


def test_a_record_with_no_visit_or_only_ignored_ones_has_an_empty_path():
    assert mapped_paths([_record(), _record(("Nurture", 1, None))], MAPPING) == [(), ()]


def test_visits_kept_as_lists_make_the_same_steps():
    assert mapped_paths([_record(["Lead", 1, 2], ["MQL", 2, None])], MAPPING) == [
        (DealStep("s-lead", "Lead", 1, 2), DealStep("s-mql", "MQL", 2, None))
    ]

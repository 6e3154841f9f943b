"""Text read back from a file: taken as written when it is text a field may hold, refused in
a sentence when it is not (too long, a name of spaces, a lone surrogate)."""

from __future__ import annotations

import pytest
from journeyapp.models.codec import entity_from_dict, entity_to_dict
from journeyapp.models.entities import Stage
from journeyapp.models.errors import FormatError
from journeyapp.models.limits import MAX_TEXT_CHARS
from journeyapp.models.templates import load_template


def _stage_data(**values) -> dict:
    stage = load_template("b2b-saas").stages()[0]
    return {**entity_to_dict(stage), **values}


@pytest.mark.parametrize(
    "text", ["x" * MAX_TEXT_CHARS, "Qualifié — 日本語 ✓", "", "  leading and trailing  "]
)
def test_text_a_field_may_hold_is_read_as_written(text):
    stage = entity_from_dict(Stage, _stage_data(description=text), "stage")
    assert stage.description == text


def test_a_name_is_read_as_written():
    assert entity_from_dict(Stage, _stage_data(name=" MQL "), "stage").name == " MQL "


@pytest.mark.parametrize(
    ("values", "sentence"),
    [
        ({"description": "x" * (MAX_TEXT_CHARS + 1)}, "is 20,001 characters long"),
        ({"name": "   "}, "stage.name must not be empty"),
        ({"name": ""}, "stage.name must not be empty"),
        ({"description": "half of a pair: \ud800"}, "not valid Unicode text"),
        ({"description": 12}, "stage.description must be text, not the number 12"),
        ({"name": None}, "stage.name must be text, not null"),
    ],
)
def test_text_no_field_may_hold_is_refused_in_a_sentence(values, sentence):
    with pytest.raises(FormatError, match=sentence):
        entity_from_dict(Stage, _stage_data(**values), "stage")

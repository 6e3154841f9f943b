"""The JSON interchange is lossless and deterministic, and bad JSON gets one clear sentence."""

from __future__ import annotations

import json

import pytest
from builders import tiny_data, tiny_playbook
from journeyapp.export.graphml import write_graphml
from journeyapp.export.json_interchange import playbook_to_json, read_json, write_json
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.errors import FormatError


def test_export_import_export_is_byte_identical(tmp_path, sample_playbook):
    first = tmp_path / "first.json"
    write_json(sample_playbook, first)
    second = tmp_path / "second.json"
    write_json(read_json(first), second)
    assert first.read_bytes() == second.read_bytes()


def test_whole_numbers_are_written_without_a_fraction():
    data = json.loads(playbook_to_json(tiny_playbook()))
    handoff = next(h for h in data["handoffs"] if h["id"] == "h2")
    assert handoff["sla_hours"] == 24 and isinstance(handoff["sla_hours"], int)


def test_unicode_is_kept_as_text(tmp_path):
    data = tiny_data()
    data["stages"][1]["name"] = "見込み客 – MQL ✓"
    path = tmp_path / "u.json"
    write_json(playbook_from_dict(data), path)
    assert "見込み客 – MQL ✓" in path.read_text("utf-8")
    assert read_json(path).stage("mql").name == "見込み客 – MQL ✓"


def _write(tmp_path, content: str | bytes):
    path = tmp_path / "in.json"
    if isinstance(content, str):
        path.write_text(content, "utf-8")
    else:
        path.write_bytes(content)
    return path


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("{not json", r"in\.json is not valid JSON \(line 1, column 2"),
        ("[1, 2]", "must be an object, not a list"),
        ('{"stages": []}', "is not a journeyapp playbook"),
        (b"\xff\xfe\x00garbage", "is not UTF-8 text"),
        ("", "is not valid JSON"),
    ],
)
def test_malformed_json_is_one_sentence(tmp_path, content, message):
    with pytest.raises(FormatError, match=message):
        read_json(_write(tmp_path, content))


def _mutated(change) -> dict:
    data = tiny_data()
    change(data)
    return data


@pytest.mark.parametrize(
    ("change", "message"),
    [
        (
            lambda d: d["handoffs"].append({"id": "hx", "source": "mql", "target": "ghost"}),
            r"handoffs\[4\].*cannot point at a stage that does not exist \('ghost'\)",
        ),
        (
            lambda d: d["stages"][0].update(expected_days="ten"),
            r"stages\[0\]\.expected_days must be a whole number or null, not the text “ten”",
        ),
        (
            lambda d: d["stages"][0].update(kind="maybe"),
            r"stages\[0\]\.kind must be one of entry, step, won, lost, exit",
        ),
        (lambda d: d["stages"][0].pop("name"), r"stages\[0\] is missing “name”"),
        (
            lambda d: d["handoffs"][2].update(target_conversion=1.5),
            r"handoffs\[2\]\.target_conversion must be between 0 and 1",
        ),
        (lambda d: d["lanes"][0].update(color="red"), r"lanes\[0\]\.color must be a colour"),
        (
            lambda d: d["activities"][0]["raci"].update(sdr="X"),
            r"activities\[0\]\.raci gives role 'sdr' the text “X”; use R, A, C or I",
        ),
        (lambda d: d.update(format_version=99), "format version 99"),
        (lambda d: d["stages"].append(dict(d["stages"][0])), "already a stage"),
        (lambda d: d.update(stages={"a": 1}), r"stages must be a list, not an object"),
        (lambda d: d["handoffs"][0].update(sla_hours=True), r"sla_hours must be a number"),
    ],
)
def test_wrong_typed_or_dangling_json_is_refused_with_its_place(change, message):
    with pytest.raises(FormatError, match=message):
        playbook_from_dict(_mutated(change))


def test_graphml_holds_every_stage_and_handoff(tmp_path, sample_playbook):
    import networkx as nx

    path = tmp_path / "map.graphml"
    write_graphml(sample_playbook, path)
    graph = nx.read_graphml(path)
    assert set(graph.nodes) == {s.id for s in sample_playbook.stages()}
    assert graph.number_of_edges() == len(sample_playbook.handoffs())
    some = sample_playbook.stages()[0]
    assert graph.nodes[some.id]["label"] == some.name


def test_a_write_that_fails_leaves_the_old_file_whole(tmp_path, monkeypatch):
    import os

    folder = tmp_path / "out"
    folder.mkdir()
    path = folder / "out.json"
    path.write_text("old contents")

    def refuse(*args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", refuse)
    from journeyapp.export.atomic_file import ExportError

    with pytest.raises(ExportError, match="No space left on device"):
        write_json(tiny_playbook(), path)
    assert path.read_text() == "old contents"
    assert [p.name for p in folder.iterdir()] == ["out.json"]


@pytest.mark.parametrize("when", ["1e999", "1e300", "-1e300", "253402300800", "-62135596801"])
def test_a_deal_time_no_calendar_can_show_is_refused_in_a_sentence(tmp_path, capsys, when):
    """A deal date of 1e999 crashed `new --from-json` with OverflowError; 1e300 and dates
    past the year 9999 were accepted and then crashed `replay --deal`."""
    from journeyapp.models.templates import load_template

    from journeyapp.cli import main

    data = json.loads(playbook_to_json(load_template("b2b-saas")))
    data["deals"][0]["path"][0][2] = "__WHEN__"
    source = tmp_path / "in.json"
    source.write_text(json.dumps(data).replace('"__WHEN__"', when))
    code = main(["new", str(tmp_path / "p.journey"), "--from-json", str(source)])
    err = capsys.readouterr().err
    assert code == 2
    assert err == (
        "journeyapp: deals[0].path[0] holds a time outside the years 1 to 9999; "
        "times are seconds since 1970.\n"
    )
    assert not (tmp_path / "p.journey").exists()


def test_the_first_and_last_second_a_calendar_shows_are_read(tmp_path):
    from journeyapp.models.templates import load_template

    data = json.loads(playbook_to_json(load_template("b2b-saas")))
    data["deals"][0]["path"][0][2:4] = [-62135596800, 253402300799]
    deal = playbook_from_dict(data).deals[data["deals"][0]["id"]]
    assert (deal.path[0].entered, deal.path[0].exited) == (-62135596800, 253402300799)

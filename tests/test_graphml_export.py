"""GraphML that XML parsers accept, whatever the names hold."""

from __future__ import annotations

import xml.etree.ElementTree as ElementTree

import pytest
from journeyapp.export.graphml import write_graphml
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.templates import load_template

NS = {"g": "http://graphml.graphdrawing.org/xmlns"}


@pytest.mark.parametrize("forbidden", ["\x00", "\x01", "\x0b", "\x1b", "\ufffe", "\uffff"])
def test_names_with_characters_xml_forbids_still_make_valid_graphml(tmp_path, forbidden):
    """NUL, \\x01, \\x0b, ESC or U+FFFE in a name wrote invalid XML, with exit 0."""
    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[0]
    playbook.apply(operations.rename(playbook, Kind.STAGE, stage.id, f"Lead{forbidden}magnet"))
    handoff = playbook.outgoing(stage.id)[0]
    playbook.apply(
        operations.set_fields(playbook, Kind.HANDOFF, handoff.id, trigger=f"a{forbidden}b")
    )
    playbook.apply(operations.rename(playbook, Kind.META, "meta", f"Plan{forbidden}"))
    path = tmp_path / "map.graphml"
    write_graphml(playbook, path)
    root = ElementTree.parse(path).getroot()  # a strict XML 1.0 parser
    texts = [data.text or "" for data in root.iter(f"{{{NS['g']}}}data")]
    shown = f"\\u{ord(forbidden):04x}"
    assert f"Lead{shown}magnet" in texts
    assert f"a{shown}b" in texts
    assert len(root.findall(".//g:node", NS)) == len(playbook.stages())
    assert len(root.findall(".//g:edge", NS)) == len(playbook.handoffs())


def test_ordinary_text_is_written_as_it_is(tmp_path):
    playbook = load_template("b2b-saas")
    path = tmp_path / "map.graphml"
    write_graphml(playbook, path)
    root = ElementTree.parse(path).getroot()
    texts = {data.text for data in root.iter(f"{{{NS['g']}}}data")}
    assert {s.name for s in playbook.stages()} <= texts

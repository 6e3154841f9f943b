"""The lead import gives what it gave before it was made fast: the leads, their verdicts,
touches and facts, the rows it skipped and why, and what it counted, for an export with
every column it reads, imported once and then again after the receiving team recorded
touches and verdicts in the app. The expected data is the import's output as it was, kept in
tests/data/lead_import_before_speedup.json.gz (remake it with ``python
tests/test_lead_import_unchanged.py`` only when the import is meant to change)."""

from __future__ import annotations

import gzip
import json
import sys
from pathlib import Path

from journeyapp.models.change import Kind
from journeyapp.models.codec import entity_to_dict
from journeyapp.models.entities import Touch, Verdict, VerdictOutcome
from journeyapp.models.lead_import.plan import lead_import_edit, read_leads
from journeyapp.models.templates import load_template
from lead_export_builder import write_realistic_contacts

EXPECTED = Path(__file__).parent / "data" / "lead_import_before_speedup.json.gz"


def _import(playbook, export: Path) -> dict:
    plan = read_leads(
        playbook,
        export,
        overrides={"Opportunity": "Opportunity: Discovery"},
        verdicts={"Hot": "accepted"},
    )
    playbook.apply(lead_import_edit(playbook, plan))
    fed = plan.feedback
    return {
        "leads": [entity_to_dict(lead) for lead in sorted(playbook.leads, key=lambda d: d.id)],
        "skipped": sorted([list(skip) for skip in plan.skipped]),
        "warnings": [list(warning) for warning in plan.warnings],
        "counted": [
            sorted([[list(key), value] for key, value in fed.landed.items()]),
            fed.waiting,
            sorted(fed.unknown.items()),
            fed.no_handoff,
            fed.off_list,
            fed.kept_from_app,
            fed.touches,
            sorted(fed.no_touch.items()),
            plan.deals_new,
            plan.deals_updated,
        ],
    }


def imported_twice(folder: Path) -> dict:
    export = write_realistic_contacts(folder / "contacts.csv", 600)
    playbook = load_template("b2b-saas")
    first = _import(playbook, export)
    some = playbook.leads.ids()[:40]
    for n, lead_id in enumerate(some):
        if n % 2:
            playbook.set_fields(Kind.LEAD, lead_id, {"touches": (Touch(1_767_600_000, "call"),)})
        else:
            verdict = Verdict(VerdictOutcome.REJECTED, "No budget", by="Sam")
            playbook.set_fields(Kind.LEAD, lead_id, {"verdicts": {"ho-mql-sql": verdict}})
    second = _import(playbook, export)
    return json.loads(json.dumps({"first": first, "second": second}, ensure_ascii=False))


def test_a_lead_import_gives_what_it_gave_before(tmp_path):
    got = imported_twice(tmp_path)
    expected = json.loads(gzip.decompress(EXPECTED.read_bytes()))
    for part in ("first", "second"):
        assert got[part]["skipped"] == expected[part]["skipped"]
        assert got[part]["warnings"] == expected[part]["warnings"]
        assert got[part]["counted"] == expected[part]["counted"]
        assert len(got[part]["leads"]) == len(expected[part]["leads"])
        for lead, before in zip(got[part]["leads"], expected[part]["leads"], strict=True):
            assert lead == before


if __name__ == "__main__":
    import tempfile

    with tempfile.TemporaryDirectory() as folder:
        data = imported_twice(Path(folder))
    text = json.dumps(data, ensure_ascii=False, sort_keys=True)
    EXPECTED.write_bytes(gzip.compress(text.encode("utf-8"), mtime=0))
    sys.exit(0)

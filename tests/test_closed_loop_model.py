"""The closed loop's data: leads with their lifecycle path, touches and verdicts, touches on
deals, each handoff's agreed verdict reasons, marketing's commitments and the working week.
All of it survives the .journey file and the JSON interchange, an older file opens with
none of it, and every change to it is one undoable step named in words."""

from __future__ import annotations

import sqlite3

import pytest
from builders import BACK_TO_VERSION_6, SIGNED, tiny_data, tiny_playbook
from journeyapp.export.json_interchange import playbook_to_json, read_json
from journeyapp.models import commitments, handoff_reasons, snapshots, verdicts
from journeyapp.models.business_hours import BusinessHours
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.edit_session import EditSession
from journeyapp.models.entities import DealStep, Lead, Touch, VerdictOutcome
from journeyapp.models.errors import EditError, FormatError
from journeyapp.models.operations import set_fields
from journeyapp.models.schema import SCHEMA_VERSION
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

DAY = 86_400
JAN_5 = 1_767_571_200  # 2026-01-05 00:00 UTC


def closed_loop_data() -> dict:
    data = tiny_data()
    data["meta"].update(
        work_days="Mon-Thu", day_start="08:30", day_end="16:00", time_zone="Europe/Berlin"
    )
    handoff = next(h for h in data["handoffs"] if h["id"] == "h2")
    handoff.update(
        reasons=["No budget", "Wrong contact", "Not now"],
        reasons_marketing_signoff=SIGNED,
        reasons_sales_signoff=None,
    )
    data["commitments"] = [
        {
            "id": "c-q1",
            "period": "2027-Q1",
            "volumes": {"mql": 400, "sql": 120},
            "marketing_signoff": SIGNED,
        },
        {"id": "c-q4", "period": "2026-Q4", "volumes": {"mql": 300}},
    ]
    data["leads"] = [
        {
            "id": "lead-hubspot-101",
            "name": "Acme",
            "source_id": "101",
            "source_system": "hubspot",
            "account": "Acme Inc",
            "owner": "Dana",
            "lead_source": "Paid Search",
            "campaign": "Q1 webinar",
            "status": "Working",
            "path": [
                ["mql", "Marketing Qualified Lead", JAN_5, JAN_5 + DAY],
                ["sql", "SQL", JAN_5 + DAY, None],
            ],
            "deal": "006A000000XyZ12",
            "touches": [[JAN_5 + 3600, "call"], [JAN_5 + 7200, "email"]],
            "verdicts": {
                "h2": {
                    "outcome": "rejected",
                    "reason": "No budget",
                    "by": "Sam",
                    "at": "2026-01-06T10:15:00",
                    "comment": "Back in spring",
                }
            },
        },
        {"id": "lead-hubspot-102", "name": "Globex"},
    ]
    return data


def test_leads_touches_reasons_commitments_and_hours_survive_the_file_and_json(tmp_path):
    playbook = playbook_from_dict(closed_loop_data())
    deal_playbook = load_template("b2b-saas")
    deal = next(iter(deal_playbook.deals))
    deal_playbook.apply(
        set_fields(deal_playbook, Kind.DEAL, deal.id, touches=[Touch(JAN_5, "meeting")])
    )

    reopened_ones = []
    for original in (playbook, deal_playbook):
        path = tmp_path / f"{original.meta.name}.journey"
        Store.create(path, original).close()
        store = Store.open(path, read_only=True)
        reopened = store.load()
        store.close()
        assert reopened == original
        json_path = tmp_path / f"{original.meta.name}.json"
        json_path.write_text(playbook_to_json(reopened), "utf-8")
        assert read_json(json_path) == original
        assert playbook_to_json(read_json(json_path)) == json_path.read_text("utf-8")
        reopened_ones.append(reopened)
    leads_file, deals_file = reopened_ones

    lead = leads_file.leads["lead-hubspot-101"]
    assert lead.path[1] == DealStep("sql", "SQL", JAN_5 + DAY, None)
    assert lead.touches == (Touch(JAN_5 + 3600, "call"), Touch(JAN_5 + 7200, "email"))
    verdict = lead.verdicts["h2"]
    assert (verdict.outcome, verdict.reason, verdict.comment) == (
        VerdictOutcome.REJECTED,
        "No budget",
        "Back in spring",
    )
    assert lead.deal == "006A000000XyZ12"
    assert leads_file.leads["lead-hubspot-102"].lead_source == ""  # none recorded
    handoff = leads_file.handoff("h2")
    assert handoff.reasons == ("No budget", "Wrong contact", "Not now")
    assert handoff.reasons_marketing_signoff.name == "Pat"
    assert handoff.reasons_sales_signoff is None
    assert leads_file.commitments["c-q1"].volumes == {"mql": 400, "sql": 120}
    assert BusinessHours.of(leads_file.meta) == BusinessHours(
        frozenset({0, 1, 2, 3}), 8 * 60 + 30, 16 * 60, "Europe/Berlin"
    )
    assert deals_file.deals[deal.id].touches == (Touch(JAN_5, "meeting"),)


def test_the_json_lists_commitments_by_period_and_leads_by_id():
    text = playbook_to_json(playbook_from_dict(closed_loop_data()))
    assert text.index('"2026-Q4"') < text.index('"2027-Q1"')
    assert text.index('"lead-hubspot-101"') < text.index('"lead-hubspot-102"')


def _version_6_file(tmp_path):
    """A file as version 6 wrote it: no leads, commitments, touches or verdict reasons."""
    path = tmp_path / "v6.journey"
    Store.create(path, load_template("b2b-saas")).close()
    conn = sqlite3.connect(path)
    conn.executescript(BACK_TO_VERSION_6)
    conn.close()
    return path


def test_a_version_6_file_is_migrated_and_holds_leads_afterwards(tmp_path):
    path = _version_6_file(tmp_path)
    store = Store.open(path)
    playbook = store.load()
    sample = load_template("b2b-saas")
    assert {d.id: d.path for d in playbook.deals} == {d.id: d.path for d in sample.deals}
    assert all(d.touches == () for d in playbook.deals)
    assert all(h.reasons == () and h.reasons_sales_signoff is None for h in playbook.handoffs())
    assert (len(playbook.leads), len(playbook.commitments)) == (0, 0)
    assert (playbook.meta.work_days, playbook.meta.time_zone) == ("Mon-Fri", "")
    session = EditSession(playbook, store)
    lead = Lead("lead-1", "Initech", path=(DealStep(playbook.stages()[0].id, "Lead", JAN_5),))
    from journeyapp.models.edits import PutEntities

    session.apply(PutEntities(Kind.LEAD, (lead,), label="Import 1 lead"))
    session.apply(commitments.add_commitment(playbook, "2026-Q4"))
    store.close()
    assert path.with_name("v6.v6-backup.journey").exists()
    with sqlite3.connect(path) as conn:
        assert conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
    again = Store.open(path, read_only=True)
    reopened = again.load()
    again.close()
    assert [lead.name for lead in reopened.leads] == ["Initech"]
    assert [c.period for c in reopened.commitments] == ["2026-Q4"]


def test_a_read_only_look_at_a_version_6_file_leaves_it_at_version_6(tmp_path):
    path = _version_6_file(tmp_path)
    before = path.read_bytes()
    store = Store.open(path, read_only=True)
    assert len(store.load().leads) == 0
    store.close()
    assert path.read_bytes() == before


@pytest.fixture
def session(tmp_path):
    playbook = playbook_from_dict(closed_loop_data())
    store = Store.create(tmp_path / "loop.journey", playbook)
    yield EditSession(store.load(), store)
    store.close()


def _reopened(session) -> object:
    store = Store.open(session.store.path, read_only=True)
    try:
        return store.load()
    finally:
        store.close()


def test_changing_the_reasons_clears_both_sign_offs_in_one_undo_step(session):
    playbook = session.playbook
    handoff_reasons_before = playbook.handoff("h2")
    session.apply(handoff_reasons.sign_off(playbook, "h2", "sales", "Sam", "2026-10-02"))
    assert playbook.handoff("h2").reasons_sales_signoff.name == "Sam"

    session.apply(handoff_reasons.set_reasons(playbook, "h2", ["No budget", " Not now ", ""]))
    assert session.undo_label == "Change the verdict reasons of “MQL → SQL” (sign-offs cleared)"
    changed = _reopened(session).handoff("h2")
    assert changed.reasons == ("No budget", "Not now")
    assert (changed.reasons_marketing_signoff, changed.reasons_sales_signoff) == (None, None)

    session.undo()
    restored = _reopened(session).handoff("h2")
    assert restored.reasons == handoff_reasons_before.reasons
    assert restored.reasons_marketing_signoff.name == "Pat"
    assert restored.reasons_sales_signoff.name == "Sam"


def test_the_same_reasons_again_keep_the_sign_offs(session):
    playbook = session.playbook
    edit = handoff_reasons.set_reasons(playbook, "h2", ["No budget", "Wrong contact", "Not now"])
    session.apply(edit)
    assert playbook.handoff("h2").reasons_marketing_signoff.name == "Pat"


def test_a_reason_listed_twice_is_refused_in_a_sentence(session):
    with pytest.raises(EditError, match="“no budget” is in the list twice"):
        handoff_reasons.set_reasons(session.playbook, "h2", ["No budget", "no budget"])


def test_withdrawing_a_reasons_sign_off_is_undoable(session):
    playbook = session.playbook
    session.apply(handoff_reasons.withdraw_sign_off(playbook, "h2", "marketing"))
    assert (
        session.undo_label == "Withdraw marketing's sign-off of the verdict reasons of “MQL → SQL”"
    )
    assert playbook.handoff("h2").reasons_marketing_signoff is None
    session.undo()
    assert _reopened(session).handoff("h2").reasons_marketing_signoff.name == "Pat"


def test_changing_a_committed_volume_clears_both_sign_offs_and_undo_brings_them_back(session):
    playbook = session.playbook
    session.apply(commitments.sign_off(playbook, "c-q1", "sales", "Sam", "2026-12-01"))
    session.apply(commitments.set_volume(playbook, "c-q1", "sql", 150))
    assert session.undo_label == "Commit to 150 at “SQL” in 2027-Q1 (sign-offs cleared)"
    changed = _reopened(session).commitments["c-q1"]
    assert changed.volumes == {"mql": 400, "sql": 150}
    assert (changed.marketing_signoff, changed.sales_signoff) == (None, None)
    session.undo()
    restored = _reopened(session).commitments["c-q1"]
    assert restored.volumes == {"mql": 400, "sql": 120}
    assert (restored.marketing_signoff.name, restored.sales_signoff.name) == ("Pat", "Sam")


def test_a_commitment_is_added_refused_twice_and_its_numbers_are_checked(session):
    playbook = session.playbook
    session.apply(commitments.add_commitment(playbook, "2027-Q2"))
    assert session.undo_label == "Add the commitment for 2027-Q2"
    with pytest.raises(EditError, match="already a commitment for 2027-Q2"):
        commitments.add_commitment(playbook, "2027-q2")
    added = next(c for c in playbook.commitments if c.period == "2027-Q2")
    with pytest.raises(EditError, match="A committed volume must be between 0 and"):
        session.apply(commitments.set_volume(playbook, added.id, "mql", -5))
    assert playbook.commitments[added.id].volumes == {}
    session.undo()
    assert [c.period for c in _reopened(session).commitments] == ["2026-Q4", "2027-Q1"]


def test_a_verdict_is_named_as_said_in_the_room_and_undone(session):
    playbook = session.playbook
    session.apply(
        verdicts.set_verdict(
            playbook, "lead-hubspot-102", "h2", "rejected", "not now", "Sam", "2026-01-07T09:00"
        )
    )
    assert session.undo_label == "Sales rejects “Globex” at MQL → SQL: Not now"
    verdict = _reopened(session).leads["lead-hubspot-102"].verdicts["h2"]
    assert (verdict.outcome, verdict.reason, verdict.by) == ("rejected", "Not now", "Sam")
    session.undo()
    assert _reopened(session).leads["lead-hubspot-102"].verdicts == {}


def test_a_reason_outside_the_agreed_list_is_refused(session):
    with pytest.raises(EditError, match="“Too small” is not one of the agreed reasons"):
        verdicts.set_verdict(session.playbook, "lead-hubspot-102", "h2", "rejected", "Too small")
    with pytest.raises(EditError, match="Give one of the agreed reasons"):
        verdicts.set_verdict(session.playbook, "lead-hubspot-102", "h2", "recycled")
    accepted = verdicts.set_verdict(session.playbook, "lead-hubspot-102", "h2", "accepted")
    assert accepted.label == "Sales accepts “Globex” at MQL → SQL"


def test_a_handoff_without_agreed_reasons_takes_any_reason(session):
    edit = verdicts.set_verdict(session.playbook, "lead-hubspot-102", "h3", "rejected", "Too small")
    session.apply(edit)
    assert session.playbook.leads["lead-hubspot-102"].verdicts["h3"].reason == "Too small"


def test_clearing_a_verdict_is_undoable(session):
    playbook = session.playbook
    session.apply(verdicts.clear_verdict(playbook, "lead-hubspot-101", "h2"))
    assert session.undo_label == "Clear the verdict on “Acme” at MQL → SQL"
    assert _reopened(session).leads["lead-hubspot-101"].verdicts == {}
    session.undo()
    assert _reopened(session).leads["lead-hubspot-101"].verdicts["h2"].reason == "No budget"


@pytest.mark.parametrize(
    ("values", "sentence"),
    [
        ({"day_start": "9am"}, "A time of day must read like 09:00 or 17:30, not “9am”."),
        ({"day_end": "25:00"}, "A time of day must read like 09:00 or 17:30, not “25:00”."),
        ({"work_days": "Mon-Fry"}, "“Fry” is not a day of the week; write Mon, Tue, … Sun."),
        (
            {"time_zone": "Mars/Olympus"},
            "“Mars/Olympus” is not a time zone this computer knows; use a name like Europe/Berlin.",
        ),
        (
            {"day_start": "18:00", "day_end": "09:00"},
            "The working day must end after it starts; 09:00 is not after 18:00.",
        ),
    ],
)
def test_bad_business_hours_are_refused_in_one_sentence(session, values, sentence):
    playbook = session.playbook
    with pytest.raises(EditError) as refusal:
        session.apply(set_fields(playbook, Kind.META, "meta", **values))
    assert str(refusal.value) == sentence
    assert _reopened(session).meta.day_start == "08:30"


def test_business_hours_are_set_and_undone_in_words(session):
    playbook = session.playbook
    session.apply(set_fields(playbook, Kind.META, "meta", work_days="Sun-Thu", time_zone="UTC"))
    assert session.undo_label == "Change the working days and the time zone of the playbook"
    assert BusinessHours.of(_reopened(session).meta).days == frozenset({6, 0, 1, 2, 3})
    session.undo()
    assert _reopened(session).meta.work_days == "Mon-Thu"


@pytest.mark.parametrize(
    ("change", "words"),
    [
        (lambda d: d["meta"].update(day_end="late"), "meta.day_end: A time of day"),
        (
            lambda d: d["leads"][0].update(touches=[[JAN_5, "fax"]]),
            "leads[0].touches[0] must be [when, kind]",
        ),
        (
            lambda d: d["commitments"][0].update(volumes={"mql": 2.5}),
            "commitments[0].volumes[mql] must be a whole number",
        ),
        (
            lambda d: d["leads"][0]["verdicts"]["h2"].update(outcome="maybe"),
            "leads[0].verdicts[h2].outcome must be one of accepted, rejected, recycled",
        ),
    ],
)
def test_bad_closed_loop_json_gets_one_sentence(change, words):
    data = closed_loop_data()
    change(data)
    with pytest.raises(FormatError) as refusal:
        playbook_from_dict(data)
    assert str(refusal.value).startswith(words) and "\n" not in str(refusal.value)


def test_a_snapshot_keeps_the_commitments_and_leaves_the_leads_out():
    import datetime
    import json

    playbook = playbook_from_dict(closed_loop_data())
    taken = snapshots.take(playbook, "Q4", datetime.datetime(2026, 12, 1, 9))
    kept = json.loads(taken.entity.playbook)
    assert kept["leads"] == []
    assert [c["period"] for c in kept["commitments"]] == ["2026-Q4", "2027-Q1"]
    playbook.apply(taken)
    playbook.apply(commitments.set_volume(playbook, "c-q4", "mql", 999))
    restore = snapshots.restore(playbook, taken.entity.id)
    playbook.apply(restore)
    assert playbook.commitments["c-q4"].volumes == {"mql": 300}
    assert len(playbook.leads) == 2


def test_an_older_snapshot_without_commitments_restores(tmp_path):
    import datetime
    import json

    playbook = tiny_playbook()
    taken = snapshots.take(playbook, "Old", datetime.datetime(2026, 1, 1, 9))
    data = json.loads(taken.entity.playbook)
    del data["commitments"], data["leads"]
    old = type(taken.entity)(taken.entity.id, "Old", taken.entity.taken_at, json.dumps(data))
    playbook.apply(type(taken)(Kind.SNAPSHOT, old))
    playbook.apply(commitments.add_commitment(playbook, "2026-Q4"))
    playbook.apply(snapshots.restore(playbook, old.id))
    assert len(playbook.commitments) == 0

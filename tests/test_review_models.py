"""The quarterly review without a display: snapshots, the diff, stale stages, the funnel."""

from __future__ import annotations

import datetime

import pytest
from journeyapp.models import operations, snapshots
from journeyapp.models.change import Kind
from journeyapp.models.diff import (
    ADDED,
    CHANGED,
    MOVED,
    RACI,
    REMOVED,
    RENAMED,
    SIGN_OFF_LOST,
    diff,
)
from journeyapp.models.entities import Raci, SignOff
from journeyapp.models.errors import EditError
from journeyapp.models.funnel import FunnelError, main_line, parse_period, plan
from journeyapp.models.staleness import STALE_AFTER_DAYS, stale_stages
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

NOW = datetime.datetime(2026, 11, 23, 9, 30)


@pytest.fixture
def playbook():
    return load_template("b2b-saas")


def stage_named(playbook, name):
    return next(s for s in playbook.stages() if s.name == name)


def take(playbook, name="2026 Q4"):
    edit = snapshots.take(playbook, name, NOW)
    playbook.apply(edit)
    return playbook.snapshots[edit.entity.id]


def found(differences, what, kind=None):
    return [d for d in differences if d.what == what and (kind is None or d.kind is kind)]


# -- snapshots ---------------------------------------------------------------------------


def test_the_default_name_is_the_quarter():
    assert snapshots.quarter_name(datetime.date(2026, 11, 23)) == "2026 Q4"
    assert snapshots.quarter_name(datetime.date(2027, 1, 1)) == "2027 Q1"
    assert snapshots.quarter_name(datetime.date(2026, 6, 30)) == "2026 Q2"


def test_a_snapshot_keeps_the_agreement_but_not_the_deals(playbook):
    snapshot = take(playbook)
    kept = snapshots.opened(snapshot)
    assert {s.name for s in kept.stages()} == {s.name for s in playbook.stages()}
    assert len(kept.activities) == len(playbook.activities)
    assert len(playbook.deals) > 0 and len(kept.deals) == 0
    assert len(kept.snapshots) == 0
    assert diff(kept, playbook) == []


def test_a_snapshot_needs_a_name(playbook):
    with pytest.raises(EditError, match="name"):
        snapshots.take(playbook, "   ", NOW)


def test_restoring_puts_the_agreement_back_and_undoes_in_one_step(playbook):
    snapshot = take(playbook)
    mql = stage_named(playbook, "MQL")
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead"))
    playbook.apply(operations.remove_many(playbook, stage_ids=[stage_named(playbook, "Won").id]))
    edited = diff(snapshots.opened(snapshot), playbook)
    assert edited
    deals_before = len(playbook.deals)

    restore = snapshots.restore(playbook, snapshot.id)
    playbook.apply(restore)
    assert diff(snapshots.opened(snapshot), playbook) == []
    assert len(playbook.deals) == deals_before and len(playbook.snapshots) == 1

    playbook.revert(restore)
    assert [d.summary for d in diff(snapshots.opened(snapshot), playbook)] == [
        d.summary for d in edited
    ]


def test_restoring_keeps_what_happened_since_the_snapshot(playbook):
    """A restore rewound the review records too: a meeting held after the snapshot vanished
    and an improvement reversed since went back to "testing", its reason lost."""
    from journeyapp.models import parking_lot, retrospective, review_edits

    snapshot = take(playbook)
    improvement = next(i for i in playbook.improvements if i.target_kind is Kind.STAGE)
    decided = operations.set_fields(
        playbook,
        Kind.IMPROVEMENT,
        improvement.id,
        status="reversed",
        decided="2026-11-30",
        decision_reason="Losses on price did not fall.",
    )
    playbook.apply(decided)
    playbook.apply(parking_lot.add_note(playbook, "Ask about budget", None, "2026-11-30"))
    security = operations.add_stage(playbook, "Security review", *_phase_and_lane(playbook))
    playbook.apply(security)
    idea = retrospective.add_improvement(playbook, "Shorter security review", None, "2026-12-01")
    playbook.apply(idea)
    playbook.apply(
        operations.set_fields(playbook, Kind.IMPROVEMENT, idea.entity.id, target=security.entity.id)
    )
    project = review_edits.add_project(
        playbook, "Faster security", datetime.date(2026, 12, 1), (security.entity.id,)
    )
    playbook.apply(project)
    meetings, notes = list(playbook.meetings), list(playbook.notes)

    restore = snapshots.restore(playbook, snapshot.id)
    playbook.apply(restore)
    assert not playbook.has_stage(security.entity.id)  # the map is as it was
    kept = playbook.improvements[improvement.id]
    assert (kept.status.value, kept.decision_reason) == (
        "reversed",
        "Losses on price did not fall.",
    )
    assert playbook.improvements[idea.entity.id].target is None  # its stage went; the idea stays
    assert list(playbook.meetings) == meetings and list(playbook.notes) == notes
    assert playbook.projects[project.entity.id].areas == ()  # kept, without the stage gone
    playbook.revert(restore)
    assert playbook.improvements[idea.entity.id].target == security.entity.id


def _phase_and_lane(playbook):
    stage = stage_named(playbook, "SQL")
    return stage.phase, stage.lane


def test_snapshots_and_a_restore_are_saved_in_the_file(playbook, tmp_path):
    path = tmp_path / "review.journey"
    store = Store.create(path, playbook)
    edit = snapshots.take(playbook, "Before the offsite", NOW)
    store.commit(playbook, playbook.apply(edit))
    mql = stage_named(playbook, "MQL")
    rename = operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead")
    store.commit(playbook, playbook.apply(rename))
    store.commit(playbook, playbook.apply(snapshots.restore(playbook, edit.entity.id)))
    store.close()

    reopened = Store.open(path)
    again = reopened.load()
    reopened.close()
    assert [s.name for s in again.snapshots] == ["Before the offsite"]
    assert again.stage(mql.id).name == "MQL"
    assert again == playbook


def test_a_snapshot_is_found_by_name_and_a_missing_one_named_plainly(playbook):
    take(playbook, "2026 Q3")
    assert snapshots.by_name(playbook, "2026 q3").name == "2026 Q3"
    with pytest.raises(EditError, match=r"no snapshot “2025 Q1”.*2026 Q3"):
        snapshots.by_name(playbook, "2025 Q1")


# -- the diff ----------------------------------------------------------------------------


def test_a_rename_is_found_by_id_not_as_a_removal_and_an_addition(playbook):
    before = snapshots.opened(take(playbook))
    mql = stage_named(playbook, "MQL")
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead"))
    differences = diff(before, playbook)
    assert [(d.what, d.entity_id) for d in differences] == [(RENAMED, mql.id)]
    assert differences[0].summary == "Renamed stage “MQL” to “Hot lead”."


def test_stages_added_removed_and_moved_to_another_phase_or_team(playbook):
    before = snapshots.opened(take(playbook))
    lead = stage_named(playbook, "Lead")
    sales = next(lane for lane in playbook.lanes if lane.name == "Sales")
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, lead.id, lane=sales.id))
    add = operations.add_stage(playbook, "Webinar", lead.phase, lead.lane)
    playbook.apply(add)
    won = stage_named(playbook, "Won")
    playbook.apply(operations.remove_many(playbook, stage_ids=[won.id]))
    differences = diff(before, playbook)
    assert [d.title for d in found(differences, ADDED, Kind.STAGE)] == ["Webinar"]
    assert [d.title for d in found(differences, REMOVED, Kind.STAGE)] == ["Won"]
    moved = found(differences, MOVED, Kind.STAGE)
    assert len(moved) == 1 and "team “Marketing” → “Sales”" in moved[0].summary
    # Removing Won took its handoffs and activities with it; each is listed too.
    assert found(differences, REMOVED, Kind.HANDOFF)
    assert found(differences, REMOVED, Kind.ACTIVITY)


def test_a_changed_definition_shows_its_words_and_lost_sign_offs(playbook):
    definition = next(iter(playbook.definitions))
    playbook.apply(
        operations.set_fields(
            playbook,
            Kind.DEFINITION,
            definition.id,
            marketing_signoff=SignOff("Maya", "2026-10-01"),
            sales_signoff=SignOff("Daniel", "2026-10-01"),
            text="A person who gave us an e-mail address.",
        )
    )
    before = snapshots.opened(take(playbook))
    playbook.apply(
        operations.set_fields(
            playbook,
            Kind.DEFINITION,
            definition.id,
            text="A person who gave us a business e-mail address.",
            marketing_signoff=None,
            sales_signoff=None,
        )
    )
    differences = diff(before, playbook)
    lost = found(differences, SIGN_OFF_LOST)
    assert sorted(d.summary.split("'")[0] for d in lost) == ["Marketing", "Sales"]
    (changed,) = found(differences, CHANGED, Kind.DEFINITION)
    (text,) = changed.fields
    assert ("removed", "an") in text.words and ("added", "a business") in text.words
    assert text.marked_up() == "A person who gave us [-an-] {+a business+} e-mail address."


def test_raci_changes_are_listed_per_activity(playbook):
    activity = next(a for a in playbook.activities if len(a.raci) >= 2)
    first, second = list(activity.raci)[:2]
    before = snapshots.opened(take(playbook))
    raci = dict(activity.raci)
    raci[first] = Raci.C if raci[first] is not Raci.C else Raci.I
    del raci[second]
    playbook.apply(operations.set_fields(playbook, Kind.ACTIVITY, activity.id, raci=raci))
    (change,) = found(diff(before, playbook), RACI)
    assert change.entity_id == activity.id and change.stage_id == activity.stage
    assert [(f.label, f.after) for f in change.fields] == [
        (playbook.roles[first].name, raci[first].value),
        (playbook.roles[second].name, "—"),
    ]


def test_trigger_sla_threshold_and_conversion_changes(playbook):
    handoff = next(h for h in playbook.handoffs() if h.sla_hours and h.target_conversion)
    sla_before = handoff.sla_hours
    before = snapshots.opened(take(playbook))
    playbook.apply(
        operations.set_fields(
            playbook,
            Kind.HANDOFF,
            handoff.id,
            trigger="Books a demo",
            sla_hours=4.0,
            score_threshold=80,
            target_conversion=0.5,
        )
    )
    (change,) = found(diff(before, playbook), CHANGED, Kind.HANDOFF)
    shown = {f.label: (f.before, f.after) for f in change.fields}
    assert shown["SLA"] == (f"{sla_before:g} h", "4 h")
    assert shown["target conversion"][1] == "50%"
    assert shown["score threshold"][1] == "80" and shown["trigger"][1] == "Books a demo"


def test_activities_and_methodology_changed(playbook):
    activity = next(iter(playbook.activities))
    before = snapshots.opened(take(playbook))
    playbook.apply(
        operations.set_fields(
            playbook,
            Kind.ACTIVITY,
            activity.id,
            name="Qualify on the phone",
            methodology=activity.methodology + "\n- Ask for the budget owner.",
        )
    )
    add = operations.add_activity(playbook, activity.stage, "Send a recap")
    playbook.apply(add)
    differences = diff(before, playbook)
    assert found(differences, RENAMED, Kind.ACTIVITY)[0].title == "Qualify on the phone"
    (method,) = found(differences, CHANGED, Kind.ACTIVITY)
    assert ("added", "- Ask for the budget owner.") in method.fields[0].words
    assert found(differences, ADDED, Kind.ACTIVITY)[0].title == "Send a recap"


# -- stale stages ------------------------------------------------------------------------


def test_a_stage_not_reviewed_for_90_days_is_stale_until_marked_reviewed(playbook):
    lead = stage_named(playbook, "Lead")
    reviewed = datetime.date.fromisoformat(lead.last_reviewed)
    assert lead.id not in {s.stage_id for s in stale_stages(playbook, reviewed)}
    day_before = reviewed + datetime.timedelta(days=STALE_AFTER_DAYS - 1)
    assert lead.id not in {s.stage_id for s in stale_stages(playbook, day_before)}
    later = reviewed + datetime.timedelta(days=STALE_AFTER_DAYS)  # 90 days without a review
    stale = {s.stage_id: s for s in stale_stages(playbook, later)}
    assert stale[lead.id].days == 90 and "90 days ago" in stale[lead.id].reason
    playbook.apply(operations.mark_reviewed(playbook, lead.id, "Maya", later.isoformat()))
    assert lead.id not in {s.stage_id for s in stale_stages(playbook, later)}


def test_the_readme_and_the_app_agree_on_when_a_review_is_due():
    from pathlib import Path

    readme = (Path(__file__).parents[1] / "README.md").read_text("utf-8")
    assert f"nobody has reviewed for {STALE_AFTER_DAYS} days" in " ".join(readme.split())


def test_a_stage_never_reviewed_is_stale(playbook):
    lead = stage_named(playbook, "Lead")
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, lead.id, last_reviewed=None))
    stale = {s.stage_id: s for s in stale_stages(playbook, datetime.date(2026, 11, 1))}
    assert stale[lead.id].reason == "never reviewed"


def reviewed_on(playbook, name: str, date: str):
    """The reason the stage called ``name``, last reviewed on ``date``, is due a review."""
    stage = stage_named(playbook, name)
    playbook.apply(operations.set_fields(playbook, Kind.STAGE, stage.id, last_reviewed=date))
    stale = {s.stage_id: s for s in stale_stages(playbook, datetime.date(2026, 12, 2))}
    return stale[stage.id].reason if stage.id in stale else None


def test_a_review_date_in_the_future_is_due_a_look_and_says_why(playbook):
    reason = reviewed_on(playbook, "MQL", "2027-06-01")
    assert reason is not None, "a typo in the future must not read as freshly reviewed"
    assert "2027-06-01" in reason and "in the future" in reason
    assert "never" not in reason


def test_a_date_reviewed_today_or_by_a_colleague_a_day_ahead_is_not_due(playbook):
    assert reviewed_on(playbook, "MQL", "2026-12-02") is None
    assert reviewed_on(playbook, "MQL", "2026-12-03") is None  # already tomorrow east of here


@pytest.mark.parametrize("written", ["01/09/2026", "1 Sept 2026", "2026-13-01", "2026-02-30"])
def test_a_review_date_that_cannot_be_read_says_so_and_is_not_called_never_reviewed(
    playbook, written
):
    reason = reviewed_on(playbook, "MQL", written)
    assert reason is not None
    assert "never" not in reason
    assert written in reason and "cannot be read" in reason
    assert "2026-01-09" not in reason and "2026-09-01" not in reason  # no day/month guessed


def test_a_year_month_day_date_without_leading_zeros_is_read(playbook):
    assert reviewed_on(playbook, "MQL", "2026-9-1") == reviewed_on(playbook, "SQL", "2026-09-01")
    assert "92 days ago" in reviewed_on(playbook, "MQL", "2026-9-1")  # 1 Sep to 2 Dec
    assert reviewed_on(playbook, "MQL", "2026-11-9") is None


def test_the_agenda_lists_the_new_cases_in_sentences(playbook):
    from journeyapp.models.meeting_agenda import agenda_for
    from journeyapp.models.review_entities import Cadence

    written = {"MQL": "2027-06-01", "SQL": "2026-9-1", "Lead": "01/09/2026"}
    shown = {"MQL": "2027-06-01", "SQL": "2026-09-01", "Lead": "“01/09/2026”"}
    for name, date in written.items():
        stage = stage_named(playbook, name)
        playbook.apply(operations.set_fields(playbook, Kind.STAGE, stage.id, last_reviewed=date))
    numbers = agenda_for(playbook, Cadence.MONTHLY, datetime.date(2026, 12, 2)).numbers
    due = {line for line in numbers if line.startswith("Due for review: ")}
    for name, date in shown.items():
        (line,) = [line for line in due if line.startswith(f"Due for review: {name}, ")]
        assert date in line and "never" not in line


# -- the funnel --------------------------------------------------------------------------


def test_the_funnel_works_back_from_won_through_the_target_rates(playbook):
    line = main_line(playbook)
    assert playbook.stage(line[-1].target).name == "Won"
    result = plan(playbook, 1_200_000, 30_000, parse_period("2026-Q4"))
    steps = {s.stage: s for s in result.steps}
    assert steps["Won"].needed == 40
    needed = 1_200_000 / 30_000
    for handoff in reversed(line):
        needed /= handoff.target_conversion
        assert result.steps[line.index(handoff)].needed == pytest.approx(needed, abs=1)
    assert result.steps[0].needed > result.steps[1].needed > steps["Won"].needed


def test_the_costliest_gap_is_the_proven_shortfall_that_needs_most_at_the_top():
    from funnel_builders import funnel_playbook, lead, path

    def onward(n: int) -> list[str]:
        return ["sql", "won"] if n < 2 else ["sql", "lost"] if n < 20 else []

    leads = [lead(n, path("2026-10-01", "mql", *onward(n))) for n in range(100)]
    result = plan(funnel_playbook(leads), 1_200_000, 30_000, parse_period("2026-Q4"))
    short = [s for s in result.steps if s.rate is not None and s.rate.below(s.target_rate or 0)]
    assert len(short) == 2, "MQL → SQL at 20% and SQL → Won at 10% both fall short"
    top = result.steps[0].needed
    extra = {s.handoff_id: top * (s.target_rate / s.actual_rate - 1) for s in short}
    assert result.costliest.handoff_id == max(extra, key=extra.get)
    assert result.costliest.extra_at_top == pytest.approx(extra[result.costliest.handoff_id], abs=1)


def test_funnel_inputs_that_make_no_sense_are_refused_plainly(playbook):
    with pytest.raises(FunnelError, match="more than zero"):
        plan(playbook, 0, 30_000, parse_period("2026"))
    with pytest.raises(FunnelError, match="not a period"):
        parse_period("last autumn")
    assert parse_period("Q1 2027").start == datetime.date(2027, 1, 1)
    assert parse_period("2026-Q4").end == datetime.date(2027, 1, 1)
    won = stage_named(playbook, "Won")
    for handoff in playbook.incoming(won.id):
        playbook.apply(
            operations.set_fields(playbook, Kind.HANDOFF, handoff.id, target_conversion=None)
        )
    with pytest.raises(FunnelError, match="target conversion"):
        plan(playbook, 1_000, 100, parse_period("2026"))


def test_snapshots_read_back_in_the_order_they_were_taken(playbook, tmp_path):
    path = tmp_path / "order.journey"
    store = Store.create(path, playbook)
    for name in ("B taken first", "A taken second", "C taken in the same second"):
        edit = snapshots.take(playbook, name, NOW)
        store.commit(playbook, playbook.apply(edit))
    store.close()
    reopened = Store.open(path)
    again = reopened.load()
    reopened.close()
    assert again == playbook
    # Taken in the same second, they come back by id: the same order every time.
    assert [s.id for s in again.snapshots] == sorted(s.id for s in playbook.snapshots)


@pytest.mark.parametrize(
    ("parse", "typed"),
    [
        ("parse_hours", "1" + " " * 40_000 + "x"),  # an SLA field
        ("parse_period", "2026" + " " * 40_000 + "x"),  # funnel --period
    ],
)
def test_typed_values_made_to_backtrack_are_refused_at_once(parse, typed):
    """Two runs of \\s* around an optional part tried every split of a run of spaces: 20,000
    spaces in a typed SLA took 4 s, and the time grew with the square of their number."""
    import time

    from journeyapp.models import funnel, limits
    from journeyapp.models.errors import PlaybookError

    read = getattr(limits, parse, None) or getattr(funnel, parse)
    started = time.process_time()
    with pytest.raises(PlaybookError):
        read(typed)
    assert time.process_time() - started < 1  # quadratic matching took most of a minute


# -- every kind of agreed change is in the diff ----------------------------------------------


def _edited(change):
    from journeyapp.models.codec import playbook_from_dict, playbook_to_dict

    data = playbook_to_dict(load_template("b2b-saas"))
    change(data)
    return playbook_from_dict(data)


def _item(data, key, entity_id):
    return next(item for item in data[key] if item["id"] == entity_id)


# Each: an edit of the sample's interchange data, the kind and words the diff must show.
AGREED_CHANGES = {
    "a handoff re-pointed": (
        lambda d: _item(d, "handoffs", "ho-discovery-proposal").update(target="stage-negotiation"),
        (MOVED, "Negotiation"),
    ),
    "where a handoff recycles to": (
        lambda d: _item(d, "handoffs", "ho-mql-sql").update(recycle_to="stage-lead"),
        (CHANGED, "recycle stage", "Lead"),
    ),
    "the definition a handoff relies on": (
        lambda d: _item(d, "handoffs", "ho-mql-sql").update(definition="def-opportunity"),
        (CHANGED, "definition", "Opportunity"),
    ),
    "a handoff's rejection reasons": (
        lambda d: _item(d, "handoffs", "ho-mql-sql").update(reasons=["No budget", "Not now"]),
        (CHANGED, "reasons", "No budget, Not now"),
    ),
    "a role moved to another team": (
        lambda d: _item(d, "roles", "role-csm").update(team="sales"),
        (CHANGED, "team", "Sales"),
    ),
    "a scoring gate switched off": (
        lambda d: _item(d, "scoring_rules", "rule-icp").update(gate=False),
        (CHANGED, "ICP gate", "no"),
    ),
    "a rule's half-life": (
        lambda d: _item(d, "scoring_rules", "rule-4").update(half_life_days=365),
        (CHANGED, "half-life", "365"),
    ),
    "a sign-off given again by someone else": (
        lambda d: _item(d, "definitions", "def-sql").update(
            sales_signoff={"name": "New VP", "date": "2026-11-20"}
        ),
        (CHANGED, "sales sign-off", "New VP, 2026-11-20"),
    ),
    "the playbook's time zone": (
        lambda d: d["meta"].update(time_zone="America/New_York"),
        (CHANGED, "time zone", "America/New_York"),
    ),
    "the scoring model's sign-off lost": (
        lambda d: d["meta"].update(scoring_sales_signoff=None),
        (SIGN_OFF_LOST, "scoring model"),
    ),
    "a definition's example leads": (
        lambda d: _item(d, "definitions", "def-mql").update(example_leads=[]),
        (CHANGED, "example leads"),
    ),
    "a stage's content": (
        lambda d: _item(d, "stages", "stage-proposal").update(
            content=[{"title": "ROI calculator", "format": "", "link": ""}]
        ),
        (CHANGED, "content", "ROI calculator"),
    ),
    "an improvement reversed": (
        lambda d: d["improvements"][0].update(status="reversed", decided="2026-11-30"),
        (CHANGED, "status", "reversed"),
    ),
}


@pytest.mark.parametrize("name", AGREED_CHANGES)
def test_every_agreed_change_is_in_the_diff_with_its_values_by_name(name):
    """Each of these read "0 changes": a quarter whose only edit re-pointed a handoff or
    switched off the ICP gate said "No changes." in the Review panel."""
    change, (what, *words) = AGREED_CHANGES[name]
    (difference,) = diff(load_template("b2b-saas"), _edited(change))
    assert difference.what == what
    shown = " ".join([difference.summary] + [f"{f.label} {f.after}" for f in difference.fields])
    for word in words:
        assert word in shown, shown
    assert "stage-" not in shown and "def-" not in shown  # names, never ids

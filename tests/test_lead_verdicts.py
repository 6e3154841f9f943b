"""The receiving team's verdicts and first touches read from lead exports: the lead status
(and reason, owner, date) lands as a verdict at the cross-team handoff sales receives leads
at; HubSpot's first engagement becomes a touch. App verdicts survive a re-import."""

from __future__ import annotations

import crm_checks
import pytest
from crm_checks import CRM, at, without_deals, write
from journeyapp.models.codec import entity_from_dict
from journeyapp.models.deal_import.touch_plan import read_touches, touch_edit
from journeyapp.models.entities import Touch, Verdict, VerdictOutcome
from journeyapp.models.errors import EditError
from journeyapp.models.handoff_reasons import set_reasons
from journeyapp.models.lead_import.crm_verdicts import feedback_sentences
from journeyapp.models.lead_import.plan import lead_import_edit, read_leads
from journeyapp.models.store import Store
from journeyapp.models.verdicts import set_verdict

from journeyapp.cli import main

HUBSPOT = CRM / "hubspot_contacts_lead_status_engagement.csv"
SALESFORCE = CRM / "sf_Lead_status_reasons.csv"
MQL_SQL = "ho-mql-sql"
AGREED = ["No budget", "Wrong persona", "Bad timing"]

playbook_file = crm_checks.playbook_file  # the shared fixture, found by pytest by name


def agreed_map():
    playbook = without_deals()
    playbook.apply(set_reasons(playbook, MQL_SQL, AGREED))
    return playbook


def imported(playbook, path, **kwargs):
    plan = read_leads(playbook, path, **kwargs)
    playbook.apply(lead_import_edit(playbook, plan))
    return plan


def verdict(playbook, lead_id) -> Verdict | None:
    return playbook.leads[lead_id].verdicts.get(MQL_SQL)


def hubspot(playbook, number) -> Verdict | None:
    return verdict(playbook, f"lead-hubspot-contacts-{number}")


def test_hubspot_lead_status_lands_at_the_handoff_sales_receives_leads_at():
    playbook = agreed_map()
    plan = imported(playbook, HUBSPOT)
    ana = hubspot(playbook, 201)  # In Progress: sales took it up
    assert (ana.outcome, ana.by, ana.at, ana.imported) == (
        VerdictOutcome.ACCEPTED, "Dana Lee", "2026-03-04T16:00:00+00:00", True,
    )  # fmt: skip
    ben = hubspot(playbook, 202)  # Unqualified, "no budget": the agreed reason as spelled
    assert (ben.outcome, ben.reason, ben.comment) == (VerdictOutcome.REJECTED, "No budget", "")
    assert hubspot(playbook, 204).outcome is VerdictOutcome.RECYCLED  # Bad Timing
    assert hubspot(playbook, 205) is None  # New: waiting for a verdict
    assert hubspot(playbook, 206).outcome is VerdictOutcome.ACCEPTED  # Open, yet reached SQL
    assert playbook.leads["lead-hubspot-contacts-207"].verdicts == {}  # never left Lead
    assert hubspot(playbook, 208) is None  # "Hot lead": not a status the app knows
    said = feedback_sentences(plan, playbook)
    assert said[:2] == ["Verdicts at MQL → SQL: 2 accepted, 2 rejected, 1 recycled.",
                        "1 lead still waiting for a verdict."]  # fmt: skip
    assert "No verdict from a status this app does not know: “Hot lead” (1)." in said
    assert any(line.startswith("1 lead with a status but no cross-team handoff") for line in said)


def test_a_reason_off_the_agreed_list_is_kept_in_the_comment_and_counted():
    playbook = agreed_map()
    plan = imported(playbook, HUBSPOT)
    cara = hubspot(playbook, 203)
    assert (cara.outcome, cara.reason, cara.comment) == (
        VerdictOutcome.REJECTED, "", "Reason in the CRM: Student.",
    )  # fmt: skip
    assert "1 reason not on the handoff's agreed list" in " ".join(
        feedback_sentences(plan, playbook)
    )


def test_a_handoff_without_an_agreed_list_takes_the_reason_as_given():
    playbook = without_deals()
    imported(playbook, HUBSPOT)
    assert hubspot(playbook, 203).reason == "Student"


def test_salesforce_status_is_converted_and_a_custom_reason_field():
    playbook = agreed_map()
    plan = imported(playbook, SALESFORCE, overrides={"Lead": "MQL", "Converted": "SQL"})
    lead = "lead-salesforce-leads-00Q5g00000VdA{}AEAV".format
    ana = verdict(playbook, lead("a"))  # Closed - Converted, accepted when converted
    assert (ana.outcome, ana.at, ana.by) == (
        VerdictOutcome.ACCEPTED, "2026-02-10T00:00:00+00:00", "Dana Lee",
    )  # fmt: skip
    ben = verdict(playbook, lead("b"))  # Closed - Not Converted, Disqualification_Reason__c
    assert (ben.outcome, ben.reason, ben.at) == (
        VerdictOutcome.REJECTED, "Wrong persona", "2026-02-06T11:00:00+00:00",
    )  # fmt: skip
    assert verdict(playbook, lead("c")).outcome is VerdictOutcome.ACCEPTED  # Working - Contacted
    assert verdict(playbook, lead("d")) is None  # Open - Not Contacted
    eve = verdict(playbook, lead("e"))  # a custom "Nurturing" status
    assert (eve.outcome, eve.comment) == (
        VerdictOutcome.RECYCLED, "Reason in the CRM: Not this quarter.",
    )  # fmt: skip
    # A custom converted status: IsConverted says it was accepted.
    assert verdict(playbook, lead("f")).outcome is VerdictOutcome.ACCEPTED
    assert feedback_sentences(plan, playbook)[0] == (
        "Verdicts at MQL → SQL: 3 accepted, 1 rejected, 1 recycled."
    )


def test_leads_on_no_cross_team_handoff_get_no_verdict_and_are_counted():
    playbook = agreed_map()  # Salesforce's "Lead" stays at Lead, before marketing hands over
    plan = imported(playbook, SALESFORCE, overrides={"Converted": "SQL"})
    with_verdicts = [lead.name for lead in playbook.leads if lead.verdicts]
    assert sorted(with_verdicts) == ["Ana Silva", "Fay Lin"]  # converted: they reached SQL
    assert "4 leads with a status but no cross-team handoff on the path" in " ".join(
        feedback_sentences(plan, playbook)
    )


def test_the_generic_layout_reads_its_verdict_columns_and_falls_back_to_the_status():
    playbook = agreed_map()
    imported(playbook, CRM / "generic_leads_verdicts.csv")
    ana = verdict(playbook, "lead-generic-L-1")
    assert (ana.outcome, ana.by, ana.at, ana.comment) == (
        VerdictOutcome.ACCEPTED, "Sam Patel", "2026-01-09T10:00:00+00:00",
        "Booked a discovery call",
    )  # fmt: skip
    ben = verdict(playbook, "lead-generic-L-2")  # verdict "rejected" over status "Closed"
    assert (ben.outcome, ben.reason) == (VerdictOutcome.REJECTED, "No budget")
    cara = verdict(playbook, "lead-generic-L-3")  # no verdict given: its status, Nurture
    assert (cara.outcome, cara.by, cara.at) == (VerdictOutcome.RECYCLED, "Dana Lee", "")


def test_an_app_verdict_is_never_overwritten_and_an_imported_one_is_updated(tmp_path):
    playbook = agreed_map()
    imported(playbook, HUBSPOT)
    ben = "lead-hubspot-contacts-202"
    playbook.apply(set_verdict(playbook, ben, MQL_SQL, "accepted", by="Sam", comment="Called"))
    again = HUBSPOT.read_text().replace("Bad Timing", "Unqualified")  # Dev's status changed
    plan = imported(playbook, write(tmp_path, "again.csv", again))
    kept = verdict(playbook, ben)
    assert (kept.outcome, kept.by, kept.comment, kept.imported) == (
        VerdictOutcome.ACCEPTED, "Sam", "Called", False,
    )  # fmt: skip
    assert hubspot(playbook, 204).outcome is VerdictOutcome.REJECTED
    assert "1 verdict entered in the app kept as they were." in feedback_sentences(plan, playbook)


def test_verdict_overrides_say_what_a_status_means():
    playbook = agreed_map()
    imported(playbook, HUBSPOT, verdicts={"hot LEAD": "accepted", "Bad Timing": "rejected"})
    assert hubspot(playbook, 208).outcome is VerdictOutcome.ACCEPTED
    assert hubspot(playbook, 204).outcome is VerdictOutcome.REJECTED
    imported(playbook, HUBSPOT, verdicts={"In Progress": "none"})
    assert hubspot(playbook, 201).outcome is VerdictOutcome.ACCEPTED  # imported before: stays


def test_an_override_that_is_no_verdict_is_refused_in_one_sentence():
    with pytest.raises(EditError) as refusal:
        read_leads(agreed_map(), HUBSPOT, verdicts={"Hot lead": "maybe"})
    assert "accepted, rejected, recycled or none" in str(refusal.value)


def test_a_verdict_saved_before_imports_were_marked_loads_as_entered_in_the_app():
    old = entity_from_dict(Verdict, {"outcome": "rejected", "reason": "No budget"}, "v")
    assert old.imported is False


# -- HubSpot's first engagement ------------------------------------------------------------


def test_hubspot_first_engagement_becomes_a_first_touch_of_its_type():
    playbook = agreed_map()
    plan = imported(playbook, HUBSPOT)
    touches = {lead.source_id: lead.touches for lead in playbook.leads}
    assert touches["201"] == (Touch(at("2026-03-02T10:30"), "call"),)
    assert touches["202"] == (Touch(at("2026-03-02T09:10"), "email"),)
    assert touches["204"] == (Touch(at("2026-03-04T15:00"), "meeting"),)  # MEETING_EVENT
    assert touches["206"] == ()  # a task is no call, email or meeting
    said = feedback_sentences(plan, playbook)
    assert "3 first touches from HubSpot's first engagement." in said
    assert any("no touch: type “Task” (1)" in line for line in said)


def test_importing_again_adds_no_second_touch():
    playbook = agreed_map()
    imported(playbook, HUBSPOT)
    plan = imported(playbook, HUBSPOT)
    assert playbook.leads["lead-hubspot-contacts-201"].touches == (
        Touch(at("2026-03-02T10:30"), "call"),
    )
    assert not any("first touch" in line for line in feedback_sentences(plan, playbook))


def test_without_the_type_column_no_touch_is_made_up_and_the_summary_says_why(tmp_path):
    rows = [line.rsplit(",", 2)[0] for line in HUBSPOT.read_text().splitlines()]
    playbook = agreed_map()
    plan = imported(playbook, write(tmp_path, "untyped.csv", "\n".join(rows) + "\n"))
    assert all(lead.touches == () for lead in playbook.leads)
    assert any(
        line.startswith("4 first engagements not imported as touches: the export has no "
                        "“Type of first engagement” column")
        for line in feedback_sentences(plan, playbook)
    )  # fmt: skip


def test_import_touches_reads_a_hubspot_contacts_export_onto_its_leads(tmp_path):
    playbook = agreed_map()
    bare = [",".join(line.split(",")[:-3]) for line in HUBSPOT.read_text().splitlines()]
    imported(playbook, write(tmp_path, "contacts.csv", "\n".join(bare) + "\n"))
    plan = read_touches(playbook, HUBSPOT)
    assert (plan.format, plan.added, plan.unmatched) == ("hubspot-contacts", 3, 0)
    task = (7, "first engagement of type “Task”: no call, email or meeting")
    no_date = [(line, "has no date") for line in (4, 6, 8, 9)]  # no first engagement
    assert sorted(plan.skipped) == sorted([*no_date, task])
    playbook.apply(touch_edit(playbook, plan))
    assert playbook.leads["lead-hubspot-contacts-204"].touches == (
        Touch(at("2026-03-04T15:00"), "meeting"),
    )


# -- the command line ---------------------------------------------------------------------


def test_a_dry_run_counts_the_verdicts_per_handoff_and_outcome(capsys, playbook_file):
    before = playbook_file.read_bytes()
    args = ["import-leads", str(playbook_file), str(HUBSPOT), "--dry-run"]
    assert main([*args, "--verdict", "Hot lead=rejected", "--verdict", "New=accepted"]) == 0
    out = capsys.readouterr().out
    assert out.startswith("Would import 8 leads")
    assert "  Verdicts at MQL → SQL: 3 accepted, 3 rejected, 1 recycled.\n" in out
    assert "  3 first touches from HubSpot's first engagement.\n" in out
    assert playbook_file.read_bytes() == before


def test_import_leads_stores_the_verdicts_in_the_file(capsys, playbook_file):
    assert main(["import-leads", str(playbook_file), str(HUBSPOT)]) == 0
    out = capsys.readouterr().out
    assert "  Verdicts at MQL → SQL: 2 accepted, 2 rejected, 1 recycled.\n" in out
    assert (
        "  No verdict from a status this app does not know: “Hot lead” (1); say what one means "
        'with --verdict "Status=accepted" (or rejected, recycled, none).\n'
    ) in out
    store = Store.open(playbook_file, read_only=True)
    ben = store.load().leads["lead-hubspot-contacts-202"]
    store.close()
    assert (ben.verdicts[MQL_SQL].outcome, ben.verdicts[MQL_SQL].imported) == (
        VerdictOutcome.REJECTED, True,
    )  # fmt: skip


@pytest.mark.parametrize(
    ("given", "words"),
    [
        ("Hot lead", '--verdict takes "Lead status=accepted", not “Hot lead”'),
        ("Hot lead=maybe", "--verdict takes accepted, rejected, recycled or none"),
    ],
)
def test_a_bad_verdict_option_exits_2_with_one_line(capsys, playbook_file, given, words):
    before = playbook_file.read_bytes()
    assert main(["import-leads", str(playbook_file), str(HUBSPOT), "--verdict", given]) == 2
    err = capsys.readouterr().err
    assert words in err and err.count("\n") == 1
    assert playbook_file.read_bytes() == before


def test_a_verdict_date_that_is_no_date_leaves_the_verdict_undated_with_a_warning(tmp_path):
    """A HubSpot export whose Last Modified Date cannot be read for one lead: the lead comes
    in with its verdict, undated, and the import says why, instead of failing."""
    text = HUBSPOT.read_text("utf-8").replace(
        "Sales Qualified Lead,2026-03-04 16:00,", "Sales Qualified Lead,someday,", 1
    )
    export = write(tmp_path, "contacts.csv", text)
    playbook = agreed_map()
    plan = imported(playbook, export)
    ana = hubspot(playbook, 201)
    assert (ana.outcome, ana.at) == (VerdictOutcome.ACCEPTED, "")
    assert [sentence for _, sentence in plan.warnings] == [
        "Last Modified Date: “someday” is not a date; the verdict has no date"
    ]


def test_bounce_and_quarantine_columns_are_no_reasons_for_a_verdict(tmp_path):
    """Every full Lead.csv carries Salesforce's EmailBouncedReason, and HubSpot's all-properties
    export "Email hard bounce reason" and its quarantine reasons: why an e-mail failed, never
    why sales rejected a lead. The org's own reason columns are still read."""
    from journeyapp.models.lead_import.verdict_columns import reason_columns

    header = [
        "Id", "Status", "EmailBouncedReason", "Email hard bounce reason",
        "Email address quarantine reason", "Email address quarantined reason",
        "Disqualification_Reason__c", "Recycle Reason",
    ]  # fmt: skip
    assert [header[i] for i in reason_columns(header, ())] == [
        "Disqualification_Reason__c", "Recycle Reason",
    ]  # fmt: skip
    path = write(
        tmp_path,
        "Lead.csv",
        "Id,LastName,Company,Status,OwnerId,IsConverted,ConvertedDate,CreatedDate,"
        "LastModifiedDate,EmailBouncedReason,EmailBouncedDate\n"
        "00Q5g00000VdAbAEAV,Okafor,Globex,Closed - Not Converted,Dana Lee,false,,"
        "2026-01-06T08:00:00.000Z,2026-02-06T11:00:00.000Z,550 5.1.1 User unknown,"
        "2026-01-07T08:00:00.000Z\n",
    )
    playbook = agreed_map()
    imported(playbook, path, overrides={"Lead": "MQL", "Converted": "SQL"})
    ben = verdict(playbook, "lead-salesforce-leads-00Q5g00000VdAbAEAV")
    assert (ben.outcome, ben.reason, ben.comment) == (VerdictOutcome.REJECTED, "", "")


def test_a_lead_never_comes_back_over_a_handoff_from_a_stage_it_never_reached(tmp_path):
    """Expansion and advocacy → Opportunity: Discovery brings customers back to sales; a new
    lead converted straight to Discovery never went over it. It is handed over at no
    cross-team handoff (and counted so), not at that one."""
    from journeyapp.models.feedback import handed_leads

    playbook = without_deals()
    plan = imported(
        playbook,
        CRM / "sf_Lead.csv",
        overrides={"Converted": "Opportunity: Discovery"},
    )
    assert all("ho-expansion-discovery" not in lead.verdicts for lead in playbook.leads)
    assert not [
        item for item in handed_leads(playbook) if item.handoff.id == "ho-expansion-discovery"
    ]
    assert "Expansion and advocacy" not in " ".join(feedback_sentences(plan, playbook))


def test_a_verdict_unchanged_in_a_later_export_keeps_the_day_it_was_given(tmp_path):
    """HubSpot dates a verdict by the contact's Last Modified Date, which moves whenever any
    property does. A later export with the same status keeps the verdict's first date; the
    weekly review would otherwise list months-old rejections as this week's."""
    playbook = agreed_map()
    imported(playbook, HUBSPOT)
    ben = "lead-hubspot-contacts-202"
    assert verdict(playbook, ben).at == "2026-03-05T11:20:00+00:00"
    touched = HUBSPOT.read_text().replace("2026-03-05 11:20", "2026-06-20 08:00")
    imported(playbook, write(tmp_path, "later.csv", touched))
    assert verdict(playbook, ben).at == "2026-03-05T11:20:00+00:00"
    changed = touched.replace("Unqualified,no budget", "In Progress,")  # sales took it up
    imported(playbook, write(tmp_path, "changed.csv", changed))
    taken = verdict(playbook, ben)
    assert (taken.outcome, taken.at) == (VerdictOutcome.ACCEPTED, "2026-06-20T08:00:00+00:00")


def test_hubspot_lead_status_written_as_its_internal_values_gives_the_same_verdicts(tmp_path):
    """An export of internal values (hs_lead_status IN_PROGRESS, BAD_TIMING…) gave no
    verdict for any status with an underscore: coverage read 20% where it was 100%."""
    playbook = agreed_map()
    internal = (
        HUBSPOT.read_text()
        .replace("In Progress", "IN_PROGRESS")
        .replace("Bad Timing", "BAD_TIMING")
        .replace("Unqualified", "UNQUALIFIED")
    )
    plan = imported(playbook, write(tmp_path, "internal.csv", internal))
    assert hubspot(playbook, 201).outcome is VerdictOutcome.ACCEPTED
    assert hubspot(playbook, 204).outcome is VerdictOutcome.RECYCLED
    assert not any(
        "does not know" in line
        for line in feedback_sentences(plan, playbook)
        if "IN_PROGRESS" in line or "BAD_TIMING" in line
    )


def test_a_verdict_whose_lead_waits_again_is_kept_and_the_summary_says_so(tmp_path):
    """Dev's status went from Bad Timing back to Open: the recycled verdict stays (a later
    export that gives none leaves it), but the summary only said "1 lead still waiting"."""
    playbook = agreed_map()
    imported(playbook, HUBSPOT)
    again = HUBSPOT.read_text().replace("Bad Timing", "Open")
    plan = imported(playbook, write(tmp_path, "again.csv", again))
    assert hubspot(playbook, 204).outcome is VerdictOutcome.RECYCLED
    said = feedback_sentences(plan, playbook)
    assert "1 lead's status says it waits for a verdict again; the verdict it had is kept." in said

"""Feedback coverage and the rejections the weekly review reads, without Qt."""

from __future__ import annotations

from builders import tiny_data
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.entities import VerdictOutcome
from journeyapp.models.feedback import (
    NO_DATE,
    NO_REASON,
    OFF_LIST,
    feedback_coverage,
    handed_leads,
    rejections_by_reason,
)
from journeyapp.models.feedback_review import share_words
from journeyapp.models.funnel import parse_period

DAY = 86_400
NOV_2 = 1_793_577_600  # 2026-11-02 00:00 UTC, Q4
AUG_3 = 1_785_715_200  # 2026-08-03 00:00 UTC, Q3


def _lead(number, path, owner="", verdict=None):
    lead = {"id": f"lead-{number}", "name": f"Lead {number}", "owner": owner, "path": path}
    if verdict:
        lead["verdicts"] = {"h2": verdict}
    return lead


def _verdict(outcome, reason="", at="2026-11-05T10:00:00", comment="", by="Sam"):
    return {"outcome": outcome, "reason": reason, "by": by, "at": at, "comment": comment}


def _playbook(leads):
    data = tiny_data()
    next(h for h in data["handoffs"] if h["id"] == "h2").update(
        kind="cross_team", reasons=["No budget", "Wrong contact", "Not now"]
    )
    data["leads"] = leads
    return playbook_from_dict(data)


def _at_mql(when):
    return [["mql", "MQL", when, None]]


def _to_sql(when):
    return [["mql", "MQL", when, when + DAY], ["sql", "SQL", when + DAY, None]]


def test_coverage_counts_handed_leads_with_a_verdict_per_handoff_period_and_owner():
    playbook = _playbook(
        [
            _lead(1, _to_sql(NOV_2), "Dana", _verdict("accepted")),
            _lead(2, _at_mql(NOV_2), "Dana", _verdict("rejected", "No budget")),
            _lead(3, _at_mql(NOV_2), "Dana"),  # handed over, no verdict yet
            _lead(4, _at_mql(AUG_3), "Lee", _verdict("recycled", "Not now")),
            _lead(5, _at_mql(AUG_3), ""),
            _lead(6, [["visitor", "Visitor", NOV_2, None]], "Dana"),  # never handed over
        ]
    )
    coverage = feedback_coverage(playbook)

    assert (coverage.overall.handed, coverage.overall.with_verdict) == (5, 3)
    assert coverage.overall.words() == "3 of 5 (60%)"
    by_route = {c.name: c for c in coverage.handoffs}
    assert (by_route["MQL → SQL"].handed, by_route["MQL → SQL"].with_verdict) == (5, 3)
    assert [(c.name, c.handed, c.with_verdict) for c in coverage.periods] == [
        ("2026-Q3", 2, 1),
        ("2026-Q4", 3, 2),
    ]
    assert [(c.name, c.handed, c.with_verdict) for c in coverage.owners] == [
        ("Dana", 3, 2),
        ("Lee", 1, 1),
        ("None recorded", 1, 0),
    ]
    assert by_route["MQL → SQL"].outcomes == {
        VerdictOutcome.ACCEPTED: 1,
        VerdictOutcome.REJECTED: 1,
        VerdictOutcome.RECYCLED: 1,
    }


def test_a_lead_with_a_verdict_but_no_path_counts_as_handed_over_without_a_date():
    playbook = _playbook([_lead(1, [], "Dana", _verdict("rejected", "Wrong contact"))])
    (handed,) = handed_leads(playbook)
    assert handed.at is None
    assert [c.name for c in feedback_coverage(playbook).periods] == [NO_DATE]


def test_a_handoff_with_nobody_handed_over_says_so():
    playbook = _playbook([])
    (route,) = [c for c in feedback_coverage(playbook).handoffs if c.name == "MQL → SQL"]
    assert route.share is None
    assert route.words() == "none handed over"


def test_rejections_are_grouped_by_reason_most_given_first_newest_first():
    playbook = _playbook(
        [
            _lead(1, _at_mql(NOV_2), verdict=_verdict("rejected", "Wrong contact", comment="HR")),
            _lead(2, _at_mql(NOV_2), verdict=_verdict("rejected", "No budget", "2026-11-03")),
            _lead(3, _at_mql(NOV_2), verdict=_verdict("rejected", "No budget", "2026-11-09")),
            _lead(4, _at_mql(NOV_2), verdict=_verdict("rejected", "", comment="odd one")),
            _lead(5, _at_mql(NOV_2), verdict=_verdict("accepted")),
        ]
    )
    groups = rejections_by_reason(playbook)
    assert [(g.reason, len(g.rejections)) for g in groups] == [
        ("No budget", 2),
        ("Wrong contact", 1),
        (NO_REASON, 1),
    ]
    assert [r.lead for r in groups[0].rejections] == ["Lead 3", "Lead 2"]
    assert groups[1].rejections[0].comment == "HR"
    assert groups[1].rejections[0].route == "MQL → SQL"


def test_rejections_in_a_period_leave_out_verdicts_given_in_another():
    playbook = _playbook(
        [
            _lead(1, _at_mql(NOV_2), verdict=_verdict("rejected", "No budget", "2026-11-03")),
            _lead(2, _at_mql(NOV_2), verdict=_verdict("rejected", "No budget", "2026-08-03")),
            _lead(3, _at_mql(AUG_3), verdict=_verdict("rejected", "No budget", "")),
        ]
    )
    (group,) = rejections_by_reason(playbook, period=parse_period("2026-Q4"))
    assert [r.lead for r in group.rejections] == ["Lead 1"]
    recycled = rejections_by_reason(playbook, outcomes=frozenset({VerdictOutcome.RECYCLED}))
    assert recycled == []


def test_a_rejection_without_a_date_counts_in_the_quarter_its_lead_was_handed_over_everywhere():
    """A CRM status such as Disqualified gives a verdict but no date. The coverage table counts
    the lead in the quarter it was handed over; the rejections of that quarter, the quarters
    offered to choose from and the review meeting's agenda count it there too."""
    import datetime

    from journeyapp.models.feedback import verdict_quarters
    from journeyapp.models.feedback_review import feedback_review
    from journeyapp.models.meeting_agenda import agenda_for
    from journeyapp.models.review_entities import Cadence

    playbook = _playbook(
        [
            _lead(1, _at_mql(NOV_2), verdict=_verdict("rejected", "No budget", at="")),
            _lead(2, _at_mql(AUG_3), verdict=_verdict("rejected", "Wrong contact", at="")),
            _lead(3, _at_mql(NOV_2), verdict=_verdict("accepted", at="")),
        ]
    )
    for quarter, lead in (("2026-Q4", "Lead 1"), ("2026-Q3", "Lead 2")):
        period = parse_period(quarter)
        review = feedback_review(playbook, period)
        rejected = review.coverage.overall.outcomes.get(VerdictOutcome.REJECTED, 0)
        assert rejected == sum(reason.count for reason in review.reasons) == 1
        listed = rejections_by_reason(playbook, period=period)
        assert [r.lead for group in listed for r in group.rejections] == [lead]
    assert set(verdict_quarters(playbook)) == {"2026-Q3", "2026-Q4"}
    december = agenda_for(playbook, Cadence.QUARTERLY, datetime.date(2026, 12, 2))
    assert any(line.startswith("No budget: 1 rejection") for line in december.reps_feedback)
    assert not any("Wrong contact" in line for line in december.reps_feedback)


def test_one_verdict_on_several_leads_is_one_undo_step_named_in_words():
    from journeyapp.models import verdicts

    playbook = _playbook([_lead(n, _at_mql(NOV_2), "Dana") for n in (1, 2, 3)])
    edit = verdicts.set_verdicts(
        playbook, ["lead-1", "lead-3"], "h2", "rejected", "no BUDGET", "Sam", "2026-11-30T10:00"
    )
    assert edit.label == "Sales rejects 2 leads at MQL → SQL: No budget"
    playbook.apply(edit)
    assert feedback_coverage(playbook).overall.words() == "2 of 3 (67%)"
    assert playbook.leads["lead-1"].verdicts["h2"].reason == "No budget"
    playbook.revert(edit)
    assert feedback_coverage(playbook).overall.with_verdict == 0


def test_owners_written_differently_only_in_case_or_spacing_are_one():
    """Three CRM spellings of one rep made three rows, two of which read the same once a page
    collapsed the double space."""
    playbook = _playbook(
        [
            _lead(1, _at_mql(NOV_2), "Alice Smith", _verdict("accepted")),
            _lead(2, _at_mql(NOV_2), "Alice Smith", _verdict("rejected", "No budget")),
            _lead(3, _at_mql(NOV_2), "alice smith", _verdict("rejected", "No budget")),
            _lead(4, _at_mql(NOV_2), " Alice  Smith ", None),
        ]
    )
    (alice,) = feedback_coverage(playbook).owners
    assert (alice.name, alice.handed, alice.with_verdict) == ("Alice Smith", 4, 3)


def test_a_crm_reason_off_the_agreed_list_is_grouped_as_such_not_as_no_reason():
    off_list = _verdict("rejected", comment="Reason in the CRM: Competitor. uses a rival")
    playbook = _playbook(
        [
            _lead(1, _at_mql(NOV_2), verdict=off_list),
            _lead(2, _at_mql(NOV_2), verdict=_verdict("rejected", comment="no reason typed")),
        ]
    )
    groups = {g.reason: g for g in rejections_by_reason(playbook)}
    assert set(groups) == {OFF_LIST, NO_REASON}
    assert groups[OFF_LIST].rejections[0].comment.startswith("Reason in the CRM: Competitor.")


def test_a_share_under_the_mark_is_never_shown_rounded_up_to_it():
    """39 of 49 (79.6%) read "80%, under 80%"."""
    leads = [
        _lead(n, _at_mql(NOV_2), verdict=_verdict("accepted") if n < 39 else None)
        for n in range(49)
    ]
    coverage = feedback_coverage(_playbook(leads)).overall
    assert share_words(coverage) == "79.6%, under 80%"
    assert coverage.words() == "39 of 49 (79.6%)"


def test_a_lead_sales_found_itself_is_not_handed_over_by_marketing():
    """An SDR's outbound lead reached SQL from a stage in sales' own lane: it never crossed
    MQL → SQL, so it is in no coverage there and its status gives no verdict there. A lead
    that skipped MQL from marketing's Visitor was handed over."""
    data = tiny_data()
    next(h for h in data["handoffs"] if h["id"] == "h2").update(kind="cross_team")
    data["stages"].append(
        {"id": "outbound", "name": "Outbound", "phase": "aware", "lane": "sales", "y": 150}
    )
    data["handoffs"].append({"id": "h9", "source": "outbound", "target": "sql"})
    outbound = [["outbound", "Outbound", NOV_2, NOV_2 + DAY], ["sql", "SQL", NOV_2 + DAY, None]]
    skipped = [["visitor", "Visitor", NOV_2, NOV_2 + DAY], ["sql", "SQL", NOV_2 + DAY, None]]
    data["leads"] = [_lead(1, outbound), _lead(2, skipped)]
    handed = handed_leads(playbook_from_dict(data))
    assert [item.lead.id for item in handed] == ["lead-2"]


def test_a_handoff_after_the_close_is_no_place_for_feedback_on_leads():
    """Won → Customer onboarding is a cross-team handoff, but of customers: the five leads
    that became customers showed there as handed over with no verdict, pulling coverage down
    (75% where the handoffs leads arrive at had 78.6%), and no import can give one."""
    from journeyapp.models.feedback import cross_team_handoffs
    from journeyapp.models.templates import load_template

    playbook = load_template("b2b-saas")
    names = {s.id: s.name for s in playbook.stages()}
    routes = [(names[h.source], names[h.target]) for h in cross_team_handoffs(playbook)]
    assert ("MQL", "SQL") in routes
    assert ("Won", "Customer onboarding") not in routes

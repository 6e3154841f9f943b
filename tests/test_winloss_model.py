"""Why we win and lose, without Qt: the matrix of stated reason against root cause (counted by
hand from winloss_builders' deals), interview coverage per segment, the top decision drivers,
the drivers pinned to a stage, the interview guide tailored to a deal's path, and the interview
and driver edits, each undone in one step."""

from __future__ import annotations

import pytest
from journeyapp.models import decision_drivers, interviews
from journeyapp.models.change import Kind
from journeyapp.models.codec import playbook_from_dict, playbook_to_dict
from journeyapp.models.entities import (
    BuyingRole,
    Deal,
    LossType,
    Quote,
)
from journeyapp.models.errors import EditError
from journeyapp.models.funnel import parse_period
from journeyapp.models.interview_guide import interview_guide
from journeyapp.models.templates import blank_playbook, load_template
from journeyapp.models.winloss import (
    DealFilter,
    closing_quarters,
    stage_drivers,
    winloss_report,
)
from winloss_builders import (
    LOST,
    OPEN,
    WON,
    deals_playbook,
    interviewed_playbook,
    quarters_playbook,
)


def test_the_matrix_counts_each_stated_reason_against_its_root_causes():
    report = winloss_report(deals_playbook())
    price = report.matrix[0]
    assert (price.stated, price.deals) == ("Price", 4)  # deals 1, 2, 3, 6; not the open 7
    assert price.causes == (
        ("No economic buyer", 2),
        ("Champion sold the business case", 1),
        ("Pilot never tied to their target", 1),
    )
    assert price.outcomes == (("lost", 3), ("won", 1))
    assert price.segments == (("Mid-market", 2), ("SMB", 2))
    assert price.loss_types == (("no decision", 2), ("competitor", 1))
    assert price.sentence() == (
        "“Price” stated 4 times: root cause “No economic buyer” 2 times, “Champion sold the "
        "business case” 1 time, “Pilot never tied to their target” 1 time"
    )
    assert [(row.stated, row.deals) for row in report.matrix[1:]] == [
        ("Fast pilot", 1),
        ("Timing", 1),
    ]
    assert report.matrix[2].causes == (("(no root cause found)", 1),)


def test_the_matrix_splits_by_outcome_segment_and_loss_type():
    playbook = deals_playbook()
    lost = winloss_report(playbook, DealFilter(outcome=LOST)).matrix
    assert [(r.stated, r.deals) for r in lost] == [("Price", 3), ("Timing", 1)]
    smb = winloss_report(playbook, DealFilter(segment="smb")).matrix
    assert [(r.stated, r.deals, r.causes) for r in smb] == [
        ("Price", 2, (("Champion sold the business case", 1), ("No economic buyer", 1))),
        ("Timing", 1, (("(no root cause found)", 1),)),
    ]
    no_decision = winloss_report(playbook, DealFilter(loss_type=LossType.NO_DECISION))
    assert [(r.stated, r.deals) for r in no_decision.matrix] == [("Price", 2)]
    assert no_decision.deals == 2


def test_coverage_counts_interviewed_and_independently_interviewed_deals_per_segment():
    report = winloss_report(interviewed_playbook())
    rows = {row.segment: row for row in report.coverage}
    assert list(rows) == ["Mid-market", "SMB", "All segments"]
    mid = rows["Mid-market"]
    assert (mid.won, mid.won_interviewed, mid.won_independent) == (1, 1, 1)
    assert (mid.lost, mid.lost_interviewed, mid.lost_independent) == (2, 1, 1)
    smb = rows["SMB"]
    assert (smb.won, smb.won_interviewed, smb.lost, smb.lost_interviewed) == (1, 0, 2, 1)
    assert smb.lost_independent == 0
    every = rows["All segments"]
    assert (every.won, every.won_interviewed, every.lost, every.lost_interviewed) == (2, 1, 4, 2)
    assert report.interviews == 4
    assert report.quotes_untagged == 1


def test_top_drivers_count_tagged_quotes_by_outcome_with_examples():
    report = winloss_report(interviewed_playbook())
    counted = [(d.name, d.won, d.lost) for d in report.drivers]
    # Price is tagged twice (both on lost deal 1); the rest once, in the list's order.
    assert counted == [
        ("Price", 0, 2),
        ("Trust in the team", 0, 1),
        ("Implementation risk", 0, 1),
        ("Time to value", 1, 0),
        ("Business case", 0, 1),
    ]
    assert report.drivers[0].examples == (
        ("Too expensive for what it did", "Deal 1"),
        ("Nobody with a budget ever saw it", "Deal 1"),
    )
    won_only = winloss_report(interviewed_playbook(), DealFilter(outcome=WON))
    assert [(d.name, d.quotes) for d in won_only.drivers] == [("Time to value", 1)]


def test_drivers_are_pinned_to_the_stage_where_the_decision_tilted():
    playbook = load_template("b2b-saas")
    for sample_interview in list(playbook.interviews):
        playbook.apply(interviews.remove_interview(playbook, sample_interview.id))
    deal = next(d for d in playbook.deals if d.outcome is LOST)
    add = interviews.add_interview(playbook, deal.id, tilt_stage="stage-negotiation")
    playbook.apply(add)
    price = next(d.id for d in playbook.drivers if d.name == "Price")
    trust = next(d.id for d in playbook.drivers if d.name == "Trust in the team")
    for text, tags in (("Too dear", [price]), ("We doubted them", [trust, price])):
        playbook.apply(interviews.add_quote(playbook, add.entity.id, text, tags))
    assert stage_drivers(playbook, "stage-negotiation") == [("Price", 2), ("Trust in the team", 1)]
    assert stage_drivers(playbook, "stage-visitor") == []


def test_adding_an_interview_and_tagging_a_quote_is_undone_step_by_step():
    playbook = deals_playbook()
    before = playbook_to_dict(playbook)
    add = interviews.add_interview(
        playbook, "deal-1", "Ana Ruiz", BuyingRole.RECOMMENDER, "Kim (agency)", True, "2026-11-02"
    )
    assert add.label == "Add an interview with Ana Ruiz on “Deal 1”"
    playbook.apply(add)
    quote = interviews.add_quote(playbook, add.entity.id, "  We never met the CFO  ")
    playbook.apply(quote)
    price = next(d for d in playbook.drivers if d.name == "Price")
    tag = interviews.tag_quote(playbook, add.entity.id, 0, [price.id])
    assert tag.label == "Tag “We never met the CFO” with Price"
    playbook.apply(tag)
    assert playbook.interviews[add.entity.id].quotes == (
        Quote("We never met the CFO", (price.id,)),
    )
    again = playbook_from_dict(playbook_to_dict(playbook))
    assert again.interviews[add.entity.id] == playbook.interviews[add.entity.id]
    for edit in (tag, quote, add):
        playbook.revert(edit)
    assert playbook_to_dict(playbook) == before


def test_interview_edits_refuse_what_cannot_be():
    playbook = deals_playbook()
    with pytest.raises(EditError, match="about a deal in this playbook"):
        interviews.add_interview(playbook, "deal-none")
    add = interviews.add_interview(playbook, "deal-1")
    playbook.apply(add)
    with pytest.raises(EditError, match="needs the buyer's words"):
        interviews.add_quote(playbook, add.entity.id, "   ")
    with pytest.raises(EditError, match="no decision driver"):
        interviews.add_quote(playbook, add.entity.id, "Fine", ["driver-nothing"])
    with pytest.raises(EditError, match="not on the map"):
        interviews.change_interview(playbook, add.entity.id, tilt_stage="stage-none")


def test_deleting_a_driver_untags_its_quotes_and_undo_puts_both_back():
    playbook = interviewed_playbook()
    price = next(d for d in playbook.drivers if d.name == "Price")
    before = playbook_to_dict(playbook)
    remove = decision_drivers.remove_driver(playbook, price.id)
    assert remove.label == "Delete decision driver “Price”"
    playbook.apply(remove)
    assert price.id not in playbook.drivers
    assert all(price.id not in q.drivers for i in playbook.interviews for q in i.quotes)
    assert sum(len(i.quotes) for i in playbook.interviews) == 6  # no quote is lost
    playbook.revert(remove)
    assert playbook_to_dict(playbook) == before


def test_a_new_playbook_starts_with_the_default_drivers_each_defined():
    drivers = list(blank_playbook().drivers)
    names = [d.name for d in drivers]
    for expected in ("Price", "Product fit", "Trust in the team", "Implementation risk"):
        assert expected in names
    assert all(d.definition for d in drivers)
    with pytest.raises(EditError, match="already a decision driver called “Price”"):
        decision_drivers.add_driver(blank_playbook(), " price ")


def test_a_deal_keeps_its_loss_type_through_the_file_format():
    playbook = deals_playbook()
    again = playbook_from_dict(playbook_to_dict(playbook))
    assert again.deals["deal-2"].loss_type is LossType.NO_DECISION
    assert again.deals["deal-5"].loss_type is LossType.NONE


def _guide(deal_id):
    playbook = load_template("b2b-saas")
    return interview_guide(playbook, playbook.deals[deal_id])


def test_a_deal_lost_at_negotiation_gets_the_negotiation_question_first_in_the_maps_words():
    guide = _guide("deal-sample-northwind")  # Lead, MQL, SQL, Discovery, Proposal, Negotiation
    assert guide.ended_at == "Opportunity: Negotiation"
    assert [q.moment for q in guide.questions] == [
        "negotiation",
        "qualify",
        "opportunity",
        "discovery",
    ]
    first = guide.questions[0]
    assert first.focus
    assert "lost at “Opportunity: Negotiation”" in first.question
    assert not any(q.focus for q in guide.questions[1:])
    assert "“Lead” and “MQL”" in guide.questions[1].question  # the stages before SQL


def test_a_deal_lost_after_discovery_is_asked_why_it_stalled_and_never_about_negotiation():
    guide = _guide("deal-sample-contoso")  # MQL, SQL, Discovery (twice), Proposal, lost
    assert guide.path == ("MQL", "SQL", "Opportunity: Discovery", "Opportunity: Proposal")
    assert [q.moment for q in guide.questions] == ["discovery", "qualify", "opportunity"]
    assert "did not get past “Opportunity: Proposal”" in guide.questions[0].question


def test_a_won_deal_is_asked_why_it_was_won_first_and_what_nearly_stopped_it():
    guide = _guide("deal-sample-wingtip")
    assert guide.questions[0].moment == "won"
    assert [q.moment for q in guide.questions[1:]] == [
        "qualify",
        "opportunity",
        "discovery",
        "negotiation",
    ]
    assert guide.questions[-1].question == (
        "At “Opportunity: Negotiation”, what nearly made you walk away?"
    )
    assert "Price" in guide.drivers


def test_the_generic_deal_layout_reads_a_lost_deals_loss_type_and_a_reimport_keeps_the_rooms(
    tmp_path,
):
    from tests.crm_checks import imported, write

    playbook = load_template("b2b-saas")
    text = (
        "deal_id,stage,entered_at,outcome,loss_reason,loss_type\n"
        "g1,SQL,2026-01-01,lost,Went with Acme,Lost to competitor\n"
        "g1,Lost,2026-01-09,lost,Went with Acme,Lost to competitor\n"
        "g2,SQL,2026-01-02,lost,Budget frozen,\n"
        "g2,Lost,2026-01-20,lost,Budget frozen,\n"
        "g3,SQL,2026-01-03,won,,timing\n"
        "g3,Won,2026-01-30,won,,timing\n"
    )
    path = write(tmp_path, "generic.csv", text)
    imported(playbook, path)
    loss = {d: playbook.deals[f"deal-generic-{d}"].loss_type for d in ("g1", "g2", "g3")}
    assert loss == {"g1": LossType.COMPETITOR, "g2": LossType.NONE, "g3": LossType.NONE}
    playbook.set_fields(Kind.DEAL, "deal-generic-g2", {"loss_type": LossType.TIMING})
    imported(playbook, path)  # next quarter's export says nothing of g2's loss type
    assert playbook.deals["deal-generic-g2"].loss_type is LossType.TIMING
    assert playbook.deals["deal-generic-g1"].loss_type is LossType.COMPETITOR


def test_a_version_7_file_is_migrated_and_holds_interviews_afterwards(tmp_path):
    from builders import sample_file_at_version_7
    from journeyapp.models.edit_session import EditSession
    from journeyapp.models.store import Store

    path = sample_file_at_version_7(tmp_path)
    store = Store.open(path)
    playbook = store.load()
    assert (len(playbook.interviews), len(playbook.drivers)) == (0, 0)
    assert all(deal.loss_type is LossType.NONE for deal in playbook.deals)
    session = EditSession(playbook, store)
    session.apply(decision_drivers.add_driver(playbook, "Price"))
    session.apply(interviews.add_interview(playbook, "deal-sample-adatum", "Noor"))
    store.close()
    again = Store.open(path)
    reopened = again.load()
    again.close()
    assert [d.name for d in reopened.drivers] == ["Price"]
    assert [i.interviewee for i in reopened.interviews] == ["Noor"]


def test_deals_without_a_stated_reason_are_counted_apart_not_as_a_reason():
    playbook = deals_playbook()
    for deal in (
        Deal("deal-8", "Deal 8", outcome=WON),
        Deal("deal-9", "Deal 9", outcome=WON, stated_reason="  "),
        Deal("deal-10", "Deal 10", outcome=LOST, root_cause="Never met the CFO"),
        Deal("deal-11", "Deal 11", outcome=OPEN),
    ):
        playbook.deals.insert(deal)
    report = winloss_report(playbook)
    # The reasons buyers gave, won or lost; the three closed deals without one are not a row.
    assert [(row.stated, row.deals) for row in report.matrix] == [
        ("Price", 4),
        ("Fast pilot", 1),
        ("Timing", 1),
    ]
    assert report.deals == 9
    assert (report.unstated.won, report.unstated.lost) == (2, 1)
    assert report.unstated.sentence() == (
        "3 closed deals (2 won, 1 lost) gave no reason and are left out of the stated reasons; "
        "root cause found behind them: “Never met the CFO” 1 time."
    )
    won = winloss_report(playbook, DealFilter(outcome=WON)).unstated
    assert won.sentence() == (
        "2 closed deals (2 won) gave no reason and are left out of the stated reasons."
    )
    assert not winloss_report(deals_playbook()).unstated.deals


def test_a_period_narrows_to_the_deals_that_closed_in_it_in_the_teams_time_zone():
    playbook = quarters_playbook()
    q4 = winloss_report(playbook, DealFilter(outcome=LOST, period=parse_period("2026-Q4")))
    assert q4.deals == 3
    assert [(row.stated, row.deals) for row in q4.matrix] == [("Price", 2), ("No decision", 1)]
    assert q4.filter.words() == "lost deals closed in 2026-Q4"
    q3 = winloss_report(playbook, DealFilter(period=parse_period("2026 Q3")))
    assert [(row.stated, row.deals) for row in q3.matrix] == [("Fast pilot", 1), ("Price", 1)]
    assert q3.filter.words() == "deals closed in 2026-Q3"
    assert winloss_report(playbook).deals == 5
    assert closing_quarters(playbook) == ["2026-Q4", "2026-Q3"]

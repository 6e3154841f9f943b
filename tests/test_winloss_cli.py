"""``journeyapp winloss`` and ``journeyapp interview-guide``: the matrix, top drivers and
coverage in a terminal and as JSON, narrowed by outcome, a read-only look that never changes
the file, the guide written as a one-page PDF, and one-line errors with exit code 2."""

from __future__ import annotations

import io
import json

import pytest
from journeyapp.models.entities import Deal, DealOutcome
from journeyapp.models.store import Store
from pypdf import PdfReader
from winloss_builders import interviewed_playbook, quarters_playbook

from journeyapp.cli import main


@pytest.fixture
def playbook_file(tmp_path):
    path = tmp_path / "deals.journey"
    Store.create(path, interviewed_playbook()).close()
    return path


def test_plain_text_gives_the_matrix_the_top_drivers_and_the_coverage(playbook_file, capsys):
    assert main(["winloss", str(playbook_file)]) == 0
    out = capsys.readouterr().out
    assert "6 closed deals (2 won, 4 lost), 4 interviews." in out
    assert (
        "  “Price” stated 4 times: root cause “No economic buyer” 2 times, “Champion sold the "
        "business case” 1 time, “Pilot never tied to their target” 1 time\n"
        "      lost 3, won 1 · Mid-market 2, SMB 2 · no decision 2, competitor 1\n"
    ) in out
    assert (
        "  Price: 2 quotes (won 0, lost 2)\n      “Too expensive for what it did” (Deal 1)" in out
    )
    rows = {line.split()[0]: line.split()[1:] for line in out.splitlines()[-4:]}
    assert rows["Mid-market"] == ["1", "1", "1", "2", "1", "1"]
    assert rows["SMB"] == ["1", "0", "0", "2", "1", "0"]
    assert rows["All"] == ["segments", "2", "1", "1", "4", "2", "1"]


def test_outcome_narrows_everything_to_won_or_lost_deals(playbook_file, capsys):
    assert main(["winloss", str(playbook_file), "--outcome", "won", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["filter"]["outcome"] == "won"
    assert [(r["stated_reason"], r["deals"]) for r in report["matrix"]] == [
        ("Fast pilot", 1),
        ("Price", 1),
    ]
    assert [(d["driver"], d["won"], d["lost"]) for d in report["top_drivers"]] == [
        ("Time to value", 1, 0)
    ]
    every = report["coverage"][-1]
    assert (every["segment"], every["won"], every["won_interviewed"], every["lost"]) == (
        "All segments",
        2,
        1,
        0,
    )


def test_json_gives_each_root_cause_and_the_splits(playbook_file, capsys):
    assert main(["winloss", str(playbook_file), "--json"]) == 0
    price = json.loads(capsys.readouterr().out)["matrix"][0]
    assert price["root_causes"][0] == {"root_cause": "No economic buyer", "deals": 2}
    assert price["by_loss_type"] == {"no decision": 2, "competitor": 1}
    assert price["by_segment"] == {"Mid-market": 2, "SMB": 2}


def test_a_read_only_look_never_changes_the_file(playbook_file, capsys):
    before = playbook_file.read_bytes()
    files = sorted(p.name for p in playbook_file.parent.iterdir())
    main(["winloss", str(playbook_file)])
    main(["winloss", str(playbook_file), "--json", "--outcome", "lost"])
    assert playbook_file.read_bytes() == before
    assert sorted(p.name for p in playbook_file.parent.iterdir()) == files


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--outcome", "open"], "argument --outcome: invalid choice: 'open'"),
        (["--loss-type", "price"], "argument --loss-type: invalid choice: 'price'"),
    ],
)
def test_bad_words_are_one_line_on_stderr_and_exit_2(playbook_file, capsys, extra, says):
    assert main(["winloss", str(playbook_file), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"journeyapp: {says}")
    assert captured.err.count("\n") == 1


def test_the_interview_guide_is_one_page_with_the_deals_questions(tmp_path, capsys):
    sample = tmp_path / "sample.journey"
    assert main(["new", str(sample)]) == 0
    out = tmp_path / "guide.pdf"
    args = ["interview-guide", str(sample), "Northwind Health: clinic scheduling", "-o", str(out)]
    assert main(args) == 0
    assert capsys.readouterr().out.endswith(f"Wrote {out} (1 page)\n")
    pages = PdfReader(io.BytesIO(out.read_bytes())).pages
    assert len(pages) == 1
    text = " ".join(pages[0].extract_text().split())
    assert "Interview guide: Northwind Health: clinic scheduling" in text
    assert "Lost at Opportunity: Negotiation" in text
    assert "The deal was lost at “Opportunity: Negotiation”" in text
    assert "Why do some unqualified leads fail to become qualified leads?" in text
    assert "What is the compelling reason" not in text  # a lost deal is not asked why we won


def test_the_interview_guide_refuses_an_unknown_deal_and_never_writes_over_the_playbook(
    tmp_path, capsys
):
    sample = tmp_path / "sample.journey"
    main(["new", str(sample)])
    capsys.readouterr()
    before = sample.read_bytes()
    assert main(["interview-guide", str(sample), "Nobody", "-o", str(tmp_path / "g.pdf")]) == 2
    err = capsys.readouterr().err
    assert err.startswith("journeyapp: There is no deal “Nobody” in this playbook; for example")
    assert err.count("\n") == 1
    assert main(["interview-guide", str(sample), "deal-sample-adatum", "-o", str(sample)]) == 2
    assert "an export never writes over one" in capsys.readouterr().err
    assert sample.read_bytes() == before
    assert not (tmp_path / "g.pdf").exists()


def test_deals_without_a_reason_are_said_apart_from_the_stated_reasons(tmp_path, capsys):
    playbook = interviewed_playbook()
    playbook.deals.insert(Deal("deal-8", "Deal 8", outcome=DealOutcome.WON))
    path = tmp_path / "unstated.journey"
    Store.create(path, playbook).close()
    assert main(["winloss", str(path)]) == 0
    out = capsys.readouterr().out
    assert "(no reason stated)" not in out
    assert "  1 closed deal (1 won) gave no reason and is left out of the stated reasons." in out
    assert main(["winloss", str(path), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert "" not in [row["stated_reason"] for row in report["matrix"]]
    assert report["no_reason_stated"] == {"deals": 1, "won": 1, "lost": 0, "root_causes": []}


def test_period_narrows_to_the_deals_closed_in_that_quarter(tmp_path, capsys):
    path = tmp_path / "quarters.journey"
    Store.create(path, quarters_playbook()).close()
    assert main(["winloss", str(path), "--period", "2026-Q4", "--outcome", "lost"]) == 0
    out = capsys.readouterr().out
    assert "lost deals closed in 2026-Q4" in out
    assert "3 closed deals (0 won, 3 lost)" in out
    assert "“Price” stated 2 times" in out
    assert "Fast pilot" not in out
    assert main(["winloss", str(path), "--period", "2026-Q3", "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["filter"]["period"] == "2026-Q3"
    assert [(r["stated_reason"], r["deals"]) for r in report["matrix"]] == [
        ("Fast pilot", 1),
        ("Price", 1),
    ]
    assert main(["winloss", str(path), "--period", "2025-Q1"]) == 0
    assert "No deals closed in 2025-Q1 in this playbook." in capsys.readouterr().out


def test_a_period_that_is_not_one_is_refused_in_a_line(playbook_file, capsys):
    assert main(["winloss", str(playbook_file), "--period", "last quarter"]) != 0
    captured = capsys.readouterr()
    assert captured.out == ""
    assert "“last quarter” is not a period; write a quarter like 2026-Q4" in captured.err
    assert captured.err.count("\n") == 1

"""``journeyapp feedback``: the coverage and the rejections by reason in a terminal and as JSON,
narrowed to a period or a handoff, a read-only look, and one-line errors."""

from __future__ import annotations

import json
import re

import pytest
from feedback_builders import HOSTILE, feedback_playbook
from journeyapp.models.feedback_review import NEWEST_SHOWN, NO_LEADS
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

from journeyapp.cli import main


@pytest.fixture
def playbook_file(tmp_path):
    path = tmp_path / "leads.journey"
    Store.create(path, feedback_playbook(rejections_for_budget=NEWEST_SHOWN + 3)).close()
    return path


def _row(out: str, name: str) -> list[str]:
    line = next(line for line in out.splitlines() if line.startswith(name + " "))
    return line[len(name) :].split()


def test_plain_text_gives_coverage_per_handoff_quarter_and_owner_with_low_shares_marked(
    playbook_file, capsys
):
    assert main(["feedback", str(playbook_file)]) == 0
    out = capsys.readouterr().out
    total = 5 + NEWEST_SHOWN + 3
    judged = 3 + NEWEST_SHOWN + 3
    assert f"Overall: {judged} of {total} ({judged / total:.0%})" in out
    assert judged / total >= 0.8  # so not marked
    assert _row(out, "MQL → SQL") == [
        str(total),
        str(judged),
        f"{judged / total:.0%}",
        "1",
        str(1 + NEWEST_SHOWN + 3),
        "1",
    ]
    assert _row(out, "2026-Q3") == ["2", "0", "0%", "!", "0", "0", "0"]
    assert _row(out, "Dana")[2:4] == ["100%", "1"]  # not marked: the next is the accepted count
    assert _row(out, "Lee")[2:4] == ["0%", "!"]


def test_plain_text_lists_rejections_by_reason_newest_first_and_counts_the_rest(
    playbook_file, capsys
):
    main(["feedback", str(playbook_file)])
    out = capsys.readouterr().out
    budget = out.index(f"No budget: {NEWEST_SHOWN + 3} rejections")
    wrong = out.index("Wrong contact: 1 rejection")
    assert budget < wrong
    listed = re.findall(r"^  (2026-11-\d\d)  Lead", out[budget:wrong], re.MULTILINE)
    assert len(listed) == NEWEST_SHOWN and listed == sorted(listed, reverse=True)
    assert "2026-11-01" not in listed  # the oldest three are counted, not listed
    assert "… and 3 more, older" in out[budget:wrong]
    assert f"Lead 2 (MQL → SQL, by Sam): {HOSTILE}" in out[wrong:]


def test_json_gives_every_rejection_and_the_coverage_figures(playbook_file, capsys):
    assert main(["feedback", str(playbook_file), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    budget = next(g for g in report["rejections"] if g["reason"] == "No budget")
    assert budget["count"] == len(budget["rejections"]) == NEWEST_SHOWN + 3
    owners = {o["name"]: o for o in report["coverage"]["owners"]}
    assert (owners["Lee"]["handed_over"], owners["Lee"]["with_verdict"]) == (2, 0)
    assert owners["Lee"]["low"] and not owners["Dana"]["low"]
    assert owners["Dana"]["outcomes"] == {
        "accepted": 1,
        "rejected": 1 + NEWEST_SHOWN + 3,
        "recycled": 1,
    }


def test_period_and_handoff_narrow_the_look(playbook_file, capsys):
    args = ["feedback", str(playbook_file), "--period", "2026 Q3", "--handoff", "mql -> sql"]
    assert main([*args, "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert (report["period"], report["handoff"]) == ("2026-Q3", "MQL → SQL")
    overall = report["coverage"]["overall"]
    assert (overall["handed_over"], overall["with_verdict"]) == (2, 0)
    assert [c["name"] for c in report["coverage"]["handoffs"]] == ["MQL → SQL"]
    assert report["rejections"] == []  # every verdict was given in November
    assert main(args) == 0
    said = capsys.readouterr().out
    assert "No lead handed over was rejected." in said
    # The two parts count different leads; the look says which, so their totals can differ.
    assert (
        "In 2026-Q3: the coverage counts the leads handed over then, with verdicts given "
        "since; the rejections are the verdicts given then." in said
    )


def test_a_look_never_changes_the_file(playbook_file, capsys):
    before = playbook_file.read_bytes()
    files = sorted(p.name for p in playbook_file.parent.iterdir())
    main(["feedback", str(playbook_file)])
    main(["feedback", str(playbook_file), "--json"])
    assert playbook_file.read_bytes() == before
    assert sorted(p.name for p in playbook_file.parent.iterdir()) == files


@pytest.mark.parametrize(
    ("extra", "says"),
    [
        (["--handoff", "SQL → Won"], "There is no cross-team handoff “SQL → Won”; the cross-team"),
        (["--period", "2026-Q5"], "“2026-Q5” is not a period"),
    ],
)
def test_bad_words_are_one_line_on_stderr_and_exit_2(playbook_file, capsys, extra, says):
    assert main(["feedback", str(playbook_file), *extra]) == 2
    captured = capsys.readouterr()
    assert captured.out == ""
    assert captured.err.startswith(f"journeyapp: {says}")
    assert captured.err.count("\n") == 1


def test_a_playbook_without_leads_says_what_would_fill_it(tmp_path, capsys):
    path = tmp_path / "sample.journey"
    Store.create(path, load_template("b2b-saas")).close()
    assert main(["feedback", str(path)]) == 0
    assert NO_LEADS in capsys.readouterr().out

"""``journeyapp funnel --by source --json``: the split by lead source with counts, intervals
and the flag on a source sales rejects more than the others."""

from __future__ import annotations

import json

from funnel_builders import funnel_data, lead, path
from journeyapp.models.codec import playbook_from_dict
from journeyapp.models.store import Store

from journeyapp.cli import main


def _judged(number: int, source: str, rejected: bool, moved: bool) -> dict:
    verdict = {"outcome": "rejected" if rejected else "accepted", "by": "Sam"}
    steps = path("2026-10-01", "mql", *(["sql"] if moved else []))
    return lead(number, steps, source, verdicts={"h2": verdict})


def _by_source_file(tmp_path):
    """Paid Social: 20 leads, 15 rejected; Webinar: 30, 2 rejected; none recorded: 5, 1."""
    leads = [_judged(n, "Paid Social", n < 15, n >= 15) for n in range(20)]
    leads += [_judged(100 + n, "Webinar", n < 2, n >= 2) for n in range(30)]
    leads += [_judged(200 + n, "", n < 1, n >= 1) for n in range(5)]
    data = funnel_data(leads)
    next(h for h in data["handoffs"] if h["id"] == "h2")["score_threshold"] = 65
    path_ = tmp_path / "leads.journey"
    Store.create(path_, playbook_from_dict(data)).close()
    return path_


def test_funnel_by_source_as_json_gives_each_sources_counts_intervals_and_flag(tmp_path, capsys):
    path_ = _by_source_file(tmp_path)
    code = main(
        [
            *("funnel", str(path_), "--target", "1M", "--deal-size", "10k"),
            *("--period", "2026-Q4", "--by", "source", "--json"),
        ]
    )
    report = json.loads(capsys.readouterr().out)
    assert code == 0
    groups = {g["source"]: g for g in report["split"]["groups"]}
    assert list(groups) == ["Webinar", "Paid Social", "None recorded"]
    webinar = groups["Webinar"]["handoffs"]["h2"]
    assert (webinar["moved"], webinar["reached"]) == (28, 30)
    low, high = webinar["interval_90"]
    assert low < 28 / 30 < high and not webinar["few_records"]
    assert groups["None recorded"]["records"] == 5
    assert groups["None recorded"]["handoffs"]["h2"]["few_records"]
    assert groups["Paid Social"]["rejected_after_threshold"]["flagged"]
    assert not groups["Webinar"]["rejected_after_threshold"]["flagged"]
    mql = next(step for step in report["steps"] if step["stage"] == "MQL")
    assert (mql["actual"]["moved"], mql["actual"]["reached"]) == (5 + 28 + 4, 55)
    assert mql["actual_volume"] == 55


def test_funnel_by_source_in_plain_text_lists_each_source_and_flags_the_rejected_one(
    tmp_path, capsys
):
    path_ = _by_source_file(tmp_path)
    args = ["funnel", str(path_), "--target", "1M", "--deal-size", "10k", "--period", "2026-Q4"]
    assert main([*args, "--by", "source"]) == 0
    out = capsys.readouterr().out
    lines = out[out.index("By source:") :].splitlines()
    split = [line for line in lines if not line.startswith("    ")]  # each source's own line
    assert [line.split(":")[0].strip() for line in split[1:]] == [
        "Webinar",
        "Paid Social",
        "None recorded",
    ]
    assert split[1] == "  Webinar: 30 records"
    assert split[2].startswith("  Paid Social: 20 records  (sales rejects 75% of its leads")
    assert "more than the others" in split[2]
    assert split[3] == "  None recorded: 5 records"
    assert main(args) == 0
    assert "By source:" not in capsys.readouterr().out  # the split only when asked for

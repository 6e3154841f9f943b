"""The journeyapp command: new, check and export; every error is one line and exit code 2."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from builders import tiny_data
from journeyapp.models.store import Store

from journeyapp.cli import main


@pytest.fixture
def folder(tmp_path):
    path = tmp_path / "work"
    path.mkdir()
    return path


def run(capsys, *argv: str) -> tuple[int, str, str]:
    code = main([str(a) for a in argv])
    out, err = capsys.readouterr()
    return code, out, err


def assert_one_line_error(code: int, err: str, fragment: str) -> None:
    assert code == 2
    lines = err.strip().splitlines()
    assert len(lines) == 1, err
    assert lines[0].startswith("journeyapp: ")
    assert fragment in lines[0]
    assert "Traceback" not in err


def test_new_from_the_sample_template_checks_clean(capsys, folder):
    path = folder / "sample.journey"
    code, out, _ = run(capsys, "new", path, "--template", "b2b-saas")
    assert code == 0 and "Created" in out
    code, out, _ = run(capsys, "check", path)
    assert code == 0
    assert out.strip().splitlines()[-1].startswith("sample.journey: 0 errors")


def _properties(path) -> tuple[str, str, str, str]:
    store = Store.open(path, read_only=True)
    try:
        meta = store.load().meta
    finally:
        store.close()
    return meta.name, meta.company, meta.version, meta.owner


def test_new_sets_the_playbook_properties(capsys, folder):
    path = folder / "acme.journey"
    code, _, _ = run(
        capsys,
        "new", path, "--template", "blank",
        "--name", "Acme journey", "--company", "Acme", "--version", "2026 Q4",
        "--owner", "Dana (RevOps)",
    )  # fmt: skip
    assert code == 0
    assert _properties(path) == ("Acme journey", "Acme", "2026 Q4", "Dana (RevOps)")


def test_new_from_json_keeps_the_file_properties_it_is_not_given(capsys, folder):
    source = folder / "in.json"
    source.write_text(json.dumps(tiny_data()))
    path = folder / "p.journey"
    assert run(capsys, "new", path, "--from-json", source, "--owner", "Sam")[0] == 0
    assert _properties(path) == ("Tiny", "Acme", "2026 Q4", "Sam")


def test_new_refuses_a_name_too_long_for_a_field(capsys, folder):
    path = folder / "p.journey"
    code, _, err = run(capsys, "new", path, "--name", "n" * 20_001)
    assert_one_line_error(code, err, "can hold at most 20,000 characters")
    assert not path.exists()


def test_new_refuses_to_overwrite(capsys, folder):
    path = folder / "p.journey"
    path.write_text("keep me")
    code, _, err = run(capsys, "new", path)
    assert_one_line_error(code, err, "already exists")
    assert path.read_text() == "keep me"


def test_check_exits_1_with_errors_and_lists_them_as_json(capsys, folder):
    data = tiny_data()
    data["handoffs"] = [h for h in data["handoffs"] if h["id"] != "h1"]
    source = folder / "in.json"
    source.write_text(json.dumps(data))
    path = folder / "broken.journey"
    assert run(capsys, "new", path, "--from-json", source)[0] == 0
    code, out, _ = run(capsys, "check", path, "--json")
    assert code == 1
    problems = json.loads(out)
    assert problems[0]["severity"] == "error"
    assert problems[0]["id"] == "mql"
    assert "No path leads to “MQL”" in problems[0]["message"]


def test_check_on_an_unreadable_file_exits_2(capsys, folder):
    path = folder / "notes.journey"
    path.write_text("just some text")
    code, _, err = run(capsys, "check", path)
    assert_one_line_error(code, err, "is not a journeyapp playbook")


def test_check_never_modifies_the_file(capsys, folder):
    path = folder / "p.journey"
    run(capsys, "new", path)
    before = path.read_bytes()
    run(capsys, "check", path)
    run(capsys, "export", path, "--json", folder / "out.json")
    assert path.read_bytes() == before


def test_export_json_then_new_from_json_then_export_is_byte_identical(capsys, folder):
    original = folder / "a.journey"
    run(capsys, "new", original, "--template", "b2b-saas")
    assert run(capsys, "export", original, "--json", folder / "a.json")[0] == 0
    assert run(capsys, "new", folder / "b.journey", "--from-json", folder / "a.json")[0] == 0
    assert run(capsys, "export", folder / "b.journey", "--json", folder / "b.json")[0] == 0
    assert (folder / "a.json").read_bytes() == (folder / "b.json").read_bytes()


def test_export_graphml(capsys, folder):
    import networkx as nx

    path = folder / "a.journey"
    run(capsys, "new", path, "--template", "b2b-saas")
    assert run(capsys, "export", path, "--graphml", folder / "a.graphml")[0] == 0
    graph = nx.read_graphml(folder / "a.graphml")
    store = Store.open(path, read_only=True)
    assert graph.number_of_nodes() == len(store.load().stages())
    store.close()


@pytest.mark.parametrize(
    ("content", "fragment"),
    [
        ("{oops", "is not valid JSON"),
        ('{"format": "journeyapp.playbook", "phases": 3}', "phases must be a list"),
        ("[]", "must be an object"),
    ],
)
def test_new_from_bad_json_writes_nothing(capsys, folder, content, fragment):
    source = folder / "in.json"
    source.write_text(content)
    target = folder / "out.journey"
    code, _, err = run(capsys, "new", target, "--from-json", source)
    assert_one_line_error(code, err, fragment)
    assert sorted(p.name for p in folder.iterdir()) == ["in.json"]


def test_new_from_json_with_a_handoff_to_a_missing_stage(capsys, folder):
    data = tiny_data()
    data["handoffs"].append({"id": "hx", "source": "mql", "target": "nowhere"})
    source = folder / "in.json"
    source.write_text(json.dumps(data))
    code, _, err = run(capsys, "new", folder / "out.journey", "--from-json", source)
    assert_one_line_error(code, err, "does not exist ('nowhere')")
    assert not (folder / "out.journey").exists()


@pytest.mark.parametrize(
    "argv",
    [
        ("check",),
        ("export", "x.journey"),
        ("new", "x.journey", "--template", "nope"),
        ("--no-such-flag",),
        ("export", "missing.journey", "--json", "out.json"),
    ],
)
def test_usage_errors_are_one_line_and_exit_2(capsys, folder, monkeypatch, argv):
    monkeypatch.chdir(folder)
    code, _, err = run(capsys, *argv)
    assert_one_line_error(code, err, "")


def test_a_command_s_usage_error_points_to_that_command_s_help(capsys, folder):
    code, _, err = run(capsys, "import-leads", folder / "x.journey", "x.csv", "--verdict", "odd")
    assert_one_line_error(code, err, "(see journeyapp import-leads -h)")
    code, _, err = run(capsys, "--no-such-flag")
    assert_one_line_error(code, err, "(see journeyapp --help)")


def test_opening_a_bad_file_in_the_app_is_a_one_line_error(capsys, folder):
    path = folder / "bad.journey"
    path.write_bytes(b"\x00" * 100)
    code, _, err = run(capsys, path)
    assert_one_line_error(code, err, "bad.journey")


def test_the_installed_command_prints_no_traceback(folder):
    result = subprocess.run(
        [sys.executable, "-m", "journeyapp", "check", str(folder / "nope.journey")],
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 2
    assert result.stderr.strip() == f"journeyapp: There is no file at {folder / 'nope.journey'}."


def test_missing_window_libraries_are_named_in_one_line(capsys, monkeypatch):
    import ctypes.util

    monkeypatch.delenv("QT_QPA_PLATFORM", raising=False)
    monkeypatch.delenv("WAYLAND_DISPLAY", raising=False)
    monkeypatch.setenv("DISPLAY", ":99")
    real = ctypes.util.find_library
    monkeypatch.setattr(
        ctypes.util, "find_library", lambda name: None if name == "xcb-cursor" else real(name)
    )
    code, _, err = run(capsys, "--sample")
    assert_one_line_error(code, err, "sudo apt-get install libxcb-cursor0")


def test_snapshot_then_diff_reports_what_changed_since(capsys, folder):
    from journeyapp.models import operations
    from journeyapp.models.change import Kind

    path = folder / "review.journey"
    run(capsys, "new", path)
    code, out, _ = run(capsys, "snapshot", path, "--name", "2026 Q3")
    assert code == 0 and "2026 Q3" in out
    store = Store.open(path)
    playbook = store.load()
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    rename = operations.set_fields(playbook, Kind.STAGE, mql.id, name="Hot lead")
    store.commit(playbook, playbook.apply(rename))
    store.close()

    code, out, _ = run(capsys, "diff", path, "--from", "2026 Q3", "--json")
    assert code == 0
    changes = json.loads(out)
    assert changes == [
        {
            "kind": "stage",
            "id": mql.id,
            "what": "renamed",
            "title": "Hot lead",
            "summary": "Renamed stage “MQL” to “Hot lead”.",
            "stage": mql.id,
            "fields": [],
        }
    ]
    code, out, _ = run(capsys, "diff", path, "--from", "2026 Q3")
    assert code == 0 and "1 change" in out and "Renamed stage “MQL” to “Hot lead”" in out
    code, _, err = run(capsys, "diff", path, "--from", "1999 Q1")
    assert_one_line_error(code, err, "no snapshot “1999 Q1”")


def test_a_snapshot_with_no_name_is_named_for_the_quarter(capsys, folder):
    import datetime

    from journeyapp.models import snapshots

    path = folder / "review.journey"
    run(capsys, "new", path)
    code, out, _ = run(capsys, "snapshot", path)
    assert code == 0
    assert snapshots.quarter_name(datetime.date.today()) in out


def test_funnel_works_a_target_back_to_the_top(capsys, folder):
    path = folder / "sample.journey"
    run(capsys, "new", path)
    code, out, _ = run(
        capsys,
        "funnel",
        path,
        "--target",
        "1.2M",
        "--deal-size",
        "30k",
        "--period",
        "2026-Q4",
        "--rates-from",
        "2026-Q1",
        "--json",
    )
    assert code == 0
    report = json.loads(out)
    assert report["period"] == "2026-Q4" and report["target"] == 1_200_000
    assert (report["measured_over"], report["records_measured"]) == ("2026-Q1", 6)
    won = report["steps"][-1]
    assert (won["stage"], won["needed"], won["needed_by"]) == ("Won", 40, "2026-12-31")
    needed = [step["needed"] for step in report["steps"]]
    assert needed == sorted(needed, reverse=True)
    dates = [step["needed_by"] for step in report["steps"] if step["needed_by"]]
    assert dates == sorted(dates) and len(dates) > 2
    discovery = next(s for s in report["steps"] if s["stage"] == "Opportunity: Discovery")
    low, high = discovery["actual"]["interval_90"]
    assert low < discovery["actual"]["rate"] < high and discovery["actual"]["few_records"]
    mql = next(step for step in report["steps"] if step["stage"] == "MQL")
    assert mql["actual"] == "no lead data"  # the sample holds opportunities only
    assert report["costliest_gap"] is None and "No gap is proven yet" in report["no_gap"]
    code, out, _ = run(capsys, "funnel", path, "--target", "1200000", "--deal-size", "30000")
    assert code == 0 and "No leads or deals started in" in out
    code, _, err = run(capsys, "funnel", path, "--target", "lots")
    assert_one_line_error(code, err, "“lots” is not an amount")
    code, _, err = run(capsys, "funnel", path, "--target", "1M", "--period", "soon")
    assert_one_line_error(code, err, "not a period")


@pytest.mark.parametrize(
    ("argv", "fragment"),
    [
        (["--target", "1M", "--period", "9999-Q4"], "the year must be between 1 and 9998"),
        (["--target", "1M", "--period", "0000"], "the year must be between 1 and 9998"),
        (["--target", "1M", "--deal-size", "0"], "deal size must be more than zero"),
        (["--target", "1e309"], "“1e309” is not an amount"),
        (["--target", "1e308", "--deal-size", "1e-300"], "check the target and the deal size"),
    ],
)
def test_funnel_refuses_impossible_periods_and_amounts_in_a_line(capsys, folder, argv, fragment):
    """9999-Q4 printed a ValueError traceback; a deal size of 0 was replaced by the average."""
    path = folder / "sample.journey"
    run(capsys, "new", path)
    code, _, err = run(capsys, "funnel", path, *argv)
    assert_one_line_error(code, err, fragment)


def test_funnel_reads_a_target_in_scientific_notation(capsys, folder):
    """--target 1e6 was read as 16, and 1e309 as 1,309."""
    path = folder / "sample.journey"
    run(capsys, "new", path)
    code, out, _ = run(
        capsys, "funnel", path, "--target", "1e6", "--deal-size", "2.5E+04", "--json"
    )
    assert code == 0
    report = json.loads(out)
    assert (report["target"], report["deal_size"]) == (1_000_000, 25_000)


ESCAPES = "\x1b[2K\r\x1b[32mAll checks passed\x1b[0m\x9b1A\u202e"


def test_escape_codes_in_names_are_printed_visibly_not_obeyed(capsys, folder):
    """A stage named with ESC [2K and a carriage return rewrote the terminal line to show
    "All checks passed" over the real report."""
    from journeyapp.models import operations
    from journeyapp.models.change import Kind

    path = folder / "sample.journey"
    run(capsys, "new", path)
    store = Store.open(path)
    playbook = store.load()
    orphan = operations.add_stage(playbook, ESCAPES, playbook.phases.ids()[0], "sales")
    store.commit(playbook, playbook.apply(orphan))
    store.close()
    code, out, _ = run(capsys, "check", path)
    assert code == 1  # the stage is cut off from the journey: that is an error
    shown = "\\u001b[2K\\u000d\\u001b[32mAll checks passed\\u001b[0m\\u009b1A\\u202e"
    assert f"“{shown}”" in out
    assert not [c for c in out if c in "\x1b\r\x9b\u202e"]
    code, out, _ = run(capsys, "check", path, "--json")
    assert code == 1
    assert not [c for c in out if c in "\x1b\r\x9b\u202e"]
    assert any(ESCAPES in p["message"] for p in json.loads(out))  # JSON keeps the name exact
    assert {p["kind"] for p in json.loads(out)} == {Kind.STAGE.value}


def test_escape_codes_in_an_error_message_are_printed_visibly(capsys, folder):
    path = folder / "sample.journey"
    run(capsys, "new", path)
    code, _, err = run(capsys, "export", path, "--pdf", str(folder / "x.pdf"), "--role", ESCAPES)
    assert_one_line_error(code, err, "There is no role “\\u001b[2K")
    assert not [c for c in err if c in "\x1b\r\x9b\u202e"]


def test_escape_codes_in_a_crm_export_are_printed_visibly_by_import_deals(capsys, folder):
    path = folder / "sample.journey"
    run(capsys, "new", path)
    csv = folder / "deals.csv"
    csv.write_text(
        f'deal_id,stage,entered_at\nd1,"{ESCAPES}",2026-01-01\nd1,SQL,2026-01-05\n',
        encoding="utf-8",
    )
    code, out, err = run(capsys, "import-deals", path, csv, "--dry-run")
    assert code == 2  # a CRM stage with no place on the map, named in the sentence
    assert "“\\u001b[2K \\u001b[32mAll checks passed\\u001b[0m\\u009b1A\\u202e”" in err
    assert not [c for c in out + err if c in "\x1b\r\x9b\u202e"]


@pytest.mark.parametrize(
    ("csv_text", "fmt", "fragment"),
    [
        (
            "deal_id,stage,entered_at\nd1,SQL,2026-01-01\n",
            "salesforce",
            "as a salesforce export, which needs the columns OpportunityId, StageName, "
            "CreatedDate; its columns fit the generic format best",
        ),
        (
            "deal_id,stage,entered_at\nd1,SQL,someday\nd2,MQL,never\n",
            "auto",
            "as a generic export, which needs the columns deal_id, stage, entered_at; "
            "2 rows could not be read (line 2: “someday” is not a date)",
        ),
    ],
)
def test_an_import_that_reads_no_deal_exits_2_and_says_why(capsys, folder, csv_text, fmt, fragment):
    """A wrong --format, or a file whose every row is skipped, exited 0 with "Would import 0
    deal(s)"."""
    path = folder / "sample.journey"
    run(capsys, "new", path)
    before = path.read_bytes()
    csv = folder / "deals.csv"
    csv.write_text(csv_text)
    for extra in ([], ["--dry-run"]):
        code, out, err = run(capsys, "import-deals", path, csv, "--format", fmt, *extra)
        assert_one_line_error(code, err, "No deal could be read from deals.csv")
        assert fragment in err
        assert out == ""
    assert path.read_bytes() == before


def test_import_deals_takes_the_date_order_when_the_file_does_not_show_it(capsys, folder):
    path = folder / "sample.journey"
    run(capsys, "new", path)
    csv = folder / "deals.csv"
    csv.write_text("deal_id,stage,entered_at\nd1,MQL,03/02/2024\nd1,SQL,11/04/2024\n")
    code, _, err = run(capsys, "import-deals", path, csv, "--dry-run")
    assert_one_line_error(code, err, "say which with --date-order dmy or --date-order mdy")
    code, out, err = run(capsys, "import-deals", path, csv, "--date-order", "dmy")
    assert code == 0, err
    assert "Imported 1 deal " in out


def test_import_deals_lists_deals_it_would_shorten_and_replaces_them_only_when_asked(
    capsys, folder
):
    path = folder / "sample.journey"
    run(capsys, "new", path)
    full, part = folder / "full.csv", folder / "part.csv"
    full.write_text("deal_id,stage,entered_at\nx1,MQL,2026-01-01\nx1,SQL,2026-01-05\n")
    part.write_text("deal_id,stage,entered_at\nx1,MQL,2026-01-01\nx2,MQL,2026-01-02\n")
    assert run(capsys, "import-deals", path, full)[0] == 0
    code, out, _ = run(capsys, "import-deals", path, part, "--dry-run")
    assert code == 0
    assert "1 deal already here would lose steps of their history: “x1” (2 steps, 1 in" in out
    code, out, _ = run(capsys, "import-deals", path, part, "--replace-shorter")
    assert code == 0 and "Imported 2 deals" in out and "would lose" not in out


def test_import_deals_reads_naive_times_in_the_zone_it_is_told_and_says_so(capsys, folder):
    from journeyapp.models.store import Store

    path = folder / "sample.journey"
    run(capsys, "new", path)
    csv = folder / "deals.csv"
    csv.write_text("deal_id,stage,entered_at\nz1,MQL,2026-01-10 09:00:00\n")
    code, out, err = run(capsys, "import-deals", path, csv, "--timezone", "Europe/Berlin")
    assert code == 0, err
    assert (
        "times without a zone read as Europe/Berlin, dates alone as days in Europe/London." in out
    )
    store = Store.open(path, read_only=True)
    entered = store.load().deals["deal-generic-z1"].path[0].entered
    store.close()
    assert entered == 1768032000  # 2026-01-10 08:00 UTC: 09:00 in Berlin, an hour ahead
    code, out, _ = run(capsys, "import-deals", path, csv, "--dry-run")
    assert "times without a zone read as UTC, dates alone as days in Europe/London." in out
    code, _, err = run(capsys, "import-deals", path, csv, "--timezone", "Mars/Olympus")
    assert_one_line_error(code, err, "--timezone takes a zone name such as Europe/Berlin")


def test_import_deals_refuses_a_format_it_does_not_know_in_a_line_naming_the_ones_it_does(
    capsys, tmp_path
):
    export = tmp_path / "deals.csv"
    export.write_text("deal_id,stage,entered_at\nd1,MQL,2026-01-01\n", encoding="utf-8")
    file = tmp_path / "p.journey"
    assert main(["new", str(file)]) == 0
    before = file.read_bytes()
    assert main(["import-deals", str(file), str(export), "--format", "salesforc"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "invalid choice: 'salesforc'" in err
    assert "salesforce, " in err and "generic" in err
    assert file.read_bytes() == before


def _funnel_argv(folder, leads, commitments=()) -> list:
    """A playbook of the funnel builders' leads written to a file, and the funnel command
    for it: a 1M target at 10k a deal, measured over 2026-Q4."""
    from funnel_builders import funnel_playbook

    path_ = folder / "f.journey"
    Store.create(path_, funnel_playbook(leads, commitments=list(commitments))).close()
    return ["funnel", path_, "--target", "1M", "--deal-size", "10k", "--period", "2026-Q4"]


def test_funnel_prints_the_periods_volumes_the_commitment_and_each_sources_rates(capsys, folder):
    """The README promises the period's actual volumes and marketing's commitment beside the
    rates, and --by the rates per source; the text gave only counts of records."""
    from funnel_builders import lead, path

    leads = [
        lead(n, path("2026-10-01", "mql", *(["sql"] if n < 4 else [])), "Webinar" if n % 2 else "")
        for n in range(12)
    ]
    commitment = {"id": "c-q4", "period": "2026-Q4", "volumes": {"mql": 400, "sql": 150}}
    argv = _funnel_argv(folder, leads, [commitment])
    code, out, _ = run(capsys, *argv, "--by", "source")
    assert code == 0
    mql = next(line for line in out.splitlines() if " MQL " in line)
    assert "12 entered in 2026-Q4, 400 committed" in mql
    assert "  Webinar: 6 records" in out
    assert "    MQL → SQL: 33.3% (" in out  # 2 of Webinar's 6 went on


def test_funnel_says_where_the_signed_commitment_falls_short_of_the_plan(capsys, folder):
    """A commitment signed for a 1M target stayed as it was when the target doubled, and
    nothing said it no longer covered the plan; a stage no record reaches read "0 entered"."""
    from funnel_builders import lead, path

    leads = [lead(n, path("2026-10-01", "mql", *(["sql"] if n < 4 else []))) for n in range(12)]
    commitment = {"id": "c-q4", "period": "2026-Q4", "volumes": {"mql": 400, "sql": 150}}
    argv = _funnel_argv(folder, leads, [commitment])
    code, out, _ = run(capsys, *argv)
    assert code == 0
    lines = {line.split()[1] if " by " not in line else line.split()[3]: line
             for line in out.splitlines() if line.startswith(" ")}  # fmt: skip
    assert "400 committed, 434 short of this plan" in lines["MQL"]
    assert "not measured: no record reaches it" in lines["Visitor"]


def test_funnel_by_source_prints_the_same_interval_as_the_main_lines(capsys, folder):
    """The split printed its ends from the JSON's four decimals, half to even: 2 of 2 read
    "42–100%" beside the main line's "43–100%", and an end a hair under the target read as
    the target."""
    from funnel_builders import lead, path

    leads = [lead(n, path("2026-10-01", "mql", "sql"), "Webinar") for n in range(2)]
    argv = _funnel_argv(folder, leads)
    code, out, _ = run(capsys, *argv, "--by", "source")
    assert code == 0
    mql = next(line for line in out.splitlines() if " MQL " in line)
    assert "100% (43–100%, n=2, few records)" in mql
    assert "    MQL → SQL: 100% (43–100%, n=2, few records)" in out


def test_diff_says_what_a_number_changed_from_and_to(capsys, folder):
    """The text said "Changed the expected days of stage “MQL”." and not from what to what;
    only --json had the figures the review compares."""
    from journeyapp.models import operations
    from journeyapp.models.change import Kind

    path = folder / "review.journey"
    run(capsys, "new", path)
    run(capsys, "snapshot", path, "--name", "2026 Q3")
    store = Store.open(path)
    playbook = store.load()
    mql = next(s for s in playbook.stages() if s.name == "MQL")
    before = mql.expected_days
    store.commit(playbook, playbook.apply(
        operations.set_fields(playbook, Kind.STAGE, mql.id, expected_days=before + 7)
    ))  # fmt: skip
    store.close()
    code, out, _ = run(capsys, "diff", path, "--from", "2026 Q3")
    assert code == 0 and f"{before} → {before + 7}" in out


def test_every_command_has_its_parser_and_the_function_that_runs_it():
    from journeyapp import cli

    parser = cli._command_parser()
    for command in cli.COMMANDS:
        assert callable(cli._runner(command)), command
    choices = next(a for a in parser._actions if a.dest == "command").choices
    assert sorted(choices) == sorted(cli.COMMANDS)


def test_output_its_reader_stops_reading_is_no_error_and_the_import_is_kept(folder):
    """`journeyapp import-deals … | head -1`: the summary's later lines have nowhere to go;
    the import is saved all the same, and nothing is said about the pipe."""
    from conftest import DATA_DIR

    path = folder / "piped.journey"
    assert main(["new", str(path)]) == 0
    reading, writing = os.pipe()
    os.close(reading)  # the reader has gone before the first line
    export = DATA_DIR / "crm" / "sf_opportunity_history_report_dmy.csv"
    command = [sys.executable, "-m", "journeyapp", "import-deals", str(path), str(export)]
    result = subprocess.run(command, stdout=writing, stderr=subprocess.PIPE, timeout=60)
    os.close(writing)
    assert (result.returncode, result.stderr) == (0, b"")
    store = Store.open(path, read_only=True)
    try:
        assert any(deal.source_system == "salesforce-report" for deal in store.load().deals)
    finally:
        store.close()


def test_export_checks_every_output_before_writing_any(capsys, folder, monkeypatch):
    """A failed export writes nothing: not the PDF before the web page it could not write,
    not one format over the other in a file both name."""
    monkeypatch.chdir(folder)
    playbook = folder / "p.journey"
    assert main(["new", str(playbook)]) == 0
    capsys.readouterr()
    code, _, err = run(capsys, "export", playbook, "--pdf", "a.pdf", "--html", "missing/x.html")
    assert_one_line_error(code, err, "The folder missing does not exist")
    code, _, err = run(capsys, "export", playbook, "--pdf", "both.out", "--html", "both.out")
    assert_one_line_error(code, err, "name the same file")
    (folder / "notes").write_text("a file", encoding="utf-8")
    code, _, err = run(capsys, "export", playbook, "--pdf", "notes/x.pdf")
    assert_one_line_error(code, err, "notes is a file, not a folder")
    code, _, err = run(capsys, "export", playbook, "--pdf", ".")
    assert_one_line_error(code, err, "is a folder; name a file in it")
    assert sorted(p.name for p in folder.iterdir()) == ["notes", "p.journey"]

"""``journeyapp agenda`` prints the agenda a new review meeting would start from (a read-only
look); ``journeyapp meeting-notes`` writes one meeting's record as a PDF page."""

from __future__ import annotations

import argparse
import datetime
from pathlib import Path

from journeyapp.models.errors import PlaybookError
from journeyapp.models.review_entities import Cadence


def add_meeting_parsers(sub) -> None:
    agenda = sub.add_parser(
        "agenda",
        help="the agenda a new review meeting starts from: what changed since the last one "
        "(for a first one, over the last week, or the calendar month or quarter reviewed)",
    )
    agenda.add_argument("file", type=Path)
    agenda.add_argument(
        "--cadence", choices=[c.value for c in Cadence], default=Cadence.WEEKLY.value
    )
    agenda.add_argument("--date", metavar="2026-11-30", help="the day it is held (default: today)")
    notes = sub.add_parser("meeting-notes", help="write one meeting's notes as a PDF page")
    notes.add_argument("file", type=Path)
    notes.add_argument(
        "--meeting", default="latest", help="its title or id (default: the latest held)"
    )
    notes.add_argument("-o", "--output", type=Path, required=True, help="the PDF to write")


EARLIEST, LATEST = datetime.date(1900, 1, 1), datetime.date(9998, 12, 31)


def _day(text: str | None) -> datetime.date:
    if not text:
        return datetime.date.today()
    try:
        day = datetime.date.fromisoformat(text)
    except ValueError:
        raise PlaybookError(f"“{text}” is not a date; write it as 2026-11-30.") from None
    if not EARLIEST <= day <= LATEST:  # a quarter's look back, and the day after, must exist
        raise PlaybookError(
            f"“{text}” is out of range for a meeting; give a day from {EARLIEST} to {LATEST}."
        )
    return day


def run_agenda(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.models.meeting_agenda import agenda_for, span_words
    from journeyapp.models.review_edits import meeting_title
    from journeyapp.models.review_entities import Cadence

    held = _day(args.date)
    cadence = Cadence(args.cadence)
    playbook = load_playbook(args.file)
    agenda = agenda_for(playbook, cadence, held)
    print(f"{meeting_title(cadence, held)}: what changed {span_words(agenda.since, agenda.until)}")
    for title, lines in (
        ("Numbers", agenda.numbers),
        ("Reps' feedback", agenda.reps_feedback),
        ("Customers' feedback", agenda.customer_feedback),
        ("Results of tests", agenda.test_results or ("No tests have ended.",)),
    ):
        print(f"\n{title}")
        for line in lines:
            print(f"  • {line}")
    if agenda.decisions:
        print("\nTo decide: keep, reverse or try next")
        for decision in agenda.decisions:
            print(f"  • {playbook.improvements[decision.improvement].title}")
    return 0


def find_meeting(playbook, wanted: str):
    meetings = sorted(playbook.meetings, key=lambda m: (m.held, m.id))
    if not meetings:
        raise PlaybookError("This playbook has no meeting records yet.")
    if wanted == "latest":
        return meetings[-1]
    for meeting in reversed(meetings):
        if wanted in (meeting.id, meeting.title) or wanted.casefold() == meeting.title.casefold():
            return meeting
    names = "; ".join(m.title for m in meetings[-5:])
    raise PlaybookError(f"There is no meeting “{wanted}”; the latest are: {names}.")


def run_meeting_notes(args: argparse.Namespace) -> int:
    from journeyapp.cli import load_playbook
    from journeyapp.export.atomic_file import write_atomically
    from journeyapp.export.pdf.meeting_notes import meeting_notes_pdf

    playbook = load_playbook(args.file)
    meeting = find_meeting(playbook, args.meeting)
    write_atomically(args.output, meeting_notes_pdf(playbook, meeting), like=args.file)
    print(f"Wrote {args.output} ({meeting.title})")
    return 0

"""A HubSpot contacts export with every column a lead import reads besides the lifecycle:
verdict status, reason, note and when, the first engagement, deals, a campaign and the
scoring rules' facts; some rows broken on purpose."""

from __future__ import annotations

import csv
import random
import time
from pathlib import Path

HEADER = [
    "Record ID", "First Name", "Last Name", "Company Name", "Contact owner", "Lead Status",
    "Lifecycle Stage", "Original Source", "Original Source Drill-Down 1",
    "Original Source Drill-Down 2", "Campaign", "Became a Lead Date",
    "Became a Marketing Qualified Lead Date", "Became a Sales Qualified Lead Date",
    "Became an Opportunity Date", "Became a Customer Date", "Associated Deal IDs",
    "Disqualification reason", "Disqualification note", "Last Modified Date",
    "Date of first engagement", "Type of first engagement", "Industry", "Job title",
    "Company size", "Email", "Webinars attended", "Unsubscribed",
]  # fmt: skip
STATUSES = ["New", "Open", "In Progress", "Unqualified", "Bad Timing", "Connected", "Hot", ""]
SOURCES = [
    ("Paid search", "q4-webinar", "google"),
    ("Organic social", "", "spring-launch"),
    ("Email marketing", "spring-nurture", "Newsletter"),
    ("Direct traffic", "", ""),
    ("", "", ""),
]
KINDS = ["CALL", "EMAIL", "MEETING_EVENT", "TASK", "NOTE", ""]


def write_realistic_contacts(path: Path, rows: int, seed: int = 5) -> Path:
    rng = random.Random(seed)
    start = 1_767_571_200
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out)
        writer.writerow(HEADER)
        for n in range(rows):
            when = start + rng.randrange(0, 200 * 86400)
            dates = []
            for _ in range(rng.choice((0, 1, 2, 2, 3, 4, 5))):
                dates.append(time.strftime("%Y-%m-%d %H:%M", time.gmtime(when)))
                when += rng.randrange(3600, 20 * 86400)
            dates += [""] * (5 - len(dates))
            if n % 97 == 5:
                dates[1] = "not a date"
            source = rng.choice(SOURCES)
            status = rng.choice(STATUSES)
            engaged = rng.random() < 0.5
            writer.writerow(
                [
                    "" if n % 101 == 7 else str(1000 + n),
                    f"First{n}", rng.choice(["Ng", "Silva", ""]), f"Company {n % 37}",
                    f"Owner {n % 6}", status, "Lead", *source,
                    rng.choice(["", "", "Spring webinar"]), *dates,
                    rng.choice(["", "", "9001", "9002;9003"]),
                    rng.choice(["", "No budget", "Bad timing"]) if status else "",
                    rng.choice(["", "asked to call back in May"]),
                    time.strftime("%Y-%m-%d %H:%M", time.gmtime(when + 3600)),
                    time.strftime("%Y-%m-%d %H:%M", time.gmtime(when - 1800)) if engaged else "",
                    rng.choice(KINDS) if engaged else "",
                    rng.choice(["Software", "Retail", ""]), rng.choice(["CTO", "Analyst", ""]),
                    rng.choice(["11-50", "51-200", ""]),
                    rng.choice([f"p{n}@acme.example", ""]), str(rng.randrange(0, 4)),
                    rng.choice(["", "", "true"]),
                ]
            )  # fmt: skip
    return path

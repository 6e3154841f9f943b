"""The open loop as a revenue team sees it on the sample: the Win/loss tab's matrix of stated
reason against root cause, the scoring walk-through with the backtest of leads imported from a
Salesforce lead export, the glossary's example leads scored against the MQL definition, and
the sample's monthly review meeting with its decision.

    python benchmarks/open_loop_screenshots.py 1920x1080 OUT_FOLDER [--real-display]

Offscreen, or on $DISPLAY under Xvfb and openbox, as readme_screenshots.py explains. The lead
export is written beside the screenshots (sf_Lead_scored.csv): Salesforce's field names, with
the scoring model's behaviour as custom fields (Visited_Pricing__c, …); the leads that
converted point at the sample's opportunities.
"""

from __future__ import annotations

import csv
import datetime
import random
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from readme_screenshots import sample_window, screen_from_arguments

TODAY = datetime.date(2026, 11, 30)
HEADER = (
    "Id", "LastName", "FirstName", "Name", "Company", "Title", "Email", "Industry",
    "NumberOfEmployees", "Visited_Pricing__c", "Requested_Demo__c", "Webinars_Attended__c",
    "Downloaded_Guides__c", "Status", "LeadSource", "IsConverted", "ConvertedDate",
    "ConvertedOpportunityId", "CreatedDate",
)  # fmt: skip
TITLES_GOOD = ("VP Operations", "Head of Finance", "Director of Ops", "COO", "Operations Lead")
TITLES_POOR = ("Analyst", "Marketing Coordinator", "Student", "Consultant", "Intern")
INDUSTRIES = ("Software", "Retail", "Healthcare", "Financial services", "Education", "Media")


def _lead(rng: random.Random, n: int, good: bool, created: datetime.date) -> dict[str, str]:
    """A lead a good fit and engaged (``good``) more often than not, with some overlap."""
    fits = rng.random() < (0.8 if good else 0.3)
    engaged = rng.random() < (0.75 if good else 0.35)
    first, last = f"Lead{n}", f"Person{n}"
    domain = rng.choice(("gmail.com",) if not fits and rng.random() < 0.4 else (f"co{n}.com",))
    return {
        "Id": f"00Q5g0000{n:06d}EAZ",
        "LastName": last,
        "FirstName": first,
        "Name": f"{first} {last}",
        "Company": f"Company {n}",
        "Title": rng.choice(TITLES_GOOD if fits else TITLES_POOR),
        "Email": f"{first.lower()}@{domain}",
        "Industry": rng.choice(INDUSTRIES[:4] if fits else INDUSTRIES),
        "NumberOfEmployees": str(rng.randint(120, 1800) if fits else rng.randint(3, 40)),
        "Visited_Pricing__c": "yes" if engaged or rng.random() < 0.2 else "",
        "Requested_Demo__c": "yes" if engaged and rng.random() < 0.3 else "",
        "Webinars_Attended__c": str(rng.randint(1, 3) if engaged else rng.randint(0, 1)),
        "Downloaded_Guides__c": str(rng.randint(0, 4)),
        "LeadSource": rng.choice(("Web", "Webinar", "Partner Referral", "Trade Show")),
        "CreatedDate": f"{created.isoformat()}T09:00:00.000Z",
    }


def write_lead_export(playbook, path: Path) -> None:
    rng = random.Random(20)
    rows = []
    for n, deal in enumerate(playbook.deals):
        start = datetime.datetime.fromtimestamp(deal.path[0].entered, datetime.UTC).date()
        row = _lead(rng, n, deal.outcome.value == "won", start - datetime.timedelta(days=10))
        row.update(
            Status="Closed - Converted",
            IsConverted="true",
            ConvertedDate=start.isoformat(),
            ConvertedOpportunityId=deal.source_id,
        )
        rows.append(row)
    for n in range(len(rows), 90):
        created = datetime.date(2026, 3, 1) + datetime.timedelta(days=rng.randint(0, 200))
        rejected = rng.random() < 0.6
        row = _lead(rng, n, not rejected and rng.random() < 0.5, created)
        row.update(
            Status="Closed - Not Converted" if rejected else "Working - Contacted",
            IsConverted="false",
            ConvertedDate="",
            ConvertedOpportunityId="",
        )
        rows.append(row)
    with path.open("w", newline="", encoding="utf-8") as stream:
        writer = csv.DictWriter(stream, HEADER, quoting=csv.QUOTE_ALL)
        writer.writeheader()
        writer.writerows(rows)


def main() -> None:
    size, out, real = screen_from_arguments()
    from journeyapp.models.lead_import.plan import lead_import_edit, read_leads

    _app, window, shoot = sample_window(size, out, real, TODAY)
    panels = window.panels
    window.canvas.zoom_to_fit()
    window.panel_bar.open(panels.dock_winloss)
    shoot("winloss-matrix", panels.dock_winloss)

    export = Path(out) / "sf_Lead_scored.csv"
    playbook = window.document.playbook
    write_lead_export(playbook, export)
    plan = read_leads(playbook, export, overrides={"Converted": "SQL"})
    window.apply_edit(lead_import_edit(playbook, plan))
    window.panel_bar.open(panels.dock_scoring)
    scoring = panels.scoring
    scoring.tabs.setCurrentWidget(scoring.walk_view)
    shoot("scoring-walk-through", panels.dock_scoring, 0.7)

    window.panel_bar.open(panels.dock_glossary)
    panels.glossary.show_definition("def-mql")
    shoot("glossary-example-leads", panels.dock_glossary, 0.6)
    window.panel_bar.open(panels.dock_meetings)
    meetings = panels.meetings
    meetings.record_list.setCurrentRow(meetings.record_list.count() - 1)  # the sample's review
    shoot("meeting-record", panels.dock_meetings, 0.62)
    window.hide()  # closing would ask about the untitled work


if __name__ == "__main__":
    main()

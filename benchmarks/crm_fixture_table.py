"""The table of the CRM fixtures for a report: each file in tests/data/crm read with
--format auto and no mapping: its layout, deals, outcomes and the CRM stage each lost deal
was lost at (the last one before its close).

    python benchmarks/crm_fixture_table.py
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

from journeyapp.models.deal_import.formats.records import outcome_of_stage, without_pipeline
from journeyapp.models.deal_import.plan import UnclearDateOrder, read_export
from journeyapp.models.deal_import.values import DateOrder
from journeyapp.models.entities import DealOutcome
from journeyapp.models.errors import PlaybookError
from journeyapp.models.templates import load_template

CRM = Path(__file__).resolve().parent.parent / "tests" / "data" / "crm"


def row(path: Path) -> str:
    playbook = load_template("b2b-saas")
    try:
        try:
            plan = read_export(playbook, path)
        except UnclearDateOrder:
            plan = read_export(playbook, path, date_order=DateOrder.DMY)
    except PlaybookError as refusal:
        return f"| `{path.name}` | — | no: {str(refusal)[:70]}… | | | |"
    outcomes, lost_at = Counter(), Counter()
    for record in plan.records:
        last = record.visits[-1][0] if record.visits else ""
        outcome = record.outcome or outcome_of_stage(last) or DealOutcome.OPEN
        outcomes[outcome] += 1
        if outcome is DealOutcome.LOST:
            before = [
                crm
                for crm, _, _ in record.visits
                if outcome_of_stage(crm) is None and without_pipeline(crm) not in ("Lost", "Won")
            ]
            lost_at[before[-1] if before else "—"] += 1
    where = ", ".join(name + (f" ×{n}" if n > 1 else "") for name, n in lost_at.items()) or "—"
    counts = " / ".join(
        str(outcomes[o]) for o in (DealOutcome.WON, DealOutcome.LOST, DealOutcome.OPEN)
    )
    return f"| `{path.name}` | {plan.format} | yes | {len(plan.records)} | {counts} | {where} |"


def main() -> None:
    print(
        "| fixture | format | detected by auto | deals | won / lost / open | lost at (CRM stage) |"
    )
    print("|---|---|---|---|---|---|")
    for path in sorted(CRM.iterdir()):
        if path.suffix in (".csv", ".xls", ".ods"):
            print(row(path))


if __name__ == "__main__":
    main()

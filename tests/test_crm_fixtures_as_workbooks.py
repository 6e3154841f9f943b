"""Every vendor fixture saved as an .xlsx, as a user re-saving the CSV in Excel would (every
cell kept as the text it was), reads as the same deals, or is refused in the same words."""

from __future__ import annotations

from pathlib import Path

import pytest
from journeyapp.models.deal_import.plan import UnclearDateOrder, read_export
from journeyapp.models.deal_import.table import read_table
from journeyapp.models.deal_import.values import DateOrder
from journeyapp.models.errors import PlaybookError
from openpyxl import Workbook

from tests.crm_checks import CRM, without_deals

EXPORTS = sorted(path.name for path in CRM.glob("*.csv"))


def as_workbook(csv_path: Path, folder: Path) -> Path:
    table = read_table(csv_path)
    book = Workbook()
    sheet = book.active
    sheet.append(table.header)
    for _, cells in table.rows:
        sheet.append(cells)
    path = folder / f"{csv_path.stem}.xlsx"
    book.save(path)
    return path


def outcome_of(path: Path):
    """The deals read, or the refusal, with the file's own name taken out of it."""
    playbook = without_deals()
    try:
        try:
            plan = read_export(playbook, path)
        except UnclearDateOrder:
            plan = read_export(playbook, path, date_order=DateOrder.DMY)
    except PlaybookError as refusal:
        return ("refused", str(refusal).replace(path.name, "FILE"))
    return (
        plan.format,
        sorted(
            (r.source_id, r.name, r.owner, r.amount, r.currency, r.outcome, r.reason, r.visits)
            for r in plan.records
        ),
        sorted(plan.mapping.items()),
        sorted(plan.unmapped),
        len(plan.skipped),
    )


def test_there_are_fixtures_of_every_vendor():
    vendors = {"sf", "hubspot", "pipedrive", "zoho", "dynamics", "close", "generic"}
    assert vendors == {name.split("_")[0] for name in EXPORTS}


@pytest.mark.parametrize("name", EXPORTS)
def test_a_vendor_export_saved_as_a_workbook_reads_as_its_csv(name, tmp_path):
    from_csv = outcome_of(CRM / name)
    from_workbook = outcome_of(as_workbook(CRM / name, tmp_path))
    assert from_workbook == from_csv

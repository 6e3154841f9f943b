"""Writes salesforce-history.xls and .ods (with xlwt and odfpy: used here once, not by the app
or the tests, which read the files as committed)."""

import datetime as dt
from pathlib import Path

import xlwt
from odf.opendocument import OpenDocumentSpreadsheet
from odf.table import Table, TableCell, TableRow
from odf.text import P

HERE = Path(__file__).parent
HEADER = ["OpportunityId", "StageName", "Amount", "CreatedDate", "CreatedById", "IsDeleted"]
ROWS = [
    [
        "0061t00000AbCdE",
        "Prospecting",
        12500.0,
        dt.datetime(2024, 3, 1, 9, 15),
        "0051t000001",
        False,
    ],
    [
        "0061t00000AbCdE",
        "Needs Analysis",
        12500.0,
        dt.datetime(2024, 3, 8, 10, 0),
        "0051t000001",
        False,
    ],
    [
        "0061t00000AbCdE",
        "Closed Lost",
        12500.0,
        dt.datetime(2024, 4, 2, 16, 30),
        "0051t000002",
        False,
    ],
    ["0061t00000FgHiJ", "Prospecting", 4000.5, dt.datetime(2024, 3, 4, 8, 0), "0051t000001", False],
    [
        "0061t00000FgHiJ",
        "Closed Won",
        4000.5,
        dt.datetime(2024, 3, 20, 12, 0),
        "0051t000001",
        False,
    ],
]
book = xlwt.Workbook()
sheet = book.add_sheet("OpportunityHistory")
date_style = xlwt.easyxf(num_format_str="DD/MM/YYYY HH:MM")
for c, name in enumerate(HEADER):
    sheet.write(0, c, name)
for r, row in enumerate(ROWS, start=1):
    for c, value in enumerate(row):
        sheet.write(
            r, c, value, date_style if isinstance(value, dt.datetime) else xlwt.Style.default_style
        )
book.save(HERE / "salesforce-history.xls")

doc = OpenDocumentSpreadsheet()
table = Table(name="OpportunityHistory")


def cell(value):
    if isinstance(value, bool):
        c = TableCell(valuetype="boolean", booleanvalue=str(value).lower())
        shown = str(value).upper()
    elif isinstance(value, float):
        c, shown = TableCell(valuetype="float", value=value), str(value)
    elif isinstance(value, dt.datetime):
        c = TableCell(valuetype="date", datevalue=value.isoformat())
        shown = value.strftime("%d/%m/%Y %H:%M")
    else:
        c, shown = TableCell(valuetype="string"), value
    c.addElement(P(text=shown))
    return c


for row in [HEADER, *ROWS]:
    tr = TableRow()
    for value in row:
        tr.addElement(cell(value))
    table.addElement(tr)
doc.spreadsheet.addElement(table)
doc.save(HERE / "salesforce-history.ods")

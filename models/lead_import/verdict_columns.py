"""Where a lead export keeps the receiving team's word on each lead, found once per file, and
that word read out of a row: the status (or the generic layout's verdict), the reason, who
gave it, when, and a comment.

- Salesforce Lead: the standard ``Status`` picklist and ``IsConverted``
  (https://developer.salesforce.com/docs/atlas.en-us.api.meta/object_ref/
  sforce_api_objects_lead.htm; which statuses count as converted is the LeadStatus object's
  ``IsConverted``, sforce_api_objects_leadstatus.htm). Salesforce has no standard reason
  field: orgs add their own (``Disqualification_Reason__c``, ``Unqualified_Reason__c``,
  "Rejection Reason", "Recycle Reason"), so any column whose name holds "reason" is read,
  those naming a disqualification or rejection first. Who: ``Owner`` (or ``OwnerId``).
  When: a status-change date where the org keeps one (a column naming "status" and a date or
  change), else ``ConvertedDate`` for a converted lead, else ``LastModifiedDate``, the last
  change to the lead: the verdict was given then or before.
- HubSpot contacts: "Lead Status" (``hs_lead_status``) and "Contact owner"
  (https://knowledge.hubspot.com/properties/hubspots-default-contact-properties). Contacts
  have no default reason property; the Leads object's "Disqualification reason" and
  "Disqualification note" (``hs_lead_disqualification_reason``, ``…_note``) are read where an
  export carries them, and any other "reason" column as for Salesforce. When: a status-change
  date, else "Last Modified Date" (``lastmodifieddate``).
- Generic: ``verdict`` (accepted, rejected, recycled, or a status word; else ``status``),
  ``verdict_reason`` (or ``reason``), ``verdict_by`` (else ``owner``), ``verdict_at`` and
  ``verdict_comment`` (or ``comment``).

Columns about marketing consent, unsubscribing, bounced e-mail or quarantined addresses are
not reasons, whatever their names."""

from __future__ import annotations

from typing import NamedTuple

from journeyapp.models.deal_import.formats.records import Columns, cell
from journeyapp.models.deal_import.table import Table
from journeyapp.models.deal_import.values import BadValue
from journeyapp.models.frozen_records import frozen_record

TRUE_WORDS = frozenset({"true", "1", "yes"})
# Why an e-mail bounced or an address was quarantined (Salesforce's EmailBouncedReason,
# HubSpot's "Email hard bounce reason"), or consent: never why sales rejected a lead.
NOT_REASONS = (
    "marketable", "unsubscrib", "optout", "optedout", "optingout", "consent",
    "bounce", "quarantin",
)  # fmt: skip
FIRST_REASONS = ("disqualif", "unqualif", "reject")


class CrmVerdict(NamedTuple):
    """What one row says of the receiving team's verdict, as the CRM says it. A tuple: an
    import reads a million of them."""

    said: str  # the lead status, or the generic layout's verdict word
    reason: str = ""
    by: str = ""
    at: int | None = None  # seconds since 1970, UTC
    comment: str = ""
    converted: bool = False  # Salesforce's IsConverted


@frozen_record
class VerdictNames:
    """A layout's names for each part of the verdict, most specific first."""

    said: tuple[str, ...]
    by: tuple[str, ...]
    reason: tuple[str, ...] = ()
    comment: tuple[str, ...] = ()
    at: tuple[tuple[str, ...], ...] = ()  # groups, each a fallback for the one before
    converted: tuple[str, ...] = ()
    converted_at: tuple[str, ...] = ()
    status_dates: bool = True  # whether a column naming a status change's date is looked for


LAST_MODIFIED = ("LastModifiedDate", "Last Modified Date", "lastmodifieddate")
SALESFORCE = VerdictNames(
    said=("Status", "Lead Status"),
    by=("Owner", "Lead Owner", "Owner.Name", "OwnerId"),
    at=(LAST_MODIFIED,),
    converted=("IsConverted", "Converted"),
    converted_at=("ConvertedDate", "Converted Date"),
)
HUBSPOT = VerdictNames(
    said=("Lead Status", "hs_lead_status"),
    by=("Contact owner", "Company owner", "HubSpot Owner", "hubspot_owner_id"),
    reason=("Disqualification reason", "hs_lead_disqualification_reason"),
    comment=("Disqualification note", "hs_lead_disqualification_note"),
    at=(LAST_MODIFIED,),
)
GENERIC = VerdictNames(
    said=("verdict", "status"),
    by=("verdict_by", "owner"),
    reason=("verdict_reason", "reason"),
    comment=("verdict_comment", "comment"),
    at=(("verdict_at",),),
    status_dates=False,  # a "status date" column is a lifecycle stage's date there
)


def _fold(name: str) -> str:
    return "".join(name.casefold().split()).replace("_", "").replace("-", "")


def reason_columns(header: list[str], named: tuple[str, ...]) -> list[int]:
    """The layout's own reason columns, then every other column naming a reason: those about
    a disqualification or rejection first."""
    columns = Columns(header)
    found = [index for index in (columns.find(name) for name in named) if index is not None]
    others = [
        index
        for index, name in enumerate(header)
        if "reason" in _fold(name)
        and index not in found
        and not any(word in _fold(name) for word in NOT_REASONS)
    ]
    others.sort(key=lambda index: not any(w in _fold(header[index]) for w in FIRST_REASONS))
    return found + others


def status_date_columns(header: list[str]) -> list[int]:
    """Columns an org keeps the last status change in ("Status Changed Date",
    ``Status_Change_Date__c``)."""
    return [
        index
        for index, name in enumerate(header)
        if "status" in _fold(name)
        and any(word in _fold(name) for word in ("date", "changed", "time"))
        and not any(word in _fold(name) for word in NOT_REASONS)
    ]


class VerdictColumns:
    """The verdict's columns in one file, found by name once; ``read`` takes a row by index."""

    def __init__(self, header: list[str], names: VerdictNames) -> None:
        columns = Columns(header)
        said = (columns.find(name) for name in names.said)  # each a fallback for the one before
        self.said = list(dict.fromkeys(i for i in said if i is not None))
        self.by = columns.find(*names.by)
        self.comment = columns.find(*names.comment) if names.comment else None
        self.reasons = reason_columns(header, names.reason)
        self.converted = columns.find(*names.converted) if names.converted else None
        self.status_times = status_date_columns(header) if names.status_dates else []
        self.converted_at = columns.find(*names.converted_at) if names.converted_at else None
        self.last_times = [i for group in names.at if (i := columns.find(*group)) is not None]
        self.dated = bool(self.status_times or self.last_times or self.converted_at is not None)

    @property
    def date_columns(self) -> list[int]:
        """The columns whose day/month order the import decides from all their values."""
        found = [*self.status_times, self.converted_at, *self.last_times]
        return list(dict.fromkeys(i for i in found if i is not None))

    @property
    def columns_read(self) -> list[int]:
        """Every column ``read`` looks at: rows alike in these have the same verdict."""
        words = [*self.said, *self.reasons, self.by, self.comment, self.converted]
        found = [i for i in words if i is not None] + self.date_columns
        return list(dict.fromkeys(found))

    def read(self, table: Table, cells: list[str], warn: list[tuple[int, str]], line: int):
        """The row's verdict as the CRM says it, or None when it says nothing."""
        said = _first_filled(cells, self.said)
        converted = (
            self.converted is not None and cell(cells, self.converted).casefold() in TRUE_WORDS
        )
        if not said and not converted:
            return None
        return CrmVerdict(
            said,
            _first_filled(cells, self.reasons) if self.reasons else "",
            cell(cells, self.by),
            self._when(table, cells, converted, warn, line) if self.dated else None,
            cell(cells, self.comment),
            converted,
        )

    def _when(self, table, cells, converted, warn, line) -> int | None:
        """The status change's date, else the conversion's, else the lead's last change."""
        converted_at = [self.converted_at] if converted and self.converted_at is not None else []
        for column in (*self.status_times, *converted_at, *self.last_times):
            text = cell(cells, column)
            if not text:
                continue
            try:
                return table.time(text, column)
            except BadValue as error:
                warn.append((line, f"{table.header[column]}: {error}; the verdict has no date"))
                return None
        return None


def _first_filled(cells: list[str], columns: list[int]) -> str:
    """The first of ``columns`` with something in it, stripped; "" when none has."""
    width = len(cells)
    for column in columns:
        if column < width:
            text = cells[column].strip()
            if text:
                return text
    return ""


def verdict_columns(names: VerdictNames):
    """A layout's finder: the header's verdict columns, or None when it has no status."""

    def find(header: list[str]) -> VerdictColumns | None:
        found = VerdictColumns(header, names)
        return found if found.said or found.converted is not None else None

    return find

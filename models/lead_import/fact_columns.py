"""Which columns of a lead export hold what the scoring rules look at.

A column counts when its title is a rule's attribute (case and spaces aside), or the name a
CRM gives the same thing: HubSpot's contact export says "Number of Employees" and "Job
Title", Salesforce's lead export "NumberOfEmployees" (its reports "No. of Employees") and
"Title", and a Salesforce custom field such as "Visited_Pricing__c" is read by its words.
An "Email domain" rule reads the domain of the lead's e-mail address when no column carries
the domain itself.
"""

from __future__ import annotations

from journeyapp.models.frozen_records import frozen_record
from journeyapp.models.scoring import fold

# Names one attribute goes by, compared folded (case and spaces aside).
SAME_THING: tuple[frozenset[str], ...] = (
    frozenset(
        {
            "company size",
            "employees",
            "number of employees",
            "numberofemployees",
            "no. of employees",
            "no of employees",
            "numemployees",
            "employee count",
        }
    ),
    frozenset({"job title", "title", "jobtitle", "job_title", "designation"}),
    frozenset({"industry", "industry type"}),
    frozenset({"lead source", "leadsource", "original source", "source"}),
    frozenset({"country", "country/region", "country / region"}),
    frozenset({"email domain", "e-mail domain", "domain", "email_domain"}),
)
EMAIL_DOMAIN = "email domain"
EMAIL_COLUMNS = frozenset({"email", "e-mail", "email address", "e-mail address", "work email"})


@frozen_record
class FactColumn:
    attribute: str  # as the rule names it
    column: int
    domain_of_email: bool = False  # the column holds an address; the fact is its domain

    def read(self, cell: str) -> str:
        value = cell.strip()
        if self.domain_of_email:
            _, at, domain = value.rpartition("@")
            return domain.strip().lower() if at else ""
        return value


def column_words(title: str) -> str:
    """A column's title as words: Salesforce names a custom field Visited_Pricing__c."""
    if title.strip().endswith("__c"):
        title = title.strip()[:-3].replace("_", " ")
    return fold(title)


def _names_for(attribute: str) -> frozenset[str]:
    key = fold(attribute)
    return next((group for group in SAME_THING if key in group), frozenset({key}))


def fact_columns(header: list[str], attributes: list[str]) -> list[FactColumn]:
    """For each attribute, the column that holds it, in the export's order: one titled as the
    rule names it first, then one the CRM names so; an address column for an e-mail domain."""
    titles = [column_words(title) for title in header]
    found = []
    for attribute in attributes:
        exact = fold(attribute)
        names = _names_for(attribute)
        column = next((i for i, t in enumerate(titles) if t == exact), None)
        if column is None:
            column = next((i for i, t in enumerate(titles) if t in names), None)
        if column is not None:
            found.append(FactColumn(attribute, column))
        elif EMAIL_DOMAIN in names:
            email = next((i for i, t in enumerate(titles) if t in EMAIL_COLUMNS), None)
            if email is not None:
                found.append(FactColumn(attribute, email, domain_of_email=True))
    return sorted(found, key=lambda where: where.column)

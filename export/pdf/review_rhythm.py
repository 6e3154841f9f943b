"""The review rhythm in the playbook: the improvements log with results and decisions, and
the big-leap projects."""

from __future__ import annotations

import datetime

from journeyapp.export.pdf.blocks import cells, heading, lines, paragraph, table
from journeyapp.export.review_words import HEAD as IMPROVEMENT_HEAD
from journeyapp.export.review_words import improvement_rows, project_facts
from journeyapp.models.playbook import Playbook
from reportlab.platypus import CondPageBreak, KeepTogether

IMPROVEMENT_WIDTHS = [100, 105, 85, 100, 80]  # the portrait frame's 470 points


def improvements_log(playbook: Playbook, today: datetime.date) -> list:
    if not len(playbook.improvements):
        return []
    rows = [cells(IMPROVEMENT_HEAD, "cell_bold")]
    rows += [cells(row.columns) for row in improvement_rows(playbook, today)]
    return [
        CondPageBreak(200),
        heading("Improvements log", "h1"),
        table(rows, IMPROVEMENT_WIDTHS),
    ]


def big_leaps(playbook: Playbook) -> list:
    if not len(playbook.projects):
        return []
    story: list = [CondPageBreak(200), heading("Big leaps", "h1")]
    for project in playbook.projects:
        facts = [
            [paragraph(label, "cell_bold"), lines(value, "cell")]
            for label, value in project_facts(playbook, project)
        ]
        story.append(
            KeepTogether(
                [heading(f"◆ {project.title}", "h3"), table(facts, [95, 375], header=False)]
            )
        )
    return story

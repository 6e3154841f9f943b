"""The web playbook's funnel: each handoff's target conversion, then marketing's commitments
beside the period's actual volumes and rates (with their 90 % intervals) and who signed."""

from __future__ import annotations

from journeyapp.export.handoff_terms import handoffs_along_journey
from journeyapp.export.html.sections import percent, table
from journeyapp.export.html.text import plain
from journeyapp.export.signoffs import TEAMS, is_signed, signoff_words
from journeyapp.models.commitment_review import (
    CommitmentReview,
    commitment_reviews,
    count_words,
    rate_words,
)
from journeyapp.models.playbook import Playbook


def funnel_section(playbook: Playbook) -> str:
    targeted = [h for h in handoffs_along_journey(playbook) if h.target_conversion is not None]
    reviews = commitment_reviews(playbook)
    if not targeted and not reviews:
        return ""
    parts = ['<section id="funnel" aria-labelledby="funnel-heading">']
    parts.append('<h2 id="funnel-heading">Funnel targets and commitments</h2>')
    if targeted:
        rows = (
            (
                plain(playbook.stage(h.source).name),
                plain(playbook.stage(h.target).name),
                percent(h.target_conversion),
            )
            for h in targeted
        )
        parts.append(table(("From", "To", "Target conversion"), rows))
    parts += [_commitment(review) for review in reviews]
    parts.append("</section>")
    return "".join(parts)


def _commitment(review: CommitmentReview) -> str:
    commitment = review.commitment
    muted = ' class="muted"'
    signed = "".join(
        f"<li{'' if is_signed(commitment, team) else muted}>"
        f"{team}: {plain(signoff_words(commitment, team))}</li>"
        for team in TEAMS
    )
    rows = (
        (plain(s.stage), count_words(s.committed), count_words(s.actual), plain(rate_words(s)))
        for s in review.stages
    )
    note = f"<p>{plain(review.note)}</p>" if review.note else ""
    return (
        f"<h3>Marketing's commitment for {plain(commitment.period)}</h3>"
        f'<ul class="signed">{signed}</ul>'
        + table(
            ("Stage", "Committed", "Actual in period", "Then actual (90% interval, n)"),
            rows,
            "Actual: leads and deals that entered the stage in the period",
        )
        + note
    )

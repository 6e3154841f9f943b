"""The PDF playbook: the sample, and a generated playbook of 200 stages, 40 roles, 800 activities.

Baselines, same run, built turn about with ours (medians):
- ``baseline``/``ratio``: the same flowables, our story made beforehand and untimed, laid
  out and written by reportlab on bare pages (no running header, footer or page numbers).
  What it leaves out is all ours to answer for: making the story (markup, tables, the
  map's routes and labels) and dressing the pages.
- ``synthetic_baseline``/``synthetic_ratio``: a bare reportlab document with as many
  paragraphs (same text lengths), table cells, and one-line items drawn as plain strings,
  in the same embedded font as ours. Its tables are unstyled and it has no map, so it is
  the harsher of the two.

Scaling: generated maps of 1,000 and 4,000 stages (twice as many handoffs, an activity on
every third stage), each timed on its own (median of 3 runs at 1,000 and of 2 at 4,000;
one run each with --quick). The ratio of seconds per stage, 4,000 over 1,000, is 1 when
export time grows linearly with the map; 1.3 or less is the target.

Prints one JSON object on its last line.

    python benchmarks/bench_pdf.py [--quick]
"""

from __future__ import annotations

import argparse
import datetime
import io
import json
import random
import statistics
import sys
import time

from generated_maps import large_map
from journeyapp.export.pdf.document import PlaybookDocument
from journeyapp.export.pdf.fonts import REGULAR, register
from journeyapp.export.pdf.one_line import OneLine
from journeyapp.export.pdf.page_sizes import PAGE_SIZES
from journeyapp.export.pdf.playbook_pdf import build_pdf, playbook_story
from journeyapp.export.section_names import SECTIONS
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.entities import Raci
from journeyapp.models.templates import load_template
from reportlab.lib.pagesizes import A4
from reportlab.lib.styles import ParagraphStyle, getSampleStyleSheet
from reportlab.pdfgen.canvas import Canvas
from reportlab.platypus import (
    Flowable,
    KeepTogether,
    Paragraph,
    SimpleDocTemplate,
    Table,
    TableStyle,
)


def big_playbook(seed: int = 11):
    """200 stages over the 5 × 4 grid, 40 roles, 800 activities with RACI and methodology."""
    rng = random.Random(seed)
    playbook = large_map(200, 400, seed=seed)
    playbook.drop_entities(Kind.ACTIVITY, playbook.activities.ids())  # exactly the counts below
    playbook.drop_entities(Kind.ROLE, playbook.roles.ids())
    lanes = playbook.lanes.ids()
    for n in range(40):
        playbook.apply(operations.add_role(playbook, f"Role {n + 1}", lanes[n % len(lanes)]))
    roles = playbook.roles.ids()
    stages = [s.id for s in playbook.stages()]
    for n in range(800):
        edit = operations.add_activity(
            playbook,
            stages[n % len(stages)],
            f"Activity {n + 1}",
            "\n".join(
                f"- Step {k}: ask about the buyer's goal and agree the next step." for k in range(3)
            ),
        )
        playbook.apply(edit)
        picked = rng.sample(roles, 4)
        raci = dict(zip(picked, (Raci.A, Raci.R, Raci.C, Raci.I), strict=True))
        playbook.apply(operations.set_fields(playbook, Kind.ACTIVITY, edit.entity.id, raci=raci))
    return playbook


class BareLine(Flowable):
    """The baseline's one line of text, drawn as plainly as reportlab can."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def wrap(self, available_width, available_height):
        return available_width, 12

    def draw(self) -> None:
        self.canv.setFont(REGULAR, 9)
        self.canv.drawString(0, 3, self.text)


def counts(story) -> tuple[list[int], int, list[int]]:
    """The text lengths of the story's paragraphs (in tables and kept-together blocks too),
    its number of table cells, and the lengths of the lines it draws without a paragraph."""
    lengths, cells, lines = [], 0, []

    def walk(flowables) -> None:
        nonlocal cells
        for flowable in flowables:
            if isinstance(flowable, OneLine):
                lines.append(len(flowable.getPlainText()))
            elif isinstance(flowable, Paragraph):
                lengths.append(len(flowable.getPlainText()))
            elif isinstance(flowable, KeepTogether):
                walk(flowable._content)
            elif isinstance(flowable, Table):
                for row in flowable._cellvalues:
                    for cell in row:
                        cells += 1
                        walk(cell if isinstance(cell, list) else [cell])

    walk(story)
    return lengths, cells, lines


def bare_document(lengths: list[int], cells: int, lines: list[int]) -> float:
    """Seconds to make and build the baseline, flowables included as ours are."""
    register()
    style = ParagraphStyle("bare", getSampleStyleSheet()["Normal"], fontName=REGULAR)
    row = ["cell"] * 6
    table_font = TableStyle([("FONTNAME", (0, 0), (-1, -1), REGULAR)])
    start = time.perf_counter()
    story = [Paragraph("x " * (n // 2 or 1), style) for n in lengths]
    story += [BareLine("x" * n) for n in lines]
    story += [Table([row] * 40, style=table_font) for _ in range(max(1, cells // 240))]
    SimpleDocTemplate(io.BytesIO(), pagesize=A4).build(story)
    return time.perf_counter() - start


class BareDocument(PlaybookDocument):
    """Our pages with nothing drawn on them but the flowables: no running header, footer,
    page numbers or cover edge. Links and bookmarks stay, as the flowables point at them."""

    def _header(self, canvas, doc) -> None:
        pass

    def _section_in_header(self, canvas, doc) -> None:
        pass

    def _cover_edge(self, canvas, doc) -> None:
        pass


def same_flowables(playbook, today: datetime.date) -> float:
    """Seconds for reportlab to lay out and write our own story (made beforehand, untimed)
    on bare pages: the issue's "bare reportlab document with the same flowables"."""
    story = playbook_story(playbook, SECTIONS, today, PAGE_SIZES["a4"])
    document = BareDocument(io.BytesIO(), "baseline", page_size=PAGE_SIZES["a4"])
    start = time.perf_counter()
    document.build(story, canvasmaker=Canvas)
    return time.perf_counter() - start


def measured(playbook, repeats: int, today: datetime.date) -> dict:
    """Medians of ours and both baselines, built turn about so a busy spell hits all."""
    lengths, cells, lines = counts(playbook_story(playbook, SECTIONS, today))
    ours, bare, same, pages = [], [], [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        _, document = build_pdf(playbook, today=today, page_size="a4")
        ours.append(time.perf_counter() - start)
        pages = document.page
        same.append(same_flowables(playbook, today))
        bare.append(bare_document(lengths, cells, lines))
    seconds, baseline = statistics.median(ours), statistics.median(same)
    synthetic = statistics.median(bare)
    return {
        "s": round(seconds, 2),
        "pages": pages,
        "paragraphs": len(lengths),
        "plain_lines": len(lines),
        "table_cells": cells,
        "baseline_s": round(baseline, 2),
        "ratio": round(seconds / baseline, 2),
        "synthetic_baseline_s": round(synthetic, 2),
        "synthetic_ratio": round(seconds / synthetic, 2),
    }


SCALING_RUNS = {1000: 3, 4000: 2}  # stages: runs (the 4,000-stage one takes about a minute)


def timed_map(stages: int, repeats: int) -> tuple[float, int]:
    """Median seconds to build the PDF of a generated map of ``stages`` stages, and its pages."""
    playbook = large_map(stages, 2 * stages, seed=11)
    times, pages = [], 0
    for _ in range(repeats):
        start = time.perf_counter()
        _, document = build_pdf(playbook)
        times.append(time.perf_counter() - start)
        pages = document.page
    return statistics.median(times), pages


def scaling(quick: bool) -> dict:
    """Seconds per stage at each size, and their ratio (large over small)."""
    result, per_stage = {}, {}
    for stages, runs in SCALING_RUNS.items():
        repeats = 1 if quick else runs
        seconds, pages = timed_map(stages, repeats)
        per_stage[stages] = seconds / stages
        print(f"{stages} stages: {seconds:.1f} s, {pages} pages", file=sys.stderr, flush=True)
        result.update(
            {
                f"stages_{stages}_s": round(seconds, 2),
                f"stages_{stages}_runs": repeats,
                f"stages_{stages}_pages": pages,
                f"stages_{stages}_ms_per_stage": round(1000 * per_stage[stages], 2),
            }
        )
    small, large = SCALING_RUNS
    result["scaling_ratio"] = round(per_stage[large] / per_stage[small], 2)
    return result


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    quick = parser.parse_args().quick
    repeats = 1 if quick else 3
    today = datetime.date(2026, 11, 23)
    # The sample takes a fifth of a second: more runs for a steadier median.
    sample = measured(load_template("b2b-saas"), 5 * repeats, today)
    playbook = big_playbook()
    big = measured(playbook, repeats, today)
    result = {"benchmark": "pdf"}
    result.update({f"sample_{key}": value for key, value in sample.items()})
    result.update(
        big_stages=len(playbook.stages()),
        big_roles=len(playbook.roles),
        big_activities=len(playbook.activities),
    )
    result.update({f"big_{key}": value for key, value in big.items()})
    result.update(scaling(quick))
    result["targets"] = {"sample_s": 1, "big_s": 10, "ratio": 1.5, "scaling_ratio": 1.3}
    print(json.dumps(result))
    sys.stdout.flush()


if __name__ == "__main__":
    main()

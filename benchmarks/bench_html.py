"""The web playbook: the sample, and the 200-stage playbook of bench_pdf.

Figure: building the page and writing it atomically (median of 7 runs; 3 with --quick).
Baseline, same run, turn about: writing the same visible text with no markup (the page's
text content, escaped and joined) atomically to the same folder. Their ratio is what the
markup, the map's SVG and the layout work cost over the words themselves.

Prints one JSON object on its last line.

    python benchmarks/bench_html.py [--quick]
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from html import escape
from html.parser import HTMLParser
from pathlib import Path

from bench_pdf import big_playbook
from journeyapp.export.atomic_file import write_atomically
from journeyapp.export.html.playbook_html import build_html, write_html
from journeyapp.models.templates import load_template

TARGETS = {"sample_s": 1.0, "big_s": 10.0}


class _Words(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.words: list[str] = []

    def handle_data(self, data: str) -> None:
        self.words.append(data)


def visible_text(page: str) -> list[str]:
    reader = _Words()
    reader.feed(page)
    return reader.words


def timed(playbook, folder: Path, runs: int) -> tuple[float, float]:
    words = visible_text(build_html(playbook))
    ours, bare = [], []
    for _ in range(runs):
        start = time.perf_counter()
        write_html(playbook, folder / "playbook.html")
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        text = "\n".join(escape(w) for w in words)
        write_atomically(folder / "words.txt", text.encode("utf-8"))
        bare.append(time.perf_counter() - start)
    return statistics.median(ours), statistics.median(bare)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true")
    runs = 3 if parser.parse_args().quick else 7
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        sample = load_template("b2b-saas")
        build_html(sample)  # fonts registered, modules loaded: not part of the figure
        sample_s, sample_base = timed(sample, folder, runs)
        big = big_playbook()
        big_s, big_base = timed(big, folder, max(1, runs // 2))
        size = (folder / "playbook.html").stat().st_size
    print(
        json.dumps(
            {
                "sample_s": round(sample_s, 3),
                "sample_baseline_s": round(sample_base, 4),
                "sample_ratio": round(sample_s / sample_base, 1),
                "big_stages": len(big.stages()),
                "big_s": round(big_s, 3),
                "big_baseline_s": round(big_base, 4),
                "big_ratio": round(big_s / big_base, 1),
                "big_kb": size // 1024,
                "targets": TARGETS,
            }
        )
    )


if __name__ == "__main__":
    main()

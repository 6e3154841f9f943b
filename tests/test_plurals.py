"""Counts read as English: "1 deal", "4 deals", "1 day", never "deal(s)" or "1 days"."""

from __future__ import annotations

import ast
from pathlib import Path

import pytest
from builders import tiny_playbook
from journeyapp.models import operations as ops
from journeyapp.models.change import Kind
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template
from journeyapp.models.words import count
from test_deal_replay import deal_through

from journeyapp.cli import main

ROOT = Path(__file__).resolve().parent.parent


@pytest.mark.parametrize(
    ("number", "noun", "said"),
    [
        (1, "deal", "1 deal"),
        (4, "deal", "4 deals"),
        (0, "update", "0 updates"),
        (1.0, "day", "1 day"),
        (2.5, "day", "2.5 days"),
        (12_500, "row", "12,500 rows"),
        (3, "entry", "3 entries"),
    ],
)
def test_count_says_the_noun_in_the_singular_only_for_one(number, noun, said):
    plural = "entries" if noun == "entry" else None
    assert count(number, noun, plural) == said


def _texts(tree: ast.AST):
    for node in ast.walk(tree):
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            yield node.lineno, node.value


def test_no_user_facing_text_says_s_in_brackets():
    found = []
    for folder in ("journeyapp", "widgets", "models", "export"):
        for path in sorted((ROOT / folder).rglob("*.py")):
            name = path.relative_to(ROOT).as_posix()
            for line, text in _texts(ast.parse(path.read_text("utf-8"))):
                if "(s)" in text:
                    found.append(f"{name}:{line}: {text.strip()[:60]}")
    assert found == []


def test_deleting_stages_and_handoffs_names_each_count_in_words():
    playbook = tiny_playbook()
    handoffs = [h.id for h in playbook.handoffs()]
    stages = [s.id for s in playbook.stages()]
    assert ops.remove_many(playbook, stages[:2]).label.startswith("Delete 2 stages")
    assert ops.remove_many(playbook, [], handoffs[:2]).label == "Delete 2 handoffs"
    assert "(s)" not in ops.remove_many(playbook, stages[:2], handoffs[:1]).label


def test_a_replayed_step_of_one_day_says_1_day(capsys, tmp_path):
    playbook = load_template("b2b-saas")
    deal = deal_through(playbook, [("SQL", 1), ("Opportunity: Discovery", 3), ("Lost", None)])
    playbook.put_entities(Kind.DEAL, [deal])
    path = tmp_path / "p.journey"
    Store.create(path, playbook).close()
    capsys.readouterr()
    assert main(["replay", str(path), "--deal", deal.id]) == 0
    out = capsys.readouterr().out
    assert "1 day" in out and "1 days" not in out
    assert "3 days" in out

"""Hostile text typed into any field: SQL, reportlab or HTML markup, control characters,
other scripts. It is kept exactly, printed exactly, and never run; and a .journey file can
never make the app run code."""

from __future__ import annotations

import ast
import csv
import io
from pathlib import Path

import pytest
from builders import hostile_playbook
from hypothesis import given, settings
from hypothesis import strategies as st
from journeyapp.export.json_interchange import read_json, write_json
from journeyapp.export.pdf.playbook_pdf import build_pdf
from journeyapp.models import operations
from journeyapp.models.change import Kind
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.errors import PlaybookError
from journeyapp.models.store import Store, StoreError
from journeyapp.models.templates import load_template
from pypdf import PdfReader

ROOT = Path(__file__).resolve().parent.parent
HOSTILE = [
    "'; DROP TABLE stages; --",
    "Robert'); DELETE FROM meta; --",
    '" OR 1=1 --',
    "<b>x",
    "a <br> b",
    '<img src="/etc/passwd"/>',
    "<para><font size=90>big</font>",
    "&amp; &lt; & &#0;",
    "]]><!--",
    "<a href='javascript:alert(1)'>click</a>",
    "{{7*7}} ${7*7} %s %(x)s {0}",
    "=cmd|' /C calc'!A0",
    "\u202eevil\u202c",
    "שלום <b>עולם",
    "\x00\x01\x1b[31m red",
    "__import__('os').system('id')",
    "cos\nsystem\n(S'id'\ntR.",
]
WORDS = st.one_of(st.sampled_from(HOSTILE), st.text(min_size=1, max_size=40))


@settings(max_examples=40, deadline=None, database=None)
@given(words=WORDS)
def test_hostile_text_in_every_field_survives_the_file_and_json_exactly(tmp_path_factory, words):
    playbook = hostile_playbook(words)
    folder = tmp_path_factory.mktemp("hostile")
    Store.create(folder / "p.journey", playbook).close()
    store = Store.open(folder / "p.journey")
    assert store.load() == playbook
    store.close()
    write_json(playbook, folder / "p.json")
    assert read_json(folder / "p.json") == playbook


@settings(max_examples=40, deadline=None, database=None)
@given(words=WORDS)
def test_hostile_text_in_every_cell_of_a_crm_export_comes_in_as_typed(tmp_path_factory, words):
    """Deal id, deal name, CRM stage and loss reason all hostile: the deal comes in with them
    exactly as typed (trimmed, as every cell is), and survives the file; or one sentence."""
    folder = tmp_path_factory.mktemp("crm")
    text = io.StringIO()
    writer = csv.writer(text, delimiter=";")
    writer.writerow(["deal_id", "deal_name", "stage", "entered_at", "outcome", "loss_reason"])
    writer.writerow([words, words, words, "2026-01-02", "", ""])
    writer.writerow([words, words, "Closed", "2026-01-09", "lost", words])
    path = folder / "crm.csv"
    path.write_text(text.getvalue(), encoding="utf-8", errors="surrogatepass", newline="")
    playbook = load_template("b2b-saas")
    typed = words.strip()
    already = set(playbook.deals.ids())
    try:
        plan = read_export(playbook, path, overrides={typed: "MQL", "Closed": "Lost"})
        playbook.apply(import_edit(playbook, plan))
    except PlaybookError as error:
        assert "\n" not in str(error) and str(error).endswith((".", "?")), str(error)
        return
    new = [playbook.deals[i] for i in playbook.deals.ids() if i not in already]
    if not typed:
        assert not new  # a row without a deal id or stage is skipped, and listed
        return
    (deal,) = new
    assert (deal.source_id, deal.name, deal.stated_reason) == (typed, typed, typed)
    assert [step.crm_stage for step in deal.path] == [typed, "Closed"]
    Store.create(folder / "p.journey", playbook).close()
    store = Store.open(folder / "p.journey")
    assert store.load() == playbook
    store.close()


def pdf_text(data: bytes) -> str:
    return " ".join(
        " ".join((page.extract_text() or "").split()) for page in PdfReader(io.BytesIO(data)).pages
    )


@settings(max_examples=12, deadline=None, database=None)
@given(words=st.sampled_from(HOSTILE[:12]))
def test_hostile_text_in_every_field_is_printed_as_typed(words):
    data, _ = build_pdf(hostile_playbook(words))
    assert " ".join(words.split()) in pdf_text(data)


def link_targets(data: bytes) -> list[str]:
    targets = []
    for page in PdfReader(io.BytesIO(data)).pages:
        for annotation in page.get("/Annots") or []:
            action = annotation.get_object().get("/A")
            if action is not None and "/URI" in action:
                targets.append(str(action["/URI"]))
    return targets


def test_only_web_and_mail_addresses_become_links_in_the_pdf():
    playbook = load_template("b2b-saas")
    stage = playbook.stages_in_journey_order()[1]
    addresses = {
        "https://example.com/guide?a=1&b=2": True,
        "http://example.org/case": True,
        "mailto:deals@example.com": True,
        "javascript:alert(document.cookie)": False,
        "file:///etc/passwd": False,
        "data:text/html,<script>alert(1)</script>": False,
        "smb://server/share": False,
        "launch:calc.exe": False,
    }
    content = [
        {"title": f"Item {n}", "format": "Page", "link": address}
        for n, address in enumerate(addresses)
    ]
    from journeyapp.models.entities import ContentItem

    playbook.apply(
        operations.set_fields(
            playbook,
            Kind.STAGE,
            stage.id,
            content=[ContentItem(**item) for item in content],
            description="Read https://example.com/read. Or javascript:void(0) or file:///x.",
        )
    )
    data, _ = build_pdf(playbook)
    targets = link_targets(data)
    assert targets, "web addresses are clickable"
    assert all(t.startswith(("http://", "https://", "mailto:")) for t in targets), targets
    for address, clickable in addresses.items():
        assert (address in targets) == clickable, address
    assert "https://example.com/read" in targets
    text = pdf_text(data)
    assert "javascript:alert(document.cookie)" in text.replace("\u200b", "")  # shown, not run


FORBIDDEN_CALLS = {"eval", "exec", "compile", "__import__", "execfile"}
FORBIDDEN_MODULES = {"pickle", "cPickle", "dill", "marshal", "shelve", "jsonpickle", "yaml"}
FORBIDDEN_METHODS = {"enable_load_extension", "load_extension", "loads_unsafe"}


def test_no_file_can_make_the_app_run_code():
    """Nothing in the app unpickles, evaluates or loads SQLite extensions: a .journey file
    is read as data (SQLite rows, JSON text) and nothing else."""
    offences = []
    for package in ("journeyapp", "models", "widgets", "export"):
        for source in sorted((ROOT / package).rglob("*.py")):
            tree = ast.parse(source.read_text(encoding="utf-8"))
            for node in ast.walk(tree):
                where = f"{source.relative_to(ROOT)}:{getattr(node, 'lineno', 0)}"
                if isinstance(node, ast.Call):
                    func = node.func
                    if isinstance(func, ast.Name) and func.id in FORBIDDEN_CALLS:
                        offences.append(f"{where} calls {func.id}")
                    if isinstance(func, ast.Attribute) and func.attr in FORBIDDEN_METHODS:
                        offences.append(f"{where} calls {func.attr}")
                elif isinstance(node, ast.Import | ast.ImportFrom):
                    names = [a.name for a in node.names] if isinstance(node, ast.Import) else []
                    names.append(getattr(node, "module", None) or "")
                    hit = [n for n in names if n.split(".")[0] in FORBIDDEN_MODULES]
                    if hit:
                        offences.append(f"{where} imports {hit[0]}")
    assert offences == []


def test_a_forbidden_call_would_be_found(tmp_path):
    """The scan above can fail: it finds an eval and a pickle import when they are there."""
    tree = ast.parse("import pickle\nvalue = eval(text)\n")
    calls = [n.func.id for n in ast.walk(tree) if isinstance(n, ast.Call)]
    imports = [a.name for n in ast.walk(tree) if isinstance(n, ast.Import) for a in n.names]
    assert "eval" in calls and "pickle" in imports


def test_the_store_never_runs_sqlite_plugins_or_triggers_from_the_file(tmp_path):
    """A trigger planted in a playbook file never fires: a file with triggers or views,
    which the app never makes, is refused in one sentence, and left as it was."""
    import sqlite3

    path = tmp_path / "p.journey"
    Store.create(path, load_template("b2b-saas")).close()
    conn = sqlite3.connect(path)
    conn.execute("CREATE TABLE planted (x)")
    conn.execute(
        "CREATE TRIGGER t AFTER UPDATE ON stages BEGIN INSERT INTO planted VALUES (1); END"
    )
    conn.commit()
    conn.close()
    before = path.read_bytes()
    with pytest.raises(StoreError, match=r"^p\.journey holds database triggers or views"):
        Store.open(path)
    assert path.read_bytes() == before
    conn = sqlite3.connect(path)
    assert conn.execute("SELECT count(*) FROM planted").fetchone()[0] == 0
    conn.close()


def test_a_field_longer_than_it_may_hold_is_refused_in_a_sentence():
    from journeyapp.models.errors import EditError
    from journeyapp.models.limits import MAX_TEXT_CHARS

    playbook = load_template("b2b-saas")
    stage = playbook.stages()[0]
    edit = operations.set_fields(
        playbook, Kind.STAGE, stage.id, description="x" * (MAX_TEXT_CHARS + 1)
    )
    with pytest.raises(EditError, match=r"description can hold at most 20,000 characters"):
        playbook.apply(edit)
    assert playbook.stage(stage.id).description == stage.description

"""Hostile files: a .journey, a playbook JSON or a CRM export that is truncated, has bytes
flipped, has the wrong tables or keys, huge blobs or a 100 MB text field.

Whatever arrives, the outcome is a correct open or one plain sentence: never a crash, never
a wait of more than ten seconds, and never a byte written to the file that was opened.
"""

from __future__ import annotations

import csv
import io
import json
import signal
import sqlite3
import tempfile
import time
from contextlib import contextmanager
from pathlib import Path

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st
from journeyapp.export.json_interchange import read_json, write_json
from journeyapp.models.deal_import.plan import import_edit, read_export
from journeyapp.models.errors import PlaybookError
from journeyapp.models.playbook import Playbook
from journeyapp.models.schema import APPLICATION_ID, CREATE_TABLES, SCHEMA_VERSION
from journeyapp.models.store import Store
from journeyapp.models.templates import load_template

LIMIT_SECONDS = 10
HUNDRED_MB = 100 * 1024 * 1024
FUZZ = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow], database=None
)
FEW = settings(max_examples=4, deadline=None, database=None)


# -- the outcome every test checks -------------------------------------------------------


@contextmanager
def at_most_ten_seconds():
    """Fail, rather than hang the run, if reading a file takes longer than the limit in this
    process's CPU time: a loaded CI machine stretches the wall clock (a 40 MB export took
    10 s there), not the work a slow parser does."""

    def too_long(*_):
        raise TimeoutError(f"reading the file took more than {LIMIT_SECONDS} s of CPU time")

    previous = signal.signal(signal.SIGPROF, too_long)
    signal.setitimer(signal.ITIMER_PROF, LIMIT_SECONDS)
    start = time.process_time()
    try:
        yield
    finally:
        signal.setitimer(signal.ITIMER_PROF, 0)
        signal.signal(signal.SIGPROF, previous)
    assert time.process_time() - start < LIMIT_SECONDS


def assert_one_sentence(message: str) -> None:
    assert message and "\n" not in message and "Traceback" not in message
    assert len(message) < 400, message
    assert message.rstrip(")”").endswith((".", "?")), message


def outcome(read, path: Path):
    """What ``read(path)`` gave: ("opened", result) or ("refused", sentence). The file's bytes
    must be as they were, except that an older playbook may be brought up to date after a
    copy of it is kept."""
    before = path.read_bytes()
    with at_most_ten_seconds():
        try:
            result = ("opened", read(path))
        except PlaybookError as error:
            result = ("refused", str(error))
    if result[0] == "refused":
        assert_one_sentence(result[1])
    after = path.read_bytes()
    if after != before:
        backups = list(path.parent.glob(f"{path.stem}.v*-backup{path.suffix}"))
        assert result[0] == "opened" and backups, "the opened file was changed"
        assert backups[0].read_bytes() == before
    return result


def open_playbook(path: Path) -> Playbook:
    store = Store.open(path)
    try:
        return store.load()
    finally:
        store.close()


def fresh_folder():
    return tempfile.TemporaryDirectory(prefix="hostile-")


def outcome_of_bytes(data: bytes, name: str, read):
    """``outcome(read, path)`` for a file called ``name`` holding ``data``."""
    with fresh_folder() as folder:
        path = Path(folder) / name
        path.write_bytes(data)
        return outcome(read, path)


# Up to eight bytes, each at a place (a fraction of the length) XOR-ed with a mask.
FLIPS = st.lists(
    st.tuples(st.floats(0, 1, exclude_max=True), st.integers(1, 255)), min_size=1, max_size=8
)


def flipped(data: bytes, flips: list[tuple[float, int]]) -> bytes:
    changed = bytearray(data)
    for where, mask in flips:
        changed[int(where * len(changed))] ^= mask
    return bytes(changed)


# -- .journey files ------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_file(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("sample") / "sample.journey"
    Store.create(path, load_template("b2b-saas")).close()
    return path.read_bytes()


def open_bytes(data: bytes):
    return outcome_of_bytes(data, "hostile.journey", open_playbook)


@FUZZ
@given(cut=st.floats(0, 1, exclude_max=True))
def test_a_truncated_journey_file(sample_file, cut):
    kind, result = open_bytes(sample_file[: int(len(sample_file) * cut)])
    assert kind == "refused"
    assert "damaged" in result or "empty" in result or "not a journeyapp playbook" in result


@FUZZ
@given(flips=FLIPS)
def test_a_journey_file_with_flipped_bytes(sample_file, flips):
    kind, result = open_bytes(flipped(sample_file, flips))
    if kind == "opened":  # a flip inside a word: a playbook with a changed letter, whole
        assert len(result.stages()) == len(load_template("b2b-saas").stages())


def test_a_garbled_table_definition_is_refused_in_a_sentence(sample_file):
    """CI: a flipped byte in a table's definition made SQLite's own message undecodable, and
    the look before reading raised UnicodeDecodeError instead of saying "damaged"."""
    at = sample_file.index(b"CREATE TABLE stages") + len("CREAT")
    kind, result = open_bytes(flipped(sample_file, [(at / len(sample_file), 0xE7)]))
    assert kind == "refused"
    assert "damaged" in result


def schema_columns() -> dict[str, list[str]]:
    conn = sqlite3.connect(":memory:")
    conn.executescript(CREATE_TABLES)
    tables = [row[0] for row in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    return {
        table: [row[1] for row in conn.execute(f"PRAGMA table_info({table})")] for table in tables
    }


COLUMNS = schema_columns()
CELLS = st.one_of(
    st.none(),
    st.integers(-(2**63), 2**63 - 1),
    st.floats(allow_nan=True),
    st.text(max_size=30),
    st.binary(max_size=30),
    st.sampled_from(["[]", "{}", '{"a": 1}', "[1, 2]", "null", "stage-lead", "R"]),
)


@st.composite
def foreign_databases(draw) -> list[str | tuple]:
    """SQL that builds a valid SQLite file with the wrong tables, columns or values."""
    statements: list[str | tuple] = [
        f"PRAGMA application_id = {draw(st.sampled_from([APPLICATION_ID, 0, 0x1234]))}",
        f"PRAGMA user_version = "
        f"{draw(st.sampled_from([0, SCHEMA_VERSION, SCHEMA_VERSION + 1, 2**31 - 1]))}",
    ]
    names = draw(st.lists(st.sampled_from([*COLUMNS, "extra"]), unique=True, max_size=8))
    if draw(st.booleans()):
        names = list(COLUMNS)
    for table in names:
        known = COLUMNS.get(table, ["id", "name"])
        columns = draw(
            st.one_of(st.just(known), st.lists(st.sampled_from(known), min_size=1, unique=True))
        )
        statements.append(f"CREATE TABLE {table} ({', '.join(columns)})")
        for row in draw(st.lists(st.tuples(*[CELLS] * len(columns)), max_size=3)):
            marks = ", ".join("?" * len(columns))
            statements.append((f"INSERT INTO {table} VALUES ({marks})", row))
    return statements


@FUZZ
@given(statements=foreign_databases())
def test_valid_sqlite_with_the_wrong_schema(statements):
    with fresh_folder() as folder:
        path = Path(folder) / "foreign.journey"
        conn = sqlite3.connect(path)
        for statement in statements:
            conn.execute(*statement) if isinstance(statement, tuple) else conn.execute(statement)
        conn.commit()
        conn.close()
        kind, _ = outcome(open_playbook, path)
        if kind == "opened":  # every table there, and every value made sense
            made = {s.split()[2] for s in statements if str(s).startswith("CREATE TABLE")}
            assert set(COLUMNS) <= made


def text_columns(data: bytes) -> list[tuple[str, str]]:
    with fresh_folder() as folder:
        path = Path(folder) / "p.journey"
        path.write_bytes(data)
        conn = sqlite3.connect(path)
        found = [
            (table, column)
            for table in COLUMNS
            for _, column, kind, *_ in conn.execute(f"PRAGMA table_info({table})")
            if kind == "TEXT" and conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0]
        ]
        conn.close()
        return found


def with_value(data: bytes, table: str, column: str, value) -> Path:
    folder = Path(tempfile.mkdtemp(prefix="hostile-"))
    path = folder / "p.journey"
    path.write_bytes(data)
    conn = sqlite3.connect(path)
    conn.execute(
        f"UPDATE {table} SET {column} = ? WHERE rowid = (SELECT min(rowid) FROM {table})", (value,)
    )
    conn.commit()
    conn.close()
    return path


@pytest.fixture(scope="module")
def sample_text_columns(sample_file):
    return text_columns(sample_file)


@FEW
@given(choice=st.data(), size=st.sampled_from([1, 8, 40]))
def test_huge_blobs_in_a_journey_file(sample_file, sample_text_columns, choice, size):
    table, column = choice.draw(st.sampled_from(sample_text_columns))
    path = with_value(sample_file, table, column, bytes(range(256)) * (size * 4096))
    kind, result = outcome(open_playbook, path)
    assert kind == "refused" and "damaged" in result
    path.unlink()


@FEW
@given(choice=st.data())
def test_a_100_mb_text_field_in_a_journey_file(sample_file, sample_text_columns, choice):
    table, column = choice.draw(st.sampled_from(sample_text_columns))
    path = with_value(sample_file, table, column, "x" * HUNDRED_MB)
    kind, result = outcome(open_playbook, path)
    assert kind == "refused" and "damaged" in result, (table, column, result)
    path.unlink()


# -- playbook JSON ---------------------------------------------------------------------------


@pytest.fixture(scope="module")
def sample_json(tmp_path_factory) -> bytes:
    path = tmp_path_factory.mktemp("json") / "sample.json"
    write_json(load_template("b2b-saas"), path)
    return path.read_bytes()


def read_json_bytes(data: bytes):
    return outcome_of_bytes(data, "hostile.json", read_json)


@FUZZ
@given(cut=st.floats(0, 1, exclude_max=True))
def test_a_truncated_json_file(sample_json, cut):
    whole = sample_json.rstrip()
    kind, result = read_json_bytes(whole[: int(len(whole) * cut)])
    assert kind == "refused" and "not valid JSON" in result


def test_a_json_number_of_a_million_digits():
    kind, result = read_json_bytes(b"1" * 1_000_000)
    assert kind == "refused" and "a number thousands of digits long" in result


def test_a_json_file_cut_short_inside_a_character(sample_json):
    """The sample's first character beyond ASCII, cut after its first byte."""
    inside = next(i for i, byte in enumerate(sample_json) if byte >= 0x80) + 1
    kind, result = read_json_bytes(sample_json[:inside])
    assert kind == "refused"
    assert "not valid JSON: it ends part-way through a character" in result


@FUZZ
@given(flips=FLIPS)
def test_a_json_file_with_flipped_bytes(sample_json, flips):
    read_json_bytes(flipped(sample_json, flips))


JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: (
        st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=10), inner, max_size=4)
    ),
    max_leaves=20,
)


def places(data, path=()):
    """Every place in a JSON document, as the keys and indexes that lead to it."""
    yield path
    if isinstance(data, dict):
        for key, value in data.items():
            yield from places(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from places(value, (*path, index))


def replaced(data, path, value):
    if not path:
        return value
    copy = dict(data) if isinstance(data, dict) else list(data)
    copy[path[0]] = replaced(data[path[0]], path[1:], value)
    return copy


@FUZZ
@given(choice=st.data(), value=JSON_VALUES)
def test_json_with_the_wrong_shape_somewhere(sample_json, choice, value):
    document = json.loads(sample_json)
    where = choice.draw(st.sampled_from(list(places(document))))
    read_json_bytes(json.dumps(replaced(document, where, value)).encode())


@FUZZ
@given(value=JSON_VALUES)
@example(value="\n")  # a line break quoted into the sentence split it in two
@example(value="tab\there, and a very long text past twenty characters\r\n")
def test_json_that_is_no_playbook_at_all(value):
    kind, _ = read_json_bytes(json.dumps(value).encode())
    assert kind == "refused"


@FEW
@given(size=st.sampled_from([1, 8, 40]), garbage=st.binary(min_size=1, max_size=64))
def test_huge_blobs_as_a_json_file(sample_json, size, garbage):
    blob = (garbage * (size * 1024 * 1024 // len(garbage) + 1))[: size * 1024 * 1024]
    for data in (blob, sample_json[:-3] + b', "blob": [' + b"1," * (size * 1024 * 256) + b"1]}"):
        read_json_bytes(data)


@FEW
@given(choice=st.data())
def test_a_100_mb_text_field_in_json(sample_json, choice):
    document = json.loads(sample_json)
    texts = [p for p in places(document) if isinstance(_at(document, p), str)]
    where = choice.draw(st.sampled_from(texts))
    kind, _ = read_json_bytes(json.dumps(replaced(document, where, "x" * HUNDRED_MB)).encode())
    assert kind == "refused", where


def _at(data, path):
    for step in path:
        data = data[step]
    return data


# -- CRM exports ---------------------------------------------------------------------------

SALESFORCE = (
    "Id,OpportunityId,CreatedById,CreatedDate,StageName,Amount,CurrencyIsoCode,IsDeleted\n"
    "h1,006A,005u,2026-01-05T09:00:00.000Z,SQL,12000,EUR,0\n"
    "h2,006A,005u,2026-01-12T09:00:00.000Z,Opportunity: Discovery,15000,EUR,0\n"
    "h3,006A,005u,2026-02-20T09:00:00.000Z,Closed Lost,15000,EUR,0\n"
    "h4,006B,005v,2026-01-10 09:00:00,SQL,8000,USD,0\n"
    "h5,006B,005v,1/20/2026,Closed Won,8000,USD,0\n"
)
GENERIC = (
    "deal_id;deal_name;stage;entered_at;amount;outcome\n"
    "D-1;Acme;MQL;2026-01-02;€ 1.200,50;\n"
    "D-1;Acme;Opportunity: Discovery;2026-01-09;€ 1.200,50;won\n"
)
HEADER_WORDS = [
    "OpportunityId", "StageName", "CreatedDate", "Amount", "deal_id", "stage", "entered_at",
    "new_value", "field_key", "deal_stage", "engage_date", "Date entered “Lead”", "outcome",
    "deal_name", "owner", "x",
]  # fmt: skip


def import_csv(path: Path):
    playbook = load_template("b2b-saas")
    plan = read_export(playbook, path)
    playbook.apply(import_edit(playbook, plan))
    return playbook


def import_bytes(data: bytes):
    return outcome_of_bytes(data, "hostile.csv", import_csv)


@FUZZ
@given(sample=st.sampled_from([SALESFORCE, GENERIC]), cut=st.floats(0, 1, exclude_max=True))
def test_a_truncated_crm_export(sample, cut):
    data = sample.encode()
    import_bytes(data[: int(len(data) * cut)])


@FUZZ
@given(sample=st.sampled_from([SALESFORCE, GENERIC]), flips=FLIPS)
def test_a_crm_export_with_flipped_bytes(sample, flips):
    import_bytes(flipped(sample.encode(), flips))


@FUZZ
@given(
    header=st.lists(st.sampled_from(HEADER_WORDS) | st.text(max_size=12), min_size=1, max_size=8),
    rows=st.lists(st.lists(st.text(max_size=25), max_size=9), max_size=8),
    delimiter=st.sampled_from([",", ";", "\t"]),
)
def test_a_table_with_the_wrong_columns_or_odd_rows(header, rows, delimiter):
    text = io.StringIO()
    writer = csv.writer(text, delimiter=delimiter)
    for row in [header, *rows]:
        writer.writerow(row)
    import_bytes(text.getvalue().encode("utf-8", "surrogatepass"))


@FEW
@given(size=st.sampled_from([1, 8, 40]), garbage=st.binary(min_size=1, max_size=64))
def test_huge_blobs_as_a_crm_export(size, garbage):
    blob = (garbage * (size * 1024 * 1024 // len(garbage) + 1))[: size * 1024 * 1024]
    for data in (blob, SALESFORCE.encode() + blob):
        import_bytes(data)


@FEW
@given(column=st.integers(0, 7), quoted=st.booleans())
def test_a_100_mb_cell_in_a_crm_export(column, quoted):
    header, first, *rest = SALESFORCE.splitlines()
    cells = first.split(",")
    cells[column] = ('"' + "x" * HUNDRED_MB + '"') if quoted else "x" * HUNDRED_MB
    data = "\n".join([header, ",".join(cells), *rest]).encode()
    kind, _ = import_bytes(data)
    assert kind == "refused"


@pytest.mark.parametrize("layout", ["salesforce-report", "pipedrive", "zoho"])
def test_thousands_of_changes_in_one_second_are_read_in_bounded_time(tmp_path, layout):
    """Changes made at one time are put in order by following each to the next, which costs
    the square of their number: 20,000 of them in one second, as a made-up file can hold,
    must not hang the import."""
    from journeyapp.models.deal_import.plan import read_export

    stages = [f"S{n}" for n in range(20_001)]
    if layout == "salesforce-report":
        header = "Opportunity Name,From Stage,To Stage,Last Modified\n"
        rows = [f"Acme,{stages[n]},{stages[n + 1]},1/25/2026 9:00 AM\n" for n in range(20_000)]
    elif layout == "pipedrive":
        header = "deal_id,field_key,old_value,new_value,log_time\n"
        rows = [
            f"1,stage_id,{stages[n]},{stages[n + 1]},2026-01-05 09:00:00\n" for n in range(20_000)
        ]
    else:
        header = "Deal Name,Stage,Modified Time,Moved To\n"
        rows = [f"Acme,{stages[n]},2026-01-05 09:00:00,{stages[n + 1]}\n" for n in range(20_000)]
    path = tmp_path / "same_second.csv"
    path.write_text(header + "".join(reversed(rows)), encoding="utf-8")
    with at_most_ten_seconds():
        plan = read_export(load_template("b2b-saas"), path, format=layout)
    assert len(plan.records) == 1


@pytest.mark.parametrize("line", [b"\n", b",\n", b"\r\n", b" , \n"])
def test_forty_megabytes_of_blank_lines_after_a_crm_header_are_read_in_bounded_time(line):
    """A made-up export of forty million blank lines after its header took more than ten
    seconds, each blank row looked at in Python (the fuzzing above found it by chance)."""
    blob = line * (40 * 1024 * 1024 // len(line))
    kind, said = import_bytes(SALESFORCE.encode() + blob)
    assert kind == "refused" and "100,000 or more blank lines in a row from line 7" in said

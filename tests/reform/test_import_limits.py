"""Imports against the database's limits: lengths and ranges checked row by row (SQLite enforces neither,
PostgreSQL answers a 500), a plan of thousands of tasks, zip bombs refused unread, SQLite in WAL mode."""

import datetime as dt
import sqlite3
import time
import zipfile
from contextlib import contextmanager
from decimal import Decimal
from io import BytesIO
from types import SimpleNamespace

import pytest
from django.db import connection, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.test.utils import CaptureQueriesContext
from openpyxl import Workbook

from indicators.imports import import_grid
from indicators.models import IndicatorValue
from kimphuong import excel
from kimphuong.models import TaskGroup
from reform import plan_excel
from reform.models import Assessment, Task
from reform.plan_excel import HEADERS, import_plan
from tests.factories import IndicatorFactory, PlanFactory, TaskGroupFactory, UserFactory

pytestmark = pytest.mark.django_db

DUE = dt.date(2026, 12, 15)


@pytest.fixture
def people(db):
    return [UserFactory(username="chutri"), UserFactory(username="phoihop1"), UserFactory(username="phoihop2")]


@pytest.fixture
def plan(db, people):
    TaskGroupFactory(code="TC")
    return PlanFactory()


def _workbook(rows, *, extra: dict[str, bytes] | None = None) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Nhiệm vụ"
    ws.append(HEADERS)
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    if not extra:
        return buffer.getvalue()
    with zipfile.ZipFile(buffer, "a", compression=zipfile.ZIP_DEFLATED) as archive:
        for name, data in extra.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def _row(code: str, **overrides) -> list:
    values = {
        "code": code, "group": "TC", "content": f"Nhiệm vụ {code}", "target": "100%", "lead": "chutri",
        "coordination": "phoihop1, phoihop2", "deadline_text": "Hằng năm", "due_date": "15/12/2026",
        "expected_evidence": "Báo cáo",
    }  # fmt: skip
    values.update(overrides)
    return list(values.values())


def _max(field: str) -> int:
    return Task._meta.get_field(field).max_length


def test_every_column_is_checked_against_the_model_lengths_and_nothing_is_saved(plan):
    rows = [
        _row("TC-01"),
        _row("TC-" + "9" * 30),
        _row("TC-03", coordination="phoihop1, " + "x" * 802),
        _row("TC-04", deadline_text="d" * (_max("deadline_text") + 1), lead="chutri" + " " * 300),
        _row("TC-05", content="c" * 40000),  # a TextField: no limit
    ]
    result = import_plan(_workbook(rows), plan=plan)
    assert not result.ok
    assert {(e.row, e.message) for e in result.errors} == {
        (3, f"cột Mã: dài 33 ký tự, tối đa {_max('code')}"),
        (4, f"cột Phối hợp: dài 812 ký tự, tối đa {_max('coordination_text')}"),
        (5, f"cột Thời hạn: dài {_max('deadline_text') + 1} ký tự, tối đa {_max('deadline_text')}"),
    }  # the lead's trailing spaces are stripped before counting, as before saving
    assert not Task.objects.exists() and not Assessment.objects.exists()


def test_lengths_are_read_from_the_model(plan, monkeypatch):
    monkeypatch.setattr(Task._meta.get_field("target"), "max_length", 5)
    result = import_plan(_workbook([_row("TC-01", target="100% văn bản")]), plan=plan)
    assert [(e.row, e.message) for e in result.errors] == [(2, "cột Chỉ tiêu / sản phẩm: dài 12 ký tự, tối đa 5")]


def test_an_order_beyond_the_field_range_is_a_message_not_a_crash(plan, monkeypatch):
    monkeypatch.setattr(plan_excel, "integer_range", lambda model, name: (0, 15))
    result = import_plan(_workbook([_row("TC-01"), _row("TC-02")]), plan=plan)
    assert [(e.row, e.message) for e in result.errors] == [(0, "Kế hoạch có 2 nhiệm vụ, quá số thứ tự lưu được.")]
    assert not Task.objects.exists()


@contextmanager
def _timed_transactions(spans: list[float]):
    """Times each transaction the import opens itself (Django's own inner atomics are not counted)."""
    real = transaction.atomic

    @contextmanager
    def timed(*args, **kwargs):
        start = time.perf_counter()
        with real(*args, **kwargs):
            yield
        spans.append(time.perf_counter() - start)

    saved = plan_excel.transaction
    plan_excel.transaction = SimpleNamespace(atomic=timed)
    try:
        yield
    finally:
        plan_excel.transaction = saved


def test_a_plan_of_4000_tasks_fits_the_order_field_and_writes_in_a_short_transaction(plan):
    rows = [_row(f"T-{n:04d}", group="TC") for n in range(1, 4001)]
    data = _workbook(rows)
    spans: list[float] = []
    with _timed_transactions(spans), CaptureQueriesContext(connection) as queries:
        result = import_plan(data, plan=plan, default_due=DUE)
    assert result.ok, result.errors[:3]
    assert len(result.created) == 4000
    assert Task.objects.filter(plan=plan).count() == Assessment.objects.filter(task__plan=plan).count() == 4000
    task = Task.objects.get(code="T-4000")
    assert task.order == 40000 and {u.username for u in task.co_owners.all()} == {"phoihop1", "phoihop2"}
    low, high = BaseDatabaseOperations.integer_field_ranges[Task._meta.get_field("order").get_internal_type()]
    assert low <= max(Task.objects.values_list("order", flat=True)) <= high  # PostgreSQL would store it
    # Bulk writes in batches (SQLite caps a statement at 999 parameters), not one per task, assessment and
    # co-owner (that would be 16,000 statements).
    writes = [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) < 250, len(writes)
    assert len(spans) == 1 and spans[0] < 5, spans

    # Re-import with every task changed: one bulk update, the assessments untouched.
    Assessment.objects.filter(task__code="T-0001").update(result="Đã làm")
    changed = [_row(f"T-{n:04d}", target="Mới", coordination="phoihop1") for n in range(1, 4001)]
    with CaptureQueriesContext(connection) as queries:
        again = import_plan(_workbook(changed), plan=plan)
    assert again.ok and len(again.updated) == 4000 and not again.created
    writes = [q for q in queries.captured_queries if q["sql"].startswith(("INSERT", "UPDATE", "DELETE"))]
    assert len(writes) < 100, len(writes)
    task = Task.objects.get(code="T-4000")
    assert task.target == "Mới" and [u.username for u in task.co_owners.all()] == ["phoihop1"]
    assert Assessment.objects.get(task__code="T-0001").result == "Đã làm"


def test_a_dry_run_saves_nothing_and_takes_no_write_lock(plan):
    spans: list[float] = []
    with _timed_transactions(spans):
        result = import_plan(_workbook([_row("TC-01")]), plan=plan, dry_run=True)
    assert result.ok and result.created == ["TC-01"] and not spans
    assert not Task.objects.exists()


def _bomb(megabytes: int) -> bytes:
    return _workbook([_row("TC-01")], extra={"xl/media/padding.bin": b"\0" * (megabytes * 1024 * 1024)})


def test_a_workbook_too_large_once_unpacked_is_refused_before_it_is_parsed(plan, settings, monkeypatch):
    assert settings.IMPORT_MAX_UNCOMPRESSED_MB == 50
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 2
    bomb = _bomb(3)
    assert len(bomb) < 100_000  # a few kilobytes on the wire

    def never(*args, **kwargs):
        raise AssertionError("openpyxl must not open the file")

    monkeypatch.setattr(excel, "load_workbook", never)
    result = import_plan(bomb, plan=plan)
    assert [(e.row, e.message) for e in result.errors] == [
        (0, "Tệp quá lớn khi giải nén (3,0 MB, tối đa 2 MB): không nhập.")
    ]
    grid = import_grid(bomb, by=None)
    assert grid.errors == ["Tệp quá lớn khi giải nén (3,0 MB, tối đa 2 MB): không nhập."]
    assert not Task.objects.exists()


def test_under_the_limit_the_same_workbook_imports(plan, settings):
    settings.IMPORT_MAX_UNCOMPRESSED_MB = 4
    assert import_plan(_bomb(3), plan=plan).ok


@pytest.mark.parametrize(
    "data",
    [b"", b"Ma;Linh vuc\nTC-01;TC\n", b"PK\x03\x04 truncated", b"%PDF-1.4\n"],
    ids=["empty", "csv", "zip", "pdf"],
)
def test_a_file_that_is_not_a_workbook_is_refused_cleanly(plan, data):
    result = import_plan(data, plan=plan)
    assert [(e.row, e.message) for e in result.errors] == [
        (0, "Không đọc được tệp: hãy chọn tệp Excel (.xlsx) theo mẫu.")
    ]
    assert import_grid(data, by=None).errors == ["Không đọc được tệp: hãy dùng tệp Excel (.xlsx) tải từ trang Số liệu."]


def test_a_zip_that_is_not_a_workbook_is_refused_cleanly(plan):
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("readme.txt", "không phải Excel")
    result = import_plan(buffer.getvalue(), plan=plan)
    assert [e.message for e in result.errors] == ["Không đọc được tệp: hãy chọn tệp Excel (.xlsx) theo mẫu."]


def _grid(rows) -> bytes:
    wb = Workbook()
    ws = wb.active
    ws.title = "Số liệu"
    ws.append(["Mã", "Chỉ tiêu", "2024", "2025"])
    for row in rows:
        ws.append(row)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


def test_a_figure_that_overflows_the_value_column_is_a_cell_message_and_nothing_is_saved(db):
    group = TaskGroupFactory(code="TC")
    small, big = IndicatorFactory(code="TC.1", group=group), IndicatorFactory(code="TC.2", group=group)
    column = IndicatorValue._meta.get_field("value")
    whole = column.max_digits - column.decimal_places
    nines = "9" * whole
    # Below 10^14 as typed, but PostgreSQL rounds it to 2 places first: 100000000000000.00 overflows numeric(16, 2).
    result = import_grid(_grid([[small.code, "x", "12", "13"], [big.code, "y", "5", f"{nines},999"]]), by=None)
    assert result.errors == [
        f"Ô Số liệu!D3 ({big.code}, năm 2025): số quá lớn: phần nguyên tối đa {whole} chữ số "
        f"(làm tròn {column.decimal_places} chữ số thập phân)."
    ]
    assert not IndicatorValue.objects.exists()


def test_figures_are_stored_rounded_as_the_column_keeps_them(db):
    ind = IndicatorFactory(code="TC.1", group=TaskGroupFactory(code="TC"))
    first = import_grid(_grid([[ind.code, "x", "1,235", "12345678,9"]]), by=None)
    assert first.ok and first.changed == 2
    assert IndicatorValue.objects.get(indicator=ind, year=2024).value == Decimal(
        "1.24"
    )  # half away from zero, as PostgreSQL
    again = import_grid(_grid([[ind.code, "x", "1,235", "12345678,9"]]), by=None)
    assert again.ok and again.changed == 0  # the rounded figure is the stored one: nothing changed


def test_sqlite_runs_in_wal_mode_with_a_busy_timeout():
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    assert connection.settings_dict["NAME"] not in ("", ":memory:") and "mode=memory" not in str(
        connection.settings_dict["NAME"]
    )
    with connection.cursor() as cursor:
        assert cursor.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert cursor.execute("PRAGMA busy_timeout").fetchone()[0] == 20000


@pytest.mark.django_db(transaction=True)
def test_a_reader_holding_a_transaction_does_not_block_a_write():
    """In WAL mode a write commits while another connection reads; a rollback journal would wait 20 s."""
    if connection.vendor != "sqlite":
        pytest.skip("SQLite only")
    connection.ensure_connection()
    reader = sqlite3.connect(connection.settings_dict["NAME"], timeout=0.1, isolation_level=None)
    try:
        reader.execute("BEGIN")
        reader.execute("SELECT COUNT(*) FROM reform_taskgroup").fetchone()  # holds its read snapshot
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA busy_timeout = 500")  # fail fast if the write has to wait
        start = time.perf_counter()
        with transaction.atomic():
            TaskGroup.objects.create(code="W1", name="Ghi trong lúc đọc")
        assert time.perf_counter() - start < 0.5
        # The reader still sees its snapshot, without the new row.
        assert reader.execute("SELECT COUNT(*) FROM reform_taskgroup WHERE code = 'W1'").fetchone()[0] == 0
        reader.execute("COMMIT")
    finally:
        reader.close()
        connection.close()  # the next test gets the configured busy_timeout back

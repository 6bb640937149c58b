"""The plan's task list in Excel: a template to fill in, and an all-or-nothing import.

A re-import updates existing tasks by their code and never touches their self-assessments.
"""

from __future__ import annotations

import datetime as dt
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any, cast

from django.db import models, transaction
from django.db.backends.base.operations import BaseDatabaseOperations
from django.utils.translation import gettext as _
from openpyxl import Workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from kimphuong.excel import HEADER_STYLE, WorkbookRefused, header_style, read_workbook, register_styles, text_cells
from kimphuong.models import Position, TaskGroup, User
from kimphuong.text import clean_text
from reform.models import Assessment, Plan, Task

SHEET = "Nhiệm vụ"
LISTS_SHEET = "Danh mục"
COLUMNS = [
    ("code", "Mã", 10),
    ("group", "Lĩnh vực", 10),
    ("content", "Nội dung nhiệm vụ", 60),
    ("target", "Chỉ tiêu / sản phẩm", 45),
    ("lead", "Chủ trì", 14),
    ("coordination", "Phối hợp", 30),
    ("deadline_text", "Thời hạn", 24),
    ("due_date", "Hạn nộp tự đánh giá", 14),
    ("expected_evidence", "Tài liệu kiểm chứng", 40),
]
HEADERS = [title for _key, title, _width in COLUMNS]
#: After them, optional: the account of the lead when “Chủ trì” names no single person (“Tất cả CBCC”, as the
#: plan wrote it): the text is kept as written and the task is assigned to that account.
LEAD_ACCOUNT = ("lead_account", "Tài khoản chủ trì", 16)


def has_lead_account(header: list[str]) -> bool:
    """Whether a sheet's header row (stripped) has the optional “Tài khoản chủ trì” after the required columns."""
    return header[len(HEADERS) : len(HEADERS) + 1] == [LEAD_ACCOUNT[1]]


#: The Task field each column is stored in (its limits are read from the model, never copied here).
STORED_AS = {
    "code": "code",
    "content": "content",
    "target": "target",
    "lead": "lead_text",
    "coordination": "coordination_text",
    "deadline_text": "deadline_text",
    "expected_evidence": "expected_evidence",
}


class People:
    """Resolves what a clerk writes in “Chủ trì” / “Phối hợp”: a position code or name, a username, a full name."""

    def __init__(self) -> None:
        users = list(User.objects.filter(is_active=True).select_related("position"))
        self.by_key: dict[str, list[User]] = {}
        for user in users:
            keys = {user.username, user.full_name}
            if user.position:
                keys |= {user.position.code, user.position.short_title, user.position.title}
            for key in {_norm(k) for k in keys if k}:
                self.by_key.setdefault(key, []).append(user)

    def find(self, text: str) -> list[User]:
        return self.by_key.get(_norm(text), [])

    def label(self, user: User) -> str:
        """What the export writes for a person: the position code when it names only them."""
        if user.position and len(self.find(user.position.code)) == 1:
            return user.position.code
        return user.username


def _norm(text: str) -> str:
    return unicodedata.normalize("NFC", str(text)).strip().casefold()


def _text(value: Any) -> str:
    if value is None:
        return ""
    return unicodedata.normalize("NFC", str(value)).strip()


def export_template(plan: Plan | None = None) -> bytes:
    """The task sheet (with the plan's current tasks, if any) and a sheet of valid codes.

    Every string is written as text: a target such as "= 1 (2025)" or "+84…" never becomes a formula."""

    people = People()
    wb = Workbook()
    ws = wb.worksheets[0]  # the one sheet of a new workbook
    ws.title = SHEET
    register_styles(wb, header_style())
    ws.append([*HEADERS, LEAD_ACCOUNT[1]])
    for index, (_key, _title, width) in enumerate([*COLUMNS, LEAD_ACCOUNT], start=1):
        ws.column_dimensions[get_column_letter(index)].width = width
        ws.cell(row=1, column=index).style = HEADER_STYLE
    ws.freeze_panes = "A2"
    tasks = Task.objects.filter(plan=plan) if plan else Task.objects.none()
    for task in tasks.select_related("group", "lead__position").order_by("group__order", "order", "code"):
        # “Chủ trì” as the plan wrote it; the account beside it only when that text names no single person
        # (or another one), so that importing the file back changes nothing.
        resolved = people.find(task.lead_text) if task.lead_text else []
        lead, account = task.lead_text or people.label(task.lead), ""
        if task.lead_text and resolved != [task.lead]:
            account = people.label(task.lead)
        ws.append(
            [
                clean_text(value)
                for value in (
                    task.code,
                    task.group.code,
                    task.content,
                    task.target,
                    lead,
                    task.coordination_text,
                    task.deadline_text,
                    task.due_date,
                    task.expected_evidence,
                    account,
                )
            ]
        )
        ws.cell(row=ws.max_row, column=8).number_format = "DD/MM/YYYY"

    lists = wb.create_sheet(LISTS_SHEET)
    lists.append(["Mã lĩnh vực", "Tên lĩnh vực", "", "Mã chức danh", "Chức danh", "Người giữ chức danh"])
    for cell in lists[1]:
        cell.style = HEADER_STYLE
    groups = list(TaskGroup.objects.all())
    positions = list(Position.objects.prefetch_related("users"))
    for i in range(max(len(groups), len(positions))):
        group = groups[i] if i < len(groups) else None
        position = positions[i] if i < len(positions) else None
        lists.append(
            [
                clean_text(value)
                for value in (
                    group.code if group else None,
                    group.name if group else None,
                    None,
                    position.code if position else None,
                    position.title if position else None,
                    ", ".join(u.display_name for u in position.users.all()) if position else None,
                )
            ]
        )
    for letter, width in zip("ABCDEF", (12, 60, 2, 14, 60, 30), strict=True):
        lists.column_dimensions[letter].width = width
    if groups:
        check = DataValidation(type="list", formula1=f"'{LISTS_SHEET}'!$A$2:$A${len(groups) + 1}", allow_blank=False)
        check.error = _("Mã lĩnh vực không có trong sheet Danh mục.")
        ws.add_data_validation(check)
        check.add("B2:B2000")
    text_cells(wb)
    buffer = BytesIO()
    wb.save(buffer)
    return buffer.getvalue()


@dataclass
class RowError:
    row: int
    message: str


@dataclass
class ImportResult:
    created: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    dry_run: bool = False

    @property
    def ok(self) -> bool:
        return not self.errors


@dataclass
class _Row:
    number: int
    values: dict[str, Any]
    group: TaskGroup | None = None
    lead: User | None = None
    co_owners: list[User] = field(default_factory=list)
    due_date: dt.date | None = None


def _parse_date(value: Any) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    text = _text(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date()  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None


def integer_range(model: type[models.Model], name: str) -> tuple[int, int]:
    """The range of an integer field as PostgreSQL stores it (SQLite would accept anything)."""
    integer = cast("models.Field[Any, Any]", model._meta.get_field(name))  # a concrete integer column
    return BaseDatabaseOperations.integer_field_ranges[integer.get_internal_type()]


def _length_errors(values: dict[str, Any]) -> list[str]:
    """Each column against its Task field's max_length, counted as the database counts: characters."""
    errors = []
    for key, title, _width in COLUMNS:
        name = STORED_AS.get(key)
        task_field = Task._meta.get_field(name) if name else None
        limit = task_field.max_length if isinstance(task_field, models.Field) else None
        length = len(_text(values[key]))
        if limit is not None and length > limit:
            errors.append(
                _("cột %(column)s: dài %(length)s ký tự, tối đa %(limit)s")
                % {"column": title, "length": length, "limit": limit}
            )
    return errors


def import_plan(
    source: IO[bytes] | bytes,
    *,
    plan: Plan,
    dry_run: bool = False,
    default_due: dt.date | None = None,
    step: Callable[[str, int], None] | None = None,
) -> ImportResult:
    """Check every row first; import all of them, or nothing and the list of what is wrong, row by row.

    Reading and checking happen outside any transaction; the writes are a handful of bulk statements in
    one short transaction, so a large plan holds the (SQLite) write lock only briefly. `step(what, percent)`
    hears of each stage (a background job shows it).
    """
    step = step or (lambda _what, _percent: None)
    result = ImportResult(dry_run=dry_run)
    step(_("Đọc tệp Excel"), 5)
    try:
        wb = read_workbook(source, unreadable=_("Không đọc được tệp: hãy chọn tệp Excel (.xlsx) theo mẫu."))
    except WorkbookRefused as exc:
        result.errors.append(RowError(0, str(exc)))
        return result
    if SHEET not in wb.sheetnames:
        result.errors.append(RowError(0, _("Tệp không có sheet “%(sheet)s” của mẫu.") % {"sheet": SHEET}))
        return result
    sheet = wb[SHEET]
    lines = list(sheet.iter_rows(values_only=True))
    wb.close()
    header = [_text(v) for v in (lines[0] if lines else [])]
    if header[: len(HEADERS)] != HEADERS:
        result.errors.append(
            RowError(1, _("Dòng tiêu đề không đúng mẫu. Cần các cột: %(cols)s.") % {"cols": ", ".join(HEADERS)})
        )
        return result

    step(_("Kiểm tra từng dòng"), 30)
    groups = {_norm(g.code): g for g in TaskGroup.objects.all()}
    people = People()
    rows: list[_Row] = []
    seen: dict[str, int] = {}
    columns = [*COLUMNS, LEAD_ACCOUNT] if has_lead_account(header) else COLUMNS
    for number, line in enumerate(lines[1:], start=2):
        values = {key: line[i] if i < len(line) else None for i, (key, _t, _w) in enumerate(columns)}
        if not any(_text(v) for v in values.values()):
            continue  # blank line
        row = _Row(number, values)
        errors = _check_row(row, groups, people, seen, default_due) + _length_errors(values)
        result.errors += [RowError(number, e) for e in errors]
        rows.append(row)
    if not rows and not result.errors:
        result.errors.append(RowError(0, _("Tệp không có dòng nhiệm vụ nào.")))
    _low, high = integer_range(Task, "order")
    if rows and _order(len(rows)) > high:
        result.errors.append(RowError(0, _("Kế hoạch có %(n)s nhiệm vụ, quá số thứ tự lưu được.") % {"n": len(rows)}))
    if result.errors:
        return result
    step(_("So với kế hoạch hiện có") if dry_run else _("Lưu các nhiệm vụ"), 70)
    if dry_run:
        _apply(rows, plan, result, write=False)
        return result
    with transaction.atomic():
        _apply(rows, plan, result, write=True)
    return result


def _order(position: int) -> int:
    """A new task's order: its place in the file, spaced by ten so that one can be slotted in by hand."""
    return position * 10


def _check_row(row: _Row, groups, people: People, seen: dict[str, int], default_due) -> list[str]:
    errors = []
    v = row.values
    code = _text(v["code"])
    if not code:
        errors.append(_("thiếu mã nhiệm vụ"))
    elif _norm(code) in seen:
        errors.append(_("mã “%(code)s” trùng với dòng %(other)s") % {"code": code, "other": seen[_norm(code)]})
    else:
        seen[_norm(code)] = row.number
    group_code = _text(v["group"])
    row.group = groups.get(_norm(group_code))
    if row.group is None:
        errors.append(_("lĩnh vực “%(code)s” không có trong danh mục") % {"code": group_code})
    if not _text(v["content"]):
        errors.append(_("thiếu nội dung nhiệm vụ"))
    lead_text, account = _text(v["lead"]), _text(v.get("lead_account"))
    leads = people.find(lead_text) if lead_text else []
    accounts = people.find(account) if account else []
    if not lead_text:
        errors.append(_("thiếu người chủ trì"))
    elif account and not accounts:
        errors.append(_("không tìm thấy tài khoản chủ trì “%(name)s”") % {"name": account})
    elif account and len(accounts) > 1:
        errors.append(_("“%(name)s” ứng với nhiều người; hãy ghi tên đăng nhập") % {"name": account})
    elif account and len(leads) == 1 and leads != accounts:
        errors.append(
            _("cột Chủ trì “%(lead)s” và cột Tài khoản chủ trì “%(account)s” chỉ hai người khác nhau")
            % {"lead": lead_text, "account": account}
        )
    elif account:
        row.lead = accounts[0]  # “Chủ trì” kept as written (“Tất cả CBCC”)
    elif not leads:
        errors.append(_("không tìm thấy người chủ trì “%(name)s”") % {"name": lead_text})
    elif len(leads) > 1:
        errors.append(_("“%(name)s” ứng với nhiều người; hãy ghi tên đăng nhập") % {"name": lead_text})
    else:
        row.lead = leads[0]
    for token in _text(v["coordination"]).replace(";", ",").split(","):
        found = people.find(token) if token.strip() else []
        if len(found) == 1 and found[0] not in row.co_owners and found[0] != row.lead:
            row.co_owners.append(found[0])
    raw_due = v["due_date"]
    if raw_due in (None, ""):
        row.due_date = default_due
        if default_due is None:
            errors.append(_("thiếu hạn nộp tự đánh giá"))
    else:
        row.due_date = _parse_date(raw_due)
        if row.due_date is None:
            errors.append(_("hạn nộp “%(value)s” không phải ngày hợp lệ (dd/mm/yyyy)") % {"value": _text(raw_due)})
    return errors


def _apply(rows: list[_Row], plan: Plan, result: ImportResult, *, write: bool) -> None:
    """Sort the rows into new, changed and unchanged tasks; with `write`, save them in bulk."""
    existing = {_norm(t.code): t for t in Task.objects.filter(plan=plan).prefetch_related("co_owners")}
    new: list[tuple[Task, list[User]]] = []
    changed_tasks: list[Task] = []
    changed_fields: set[str] = set()
    people_changed: dict[Task, list[User]] = {}
    for position, row in enumerate(rows, start=1):
        v = row.values
        fields = {
            "group": row.group,
            "content": _text(v["content"]),
            "target": _text(v["target"]),
            "lead": row.lead,
            "lead_text": _text(v["lead"]),
            "coordination_text": _text(v["coordination"]),
            "deadline_text": _text(v["deadline_text"]),
            "due_date": row.due_date,
            "expected_evidence": _text(v["expected_evidence"]),
        }
        task = existing.get(_norm(_text(v["code"])))
        if task is None:
            new.append((Task(plan=plan, code=_text(v["code"]), order=_order(position), **fields), row.co_owners))
            result.created.append(_text(v["code"]))
            continue
        changed = [name for name, value in fields.items() if getattr(task, name) != value]
        same_people = {u.pk for u in task.co_owners.all()} == {u.pk for u in row.co_owners}
        if not changed and same_people:
            result.unchanged.append(task.code)
            continue
        for name in changed:
            setattr(task, name, fields[name])
        if changed:
            changed_tasks.append(task)
            changed_fields.update(changed)
        if not same_people:
            people_changed[task] = row.co_owners
        result.updated.append(task.code)
    if not write:
        return
    through = Task.co_owners.through
    created = Task.objects.bulk_create([task for task, _people in new], batch_size=500)
    Assessment.objects.bulk_create([Assessment(task=task) for task in created], batch_size=500)
    if changed_tasks:
        Task.objects.bulk_update(changed_tasks, sorted(changed_fields), batch_size=500)
    through.objects.filter(task__in=[task.pk for task in people_changed]).delete()
    links = [
        through(task_id=task.pk, user_id=user.pk)
        for task, users in [*zip(created, [people for _task, people in new], strict=True), *people_changed.items()]
        for user in users
    ]
    through.objects.bulk_create(links, batch_size=500)


def describe(result: ImportResult) -> str:
    if not result.ok:
        return _("Không nhập gì: có %(n)s lỗi.") % {"n": len(result.errors)}
    verb = _("Kiểm tra thử (chưa lưu)") if result.dry_run else _("Đã nhập")
    return _("%(verb)s: %(new)s nhiệm vụ mới, %(upd)s nhiệm vụ cập nhật, %(same)s nhiệm vụ không đổi.") % {
        "verb": verb,
        "new": len(result.created),
        "upd": len(result.updated),
        "same": len(result.unchanged),
    }

"""The province administrator sets communes up: creates them (one by one or from an Excel list), gives each its
first office account, and loads the plan template into a commune that has no plan yet.

What a new commune gets here is only what is generic: its row, its profile (the names its documents are headed
with, filled from the commune and the province) and its merger history. Positions, people, legal bases, the
signer and the indicator catalogue are the commune's own: its office enters them (the first-run guide, /setup/).
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import secrets
import unicodedata
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from io import BytesIO
from typing import IO, Any

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.validators import UnicodeUsernameValidator
from django.core.exceptions import ValidationError
from django.core.validators import validate_email
from django.db import IntegrityError, transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone
from django.utils.translation import gettext as _
from openpyxl import Workbook

from kimphuong.excel import Sheet, WorkbookRefused, read_workbook, sheets_to_xlsx, text_cells
from kimphuong.models import (
    OFFICE_GROUP,
    UNIT_WORDS,
    BodyLevel,
    Commune,
    CommuneKind,
    CommuneProfile,
    Predecessor,
    Province,
    SuperiorBody,
    User,
)
from kimphuong.roles import commune_admin_group
from kimphuong.scoping import commune_scope
from kimphuong.text import clean_input
from reform.models import Plan, Review, Task
from reform.plan_excel import HEADERS as PLAN_HEADERS
from reform.plan_excel import LEAD_ACCOUNT, People, RowError, export_template, has_lead_account, import_plan
from reform.plan_excel import SHEET as PLAN_SHEET
from reform.plan_excel import ImportResult as PlanImportResult

logger = logging.getLogger(__name__)

#: How each kind is written in the commune's documents (Vietnamese whatever the language of the page).
CODE_PATTERN = re.compile(r"\d{5}")
NAME_MAX = Commune._meta.get_field("name").max_length or 100
BASIS_MAX = Commune._meta.get_field("formation_basis").max_length or 300

#: The columns of the Excel list of communes (the first three are required).
COLUMN_NAME, COLUMN_CODE, COLUMN_KIND = "Tên", "Mã", "Loại"
COLUMN_FORMED_ON, COLUMN_PREDECESSORS = "Ngày thành lập", "Đơn vị đã nhập"
HEADERS = [COLUMN_NAME, COLUMN_CODE, COLUMN_KIND, COLUMN_FORMED_ON, COLUMN_PREDECESSORS]
REQUIRED = [COLUMN_NAME, COLUMN_CODE, COLUMN_KIND]
TEMPLATE_SHEET = "Danh sách xã"
#: A province has at most a few hundred communes: a longer list is a wrong file.
MAX_ROWS = 1000


def province_of_installation() -> Province | None:
    """The province the installation serves (one per installation)."""
    return Province.objects.order_by("pk").first()


# ---- one commune -----------------------------------------------------------------------------------------------


def _norm(text: Any) -> str:
    return unicodedata.normalize("NFC", str(text or "")).strip()


def kind_from_label(label: str) -> str | None:
    """“xã”, “Phường”, “đặc khu” (or the stored values xa, phuong, dac_khu) → the stored value."""
    wanted = _norm(label).casefold()
    for value, written in UNIT_WORDS.items():
        if wanted in (written, str(value)):
            return str(value)
    return None


def _predecessor(text: str) -> Predecessor:
    """“xã Kim Sơn” → a predecessor of kind xã named Kim Sơn; a bare name is taken as a xã."""
    name, kind = _norm(text), CommuneKind.COMMUNE
    for value, written in sorted(UNIT_WORDS.items(), key=lambda item: -len(item[1])):
        if name.casefold().startswith(written + " "):
            name, kind = name[len(written) :].strip(), value
            break
    return Predecessor(name=name, kind=kind)


def split_predecessors(text: str) -> list[str]:
    return [part.strip() for part in _norm(text).replace(";", ",").split(",") if part.strip()]


def _problems(
    *, province: Province, name: str, code: str, kind: str, predecessors: Sequence[str], formation_basis: str
) -> dict[str, list[str]]:
    """What is wrong with a commune before it is created, field by field (Vietnamese messages)."""
    errors: dict[str, list[str]] = {}
    if not name:
        errors.setdefault("name", []).append(_("Nhập tên xã."))
    elif len(name) > NAME_MAX:
        errors.setdefault("name", []).append(_("Tên xã dài quá %(n)s ký tự.") % {"n": NAME_MAX})
    if not CODE_PATTERN.fullmatch(code):
        errors.setdefault("code", []).append(
            _("Mã “%(code)s” không đúng: mã đơn vị hành chính gồm đúng 5 chữ số (ví dụ 05536).") % {"code": code}
        )
    elif (other := Commune.objects.filter(code=code).first()) is not None:
        errors.setdefault("code", []).append(
            _("Mã %(code)s đã là mã của %(commune)s.") % {"code": code, "commune": other.unit_name}
        )
    if kind not in CommuneKind.values:
        errors.setdefault("kind", []).append(_("Loại đơn vị phải là xã, phường hoặc đặc khu."))
    elif name and Commune.objects.filter(province=province, name__iexact=name, kind=kind).exists():
        errors.setdefault("name", []).append(
            _("Tỉnh đã có %(kind)s %(name)s.") % {"kind": UNIT_WORDS[CommuneKind(kind)], "name": name}
        )
    too_long = [p for p in predecessors if len(_predecessor(p).name) > NAME_MAX]
    if too_long:
        errors.setdefault("predecessors", []).append(
            _("Tên đơn vị đã nhập dài quá %(n)s ký tự: %(names)s.") % {"n": NAME_MAX, "names": ", ".join(too_long)}
        )
    if len(formation_basis) > BASIS_MAX:
        errors.setdefault("formation_basis", []).append(_("Văn bản thành lập dài quá %(n)s ký tự.") % {"n": BASIS_MAX})
    return errors


def _create(
    *,
    province: Province,
    name: str,
    code: str,
    kind: str,
    formed_on: dt.date | None,
    formation_basis: str,
    predecessors: Sequence[str],
) -> Commune:
    commune = Commune.objects.create(
        province=province,
        name=name,
        code=code,
        kind=kind,
        formed_on=formed_on,
        formation_basis=formation_basis,
    )
    merged = [_predecessor(text) for text in predecessors]
    for row in merged:
        row.commune = commune
        row.merged_on = formed_on
        row.basis = formation_basis
    Predecessor.objects.bulk_create(merged)
    with commune_scope(commune):
        CommuneProfile.objects.create(
            unit_kind=UNIT_WORDS[CommuneKind(kind)],
            commune_name=name,
            province_name=province.name,
            place_name=name,
            signer_name="",
            merged_from=", ".join(f"{UNIT_WORDS[CommuneKind(p.kind)]} {p.name}" for p in merged)[:200],
            merged_on=formed_on if merged else None,
            merger_basis=formation_basis if merged else "",
        )
        # A new commune reports to the province's People's Committee through Sở Nội vụ, from the day it was
        # formed (the office can add or change its superior bodies in the admin).
        for order, (body, role) in enumerate(province.superior_bodies(), start=1):
            SuperiorBody.objects.create(
                name=body, level=BodyLevel.PROVINCE, role=role, valid_from=formed_on, order=order * 10
            )
    return commune


def create_commune(
    *,
    province: Province,
    name: str,
    code: str,
    kind: str,
    formed_on: dt.date | None = None,
    formation_basis: str = "",
    predecessors: Iterable[str] = (),
    by: User,
) -> Commune:
    """A new commune of `province`, with its profile and merger history, in one transaction.

    Raises ValidationError (a dict by field: name, code, kind, predecessors, formation_basis) when the name is
    missing, the code is not 5 digits or already used, or the province already has that commune."""
    name, code, formation_basis = clean_input(name), clean_input(code), clean_input(formation_basis)
    names = [clean_input(p) for p in predecessors if clean_input(p)]
    errors = _problems(
        province=province, name=name, code=code, kind=kind, predecessors=names, formation_basis=formation_basis
    )
    if errors:
        raise ValidationError(errors)
    try:
        with transaction.atomic():
            commune = _create(
                province=province,
                name=name,
                code=code,
                kind=kind,
                formed_on=formed_on,
                formation_basis=formation_basis,
                predecessors=names,
            )
    except IntegrityError:  # the same code saved a moment ago, between the check and the save
        raise ValidationError({"code": [_("Mã %(code)s vừa được dùng cho một xã khác.") % {"code": code}]}) from None
    logger.info("commune %s created by %s", commune.code, by.username)
    return commune


# ---- the Excel list --------------------------------------------------------------------------------------------


@dataclass
class ImportResult:
    created: list[Commune] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def communes_template() -> bytes:
    """The Excel list to fill in: the headers and one example row."""
    example = ["Tân Thịnh", "05999", "phường", dt.date(2025, 7, 1), "phường Tân Lập, xã Thịnh Đức"]
    return sheets_to_xlsx(
        [Sheet(TEMPLATE_SHEET, HEADERS, [example], widths=[30, 10, 12, 16, 50], date_columns=frozenset({3}))]
    )


def _code_cell(value: Any) -> str:
    # Excel turns a code typed as a number into one: 05536 arrives as 5536. A whole number is read back as
    # the 5-digit code it was; anything else is checked as the text it is.
    if isinstance(value, float) and value.is_integer():
        value = int(value)
    if isinstance(value, int) and not isinstance(value, bool) and 0 <= value <= 99999:
        return f"{value:05d}"
    return clean_input(_norm(value))


def _date_cell(value: Any) -> tuple[dt.date | None, bool]:
    """(the date, whether the cell was readable); an empty cell is (None, True)."""
    if value in (None, ""):
        return None, True
    if isinstance(value, dt.datetime):
        return value.date(), True
    if isinstance(value, dt.date):
        return value, True
    text = _norm(value)
    for fmt in ("%d/%m/%Y", "%d-%m-%Y", "%d.%m.%Y", "%Y-%m-%d"):
        try:
            return dt.datetime.strptime(text, fmt).date(), True  # noqa: DTZ007 - a calendar date, no time
        except ValueError:
            continue
    return None, False


@dataclass
class _Row:
    number: int
    name: str
    code: str
    kind: str
    formed_on: dt.date | None
    predecessors: list[str]


def import_communes(file: IO[bytes] | bytes, *, province: Province, by: User) -> ImportResult:
    """Create every commune of the list, or none: each row's problem is reported with its row number."""
    result = ImportResult()
    try:
        wb = read_workbook(file, unreadable=_("Không đọc được tệp: hãy chọn tệp Excel (.xlsx) theo mẫu."))
    except WorkbookRefused as exc:
        result.errors.append(RowError(0, str(exc)))
        return result
    sheet = wb[TEMPLATE_SHEET] if TEMPLATE_SHEET in wb.sheetnames else wb.worksheets[0]
    lines = list(sheet.iter_rows(values_only=True, max_row=MAX_ROWS + 2))
    wb.close()
    header = [_norm(v).casefold() for v in (lines[0] if lines else [])]
    columns = {title: header.index(title.casefold()) for title in HEADERS if title.casefold() in header}
    missing = [title for title in REQUIRED if title not in columns]
    if missing:
        result.errors.append(
            RowError(
                1,
                _("Dòng tiêu đề thiếu cột: %(missing)s. Cần các cột: %(cols)s.")
                % {"missing": ", ".join(missing), "cols": ", ".join(HEADERS)},
            )
        )
        return result
    if len(lines) > MAX_ROWS + 1:
        result.errors.append(RowError(0, _("Danh sách dài quá %(n)s dòng: không nhập.") % {"n": MAX_ROWS}))
        return result

    def cell(line: tuple[Any, ...], title: str) -> Any:
        index = columns.get(title)
        return line[index] if index is not None and index < len(line) else None

    rows: list[_Row] = []
    codes: dict[str, int] = {}
    names: dict[tuple[str, str], int] = {}
    for number, line in enumerate(lines[1:], start=2):
        if not any(_norm(v) for v in line):
            continue  # a blank line
        name = clean_input(_norm(cell(line, COLUMN_NAME)))
        code = _code_cell(cell(line, COLUMN_CODE))
        kind_text = _norm(cell(line, COLUMN_KIND))
        kind = kind_from_label(kind_text) or ""
        formed_on, readable = _date_cell(cell(line, COLUMN_FORMED_ON))
        predecessors = split_predecessors(clean_input(_norm(cell(line, COLUMN_PREDECESSORS))))
        problems = [
            message
            for messages in _problems(
                province=province, name=name, code=code, kind=kind, predecessors=predecessors, formation_basis=""
            ).values()
            for message in messages
        ]
        if not kind and kind_text:
            problems = [
                _("Loại “%(kind)s” không đúng: ghi xã, phường hoặc đặc khu.") % {"kind": kind_text}
                if m == _("Loại đơn vị phải là xã, phường hoặc đặc khu.")
                else m
                for m in problems
            ]
        if not readable:
            problems.append(
                _("Ngày thành lập “%(value)s” không phải ngày hợp lệ (dd/mm/yyyy).")
                % {"value": _norm(cell(line, COLUMN_FORMED_ON))}
            )
        if code in codes:
            problems.append(_("Mã %(code)s trùng với dòng %(other)s.") % {"code": code, "other": codes[code]})
        elif code:
            codes[code] = number
        key = (name.casefold(), kind)
        if name and kind and key in names:
            problems.append(_("Tên “%(name)s” trùng với dòng %(other)s.") % {"name": name, "other": names[key]})
        elif name and kind:
            names[key] = number
        result.errors += [RowError(number, message) for message in problems]
        rows.append(_Row(number, name, code, kind, formed_on, predecessors))
    if not rows and not result.errors:
        result.errors.append(RowError(0, _("Tệp không có dòng nào (sau dòng tiêu đề).")))
    if result.errors:
        return result
    try:
        with transaction.atomic():
            for row in rows:
                result.created.append(
                    _create(
                        province=province,
                        name=row.name,
                        code=row.code,
                        kind=row.kind,
                        formed_on=row.formed_on,
                        formation_basis="",
                        predecessors=row.predecessors,
                    )
                )
    except IntegrityError:  # a code saved a moment ago by someone else, between the check and the save
        result.created = []
        result.errors.append(RowError(0, _("Một mã trong danh sách vừa được dùng cho xã khác: hãy tải tệp lên lại.")))
        return result
    logger.info("%s communes imported by %s", len(result.created), by.username)
    return result


# ---- the first office account ----------------------------------------------------------------------------------

#: No 0/O, 1/l/I: the temporary password is read from a screen and typed by hand.
_PASSWORD_ALPHABET = "abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789"  # noqa: S105 - an alphabet, not a password


def temporary_password() -> str:
    """Three groups of four characters (about 70 bits): easy to copy by hand, then changed at first sign-in."""
    return "-".join("".join(secrets.choice(_PASSWORD_ALPHABET) for _i in range(4)) for _g in range(3))


def office_group() -> Group:
    """The office's group, with the right to accept and return self-assessments (as the demo sets it)."""
    group, _created = Group.objects.get_or_create(name=OFFICE_GROUP)
    review = Permission.objects.filter(codename="review_assessment", content_type__app_label="reform").first()
    if review is not None:
        group.permissions.add(review)
    return group


def office_accounts(commune: Commune) -> list[User]:
    """The commune's active office accounts (its superusers count: they administer the commune)."""
    return list(
        User._base_manager.filter(commune=commune, is_active=True)
        .filter(Q(groups__name=OFFICE_GROUP) | Q(is_superuser=True))
        .distinct()
        .order_by("date_joined", "pk")
    )


def username_problem(username: str) -> str | None:
    """Why a new account cannot take this user name, or None."""
    if not username:
        return _("Nhập tên đăng nhập.")
    if len(username) > 150:
        return _("Tên đăng nhập dài quá 150 ký tự.")
    try:
        UnicodeUsernameValidator()(username)
    except ValidationError:
        return _("Tên đăng nhập chỉ gồm chữ, số và các ký tự @ . + - _ (không có dấu cách).")
    # Names are unique in the whole installation (sign-in looks the name up before any commune is known); a
    # name differing only in capitals would be another account to the database but the same one to a person.
    if User._base_manager.filter(username__iexact=username).exists():
        return _("Tên đăng nhập “%(name)s” đã có người dùng.") % {"name": username}
    return None


def create_first_office_account(
    *, commune: Commune, username: str, full_name: str, email: str, by: User
) -> tuple[User, str]:
    """The commune's first office account and its temporary password (shown once, never stored in clear).

    The account administers its own commune: it is in the office group and the commune administrators'
    group (kimphuong.roles), staff but not a superuser, and its every request runs in its commune's scope, so
    that it can follow the first-run guide (/setup/) and add its commune's positions and users in the admin,
    and nothing that every commune shares. Raises ValidationError (by field) for a user name used
    anywhere in the installation, a bad user name or e-mail, a missing full name, or a commune that already
    has an office account."""
    username, full_name, email = clean_input(username), clean_input(full_name), clean_input(email)
    errors: dict[str, list[str]] = {}
    if problem := username_problem(username):
        errors["username"] = [problem]
    if not full_name:
        errors["full_name"] = [_("Nhập họ và tên.")]
    elif len(full_name) > 150:
        errors["full_name"] = [_("Họ và tên dài quá 150 ký tự.")]
    if email:
        try:
            validate_email(email)
        except ValidationError:
            errors["email"] = [_("Địa chỉ thư điện tử không đúng.")]
    if office_accounts(commune):
        errors.setdefault("__all__", []).append(
            _("%(commune)s đã có tài khoản văn phòng: người dùng mới do văn phòng xã tạo.")
            % {"commune": commune.unit_name}
        )
    if errors:
        raise ValidationError(errors)
    password = temporary_password()
    with transaction.atomic(), commune_scope(commune):
        user = User(
            commune=commune,
            username=username,
            full_name=full_name,
            email=email,
            is_staff=True,
            must_change_password=True,
        )
        user.set_password(password)
        try:
            with transaction.atomic():
                user.save()
        except IntegrityError:  # the same name taken a moment ago, between the check and the save
            raise ValidationError(
                {"username": [_("Tên đăng nhập “%(name)s” đã có người dùng.") % {"name": username}]}
            ) from None
        user.groups.add(office_group(), commune_admin_group())
    logger.info("office account %s of commune %s created by %s", username, commune.code, by.username)
    return user, password


# ---- the plan template -----------------------------------------------------------------------------------------


class PlanRefused(Exception):
    """The plan cannot be loaded into this commune (it has one, or no office account to lead its tasks)."""


@dataclass
class PlanLoadResult:
    """The plan import's own result, and what the province's loading added to it."""

    result: PlanImportResult
    review: Review | None = None
    review_created: bool = False
    #: Tasks whose lead (as the template writes it) has no account in the commune yet: code → the written lead.
    provisional: dict[str, str] = field(default_factory=dict)
    office: User | None = None


def plan_review_defaults(today: dt.date | None = None) -> dict[str, Any]:
    """The deadlines of a review the province creates, unless it gives its own."""
    today = today or timezone.localdate()
    return {
        "self_assessment_deadline": today + dt.timedelta(days=30),
        "report_deadline": today + dt.timedelta(days=60),
    }


def load_plan_template(
    *,
    commune: Commune,
    file: IO[bytes] | bytes,
    by: User,
    self_assessment_deadline: dt.date | None = None,
    report_deadline: dt.date | None = None,
) -> PlanLoadResult:
    """Import the plan's task list from the Excel plan template (reform.plan_excel) into `commune`.

    Only into a commune whose plan has no task yet (afterwards its office imports the list itself), and once
    it has an office account. A commune without a review in progress gets a plan and a review first, with
    the deadlines given (or a month and two months from today). A lead the template names (a position code
    such as TP-HT) that no account of the commune holds yet is kept as written on the task, and the task is
    led by the office account meanwhile: the office re-imports the list once its officials have accounts.
    All or nothing: with any row refused nothing is written, not even the plan and the review."""
    raw = file if isinstance(file, bytes) else _read(file)
    with commune_scope(commune):
        offices = office_accounts(commune)
        if not offices:
            raise PlanRefused(_("Tạo tài khoản văn phòng của xã trước: các nhiệm vụ tạm giao cho tài khoản này."))
        office = offices[0]
        # Reading the file and resolving its leads write nothing: done before the transaction.
        prepared, provisional_rows = _provisional_leads(raw, office)
        with transaction.atomic():
            # Two administrators loading at once: the second waits here, then finds the tasks of the first.
            Commune.objects.select_for_update().filter(pk=commune.pk).first()
            if Task.objects.exists():
                raise PlanRefused(
                    _(
                        "%(commune)s đã có danh sách nhiệm vụ: văn phòng xã tự nhập lại tại trang Nhập danh sách "
                        "nhiệm vụ."
                    )
                    % {"commune": commune.unit_name}
                )
            review = Review.current()
            created = review is None
            if review is None:
                defaults = plan_review_defaults()
                review = _new_review(
                    commune,
                    self_assessment_deadline or defaults["self_assessment_deadline"],
                    report_deadline or defaults["report_deadline"],
                )
            result = import_plan(prepared, plan=review.plan, default_due=review.self_assessment_deadline)
            if not result.ok:
                transaction.set_rollback(True)  # the plan and the review made above go too
                return PlanLoadResult(result=result)
            # (the import keeps each “Chủ trì” as written, beside the office account)
            provisional = {code: lead for code, lead in provisional_rows.items() if code in result.created}
    logger.info("plan template loaded into commune %s by %s", commune.code, by.username)
    return PlanLoadResult(result=result, review=review, review_created=created, provisional=provisional, office=office)


def plan_template(*, commune: Commune, source: Commune | None = None) -> bytes:
    """The plan template to fill in for `commune`: the task list of `source`'s current plan (a commune already
    set up, whose list serves as the model), or an empty list; its sheet of codes lists the areas and
    `commune`'s own positions."""
    if source is not None:
        with commune_scope(source):
            review = Review.current()
            if review is not None:
                return export_template(review.plan)
    with commune_scope(commune):
        return export_template(None)


def plan_sources() -> list[Commune]:
    """The communes whose plan has tasks: each can serve as the model of another's (call in all_communes())."""
    with_tasks = Task.objects.filter(commune=OuterRef("pk"))
    return list(Commune.objects.filter(Exists(with_tasks)).order_by("name", "code"))


def _read(file: IO[bytes]) -> bytes:
    file.seek(0)
    return file.read()


def _new_review(commune: Commune, self_assessment_deadline: dt.date, report_deadline: dt.date) -> Review:
    unit = commune.unit_name
    plan = Plan.objects.create(title=f"Kế hoạch cải cách hành chính nhà nước {unit} giai đoạn 2021 - 2025")
    return Review.objects.create(
        plan=plan,
        title=(
            f"Tổng kết Chương trình cải cách hành chính nhà nước {unit} giai đoạn 2021 - 2025; "
            "phong trào thi đua “Thực hiện cải cách hành chính” giai đoạn 2018 - 2025"
        ),
        self_assessment_deadline=self_assessment_deadline,
        report_deadline=max(report_deadline, self_assessment_deadline),
    )


def _provisional_leads(raw: bytes, office: User) -> tuple[bytes, dict[str, str]]:
    """The template with the office account in “Tài khoản chủ trì” for each lead that names nobody of the
    commune (or whose account there is not the commune's): the task keeps its “Chủ trì” as written and is led
    by the office meanwhile; and, for those rows, task code → the lead as written. A file that is not the
    template is passed on as it is, for the import to explain what is wrong with it."""
    try:
        wb = read_workbook(raw, unreadable="")
    except WorkbookRefused:
        return raw, {}
    if PLAN_SHEET not in wb.sheetnames:
        wb.close()
        return raw, {}
    lines = [list(line) for line in wb[PLAN_SHEET].iter_rows(values_only=True)]
    wb.close()
    header = [_norm(v) for v in (lines[0] if lines else [])]
    if header[: len(PLAN_HEADERS)] != PLAN_HEADERS:
        return raw, {}
    lead_at, code_at, account_at = header.index("Chủ trì"), header.index("Mã"), len(PLAN_HEADERS)
    if not has_lead_account(header):  # an older template: the column added
        for line in lines:
            line.insert(account_at, None)
        lines[0][account_at] = LEAD_ACCOUNT[1]
    people = People()
    provisional: dict[str, str] = {}
    out = Workbook()
    sheet = out.worksheets[0]
    sheet.title = PLAN_SHEET
    for number, values in enumerate(lines, start=1):
        values += [None] * (account_at + 1 - len(values))
        lead, account = _norm(values[lead_at]), _norm(values[account_at])
        if number > 1 and lead:
            if len(people.find(lead)) == 1:
                values[account_at] = None  # the lead names the commune's official: no account needed
            elif not account or len(people.find(account)) != 1:
                values[account_at] = office.username
                if code := _norm(values[code_at]):
                    provisional[code] = lead
        sheet.append(values)
    text_cells(out)  # a target such as "= 1 (2025)" stays text, as in the template
    buffer = BytesIO()
    out.save(buffer)
    return buffer.getvalue(), provisional

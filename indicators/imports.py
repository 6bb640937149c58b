"""Import of the indicator grid from the exported Excel layout: every cell checked, all or nothing."""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal, localcontext
from typing import IO

from django.db import transaction
from django.utils.translation import gettext as _
from openpyxl.utils import get_column_letter

from indicators.figures import Cell, check_grid
from indicators.models import Aggregation, Indicator, IndicatorValue, figure_text, figures_overwrite
from kimphuong.excel import WorkbookRefused, read_workbook
from kimphuong.models import User


@dataclass
class GridImport:
    changed: int = 0
    cells: int = 0
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def import_grid(source: IO[bytes] | bytes, *, by: User | None) -> GridImport:
    """Read the year columns of every sheet; ratios and totals are computed, so their columns are ignored."""
    result = GridImport()
    try:
        wb = read_workbook(source, unreadable=_("Không đọc được tệp: hãy dùng tệp Excel (.xlsx) tải từ trang Số liệu."))
    except WorkbookRefused as exc:
        result.errors.append(str(exc))
        return result
    indicators = {ind.code: ind for ind in Indicator.objects.all()}
    raw: dict[Cell, str] = {}
    where: dict[Cell, str] = {}
    for ws in wb.worksheets:
        rows = list(ws.iter_rows(values_only=True))
        header_index = next((i for i, r in enumerate(rows[:3]) if r and r[0] == "Mã"), None)
        if header_index is None:
            result.errors.append(
                _("Sheet “%(sheet)s”: không thấy dòng tiêu đề bắt đầu bằng “Mã”.") % {"sheet": ws.title}
            )
            continue
        header = rows[header_index]
        years = {i: int(v) for i, v in enumerate(header) if isinstance(v, str | int) and str(v).isdigit()}
        for offset, line in enumerate(rows[header_index + 1 :], start=header_index + 2):
            if not line or not line[0]:
                continue
            code = str(line[0]).strip()
            ind = indicators.get(code)
            if ind is None:
                result.errors.append(
                    _("Sheet “%(sheet)s”, dòng %(row)s: không có chỉ tiêu mã “%(code)s”.")
                    % {"sheet": ws.title, "row": offset, "code": code}
                )
                continue
            if ind.aggregation == Aggregation.RATIO:
                continue
            for col, year in years.items():
                if not ind.first_year <= year <= ind.last_year:
                    continue
                value = line[col] if col < len(line) else None
                cell = (ind.pk, year)
                raw[cell] = (
                    "" if value is None else str(value).replace(".", ",") if isinstance(value, float) else str(value)
                )
                where[cell] = f"{ws.title}!{get_column_letter(col + 1)}{offset}"
    if result.errors:
        return result
    wb.close()
    checked = check_grid(list(indicators.values()), sorted({y for _p, y in raw}), raw)
    by_pk = {ind.pk: ind for ind in indicators.values()}
    for cell, message in _limit_errors(checked.values).items():
        checked.errors.setdefault(cell, message)
    for cell, message in _fed_errors(checked.values, by_pk).items():
        checked.errors.setdefault(cell, message)
    for cell, message in sorted(checked.errors.items(), key=lambda item: where.get(item[0], "")):
        result.errors.append(
            _("Ô %(where)s (%(code)s, năm %(year)s): %(message)s")
            % {"where": where.get(cell, "?"), "code": by_pk[cell[0]].code, "year": cell[1], "message": message}
        )
    result.errors += checked.general
    if result.errors:
        return result
    with transaction.atomic():
        result.changed = figures_overwrite(values=checked.values, by=by)
    result.cells = len(checked.values)
    return result


def _fed_errors(values: dict[Cell, Decimal | None], indicators: dict[int, Indicator]) -> dict[Cell, str]:
    """A fed indicator's cells (counted from a record, `Indicator.feed`) are taken out of the import: the same
    number as stored is a round trip of the exported file and is skipped; any other number is an error."""
    fed = {pk for pk, ind in indicators.items() if ind.is_fed}
    cells = [cell for cell in values if cell[0] in fed]
    if not cells:
        return {}
    stored = {
        (v.indicator_id, v.year): v.value for v in IndicatorValue.objects.filter(indicator_id__in={c[0] for c in cells})
    }
    errors = {}
    for cell in cells:
        value = values.pop(cell)
        if value != stored.get(cell):
            note = indicators[cell[0]].feed_note
            errors[cell] = _(
                "số liệu này %(note)s (đang là %(stored)s), không nhập từ tệp Excel: hãy để nguyên số đã tải về."
            ) % {"note": note[:1].lower() + note[1:], "stored": figure_text(stored.get(cell)) or _("trống")}
    return errors


def _limit_errors(values: dict[Cell, Decimal | None]) -> dict[Cell, str]:
    """Each figure against IndicatorValue.value as the database stores it (max_digits and decimal_places,
    read from the model): rounded to its decimal places as PostgreSQL rounds, a figure that no longer fits
    is an error here instead of a numeric overflow on save. The rounded value replaces the typed one."""
    column = IndicatorValue._meta.get_field("value")
    step = Decimal(1).scaleb(-column.decimal_places)
    whole_digits = column.max_digits - column.decimal_places
    errors: dict[Cell, str] = {}
    with localcontext(prec=column.max_digits + 40):
        for cell, value in values.items():
            if value is None:
                continue
            rounded = value.quantize(step, rounding=ROUND_HALF_UP)
            if abs(rounded) >= Decimal(10) ** whole_digits:
                errors[cell] = _(
                    "số quá lớn: phần nguyên tối đa %(digits)s chữ số (làm tròn %(places)s chữ số thập phân)."
                ) % {
                    "digits": whole_digits,
                    "places": column.decimal_places,
                }
            else:
                values[cell] = rounded
    return errors

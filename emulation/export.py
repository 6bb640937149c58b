"""The movement's record in Excel: the register, the year × form table, initiatives, proposals."""

from __future__ import annotations

from emulation import tables
from emulation.models import Commendation, Initiative
from kimphuong.excel import Sheet


def build(years: list[int]) -> list[Sheet]:
    register = (
        Commendation.objects.for_register().filter(year__in=years).order_by("year", "form__order", "recipient_name")
    )
    table = tables.commendation_table(years)
    kinds = [str(k.label) for k in tables.KINDS]
    initiatives = Initiative.objects.filter(year__in=years).select_related("area").order_by("year", "name")
    return [
        Sheet(
            name="Sổ khen thưởng",
            title=f"Khen thưởng trong phong trào thi đua “Thực hiện cải cách hành chính” {years[0]} - {years[-1]}",
            headers=["Năm", "Hình thức", "Tập thể / cá nhân", "Tên", "Chức vụ, đơn vị", "Quyết định", "Thành tích"],
            rows=[
                [
                    c.year,
                    c.form.name,
                    c.get_kind_display(),
                    c.recipient_name,
                    c.position_or_unit,
                    c.decision_citation,
                    c.achievement,
                ]
                for c in register
            ],
            widths=[8, 34, 12, 34, 30, 50, 60],
        ),
        Sheet(
            name="Tổng hợp khen thưởng",
            title="Số tập thể, cá nhân được khen thưởng theo năm và hình thức",
            headers=["Năm", *[f"{f.name} – {k}" for f in table.forms for k in kinds], "Cộng"],
            rows=[[year or "Cộng", *cells, total] for year, cells, total in table.rows()],
            widths=[10, *[14] * (2 * len(table.forms)), 10],
        ),
        Sheet(
            name="Sáng kiến, mô hình",
            title="Sáng kiến, mô hình, điển hình tiên tiến về cải cách hành chính",
            headers=["Năm", "Tên", "Loại", "Tác giả", "Lĩnh vực", "Hiệu quả", "Quyết định công nhận", "Nhân rộng"],
            rows=[
                [
                    i.year,
                    i.name,
                    i.get_kind_display(),
                    i.authors,
                    i.area.name,
                    i.effect,
                    i.decision_citation,
                    "Có" if i.replicated else "Không",
                ]
                for i in initiatives
            ],  # fmt: skip
            widths=[8, 44, 14, 30, 34, 50, 46, 10],
        ),
        Sheet(
            name="Đề nghị khen thưởng",
            title="Đề nghị khen thưởng tổng kết phong trào",
            headers=[
                "Tập thể / cá nhân",
                "Tên",
                "Chức vụ, đơn vị",
                "Hình thức đề nghị",
                "Tóm tắt thành tích",
                "Trạng thái",
                "Lưu ý",
            ],
            rows=[
                [
                    r.proposal.get_kind_display(),
                    r.proposal.recipient_name,
                    r.proposal.position_or_unit,
                    r.proposal.form.name,
                    r.proposal.achievement,
                    r.proposal.get_status_display(),
                    "Chưa có khen thưởng, sáng kiến trong giai đoạn" if r.warning else "",
                ]
                for r in tables.proposal_rows(years)
            ],  # fmt: skip
            widths=[12, 34, 30, 34, 60, 22, 30],
        ),
    ]

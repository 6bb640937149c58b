"""The movement's record in Excel: the register, the year × form table, initiatives, proposals.

Each table is read once as plain values (the register also gives the year × form counts and, with the
initiatives, who is on record for the proposals' warning)."""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from typing import Any

from emulation import tables
from emulation.models import (
    Commendation,
    Initiative,
    InitiativeKind,
    Proposal,
    ProposalStatus,
    RecipientKind,
    decision_citation,
)
from kimphuong.excel import Sheet

NO_RECORD = "Chưa có khen thưởng, sáng kiến trong giai đoạn"


def _labels(choices: Iterable[tuple[str, object]]) -> dict[str, str]:
    """A choice's label by value, translated once per export rather than once per row."""
    return {value: str(label) for value, label in choices}


def build(years: list[int]) -> list[Sheet]:
    kinds = _labels(RecipientKind.choices)
    register: list[Any] = list(
        Commendation.objects.filter(year__in=years)
        .order_by("year", "form__order", "recipient_name")
        .values_list(
            "year", "form_id", "form__name", "kind", "recipient_user_id", "recipient_name", "position_or_unit",
            "decision_number", "decision_symbol", "decision_date", "decision_issuer", "achievement", named=True,
        )
    )  # fmt: skip
    table = tables.commendation_table(years, counts=Counter((c.year, c.form_id, c.kind) for c in register))
    kind_headers = [str(k.label) for k in tables.KINDS]
    initiatives = list(
        Initiative.objects.filter(year__in=years)
        .order_by("year", "name")
        .values_list(
            "pk", "year", "name", "kind", "authors", "area__name", "effect",
            "decision_number", "decision_symbol", "decision_date", "decision_issuer", "replicated", named=True,
        )
    )  # fmt: skip
    initiative_kinds = _labels(InitiativeKind.choices)
    proposals = list(
        Proposal.objects.order_by("kind", "recipient_name").values_list(
            "kind", "recipient_user_id", "recipient_name", "position_or_unit", "form__name", "achievement", "status",
            named=True,
        )
    )  # fmt: skip
    record = tables.OnRecord.commended((c.recipient_user_id, c.recipient_name) for c in register)
    for i in initiatives:
        record.add_initiative(i.authors, [])
    if any(
        p.recipient_user_id and tables.proposal_warning(p.kind, record.has(p.recipient_user_id, p.recipient_name))
        for p in proposals
    ):  # only an initiative's author with an account can still put someone on record: read them then
        links = Initiative.author_users.through.objects.filter(initiative_id__in=[i.pk for i in initiatives])
        record.users |= set(links.values_list("user_id", flat=True))
    statuses = _labels(ProposalStatus.choices)
    return [
        Sheet(
            name="Sổ khen thưởng",
            title=f"Khen thưởng trong phong trào thi đua “Thực hiện cải cách hành chính” {years[0]} - {years[-1]}",
            headers=["Năm", "Hình thức", "Tập thể / cá nhân", "Tên", "Chức vụ, đơn vị", "Quyết định", "Thành tích"],
            rows=[
                [
                    c.year,
                    c.form__name,
                    kinds.get(c.kind, c.kind),
                    c.recipient_name,
                    c.position_or_unit,
                    decision_citation(c.decision_number, c.decision_symbol, c.decision_date, c.decision_issuer),
                    c.achievement,
                ]
                for c in register
            ],
            widths=[8, 34, 12, 34, 30, 50, 60],
        ),
        Sheet(
            name="Tổng hợp khen thưởng",
            title="Số tập thể, cá nhân được khen thưởng theo năm và hình thức",
            headers=["Năm", *[f"{f.name} – {k}" for f in table.forms for k in kind_headers], "Cộng"],
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
                    initiative_kinds.get(i.kind, i.kind),
                    i.authors,
                    i.area__name,
                    i.effect,
                    decision_citation(i.decision_number, i.decision_symbol, i.decision_date, i.decision_issuer),
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
                    kinds.get(p.kind, p.kind),
                    p.recipient_name,
                    p.position_or_unit,
                    p.form__name,
                    p.achievement,
                    statuses.get(p.status, p.status),
                    NO_RECORD
                    if tables.proposal_warning(p.kind, record.has(p.recipient_user_id, p.recipient_name))
                    else "",
                ]
                for p in proposals
            ],  # fmt: skip
            widths=[12, 34, 30, 34, 60, 22, 30],
        ),
    ]

"""Data in, document out: the Báo cáo tổng kết in the outline of DOMAIN §3.3 (no python-docx, no HTML)."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from emulation import tables as emulation_tables
from emulation.models import Initiative
from indicators.export import group_years, indicator_queryset
from indicators.figures import display_value, indicator_rows, target_text
from indicators.models import Aggregation
from kimphuong.formats import number_vi
from kimphuong.models import CommuneProfile, LegalBasis, TaskGroup
from reform.models import Evidence, Review, Status
from reports.citations import Citations
from reports.compile import letter
from reports.document import Appendix, Block, Heading, OfficialDocument, Paragraph, Table

_NUMBERED = re.compile(r"^(\d+|[IVX]+)\.\s+")
_POINT = re.compile(r"^([a-zđ]{1,2})\)\s+")

PARTS = [
    ("Phần I", "KẾT QUẢ THỰC HIỆN CHƯƠNG TRÌNH CẢI CÁCH HÀNH CHÍNH NHÀ NƯỚC GIAI ĐOẠN {period}"),
    ("Phần II", "KẾT QUẢ THỰC HIỆN PHONG TRÀO THI ĐUA “THỰC HIỆN CẢI CÁCH HÀNH CHÍNH” GIAI ĐOẠN {emulation}"),
    ("Phần III", "TỒN TẠI, HẠN CHẾ, NGUYÊN NHÂN VÀ BÀI HỌC KINH NGHIỆM"),
    ("Phần IV", "PHƯƠNG HƯỚNG, NHIỆM VỤ, GIẢI PHÁP TRỌNG TÂM GIAI ĐOẠN {next}"),
    ("Phần V", "ĐỀ XUẤT, KIẾN NGHỊ"),
]


_PLACEHOLDER = re.compile(r"^\(chưa có nội dung\)$|\[[^\]]*\]|\{[^}]*\}")
PLACEHOLDER_MARKS = ("(chưa có nội dung)", "[", "{")  # a text without any of these has no placeholder


def is_placeholder(line: str) -> bool:
    """“(chưa có nội dung)”, “[…]”, “{…}”: marks left for the office, never printed."""
    return bool(_PLACEHOLDER.search(line.strip()))


def _paragraphs(text: str) -> list[Paragraph]:
    lines = [" ".join(line.split()) for line in (text or "").splitlines()]
    return [Paragraph(line) for line in lines if line and not is_placeholder(line)]


def _title(title: str) -> str:
    return _POINT.sub("", _NUMBERED.sub("", title)).strip()


def sections_as_dicts(sections: Iterable[Any]) -> list[dict[str, str]]:
    return [{"key": s.key, "title": s.title, "text": s.text} for s in sections]


def _roman(n: int) -> str:
    return ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X"][n - 1]


@dataclass
class _Node:
    """A heading of the outline and what it holds; numbered only among the siblings that hold something."""

    title: str
    blocks: list[Block] = field(default_factory=list)
    children: list[_Node] = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not self.blocks and all(c.empty for c in self.children)


def _number(nodes: list[_Node], level: int) -> list[Block]:
    out: list[Block] = []
    for i, node in enumerate([n for n in nodes if not n.empty], start=1):
        if level == 1:  # mục
            out.append(Heading("section", f"{_roman(i)}. {node.title}"))
        elif level == 2:  # khoản
            out.append(Heading("clause", f"{i}. {node.title}"))
        else:  # điểm
            out.append(Heading("point", f"{letter(i - 1)}) {node.title}"))
        out += node.blocks
        out += _number(node.children, level + 1)
    return out


def compose(
    review: Review,
    sections: list[dict[str, str]],
    *,
    number: str = "",
    signed_on: dt.date | None = None,
    recipients: list[str] | None = None,
    distribution: list[str] | None = None,
) -> OfficialDocument:
    """The whole report: header, body in Phần I–V, signature, Nơi nhận, Phụ lục I–III.

    A section with nothing to print is left out and the numbering of its siblings closes up; every
    document mentioned in the body is cited in full at its first mention and short afterwards.
    """
    profile = CommuneProfile.load() or CommuneProfile(commune_name="", province_name="", signer_name="")
    by_key = {s["key"]: s for s in sections}
    period = f"{review.period_start} - {review.period_end}"
    emulation = f"{review.emulation_start} - {review.emulation_end}"
    following = f"{review.period_end + 1} - {review.period_end + 5}"
    names = {"period": period, "emulation": emulation, "next": following}
    day_of = signed_on or timezone.localdate()

    def body(key: str) -> list[Block]:
        return list(_paragraphs(by_key.get(key, {}).get("text", "")))

    def node(key: str, title: str | None = None) -> _Node:
        return _Node(title or _title(by_key.get(key, {}).get("title", key)), body(key))

    areas = [node(s["key"]) for s in sections if s["key"].startswith("area_")]
    targets = node("p1_targets", "ĐÁNH GIÁ KẾT QUẢ THỰC HIỆN CÁC MỤC TIÊU, CHỈ TIÊU")
    table = _targets_table(review)
    if table.rows:
        targets.blocks.append(table)
    part1 = _Node(
        PARTS[0][1].format(**names),
        children=[
            node("p1_overview", "KHÁI QUÁT TÌNH HÌNH"),
            _Node("KẾT QUẢ ĐẠT ĐƯỢC", children=areas),
            targets,
            node("p1_general", "ĐÁNH GIÁ CHUNG"),
        ],
    )
    # Parts II–V have khoản directly under the Phần: an empty mục level keeps the numbering right.
    part2 = _Node(
        PARTS[1][1].format(**names),
        children=[
            _Node("", children=[node(k) for k in ("p2_organisation", "p2_results", "p2_commendations",
                                                 "p2_initiatives", "p2_proposals")])
        ],
    )  # fmt: skip
    causes = _Node("Nguyên nhân", children=[node("p3_objective"), node("p3_subjective")])
    part3 = _Node(PARTS[2][1], children=[_Node("", children=[node("p3_shortcomings"), causes, node("p3_lessons")])])
    part4 = _Node(PARTS[3][1].format(**names), blocks=body("p4_directions"))
    levels = [s["key"] for s in sections if s["key"].startswith("p5_")]
    part5 = _Node(PARTS[4][1], children=[_Node("", children=[node(k) for k in levels])])

    blocks: list[Block] = [*body("opening"), *_outline([part1, part2, part3, part4, part5]), *body("closing")]
    cite = Citations(LegalBasis.objects.order_by("order", "pk"))
    blocks = [_cited(block, cite) for block in blocks]

    day = f"{signed_on.day:02d}" if signed_on else " " * 6
    month = (f"{signed_on.month:02d}" if signed_on.month <= 2 else str(signed_on.month)) if signed_on else " " * 6
    year = signed_on.year if signed_on else timezone.localdate().year
    symbol = f"BC-{profile.body_symbol}"
    number_line, place_date = number_and_date(profile, "BC", number=number, signed_on=signed_on)
    reference_number = f"{number}/{symbol}" if number else f"{'…' * 3}/{symbol}"
    reference_date = f"ngày {day} tháng {month} năm {year}" if signed_on else f"ngày {'…'} tháng {'…'} năm {year}"
    reference = f"(Kèm theo Báo cáo số {reference_number} {reference_date} của {profile.body_name})"

    addressees = recipients if recipients is not None else profile.addressees_on(day_of)
    copies = distribution if distribution is not None else profile.distribution_on(day_of)
    lines = ["- Như trên;", *[f"- {line.strip().lstrip('-').strip().rstrip(';.')};" for line in copies if line.strip()]]
    lines.append(f"- {profile.archive_line.rstrip('.')}." if profile.archive_line else "- Lưu: VT.")
    return OfficialDocument(
        parent_body=profile.parent_body.upper(),
        body_lines=profile.header_lines,
        number_line=number_line,
        place_date=place_date,
        doc_type="BÁO CÁO",
        subject=review.title,
        recipients=addressees,
        blocks=blocks,
        signer_authority=profile.signer_authority,
        signer_deputy=profile.signer_deputy_line,
        signer_title=profile.signer_title,
        signer_name=profile.signer_name,
        distribution=lines,
        author=profile.body_name,
        created=timezone.now(),
        title=f"Báo cáo {review.title[:1].lower()}{review.title[1:]}",
        appendices=[
            _appendix_indicators(review, reference),
            _appendix_commendations(review, reference),
            _appendix_evidence(review, reference),
        ],
    )


def number_and_date(
    profile: CommuneProfile, type_code: str, *, number: str = "", signed_on: dt.date | None = None
) -> tuple[str, str]:
    """(“Số:        /GM-UBND”, “Kim Phượng, ngày      tháng      năm 2026”): a draft leaves the number and the
    day blank, to be written after signing (NĐ 30, Điều 15); the symbol is the type's (Phụ lục III)."""
    day = f"{signed_on.day:02d}" if signed_on else " " * 6
    month = (f"{signed_on.month:02d}" if signed_on.month <= 2 else str(signed_on.month)) if signed_on else " " * 6
    year = signed_on.year if signed_on else timezone.localdate().year
    symbol = f"{type_code}-{profile.body_symbol}"
    number_line = f"Số: {number}/{symbol}" if number else f"Số: {' ' * 7}/{symbol}"
    return number_line, f"{profile.place_name}, ngày {day} tháng {month} năm {year}"


def _outline(parts: list[_Node]) -> list[Block]:
    """Phần I has mục (I., II.) over khoản; the other parts have khoản directly (their mục node is untitled)."""
    out: list[Block] = []
    for i, part in enumerate([p for p in parts if not p.empty], start=1):
        out += [Heading("part", f"Phần {_roman(i)}"), Heading("part_title", part.title), *part.blocks]
        if any(c.title for c in part.children):
            out += _number(part.children, 1)
        else:
            for child in part.children:
                out += child.blocks + _number(child.children, 2)
    return out


def _cited(block: Block, cite: Citations) -> Block:
    if isinstance(block, Paragraph):
        return Paragraph(cite(block.text), italic=block.italic)
    if isinstance(block, Table):
        return Table(
            headers=block.headers,
            rows=[[cite(c) if isinstance(c, str) else c for c in row] for row in block.rows],
            widths=block.widths,
            title=block.title,
            numeric_from=block.numeric_from,
        )
    return block


def _targets_table(review: Review) -> Table:
    rows = []
    results = [(row, r) for row in indicator_rows(list(indicator_queryset()), years=review.years) for r in row.results]
    for i, (row, r) in enumerate(results, start=1):
        when = str(r.target.year) if r.target.year else f"{review.period_start} - {review.period_end}"
        rows.append(
            [
                str(i),
                f"{row.indicator.name} ({when})",
                target_text(r.target, row.indicator),
                display_value(r.actual, row.indicator),
                r.label,
                r.target.source,
            ]
        )
    return Table(
        headers=["TT", "Chỉ tiêu", "Mục tiêu", "Kết quả thực hiện", "Đánh giá", "Nguồn mục tiêu"],
        rows=rows,
        widths=[0.6, 5.2, 1.6, 1.8, 1.4, 2.4],
    )


def _appendix_indicators(review: Review, reference: str) -> Appendix:
    appendix = Appendix(
        "I",
        f"BIỂU TỔNG HỢP SỐ LIỆU KẾT QUẢ CẢI CÁCH HÀNH CHÍNH GIAI ĐOẠN {review.period_start} - {review.period_end}",
        reference,
        landscape=True,
    )
    indicators = list(indicator_queryset())
    for group in TaskGroup.objects.all():
        members = [ind for ind in indicators if ind.group_id == group.pk]
        if not members:
            continue
        years = group_years(members)
        rows = []
        for row in indicator_rows(members, years=years):
            ind = row.indicator
            rows.append(
                [ind.code, ind.name, ind.unit or "", *[_cell(row.yearly.get(y), ind) for y in years],
                 "" if ind.aggregation == Aggregation.YEARLY else _cell(row.period, ind),
                 "; ".join(r.label for r in row.results)]
            )  # fmt: skip
        appendix.blocks.append(
            Table(
                title=f"{group.code}. {group.name}",
                headers=["Mã", "Chỉ tiêu", "ĐVT", *[str(y) for y in years], "Cả giai đoạn", "Đánh giá"],
                rows=rows,
                widths=[1.7, 4.6, 1.2, *[1.35] * len(years), 1.5, 1.6],
                numeric_from=3,
            )
        )
    return appendix


def _cell(value: Any, indicator: Any) -> str:
    return "" if value is None else display_value(value, indicator)


def _appendix_commendations(review: Review, reference: str) -> Appendix:
    years = review.emulation_years
    table = emulation_tables.commendation_table(years)
    appendix = Appendix(
        "II",
        f"KẾT QUẢ KHEN THƯỞNG PHONG TRÀO THI ĐUA “THỰC HIỆN CẢI CÁCH HÀNH CHÍNH” GIAI ĐOẠN {years[0]} - {years[-1]}",
        reference,
        landscape=True,
    )
    headers = ["Năm"]
    for form in table.forms:
        headers += [f"{form.name} – tập thể", f"{form.name} – cá nhân"]
    headers.append("Cộng")
    rows = [
        [str(year) if year else "Cộng", *[number_vi(n) for n in cells], number_vi(total)]
        for year, cells, total in table.rows()
    ]
    appendix.blocks.append(
        Table(title="1. Số lượt khen thưởng theo năm và hình thức", headers=headers, rows=rows,
              widths=[1.0, *[1.2] * (2 * len(table.forms)), 1.0], numeric_from=1)
    )  # fmt: skip
    initiatives = Initiative.objects.filter(year__in=years).select_related("area").order_by("year", "name")
    appendix.blocks.append(
        Table(
            title="2. Mô hình, sáng kiến, điển hình tiên tiến",
            headers=["TT", "Năm", "Tên", "Tác giả", "Lĩnh vực", "Quyết định công nhận"],
            rows=[
                [str(i), str(x.year), x.name, x.authors, x.area.name, x.decision_citation]
                for i, x in enumerate(initiatives, 1)
            ],
            widths=[0.6, 0.9, 4.5, 3.0, 3.0, 4.0],
        )
    )
    return appendix


def _appendix_evidence(review: Review, reference: str) -> Appendix:
    appendix = Appendix("III", "DANH MỤC VĂN BẢN CHỈ ĐẠO, ĐIỀU HÀNH VÀ TÀI LIỆU KIỂM CHỨNG", reference)
    evidence = (
        Evidence.objects.filter(assessment__task__plan=review.plan, assessment__status=Status.ACCEPTED)
        .select_related("assessment__task")
        .order_by("assessment__task__group__order", "assessment__task__order", "order", "pk")
    )
    rows = [[str(i), e.long_citation, e.assessment.task.code, e.location] for i, e in enumerate(evidence, start=1)]
    appendix.blocks.append(
        Table(headers=["TT", "Văn bản", "Nhiệm vụ", "Trang/mục"], rows=rows, widths=[0.6, 9.0, 1.4, 1.6])
    )
    return appendix

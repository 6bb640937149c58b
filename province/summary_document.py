"""Data in, document out: Sở Nội vụ's Báo cáo tổng hợp of the communes' reviews, printed by the report's engine.

A plain module (STYLE §7.6): `build` turns the summary into an `OfficialDocument` in the NĐ 30/2020 format
(letterhead of the Sở under the provincial People's Committee, “Số: /BC-SNV” left blank for the number given
after signing, Kính gửi, Phần I–IV with their tables, the signature and the Nơi nhận); `render_word` and
`render_pdf_file` print it through `reports.render_docx` / `reports.render_pdf` (`province.summary_xlsx` writes
the workbook). The text of the document is Vietnamese whatever the reader's language.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone, translation

from kimphuong.formats import date_cited, number_vi
from province.summary import CommuneSummary, ProvinceSummary, ReportState
from reform.models import Level
from reports import render_docx, render_pdf
from reports.document import Block, Heading, OfficialDocument, Paragraph, Table

SUBJECT = "Tổng hợp kết quả tổng kết cải cách hành chính cấp xã giai đoạn {period}"
FILE_STEM = "bao-cao-tong-hop-cchc-cap-xa"
CONTENT_TYPES = {
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "pdf": "application/pdf",
}
STATUS_HEADERS = ["TT", "Xã, phường", "Tình trạng báo cáo", "Ghi chú"]
RESULT_HEADERS = ["TT", "Xã, phường", "Nhiệm vụ hoàn thành", "Tỷ lệ", "Vượt", "Đạt", "Không đạt", "Chưa có số liệu"]


def number_and_date(summary: ProvinceSummary, *, signed_on: dt.date | None = None) -> tuple[str, str]:
    """(“Số:        /BC-SNV”, “Thái Nguyên, ngày      tháng      năm 2026”): a draft leaves the number and the
    day blank, to be written after signing (NĐ 30, Điều 15)."""
    province = summary.province
    day = f"{signed_on.day:02d}" if signed_on else " " * 6
    month = (f"{signed_on.month:02d}" if signed_on.month <= 2 else str(signed_on.month)) if signed_on else " " * 6
    year = signed_on.year if signed_on else summary.on.year
    symbol = f"BC-{province.body_symbol}"
    return f"Số: {' ' * 7}/{symbol}", f"{province.place_name}, ngày {day} tháng {month} năm {year}"


def _lines(text: str) -> list[str]:
    lines = (line.strip().lstrip("-").strip().rstrip(" ;.") for line in (text or "").splitlines())
    return [line for line in lines if line]


def recipients(summary: ProvinceSummary) -> list[str]:
    """“Kính gửi”: the province's typed list, else its People's Committee."""
    province = summary.province
    return _lines(province.recipients) or [f"Ủy ban nhân dân tỉnh {province.name}"]


def distribution(summary: ProvinceSummary) -> list[str]:
    """“Nơi nhận”: “Như trên”, the province's list (else the Director and the communes), “Lưu”."""
    copies = _lines(summary.province.distribution) or ["Giám đốc Sở (để b/c)", "Ủy ban nhân dân các xã, phường"]
    archive = summary.province.archive_line.strip().lstrip("-").strip().rstrip(".") or "Lưu: VT"
    return ["- Như trên;", *[f"- {line};" for line in copies], f"- {archive}."]


def status_table(summary: ProvinceSummary) -> Table:
    rows = [[str(i), _name(c), str(c.state_label), c.note] for i, c in enumerate(summary.communes, start=1)]
    return Table(headers=STATUS_HEADERS, rows=rows, widths=[0.6, 3.2, 2.4, 3.8])


def _name(row: CommuneSummary) -> str:
    return row.name[:1].upper() + row.name[1:]


def result_rows(summary: ProvinceSummary) -> list[list[str]]:
    """One row per commune with data, then the totals (“Cộng”)."""
    rows = []
    for i, c in enumerate(summary.with_data, start=1):
        rows.append([str(i), _name(c), f"{c.done}/{c.tasks}", c.completion, *_counts(c.outcomes)])
    total = summary.outcomes
    rows.append(["", "Cộng", f"{summary.done}/{summary.tasks}", summary.completion, *_counts(total)])
    return rows


def _counts(outcomes: dict) -> list[str]:
    return [number_vi(outcomes.get(key, 0)) for key in ("exceeded", "met", "missed", "no_data")]


def result_table(summary: ProvinceSummary) -> Table:
    return Table(
        headers=RESULT_HEADERS,
        rows=result_rows(summary),
        widths=[0.6, 2.8, 1.5, 1.1, 0.9, 0.9, 1.1, 1.2],
        numeric_from=2,
    )


def _communes_phrase(names: list[str]) -> str:
    if len(names) == 1:
        return names[0]
    return f"{', '.join(names[:-1])} và {names[-1]}"


#: How Phần I says where a report not yet sent stands.
PENDING_PHRASES = {
    ReportState.APPROVED: "đã duyệt báo cáo, chưa gửi Sở Nội vụ",
    ReportState.ISSUED: "đã phát hành báo cáo, chưa duyệt",
    ReportState.DRAFT: "đang dự thảo báo cáo",
    ReportState.NOT_COMPILED: "chưa tổng hợp báo cáo",
}


def _part_one(summary: ProvinceSummary) -> list[Block]:
    total = len(summary.communes)
    started = sum(1 for c in summary.communes if c.has_review)
    lead = (
        f"Sở Nội vụ theo dõi việc tổng kết Chương trình cải cách hành chính nhà nước giai đoạn {summary.period} của "
        f"{total} xã, phường trên địa bàn tỉnh, trong đó {started} xã, phường đã triển khai tổng kết. Đến ngày "
        f"{date_cited(summary.on)}, Sở Nội vụ đã nhận báo cáo tổng kết của {summary.received}/{total} xã, phường, "
        f"trong đó tiếp nhận {summary.accepted} báo cáo"
        + (f", trả lại {summary.returned} báo cáo để bổ sung, hoàn thiện" if summary.returned else "")
        + ". Tình hình cụ thể như sau:"
    )
    pending = []
    for state, phrase in PENDING_PHRASES.items():
        names = [c.name for c in summary.communes if c.state == state]
        if names:
            pending.append(f"{len(names)} đơn vị {phrase} ({', '.join(names)})")
    if pending:
        after = f"Còn {total - summary.received} xã, phường chưa gửi báo cáo, gồm: {'; '.join(pending)}."
    else:
        after = "Tất cả các xã, phường đã gửi báo cáo tổng kết về Sở Nội vụ."
    # A paragraph after the table keeps it apart from the next heading.
    return [Paragraph(lead), status_table(summary), Paragraph(after)]


def _part_two(summary: ProvinceSummary) -> list[Block]:
    with_data = summary.with_data
    if not with_data:
        return [Paragraph("Các xã, phường chưa có số liệu kết quả thực hiện để tổng hợp.")]
    total = summary.outcomes
    text = (
        f"Tổng hợp từ {len(with_data)} xã, phường có số liệu: các xã, phường triển khai {number_vi(summary.tasks)} "
        f"nhiệm vụ thuộc các lĩnh vực cải cách hành chính, đã hoàn thành {number_vi(summary.done)} nhiệm vụ"
        + (f" ({summary.completion})" if summary.completion else "")
    )
    if summary.targets:
        text += (
            f"; trong {number_vi(summary.targets)} mục tiêu, chỉ tiêu của giai đoạn, có {total['exceeded']} chỉ tiêu "
            f"vượt, {total['met']} chỉ tiêu đạt, {total['missed']} chỉ tiêu không đạt"
            + (f" và {total['no_data']} chỉ tiêu chưa có số liệu" if total["no_data"] else "")
        )
    blocks: list[Block] = [Paragraph(f"{text}. Kết quả của từng xã, phường như sau:"), result_table(summary)]
    shares = {c.code: c.done / c.tasks for c in with_data if c.tasks}
    overall = summary.done / summary.tasks if summary.tasks else 0
    below = sorted((c for c in with_data if shares.get(c.code, overall) < overall), key=lambda c: shares[c.code])
    if below:
        names = "; ".join(f"{c.name} ({c.completion})" for c in below)
        blocks.append(Paragraph(f"Các đơn vị có tỷ lệ hoàn thành nhiệm vụ thấp hơn tỷ lệ chung: {names}."))
    elif summary.tasks and summary.done == summary.tasks:
        blocks.append(Paragraph("Các xã, phường có số liệu đều hoàn thành toàn bộ nhiệm vụ được giao."))
    else:
        blocks.append(Paragraph("Tỷ lệ hoàn thành nhiệm vụ của các xã, phường tương đương nhau."))
    collective = sum(c.collective for c in with_data)
    individual = sum(c.individual for c in with_data)
    if collective or individual:
        blocks.append(
            Paragraph(
                f"Qua phong trào thi đua “Thực hiện cải cách hành chính”, các xã, phường đã khen thưởng "
                f"{number_vi(collective)} lượt tập thể và {number_vi(individual)} lượt cá nhân."
            )
        )
    return blocks


def _part_three(summary: ProvinceSummary) -> list[Block]:
    if not summary.themes:
        return [Paragraph("Các xã, phường không có kiến nghị, đề xuất đối với cấp tỉnh và Trung ương.")]
    blocks: list[Block] = []
    for index, theme in enumerate(summary.themes, start=1):
        blocks.append(Heading("clause", f"{index}. Về {theme.name[:1].lower()}{theme.name[1:]}"))
        # What the province can settle first, then what it passes on to the central level.
        for item in sorted(theme.items, key=lambda i: i.level == Level.CENTRAL):
            who = _communes_phrase(item.communes)
            if item.level == Level.CENTRAL:
                who += "; kiến nghị Trung ương"
            blocks.append(Paragraph(f"- {item.text.rstrip('.')} ({who})."))
    return blocks


def _part_four(summary: ProvinceSummary) -> list[Block]:
    province = summary.province
    lines = [
        "Đề nghị Ủy ban nhân dân tỉnh chỉ đạo các sở, ngành tiếp thu, giải quyết các kiến nghị của các xã, phường "
        "thuộc thẩm quyền; tổng hợp, báo cáo cơ quan Trung ương các kiến nghị vượt thẩm quyền của tỉnh.",
        "Đề nghị Ủy ban nhân dân các xã, phường chưa gửi hoặc được trả lại báo cáo khẩn trương hoàn thiện, gửi "
        "Sở Nội vụ để tổng hợp.",
        f"Trên đây là Báo cáo tổng hợp kết quả tổng kết cải cách hành chính cấp xã giai đoạn {summary.period}, "
        f"{province.issuing_body} kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./.",
    ]
    if all(c.state in (ReportState.SENT, ReportState.ACCEPTED) for c in summary.communes):
        del lines[1]  # every report is in: nothing to ask of the communes
    return [Paragraph(line) for line in lines]


def build(summary: ProvinceSummary, *, signed_on: dt.date | None = None) -> OfficialDocument:
    """The whole document: letterhead, I. situation, II. results, III. recommendations, IV. proposals."""
    province = summary.province
    with translation.override("vi"):  # the status labels are printed in the document's language
        parts = [
            ("TÌNH HÌNH TỔNG KẾT CỦA CÁC XÃ, PHƯỜNG", _part_one(summary)),
            ("KẾT QUẢ THỰC HIỆN", _part_two(summary)),
            ("KIẾN NGHỊ, ĐỀ XUẤT CỦA CÁC XÃ, PHƯỜNG", _part_three(summary)),
            ("ĐỀ XUẤT", _part_four(summary)),
        ]
    opening = Paragraph(
        f"Thực hiện nhiệm vụ theo dõi, tổng hợp kết quả tổng kết cải cách hành chính của các xã, phường trên địa "
        f"bàn tỉnh, {province.issuing_body} báo cáo kết quả như sau:"
    )
    blocks: list[Block] = [opening]
    for roman, (title, part) in zip(("I", "II", "III", "IV"), parts, strict=True):
        blocks.append(Heading("section", f"{roman}. {title}"))
        blocks += part
    number_line, place_date = number_and_date(summary, signed_on=signed_on)
    header = province.header_lines
    subject = SUBJECT.format(period=summary.period)
    return OfficialDocument(
        parent_body=header[0],
        body_lines=header[1:],
        number_line=number_line,
        place_date=place_date,
        doc_type="BÁO CÁO",
        subject=subject,
        recipients=recipients(summary),
        blocks=blocks,
        signer_authority=province.signer_authority,
        signer_deputy="",
        signer_title=province.signer_title,
        signer_name=province.signer_name,
        distribution=distribution(summary),
        author=province.body_name,
        created=timezone.now(),
        title=f"Báo cáo {subject[:1].lower()}{subject[1:]}",
    )


def render_word(summary: ProvinceSummary) -> bytes:
    return render_docx.render(build(summary))


def render_pdf_file(summary: ProvinceSummary) -> bytes:
    return render_pdf.render(build(summary))


def file_name(fmt: str) -> str:
    return f"{FILE_STEM}.{fmt}"

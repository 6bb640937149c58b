"""What the report says: true figures from one source, no workflow text, prose a văn thư keeps, today's
addressees (issue: the report a chairman can sign)."""

import datetime as dt
import re
from collections import Counter
from io import BytesIO

import pytest
from django.urls import reverse
from docx import Document

from indicators.export import indicator_queryset
from indicators.figures import display_value, indicator_rows
from kimphuong.models import BodyLevel, BodyRole, CommuneProfile, GroupKind, LegalBasis, SuperiorBody, User
from reform.forms.assessment import RecommendationRowForm
from reform.models import Completion, Level, Recommendation, Review, Status, Task
from reports.citations import Citations
from reports.compile import compile_report
from reports.compose import compose, sections_as_dicts
from reports.document import Table
from reports.models import Report, ReportSection
from reports.prose import merge_similar, normalise, point, split_items
from reports.services import build_file

pytestmark = pytest.mark.django_db

WORKFLOW = [
    "(chưa có nội dung)",
    "chưa có bản tự đánh giá",
    "được Văn phòng - thống kê duyệt",
    "Nguồn:",
    "Đã duyệt",
    "Đã nộp",
    "Yêu cầu bổ sung",
]


@pytest.fixture
def office():
    return User.objects.get(username="vanphong")


@pytest.fixture
def report(demo, office):
    report = Report.for_review(Review.current())
    compile_report(report, by=office)
    return report


def _texts(report, **kwargs) -> list[str]:
    return [p.text for p in Document(BytesIO(build_file(report, "docx", **kwargs))).paragraphs]


def _doc(report, **kwargs):
    return compose(report.review, sections_as_dicts(report.sections.all()), **kwargs)


def test_no_workflow_text_ids_or_placeholders_in_the_document(report):
    texts = _texts(report)
    body = "\n".join(texts)
    for phrase in WORKFLOW:
        assert phrase not in body, phrase
    assert not re.search(r"#\d+|\[[^\]]*\]", body)
    # The workspace lists the tasks without an accepted self-assessment, by code, with links.
    missing = Task.objects.exclude(assessment__status=Status.ACCEPTED).order_by("code").first()
    assert missing.code not in body.split("Phụ lục I")[0]


def test_workspace_lists_the_workflow_warnings_with_task_codes(report, client, office):
    client.force_login(office)
    html = client.get(reverse("reports:workspace")).content.decode()
    missing = Task.objects.exclude(assessment__status=Status.ACCEPTED).select_related("assessment").first()
    assert 'data-testid="warning-unaccepted"' in html
    assert f'href="{reverse("reform:assessment_detail", args=[missing.assessment.pk])}"' in html
    assert f">{missing.code}</a>" in html
    assert not re.search(r">#\d+<", html)  # sources by task code, never by id


def test_completion_counts_are_the_assessed_mức_độ_hoàn_thành_over_the_areas(report):
    area_tasks = Task.objects.filter(group__kind=GroupKind.REFORM_AREA).select_related("assessment")
    counts = Counter(t.assessment.completion for t in area_tasks if t.assessment.status == Status.ACCEPTED)
    done = counts[Completion.DONE] + counts[Completion.DONE_LATE]
    total = area_tasks.count()
    body = " ".join(_texts(report))
    assert f"hoàn thành {done}/{total} nhiệm vụ" in body
    if counts[Completion.DONE_LATE]:
        assert f"trong đó {counts[Completion.DONE_LATE]} nhiệm vụ hoàn thành nhưng chậm tiến độ" in body
    if counts[Completion.IN_PROGRESS]:
        assert f"{counts[Completion.IN_PROGRESS]} nhiệm vụ đang thực hiện" in body
    # The overview names the scope: 54 of the 62 tasks are in the 7 areas, and what the others are.
    all_tasks = Task.objects.count()
    assert f"giao {all_tasks} nhiệm vụ, trong đó {total} nhiệm vụ thuộc 7 lĩnh vực cải cách hành chính" in body
    assert "nhiệm vụ phong trào thi đua" in body and "nhiệm vụ tổng kết năm 2025" in body


def test_changing_a_mức_độ_changes_the_count(report, office):
    task = Task.objects.filter(group__kind=GroupKind.REFORM_AREA, assessment__status=Status.ACCEPTED).first()
    before = " ".join(_texts(report))
    task.assessment.completion = Completion.IN_PROGRESS
    task.assessment.save(update_fields=["completion"])
    compile_report(report, by=office)
    after = " ".join(_texts(report))
    done = int(re.search(r"hoàn thành (\d+)/54 nhiệm vụ", before).group(1))
    assert f"hoàn thành {done - 1}/54 nhiệm vụ" in after


def test_every_figure_in_the_body_equals_the_appendix(report):
    doc = _doc(report)
    body = " ".join(b.text for b in doc.blocks if not isinstance(b, Table))
    appendix = {row[0]: row for table in doc.appendices[0].blocks if isinstance(table, Table) for row in table.rows}
    review = report.review
    checked = 0
    for row in indicator_rows(list(indicator_queryset()), years=review.years):
        for result in row.results:
            if result.outcome == "no_data" or row.indicator.value_kind == "boolean":
                continue
            shown = display_value(result.actual, row.indicator)
            when = f"năm {result.target.year}" if result.target.year else "cả giai đoạn"
            phrase = f"{row.indicator.name[:1].lower()}{row.indicator.name[1:]} {when} "
            if phrase not in body:
                continue  # at most three headline figures per area
            assert f"{phrase}đạt {shown}" in body or f"{phrase}là {shown}" in body
            cells = appendix[row.indicator.code]
            years = [str(y) for y in range(review.period_start, review.period_end + 1)]
            expected = cells[3 + years.index(str(result.target.year))] if result.target.year else cells[3 + len(years)]
            assert expected == shown, row.indicator.code
            checked += 1
    assert checked >= 7
    # Commendations: the body's counts are Phụ lục II's totals.
    totals = doc.appendices[1].blocks[0].rows[-1]
    assert totals[0] == "Cộng"
    total = int(totals[-1].replace(".", ""))
    found = re.search(r"có (\d+) lượt tập thể và (\d+) lượt cá nhân", body)
    assert int(found.group(1)) + int(found.group(2)) == total


def test_kiem_tra_so_lieu_finds_a_planted_mismatch(report, client, office):
    task = Task.objects.get(code="TTHC-02")
    assessment = task.assessment
    assert assessment.status == Status.ACCEPTED
    assessment.result += " Riêng năm 2024, Bộ phận Một cửa tiếp nhận mới 9.999 hồ sơ TTHC."
    assessment.save(update_fields=["result"])
    client.force_login(office)
    html = client.get(reverse("reports:workspace")).content.decode()
    table = html.split('data-testid="warning-figures"')[1].split("</table>")[0]
    assert "9.999" in table and "TTHC-02" in table and "1.480" in table


def test_recipients_follow_the_report_date(report):
    today = _texts(report)
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên." in today
    nơi_nhận = _doc(report).distribution
    assert "- Sở Nội vụ tỉnh Thái Nguyên;" in nơi_nhận
    assert not any("huyện" in line for line in [*_doc(report).recipients, *nơi_nhận])
    before = _doc(report, signed_on=dt.date(2025, 6, 20))
    assert before.recipients == ["Ủy ban nhân dân huyện Định Hóa"]
    assert "- Phòng Nội vụ huyện Định Hóa;" in before.distribution


def test_office_edits_kinh_gui_and_noi_nhan_several_recipients_one_per_line(report, client, office):
    client.force_login(office)
    response = client.post(
        reverse("reports:addressees"),
        {"recipients": "Ủy ban nhân dân tỉnh Thái Nguyên\nSở Nội vụ tỉnh Thái Nguyên", "distribution": "TT Đảng ủy xã"},
    )
    assert response.status_code == 302
    report.refresh_from_db()
    texts = _texts(report)
    start = texts.index("Kính gửi:")
    assert texts[start + 1 : start + 3] == ["- Ủy ban nhân dân tỉnh Thái Nguyên;", "- Sở Nội vụ tỉnh Thái Nguyên."]
    client.post(reverse("reports:addressees"), {"use_default": "1"})
    report.refresh_from_db()
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên." in _texts(report)
    assert client.post(reverse("reports:addressees"), {"recipients": "x"}).status_code == 302
    client.force_login(User.objects.get(username="chutich"))
    assert client.post(reverse("reports:addressees"), {"recipients": "x"}).status_code == 403


def test_every_document_is_cited_in_full_at_its_first_mention_then_short(report):
    texts = []
    for block in _doc(report).blocks:  # in reading order, table cells included (the targets table)
        texts += [c for row in block.rows for c in row] if isinstance(block, Table) else [block.text]
    body = " ".join(texts)
    for number, symbol in (("76", "NQ-CP"), ("33/2023", "NĐ-CP"), ("96", "KH-UBND"), ("23", "CT-TTg")):
        doc = LegalBasis.objects.get(number=number, symbol=symbol)
        first = body.find(doc.short_citation)
        assert first >= 0, doc
        assert body.startswith(doc.long_citation, first), doc
        assert body.count(doc.long_citation) == 1, doc
    # The directives the commune carried out are cited in Công tác chỉ đạo, điều hành.
    area = ReportSection.objects.get(report=report, key="area_CĐ").text
    for ref in ("23/CT-TTg", "20-CT/TU", "13-CT/HU"):
        assert ref in area


def test_citations_unit():
    doc = LegalBasis(doc_type="nghi_dinh", number="30/2020", symbol="NĐ-CP", issued_on=dt.date(2020, 3, 5),
                     issuer="Chính phủ", summary="về công tác văn thư")  # fmt: skip
    doc.pk = 1
    cite = Citations([doc])
    assert cite("theo NĐ 30/2020/NĐ-CP.") == (
        "theo Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư."
    )
    again = "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư; NĐ 30/2020"
    assert cite(again) == "Nghị định số 30/2020/NĐ-CP; Nghị định số 30/2020/NĐ-CP"
    assert cite("Quyết định số 30/2020/QĐ-UBND") == "Quyết định số 30/2020/QĐ-UBND"  # another document


def test_prose_is_normalised_titles_not_repeated_near_duplicates_merged():
    assert normalise("giai đoạn 2021–2025 tiếp nhận 12345 hồ sơ , khai sinh – thường trú;") == (
        "Giai đoạn 2021 - 2025 tiếp nhận 12.345 hồ sơ, khai sinh - thường trú."
    )
    assert normalise("có 02 hồ sơ, đạt 99.8%") == "Có 02 hồ sơ, đạt 99,8%."
    title = "Xây dựng, trình ban hành Kế hoạch CCHC năm của UBND xã"
    result = "Giai đoạn 2021 - 2025, UBND xã ban hành đầy đủ 05 Kế hoạch CCHC năm."
    assert point(title, result) == result
    assert point("Tổ chức đối thoại với Nhân dân", "Mỗi năm tổ chức 02 cuộc.") == (
        "Tổ chức đối thoại với Nhân dân: mỗi năm tổ chức 02 cuộc."
    )
    merged = merge_similar(["Cán bộ kiêm nhiệm nhiều lĩnh vực", "công chức còn kiêm nhiệm nhiều lĩnh vực.", "Mạng yếu"])
    assert merged == ["Công chức còn kiêm nhiệm nhiều lĩnh vực.", "Mạng yếu."]
    assert split_items("Phối hợp Tư pháp - hộ tịch chưa tốt. - Giai đoạn 2026 - 2030 cần đổi mới") == [
        "Phối hợp Tư pháp - hộ tịch chưa tốt.",
        "Giai đoạn 2026 - 2030 cần đổi mới",
    ]


def test_phan_iii_groups_by_area_and_merges_duplicates(report, office):
    tasks = list(Task.objects.filter(assessment__status=Status.ACCEPTED, group__code="TTHC")[:2])
    for task in tasks:
        task.assessment.shortcomings = "Công chức Một cửa còn kiêm nhiệm nhiều lĩnh vực."
        task.assessment.save(update_fields=["shortcomings"])
    compile_report(report, by=office)
    text = ReportSection.objects.get(report=report, key="p3_shortcomings").text
    assert "Về cải cách TTHC và thực hiện cơ chế một cửa, một cửa liên thông:" in text
    assert text.count("kiêm nhiệm nhiều lĩnh vực") == 1


def test_district_recommendations_go_to_the_province_and_are_flagged(report, client, office):
    assessment = Task.objects.filter(assessment__status=Status.ACCEPTED).first().assessment
    Recommendation.objects.create(
        assessment=assessment, content="Đề nghị huyện hỗ trợ kinh phí số hóa.", level="district"
    )
    compile_report(report, by=office)
    province = ReportSection.objects.get(report=report, key="p5_province").text
    assert "Đề nghị huyện hỗ trợ kinh phí số hóa." in province
    assert not ReportSection.objects.filter(report=report, key="p5_district").exists()
    texts = _texts(report)
    part_v = texts[texts.index("ĐỀ XUẤT, KIẾN NGHỊ") :]
    titles = [t for t in part_v if re.match(r"\d\. Đối với", t)]
    assert [t.split(". ", 1)[0] for t in titles] == [str(i) for i in range(1, len(titles) + 1)]
    assert not any("huyện" in t for t in titles)
    client.force_login(office)
    html = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="warning-readdress"' in html and assessment.task.code in html


def test_kien_nghi_levels_follow_the_superior_bodies(demo):
    choices = dict(RecommendationRowForm().fields["level"].choices)
    assert Level.DISTRICT not in choices and {Level.CENTRAL, Level.PROVINCE, Level.COMMUNE} <= set(choices)
    SuperiorBody.objects.create(name="UBND huyện X", level=BodyLevel.DISTRICT, role=BodyRole.ADDRESSEE)
    assert Level.DISTRICT in dict(RecommendationRowForm().fields["level"].choices)


def test_khai_quat_states_the_commune_from_its_profile(report, office):
    profile = CommuneProfile.load()
    profile.population = 5123
    profile.save()
    compile_report(report, by=office)
    text = ReportSection.objects.get(report=report, key="p1_overview").text
    assert "dân số 5.123 người" in text and "16 xóm" in text and "xã Kim Sơn được nhập vào xã Kim Phượng" in text
    assert "9 cán bộ và 10 công chức" in text


def test_danh_gia_chung_closes_phan_i(report):
    texts = _texts(report)
    index = texts.index("IV. ĐÁNH GIÁ CHUNG")
    assert texts[index + 1].startswith("Nhìn chung, giai đoạn 2021 - 2025")
    assert "PAR INDEX" in texts[index + 1] and "mục tiêu, chỉ tiêu đạt và vượt" in texts[index + 1]
    assert texts[index + 2] == "Phần II"

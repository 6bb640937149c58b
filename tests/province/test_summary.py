"""The province's summary of the communes' reviews: its data, its Word, PDF and Excel files, and who may open it."""

import json
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from openpyxl import load_workbook
from pypdf import PdfReader

from indicators.models import IndicatorTarget, IndicatorValue
from kimphuong.models import PROVINCE_REVIEWER_GROUP, Commune, Province
from kimphuong.scoping import all_communes, commune_scope
from province import summary_document, summary_xlsx
from province.summary import build, current_province, from_snapshot, to_snapshot
from reform.models import Recommendation, Review
from reports.models import ProvinceStatus, Report, ReportVersion
from tests.conference.helpers import docx_tables, docx_texts
from tests.factories import (
    AssessmentFactory,
    IndicatorFactory,
    ReviewFactory,
    TaskFactory,
    TaskGroupFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

SHARED = "Đề nghị tỉnh bố trí kinh phí số hóa hồ sơ, kết quả giải quyết thủ tục hành chính"


def _accepted(task):
    return AssessmentFactory(
        task=task, status="accepted", completion="done", result="Đã làm.", submitted_at=timezone.now()
    )


def _review_with(group, *, done: int, pending: int, exceeded: int = 0, missed: int = 0, recommendation: str = ""):
    """In the commune in scope: a review whose plan has `done` tasks accepted as done and `pending` not yet,
    and indicator targets `exceeded` / `missed` in 2024."""
    review = ReviewFactory()
    assessments = []
    for _ in range(done):
        task = TaskFactory(plan=review.plan, group=group)
        assessments.append(_accepted(task))
    for _ in range(pending):
        AssessmentFactory(task=TaskFactory(plan=review.plan, group=group), status="drafting")
    for n, value in [*[(12, 12)] * exceeded, *[(3, 3)] * missed]:
        indicator = IndicatorFactory(group=group)
        IndicatorValue.objects.create(indicator=indicator, year=2024, value=n)
        IndicatorTarget.objects.create(indicator=indicator, year=2024, comparison="gte", value=10 if value > 10 else 5)
    if recommendation:
        Recommendation.objects.create(assessment=assessments[0], content=recommendation, level="province")
        Recommendation.objects.create(assessment=assessments[0], content="Xã tự rà soát quy trình.", level="commune")
    return review


@pytest.fixture
def two_communes(_commune_scope):
    """Kim Phượng (a compiled draft, 2/3 done, 1 target exceeded) and Tân Thịnh (report accepted by the
    province, 3/4 done, 1 missed), both raising the same kiến nghị to the province; Kim Sơn with no review."""
    kim_phuong = _commune_scope
    province = Province.objects.get()
    area = TaskGroupFactory(code="TC", name="Cải cách thủ tục hành chính", order=1)
    review = _review_with(area, done=2, pending=1, exceeded=1, recommendation=SHARED)
    Report.objects.create(review=review, compiled_at=timezone.now())
    other = Commune.objects.create(name="Tân Thịnh", kind="phuong", code="05999", province=province)
    with commune_scope(other):
        review = _review_with(area, done=3, pending=1, missed=1, recommendation=SHARED.replace("hồ sơ,", "hồ sơ và"))
        report = Report.objects.create(review=review)
        files = {f"{fmt}": f"reports/v1.{fmt}" for fmt in ("docx", "pdf", "xlsx")}
        sha = {f"{fmt}_sha256": "0" * 64 for fmt in ("docx", "pdf", "xlsx")}
        version = ReportVersion.objects.create(report=report, number=1, created_by=UserFactory(), **files, **sha)
        Report.objects.filter(pk=report.pk).update(province_status=ProvinceStatus.ACCEPTED, sent_version=version)
    Commune.objects.create(name="Kim Sơn", kind="xa", code="05998", province=province)
    return province, kim_phuong, other


def _summary(province):
    with all_communes():
        return build(province)


def test_each_commune_has_its_state_completion_and_targets(two_communes):
    province, _kp, _tt = two_communes
    summary = _summary(province)
    rows = {c.name: c for c in summary.communes}
    assert list(rows) == ["xã Kim Phượng", "xã Kim Sơn", "phường Tân Thịnh"]
    kp, ks, tt = rows["xã Kim Phượng"], rows["xã Kim Sơn"], rows["phường Tân Thịnh"]
    assert (kp.state, kp.done, kp.tasks, kp.completion, kp.exceeded, kp.missed) == ("draft", 2, 3, "66,7%", 1, 0)
    assert (tt.state, tt.done, tt.tasks, tt.completion, tt.exceeded, tt.missed) == ("accepted", 3, 4, "75,0%", 0, 1)
    assert [(a.name, a.done, a.total) for a in kp.areas] == [("Cải cách thủ tục hành chính", 2, 3)]
    assert (ks.state, ks.has_review, ks.has_data, ks.note) == ("not_compiled", False, False, "Chưa có đợt tổng kết")
    assert (summary.received, summary.accepted, summary.done, summary.tasks) == (1, 1, 5, 7)
    # The same kiến nghị from both communes is said once, with both names; one to the commune itself is not.
    [theme] = summary.themes
    assert theme.name == "Cải cách thủ tục hành chính"
    [item] = theme.items
    assert item.communes == ["xã Kim Phượng", "phường Tân Thịnh"]


PER_COMMUNE_QUERIES = 14  # measured once (review, its headline figures, report state, kiến nghị) and pinned


def test_the_queries_do_not_grow_with_a_commune_s_tasks(two_communes):
    province, _kp, _tt = two_communes
    with CaptureQueriesContext(connection) as before:
        _summary(province)
    review = Review.current()
    group = TaskGroupFactory(code="TC")
    for _ in range(10):
        _accepted(TaskFactory(plan=review.plan, group=group))
    with CaptureQueriesContext(connection) as after:
        _summary(province)
    assert len(after) == len(before)
    # One more commune with a review costs the same fixed number of queries.
    more = Commune.objects.create(name="Yên Ninh", kind="xa", code="05997", province=province)
    with commune_scope(more):
        _review_with(group, done=2, pending=1, exceeded=1, recommendation=SHARED)
    with CaptureQueriesContext(connection) as one_more:
        _summary(province)
    assert len(one_more) - len(after) == PER_COMMUNE_QUERIES


def test_the_word_file_is_an_nd30_bao_cao_with_one_row_per_commune(two_communes):
    province, _kp, _tt = two_communes
    data = summary_document.render_word(_summary(province))
    texts = docx_texts(data)
    for element in ("ỦY BAN NHÂN DÂN TỈNH THÁI NGUYÊN", "SỞ NỘI VỤ", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
                    "Độc lập - Tự do - Hạnh phúc", "BÁO CÁO",
                    "Tổng hợp kết quả tổng kết cải cách hành chính cấp xã giai đoạn 2021 - 2025",
                    "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên.", "KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC",
                    "Nguyễn Thị Thu Hà", "Nơi nhận:", "- Như trên;", "- Lưu: VT, CCHC."):  # fmt: skip
        assert element in texts, element
    number = next(t for t in texts if t.startswith("Số:"))
    assert number.endswith("/BC-SNV") and number.replace(" ", "") == "Số:/BC-SNV"  # numbered after signing
    assert any(t.startswith("Thái Nguyên, ngày ") for t in texts)
    body = "\n".join(texts)
    for heading in ("I. TÌNH HÌNH TỔNG KẾT", "II. KẾT QUẢ THỰC HIỆN", "III. KIẾN NGHỊ", "IV. ĐỀ XUẤT"):
        assert heading in body, heading
    assert "kính báo cáo Ủy ban nhân dân tỉnh xem xét, chỉ đạo./." in body
    assert f"- {SHARED} (xã Kim Phượng và phường Tân Thịnh)." in texts
    assert "Xã tự rà soát quy trình" not in body

    tables = docx_tables(data)
    states = next(t for t in tables if t[0][:3] == ["TT", "Xã, phường", "Tình trạng báo cáo"])
    assert [r[1:3] for r in states[1:]] == [
        ["Xã Kim Phượng", "Dự thảo"],
        ["Xã Kim Sơn", "Chưa tổng hợp"],
        ["Phường Tân Thịnh", "Tỉnh tiếp nhận"],
    ]
    results = next(t for t in tables if t[0][:3] == ["TT", "Xã, phường", "Nhiệm vụ hoàn thành"])
    assert results[1:] == [
        ["1", "Xã Kim Phượng", "2/3", "66,7%", "1", "0", "0", "0"],
        ["2", "Phường Tân Thịnh", "3/4", "75,0%", "0", "0", "1", "0"],
        ["", "Cộng", "5/7", "71,4%", "1", "0", "1", "0"],
    ]


def test_the_pdf_says_the_same(two_communes):
    province, _kp, _tt = two_communes
    data = summary_document.render_pdf_file(_summary(province))
    text = " ".join(" ".join((p.extract_text() or "").split()) for p in PdfReader(BytesIO(data)).pages)
    for element in ("SỞ NỘI VỤ", "BC-SNV", "Thái Nguyên, ngày", "BÁO CÁO", "Kính gửi", "PHÓ GIÁM ĐỐC",
                    "Nơi nhận", "Lưu: VT", "Phường Tân Thịnh", "71,4%"):  # fmt: skip
        assert element in text, element


def test_the_workbook_has_the_three_sheets(two_communes):
    province, _kp, _tt = two_communes
    wb = load_workbook(BytesIO(summary_xlsx.render(_summary(province))))
    assert wb.sheetnames == ["Trạng thái", "Kết quả", "Kiến nghị"]
    states = [row for row in wb["Trạng thái"].iter_rows(min_row=3, values_only=True)]
    assert [(r[2], r[3]) for r in states] == [
        ("xã Kim Phượng", "Dự thảo"),
        ("xã Kim Sơn", "Chưa tổng hợp"),
        ("phường Tân Thịnh", "Tỉnh tiếp nhận"),
    ]
    results = [row for row in wb["Kết quả"].iter_rows(min_row=3, values_only=True)]
    assert results[0][2:6] == ("xã Kim Phượng", 3, 2, 66.7)
    assert results[1][3] is None  # Kim Sơn: no review, no figures
    assert results[-1][2:5] == ("Cộng", 7, 5)
    [rec] = list(wb["Kiến nghị"].iter_rows(min_row=3, values_only=True))
    assert rec[1:] == ("Cải cách thủ tục hành chính", f"{SHARED}.", "Tỉnh", "xã Kim Phượng; phường Tân Thịnh", 2)


def _province_user():
    with all_communes():
        user = UserFactory(position=None)
    user.groups.add(Group.objects.get_or_create(name=PROVINCE_REVIEWER_GROUP)[0])
    return user


def test_a_province_reviewer_sees_the_summary_and_downloads_it(client, two_communes):
    client.force_login(_province_user())
    page = client.get(reverse("province:summary")).content.decode()
    assert 'data-testid="not-built"' in page and 'data-testid="download-docx"' not in page
    assert client.get(reverse("province:summary_download", args=["docx"])).status_code == 404
    response = client.post(reverse("province:summary_build"), follow=True)  # built in the background
    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-testid="built-at"' in page and 'data-testid="download-docx"' in page
    assert "Phường Tân Thịnh" in page or "phường Tân Thịnh" in page
    assert "66,7%" in page and "5/7" in page
    for fmt, kind in (("docx", "wordprocessingml"), ("pdf", "application/pdf"), ("xlsx", "spreadsheetml")):
        response = client.get(reverse("province:summary_download", args=[fmt]))
        assert response.status_code == 200
        assert kind in response["Content-Type"]
        assert response["Content-Disposition"] == f'attachment; filename="bao-cao-tong-hop-cchc-cap-xa.{fmt}"'
    # the page shows the summary as built, until it is built again
    client.get(reverse("province:summary"))
    with CaptureQueriesContext(connection) as queries:
        assert "66,7%" in client.get(reverse("province:summary")).content.decode()
    assert len(queries) <= 8  # whatever the number of communes: it does not read them
    assert client.get(reverse("province:summary_download", args=["odt"])).status_code == 404


def test_a_commune_user_may_not_open_the_summary(client, two_communes):
    client.force_login(UserFactory(office=True))
    assert client.get(reverse("province:summary")).status_code == 403
    assert client.get(reverse("province:summary_download", args=["docx"])).status_code == 403


def test_without_a_province_the_page_says_so(client, db):
    user = _province_user()
    with all_communes():
        Commune.objects.update(province=None)
        Province.objects.all().delete()
    client.force_login(user)
    response = client.get(reverse("province:summary"))
    assert response.status_code == 200
    assert 'data-testid="no-province"' in response.content.decode()
    assert 'data-testid="build-files"' not in response.content.decode()
    assert client.get(reverse("province:summary_download", args=["pdf"])).status_code == 404


def test_a_summary_kept_with_its_job_is_the_summary_built(two_communes):
    """to_snapshot/from_snapshot: the page shows exactly what was built (the documents' own input)."""
    with all_communes():
        province = current_province()
        built = build(province)
        again = from_snapshot(province, json.loads(json.dumps(to_snapshot(built))))
    assert again == built
    assert summary_document.render_word(again) == summary_document.render_word(built)


def test_the_summary_page_lines_are_escaped_and_carry_each_state(client, two_communes):
    """The status and results lines are written in one pass (a hundred communes): names escaped, the state's
    badge, the received report's number, the areas folded under each commune."""
    with all_communes():
        Commune.objects.filter(code="05998").update(name='Kim <b>"Sơn"</b>')
    client.force_login(_province_user())
    page = client.post(reverse("province:summary_build"), follow=True).content.decode()
    assert "Kim &lt;b&gt;&quot;Sơn&quot;&lt;/b&gt;" in page and "<b>" not in page
    assert '<tr data-commune="05999"><td>' in page and 'text-bg-success" data-testid="state">' in page
    assert "Chưa có đợt tổng kết" in page and "Theo lĩnh vực" in page
    assert "<li>Cải cách thủ tục hành chính: 3/4</li>" in page

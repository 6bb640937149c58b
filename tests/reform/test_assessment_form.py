import unicodedata
import uuid

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from indicators.models import IndicatorValue, ValueKind
from reform.models import AssessmentEvent, Evidence, Status
from tests.factories import AssessmentFactory, EvidenceFactory, IndicatorFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64


@pytest.fixture
def setup(db):
    ReviewFactory()
    lead = UserFactory(username="lead")
    assessment = AssessmentFactory(task__lead=lead)
    count = IndicatorFactory(code="TTHC.2a", name="Số hồ sơ tiếp nhận", unit="hồ sơ")
    rate = IndicatorFactory(code="TTHC.9", name="Tỷ lệ hài lòng", unit="%", value_kind=ValueKind.PERCENT)
    count.tasks.add(assessment.task)
    rate.tasks.add(assessment.task)
    return assessment, lead, count, rate


def _post_data(assessment, *, version=None, **overrides):
    ev1, ev2, rec = uuid.uuid4(), uuid.uuid4(), uuid.uuid4()
    data = {
        "expected_version": assessment.version if version is None else version,
        "completion": "done",
        "result": "Giai đoạn 2021 - 2025 tiếp nhận 6.842 hồ sơ, đúng hạn 99,8%.",
        "shortcomings": "Tỷ lệ nộp trực tuyến còn thấp.",
        "cause_objective": "Hạ tầng mạng ở các xóm vùng cao chưa ổn định.",
        "cause_subjective": "Tuyên truyền chưa thường xuyên.",
        "lessons": "Phải có cán bộ hướng dẫn tại chỗ.",
        "proposals": "Duy trì Tổ công nghệ số cộng đồng ở 100% xóm.",
        "no_evidence_reason": "",
        "ev_key": [str(ev1), str(ev2)],
        f"ev-{ev1}-doc_type": "bao_cao",
        f"ev-{ev1}-number": "15",
        f"ev-{ev1}-symbol": "BC-UBND",
        f"ev-{ev1}-issued_on": "05/02/2025",
        f"ev-{ev1}-issuer": "UBND xã Kim Phượng",
        f"ev-{ev1}-summary": "kết quả giải quyết TTHC năm 2024",
        f"ev-{ev1}-location": "Mục II",
        f"ev-{ev2}-doc_type": "ke_hoach",
        f"ev-{ev2}-number": "20",
        f"ev-{ev2}-symbol": "KH-UBND",
        f"ev-{ev2}-issued_on": "2023-01-10",
        f"ev-{ev2}-issuer": "UBND xã Kim Phượng",
        f"ev-{ev2}-summary": "Kế hoạch CCHC năm 2023",
        f"ev-{ev2}-location": "",
        "rec_key": [str(rec)],
        f"rec-{rec}-content": "Đề nghị tỉnh nâng cấp đường truyền.",
        f"rec-{rec}-level": "province",
    }
    data.update(overrides)
    return data, (ev1, ev2, rec)


def _figure(indicator, year):
    return f"ind-{indicator.pk}-{year}"


def test_lead_saves_a_full_draft_with_files_figures_and_rows(client, setup):
    assessment, lead, count, rate = setup
    client.force_login(lead)
    data, (ev1, _ev2, rec) = _post_data(assessment)
    data[_figure(count, 2021)] = "1.234"
    data[_figure(rate, 2025)] = "98,5"
    data[f"ev-{ev1}-file"] = SimpleUploadedFile("Báo cáo 15.pdf", PDF, content_type="application/pdf")

    response = client.post(assessment.get_absolute_url(), data)

    assert response.status_code == 302
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFTING
    assert assessment.version == 2
    assert assessment.result.startswith("Giai đoạn 2021 - 2025")
    rows = list(assessment.evidence.all())
    assert [r.number for r in rows] == ["15", "20"]
    assert rows[0].original_name == "Báo cáo 15.pdf"
    assert rows[0].issued_on.isoformat() == "2025-02-05"
    assert rows[0].file.name.startswith("evidence/") and "Báo cáo" not in rows[0].file.name
    assert assessment.recommendations.get().client_key == rec
    # Figures stay in the draft until it is handed in (tests/reform/test_integrity.py follows them further).
    assert not IndicatorValue.objects.exists()
    assert assessment.draft_figures == {
        f"{count.pk}-2021": {"value": "1234", "base": 0},
        f"{rate.pk}-2025": {"value": "98.5", "base": 0},
    }
    assert [e.to_status for e in assessment.events.all()] == [Status.DRAFTING]
    page = client.get(assessment.get_absolute_url()).content.decode()
    assert "Đã lưu lúc" in page and "Báo cáo 15.pdf" in page and "1234" in page


def test_text_is_stored_in_nfc(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    nfd = unicodedata.normalize("NFD", "Kết quả thực hiện ở xã Kim Phượng")
    data, _keys = _post_data(assessment, result=nfd)
    client.post(assessment.get_absolute_url(), data)
    assessment.refresh_from_db()
    assert assessment.result == unicodedata.normalize("NFC", nfd)
    assert unicodedata.is_normalized("NFC", assessment.evidence.first().issuer)


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("rate2025", "101", "tỷ lệ phải từ 0 đến 100%"),
        ("count2021", "-5", "không được âm"),
        ("count2021", "mười", "không phải là số"),
        ("ev1date", "31/02/2024", "Ngày không hợp lệ"),
        ("ev1summary", "", "Trích yếu của tài liệu kiểm chứng là bắt buộc"),
        ("figure2019", "5", "Năm 2019 nằm ngoài giai đoạn 2021 - 2025"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_keeps_everything_typed(client, setup, field, value, message):
    assessment, lead, count, rate = setup
    client.force_login(lead)
    data, (ev1, _ev2, _rec) = _post_data(assessment)
    key = {
        "rate2025": _figure(rate, 2025),
        "count2021": _figure(count, 2021),
        "ev1date": f"ev-{ev1}-issued_on",
        "ev1summary": f"ev-{ev1}-summary",
        "figure2019": _figure(count, 2019),
    }[field]
    data[key] = value
    data[_figure(count, 2022)] = "777"

    response = client.post(assessment.get_absolute_url(), data)

    assert response.status_code == 400
    html = response.content.decode()
    assert message in html
    # What else was typed is still on the page...
    assert "Tuyên truyền chưa thường xuyên." in html
    assert "Đề nghị tỉnh nâng cấp đường truyền." in html
    assert 'value="777"' in html
    assert 'value="KH-UBND"' in html
    # ...and nothing was written.
    assessment.refresh_from_db()
    assert assessment.version == 1 and assessment.result == ""
    assert not Evidence.objects.exists() and not IndicatorValue.objects.exists()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("virus.exe", EXE, "không được chấp nhận"),
        ("hoa-don.pdf", EXE, "không phải là tệp .pdf thật"),
        ("anh.png", PDF, "không phải là tệp .png thật"),
        ("bang.xlsx", b"PK\x03\x04" + b"\x00" * 40, "không phải là tệp .xlsx thật"),
        ("lon.pdf", PDF + b"0" * 3000, "vượt quá giới hạn"),
    ],
)
def test_bad_files_are_refused_with_the_reason(client, setup, settings, name, content, message):
    settings.EVIDENCE_MAX_BYTES = 2048
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, (ev1, _ev2, _rec) = _post_data(assessment)
    data[f"ev-{ev1}-file"] = SimpleUploadedFile(name, content)
    response = client.post(assessment.get_absolute_url(), data)
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Evidence.objects.exists()


def test_an_empty_submission_lists_every_missing_item_and_stays_a_draft(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data = {"expected_version": 1, "submit": "1"}
    response = client.post(assessment.get_absolute_url(), data, follow=True)
    html = response.content.decode()
    assert "chưa nộp được" in html
    assert "chọn Mức độ hoàn thành" in html
    assert "ghi Kết quả thực hiện" in html
    assert "Tài liệu kiểm chứng hoặc giải trình" in html
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFTING


def test_an_explanation_replaces_evidence_for_submission(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, _keys = _post_data(assessment, ev_key=[], no_evidence_reason="Nhiệm vụ không phát sinh văn bản.")
    data["submit"] = "1"
    client.post(assessment.get_absolute_url(), data)
    assessment.refresh_from_db()
    assert assessment.status == Status.SUBMITTED


def test_submission_makes_the_form_read_only_and_shows_the_timeline(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, _keys = _post_data(assessment)
    data["submit"] = "1"
    response = client.post(assessment.get_absolute_url(), data, follow=True)
    html = response.content.decode()
    assert "Đã nộp bản tự đánh giá" in html
    assert 'id="assessment-form"' not in html
    assert 'data-testid="readonly"' in html
    assert "Đang soạn → <strong>Đã nộp</strong>" in html
    # A later POST changes nothing.
    again, _keys = _post_data(assessment, version=3, result="Sửa sau khi nộp")
    client.post(assessment.get_absolute_url(), again)
    assessment.refresh_from_db()
    assert assessment.result != "Sửa sau khi nộp"


def test_double_click_on_submit_gives_one_submission_and_one_event(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, _keys = _post_data(assessment)
    data["submit"] = "1"
    first = client.post(assessment.get_absolute_url(), data)
    second = client.post(assessment.get_absolute_url(), data)
    assert first.status_code == second.status_code == 302
    assert AssessmentEvent.objects.filter(assessment=assessment, to_status=Status.SUBMITTED).count() == 1


def test_submitting_someone_elses_task_is_forbidden(client, setup):
    assessment, _lead, *_ = setup
    client.force_login(UserFactory(office=True))
    data, _keys = _post_data(assessment)
    data["submit"] = "1"
    assert client.post(assessment.get_absolute_url(), data).status_code == 403
    assessment.refresh_from_db()
    assert assessment.status == Status.NOT_STARTED


def test_a_stale_save_is_refused_with_both_texts_and_overwrites_nothing(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    first, _keys = _post_data(assessment, result="Bản lưu ở tab thứ nhất")
    client.post(assessment.get_absolute_url(), first)  # version 1 -> 2
    stale, _keys = _post_data(assessment, version=1, result="Bản gõ ở tab thứ hai")

    response = client.post(assessment.get_absolute_url(), stale)

    assert response.status_code == 409
    html = response.content.decode()
    assert "Bản lưu ở tab thứ nhất" in html and "Bản gõ ở tab thứ hai" in html
    assert "Không có gì bị ghi đè" in html
    assert 'name="expected_version" value="2"' in html  # saving again after comparing is allowed
    # Only the field that differs is highlighted.
    differing = [row for row in html.split("<tr") if "data-differs" in row]
    assert len(differing) == 1 and "Bản lưu ở tab thứ nhất" in differing[0]
    assessment.refresh_from_db()
    assert assessment.result == "Bản lưu ở tab thứ nhất"


def test_autosave_saves_text_and_rows_without_duplicating_them(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, _keys = _post_data(assessment)
    url = reverse("reform:assessment_autosave", args=[assessment.pk])
    response = client.post(url, data, HTTP_HX_REQUEST="true")
    html = response.content.decode()
    assert "Đã lưu lúc" in html
    assert 'hx-swap-oob="true"' in html and 'value="2"' in html
    data["expected_version"] = 2
    client.post(url, data, HTTP_HX_REQUEST="true")
    assessment.refresh_from_db()
    assert assessment.version == 3
    assert assessment.evidence.count() == 2
    assert assessment.recommendations.count() == 1


def test_autosave_refuses_a_stale_version(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, _keys = _post_data(assessment, version=7)
    response = client.post(reverse("reform:assessment_autosave", args=[assessment.pk]), data)
    assert "vừa được lưu ở nơi khác" in response.content.decode()
    assessment.refresh_from_db()
    assert assessment.version == 1


def test_removing_a_row_deletes_it(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, (ev1, ev2, _rec) = _post_data(assessment)
    client.post(assessment.get_absolute_url(), data)
    data.update(expected_version=2, ev_key=[str(ev2)], ev_removed=[str(ev1)])  # the page names removed rows
    client.post(assessment.get_absolute_url(), data)
    assert list(assessment.evidence.values_list("client_key", flat=True)) == [ev2]


def test_evidence_files_are_served_only_to_those_who_may_read(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, (ev1, _ev2, _rec) = _post_data(assessment)
    data[f"ev-{ev1}-file"] = SimpleUploadedFile("Báo cáo.pdf", PDF)
    client.post(assessment.get_absolute_url(), data)
    evidence = assessment.evidence.get(client_key=ev1)
    url = reverse("reform:evidence_download", args=[evidence.pk])

    response = client.get(url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF
    assert "B%C3%A1o%20c%C3%A1o.pdf" in response["Content-Disposition"]

    office = UserFactory(office=True)
    client.force_login(office)
    assert client.get(url).status_code == 403  # still a draft
    client.force_login(UserFactory())
    assert client.get(url).status_code == 403
    client.logout()
    assert client.get(url).status_code == 302


def test_co_owner_reads_the_task_and_comments_but_not_the_draft(client, setup):
    assessment, lead, *_ = setup
    co_owner = UserFactory()
    assessment.task.co_owners.add(co_owner)
    client.force_login(lead)
    data, _keys = _post_data(assessment, result="Nội dung nháp riêng tư")
    client.post(assessment.get_absolute_url(), data)

    client.force_login(co_owner)
    html = client.get(assessment.get_absolute_url()).content.decode()
    assert assessment.task.content in html
    assert "Nội dung nháp riêng tư" not in html
    assert 'id="assessment-form"' not in html
    response = client.post(
        reverse("reform:assessment_comment", args=[assessment.pk]), {"text": "Đã gửi số liệu năm 2024."}, follow=True
    )
    assert "Đã gửi số liệu năm 2024." in response.content.decode()
    assert client.post(assessment.get_absolute_url(), data).status_code == 403


PAGE_QUERIES = 15  # + the superior bodies in force (which Kiến nghị levels exist today), once per page


def test_assessment_page_query_count_is_constant_as_evidence_grows(client, setup, django_assert_num_queries):
    assessment, lead, *_ = setup
    client.force_login(lead)
    EvidenceFactory.create_batch(2, assessment=assessment)
    with django_assert_num_queries(PAGE_QUERIES):
        client.get(assessment.get_absolute_url())
    EvidenceFactory.create_batch(20, assessment=assessment)
    with django_assert_num_queries(PAGE_QUERIES):
        response = client.get(assessment.get_absolute_url())
    assert response.content.decode().count('data-row="evidence"') == 22 + 1  # + the row template


def test_control_characters_are_dropped_not_refused(client, setup):
    assessment, lead, *_ = setup
    client.force_login(lead)
    data, _keys = _post_data(assessment, result="Kết quả\x00 dán từ\x1b phần mềm khác")
    assert client.post(assessment.get_absolute_url(), data).status_code == 302
    assessment.refresh_from_db()
    assert assessment.result == "Kết quả dán từ phần mềm khác"

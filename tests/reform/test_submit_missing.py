"""A refused “Nộp” lists what is missing in one alert, each item a link to its field, each field marked invalid."""

import re

import pytest

from reform.models import Status
from tests.factories import AssessmentFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def setup(db):
    ReviewFactory()
    lead = UserFactory(username="lead")
    return AssessmentFactory(task__lead=lead), lead


def test_a_refused_submission_shows_one_alert_linking_each_missing_field(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    response = client.post(assessment.get_absolute_url(), {"expected_version": 1, "submit": "1", "lessons": "Có."})
    assert response.status_code == 302
    assert response["Location"] == f"{assessment.get_absolute_url()}?submit=incomplete"

    html = client.get(response["Location"]).content.decode()
    assert html.count('data-testid="missing"') == 1
    assert html.count("Đã lưu nháp nhưng chưa nộp được. Còn thiếu:") == 1
    links = re.findall(r'<a href="#([^"]+)" class="alert-link" data-focus-field="\1">([^<]+)</a>', html)
    assert links == [
        ("id_completion_0", "chọn Mức độ hoàn thành"),
        ("id_result", "ghi Kết quả thực hiện"),
        (
            "id_no_evidence_reason",
            "thêm ít nhất một Tài liệu kiểm chứng hoặc giải trình lý do không có tài liệu kiểm chứng",
        ),
    ]
    for target, _text in links:  # each field exists, marked invalid, its message beside it
        assert re.search(rf'<(?:input|textarea)[^>]*class="[^"]*is-invalid[^"]*"[^>]*id="{target}"', html), target
    assert "Cần ghi Kết quả thực hiện trước khi nộp." in html
    assert "Cần chọn Mức độ hoàn thành trước khi nộp." in html
    assert 'data-testid="evidence-missing"' in html
    assert "Có." in html  # the draft was saved, and the page shows it
    assessment.refresh_from_db()
    assert assessment.status == Status.DRAFTING and assessment.lessons == "Có."


def test_only_what_is_still_missing_is_listed(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    data = {"expected_version": 1, "submit": "1", "result": "Đã làm.", "no_evidence_reason": "Không phát sinh."}
    response = client.post(assessment.get_absolute_url(), data, follow=True)
    html = response.content.decode()
    assert "chọn Mức độ hoàn thành" in html
    assert "ghi Kết quả thực hiện" not in html
    assert 'data-testid="evidence-missing"' not in html
    assert not re.search(r'<textarea[^>]*class="[^"]*is-invalid[^"]*"[^>]*id="id_result"', html)


def test_without_a_refusal_the_page_shows_no_alert(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    html = client.get(assessment.get_absolute_url()).content.decode()
    assert 'data-testid="missing"' not in html and "is-invalid" not in html

"""A text longer than its field's limit is refused with the overage, on autosave and on “Lưu nháp”/“Nộp”, never
cut: the page keeps the whole text, and no field carries the maxlength that makes a browser cut a paste."""

import re
import unicodedata
import uuid

import pytest
from django.urls import reverse
from django.utils import translation

from reform.models import Evidence, Recommendation, Status
from tests.factories import AssessmentFactory, ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

MESSAGE = "Vượt quá %s ký tự (tối đa %s ký tự). Hãy rút gọn rồi lưu lại; nội dung bạn nhập vẫn được giữ nguyên."


@pytest.fixture
def setup(db):
    ReviewFactory()
    lead = UserFactory(username="lead")
    assessment = AssessmentFactory(task__lead=lead)
    return assessment, lead


def _data(assessment, **fields):
    data = {
        "expected_version": assessment.version,
        "completion": "done",
        "result": "Kết quả ngắn.",
        "no_evidence_reason": "Nhiệm vụ không phát sinh văn bản.",
    }
    data.update(fields)
    return data


def _autosave(client, assessment, data):
    return client.post(reverse("reform:assessment_autosave", args=[assessment.pk]), data, HTTP_HX_REQUEST="true")


def test_autosave_refuses_an_over_long_field_naming_it_and_the_overage(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    response = _autosave(client, assessment, _data(assessment, result="x" * 8005, lessons="Bài học."))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Kết quả thực hiện: " + MESSAGE % ("5", "8.000") in html
    assert 'data-state="refused"' in html and "text-danger" in html
    assert "hx-swap-oob" not in html  # no new version: nothing was saved
    assessment.refresh_from_db()
    assert assessment.version == 1 and assessment.result == "" and assessment.lessons == ""


@pytest.mark.parametrize("submit", [False, True], ids=["Lưu nháp", "Nộp"])
def test_save_and_submit_refuse_an_over_long_field_keeping_the_whole_text(client, setup, submit):
    assessment, lead = setup
    client.force_login(lead)
    long_text = "Rút kinh nghiệm. " * 240  # 4.080 characters, 4.079 once the final space is dropped
    data = _data(assessment, lessons=long_text, shortcomings="Còn chậm.")
    if submit:
        data["submit"] = "1"
    response = client.post(assessment.get_absolute_url(), data)
    html = response.content.decode()
    assert response.status_code == 400
    assert MESSAGE % ("79", "4.000") in html
    assert "Chưa lưu được: có ô chưa hợp lệ" in html
    assert long_text.strip() in html  # the whole text is on the page again, nothing cut
    assert "Còn chậm." in html
    assert 'data-unsaved="1"' in html  # the script keeps the copy and warns before leaving
    assessment.refresh_from_db()
    assert assessment.version == 1 and assessment.lessons == "" and assessment.status != Status.SUBMITTED


def test_exactly_the_limit_is_accepted_counting_characters_as_stored(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    nfd = unicodedata.normalize("NFD", "ệ") * 4000  # 8.000 code points as sent, 4.000 characters stored
    response = client.post(assessment.get_absolute_url(), _data(assessment, result="a" * 8000, lessons=nfd))
    assert response.status_code == 302
    assessment.refresh_from_db()
    assert len(assessment.result) == 8000 and len(assessment.lessons) == 4000


@pytest.mark.parametrize(
    ("field", "limit", "label"),
    [("summary", 1000, "Trích yếu"), ("number", 20, "Số"), ("issuer", 200, "Cơ quan ban hành")],
)
def test_evidence_fields_are_limited_the_same_way(client, setup, field, limit, label):
    assessment, lead = setup
    client.force_login(lead)
    key = str(uuid.uuid4())
    row = {"summary": "Báo cáo kết quả", "number": "12", "issuer": "UBND xã"}
    row[field] = "9" * (limit + 3)
    data = _data(assessment, ev_key=[key], **{f"ev-{key}-doc_type": "bao_cao"})
    data.update({f"ev-{key}-{name}": value for name, value in row.items()})
    refused = _autosave(client, assessment, data).content.decode()
    assert f"{label}: " + MESSAGE % ("3", f"{limit:,}".replace(",", ".")) in refused
    page = client.post(assessment.get_absolute_url(), data)
    assert page.status_code == 400
    assert "9" * (limit + 3) in page.content.decode()
    assert not Evidence.objects.exists()


def test_recommendation_content_is_limited_to_2000_characters(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    key = str(uuid.uuid4())
    data = _data(assessment, rec_key=[key], **{f"rec-{key}-content": "k" * 2001, f"rec-{key}-level": "province"})
    assert MESSAGE % ("1", "2.000") in _autosave(client, assessment, data).content.decode()
    assert client.post(assessment.get_absolute_url(), data).status_code == 400
    assert not Recommendation.objects.exists()


def test_no_field_of_the_form_carries_maxlength_the_limit_is_data(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    html = client.get(assessment.get_absolute_url()).content.decode()
    form = html[html.index('id="assessment-form"') : html.index('id="timeline-title"')]
    assert "maxlength" not in form  # the evidence and recommendation row templates included
    assert re.search(r'<textarea name="result"[^>]*data-counter="8000"', form)
    assert re.search(r'<textarea name="lessons"[^>]*data-counter="4000"', form)
    assert 'data-counter="1000"' in form and 'data-counter="2000"' in form  # the rows' templates
    assert 'data-limit="20"' in form  # Số of an evidence row


def test_the_refusal_speaks_english_with_english_numbers(client, setup):
    assessment, lead = setup
    client.force_login(lead)
    client.cookies["django_language"] = "en"
    with translation.override("vi"):  # the middleware activates English in this thread: restored after
        html = _autosave(client, assessment, _data(assessment, result="x" * 9001)).content.decode()
    assert (
        "Not autosaved — Results achieved: 1,001 characters too many (at most 8,000 characters). Shorten the "
        "text, then save again; what you typed is kept." in html
    )

"""Sở Nội vụ receives the communes' reports: the list (waiting first), a commune's sent version with its
files and history, accepting, returning with a reason, reopening. Commune users are refused everywhere."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from kimphuong.models import Commune
from kimphuong.scoping import commune_scope
from reports.models import ProvinceStatus, Report, SubmissionEvent
from tests.factories import ReviewFactory, UserFactory
from tests.reports.test_submission import issued_version, province_reviewer, sent_report

pytestmark = pytest.mark.django_db

CODE = "05536"  # Kim Phượng


@pytest.fixture
def reviewer(db):
    return province_reviewer()


@pytest.fixture
def report(db):
    return sent_report()


def _urls(code: str = CODE) -> list[tuple[str, str]]:
    return [
        ("get", reverse("province:receiving")),
        ("get", reverse("province:report_detail", args=[code])),
        ("get", reverse("province:report_download", args=[code, 1, "signed"])),
        ("post", reverse("province:report_accept", args=[code])),
        ("post", reverse("province:report_return", args=[code])),
        ("post", reverse("province:report_reopen", args=[code])),
    ]


@pytest.mark.parametrize("role", ["official", "office", "leadership"])
def test_commune_users_are_refused_every_province_page(client, report, role):
    user = UserFactory(office=role == "office", leadership=role == "leadership")
    client.force_login(user)
    for method, url in _urls():
        assert getattr(client, method)(url, {"return-reason": "x"}).status_code == 403, url
    assert Report.objects.get(pk=report.pk).province_status == ProvinceStatus.SENT


def test_the_province_reviewer_opens_the_list_and_the_sent_version(client, report, reviewer):
    client.force_login(reviewer)
    page = client.get(reverse("province:receiving")).content.decode()
    assert "Xã Kim Phượng" in page and reverse("province:report_detail", args=[CODE]) in page

    page = client.get(reverse("province:report_detail", args=[CODE])).content.decode()
    assert "Số 15/BC-UBND" in page
    assert reverse("province:report_accept", args=[CODE]) in page
    assert reverse("province:report_return", args=[CODE]) in page
    assert reverse("province:report_reopen", args=[CODE]) not in page

    response = client.get(reverse("province:report_download", args=[CODE, 1, "signed"]))
    assert response.status_code == 200
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert response["Content-Disposition"].endswith('-ban-ky.pdf"')
    assert client.get(reverse("province:report_download", args=[CODE, 1, "docx"])).status_code == 200
    assert client.get(reverse("province:report_download", args=[CODE, 1, "exe"])).status_code == 404


def test_a_version_the_commune_did_not_send_is_not_downloaded(client, report, reviewer):
    issued_version(report, by=UserFactory(office=True))  # version 2: issued, never sent
    client.force_login(reviewer)
    assert client.get(reverse("province:report_download", args=[CODE, 2, "pdf"])).status_code == 404


def test_a_report_not_sent_is_not_shown(client, reviewer):
    Report.for_review(ReviewFactory())
    client.force_login(reviewer)
    page = client.get(reverse("province:report_detail", args=[CODE])).content.decode()
    assert 'data-testid="not-sent"' in page
    assert client.post(reverse("province:report_accept", args=[CODE])).status_code == 404
    assert client.get(reverse("province:report_detail", args=["99999"])).status_code == 404


def test_return_needs_a_reason_and_keeps_nothing_typed_lost(client, report, reviewer):
    client.force_login(reviewer)
    response = client.post(reverse("province:report_return", args=[CODE]), {"return-reason": "   "})
    assert response.status_code == 400
    assert "Hãy ghi lý do" in response.content.decode()
    assert Report.objects.get(pk=report.pk).province_status == ProvinceStatus.SENT

    response = client.post(reverse("province:report_return", args=[CODE]), {"return-reason": "Thiếu phụ lục."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.RETURNED
    # Returned already: a second return is refused with a message, and the reason typed stays in the form.
    response = client.post(reverse("province:report_return", args=[CODE]), {"return-reason": "Lần hai."})
    page = response.content.decode()
    assert "không ở trạng thái chờ tỉnh thẩm định" in page and "Lần hai." in page


def test_accept_then_reopen_with_a_reason(client, report, reviewer):
    client.force_login(reviewer)
    assert client.post(reverse("province:report_accept", args=[CODE])).status_code == 302
    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.ACCEPTED
    page = client.get(reverse("province:report_detail", args=[CODE])).content.decode()
    assert reverse("province:report_reopen", args=[CODE]) in page
    assert reverse("province:report_accept", args=[CODE]) not in page

    assert client.post(reverse("province:report_reopen", args=[CODE]), {"reopen-reason": ""}).status_code == 400
    response = client.post(reverse("province:report_reopen", args=[CODE]), {"reopen-reason": "Sai số liệu."})
    assert response.status_code == 302
    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.RETURNED
    kinds = list(SubmissionEvent.objects.order_by("at", "pk").values_list("kind", "by", "reason"))
    assert kinds == [
        ("sent", report.sent_version.approved_by_id, ""),
        ("accepted", reviewer.pk, ""),
        ("reopened", reviewer.pk, "Sai số liệu."),
    ]


RECEIVING_QUERIES = 5  # session, user, groups, the reports, the bell: measured once and pinned


def _other_communes_send(start: int, n: int) -> None:
    for i in range(start, start + n):
        commune = Commune.objects.create(name=f"Xã thử {i}", kind="xa", code=f"0{6000 + i}")
        with commune_scope(commune):
            sent_report()


def test_the_list_shows_waiting_reports_first_in_a_fixed_number_of_queries(client, report, reviewer):
    client.force_login(reviewer)
    _other_communes_send(0, 1)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("province:receiving"))
    _other_communes_send(1, 4)
    Report.objects.get(pk=report.pk).accept(by=reviewer)
    with CaptureQueriesContext(connection) as many:
        response = client.get(reverse("province:receiving"))
    assert len(few) == len(many) == RECEIVING_QUERIES, [q["sql"] for q in many.captured_queries]
    page = response.content.decode()
    assert page.count('data-status="sent"') == 5
    # Kim Phượng's accepted report comes after the five waiting.
    assert page.index(f'data-commune="{CODE}"') > page.rindex('data-status="sent"')

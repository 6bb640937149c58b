"""The report's journey to the province (bottom-up, as in DHIS2): commune leadership sends the latest approved
and signed version, Sở Nội vụ returns it with a reason or accepts it; accepted, the report is locked until the
province reopens it. Every step is an event (who, when, why) and a notice to the other side."""

import datetime as dt
from io import BytesIO

import pytest
from django.contrib.auth.models import Group
from django.core.files.base import ContentFile
from django.urls import reverse
from pypdf import PdfWriter

from kimphuong.models import PROVINCE_REVIEWER_GROUP, Commune
from kimphuong.scoping import all_communes, commune_scope
from reform.models import Notification
from reports.compile import compile_report
from reports.models import ProvinceStatus, Report, ReportError, ReportSection, ReportVersion, SubmissionEvent
from reports.services import version_issue
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db

LOCKED = "Báo cáo đã được tỉnh tiếp nhận; muốn sửa, đề nghị Sở Nội vụ mở lại."


def signed_pdf() -> bytes:
    writer = PdfWriter()
    writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


def province_reviewer(**kwargs):
    """A user of Sở Nội vụ: no commune, in the reviewers' group."""
    with all_communes():
        user = UserFactory(position=None, **kwargs)
    user.groups.add(Group.objects.get_or_create(name=PROVINCE_REVIEWER_GROUP)[0])
    return user


def issued_version(report: Report, *, by, number: int | None = None) -> ReportVersion:
    """A version with stand-in files (the document engine is tested elsewhere)."""
    number = number or report.versions.count() + 1
    return ReportVersion.objects.create(
        report=report, number=number, created_by=by,
        docx=ContentFile(b"docx", name="v.docx"), docx_sha256="0" * 64,
        pdf=ContentFile(b"pdf", name="v.pdf"), pdf_sha256="0" * 64,
        xlsx=ContentFile(b"xlsx", name="v.xlsx"), xlsx_sha256="0" * 64,
    )  # fmt: skip


def approve_and_sign(version: ReportVersion, *, leader, office, number: str = "15") -> ReportVersion:
    version.approve(by=leader)
    version.record_signature(
        by=office, number=number, date=dt.date(2026, 5, 5), scan_name="ky.pdf", scan_bytes=signed_pdf()
    )
    return version


def sent_report(*, leader=None, office=None) -> Report:
    """A report of the commune in scope, its version 1 approved, signed and sent to the province."""
    leader = leader or UserFactory(leadership=True)
    office = office or UserFactory(office=True)
    report = Report.for_review(ReviewFactory(period_end=2025))
    approve_and_sign(issued_version(report, by=office), leader=leader, office=office).send_to_province(by=leader)
    report.refresh_from_db()
    return report


@pytest.fixture
def office(db):
    return UserFactory(office=True)


@pytest.fixture
def leader(db):
    return UserFactory(leadership=True)


@pytest.fixture
def reviewer(db):
    return province_reviewer()


@pytest.fixture
def report(db):
    report = Report.for_review(ReviewFactory(period_end=2025))
    ReportSection.objects.create(report=report, key="p1_overview", title="I. Khái quát", text="Nội dung.")
    return report


@pytest.fixture
def signed(report, office, leader):
    return approve_and_sign(issued_version(report, by=office), leader=leader, office=office)


def test_leadership_sends_the_latest_approved_and_signed_version(signed, report, leader):
    event = signed.send_to_province(by=leader)

    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.SENT
    assert report.sent_version == signed
    assert report.province_status_at == event.at
    assert (event.kind, event.version, event.by, event.reason) == ("sent", signed, leader, "")


def test_a_version_not_approved_or_not_signed_is_not_sent(report, office, leader):
    version = issued_version(report, by=office)
    with pytest.raises(ReportError, match="chưa được lãnh đạo duyệt"):
        version.send_to_province(by=leader)
    version.approve(by=leader)
    with pytest.raises(ReportError, match="chưa ghi nhận bản ký"):
        version.send_to_province(by=leader)
    assert Report.objects.get(pk=report.pk).province_status == ProvinceStatus.NOT_SENT
    assert not SubmissionEvent.objects.exists()


def test_only_the_latest_version_is_sent(report, signed, office, leader):
    issued_version(report, by=office)
    with pytest.raises(ReportError, match="không phải phiên bản mới nhất"):
        signed.send_to_province(by=leader)


@pytest.mark.parametrize("role", ["official", "office", "province"])
def test_only_the_communes_leadership_sends(signed, role):
    by = {
        "official": lambda: UserFactory(),
        "office": lambda: UserFactory(office=True),
        "province": province_reviewer,
    }[role]()
    with pytest.raises(ReportError, match="Chỉ lãnh đạo xã"):
        signed.send_to_province(by=by)
    assert not SubmissionEvent.objects.exists()


def test_leadership_of_another_commune_cannot_send(signed):
    other = Commune.objects.create(name="Tân Thịnh", kind="phuong", code="05999")
    with commune_scope(other):
        stranger = UserFactory(leadership=True)
    with pytest.raises(ReportError, match="Chỉ lãnh đạo xã"):
        signed.send_to_province(by=stranger)


def test_a_sent_report_is_not_sent_again(signed, leader):
    signed.send_to_province(by=leader)
    with pytest.raises(ReportError, match="đang chờ tỉnh thẩm định"):
        signed.send_to_province(by=leader)
    assert SubmissionEvent.objects.count() == 1


def test_returning_needs_a_reason_and_a_province_reviewer(signed, report, leader, reviewer):
    signed.send_to_province(by=leader)
    with pytest.raises(ReportError, match="Hãy ghi lý do trả lại"):
        report.return_to_commune(by=reviewer, reason="  ")
    with pytest.raises(ReportError, match="Chỉ Sở Nội vụ"):
        report.return_to_commune(by=leader, reason="Thiếu số liệu.")
    with pytest.raises(ReportError, match="Chỉ Sở Nội vụ"):
        report.accept(by=leader)
    assert Report.objects.get(pk=report.pk).province_status == ProvinceStatus.SENT


def test_nothing_to_accept_or_return_before_sending(report, reviewer):
    with pytest.raises(ReportError, match="không ở trạng thái chờ tỉnh thẩm định"):
        report.accept(by=reviewer)
    with pytest.raises(ReportError, match="không ở trạng thái chờ tỉnh thẩm định"):
        report.return_to_commune(by=reviewer, reason="Thiếu.")
    with pytest.raises(ReportError, match="Chỉ mở lại báo cáo tỉnh đã tiếp nhận"):
        report.reopen(by=reviewer, reason="Sửa.")


def _refused_everywhere(report: Report, office, message: str) -> None:
    """Compiling, editing a section, the addressees and a new version are all refused with `message`."""
    report = Report.objects.get(pk=report.pk)
    section = report.sections.get()
    with pytest.raises(ReportError, match=message):
        compile_report(report, by=office)
    with pytest.raises(ReportError, match=message):
        section.edit(text="Sửa sau khi gửi.", by=office)
    with pytest.raises(ReportError, match=message):
        section.use_draft(by=office)
    with pytest.raises(ReportError, match=message):
        report.set_addressees(recipients="Sở Nội vụ", distribution="")
    with pytest.raises(ReportError, match=message):
        version_issue(report=report, by=office)
    assert ReportSection.objects.get(pk=section.pk).text == "Nội dung."


def test_return_resend_accept_lock_reopen(report, signed, office, leader, reviewer):
    signed.send_to_province(by=leader)
    _refused_everywhere(report, office, "đang chờ tỉnh thẩm định")

    report.return_to_commune(by=reviewer, reason="Bổ sung số liệu năm 2025.")
    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.RETURNED
    # Returned: the commune corrects and issues a new version, approves, signs and sends it.
    report.sections.get().edit(text="Nội dung đã bổ sung.", by=office)
    v2 = approve_and_sign(issued_version(report, by=office), leader=leader, office=office, number="16")
    v2.send_to_province(by=leader)
    report.refresh_from_db()
    assert (report.province_status, report.sent_version) == (ProvinceStatus.SENT, v2)

    report.accept(by=reviewer)
    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.ACCEPTED
    ReportSection.objects.filter(report=report).update(text="Nội dung.")  # for the check below
    _refused_everywhere(report, office, LOCKED)
    with pytest.raises(ReportError, match="tỉnh tiếp nhận"):
        v2.send_to_province(by=leader)
    with pytest.raises(ReportError, match="không ở trạng thái chờ tỉnh thẩm định"):
        report.accept(by=reviewer)

    with pytest.raises(ReportError, match="Hãy ghi lý do mở lại"):
        report.reopen(by=reviewer, reason="")
    report.reopen(by=reviewer, reason="Sai tên cơ quan nhận.")
    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.RETURNED
    # Editable again.
    report.set_addressees(recipients="Ủy ban nhân dân tỉnh Thái Nguyên", distribution="")
    report.sections.get().edit(text="Sửa lại.", by=office)

    events = list(SubmissionEvent.objects.order_by("at", "pk").values_list("kind", "version__number", "by", "reason"))
    assert events == [
        ("sent", 1, leader.pk, ""),
        ("returned", 1, reviewer.pk, "Bổ sung số liệu năm 2025."),
        ("sent", 2, leader.pk, ""),
        ("accepted", 2, reviewer.pk, ""),
        ("reopened", 2, reviewer.pk, "Sai tên cơ quan nhận."),
    ]


def test_a_signature_sent_to_the_province_is_not_corrected(signed, leader):
    signed.send_to_province(by=leader)
    with pytest.raises(ReportError, match="đang chờ tỉnh thẩm định"):
        signed.correct_signature(by=leader, number="16", date=dt.date(2026, 5, 6), reason="Ghi nhầm số.")


def test_each_side_is_notified_in_the_reports_commune(
    signed, report, office, leader, reviewer, django_capture_on_commit_callbacks, mailoutbox
):
    other_reviewer = province_reviewer()
    official = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        signed.send_to_province(by=leader)
    sent = Notification.objects.filter(recipient__in=[reviewer, other_reviewer])
    assert sent.count() == 2
    assert {n.commune_id for n in sent} == {report.commune_id}
    assert sent.first().message == "Xã Kim Phượng đã gửi báo cáo tổng kết (phiên bản 1) lên tỉnh."
    assert not Notification.objects.filter(recipient__in=[office, leader, official]).exists()
    assert len(mailoutbox) == 2 and "/province/reports/05536/" in mailoutbox[0].body

    with all_communes(), django_capture_on_commit_callbacks(execute=True):  # as a province request runs
        report.return_to_commune(by=reviewer, reason="Thiếu phụ lục số liệu.")
    returned = Notification.objects.filter(message__contains="Thiếu phụ lục số liệu.")
    assert {n.recipient for n in returned} == {office, leader}  # office and leadership, not the official
    assert {n.commune_id for n in returned} == {report.commune_id}
    assert returned.first().message == (
        "Sở Nội vụ trả lại báo cáo tổng kết (phiên bản 1), đề nghị xã bổ sung. Lý do: Thiếu phụ lục số liệu."
    )
    assert len(mailoutbox) == 4


def test_the_leaders_send_button_and_the_returned_reason_on_the_reports_page(
    client, report, signed, office, leader, reviewer
):
    client.force_login(leader)
    page = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="send-form"' in page and "Gửi tỉnh" in page

    response = client.post(reverse("reports:version_send", args=[signed.pk]))
    assert response.status_code == 302
    assert Report.objects.get(pk=report.pk).province_status == ProvinceStatus.SENT
    page = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="send-form"' not in page and 'data-testid="province-sent"' in page

    # A second send is refused with a message, not an error page.
    response = client.post(reverse("reports:version_send", args=[signed.pk]), follow=True)
    assert "đang chờ tỉnh thẩm định" in response.content.decode()

    with all_communes():
        report.return_to_commune(by=reviewer, reason="Bổ sung kết quả chỉ số PAR INDEX.")
    client.force_login(office)
    page = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="province-returned"' in page and "Bổ sung kết quả chỉ số PAR INDEX." in page
    assert 'data-testid="send-form"' not in page  # the office does not send


def test_the_office_cannot_send_and_a_locked_report_refuses_with_a_message(client, report, signed, office, leader):
    client.force_login(office)
    assert client.post(reverse("reports:version_send", args=[signed.pk])).status_code == 403
    signed.send_to_province(by=leader)
    response = client.post(reverse("reports:compile"), follow=True)
    assert "đang chờ tỉnh thẩm định" in response.content.decode()
    section = report.sections.get()
    response = client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "Đoạn văn vừa gõ."})
    page = response.content.decode()
    assert response.status_code == 200 and "Đoạn văn vừa gõ." in page and "đang chờ tỉnh thẩm định" in page

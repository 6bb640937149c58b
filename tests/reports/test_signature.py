"""The signed scan of a report version: size limit, a PDF that really parses, the number in ASCII digits,
and leadership's correction of a wrongly recorded number or date, kept as an event."""

import datetime as dt
from io import BytesIO

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfWriter

from reports.forms import SignatureForm
from reports.models import Report, ReportError, ReportVersion, ReportVersionEvent
from tests.factories import ReviewFactory, UserFactory

pytestmark = pytest.mark.django_db


def _pdf(pages: int = 1) -> bytes:
    writer = PdfWriter()
    for _page in range(pages):
        writer.add_blank_page(width=595, height=842)
    buffer = BytesIO()
    writer.write(buffer)
    return buffer.getvalue()


FAKE = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"  # starts like a PDF, is not one


@pytest.fixture
def office(db):
    return UserFactory(office=True)


@pytest.fixture
def leader(db):
    return UserFactory(leadership=True)


@pytest.fixture
def version(db, office, leader):
    report = Report.for_review(ReviewFactory(period_end=2025))
    version = ReportVersion.objects.create(
        report=report, number=1, created_by=office,
        docx=ContentFile(b"docx", name="v.docx"), docx_sha256="0" * 64,
        pdf=ContentFile(b"pdf", name="v.pdf"), pdf_sha256="0" * 64,
        xlsx=ContentFile(b"xlsx", name="v.xlsx"), xlsx_sha256="0" * 64,
    )  # fmt: skip
    version.approve(by=leader)
    return version


def _form(number="15", date="05/05/2026", scan=None, name="ky.pdf"):
    scan = _pdf() if scan is None else scan
    return SignatureForm({"number": number, "date": date}, {"scan": SimpleUploadedFile(name, scan)})


def test_a_real_pdf_is_accepted():
    form = _form(number="5")
    assert form.is_valid(), form.errors
    assert form.cleaned_data["number"] == "05"
    assert form.cleaned_data["scan"].read() == _pdf()  # handed back from its start


@pytest.mark.parametrize(
    ("scan", "message"),
    [
        (FAKE, "Bản ký không đọc được như một tệp PDF (tệp hỏng hoặc không phải PDF)."),
        (b"%PDF-1.7\n" + b"\0" * 2000, "Bản ký không đọc được như một tệp PDF (tệp hỏng hoặc không phải PDF)."),
        (_pdf(0), "Bản ký PDF không có trang nào."),
        (b"PK\x03\x04 a renamed zip", "Bản ký phải là tệp PDF."),
    ],
    ids=["starts-like-a-pdf", "garbage-after-header", "no-page", "not-a-pdf"],
)
def test_a_file_that_is_not_a_readable_pdf_with_pages_is_refused(scan, message):
    form = _form(scan=scan)
    assert not form.is_valid()
    assert form.errors["scan"] == [message]


def test_a_truncated_pdf_is_refused():
    form = _form(scan=_pdf(3)[:300])
    assert not form.is_valid() and "scan" in form.errors


def test_the_scan_size_limit_is_a_setting(settings):
    assert settings.SIGNED_SCAN_MAX_MB == 20
    settings.SIGNED_SCAN_MAX_MB = 1
    big = _pdf() + b"\n%" + b"x" * (1024 * 1024)  # still a valid PDF, padded past 1 MB
    form = _form(scan=big)
    assert not form.is_valid()
    assert form.errors["scan"] == ["Bản ký dung lượng 1,0 MB, vượt quá giới hạn 1 MB."]
    settings.SIGNED_SCAN_MAX_MB = 2
    assert _form(scan=big).is_valid()


@pytest.mark.parametrize("number", ["１５", "١٥", "۱۵", "15a", "1 5", "-15", "²"])
def test_the_number_is_ascii_digits_only(number):
    form = _form(number=number)
    assert not form.is_valid()
    assert form.errors["number"] == ["Số văn bản chỉ gồm chữ số 0–9, ví dụ 15."]


def test_the_model_refuses_a_non_ascii_number_too(version, office):
    with pytest.raises(ReportError):
        version.record_signature(
            by=office, number="１５", date=dt.date(2026, 5, 5), scan_name="k.pdf", scan_bytes=_pdf()
        )
    version.refresh_from_db()
    assert not version.is_signed


def _sign(client, version, office, number="15", date="05/05/2026"):
    client.force_login(office)
    return client.post(
        reverse("reports:version_sign", args=[version.pk]),
        {"number": number, "date": date, "scan": SimpleUploadedFile("ky.pdf", _pdf())},
    )


def test_the_office_records_a_real_scan_through_the_page(client, version, office):
    client.force_login(office)
    response = client.post(
        reverse("reports:version_sign", args=[version.pk]),
        {"number": "15", "date": "05/05/2026", "scan": SimpleUploadedFile("ky.pdf", FAKE)},
        follow=True,
    )
    assert "Bản ký không đọc được như một tệp PDF" in response.content.decode()
    version.refresh_from_db()
    assert not version.is_signed
    assert _sign(client, version, office).status_code == 302
    version.refresh_from_db()
    assert version.signed_number == "15" and version.signed_date == dt.date(2026, 5, 5)


def _correct(client, version, **data):
    return client.post(reverse("reports:version_correct", args=[version.pk]), data, follow=True)


def test_leadership_corrects_a_wrong_number_and_date_with_a_reason_kept_as_an_event(client, version, office, leader):
    _sign(client, version, office, number="51", date="05/05/2026")
    version.refresh_from_db()
    scan_sha = version.signed_sha256
    signed_at = version.signed_at

    client.force_login(leader)
    before = timezone.now()
    response = _correct(client, version, number="15", date="06/05/2026", reason="Ghi nhầm số: đảo chữ số")
    assert "Đã sửa bản ký phiên bản 1: số 15/BC-UBND, ngày 06/05/2026." in response.content.decode()
    version.refresh_from_db()
    assert version.signed_number == "15" and version.signed_date == dt.date(2026, 5, 6)
    # Only the number and date change: the scan, its hash and who recorded it stay.
    assert version.signed_sha256 == scan_sha and version.signed_at == signed_at and version.signed_by == office
    event = ReportVersionEvent.objects.get(version=version)
    assert (event.old_number, event.new_number) == ("51", "15")
    assert (event.old_date, event.new_date) == (dt.date(2026, 5, 5), dt.date(2026, 5, 6))
    assert event.by == leader and event.at >= before and event.reason == "Ghi nhầm số: đảo chữ số"

    page = response.content.decode()
    assert 'data-testid="signature-events"' in page
    assert "sửa: số 51, 05/05/2026 → số 15, 06/05/2026" in page and "Ghi nhầm số: đảo chữ số" in page
    assert 'data-testid="signature-correct"' in page

    # The event is history: neither edited nor deleted.
    with pytest.raises(ReportError):
        event.save()
    with pytest.raises(ReportError):
        event.delete()
    with pytest.raises(ReportError):
        ReportVersionEvent.objects.all().delete()


def test_a_correction_needs_a_reason_a_change_and_ascii_digits(client, version, office, leader):
    _sign(client, version, office)
    client.force_login(leader)
    page = _correct(client, version, number="16", date="05/05/2026", reason="  ").content.decode()
    assert "Hãy ghi lý do sửa số hoặc ngày của văn bản." in page
    page = _correct(client, version, number="15", date="05/05/2026", reason="Sửa").content.decode()
    assert "Số và ngày ký không thay đổi." in page
    page = _correct(client, version, number="１６", date="05/05/2026", reason="Sửa").content.decode()
    assert "Số văn bản chỉ gồm chữ số 0–9, ví dụ 15." in page
    page = _correct(client, version, number="16", date="05/05/2020", reason="Sửa").content.decode()
    assert "Ngày ký không thể trước năm 2025." in page
    version.refresh_from_db()
    assert version.signed_number == "15" and not ReportVersionEvent.objects.exists()


def test_only_leadership_corrects_and_only_a_signed_version(client, version, office, leader):
    client.force_login(leader)
    page = _correct(client, version, number="16", date="05/05/2026", reason="Sửa").content.decode()
    assert "chưa ghi nhận bản ký" in page
    _sign(client, version, office)
    page = client.get(reverse("reports:workspace")).content.decode()
    assert 'data-testid="signature-correct"' not in page  # the office does not see the form
    response = client.post(
        reverse("reports:version_correct", args=[version.pk]), {"number": "16", "date": "05/05/2026", "reason": "x"}
    )
    assert response.status_code == 403
    assert client.get(reverse("reports:version_correct", args=[version.pk])).status_code == 405
    with pytest.raises(ReportError):
        version.correct_signature(by=office, number="16", date=dt.date(2026, 5, 5), reason="x")
    version.refresh_from_db()
    assert version.signed_number == "15" and not ReportVersionEvent.objects.exists()


def test_the_version_save_guard_still_holds(version):
    version.signed_number = "99"
    version.sections = [{"key": "x"}]
    with pytest.raises(ReportError):
        version.save(update_fields=["signed_number", "sections"])

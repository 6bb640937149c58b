"""Report versions: frozen when issued, approved by the leadership, the signed copy recorded after."""

import hashlib
from io import BytesIO

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from pypdf import PdfWriter

from kimphuong.models import User
from reports.models import ReportError, ReportVersion
from reports.services import empty_sections, version_issue

pytestmark = pytest.mark.django_db


def _blank_pdf() -> bytes:
    """A real one-page PDF: the signed scan is parsed, not only sniffed."""
    writer, buffer = PdfWriter(), BytesIO()
    writer.add_blank_page(width=595, height=842)
    writer.write(buffer)
    return buffer.getvalue()


PDF = _blank_pdf()


def test_versions_are_frozen_approved_by_leadership_and_signed_after(report, client):
    office, chairman = User.objects.get(username="vanphong"), User.objects.get(username="chutich")
    client.force_login(office)
    page = client.post(reverse("reports:version_create"))  # mid-review: some parts are still empty
    assert ReportVersion.objects.count() == 0 and 'data-testid="confirm-empty"' in page.content.decode()
    empty = [s.key for s in empty_sections(report)]
    assert empty
    client.post(reverse("reports:version_create"), {"confirm": empty[:-1]})  # one left unconfirmed: refused
    assert ReportVersion.objects.count() == 0
    client.post(reverse("reports:version_create"), {"confirm": empty})
    version = ReportVersion.objects.get()
    assert version.number == 1
    data = version.docx.read()

    assert hashlib.sha256(data).hexdigest() == version.docx_sha256
    version.sections = []
    with pytest.raises(ReportError):
        version.save()
    with pytest.raises(ReportError):
        ReportVersion.objects.get().delete()

    assert client.post(reverse("reports:version_approve", args=[version.pk])).status_code == 403
    scan = SimpleUploadedFile("ky.pdf", PDF)
    response = client.post(
        reverse("reports:version_sign", args=[version.pk]),
        {"number": "15", "date": "05/05/2026", "scan": scan},
        follow=True,
    )
    assert "Chỉ ghi nhận bản ký cho phiên bản đã được lãnh đạo duyệt" in response.content.decode()

    client.force_login(chairman)
    client.post(reverse("reports:version_approve", args=[version.pk]))
    version.refresh_from_db()
    assert version.approved_by == chairman
    assert client.post(reverse("reports:version_sign", args=[version.pk]), {"number": "15"}).status_code == 403

    client.force_login(office)
    scan = SimpleUploadedFile("ky.pdf", PDF)
    client.post(reverse("reports:version_sign", args=[version.pk]), {"number": "5", "date": "05/05/2026", "scan": scan})
    version.refresh_from_db()
    assert version.signed_number == "05" and version.signed_sha256 == hashlib.sha256(PDF).hexdigest()
    response = client.get(reverse("reports:version_download", args=[version.pk, "docx"]))
    assert 'filename="bao-cao-tong-ket-05-BC-UBND-20260505.docx"' in response["Content-Disposition"]
    response = client.post(
        reverse("reports:version_sign", args=[version.pk]),
        {"number": "6", "date": "06/05/2026", "scan": SimpleUploadedFile("k.pdf", PDF)},
        follow=True,
    )
    assert "đã ghi nhận bản ký" in response.content.decode()


def test_issuing_a_version_tells_its_steps_in_order(report):
    """The background job shows each stage of an issue (kimphuong.jobs): the three files, then the record."""
    steps = []
    version = version_issue(
        report=report,
        by=User.objects.get(username="vanphong"),
        confirmed=[s.key for s in empty_sections(report)],
        step=lambda what, percent: steps.append((what, percent)),
    )
    assert version.number == 1
    assert steps == [
        ("Dựng tệp Word", 10), ("Dựng tệp PDF", 30), ("Dựng tệp Excel", 80), ("Lưu tệp và ghi phiên bản", 90),
    ]  # fmt: skip

"""The report goes up to the province and back: Kim Phượng's chairman sends the approved, signed version; Sở
Nội vụ returns it with a reason; the office reads the reason, compiles again and issues version 2; the chairman
approves it, the office records the signed copy, the chairman sends it again; Sở Nội vụ accepts it."""

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from demo.seed import DEMO_PASSWORD
from kimphuong.models import User
from reform.models import Review
from reports.compile import compile_report
from reports.models import ProvinceStatus, Report, SubmissionEvent
from reports.services import empty_sections, version_issue
from tests.browser.helpers import _session
from tests.reports.test_submission import province_reviewer, signed_pdf

pytestmark = pytest.mark.browser

REASON = "Đề nghị bổ sung kết quả Chỉ số cải cách hành chính năm 2025 vào Phần II."


def _issue_approve_sign() -> Report:
    """Version 1 as the demo's finished review has it: compiled, issued, approved by the chairman, signed."""
    report = Report.for_review(Review.current())
    office, chairman = User.objects.get(username="vanphong"), User.objects.get(username="chutich")
    compile_report(report, by=office)
    version = version_issue(report=report, by=office, confirmed=[s.key for s in empty_sections(report)])
    version.approve(by=chairman)
    version.record_signature(
        by=office, number="15", date=timezone.localdate(), scan_name="ky.pdf", scan_bytes=signed_pdf()
    )
    return report


def _accepting(page):
    page.on("dialog", lambda dialog: dialog.accept())
    return page


def test_the_report_goes_to_the_province_is_returned_fixed_resent_and_accepted(browser, demo_site, tmp_path):
    report = _issue_approve_sign()
    province_reviewer(username="sonoivu", full_name="Phạm Thu Hà", password=DEMO_PASSWORD)

    chairman = _accepting(_session(browser, demo_site, "chutich"))
    chairman.goto(f"{demo_site}/reports/")
    chairman.get_by_role("button", name="Gửi tỉnh").click()
    expect(chairman.get_by_role("alert").filter(has_text="Đã gửi báo cáo phiên bản 1 lên tỉnh")).to_be_visible()
    expect(chairman.get_by_test_id("province-sent")).to_be_visible()

    province = _accepting(_session(browser, demo_site, "sonoivu"))
    province.goto(f"{demo_site}/province/reports/")
    province.get_by_test_id("waiting").locator("[data-commune='05536']").get_by_role("link", name="Thẩm định").click()
    expect(province.get_by_test_id("sent-version")).to_contain_text("Số 15/BC-UBND")
    province.get_by_label("Lý do trả lại").fill(REASON)
    province.get_by_role("button", name="Trả lại xã").click()
    expect(province.get_by_role("alert").filter(has_text="Đã trả lại báo cáo cho xã Kim Phượng")).to_be_visible()

    office = _accepting(_session(browser, demo_site, "vanphong"))
    office.goto(f"{demo_site}/reports/")
    expect(office.get_by_test_id("province-reason")).to_have_text(REASON)
    office.get_by_role("button", name="Tổng hợp").click()
    expect(office.get_by_role("alert").filter(has_text="Đã tổng hợp")).to_be_visible()
    issue = office.get_by_test_id("versions").get_by_text("Phát hành phiên bản", exact=True)
    issue.click()
    if office.get_by_test_id("confirm-empty").is_visible():  # parts still unfinished: confirmed one by one
        boxes = office.get_by_role("checkbox")
        for i in range(boxes.count()):
            boxes.nth(i).check()
        office.get_by_role("button", name="Phát hành phiên bản").click()
    expect(office.get_by_role("alert").filter(has_text="Đã phát hành phiên bản 2")).to_be_visible()

    chairman.goto(f"{demo_site}/reports/")
    chairman.locator("[data-version='2']").get_by_role("button", name="Duyệt báo cáo").click()
    expect(chairman.get_by_role("alert").filter(has_text="Đã duyệt báo cáo phiên bản 2")).to_be_visible()

    office.goto(f"{demo_site}/reports/")
    scan = tmp_path / "ban-ky.pdf"
    scan.write_bytes(signed_pdf())
    sign = office.locator("[data-version='2']").get_by_test_id("sign-form")
    sign.get_by_label("Số văn bản").fill("16")
    sign.get_by_label("Ngày ký").fill(f"{timezone.localdate():%d/%m/%Y}")
    sign.get_by_label("Bản ký đã quét (PDF)").set_input_files(scan)
    sign.get_by_role("button", name="Ghi nhận bản ký").click()
    expect(office.get_by_role("alert").filter(has_text="Đã ghi nhận bản ký số 16/BC-UBND")).to_be_visible()

    chairman.goto(f"{demo_site}/reports/")
    chairman.get_by_role("button", name="Gửi tỉnh").click()
    expect(chairman.get_by_role("alert").filter(has_text="Đã gửi báo cáo phiên bản 2 lên tỉnh")).to_be_visible()

    province.goto(f"{demo_site}/province/reports/05536/")
    expect(province.get_by_test_id("sent-version")).to_contain_text("Số 16/BC-UBND")
    province.get_by_role("button", name="Tiếp nhận").click()
    expect(province.get_by_role("alert").filter(has_text="Đã tiếp nhận báo cáo của xã Kim Phượng")).to_be_visible()
    expect(province.get_by_test_id("province-status").first).to_have_text("Tỉnh tiếp nhận")

    office.goto(f"{demo_site}/reports/")
    expect(office.get_by_test_id("province-accepted")).to_be_visible()
    expect(office.get_by_role("button", name="Tổng hợp")).to_have_count(0)

    report.refresh_from_db()
    assert report.province_status == ProvinceStatus.ACCEPTED
    assert report.sent_version.number == 2
    events = list(SubmissionEvent.objects.order_by("at", "pk").values_list("kind", "version__number", "by__username"))
    assert events == [
        ("sent", 1, "chutich"),
        ("returned", 1, "sonoivu"),
        ("sent", 2, "chutich"),
        ("accepted", 2, "sonoivu"),
    ]
    assert SubmissionEvent.objects.get(kind="returned").reason == REASON

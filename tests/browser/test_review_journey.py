import pytest
from playwright.sync_api import expect

from reform.models import Assessment, Notification, Status
from tests.browser.helpers import _session

pytestmark = pytest.mark.browser


def _count(page, status):
    return int(page.get_by_test_id(f"count-{status}").locator(".fs-3").inner_text())


def test_return_fix_resubmit_accept_and_the_chairman_sees_it(browser, demo_site):
    chairman = _session(browser, demo_site, "chutich")
    accepted_before = _count(chairman, "accepted")
    submitted_before = _count(chairman, "submitted")

    office = _session(browser, demo_site, "vanphong")
    office.get_by_test_id("waiting").get_by_role("link", name="TC-02").click()
    office.get_by_label("Lý do trả lại").fill("Đề nghị bổ sung số văn bản được rà soát từng năm 2021 - 2025.")
    office.get_by_text("Góp ý theo từng mục (không bắt buộc)").click()
    office.get_by_test_id("return-form").get_by_label("Kết quả thực hiện").fill("Ghi rõ số văn bản năm 2024")
    office.get_by_role("button", name="Trả lại").click()
    expect(office.get_by_role("alert").filter(has_text="Đã trả lại nhiệm vụ TC-02")).to_be_visible()

    official = _session(browser, demo_site, "tuphap")
    row = official.locator("[data-task-code='TC-02']")
    expect(row).to_contain_text("Đề nghị bổ sung số văn bản được rà soát")
    unread = Notification.objects.filter(recipient__username="tuphap", read_at__isnull=True)
    assert unread.filter(message__contains="trả lại nhiệm vụ TC-02").exists()
    expect(official.get_by_test_id("unread-count")).to_have_text(str(unread.count()))
    row.get_by_role("link").click()
    expect(official.get_by_test_id("field-notes")).to_contain_text("Ghi rõ số văn bản năm 2024")
    result = official.get_by_label("Kết quả thực hiện")
    result.fill(result.input_value() + " Năm 2024 rà soát 37 văn bản, phát hiện 2 văn bản hết hiệu lực.")
    official.once("dialog", lambda dialog: dialog.accept())
    official.get_by_role("button", name="Nộp").click()
    expect(official.get_by_role("alert").filter(has_text="Đã nộp bản tự đánh giá")).to_be_visible()

    office.goto(f"{demo_site}/dashboard/")
    office.get_by_test_id("waiting").get_by_role("link", name="TC-02").click()
    changes = office.get_by_test_id("changes")
    expect(changes).to_contain_text("Kết quả thực hiện")
    expect(changes.locator("ins")).to_contain_text("37 văn bản")
    office.get_by_role("button", name="Duyệt").click()
    expect(office.get_by_role("alert").filter(has_text="Đã duyệt nhiệm vụ TC-02")).to_be_visible()

    chairman.reload()
    assert _count(chairman, "accepted") == accepted_before + 1
    assert _count(chairman, "submitted") == submitted_before - 1
    assert Assessment.objects.get(task__code="TC-02").status == Status.ACCEPTED
    statuses = list(Assessment.objects.get(task__code="TC-02").events.values_list("to_status", flat=True))
    assert statuses[-3:] == [Status.RETURNED, Status.SUBMITTED, Status.ACCEPTED]

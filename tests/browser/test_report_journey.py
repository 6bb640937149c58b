import pytest
from docx import Document
from playwright.sync_api import expect

from reports.models import ReportVersion
from tests.browser.helpers import _session

pytestmark = pytest.mark.browser


def test_office_compiles_edits_issues_and_the_chairman_approves_and_downloads(browser, demo_site, tmp_path):
    office = _session(browser, demo_site, "vanphong")
    office.goto(f"{demo_site}/reports/")
    office.get_by_role("button", name="Tổng hợp").click()
    expect(office.get_by_role("alert").filter(has_text="Đã tổng hợp")).to_be_visible()
    section = office.locator("[data-section='p1_overview']")
    section.get_by_role("link", name="Sửa").click()
    office.get_by_label("Nội dung").fill("Xã Kim Phượng có 4.837 nhân khẩu, 16 xóm sau sáp nhập.")
    office.get_by_role("button", name="Lưu", exact=True).click()
    expect(office.locator("[data-section='p1_overview']")).to_contain_text("4.837 nhân khẩu")
    # Mid-review some parts are still empty: issuing first names each one, and each must be confirmed.
    office.get_by_role("link", name="Phát hành phiên bản").click()
    expect(office.get_by_test_id("confirm-empty")).to_be_visible()
    boxes = office.get_by_role("checkbox")
    expect(boxes.first).to_be_visible()
    assert boxes.count() >= 1
    for i in range(boxes.count()):
        boxes.nth(i).check()
    office.get_by_role("button", name="Phát hành phiên bản").click()
    expect(office.get_by_role("alert").filter(has_text="Đã phát hành phiên bản 1")).to_be_visible()
    # Kính gửi of a report dated today: the province, no district.
    expect(office.get_by_test_id("addressees")).to_contain_text("Ủy ban nhân dân tỉnh Thái Nguyên")
    expect(office.get_by_test_id("addressees")).not_to_contain_text("huyện")

    chairman = _session(browser, demo_site, "chutich")
    chairman.goto(f"{demo_site}/reports/")
    asked: list[str] = []
    chairman.once("dialog", lambda dialog: (asked.append(dialog.message), dialog.accept()))
    chairman.get_by_role("button", name="Duyệt báo cáo").click()
    expect(chairman.get_by_role("alert").filter(has_text="Đã duyệt báo cáo phiên bản 1")).to_be_visible()
    assert asked and "Duyệt báo cáo phiên bản 1?" in asked[0]
    # The approved version's Word file is leadership's first button.
    expect(
        chairman.get_by_test_id("approved-version").get_by_role("link", name="Tải Word (.docx) phiên bản 1")
    ).to_be_visible()
    with chairman.expect_download() as download:
        chairman.locator("[data-version='1']").get_by_role("link", name="Tải Word (.docx)").click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    assert path.name.startswith("bao-cao-tong-ket-phien-ban-1-") and path.suffix == ".docx"
    texts = [p.text for p in Document(str(path)).paragraphs]
    assert "Xã Kim Phượng có 4.837 nhân khẩu, 16 xóm sau sáp nhập." in texts
    assert "Kính gửi: Ủy ban nhân dân tỉnh Thái Nguyên." in texts
    assert not any("(chưa có nội dung)" in t for t in texts)
    assert ReportVersion.objects.get().approved_by.username == "chutich"

import pytest
from django.utils import timezone
from docx import Document
from playwright.sync_api import expect

from conference.models import Conference
from dissemination.models import Record

pytestmark = pytest.mark.browser


def _download(page, link, tmp_path):
    with page.expect_download() as download:
        link.click()
    path = tmp_path / download.value.suggested_filename
    download.value.save_as(path)
    return path


def test_the_office_prepares_holds_and_publishes_the_conference(page, login, demo_site, tmp_path):
    login("vanphong")
    page.get_by_role("link", name="Hội nghị", exact=True).click()
    expect(page.get_by_test_id("conference-status")).to_have_text("Dự kiến")

    # Plan: today, in the hall of the Party committee, with a guest of the province.
    page.get_by_role("link", name="Sửa thông tin, đại biểu").click()
    today = timezone.localdate().strftime("%d/%m/%Y")
    page.get_by_label("Ngày họp").fill(today)
    page.get_by_label("Giờ bắt đầu").fill("08:00")
    page.get_by_label("Địa điểm").fill("Hội trường Đảng ủy xã Kim Phượng")
    page.get_by_label("Lý Văn Nam – Trưởng Công an xã").uncheck()
    page.get_by_role("button", name="Lưu").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu thông tin hội nghị")).to_be_visible()
    expect(page.get_by_test_id("conference")).to_contain_text("Hội trường Đảng ủy xã Kim Phượng")

    page.get_by_role("link", name="Sửa chương trình").click()
    page.get_by_label("Nội dung 10").fill("Chụp ảnh lưu niệm")
    page.get_by_label("Thời gian 10").fill("11:00")
    page.get_by_role("button", name="Lưu chương trình").click()
    expect(page.get_by_test_id("agenda")).to_contain_text("Chụp ảnh lưu niệm")

    # The invitation and the opening speech, as Word files.
    row = page.locator("[data-document='invitation']")
    invitation = Document(str(_download(page, row.get_by_role("link", name="Word (.docx)"), tmp_path)))
    texts = [p.text for p in invitation.paragraphs]
    assert "GIẤY MỜI" in texts and "Địa điểm: Hội trường Đảng ủy xã Kim Phượng." in texts
    assert not any("Lý Văn Nam" in t for t in texts)
    cells = [c.text for t in invitation.tables for r in t.rows for c in r.cells]
    assert "Chụp ảnh lưu niệm" in cells

    page.get_by_role("link", name="Bài phát biểu khai mạc").click()
    welcome = page.locator("[data-part='welcome']")
    welcome.get_by_text("Sửa phần này").click()
    welcome.get_by_role("textbox").fill("Hôm nay, Ủy ban nhân dân xã Kim Phượng long trọng tổ chức Hội nghị tổng kết.")
    welcome.get_by_role("button", name="Lưu phần này").click()
    expect(page.locator("[data-part='welcome']")).to_contain_text("Văn phòng đã sửa")
    opening = Document(str(_download(page, page.get_by_test_id("download-docx"), tmp_path)))
    texts = [p.text for p in opening.paragraphs]
    assert "BÀI PHÁT BIỂU KHAI MẠC" in texts
    assert "Hôm nay, Ủy ban nhân dân xã Kim Phượng long trọng tổ chức Hội nghị tổng kết." in texts

    # Held: attendance, minutes, the chair's conclusions.
    page.get_by_role("link", name="Hội nghị tổng kết").first.click()
    page.get_by_role("link", name="Ghi nhận đã tổ chức, biên bản").click()
    page.get_by_label("Đại diện Thường trực Hội đồng nhân dân xã").uncheck()
    page.get_by_label("Diễn biến hội nghị").fill("Hội nghị nghe Báo cáo tổng kết và 02 tham luận.")
    page.get_by_label("Kết luận của chủ trì").fill("Hoàn thiện Báo cáo tổng kết, gửi tỉnh trước ngày 20/12/2026.")
    page.get_by_role("button", name="Ghi nhận đã tổ chức").click()
    expect(page.get_by_test_id("conference-status")).to_have_text("Đã tổ chức")
    expect(page.get_by_test_id("minutes")).to_contain_text("02 tham luận")

    # The news item, from the minutes, published: one more dissemination activity.
    before = Record.objects.count()
    page.get_by_role("link", name="Tin bài trên Trang thông tin điện tử").click()
    expect(page.locator("[data-part='body']")).to_contain_text("hoàn thiện Báo cáo tổng kết")
    page.get_by_label("Ngày đăng").fill(today)
    page.get_by_label("Đường dẫn tin bài").fill("https://kimphuong.thainguyen.gov.vn/tin-tuc/tong-ket-cchc")
    page.get_by_role("button", name="Đánh dấu đã đăng").click()
    expect(page.get_by_test_id("news-status")).to_contain_text("Đã đăng")
    assert Record.objects.count() == before + 1
    conference = Conference.objects.get()
    assert conference.is_held and conference.news_record is not None
    assert conference.guests.get(name="Đại diện Thường trực Hội đồng nhân dân xã").attended is False

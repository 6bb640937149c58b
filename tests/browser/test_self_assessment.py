import pytest
from playwright.sync_api import expect

from indicators.models import IndicatorValue
from reform.models import Assessment, Status

pytestmark = pytest.mark.browser

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def _open_task(page, demo_site, code):
    page.goto(f"{demo_site}/tasks/")
    page.locator(f"[data-task-code='{code}'] a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)


def _fill_evidence_row(row, *, number, symbol, date, summary, file=None):
    row.get_by_label("loại văn bản").select_option("bao_cao")
    row.get_by_label("Số", exact=True).fill(number)
    row.get_by_label("ký hiệu").fill(symbol)
    row.get_by_label("ngày").fill(date)
    row.get_by_label("cơ quan ban hành").fill("UBND xã Kim Phượng")
    row.get_by_label("trích yếu").fill(summary)
    row.get_by_label("trang/mục").fill("Mục II")
    if file:
        row.locator("input[type=file]").set_input_files(file)


def test_tuphap_fills_saves_reloads_and_submits_a_task(page, login, demo_site, tmp_path):
    pdf = tmp_path / "Báo cáo tiếp cận pháp luật.pdf"
    pdf.write_bytes(PDF)
    login("tuphap")
    _open_task(page, demo_site, "TC-05")

    page.get_by_label("Hoàn thành", exact=True).check()
    page.get_by_label("Kết quả thực hiện").fill("Xã được công nhận đạt chuẩn tiếp cận pháp luật các năm 2021 - 2025.")
    expect(page.locator(".char-counter").first).to_contain_text("/8.000 ký tự")
    figure_inputs = page.get_by_test_id("figures").locator("input[type=text]")
    if figure_inputs.count():
        figure_inputs.first.fill("1")
    page.get_by_role("button", name="Thêm tài liệu kiểm chứng").click()
    page.get_by_role("button", name="Thêm tài liệu kiểm chứng").click()
    rows = page.locator("#evidence-rows [data-row=evidence]")
    expect(rows).to_have_count(2)
    _fill_evidence_row(rows.nth(0), number="12", symbol="BC-UBND", date="15/11/2024", summary="tự đánh giá", file=pdf)
    _fill_evidence_row(rows.nth(1), number="3", symbol="QĐ-UBND", date="20/12/2024", summary="công nhận đạt chuẩn")
    page.get_by_label("Tồn tại, hạn chế").fill("Một số tiêu chí đạt điểm thấp.")
    page.get_by_label("Nguyên nhân khách quan").fill("Địa bàn rộng, dân cư phân tán.")
    page.get_by_label("Nguyên nhân chủ quan").fill("Chưa phân công theo dõi từng tiêu chí.")
    page.get_by_label("Bài học kinh nghiệm").fill("Giao rõ người, rõ việc.")
    page.get_by_label("Đề xuất nhiệm vụ, giải pháp giai đoạn 2026 - 2030").fill("Duy trì đạt chuẩn hằng năm.")
    page.get_by_role("button", name="Thêm kiến nghị").click()
    rec = page.locator("#recommendation-rows [data-row=recommendation]").first
    rec.get_by_label("nội dung").fill("Đề nghị Sở Tư pháp tập huấn bộ tiêu chí mới.")
    # Since 01/7/2025 there is no district level: the levels offered follow the superior bodies in force.
    expect(rec.get_by_label("cấp nhận").locator("option[value=district]")).to_have_count(0)
    rec.get_by_label("cấp nhận").select_option("province")

    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu nháp lúc")).to_be_visible()

    page.reload()
    expect(page.get_by_label("Kết quả thực hiện")).to_have_value(
        "Xã được công nhận đạt chuẩn tiếp cận pháp luật các năm 2021 - 2025."
    )
    expect(page.get_by_label("Hoàn thành", exact=True)).to_be_checked()
    expect(rows).to_have_count(2)
    expect(rows.nth(0).get_by_label("ngày")).to_have_value("15/11/2024")
    expect(rows.nth(0).get_by_role("link", name="Báo cáo tiếp cận pháp luật.pdf")).to_be_visible()
    expect(rows.nth(1).get_by_label("ký hiệu")).to_have_value("QĐ-UBND")
    expect(page.get_by_label("Bài học kinh nghiệm")).to_have_value("Giao rõ người, rõ việc.")
    expect(rec.get_by_label("nội dung")).to_have_value("Đề nghị Sở Tư pháp tập huấn bộ tiêu chí mới.")

    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp").click()
    expect(page.get_by_role("alert").filter(has_text="Đã nộp bản tự đánh giá")).to_be_visible()
    expect(page.locator("#assessment-form")).to_have_count(0)
    expect(page.get_by_test_id("readonly")).to_contain_text("Xã được công nhận đạt chuẩn")
    expect(page.get_by_test_id("timeline")).to_contain_text("Đã nộp")

    assessment = Assessment.objects.get(task__code="TC-05")
    assert assessment.status == Status.SUBMITTED
    assert assessment.evidence.count() == 2
    assert assessment.evidence.exclude(file="").count() == 1
    if figure_inputs.count():
        assert IndicatorValue.objects.filter(indicator__tasks=assessment.task).exists()


def test_autosave_runs_when_leaving_a_field(page, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    page.get_by_label("Kết quả thực hiện").fill("Đã theo dõi thi hành pháp luật trong lĩnh vực đất đai.")
    page.get_by_label("Tồn tại, hạn chế").click()  # leaving the field saves it
    expect(page.locator("#autosave-status")).to_contain_text("Đã lưu lúc")
    assessment = Assessment.objects.get(task__code="TC-06")
    assert assessment.result == "Đã theo dõi thi hành pháp luật trong lĩnh vực đất đai."
    assert assessment.status == Status.DRAFTING


def test_a_draft_typed_offline_is_offered_back_when_the_page_is_reopened(page, context, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    url = page.url
    context.set_offline(True)
    page.get_by_label("Kết quả thực hiện").fill("Gõ khi mất mạng: không được mất.")
    page.get_by_label("Tồn tại, hạn chế").fill("Chưa có phần mềm theo dõi.")
    page.get_by_label("Nguyên nhân khách quan").click()
    page.close()  # a closed tab, a crash or a dead connection: the server never saw the text

    context.set_offline(False)
    again = context.new_page()
    again.goto(url)
    expect(again.get_by_label("Kết quả thực hiện")).to_have_value("")
    banner = again.locator("#restore-banner")
    expect(banner).to_be_visible()
    again.get_by_role("button", name="Khôi phục bản chưa lưu").click()
    expect(again.get_by_label("Kết quả thực hiện")).to_have_value("Gõ khi mất mạng: không được mất.")
    expect(again.get_by_label("Tồn tại, hạn chế")).to_have_value("Chưa có phần mềm theo dõi.")
    again.get_by_role("button", name="Lưu nháp").click()
    expect(again.get_by_role("alert").filter(has_text="Đã lưu nháp lúc")).to_be_visible()
    expect(again.locator("#restore-banner")).to_be_hidden()
    assert Assessment.objects.get(task__code="TC-06").result == "Gõ khi mất mạng: không được mất."

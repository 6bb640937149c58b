"""Issue #13 “Everyday use” on the self-assessment page, in the real browser: the save indicator tells the truth,
an over-long paste is never cut, a refused “Nộp” lists what is missing with links to the fields, and the
script speaks the chosen language."""

import re

import pytest
from django.utils import timezone
from playwright.sync_api import expect

from reform.models import Assessment, Status

pytestmark = pytest.mark.browser

AUTOSAVE = "**/assessments/*/autosave/"
OFFLINE = "Chưa lưu được — mất kết nối; bản nhập vẫn giữ trên máy này"
SERVER_ERROR = "Chưa lưu được — máy chủ báo lỗi; bản nhập vẫn giữ trên máy này"


def _open_task(page, demo_site, code):
    page.goto(f"{demo_site}/tasks/")
    page.locator(f"[data-task-code='{code}'] a").first.click()
    expect(page.get_by_role("heading", level=1)).to_contain_text(code)
    expect(page.locator(".char-counter").first).to_be_visible()  # the page's script is running


def _stored(code, field="result"):
    return getattr(Assessment.objects.get(task__code=code), field)


def test_green_only_once_the_server_confirmed_the_save(page, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    status = page.locator("#autosave-status")
    held = []
    page.route(AUTOSAVE, lambda route: held.append(route))  # the request stays out until the test lets it go

    page.get_by_label("Kết quả thực hiện").fill("Đã rà soát văn bản quy phạm pháp luật của xã.")
    page.get_by_label("Tồn tại, hạn chế").click()  # leaving the field sends the autosave
    expect(status).to_have_text("Đang lưu…")
    expect(status).to_have_attribute("data-state", "saving")
    expect(status).not_to_have_class(re.compile("text-success"))
    assert _stored("TC-06") == ""

    held[0].continue_()
    expect(status).to_have_attribute("data-state", "saved")
    expect(status).to_have_class(re.compile("text-success"))
    saved = Assessment.objects.get(task__code="TC-06")
    assert saved.result == "Đã rà soát văn bản quy phạm pháp luật của xã."
    expect(status).to_have_text(f"Đã lưu lúc {timezone.localtime(saved.updated_at):%H:%M}")


def test_a_failed_request_turns_red_until_a_later_save_succeeds(page, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    status = page.locator("#autosave-status")
    result = page.get_by_label("Kết quả thực hiện")

    page.route(AUTOSAVE, lambda route: route.abort())  # the network drops the request
    result.fill("Lần thứ nhất: mạng rớt.")
    page.get_by_label("Tồn tại, hạn chế").click()
    expect(status).to_have_text(OFFLINE)
    expect(status).to_have_class(re.compile("text-danger"))
    page.unroute(AUTOSAVE)

    page.route(AUTOSAVE, lambda route: route.fulfill(status=500, body="Internal Server Error"))
    result.fill("Lần thứ hai: máy chủ lỗi.")
    page.get_by_label("Tồn tại, hạn chế").click()
    expect(status).to_have_text(SERVER_ERROR)
    expect(status).to_have_attribute("data-state", "failed")
    assert _stored("TC-06") == ""
    # The copy in the browser still holds what was typed.
    assert "Lần thứ hai: máy chủ lỗi." in page.evaluate("JSON.stringify(localStorage)")
    page.unroute(AUTOSAVE)

    result.fill("Lần thứ ba: đã lưu.")
    page.get_by_label("Tồn tại, hạn chế").click()
    expect(status).to_contain_text("Đã lưu lúc")
    expect(status).to_have_class(re.compile("text-success"))
    assert _stored("TC-06") == "Lần thứ ba: đã lưu."


def test_offline_is_red_at_once_and_saves_when_back_online(page, context, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    status = page.locator("#autosave-status")

    context.set_offline(True)
    expect(status).to_have_text(OFFLINE)
    expect(status).to_have_class(re.compile("text-danger"))
    page.get_by_label("Kết quả thực hiện").fill("Gõ trong lúc mất mạng.")
    page.get_by_label("Tồn tại, hạn chế").click()
    page.get_by_role("button", name="Lưu nháp").click()  # no "no connection" page: the form stays
    expect(status).to_have_text(OFFLINE)
    expect(page.get_by_label("Kết quả thực hiện")).to_have_value("Gõ trong lúc mất mạng.")
    assert _stored("TC-06") == ""

    context.set_offline(False)  # back online: what was typed goes now
    expect(status).to_contain_text("Đã lưu lúc")
    expect(status).to_have_class(re.compile("text-success"))
    assert _stored("TC-06") == "Gõ trong lúc mất mạng."


def test_an_over_long_paste_is_kept_whole_and_refused_with_the_overage(page, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    lessons = page.get_by_label("Bài học kinh nghiệm")
    text = ("Giao rõ người, rõ việc. " * 170)[:-1] + "!"  # 4.080 characters: 80 over the limit of 4.000
    assert len(text) == 4080

    lessons.focus()
    page.keyboard.insert_text(text)  # as a paste: a maxlength would cut it here
    expect(lessons).to_have_value(text)
    message = "Vượt quá 80 ký tự (tối đa 4.000 ký tự)"
    expect(page.locator("#id_lessons_limit")).to_contain_text(message)
    expect(lessons).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_lessons ~ .char-counter")).to_have_text("4.080/4.000 ký tự")

    page.get_by_label("Đề xuất nhiệm vụ, giải pháp giai đoạn 2026 - 2030").click()  # autosave: refused
    status = page.locator("#autosave-status")
    expect(status).to_contain_text("Bài học kinh nghiệm: " + message)
    expect(status).to_have_class(re.compile("text-danger"))

    page.get_by_role("button", name="Lưu nháp").click()  # refused too, with the same words, the text kept
    expect(page.get_by_role("alert").filter(has_text="Chưa lưu được")).to_be_visible()
    lessons = page.get_by_label("Bài học kinh nghiệm")
    expect(lessons).to_have_value(text)
    expect(lessons).to_have_class(re.compile("is-invalid"))
    expect(page.locator("#id_lessons_error")).to_contain_text(message)
    expect(status).to_have_class(re.compile("text-danger"))
    assert _stored("TC-06", "lessons") == ""

    expect(page.locator("#id_lessons ~ .char-counter")).to_have_text("4.080/4.000 ký tự")  # the script is on
    lessons.fill(text[:4000])  # shortened: the message goes, the save goes through
    expect(page.locator("#id_lessons_error")).to_have_count(0)
    expect(page.locator("#id_lessons_limit")).to_be_hidden()
    expect(lessons).not_to_have_class(re.compile("is-invalid"))
    page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_role("alert").filter(has_text="Đã lưu nháp lúc")).to_be_visible()
    assert _stored("TC-06", "lessons") == text[:4000]


def test_a_refused_submission_lists_the_missing_items_as_links_to_their_fields(page, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    page.once("dialog", lambda dialog: dialog.accept())
    page.get_by_role("button", name="Nộp").click()

    summary = page.get_by_test_id("missing")
    expect(summary).to_have_count(1)
    expect(summary).to_contain_text("Đã lưu nháp nhưng chưa nộp được. Còn thiếu:")
    expect(summary).to_be_focused()
    links = summary.get_by_role("link")
    expect(links).to_have_text(
        [
            "chọn Mức độ hoàn thành",
            "ghi Kết quả thực hiện",
            "thêm ít nhất một Tài liệu kiểm chứng hoặc giải trình lý do không có tài liệu kiểm chứng",
        ]
    )
    for name, field in (("ghi Kết quả thực hiện", "#id_result"), ("chọn Mức độ hoàn thành", "#id_completion_0")):
        expect(page.locator(field)).to_have_class(re.compile("is-invalid"))
        summary.get_by_role("link", name=name).click()
        expect(page.locator(field)).to_be_focused()
    summary.get_by_role("link", name=re.compile("Tài liệu kiểm chứng")).click()
    expect(page.get_by_label("Giải trình không có tài liệu kiểm chứng")).to_be_focused()
    expect(page.locator("#id_result_error")).to_have_text("Cần ghi Kết quả thực hiện trước khi nộp.")
    expect(page.locator("#id_no_evidence_reason")).to_have_class(re.compile("is-invalid"))
    expect(page.get_by_test_id("evidence-missing")).to_be_visible()
    assert Assessment.objects.get(task__code="TC-06").status == Status.DRAFTING

    # Filling a field takes its mark away.
    page.get_by_label("Kết quả thực hiện").fill("Đã làm.")
    expect(page.locator("#id_result")).not_to_have_class(re.compile("is-invalid"))
    page.get_by_label("Hoàn thành", exact=True).check()
    expect(page.locator("#id_completion_0")).not_to_have_class(re.compile("is-invalid"))


def test_the_scripts_speak_english_when_english_is_chosen(page, context, login, demo_site):
    login("tuphap")
    _open_task(page, demo_site, "TC-06")
    expect(page.locator("#id_result ~ .char-counter")).to_have_text("0/8.000 ký tự")
    page.get_by_label("Ngôn ngữ").select_option("en")  # the footer's switch
    expect(page.locator("html")).to_have_attribute("lang", "en")

    expect(page.locator("#id_result ~ .char-counter")).to_have_text("0/8,000 characters")
    page.get_by_label("Lessons learned").focus()
    page.keyboard.insert_text("x" * 4001)
    expect(page.locator("#id_lessons_limit")).to_have_text(
        "1 character too many (at most 4,000 characters). Shorten the text, then save again; what you typed is kept."
    )
    context.set_offline(True)
    expect(page.locator("#autosave-status")).to_have_text(
        "Not saved — connection lost; what you typed is kept on this computer"
    )
    context.set_offline(False)

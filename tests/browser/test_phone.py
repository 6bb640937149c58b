"""The official on a phone (360 × 740): no page is wider than the screen; tasks are cards; the form saves."""

import pytest
from playwright.sync_api import expect

from reform.models import Assessment, Status

pytestmark = pytest.mark.browser

PHONE = {"width": 360, "height": 740}


def _page_width(page) -> int:
    return page.evaluate("document.documentElement.scrollWidth")


def test_an_official_works_on_a_phone_without_scrolling_sideways(page, login, demo_site):
    page.set_viewport_size(PHONE)
    login("tuphap")
    page.goto(f"{demo_site}/tasks/")
    assert _page_width(page) <= PHONE["width"]
    # Each task is a card: its code, content, badge and due date stacked, the header hidden.
    card = page.locator('[data-task-code="TC-03"]')
    box = card.bounding_box()
    assert box and box["width"] <= PHONE["width"]
    expect(card.get_by_text("Văn phòng yêu cầu bổ sung:")).to_be_visible()
    expect(card.locator("td[data-label='Hạn nộp']")).to_be_visible()

    assessment = Assessment.objects.filter(task__lead__username="tuphap", status=Status.DRAFTING).first()
    page.goto(f"{demo_site}/assessments/{assessment.pk}/")
    assert _page_width(page) <= PHONE["width"]
    # The figures grid scrolls inside its own box, never the page.
    grid = page.locator('[data-testid="figures"] .table-responsive')
    if grid.count():
        assert grid.first.bounding_box()["width"] <= PHONE["width"]
    page.get_by_label("Kết quả thực hiện").fill("Kết quả nhập trên điện thoại.")
    with page.expect_navigation():
        page.get_by_role("button", name="Lưu nháp").click()
    expect(page.get_by_label("Kết quả thực hiện")).to_have_value("Kết quả nhập trên điện thoại.")
    assessment.refresh_from_db()
    assert assessment.result == "Kết quả nhập trên điện thoại."


@pytest.mark.parametrize(
    "path",
    ["/dashboard/", "/dashboard/tasks/", "/indicators/", "/emulation/", "/emulation/proposals/", "/reports/"],
)
def test_the_office_pages_fit_a_phone(page, login, demo_site, path):
    page.set_viewport_size(PHONE)
    login("vanphong")
    page.goto(f"{demo_site}{path}")
    wide = page.evaluate(
        "Array.from(document.querySelectorAll('main *')).filter(e => e.getBoundingClientRect().right > 361"
        " && !e.closest('.table-responsive')).slice(0, 3).map(e => e.tagName + '.' + e.className).join(', ')"
    )
    assert _page_width(page) <= PHONE["width"], f"{path}: {wide}"

import pytest
from playwright.sync_api import expect

from reform.models import Task

pytestmark = pytest.mark.browser


def test_tuphap_logs_in_and_sees_exactly_her_tasks(page, login, demo_site):
    login("tuphap")
    expect(page).to_have_url(f"{demo_site}/tasks/")
    expect(page.get_by_role("heading", name="Nhiệm vụ của tôi")).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_contain_text("Lường Thị Hạnh")

    expected = set(Task.objects.filter(lead__username="tuphap").values_list("code", flat=True))
    shown = set(page.locator("[data-task-code]").evaluate_all("rows => rows.map(r => r.dataset.taskCode)"))
    assert shown == expected
    assert len(shown) == 9
    # Her navigation does not offer the office's pages.
    expect(page.get_by_role("link", name="Tiến độ", exact=True)).to_have_count(0)


def test_office_lands_on_the_dashboard_and_can_log_out(page, login, demo_site):
    login("vanphong")
    expect(page).to_have_url(f"{demo_site}/dashboard/")
    expect(page.get_by_test_id("total")).to_have_text("62")
    page.get_by_role("button", name="Đăng xuất").click()
    expect(page).to_have_url(f"{demo_site}/accounts/login/")

"""Accessibility in the real browser: axe-core over the main pages of each role, and the forms and review actions
driven with the keyboard alone, each stop showing where the focus is."""

from __future__ import annotations

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Page, expect

from demo.seed import DEMO_PASSWORD
from emulation.models import Commendation
from indicators.models import Indicator
from reform.models import Assessment, Status

pytestmark = pytest.mark.browser

# Serious and critical violations fail the test; so does a table header without text (a minor rule in axe,
# but every header of the product must say what its column holds).
FAILING_IMPACTS = {"serious", "critical"}
ALWAYS_FAILING = {"empty-table-header"}


def _violations(page: Page) -> list[str]:
    results = Axe().run(page).response
    found = []
    for violation in results["violations"]:
        if violation["impact"] in FAILING_IMPACTS or violation["id"] in ALWAYS_FAILING:
            found.extend(
                f"{violation['id']} ({violation['impact']}) {node['target']}: {node['failureSummary']}"
                for node in violation["nodes"][:5]
            )
    return found


def _sign_in(page: Page, base: str, username: str) -> None:
    page.goto(f"{base}/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    expect(page).not_to_have_url(f"{base}/accounts/login/")
    page.wait_for_load_state()  # the scripts (Bootstrap's menu among them) have run before anything is clicked


def _pages(role: str) -> list[str]:
    own = Assessment.objects.filter(task__lead__username="tuphap", status=Status.DRAFTING).first()
    handed_in = Assessment.objects.filter(status=Status.SUBMITTED).first()
    accepted = Assessment.objects.filter(status=Status.ACCEPTED).first()
    indicator = Indicator.objects.first()
    commendation = Commendation.objects.first()
    common = ["/tasks/", "/indicators/", "/notifications/", "/help/", "/accounts/password/change/"]
    oversight = [
        "/dashboard/",
        "/dashboard/tasks/",
        f"/assessments/{handed_in.pk}/",
        f"/assessments/{accepted.pk}/",
        f"/indicators/{indicator.pk}/",
        "/indicators/indices/",
        "/emulation/",
        "/emulation/initiatives/",
        "/emulation/activities/",
        "/emulation/proposals/",
        "/emulation/tables/",
        "/reports/",
    ]
    return {
        "tuphap": [*common, f"/assessments/{own.pk}/", "/help/official/"],
        "vanphong": [
            *common,
            *oversight,
            "/help/office/",
            "/plan/import/",
            f"/indicators/{indicator.pk}/edit/",
            "/indicators/indices/new/",
            f"/emulation/commendations/{commendation.pk}/",
            "/reports/versions/new/",
        ],
        "chutich": [*common, *oversight, "/help/leadership/"],
        "admin": ["/setup/", "/help/admin/"],
    }[role]


@pytest.mark.parametrize("username", ["tuphap", "vanphong", "chutich", "admin"])
def test_no_serious_accessibility_violation_on_the_main_pages(page, demo_site, username):
    _sign_in(page, demo_site, username)
    problems = {}
    for path in _pages(username):
        response = page.goto(f"{demo_site}{path}")
        assert response is not None and response.status == 200, (path, response and response.status)
        if found := _violations(page):
            problems[path] = found
    assert not problems, "\n".join(f"{path}:\n  " + "\n  ".join(found) for path, found in problems.items())


def test_no_serious_accessibility_violation_before_signing_in(page, demo_site):
    for path in ["/accounts/login/", "/help/", "/help/official/"]:
        page.goto(f"{demo_site}{path}")
        assert not _violations(page), path


def test_the_menu_on_a_small_screen_passes_too(page, demo_site):
    page.set_viewport_size({"width": 360, "height": 740})
    _sign_in(page, demo_site, "vanphong")
    toggler = page.get_by_role("button", name="Mở menu")
    expect(toggler).to_be_visible()
    toggler.click()
    expect(page.get_by_role("button", name="Đăng xuất")).to_be_visible()
    assert not _violations(page)


# ---- the top navigation at 1366 px --------------------------------------------------------------------------


@pytest.mark.parametrize("username", ["vanphong", "admin", "tuphap"])
def test_the_navigation_keeps_the_name_and_the_logout_on_one_line_at_1366(page, demo_site, username):
    page.set_viewport_size({"width": 1366, "height": 768})
    _sign_in(page, demo_site, username)
    name = page.get_by_test_id("current-user")
    logout = page.get_by_role("button", name="Đăng xuất")
    expect(name).to_be_visible()
    expect(logout).to_be_visible()
    expect(page.locator(".navbar-toggler")).to_be_hidden()
    name_box, logout_box = name.bounding_box(), logout.bounding_box()
    bell_box = page.get_by_test_id("bell").bounding_box()
    assert name_box and logout_box and bell_box
    # One line of text is about 25 px high (two would be 50): the name, and the small button around its label.
    assert name_box["height"] < 36, "the name wraps"
    assert logout_box["height"] < 40, "the logout button wraps"
    assert abs((name_box["y"] + name_box["height"] / 2) - (logout_box["y"] + logout_box["height"] / 2)) < 4
    assert abs(bell_box["y"] - logout_box["y"]) < 4, "the right-hand group is on one row"
    assert logout_box["x"] + logout_box["width"] <= 1366, "the logout is inside the window"
    assert page.evaluate("document.documentElement.scrollWidth") <= 1366
    # The name is shown whole, not cut by an ellipsis.
    assert name.evaluate("el => el.scrollWidth <= el.clientWidth")


def test_the_navigation_collapses_into_a_menu_on_a_phone(page, demo_site):
    page.set_viewport_size({"width": 360, "height": 740})
    _sign_in(page, demo_site, "vanphong")
    expect(page.get_by_role("link", name="Tiến độ", exact=True)).to_be_hidden()
    page.get_by_role("button", name="Mở menu").click()
    expect(page.get_by_role("link", name="Tiến độ", exact=True)).to_be_visible()
    expect(page.get_by_test_id("current-user")).to_be_visible()
    assert page.locator("nav.navbar").evaluate("el => el.scrollWidth <= el.clientWidth")


# ---- the keyboard alone ---------------------------------------------------------------------------------------

FOCUS_SHOWN = """el => {
  const s = getComputedStyle(el);
  return (s.outlineStyle !== 'none' && parseFloat(s.outlineWidth) >= 2) || s.boxShadow !== 'none';
}"""


def _tab_to(page: Page, selector: str, limit: int = 200) -> None:
    """Press Tab until the element matching `selector` has the focus; every stop on the way shows its focus."""
    for _ in range(limit):
        page.keyboard.press("Tab")
        focused = page.locator(":focus")
        if focused.count() == 0:
            continue
        described = focused.evaluate("el => el.outerHTML.slice(0, 120)")
        assert focused.evaluate(FOCUS_SHOWN), f"no visible focus on {described}"
        if focused.evaluate("(el, sel) => el.matches(sel)", selector):
            return
    raise AssertionError(f"{selector} not reached with Tab")


def test_signing_in_with_the_keyboard(page, demo_site):
    page.goto(f"{demo_site}/accounts/login/")
    expect(page.locator("#id_username")).to_be_focused()  # autofocus
    page.keyboard.type("tuphap")
    page.keyboard.press("Tab")
    expect(page.locator("#id_password")).to_be_focused()
    page.keyboard.type(DEMO_PASSWORD)
    page.keyboard.press("Enter")
    expect(page).to_have_url(f"{demo_site}/tasks/")


def test_the_official_saves_a_draft_with_the_keyboard(page, demo_site):
    own = Assessment.objects.filter(task__lead__username="tuphap", status=Status.DRAFTING).first()
    _sign_in(page, demo_site, "tuphap")
    page.goto(f"{demo_site}/assessments/{own.pk}/")
    _tab_to(page, "textarea[name='result']")
    page.keyboard.press("Control+End")
    page.keyboard.type(" Bổ sung bằng bàn phím.")
    _tab_to(page, "button[name='save']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").first).to_be_visible()
    own.refresh_from_db()
    assert own.result.endswith("Bổ sung bằng bàn phím.")


def test_the_office_returns_an_assessment_with_the_keyboard(page, demo_site):
    handed_in = Assessment.objects.filter(status=Status.SUBMITTED).select_related("task").first()
    _sign_in(page, demo_site, "vanphong")
    page.goto(f"{demo_site}/assessments/{handed_in.pk}/")
    _tab_to(page, "[data-testid='return-form'] textarea[name='reason']")
    page.keyboard.type("Cần ghi rõ số liệu từng năm.")
    _tab_to(page, "[data-testid='return-form'] button[type='submit']")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").filter(has_text=handed_in.task.code)).to_be_visible()
    handed_in.refresh_from_db()
    assert handed_in.status == Status.RETURNED


def test_the_office_accepts_an_assessment_with_the_keyboard(page, demo_site):
    handed_in = Assessment.objects.filter(status=Status.SUBMITTED).first()
    _sign_in(page, demo_site, "vanphong")
    page.goto(f"{demo_site}/assessments/{handed_in.pk}/")
    _tab_to(page, "form[action$='/accept/'] button")
    page.keyboard.press("Enter")
    expect(page.get_by_role("alert").first).to_be_visible()
    handed_in.refresh_from_db()
    assert handed_in.status == Status.ACCEPTED


def test_the_navigation_shows_where_the_focus_is_and_can_be_skipped(page, demo_site):
    _sign_in(page, demo_site, "vanphong")
    page.goto(f"{demo_site}/dashboard/")
    page.keyboard.press("Tab")  # the first stop skips the navigation
    skip = page.get_by_role("link", name="Bỏ qua, đến nội dung chính")
    expect(skip).to_be_focused()
    expect(skip).to_be_visible()
    page.keyboard.press("Enter")
    expect(page.locator("main")).to_be_focused()
    page.goto(f"{demo_site}/dashboard/")
    _tab_to(page, "form[action$='/logout/'] button", limit=30)  # every link and button of the bar on the way


# ---- the user guide's pictures are served -------------------------------------------------------------------


def test_the_guides_screenshots_are_served(page, live_server, transactional_db):
    for role in ["official", "office", "leadership", "admin"]:
        page.goto(f"{live_server.url}/help/{role}/")
        images = page.get_by_test_id("help-screenshot")
        assert images.count() >= 1, role
        for i in range(images.count()):
            image = images.nth(i)
            image.scroll_into_view_if_needed()
            expect(image).to_be_visible()
            assert image.evaluate("img => img.complete && img.naturalWidth === 1280"), image.get_attribute("src")

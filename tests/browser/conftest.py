import shutil

import pytest

from demo.seed import DEMO_PASSWORD

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"


@pytest.fixture(scope="session")
def browser_type_launch_args(browser_type_launch_args):
    # Playwright cannot download its own browser here: drive the system Chromium, with the
    # background-networking flags off so it does not try to reach the closed network.
    return {
        **browser_type_launch_args,
        "executable_path": CHROMIUM,
        "args": [
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            "--disable-component-update",
            "--disable-sync",
            "--no-first-run",
        ],
    }


@pytest.fixture
def browser_context_args(browser_context_args):
    return {**browser_context_args, "locale": "vi-VN", "timezone_id": "Asia/Ho_Chi_Minh"}


@pytest.fixture
def demo_site(request, transactional_db, live_server, demo_recorder):
    """The live demo site, as `make run` would serve it: the demo committed (and flushed after the test)."""
    demo_recorder.load()
    yield live_server.url
    # Before the flush: the page's last requests (an autosave on leaving a field) finish, and its timers stop.
    # A request still writing while the tables are truncated deadlocks on PostgreSQL.
    if "page" in request.fixturenames:
        page = request.getfixturevalue("page")
        if not page.is_closed():
            # htmx marks the element of a request in flight with .htmx-request until its answer has come back.
            page.wait_for_function("() => !document.querySelector('.htmx-request')", timeout=10_000)
            page.close()


@pytest.fixture
def login(page, demo_site):
    def _login(username: str) -> None:
        page.goto(f"{demo_site}/accounts/login/")
        page.get_by_label("Tên đăng nhập").fill(username)
        page.get_by_label("Mật khẩu").fill(DEMO_PASSWORD)
        page.get_by_role("button", name="Đăng nhập").click()

    return _login

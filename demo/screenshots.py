"""`make screenshots`: the pictures of the user guide (/help/), taken from the running demo.

A throwaway SQLite database in a temporary folder: migrated, one superuser (the guide's first-run page, taken
while the database is still empty), then the demo of `seed_demo`; gunicorn serves it with the production
settings on loopback, and Chromium (Playwright, the system browser) takes each page at 1280 × 720. The
PNGs go to static/help/, are committed, and are served with the other static files. Nothing here touches the
database configured for the project: the server and the commands run with their own DATABASE_URL.

    python -m demo.screenshots [--output static/help]
"""

from __future__ import annotations

import argparse
import secrets
import shutil
import subprocess
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from playwright.sync_api import Page, ViewportSize, sync_playwright

from demo import server

ROOT = Path(__file__).resolve().parents[1]
CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
DEMO_PASSWORD = "kimphuong-demo"  # noqa: S105 - the documented demo password (demo.seed), throwaway database
ADMIN = "quantri"
VIEWPORT: ViewportSize = {"width": 1280, "height": 720}


class Site:
    """The throwaway installation: its environment, its management commands, its gunicorn."""

    def __init__(self) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="kimphuong-screenshots-"))
        self.port = server.free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.env = server.loopback_env(
            DATABASE_URL=f"sqlite:///{self.folder / 'db.sqlite3'}",
            MEDIA_ROOT=str(self.folder / "media"),
            STATIC_ROOT=str(self.folder / "static"),
            DJANGO_SECRET_KEY=secrets.token_urlsafe(40),
            DJANGO_SUPERUSER_USERNAME=ADMIN,
            DJANGO_SUPERUSER_PASSWORD=DEMO_PASSWORD,
            DJANGO_SUPERUSER_EMAIL="quantri@example.invalid",
        )
        self.process: subprocess.Popen[bytes] | None = None

    def manage(self, *args: str) -> None:
        subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=self.env, check=True)  # noqa: S603

    def __enter__(self) -> Site:
        self.manage("migrate", "--noinput", "-v0")
        self.manage("createsuperuser", "--noinput")
        self.manage("collectstatic", "--noinput", "-v0")
        try:
            self.process = server.start(self.env, self.port, workers=2, cwd=ROOT)
        except BaseException:
            shutil.rmtree(self.folder, ignore_errors=True)
            raise
        return self

    def __exit__(self, *exc: object) -> None:
        if self.process is not None:
            server.stop(self.process)
        shutil.rmtree(self.folder, ignore_errors=True)


def _sign_in(page: Page, site: Site, username: str) -> None:
    page.context.clear_cookies()
    page.goto(f"{site.url}/accounts/login/")
    page.locator("#id_username").fill(username)
    page.locator("#id_password").fill(DEMO_PASSWORD)
    page.locator("main form button[type=submit]").click()
    page.wait_for_load_state()


def _official_assessment(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/tasks/")
    row = page.locator("[data-task-code]").filter(has=page.locator(".status-drafting")).first
    row.get_by_role("link").first.click()
    page.wait_for_load_state()


def _office_review(page: Page, site: Site) -> None:
    page.goto(f"{site.url}/dashboard/")
    page.get_by_test_id("waiting").get_by_role("link").first.click()
    page.wait_for_load_state()
    # The review panel at the bottom of the window, the bar with Duyệt / Trả lại… just above it.
    page.get_by_test_id("return-form").evaluate("el => el.scrollIntoView({block: 'end', behavior: 'instant'})")


# (file name, user, path or a function that brings the page there)
Shot = tuple[str, str, "str | Callable[[Page, Site], None]"]
SHOTS: list[Shot] = [
    ("official-tasks.png", "tuphap", "/tasks/"),
    ("official-assessment.png", "tuphap", _official_assessment),
    ("office-dashboard.png", "vanphong", "/dashboard/"),
    ("office-review.png", "vanphong", _office_review),
    ("office-report.png", "vanphong", "/reports/"),
    ("leadership-dashboard.png", "chutich", "/dashboard/"),
]


def take(output: Path) -> list[Path]:
    output.mkdir(parents=True, exist_ok=True)
    written = []
    with Site() as site, sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"]
        )
        context = browser.new_context(viewport=VIEWPORT, locale="vi-VN", timezone_id="Asia/Ho_Chi_Minh")
        page = context.new_page()

        # An empty installation: the administrator's first-run guide.
        _sign_in(page, site, ADMIN)
        page.goto(f"{site.url}/setup/")
        page.screenshot(path=output / "admin-setup.png")
        written.append(output / "admin-setup.png")

        site.manage("seed_demo")
        for name, username, where in SHOTS:
            _sign_in(page, site, username)
            if isinstance(where, str):
                page.goto(f"{site.url}{where}")
            else:
                where(page, site)
            page.screenshot(path=output / name)
            written.append(output / name)
        browser.close()
    return written


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0] if __doc__ else None)
    parser.add_argument("--output", type=Path, default=ROOT / "static" / "help")
    args = parser.parse_args()
    for path in take(args.output):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path)


if __name__ == "__main__":
    main()

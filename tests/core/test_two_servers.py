"""Two app servers, one installation: nothing an app server keeps is needed by another (README, "Running in
production"). Two gunicorn instances on two loopback ports share one database and one storage; a browser's
cookies, a file and a report version made through one are there on the other.

Also the settings that make it so (kimphuong/storage.py): sessions in the database or Redis, files on the file
system or in S3-compatible object storage.
"""

from __future__ import annotations

import http.cookiejar
import importlib.util
import re
import secrets
import subprocess
import sys
import textwrap
import time
import urllib.error
import urllib.parse
import urllib.request
import zipfile
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher
from django.core.exceptions import ImproperlyConfigured
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import connection
from django.utils import timezone

from demo import server
from demo.seed import DEMO_PASSWORD
from dissemination.models import Channel, Record
from kimphuong.backup import backup
from kimphuong.models import User
from kimphuong.storage import DB_SESSIONS, S3_BACKEND, cache_and_sessions, s3_options
from kimphuong.storage import default_storage as storage_setting
from reports.models import ReportVersion

ROOT = Path(settings.BASE_DIR)

# --- the settings ----------------------------------------------------------------------------------------


def test_sessions_live_in_the_database_without_redis():
    caches, engine = cache_and_sessions({})
    assert engine == DB_SESSIONS == settings.SESSION_ENGINE
    assert caches["default"]["BACKEND"].endswith("LocMemCache")


def test_redis_url_puts_the_cache_and_the_sessions_in_redis_or_says_what_to_install():
    environ = {"REDIS_URL": "redis://cache.internal:6379/1"}
    if importlib.util.find_spec("redis") is None:
        with pytest.raises(ImproperlyConfigured, match="pip install redis"):
            cache_and_sessions(environ)
        return
    caches, engine = cache_and_sessions(environ)
    assert engine == "django.contrib.sessions.backends.cached_db"
    assert caches["default"] == {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": "redis://cache.internal:6379/1",
    }


def test_files_go_to_the_file_system_unless_a_bucket_is_given():
    assert storage_setting({}) == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert settings.STORAGES["default"]["BACKEND"] == "django.core.files.storage.FileSystemStorage"


def test_storage_url_gives_the_bucket_its_endpoint_region_and_keys():
    environ = {"AWS_ACCESS_KEY_ID": "AKIA-test", "AWS_SECRET_ACCESS_KEY": "secret-test"}
    options = s3_options("s3://cchc-files/thai-nguyen?endpoint_url=https://s3.example.gov.vn&region=hn-1", environ)
    assert options == {
        "bucket_name": "cchc-files",
        "location": "thai-nguyen",
        "endpoint_url": "https://s3.example.gov.vn",
        "region_name": "hn-1",
        "access_key": "AKIA-test",
        "secret_key": "secret-test",
        "file_overwrite": False,  # a second file of the same name never replaces the first
        "default_acl": None,  # the bucket's own (private) default
        "querystring_auth": True,
    }
    from_variables = s3_options("", {"AWS_STORAGE_BUCKET_NAME": "cchc", "AWS_S3_ENDPOINT_URL": "http://minio:9000"})
    assert from_variables["bucket_name"] == "cchc" and from_variables["endpoint_url"] == "http://minio:9000"
    assert "access_key" not in from_variables  # boto3 finds its own credentials


@pytest.mark.parametrize("url", ["https://cchc-files", "s3://", "s3://b?endpoint=https://x"])
def test_a_storage_url_that_is_not_understood_is_refused(url):
    with pytest.raises(ImproperlyConfigured, match="STORAGE_URL"):
        s3_options(url, {})


def test_a_bucket_uses_django_storages_or_says_what_to_install():
    environ = {"STORAGE_URL": "s3://cchc-files?endpoint_url=http://minio:9000"}
    if importlib.util.find_spec("storages") is None:
        with pytest.raises(ImproperlyConfigured, match=r"django-storages\[s3\]"):
            storage_setting(environ)
        return
    assert storage_setting(environ)["BACKEND"] == S3_BACKEND


# --- two servers -----------------------------------------------------------------------------------------

_CSRF = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
_CONFIRM = re.compile(r'name="confirm" value="([^"]+)"')


class _NoRedirect(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args: Any, **kwargs: Any) -> None:
        return None  # the 302 itself is the answer


class Browser:
    """One browser (one cookie jar) that talks to several servers of the same installation."""

    def __init__(self) -> None:
        self.jar = http.cookiejar.CookieJar()
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(self.jar), _NoRedirect())

    def request(self, url: str, data: bytes | None = None, content_type: str = "") -> tuple[int, bytes, str]:
        headers = {"Referer": url, **({"Content-Type": content_type} if content_type else {})}
        request = urllib.request.Request(url, data=data, headers=headers)  # noqa: S310 - loopback
        try:
            with self.opener.open(request, timeout=60) as response:
                return response.status, response.read(), response.headers.get("Location") or ""
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read(), exc.headers.get("Location") or ""

    def get(self, url: str) -> tuple[int, bytes]:
        status, body, _location = self.request(url)
        return status, body

    def post(self, url: str, fields: list[tuple[str, str]]) -> tuple[int, str]:
        status, _body, location = self.request(
            url, urllib.parse.urlencode([*fields, ("csrfmiddlewaretoken", self.csrf())]).encode(),
            "application/x-www-form-urlencoded",
        )  # fmt: skip
        return status, location

    def post_file(self, url: str, fields: list[tuple[str, str]], name: str, filename: str, content: bytes) -> int:
        boundary = secrets.token_hex(16)
        parts = [
            f'--{boundary}\r\nContent-Disposition: form-data; name="{key}"\r\n\r\n{value}\r\n'.encode()
            for key, value in [*fields, ("csrfmiddlewaretoken", self.csrf())]
        ]
        parts.append(
            f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; filename="{filename}"\r\n'
            f"Content-Type: application/octet-stream\r\n\r\n".encode()
            + content
            + b"\r\n"
        )
        body = b"".join(parts) + f"--{boundary}--\r\n".encode()
        status, _body, _location = self.request(url, body, f"multipart/form-data; boundary={boundary}")
        return status

    def csrf(self) -> str:
        return next((c.value or "" for c in self.jar if c.name == "csrftoken"), "")

    def sign_in(self, base: str, username: str, password: str) -> None:
        self.get(f"{base}/accounts/login/")  # the CSRF cookie
        status, location = self.post(f"{base}/accounts/login/", [("username", username), ("password", password)])
        assert status == 302 and "/accounts/login/" not in location, "the sign-in was refused"


def _database_url() -> str:
    """The test database, as the servers must open it (the test database's name, not the configured one)."""
    db = connection.settings_dict
    if connection.vendor == "sqlite":
        return f"sqlite:///{db['NAME']}"
    assert connection.vendor == "postgresql"
    auth = urllib.parse.quote(db["USER"] or "", safe="")
    if db["PASSWORD"]:
        auth += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    host = db["HOST"] or "127.0.0.1"
    port = f":{db['PORT']}" if db["PORT"] else ""
    return f"postgres://{auth}@{host}{port}/{urllib.parse.quote(db['NAME'], safe='')}"


def _start(env: dict[str, str], port: int) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "kimphuong.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "1", "--threads", "2", "--log-level", "warning"],
        cwd=ROOT, env=env,
    )  # fmt: skip


def _wait_until_healthy(process: subprocess.Popen[bytes], base: str) -> None:
    """Until /healthz answers 200; a loaded machine may take a while to answer the first request, so a slow or
    refused answer is retried, but a server that exits is a failure (the application did not start)."""
    deadline = time.monotonic() + 90
    while time.monotonic() < deadline:
        if process.poll() is not None:
            pytest.fail(f"gunicorn exited with code {process.returncode} before answering (its log is above)")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=10) as response:  # noqa: S310 - loopback
                if response.status == 200:
                    return
        except OSError:  # refused while it starts, a timeout, a 503 while the database is not reachable
            time.sleep(0.3)
    pytest.fail(f"gunicorn at {base} did not answer /healthz in 90 s")


@pytest.fixture
def two_servers(tmp_path):
    """Two gunicorn instances with the production settings, one database, one media folder; stopped before the
    test's database is emptied."""
    if importlib.util.find_spec("gunicorn") is None:
        pytest.skip("gunicorn is not installed")
    # The production settings, except that static files are not collected (collectstatic takes most of a
    # minute and no page of this test needs its CSS): plain static storage instead of the hashed manifest.
    (tmp_path / "two_servers_settings.py").write_text(
        textwrap.dedent("""\
            from kimphuong.settings import *  # noqa: F403
            STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
        """)  # noqa: E501
    )
    env = server.loopback_env(
        DJANGO_SETTINGS_MODULE="two_servers_settings",
        PYTHONPATH=str(tmp_path),
        DJANGO_SECRET_KEY=secrets.token_urlsafe(40),  # the same key on both, as in a real deployment
        DATABASE_URL=_database_url(),
        MEDIA_ROOT=str(settings.MEDIA_ROOT),
        STATIC_ROOT=str(tmp_path / "static"),
    )
    for name in ("REDIS_URL", "STORAGE_URL", "AWS_STORAGE_BUCKET_NAME"):
        env.pop(name, None)
    processes: list[subprocess.Popen[bytes]] = []
    bases: list[str] = []
    try:
        for _ in range(2):
            try:
                port = server.free_port()
            except OSError as exc:
                pytest.skip(f"no loopback port for gunicorn: {exc}")
            processes.append(_start(env, port))
            bases.append(f"http://127.0.0.1:{port}")
        for process, base in zip(processes, bases, strict=True):
            _wait_until_healthy(process, base)
        yield bases
    finally:
        for process in processes:
            server.stop(process)


@pytest.mark.django_db(transaction=True)
def test_a_session_a_file_and_a_version_made_on_one_server_are_there_on_the_other(demo, two_servers):
    a, b = two_servers
    # The demo's hashes use the test suite's fast MD5 hasher, which the production settings do not accept.
    office = User.objects.get(username="vanphong")
    office.password = PBKDF2PasswordHasher().encode(DEMO_PASSWORD, PBKDF2PasswordHasher().salt(), iterations=1000)
    office.save(update_fields=["password"])

    browser = Browser()
    browser.sign_in(a, "vanphong", DEMO_PASSWORD)
    # The session opened on A: B knows it (the session is in the database, not in A's memory).
    status, page = browser.get(f"{b}/dashboard/")
    assert status == 200 and "Hoàng Thị Lan".encode() in page
    assert browser.get(f"{b}/reports/")[0] == 200

    # A file uploaded through A downloads, byte for byte, from B.
    content = b"%PDF-1.4\n" + secrets.token_bytes(2048) + b"\n%%EOF\n"
    channel = Channel.objects.filter(is_active=True).order_by("pk").first()
    fields = [
        ("date", f"{timezone.localdate():%d/%m/%Y}"), ("channel", str(channel.pk)),
        ("title", "Phát thanh về hai máy chủ"), ("performer", "Văn phòng"), ("reach", ""), ("reach_kind", ""),
        ("link", ""),
    ]  # fmt: skip
    assert browser.post_file(f"{a}/conference/dissemination/new/", fields, "upload", "ban-tin.pdf", content) == 302
    record = Record.objects.get(title="Phát thanh về hai máy chủ")
    assert default_storage.open(record.file.name).read() == content  # in the shared storage
    status, downloaded = browser.get(f"{b}/conference/dissemination/{record.pk}/file/")
    assert status == 200 and downloaded == content

    # A version issued through A is listed on B, and its files download from B as A serves them.
    assert browser.post(f"{a}/reports/compile/", [])[0] == 302
    _status, confirm_page = browser.get(f"{a}/reports/versions/new/")
    confirm = [("confirm", key) for key in _CONFIRM.findall(confirm_page.decode())]
    status, location = browser.post(f"{a}/reports/versions/new/", confirm)
    assert status == 302 and location.endswith("/reports/")
    version = ReportVersion.objects.get()
    status, workspace = browser.get(f"{b}/reports/")
    assert status == 200
    assert "Đã phát hành phiên bản 1".encode() in workspace  # A's message, shown by B
    for fmt in ("docx", "pdf", "xlsx"):
        link = f"/reports/versions/{version.pk}/{fmt}/"
        assert link.encode() in workspace
        from_b, from_a = browser.get(f"{b}{link}"), browser.get(f"{a}{link}")
        assert from_b[0] == 200 and from_b[1] == from_a[1] and len(from_b[1]) > 1000
    assert browser.get(f"{b}/reports/versions/{version.pk}/docx/")[1][:2] == b"PK"


@pytest.mark.django_db
def test_the_backup_reads_the_stored_files_through_the_storage_not_a_folder(settings, tmp_path):
    """With object storage there is no MEDIA_ROOT to walk: the backup lists and reads the files through the
    storage API (here Django's in-memory storage stands in for a bucket)."""
    settings.STORAGES = {**settings.STORAGES, "default": {"BACKEND": "django.core.files.storage.InMemoryStorage"}}
    default_storage.save("evidence/2026/ban-chup.pdf", ContentFile(b"%PDF-1.4 tu bo nho"))
    default_storage.save("reports/v1.docx", ContentFile(b"PK word"))
    assert not Path(settings.MEDIA_ROOT).exists()

    backup(tmp_path / "sao-luu.zip")

    with zipfile.ZipFile(tmp_path / "sao-luu.zip") as archive:
        assert archive.read("media/evidence/2026/ban-chup.pdf") == b"%PDF-1.4 tu bo nho"
        assert archive.read("media/reports/v1.docx") == b"PK word"

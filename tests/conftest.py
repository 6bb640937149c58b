import os

import pytest

from tests.factories import UserFactory
from tests.snapshot import DemoRecorder

# Playwright's sync API runs an event loop in the test thread; the ORM calls made by the
# tests themselves are still synchronous and safe.
os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")


@pytest.fixture(autouse=True)
def _test_settings(settings, tmp_path):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.SECURE_SSL_REDIRECT = False
    settings.SESSION_COOKIE_SECURE = False
    settings.CSRF_COOKIE_SECURE = False
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
    settings.AXES_ENABLED = True


@pytest.fixture(scope="session")
def demo_recorder():
    """The demo's rows, recorded the first time a test seeds it (tests/snapshot.py)."""
    return DemoRecorder()


@pytest.fixture
def demo(db, demo_recorder):
    """The full demo of SPEC §4 (14 accounts, 62 tasks, a review half-way through).

    Seeded once per session, then copied into each test's own transaction, which rolls it back."""
    return demo_recorder.load()


@pytest.fixture
def official(db):
    return UserFactory()


@pytest.fixture
def office_user(db):
    return UserFactory(office=True)


@pytest.fixture
def leader(db):
    return UserFactory(leadership=True)

import os

import pytest

from demo.seed import DEMO_PASSWORD, seed
from tests.factories import UserFactory

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


@pytest.fixture
def demo(db):
    """The full demo of SPEC §4 (14 accounts, 62 tasks, a review half-way through)."""
    seed()
    return DEMO_PASSWORD


@pytest.fixture
def official(db):
    return UserFactory()


@pytest.fixture
def office_user(db):
    return UserFactory(office=True)


@pytest.fixture
def leader(db):
    return UserFactory(leadership=True)

import os

import pytest
from django.urls import get_resolver

from demo.seed import KIM_PHUONG, kim_phuong
from kimphuong.models import Commune
from kimphuong.scoping import commune_scope, no_scope
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


@pytest.fixture(scope="session", autouse=True)
def _views_imported_outside_any_scope():
    """Every view and form imported before any test's commune scope, as the web server does at start
    (kimphuong.middleware.CommuneScopeMiddleware): a form's choices are made when its module is imported."""
    with no_scope():
        get_resolver().url_patterns  # noqa: B018


_DB_FIXTURES = {"db", "transactional_db", "django_db_reset_sequences", "live_server"}


@pytest.fixture(autouse=True)
def _commune_scope(request, _test_settings):
    """Every test that uses the database runs in a commune's scope (kimphuong.scoping), as a request would:
    Kim Phượng's, from the demo when the test asks for it, else made for the test."""
    names = set(request.fixturenames)
    if not (names & _DB_FIXTURES or request.node.get_closest_marker("django_db")):
        yield None
        return
    if "demo" in names:
        request.getfixturevalue("demo")
        commune = Commune.objects.get(code=KIM_PHUONG["code"])
    else:
        transactional = names & {"transactional_db", "live_server"} or (
            (marker := request.node.get_closest_marker("django_db")) and marker.kwargs.get("transaction")
        )
        request.getfixturevalue("transactional_db" if transactional else "db")
        commune, _ = kim_phuong()
    with commune_scope(commune):
        yield commune


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

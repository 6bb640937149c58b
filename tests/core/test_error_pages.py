"""Error pages 400, 403, 404, 405, 500 and CSRF failure: in the site's layout, in the chosen language, with a
way back; rendered with DEBUG off as in production."""

import pytest
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import BadRequest, PermissionDenied
from django.http import Http404, HttpResponse
from django.test import Client
from django.urls import path, reverse
from django.utils import translation
from django.views.decorators.http import require_POST

from kimphuong import urls as site_urls
from kimphuong.models import User

pytestmark = pytest.mark.django_db

TITLES = {
    400: "Yêu cầu không hợp lệ",
    403: "Không có quyền mở trang này",
    404: "Không tìm thấy trang",
    405: "Thao tác không thực hiện được theo cách này",
    500: "Hệ thống gặp lỗi",
    "csrf": "Biểu mẫu đã hết hạn",
}


def _raise(exception):
    @login_not_required  # visitors see the pages too
    def view(request):
        raise exception

    return view


@login_not_required
@require_POST
def _post_only(request):
    return HttpResponse("done")


# This module is the URLconf of the tests below: the site's URLs plus views that fail on purpose, with the
# site's own handlers.
urlpatterns = [
    path("boom/400/", _raise(BadRequest("test"))),
    path("boom/403/", _raise(PermissionDenied)),
    path("boom/404/", _raise(Http404("test"))),
    path("boom/500/", _raise(RuntimeError("test"))),
    path("boom/405/", _post_only),
    *site_urls.urlpatterns,
]
handler400 = site_urls.handler400
handler403 = site_urls.handler403
handler404 = site_urls.handler404
handler500 = site_urls.handler500


def broken_context_processor(request):
    raise RuntimeError("the database is down")


@pytest.fixture(autouse=True)
def _production(settings):
    settings.DEBUG = False
    settings.ROOT_URLCONF = __name__


def _get(client, language: str | None, status, referer: str | None = None):
    if language:
        client.cookies["django_language"] = language
    extra = {"HTTP_REFERER": referer} if referer else {}
    if status == "csrf":
        return client.post(reverse("login"), {"username": "a", "password": "b"}, **extra)
    return client.get(f"/boom/{status}/", **extra)


def _expected(language: str, text: str) -> str:
    with translation.override(language):
        return translation.gettext(text)


@pytest.mark.parametrize("language", ["vi", "en"])
@pytest.mark.parametrize("status", [400, 403, 404, 405, 500, "csrf"])
def test_each_error_page_in_the_layout_with_a_way_back(demo, language, status):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    client.force_login(User.objects.get(username="tuphap"))
    response = _get(client, language, status, referer="http://testserver/tasks/")
    html = response.content.decode()
    assert response.status_code == (403 if status == "csrf" else status)
    assert response["Content-Type"].startswith("text/html")
    assert f'<html lang="{language}">' in html
    assert _expected(language, TITLES[status]) in html
    assert 'data-testid="error-page"' in html
    assert 'class="navbar' in html and 'data-testid="current-user"' in html, "inside the site's layout"
    assert 'href="/tasks/"' in html, "back to the page before"
    assert f'href="{reverse("home")}"' in html
    assert "Traceback" not in html and "RuntimeError" not in html
    assert response["Content-Security-Policy"]


@pytest.mark.parametrize("status", [400, 403, 404, 405, 500, "csrf"])
def test_error_pages_are_vietnamese_by_default_and_for_visitors_too(db, status):
    client = Client(enforce_csrf_checks=True, raise_request_exception=False)
    response = _get(client, None, status)
    html = response.content.decode()
    assert '<html lang="vi">' in html
    assert TITLES[status] in html
    assert "Về trang chủ" in html
    assert 'data-testid="current-user"' not in html


def test_the_real_urlconf_has_the_handlers(client, db, settings):
    settings.ROOT_URLCONF = "kimphuong.urls"
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    assert TITLES[404] in response.content.decode()
    assert "/no-such-page/" in response.content.decode()


def test_a_405_keeps_its_allow_header(client, demo):
    client.force_login(User.objects.get(username="tuphap"))
    response = client.get(reverse("logout"))
    assert response.status_code == 405
    assert "POST" in response["Allow"]
    assert TITLES[405] in response.content.decode()


def test_a_host_that_is_not_allowed_gets_the_400_page(db):
    client = Client(raise_request_exception=False)
    response = client.get("/accounts/login/", HTTP_HOST="evil.example", HTTP_REFERER="http://evil.example/x")
    assert response.status_code == 400
    html = response.content.decode()
    assert TITLES[400] in html
    assert "evil.example" not in html


def test_a_foreign_referer_is_no_way_back(client, db):
    response = client.get("/boom/404/", HTTP_REFERER="https://evil.example/")
    assert "evil.example" not in response.content.decode()


def test_the_500_page_renders_even_when_the_layout_cannot(demo, settings):
    """A failing context processor (the database is down…): the page without navigation, still Vietnamese."""
    settings.TEMPLATES = [
        {
            **settings.TEMPLATES[0],
            "OPTIONS": {
                **settings.TEMPLATES[0]["OPTIONS"],
                "context_processors": [
                    *settings.TEMPLATES[0]["OPTIONS"]["context_processors"],
                    f"{__name__}.broken_context_processor",
                ],
            },
        }
    ]
    client = Client(raise_request_exception=False)
    client.force_login(User.objects.get(username="tuphap"))
    response = client.get("/boom/500/")
    html = response.content.decode()
    assert response.status_code == 500
    assert TITLES[500] in html
    assert "Về trang chủ" in html
    assert 'data-testid="current-user"' not in html, "rendered without the request's context processors"

"""Security headers on every page, pages that satisfy their own Content-Security-Policy, and the client
address behind a reverse proxy (django-axes counts one office PC, not the whole proxy)."""

import re

import pytest
from django.http import HttpRequest
from django.urls import get_resolver, reverse

from emulation.models import Commendation, Initiative, MovementActivity, Proposal
from indicators.models import IndexScore, Indicator
from kimphuong.middleware import client_ip
from kimphuong.models import User
from reform.models import Assessment, Evidence, Status
from tests.core.test_access_matrix import _concrete, _walk

pytestmark = pytest.mark.django_db

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
)
# An executable inline <script> (no src; JSON data blocks are not executed and are allowed).
INLINE_SCRIPT = re.compile(
    r"<script\b(?![^>]*\bsrc\s*=)(?![^>]*\btype\s*=\s*[\"']application/(?:ld\+)?json)[^>]*>", re.I
)
# An on*= event handler attribute inside a tag, or a javascript: URL.
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\son[a-z]+\s*=", re.I)
JAVASCRIPT_URL = re.compile(r"""(?:href|src|action)\s*=\s*["']?\s*javascript:""", re.I)


def _assert_headers(response, where):
    assert response["Content-Security-Policy"] == CSP, where
    policy = response["Permissions-Policy"]
    for feature in ("camera=()", "microphone=()", "geolocation=()", "payment=()", "usb=()"):
        assert feature in policy, (where, feature)
    assert response["Referrer-Policy"] == "same-origin", where
    assert response["X-Content-Type-Options"] == "nosniff", where
    assert response["X-Frame-Options"] == "DENY", where


def _inline_code(html: str) -> list[str]:
    return [m.group(0)[:120] for rx in (INLINE_SCRIPT, INLINE_HANDLER, JAVASCRIPT_URL) for m in rx.finditer(html)]


def _objects() -> dict[str, int]:
    return {
        "assessment": Assessment.objects.filter(status=Status.SUBMITTED).first().pk,
        "indicator": Indicator.objects.first().pk,
        "index": IndexScore.objects.first().pk,
        "evidence": Evidence.objects.first().pk,
        "commendation": Commendation.objects.first().pk,
        "initiative": Initiative.objects.first().pk,
        "activity": MovementActivity.objects.first().pk,
        "proposal": Proposal.objects.first().pk,
    }


def test_every_page_sends_the_headers_and_carries_no_inline_script(client, demo):
    objects = _objects()
    client.force_login(User.objects.get(username="vanphong"))
    pages = {}
    for name, route in _walk(get_resolver().url_patterns):
        path = _concrete(name, route, objects)
        response = client.get(path)
        _assert_headers(response, name)  # also on redirects, 403, 404 and 405
        if response.status_code == 200 and response["Content-Type"].startswith("text/html"):
            pages[name] = response.content.decode()
    # The assessment form as its lead sees it (the one page with its own script).
    draft = Assessment.objects.filter(status=Status.DRAFTING).select_related("task__lead").first()
    client.force_login(draft.task.lead)
    response = client.get(draft.get_absolute_url())
    _assert_headers(response, "assessment form")
    pages["assessment form (lead)"] = response.content.decode()
    client.logout()
    pages["login"] = client.get(reverse("login")).content.decode()

    assert {"reform:dashboard", "reports:workspace", "emulation:commendation_edit"} <= pages.keys()
    offenders = {name: found for name, html in pages.items() if (found := _inline_code(html))}
    assert not offenders, f"inline scripts or handlers (blocked by the CSP): {offenders}"


def test_the_language_switch_needs_no_inline_handler(client, demo):
    client.force_login(User.objects.get(username="tuphap"))
    html = client.get(reverse("reform:task_list")).content.decode()
    assert 'id="language-select"' in html
    assert "data-autosubmit" in html
    assert "onchange" not in html
    assert "/static/js/app.js" in html


def test_the_detector_finds_what_the_csp_blocks():
    """The detector itself: what the CSP blocks is found, what it allows is not."""
    assert _inline_code('<script>alert(1)</script><select onchange="x()">')
    assert _inline_code('<a href="javascript:void(0)">')
    assert not _inline_code('<script src="/static/js/app.js"></script><select data-autosubmit data-on="1">')
    assert not _inline_code('<script id="d" type="application/json">{}</script><p>one=1 lemon=2</p>')


# ---- behind a reverse proxy ----------------------------------------------------------------------------------


def _request(remote: str, forwarded: str | None = None) -> HttpRequest:
    request = HttpRequest()
    request.META["REMOTE_ADDR"] = remote
    if forwarded is not None:
        request.META["HTTP_X_FORWARDED_FOR"] = forwarded
    return request


def test_client_address_ignores_x_forwarded_for_without_a_trusted_proxy(settings):
    settings.TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request("203.0.113.9", "10.0.0.5")) == "203.0.113.9"


def test_client_address_is_the_one_the_trusted_proxy_saw(settings):
    settings.TRUSTED_PROXY_COUNT = 1
    assert client_ip(_request("127.0.0.1", "10.0.0.5")) == "10.0.0.5"
    # Whatever the client wrote itself stands to the left and is not believed.
    assert client_ip(_request("127.0.0.1", "1.2.3.4, 10.0.0.5")) == "10.0.0.5"
    assert client_ip(_request("127.0.0.1")) == "127.0.0.1"  # not through the proxy
    settings.TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request("10.1.1.1", "1.2.3.4, 10.0.0.5, 172.16.0.2")) == "10.0.0.5"
    assert client_ip(_request("10.1.1.1", "10.0.0.5")) == "10.0.0.5"  # only the inner proxy on the way


def _fail(client, settings, address: str, times: int | None = None):
    for _ in range(times or settings.AXES_FAILURE_LIMIT):
        client.post(
            reverse("login"),
            {"username": "tuphap", "password": "sai-mat-khau"},
            REMOTE_ADDR="127.0.0.1",
            HTTP_X_FORWARDED_FOR=address,
        )


def test_behind_nginx_one_pc_failing_does_not_lock_out_the_office(client, demo, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, settings, "10.0.0.5")
    locked = client.post(
        reverse("login"),
        {"username": "tuphap", "password": demo},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.5",
    )
    assert locked.status_code == 429
    other = client.post(
        reverse("login"),
        {"username": "tuphap", "password": demo},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.6",
    )
    assert other.status_code == 302, "another PC of the office is not locked out"


def test_a_forged_x_forwarded_for_does_not_escape_the_lock(client, demo, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    _fail(client, settings, "10.0.0.5")
    forged = client.post(
        reverse("login"),
        {"username": "tuphap", "password": demo},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="198.51.100.1, 10.0.0.5",  # the client prepends a made-up address
    )
    assert forged.status_code == 429


def test_without_the_setting_everybody_behind_the_proxy_shares_one_address(client, demo, settings):
    """Why DJANGO_TRUSTED_PROXIES exists: without it nginx's address is everyone's."""
    settings.TRUSTED_PROXY_COUNT = 0
    _fail(client, settings, "10.0.0.5")
    other = client.post(
        reverse("login"),
        {"username": "tuphap", "password": demo},
        REMOTE_ADDR="127.0.0.1",
        HTTP_X_FORWARDED_FOR="10.0.0.6",
    )
    assert other.status_code == 429


@pytest.mark.parametrize(
    ("username", "labels"),
    [
        ("tuphap", ["Nhiệm vụ của tôi", "Số liệu"]),
        ("chutich", ["Tiến độ", "Nhiệm vụ của tôi", "Số liệu", "Chỉ số CCHC", "Thi đua", "Báo cáo", "Hội nghị"]),
        (
            "vanphong",
            [
                "Tiến độ",
                "Nhiệm vụ của tôi",
                "Số liệu",
                "Chỉ số CCHC",
                "Thi đua",
                "Báo cáo",
                "Hội nghị",
                "Nhập kế hoạch",
            ],
        ),
    ],
)
def test_the_navigation_assembled_from_the_apps_shows_each_role_its_pages_in_order(client, demo, username, labels):
    client.force_login(User.objects.get(username=username))
    items = client.get(reverse("reform:task_list")).context["nav_items"]
    assert [str(item["label"]) for item in items] == labels

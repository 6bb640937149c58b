"""Hướng dẫn sử dụng: one page per role, readable by anyone, with the form's own help texts and screenshots
of the running demo (made by `make screenshots`, committed under static/help/)."""

import re
import struct
from pathlib import Path

import pytest
from django.contrib.staticfiles import finders
from django.urls import reverse

from reform.forms.assessment import AssessmentForm, EvidenceRowForm, RecommendationRowForm
from reform.views import HELP_ROLES
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

HELP_DIR = Path(__file__).resolve().parents[2] / "static" / "help"
IMAGE = re.compile(r'<img src="/static/(help/[^"]+)"')


def _page(client, role: str) -> str:
    response = client.get(reverse("reform:help_page", args=[role]))
    assert response.status_code == 200, role
    return response.content.decode()


@pytest.mark.parametrize("role", ["official", "office", "leadership", "admin"])
def test_each_role_has_its_page_readable_by_everyone(client, role):
    html = _page(client, role)  # before signing in (login_not_required)
    assert "<h1" in html and str(HELP_ROLES[role]) in html
    client.force_login(UserFactory())
    assert str(HELP_ROLES[role]) in _page(client, role)


def test_an_unknown_role_is_a_404(client):
    assert client.get("/help/nobody/").status_code == 404


def test_the_officials_page_shows_the_forms_own_help_texts(client):
    html = _page(client, "official")
    fields = AssessmentForm.base_fields
    for name in AssessmentForm.Meta.fields:
        assert str(fields[name].label) in html, name
        if fields[name].help_text:
            assert str(fields[name].help_text) in html, name
    levels = [label for value, label in fields["completion"].choices if value]
    assert len(levels) == 5
    for label in levels:
        assert str(label) in html
    for form in (EvidenceRowForm, RecommendationRowForm):
        for name, field in form.base_fields.items():
            if name != "remove_file":
                assert str(field.label) in html, name


def test_the_index_marks_the_readers_own_pages(client):
    anonymous = client.get(reverse("reform:help_index")).content.decode()
    assert 'data-testid="help-mine"' not in anonymous
    for role in HELP_ROLES:
        assert reverse("reform:help_page", args=[role]) in anonymous

    client.force_login(UserFactory(office=True))
    html = client.get(reverse("reform:help_index")).content.decode()
    assert html.count('data-testid="help-mine"') == 2  # official and office


def test_every_page_links_to_the_guide(client, official):
    help_url = reverse("reform:help_index")
    assert f'href="{help_url}"' in client.get(reverse("login")).content.decode()
    client.force_login(official)
    html = client.get(reverse("reform:task_list")).content.decode()
    assert 'data-testid="help"' in html and 'data-testid="help-footer"' in html


def _png_size(path: Path) -> tuple[int, int]:
    header = path.read_bytes()[:24]
    assert header[:8] == b"\x89PNG\r\n\x1a\n", f"{path.name} is not a PNG"
    return struct.unpack(">II", header[16:24])


def test_the_screenshots_exist_and_are_static_files(client):
    shown = set()
    for role in HELP_ROLES:
        shown |= set(IMAGE.findall(_page(client, role)))
    assert len(shown) >= 6
    for name in shown:
        path = HELP_DIR / Path(name).name
        assert path.is_file(), f"{name}: run `make screenshots`"
        assert _png_size(path) == (1280, 720)
        assert finders.find(name), f"{name} is not collected with the static files"
    # Nothing stale: every picture in static/help is used by a page of the guide.
    assert {f"help/{p.name}" for p in HELP_DIR.glob("*.png")} == shown

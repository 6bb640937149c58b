"""Sở Nội vụ's users land on the province's pages and see only the province's entries in the bar."""

import pytest
from django.urls import reverse

from kimphuong.models import PROVINCE_REVIEWER_GROUP
from tests.core.test_access_matrix import province_user

pytestmark = pytest.mark.django_db


def test_a_province_user_lands_on_the_province_overview(client, demo):
    province_user("sonoivu", PROVINCE_REVIEWER_GROUP)
    response = client.post(reverse("login"), {"username": "sonoivu", "password": "secret-pass-123"}, follow=True)
    assert response.redirect_chain[-1][0] == reverse("province:overview")
    page = response.content.decode()
    assert "Các xã" in page and "Báo cáo các xã gửi" in page and "Báo cáo tổng hợp" in page
    nav = page[page.index('id="mainnav"') : page.index("</nav>")]
    assert 'href="/tasks/"' not in nav and 'href="/dashboard/"' not in nav and 'href="/indicators/"' not in nav
    assert "Quản lý xã" not in nav  # the province administrator's page
    assert client.get(reverse("reform:task_list")).status_code == 403

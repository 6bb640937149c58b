"""A commune's pages cost the same with one commune in the installation as with ten: nothing of the other
communes is read (the scope filters every query), so nothing grows with the province."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from kimphuong.models import Commune, User
from kimphuong.scoping import commune_scope
from tests.factories import (
    AssessmentFactory,
    IndicatorFactory,
    PositionFactory,
    ReviewFactory,
    TaskFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db

PAGES = {
    "vanphong": [
        "/dashboard/",
        "/dashboard/tasks/",
        "/dashboard/tasks.xlsx",
        "/tasks/",
        "/notifications/",
        "/indicators/",
        "/indicators/export.xlsx",
        "/indicators/indices/",
        "/emulation/",
        "/emulation/initiatives/",
        "/emulation/proposals/",
        "/emulation/tables/",
        "/emulation/export.xlsx",
        "/reports/",
        "/conference/",
        "/conference/dissemination/",
    ],
    "tuphap": ["/tasks/", "/notifications/", "/indicators/"],
    "chutich": ["/dashboard/", "/reports/"],
}


def _other_communes(n: int) -> None:
    """n more communes, each with its own people, review, tasks, self-assessments and figures."""
    for i in range(n):
        commune = Commune.objects.create(name=f"Xã mẫu {i}", code=f"09{i:03d}")
        with commune_scope(commune):
            office = UserFactory(office=True, position=PositionFactory(code="VP-TK1"))
            review = ReviewFactory()
            for _ in range(5):
                AssessmentFactory(task=TaskFactory(plan=review.plan, lead=office), filled=True)
            IndicatorFactory(code="TTHC.1a")


def _counts(client) -> dict[str, int]:
    counts = {}
    for username, urls in PAGES.items():
        client.force_login(User.objects.get(username=username))
        for url in urls:
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url)
            assert response.status_code == 200, url
            counts[f"{username} {url}"] = len(queries)
    return counts


def test_a_communes_pages_cost_the_same_with_ten_communes(client, demo):
    alone = _counts(client)
    _other_communes(9)
    assert Commune.objects.count() == 10
    assert _counts(client) == alone

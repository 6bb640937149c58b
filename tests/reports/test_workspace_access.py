"""Who may compile and edit the report."""

import pytest
from django.urls import reverse

from kimphuong.models import User
from reports.models import ReportSection

pytestmark = pytest.mark.django_db


def test_only_the_office_compiles_and_edits(report, client):
    client.force_login(User.objects.get(username="chutich"))
    assert client.get(reverse("reports:workspace")).status_code == 200
    assert client.post(reverse("reports:compile")).status_code == 403
    section = ReportSection.objects.filter(report=report).first()
    assert client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "x"}).status_code == 403
    client.force_login(User.objects.get(username="tuphap"))
    assert client.get(reverse("reports:workspace")).status_code == 403

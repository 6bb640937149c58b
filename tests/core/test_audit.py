"""Field-level history (who, when, old → new) for report sections and the commune profile."""

import pytest
from django.urls import reverse

from kimphuong import audit
from kimphuong.models import CommuneProfile, FieldChange, User
from reform.models import Review
from reports.compile import compile_report
from reports.models import Report, ReportSection

pytestmark = pytest.mark.django_db


def test_report_section_edits_are_in_the_history_and_shown_to_the_office(demo, client):
    office = User.objects.get(username="vanphong")
    report = Report.for_review(Review.current())
    compile_report(report, by=office)
    section = ReportSection.objects.get(report=report, key="p1_overview")
    before = section.text
    client.force_login(office)
    client.post(reverse("reports:section_edit", args=[section.pk]), {"text": "Xã có 16 xóm."})
    client.post(reverse("reports:section_edit", args=[section.pk]), {"use_draft": "1"})
    changes = list(audit.history_of(section))
    assert [(c.old, c.new) for c in reversed(changes)] == [(before, "Xã có 16 xóm."), ("Xã có 16 xóm.", before)]
    assert all(c.changed_by == office and c.field == "text" for c in changes)
    html = client.get(reverse("reports:section_edit", args=[section.pk])).content.decode()
    assert 'data-testid="history"' in html and "Xã có 16 xóm." in html


def test_commune_profile_changes_in_the_admin_are_recorded(demo, client):
    admin = User.objects.get(username="admin")
    client.force_login(admin)
    profile = CommuneProfile.load()
    url = reverse("admin:kimphuong_communeprofile_change", args=[profile.pk])
    form = client.get(url).context["adminform"].form
    data = {k: ("" if v is None else v) for k, v in form.initial.items()}
    data.update(population="5000", hamlet_count="16")
    response = client.post(url, data)
    assert response.status_code == 302, response.content.decode()[:2000]
    change = FieldChange.objects.get(field="population")
    assert (change.old, change.new, change.changed_by) == ("4912", "5000", admin)
    assert not FieldChange.objects.filter(field="hamlet_count").exists()  # unchanged: not recorded


def test_history_is_append_only(demo):
    user = User.objects.get(username="vanphong")
    audit.record(user, {"full_name": ("A", "B")}, by=user)
    change = FieldChange.objects.get(field="full_name")
    change.new = "C"
    with pytest.raises(ValueError):
        change.save()

import pytest
from django.apps import apps
from django.contrib import admin
from django.urls import reverse

from kimphuong.models import User
from reform.models import Task

pytestmark = pytest.mark.django_db

OUR_APPS = {"kimphuong", "reform", "emulation", "reports"}


def test_every_model_is_registered_with_filters_and_search():
    for model in apps.get_models():
        if model._meta.app_label not in OUR_APPS:
            continue
        assert admin.site.is_registered(model), f"{model.__name__} is not in the admin"
        model_admin = admin.site._registry[model]
        assert model_admin.search_fields, f"{model.__name__} admin has no search"
        assert model_admin.list_filter or model.__name__ in {"CommuneProfile"}, f"{model.__name__} has no filters"


def test_every_changelist_and_add_page_opens_with_vietnamese_labels(client, demo):
    client.force_login(User.objects.get(username="admin"))
    for model in admin.site._registry:
        if model._meta.app_label not in OUR_APPS:
            continue
        url = reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_changelist")
        response = client.get(url, {"q": "Kim Phượng"})
        assert response.status_code == 200, url
    html = client.get(reverse("admin:reform_task_changelist")).content.decode()
    assert "nhiệm vụ" in html.lower()
    task = Task.objects.first()
    assert client.get(reverse("admin:reform_task_change", args=[task.pk])).status_code == 200

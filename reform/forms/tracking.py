"""The tracking list's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any, cast
from urllib.parse import urlencode

from django import forms
from django.utils.translation import gettext_lazy as _

from kimphuong.forms import FilterForm, filter_helper
from kimphuong.models import TaskGroup, User
from reform.models import Status, TaskQuerySet


class TrackingFilterForm(FilterForm):
    """Filters shared by the dashboard, the tracking list and its Excel export (all optional)."""

    group = forms.ModelChoiceField(
        label=_("Lĩnh vực"),
        queryset=TaskGroup.objects.all(),
        required=False,
        to_field_name="code",
        empty_label=_("Tất cả"),
    )
    lead = forms.ModelChoiceField(
        label=_("Người chủ trì"), queryset=User.objects.none(), required=False, empty_label=_("Tất cả")
    )
    status = forms.ChoiceField(label=_("Trạng thái"), choices=[("", _("Tất cả")), *Status.choices], required=False)
    overdue = forms.BooleanField(label=_("Chỉ nhiệm vụ quá hạn"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = cast("forms.ModelChoiceField[User]", self.fields["lead"])
        lead.queryset = User.objects.filter(led_tasks__isnull=False).distinct().order_by("full_name")
        lead.label_from_instance = lambda obj: obj.display_name  # type: ignore[method-assign]
        self.dashboard_helper = filter_helper("group", "lead", width="col-sm-4")

    def filter(self, tasks: TaskQuerySet, *, today: dt.date) -> TaskQuerySet:
        if not self.is_valid():
            return tasks
        data = self.cleaned_data
        if data["group"]:
            tasks = tasks.filter(group=data["group"])
        if data["lead"]:
            tasks = tasks.filter(lead=data["lead"])
        if data["status"]:
            tasks = tasks.with_status(data["status"])
        if data["overdue"]:
            tasks = tasks.overdue(today)
        return tasks

    def query(self, **changes: Any) -> str:
        """This filter's query string with some values replaced: links from each number to its list."""
        params = {k: v for k, v in (self.data or {}).items() if v and k in self.fields}
        params.update({k: v for k, v in changes.items()})
        return urlencode({k: v for k, v in params.items() if v not in ("", None, False)})

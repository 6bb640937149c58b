"""The tracking list's filters."""

from __future__ import annotations

import datetime as dt
from typing import Any, TypeVar, cast

from django import forms
from django.db.models import Model, QuerySet
from django.utils.translation import gettext_lazy as _

from kimphuong.forms import FilterForm, filter_helper, search_words
from kimphuong.models import TaskGroup, User
from reform.models import Status, TaskQuerySet

_T = TypeVar("_T", bound=Model)

# Column key of the tracking list -> its ordering (the task code last, so equal values keep a stable order).
SORTS: dict[str, tuple[str, ...]] = {
    "code": ("code",),
    "content": ("content", "code"),
    "lead": ("lead__full_name", "lead__username", "code"),
    "due": ("due_date", "code"),
    "status": ("assessment__status", "code"),
    "last": ("last_event_at", "code"),
    "evidence": ("evidence_count", "code"),
}


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
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Mã, nội dung hoặc tên người")}),
    )
    sort = forms.ChoiceField(
        choices=[(f"{sign}{key}", f"{sign}{key}") for key in SORTS for sign in ("", "-")],
        required=False,
        widget=forms.HiddenInput,
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        lead = cast("forms.ModelChoiceField[User]", self.fields["lead"])
        lead.queryset = User.objects.filter(led_tasks__isnull=False).distinct().order_by("full_name")
        lead.label_from_instance = lambda obj: obj.display_name  # type: ignore[method-assign]
        self.dashboard_helper = filter_helper("group", "lead", width="col-sm-4")
        self.helper = filter_helper("q", "group", "lead", "status", "overdue")
        self.helper.layout.append("sort")  # hidden: filtering keeps the chosen order

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
        # Every word somewhere: in the code, the content or the lead's name.
        return search_words(
            tasks, data["q"], "code__icontains", "content__icontains", "lead__full_name__icontains",
            "lead__username__icontains",
        )  # fmt: skip

    def ordered(self, tasks: QuerySet[_T]) -> QuerySet[_T]:
        """The list in the order of the chosen column (`sort=due`, `sort=-due`…), else by area and plan order.
        Call it on `for_tracking()`: the last event and the evidence count are annotations of that queryset."""
        sort = self.cleaned_data.get("sort") if self.is_valid() else ""
        if not sort:
            return tasks
        fields = SORTS[sort.removeprefix("-")]
        return tasks.order_by(*(f"-{name}" if sort.startswith("-") else name for name in fields))

    def sort_link(self, key: str) -> tuple[str, str]:
        """The query string that sorts by `key` (ascending, or descending when it is already ascending) and
        the column's current aria-sort value."""
        current = (self.data or {}).get("sort", "")
        state = "ascending" if current == key else "descending" if current == f"-{key}" else "none"
        return self.query(sort=f"-{key}" if current == key else key), state

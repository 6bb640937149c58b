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
    # A search field, not a dropdown of every official: the page's size does not grow with the commune.
    lead_name = forms.CharField(
        label=_("Người chủ trì"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Họ tên hoặc tên đăng nhập")}),
    )
    # One official exactly: the dashboard's links (a row of the matrix, a late official). Hidden, and shown
    # on the page as a removable choice.
    lead = forms.ModelChoiceField(queryset=User.objects.all(), required=False, widget=forms.HiddenInput)
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

    def __init__(self, *args: Any, groups: list[TaskGroup] | None = None, **kwargs: Any) -> None:
        """`groups`: every area, when the page has read them already (the dashboard's rows): the dropdown
        shows them instead of reading them again."""
        super().__init__(*args, **kwargs)
        if groups is not None:
            field = cast("forms.ModelChoiceField[TaskGroup]", self.fields["group"])
            field.choices = [("", field.empty_label), *((g.code, field.label_from_instance(g)) for g in groups)]
        self.dashboard_helper = filter_helper("group", "lead_name", width="col-sm-4")
        self.dashboard_helper.layout.append("lead")  # hidden: filtering keeps the chosen official
        self.helper = filter_helper("q", "group", "lead_name", "status", "overdue")
        self.helper.layout.extend(["lead", "sort"])  # hidden: filtering keeps the chosen official and order

    @property
    def chosen_lead(self) -> User | None:
        """The one official the list is filtered by (a link of the dashboard), to show and to remove."""
        return self.cleaned_data.get("lead") if self.is_valid() else None

    @property
    def query_without_lead(self) -> str:
        return self.query(lead="")

    def filter(self, tasks: TaskQuerySet, *, today: dt.date) -> TaskQuerySet:
        if not self.is_valid():
            return tasks
        data = self.cleaned_data
        if data["group"]:
            tasks = tasks.filter(group=data["group"])
        if data["lead"]:
            tasks = tasks.filter(lead=data["lead"])
        tasks = search_words(tasks, data["lead_name"], "lead__full_name__icontains", "lead__username__icontains")
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

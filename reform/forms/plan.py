"""The plan: importing it from its Excel template, and which of its tasks report an indicator."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from kimphuong.forms import UploadForm
from reform.models import Plan, Task


class PlanImportForm(UploadForm):
    dry_run = forms.BooleanField(label=_("Chỉ kiểm tra, chưa lưu"), required=False)


class IndicatorTasksForm(forms.Form):
    """Which tasks of the plan report an indicator: their self-assessments show its figures (Số liệu)."""

    tasks = forms.ModelMultipleChoiceField(
        label=_("Nhiệm vụ báo cáo"),
        queryset=Task.objects.none(),
        required=False,
        widget=forms.SelectMultiple(attrs={"size": 12}),
        help_text=_("Giữ Ctrl (hoặc Cmd) để chọn nhiều nhiệm vụ."),
    )

    def __init__(self, *args: Any, plan: Plan | None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        tasks = Task.objects.filter(plan=plan) if plan is not None else Task.objects.none()
        field = cast("forms.ModelMultipleChoiceField[Task]", self.fields["tasks"])
        field.queryset = tasks.select_related("group").order_by("group__order", "order", "code")
        field.label_from_instance = lambda obj: f"{obj.code} – {obj.content[:90]}"  # type: ignore[method-assign]

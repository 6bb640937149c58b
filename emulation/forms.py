from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.db.models import QuerySet
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from emulation.models import (
    AwardForm,
    Commendation,
    Initiative,
    MovementActivity,
    Proposal,
    RecipientKind,
    decision_date_problem,
    plan_date_problem,
)
from kimphuong.forms import DATE_INPUT_FORMATS, FilterForm, FormMixinBase, NFCFormMixin, search_words
from kimphuong.models import GroupKind, TaskGroup, User
from reform.models import Review

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise


def movement_years() -> tuple[int, int]:
    """The movement's period, from the current review (2018–2025 by default)."""
    review = Review.current()
    return (review.emulation_start, review.emulation_end) if review else (2018, 2025)


def _date_field(label: StrOrPromise) -> forms.DateField:
    return forms.DateField(
        label=label,
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"}),
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 28/12/2021.")},
    )


def check_year_and_date(form: forms.BaseForm, cleaned: dict[str, Any], date_field: str, problem_of: Any) -> None:
    """The year lies in the movement's period, and the document's date fits that year."""
    first, last = movement_years()
    year = cleaned.get("year")
    if year is None:
        return
    if not first <= year <= last:
        form.add_error(
            "year",
            _("Năm %(year)s nằm ngoài giai đoạn %(first)s - %(last)s.") % {"year": year, "first": first, "last": last},
        )
    if problem := problem_of(year, cleaned.get(date_field), today=timezone.localdate()):
        form.add_error(date_field, problem)


class RecipientFormMixin(FormMixinBase):
    """Recipient: a user picked from the list fills in the name; otherwise the name is typed."""

    def _setup_recipient(self) -> None:
        recipient = cast("forms.ModelChoiceField[User]", self.fields["recipient_user"])
        # People of the commune: the administrator account (a superuser without a position) is nobody to commend.
        recipient.queryset = (
            User.objects.filter(is_active=True).exclude(is_superuser=True, position__isnull=True).order_by("full_name")
        )
        recipient.label_from_instance = lambda obj: obj.display_name  # type: ignore[method-assign]
        recipient.required = False
        self.fields["recipient_name"].required = False

    def _clean_recipient(self, cleaned: dict[str, Any]) -> None:
        user = cleaned.get("recipient_user")
        if user and not cleaned.get("recipient_name"):
            cleaned["recipient_name"] = user.display_name
        if not cleaned.get("recipient_name"):
            self.add_error("recipient_name", _("Cần chọn người dùng hoặc ghi tên tập thể, cá nhân."))
        if user and cleaned.get("kind") == RecipientKind.COLLECTIVE:
            self.add_error("recipient_user", _("Tập thể không chọn người dùng; hãy ghi tên tập thể."))
        award: AwardForm | None = cleaned.get("form")
        kind = cleaned.get("kind")
        if award and kind and not award.allows(kind):
            self.add_error(
                "form",
                _("Hình thức “%(form)s” không dùng cho %(kind)s.")
                % {"form": award.name, "kind": RecipientKind(kind).label.lower()},
            )


class CommendationForm(RecipientFormMixin, NFCFormMixin, forms.ModelForm):
    decision_date = _date_field(_("Ngày quyết định"))

    class Meta:
        model = Commendation
        fields = [
            "year", "form", "kind", "recipient_user", "recipient_name", "position_or_unit",
            "decision_number", "decision_symbol", "decision_date", "decision_issuer", "achievement", "movement",
        ]  # fmt: skip
        widgets = {"achievement": forms.Textarea(attrs={"rows": 2, "maxlength": 1000})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup_recipient()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._clean_recipient(cleaned)
        check_year_and_date(self, cleaned, "decision_date", decision_date_problem)
        year = cleaned.get("year")
        name, award = cleaned.get("recipient_name"), cleaned.get("form")
        if name and award and year:
            twins = Commendation.objects.annotate(lname=Lower("recipient_name")).filter(
                lname=name.lower(), form=award, year=year
            )
            if twins.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("“%(name)s” đã có %(form)s năm %(year)s trong sổ; không ghi trùng.")
                    % {"name": name, "form": award.name, "year": year}
                )
        return cleaned


class InitiativeForm(NFCFormMixin, forms.ModelForm):
    decision_date = _date_field(_("Ngày quyết định công nhận"))

    class Meta:
        model = Initiative
        fields = [
            "name", "kind", "year", "authors", "author_users", "area", "description", "effect",
            "decision_number", "decision_symbol", "decision_date", "decision_issuer", "replicated",
        ]  # fmt: skip
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "effect": forms.Textarea(attrs={"rows": 2}),
            "author_users": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        area = cast("forms.ModelChoiceField[TaskGroup]", self.fields["area"])
        area.queryset = TaskGroup.objects.filter(kind=GroupKind.REFORM_AREA)
        authors = cast("forms.ModelMultipleChoiceField[User]", self.fields["author_users"])
        authors.label_from_instance = lambda obj: obj.display_name  # type: ignore[method-assign]

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_year_and_date(self, cleaned, "decision_date", decision_date_problem)
        return cleaned


class ActivityForm(NFCFormMixin, forms.ModelForm):
    plan_date = _date_field(_("Ngày ban hành kế hoạch"))

    class Meta:
        model = MovementActivity
        fields = [
            "year", "plan_number", "plan_symbol", "plan_date", "registered_collectives", "registered_individuals",
            "reviews_held", "note",
        ]  # fmt: skip
        widgets = {"note": forms.Textarea(attrs={"rows": 2})}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        check_year_and_date(self, cleaned, "plan_date", plan_date_problem)
        return cleaned


class ProposalForm(RecipientFormMixin, NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Proposal
        fields = ["kind", "recipient_user", "recipient_name", "position_or_unit", "form", "achievement"]
        widgets = {"achievement": forms.Textarea(attrs={"rows": 3, "maxlength": 2000})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._setup_recipient()

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        self._clean_recipient(cleaned)
        name, award = cleaned.get("recipient_name"), cleaned.get("form")
        if name and award:
            twins = Proposal.objects.annotate(lname=Lower("recipient_name")).filter(lname=name.lower(), form=award)
            if twins.exclude(pk=self.instance.pk).exists():
                raise forms.ValidationError(
                    _("“%(name)s” đã được đề nghị %(form)s; không đề nghị trùng.") % {"name": name, "form": award.name}
                )
        return cleaned


class RegisterFilterForm(FilterForm):
    year = forms.TypedChoiceField(label=_("Năm"), required=False, coerce=int, empty_value=None)
    form = forms.ModelChoiceField(
        label=_("Hình thức"), queryset=AwardForm.objects.all(), required=False, empty_label=_("Tất cả")
    )
    kind = forms.ChoiceField(
        label=_("Tập thể / cá nhân"), choices=[("", _("Tất cả")), *RecipientKind.choices], required=False
    )
    q = forms.CharField(
        label=_("Tìm"),
        required=False,
        max_length=100,
        widget=forms.TextInput(attrs={"type": "search", "placeholder": _("Tên, thành tích hoặc số quyết định")}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        first, last = movement_years()
        years = cast(forms.ChoiceField, self.fields["year"])
        years.choices = [("", _("Tất cả")), *[(y, y) for y in range(first, last + 1)]]

    def filter(self, rows: QuerySet[Commendation]) -> QuerySet[Commendation]:
        """The register narrowed to the chosen year, form and collective/individual (all when invalid)."""
        if not self.is_valid():
            return rows
        data = self.cleaned_data
        if data["year"]:
            rows = rows.filter(year=data["year"])
        if data["form"]:
            rows = rows.filter(form=data["form"])
        if data["kind"]:
            rows = rows.filter(kind=data["kind"])
        return search_words(
            rows, data["q"], "recipient_name__icontains", "achievement__icontains", "decision_number__icontains"
        )

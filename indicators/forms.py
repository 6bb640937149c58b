"""The office's forms for the catalogue, its targets and the index scores."""

from __future__ import annotations

from typing import Any, cast

from django import forms
from django.utils.translation import gettext_lazy as _

from indicators.models import (
    Aggregation,
    Feed,
    IndexComponent,
    IndexKind,
    IndexScore,
    Indicator,
    IndicatorTarget,
    ValueKind,
)
from kimphuong.forms import DATE_INPUT_FORMATS, NFCFormMixin


class IndicatorForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Indicator
        fields = [
            "name", "unit", "value_kind", "aggregation", "numerator", "denominator", "responsible",
            "first_year", "last_year", "target_note", "feed",
        ]  # fmt: skip
        help_texts = {
            "aggregation": _("Tỷ lệ được tính từ tử số và mẫu số, không nhập tay."),
            "responsible": _("Chức danh được nhập số liệu của chỉ tiêu này (ngoài Văn phòng)."),
            "feed": _(
                "“Đếm từ sổ tuyên truyền”: số liệu mỗi năm là số hoạt động tuyên truyền ghi trong sổ năm đó, được "
                "tính lại ngay khi lưu và mỗi khi sổ thay đổi; không ai nhập tay được nữa."
            ),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        others = Indicator.objects.exclude(pk=self.instance.pk).exclude(aggregation=Aggregation.RATIO)
        for name in ("numerator", "denominator"):
            cast("forms.ModelChoiceField[Indicator]", self.fields[name]).queryset = others

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if cleaned.get("aggregation") == Aggregation.RATIO:
            if not cleaned.get("numerator") or not cleaned.get("denominator"):
                raise forms.ValidationError(_("Chỉ tiêu tỷ lệ cần chọn cả tử số và mẫu số."))
            if cleaned["numerator"] == cleaned["denominator"]:
                raise forms.ValidationError(_("Tử số và mẫu số phải là hai chỉ tiêu khác nhau."))
        else:
            cleaned["numerator"] = cleaned["denominator"] = None
        first, last = cleaned.get("first_year"), cleaned.get("last_year")
        if first and last and first > last:
            self.add_error("last_year", _("Năm cuối không được nhỏ hơn năm đầu."))
        if cleaned.get("feed") and (
            cleaned.get("aggregation") == Aggregation.RATIO or cleaned.get("value_kind") != ValueKind.NUMBER
        ):
            # A count is a number: a ratio, a percentage, a yes/no or a score cannot be counted from a record.
            self.add_error(
                "feed",
                _("Chỉ tiêu “%(feed)s” phải có kiểu giá trị Số và không phải tỷ lệ.")
                % {"feed": Feed(cleaned["feed"]).label},
            )
        return cleaned

    def refeeds(self) -> bool:
        """Saving must recount the figures: the feed was just chosen, or a fed indicator's years changed."""
        return bool(self.instance.feed) and bool({"feed", "first_year", "last_year"} & set(self.changed_data))


class IndicatorTargetForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = IndicatorTarget
        fields = ["year", "comparison", "value", "source", "source_document", "note", "is_verified"]

    def clean_year(self) -> int | None:
        year = self.cleaned_data.get("year")
        indicator = self.instance.indicator if self.instance.indicator_id else None
        if year is not None and indicator is not None and not indicator.first_year <= year <= indicator.last_year:
            raise forms.ValidationError(
                _("Năm %(year)s nằm ngoài giai đoạn %(first)s - %(last)s.")
                % {"year": year, "first": indicator.first_year, "last": indicator.last_year}
            )
        return year


IndicatorTargetFormSet = forms.inlineformset_factory(
    Indicator, IndicatorTarget, form=IndicatorTargetForm, extra=1, can_delete=True
)


class IndexScoreForm(NFCFormMixin, forms.ModelForm):
    class Meta:
        model = IndexScore
        fields = [
            "index",
            "year",
            "score",
            "max_score",
            "unit",
            "rank",
            "ranked_units",
            "scope",
            "source",
            "source_date",
        ]
        widgets = {"source_date": forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy"})}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.DateField, self.fields["source_date"]).input_formats = DATE_INPUT_FORMATS

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        score, top = cleaned.get("score"), cleaned.get("max_score")
        if score is not None and top is not None and not 0 <= score <= top:
            self.add_error("score", _("Điểm phải từ 0 đến thang điểm %(max)s.") % {"max": top})
        rank, units = cleaned.get("rank"), cleaned.get("ranked_units")
        if rank and units and rank > units:
            self.add_error("rank", _("Thứ hạng không được lớn hơn số đơn vị được xếp hạng."))
        year = cleaned.get("year")
        if year and not 2000 <= year <= 2100:
            self.add_error("year", _("Năm không hợp lệ."))
        index = cleaned.get("index")
        if index and year and IndexScore.objects.filter(index=index, year=year).exclude(pk=self.instance.pk).exists():
            # Said as a person would, before the database's own constraint would answer in its words.
            self.add_error(
                "year",
                _("Đã có điểm %(index)s năm %(year)s: hãy sửa điểm đã có thay vì thêm mới.")
                % {"index": IndexKind(index).short_name, "year": year},
            )
        return cleaned


class IndexComponentForm(forms.ModelForm):
    class Meta:
        model = IndexComponent
        fields = ["name", "value", "max_value", "order"]

    def clean(self) -> dict[str, Any]:
        super().clean()  # ModelForm's clean() returns cleaned_data
        cleaned = self.cleaned_data
        value, top = cleaned.get("value"), cleaned.get("max_value")
        if value is not None and top is not None and value > top:
            self.add_error("value", _("Điểm thành phần vượt điểm tối đa."))
        return cleaned


IndexComponentFormSet = forms.inlineformset_factory(
    IndexScore, IndexComponent, form=IndexComponentForm, extra=2, can_delete=True
)

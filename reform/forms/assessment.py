"""The self-assessment form (SPEC §5): main fields, evidence rows, recommendation rows and figures."""

from __future__ import annotations

import re
import unicodedata
import uuid
from decimal import Decimal
from typing import TYPE_CHECKING, Any, cast

from crispy_forms.helper import FormHelper
from crispy_forms.layout import Layout
from django import forms
from django.core.validators import MaxLengthValidator
from django.forms.utils import ErrorDict
from django.http import QueryDict
from django.utils import timezone, translation
from django.utils.datastructures import MultiValueDict
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext

from indicators.figures import check_grid, format_value
from indicators.models import (
    Aggregation,
    Cell,
    FigureConflict,
    FigureEdit,
    Indicator,
    draft_values,
    parse_shown,
)
from kimphuong.formats import number_vi
from kimphuong.forms import DATE_INPUT_FORMATS, FormMixinBase, NFCFormMixin
from kimphuong.models import CommuneProfile, DocumentType
from reform.files import validate_evidence_file
from reform.models import Assessment, Evidence, Level, Recommendation
from reform.models.assessment import evidence_line, recommendation_line
from reform.services import AssessmentChanges

if TYPE_CHECKING:
    from django_stubs_ext import StrOrPromise

LONG_TEXT = 8000
MEDIUM_TEXT = 4000
SUMMARY_TEXT = 1000
RECOMMENDATION_TEXT = 2000


def count_text(n: int) -> str:
    """A count in the words of the active language: “8.000” in Vietnamese, “8,000” in English."""
    return number_vi(n) if translation.get_language() == "vi" else number_format(n, force_grouping=True)


def over_limit_message(length: int, limit: int) -> str:
    """What a text longer than its field's limit is refused with (the page's script shows the same words)."""
    over = length - limit
    return ngettext(
        "Vượt quá %(over)s ký tự (tối đa %(limit)s ký tự). Hãy rút gọn rồi lưu lại; nội dung bạn nhập vẫn được "
        "giữ nguyên.",
        "Vượt quá %(over)s ký tự (tối đa %(limit)s ký tự). Hãy rút gọn rồi lưu lại; nội dung bạn nhập vẫn được "
        "giữ nguyên.",
        over,
    ) % {"over": count_text(over), "limit": count_text(limit)}


class TextLimit:
    """Refuses a text longer than `limit` characters, saying by how much (code "max_length")."""

    def __init__(self, limit: int) -> None:
        self.limit = limit

    def __call__(self, value: str) -> None:
        length = len(unicodedata.normalize("NFC", value))  # as stored; the page counts the same way
        if length > self.limit:
            raise forms.ValidationError(over_limit_message(length, self.limit), code="max_length")


class TextLimitMixin(FormMixinBase):
    """A text longer than its limit is refused with the number of characters over, never cut.

    A browser silently truncates what is pasted into a field with a `maxlength` attribute, so no field carries
    one: the limit travels as `data-counter` (text areas, with a live counter) or `data-limit` (one-line
    fields), the page's script shows the overage at once, and the server refuses the save with the same
    message while the page keeps the whole text. `text_limits` sets limits the model does not have.
    """

    text_limits: dict[str, int] = {}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for name, field in self.fields.items():
            if not isinstance(field, forms.CharField):
                continue
            limit = self.text_limits.get(name) or field.max_length
            if not limit:
                continue
            field.max_length = limit
            field.validators = [v for v in field.validators if not isinstance(v, MaxLengthValidator | TextLimit)]
            field.validators.append(TextLimit(limit))
            field.widget.attrs.pop("maxlength", None)
            field.widget.attrs["data-counter" if isinstance(field.widget, forms.Textarea) else "data-limit"] = limit

    def too_long(self) -> list[str]:
        """“Label: message” for each field refused for its length (the autosave status names them)."""
        return [
            f"{self.fields[name].label}: {error.messages[0]}"
            for name, errors in self.errors.as_data().items()
            if name in self.fields
            for error in errors
            if error.code == "max_length"
        ]


class AssessmentForm(TextLimitMixin, NFCFormMixin, forms.ModelForm):
    expected_version = forms.IntegerField(widget=forms.HiddenInput)

    class Meta:
        model = Assessment
        # Never "status": it changes only through the workflow methods.
        fields = [
            "completion",
            "result",
            "shortcomings",
            "cause_objective",
            "cause_subjective",
            "lessons",
            "proposals",
            "no_evidence_reason",
        ]
        widgets = {
            "completion": forms.RadioSelect,
            "result": forms.Textarea(attrs={"rows": 8}),
            "shortcomings": forms.Textarea(attrs={"rows": 4}),
            "cause_objective": forms.Textarea(attrs={"rows": 3}),
            "cause_subjective": forms.Textarea(attrs={"rows": 3}),
            "lessons": forms.Textarea(attrs={"rows": 3}),
            "proposals": forms.Textarea(attrs={"rows": 4}),
            "no_evidence_reason": forms.Textarea(attrs={"rows": 2}),
        }
        help_texts = {
            "completion": _("Chọn một mức phù hợp nhất với kết quả cả giai đoạn 2021 - 2025."),
            "result": _(
                "Ghi kết quả từ năm 2021 đến 2025: đã làm gì, sản phẩm là gì, số liệu cụ thể "
                "(số văn bản, số hồ sơ, tỷ lệ %). Nội dung này được đưa vào báo cáo tổng kết."
            ),
            "shortcomings": _("Những việc chưa làm được hoặc làm chưa tốt."),
            "cause_objective": _("Nguyên nhân từ bên ngoài (cơ chế, chính sách, điều kiện khách quan)."),
            "cause_subjective": _("Nguyên nhân từ chính việc tổ chức thực hiện."),
            "lessons": _("Không bắt buộc."),
            "proposals": _("Nhiệm vụ, giải pháp, chỉ tiêu đề xuất cho giai đoạn tới."),
            "no_evidence_reason": _(
                "Chỉ ghi khi không có tài liệu kiểm chứng nào: giải trình lý do (theo quy định chấm điểm của tỉnh)."
            ),
        }

    text_limits = {name: LONG_TEXT if name == "result" else MEDIUM_TEXT for name in Meta.fields[1:]}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        completion = cast(forms.ChoiceField, self.fields["completion"])
        completion.required = False  # a draft may leave it open; "Nộp" checks it
        choices = cast("list[tuple[str, StrOrPromise]]", completion.choices)  # the model field's, blank first
        completion.choices = [c for c in choices if c[0]]
        if self.instance.pk and "expected_version" not in self.initial:
            self.initial["expected_version"] = self.instance.version
        # Two blocks around the figures and evidence rows, in the order of SPEC §5.
        self.helper_top = _helper("expected_version", "completion", "result")
        self.helper_bottom = _helper(
            "shortcomings", "cause_objective", "cause_subjective", "lessons", "proposals", "no_evidence_reason"
        )

    def mark_missing(self, items: list[tuple[str, str]]) -> list[dict[str, str]]:
        """After a refused “Nộp”: each missing part is shown beside its field (Bootstrap's is-invalid), on the
        page built from the saved draft. Returns the items of the alert, each with the id of its field."""
        self._errors = ErrorDict()
        links = []
        for name, text in items:
            bound = self[name]
            self._errors[name] = self.error_class(
                [_("Cần %(item)s trước khi nộp.") % {"item": text}], renderer=self.renderer, field_id=bound.auto_id
            )
            target = f"{bound.auto_id}_0" if isinstance(bound.field.widget, forms.RadioSelect) else bound.auto_id
            links.append({"field": name, "target": target, "text": text})
        return links


def _helper(*fields: str) -> FormHelper:
    helper = FormHelper()
    helper.form_tag = False
    helper.disable_csrf = True
    helper.layout = Layout(*fields)
    return helper


class EvidenceRowForm(TextLimitMixin, NFCFormMixin, forms.ModelForm):
    issued_on = forms.DateField(
        label=_("Ngày"),
        required=False,
        input_formats=DATE_INPUT_FORMATS,
        widget=forms.DateInput(format="%d/%m/%Y", attrs={"placeholder": "dd/mm/yyyy", "inputmode": "numeric"}),
        error_messages={"invalid": _("Ngày không hợp lệ: hãy nhập theo dạng ngày/tháng/năm, ví dụ 05/02/2024.")},
    )
    remove_file = forms.BooleanField(label=_("bỏ tệp đã đính kèm"), required=False)

    class Meta:
        model = Evidence
        fields = ["doc_type", "number", "symbol", "issued_on", "issuer", "summary", "location", "file"]
        widgets = {"summary": forms.Textarea(attrs={"rows": 2})}

    text_limits = {"summary": SUMMARY_TEXT}

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        cast(forms.ChoiceField, self.fields["doc_type"]).choices = DocumentType.choices
        self.fields["summary"].error_messages["required"] = _("Trích yếu của tài liệu kiểm chứng là bắt buộc.")
        self.fields["file"].widget = forms.ClearableFileInput(
            attrs={"accept": ".pdf,.doc,.docx,.xls,.xlsx,.jpg,.jpeg,.png"}
        )
        self.fields["file"].widget.clear_checkbox_label = ""
        # What is stored now, read before validation puts an unsaved upload on the instance.
        stored = self.instance.pk is not None and bool(self.instance.file)
        self.stored_file_name = self.instance.original_name or self.instance.file.name if stored else ""

    @property
    def unsaved_upload(self) -> str:
        """The name of a file chosen for this row that was not saved (the page came back with an error):
        a browser cannot put a file back into a file input, so the user must choose it again."""
        upload = self.files.get(self.add_prefix("file")) if self.is_bound else None
        if upload is None or self.has_error("file"):
            return ""
        return upload.name or ""

    def clean_file(self) -> Any:
        upload = self.cleaned_data.get("file")
        if upload and hasattr(upload, "content_type"):  # a new upload, not the stored file
            validate_evidence_file(upload)
        return upload

    def is_blank(self) -> bool:
        """A row the user added but left empty is ignored rather than refused."""
        data = {
            f: self.data.get(self.add_prefix(f), "").strip()
            for f in ("number", "symbol", "issued_on", "issuer", "summary", "location")
        }
        return not any(data.values()) and not self.files.get(self.add_prefix("file")) and not self.instance.pk


def recommendation_level_choices(current: str = "", present: set[str] | None = None) -> list[tuple[str, StrOrPromise]]:
    """Cấp nhận as the commune's superior bodies stand today (no Huyện since 01/7/2025, by the data); a row
    already addressed to a level that is gone keeps it, marked, until the official picks a new one."""
    if present is None:
        present = CommuneProfile.levels_on(timezone.localdate())
    choices: list[tuple[str, StrOrPromise]] = [
        (value, label) for value, label in Level.choices if value != Level.DISTRICT or value in present
    ]
    if current == Level.DISTRICT and Level.DISTRICT not in present:
        choices.insert(2, (Level.DISTRICT, _("Huyện (không còn cấp huyện: chọn cấp nhận mới)")))
    return choices


class RecommendationRowForm(TextLimitMixin, NFCFormMixin, forms.ModelForm):
    class Meta:
        model = Recommendation
        fields = ["content", "level"]
        widgets = {"content": forms.Textarea(attrs={"rows": 2})}

    text_limits = {"content": RECOMMENDATION_TEXT}

    def __init__(self, *args: Any, levels: set[str] | None = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        current = self.instance.level if self.instance.pk else ""
        cast(forms.ChoiceField, self.fields["level"]).choices = recommendation_level_choices(current, levels)
        self.fields["content"].error_messages["required"] = _("Nội dung kiến nghị là bắt buộc.")

    def is_blank(self) -> bool:
        return not self.data.get(self.add_prefix("content"), "").strip() and not self.instance.pk


class FiguresForm(forms.Form):
    """Số liệu: one field per linked indicator and year of the period (name: ind-<id>-<year>).

    Beside each cell the page carries what it showed (<name>-orig) and the stored version it showed
    (<name>-v): a save writes only the cells the user changed, each only if still at that version.
    """

    def __init__(
        self,
        *args: Any,
        indicators: list[Indicator],
        years: list[int],
        values: dict[Cell, Decimal],
        versions: dict[Cell, int] | None = None,
        **kwargs: Any,
    ) -> None:
        super().__init__(*args, **kwargs)
        self.indicators = indicators
        self.years = years
        self.shown = dict(values)
        self.versions = dict(versions or {})
        self.conflicts: dict[Cell, FigureConflict] = {}
        for ind in indicators:
            for year in years:
                name = f"ind-{ind.pk}-{year}"
                value = values.get((ind.pk, year))
                self.fields[name] = forms.CharField(
                    label=f"{ind.code} {year}", required=False, max_length=30, initial=format_value(value)
                )

    def clean(self) -> dict[str, Any]:
        super().clean()  # Form's clean() returns cleaned_data
        cleaned = self.cleaned_data
        # A figure for a year outside the period is refused, not silently dropped.
        if isinstance(self.data, QueryDict | MultiValueDict | dict):
            for key in self.data:
                match = re.fullmatch(r"ind-(\d+)-(\d+)", key)
                if match and int(match.group(2)) not in self.years:
                    raise forms.ValidationError(
                        _("Năm %(year)s nằm ngoài giai đoạn %(first)s - %(last)s.")
                        % {"year": match.group(2), "first": self.years[0], "last": self.years[-1]}
                    )
        return cleaned

    def _sent(self) -> list[str]:
        """The cells the page sent: a cell absent from the POST is left as it is, never cleared."""
        return [name for name in self.fields if name in self.data]

    def _clean_fields(self) -> None:
        super()._clean_fields()  # type: ignore[misc]  # a private step of Django's full_clean(), not in the stubs
        # The same checks as the office's grid: each number, then the rules between figures of a year.
        raw = {_cell(name): self.cleaned_data.get(name) or "" for name in self._sent()}
        if not raw:
            return
        result = check_grid(self.indicators, self.years, raw)
        for (pk, year), value in result.values.items():
            self.cleaned_data[f"ind-{pk}-{year}"] = value
        for (pk, year), message in result.errors.items():
            self.add_error(f"ind-{pk}-{year}", message)
        for message in result.general:
            self.add_error(None, message)

    def _meta(self, name: str) -> tuple[str, int]:
        """What the page showed in this cell and the version it showed."""
        if not self.is_bound:
            cell = _cell(name)
            return format_value(self.shown.get(cell)), self.versions.get(cell, 0)
        try:
            version = int(self.data.get(f"{name}-v") or 0)
        except (TypeError, ValueError):
            version = -1  # a mangled version never matches: the cell is refused, not overwritten
        return self.data.get(f"{name}-orig") or "", version

    def rows(self) -> list[dict[str, Any]]:
        rows = []
        for ind in self.indicators:
            cells = []
            for year in self.years:
                name = f"ind-{ind.pk}-{year}"
                orig, version = self._meta(name)
                cells.append(
                    {
                        "field": self[name],
                        "orig": orig,
                        "version": version,
                        "conflict": self.conflicts.get((ind.pk, year)),
                    }
                )
            rows.append({"indicator": ind, "cells": cells})
        return rows

    def values(self) -> dict[Cell, FigureEdit]:
        """The cells the page sent, each with what it showed."""
        edits = {}
        for name in self._sent():
            orig, version = self._meta(name)
            edits[_cell(name)] = FigureEdit(value=self.cleaned_data[name], shown=parse_shown(orig), version=version)
        return edits

    def typed(self) -> dict[Cell, str]:
        """The text in every sent cell, as typed (for the conflict view)."""
        return {_cell(name): (self.data.get(name) or "").strip() for name in self._sent()}

    def take_stored(self, conflicts: list[FigureConflict]) -> None:
        """After a refusal: the page now shows the stored value beside each conflicting cell, and saving
        again means “keep mine” (the same as the text fields' expected_version)."""
        self.conflicts = {c.cell: c for c in conflicts}
        data = self.data.copy() if isinstance(self.data, dict) else dict(self.data)  # a QueryDict is a dict
        for c in conflicts:
            data[f"ind-{c.cell[0]}-{c.cell[1]}-v"] = str(c.version)
        self.data = data


def _cell(name: str) -> Cell:
    _prefix, pk, year = name.split("-")
    return int(pk), int(year)


def _row_keys(data: Any, name: str) -> list[uuid.UUID]:
    keys = []
    for raw in data.getlist(name) if data is not None else []:
        try:
            key = uuid.UUID(raw)
        except ValueError:
            continue  # a forged or mangled key: the row cannot be matched, so it is ignored
        if key not in keys:
            keys.append(key)
    return keys


class AssessmentFormBundle:
    """Everything on the assessment page as one unit: validates together, saves together."""

    def __init__(self, assessment: Assessment, *, years: list[int], data: Any = None, files: Any = None) -> None:
        self.assessment = assessment
        self.bound = data is not None
        self.main = AssessmentForm(data, instance=assessment)
        linked = [ind for ind in assessment.task.indicators.all() if ind.aggregation != Aggregation.RATIO]
        # A fed indicator is counted from a record (the dissemination record…): shown, never typed here.
        indicators = [ind for ind in linked if not ind.is_fed]
        self.fed_rows = [
            {
                "indicator": ind,
                "values": [next((v.value for v in ind.values.all() if v.year == y), None) for y in years],
            }
            for ind in linked
            if ind.is_fed
        ]
        stored = {(v.indicator_id, v.year): v for ind in indicators for v in ind.values.all() if v.year in years}
        # The lead sees their draft's figures over the handed-in ones; each cell compares with the stored
        # version. A draft cell typed over an older version is shown with the stored value beside it.
        draft = draft_values(assessment.draft_figures or {})
        shown = {cell: v.value for cell, v in stored.items()}
        shown.update({cell: value for cell, value in draft.items() if value is not None})
        for cell, value in draft.items():
            if value is None:
                shown.pop(cell, None)
        self.figures = FiguresForm(
            data,
            indicators=indicators,
            years=years,
            values=shown,
            versions={cell: v.version for cell, v in stored.items()},
        )
        typed = {ind.pk for ind in indicators}
        for key, entry in (assessment.draft_figures or {}).items():
            cell, row = _cell(f"ind-{key}"), stored.get(_cell(f"ind-{key}"))
            if cell[0] not in typed:
                continue  # a draft cell of an indicator now counted by its feed: never handed in (figures_publish)
            if entry.get("base") != (row.version if row else 0):
                self.figures.conflicts[cell] = FigureConflict(
                    cell=cell,
                    label="",
                    yours=draft[cell],
                    stored=row.value if row else None,
                    version=row.version if row else 0,
                    by=row.updated_by.display_name if row and row.updated_by else "",  # a query, rare
                    at=row.updated_at if row else None,
                )
        evidence = {row.client_key: row for row in assessment.evidence.all()}
        recommendations = {row.client_key: row for row in assessment.recommendations.all()}
        if self.bound:
            ev_keys = _row_keys(data, "ev_key")
            rec_keys = _row_keys(data, "rec_key")
        else:
            ev_keys, rec_keys = list(evidence), list(recommendations)
        # Rows removed on the page (kept through a refusal, so that saving again still removes them).
        self.ev_removed = [k for k in _row_keys(data, "ev_removed") if k not in ev_keys]
        self.rec_removed = [k for k in _row_keys(data, "rec_removed") if k not in rec_keys]
        self.evidence_rows = [
            (key, EvidenceRowForm(data, files, prefix=f"ev-{key}", instance=evidence.get(key))) for key in ev_keys
        ]
        self.levels = CommuneProfile.levels_on(timezone.localdate())  # once for every row
        self.recommendation_rows = [
            (
                key,
                RecommendationRowForm(data, prefix=f"rec-{key}", instance=recommendations.get(key), levels=self.levels),
            )
            for key in rec_keys
        ]

    def _live(self, rows):
        return [(key, form) for key, form in rows if not form.is_blank()]

    def is_valid(self) -> bool:
        results = [self.main.is_valid(), self.figures.is_valid()]
        results += [form.is_valid() for _key, form in self._live(self.evidence_rows)]
        results += [form.is_valid() for _key, form in self._live(self.recommendation_rows)]
        return all(results)

    def too_long(self) -> list[str]:
        """Each text refused for its length, as “label: message”."""
        forms_ = [self.main] + [f for _k, f in self._live(self.evidence_rows) + self._live(self.recommendation_rows)]
        return [line for form in forms_ if form.is_bound for line in form.too_long()]

    def error_count(self) -> int:
        forms_ = [self.main, self.figures] + [f for _k, f in self.evidence_rows + self.recommendation_rows]
        return sum(len(f.errors) for f in forms_ if f.is_bound)

    def changes(self) -> AssessmentChanges:
        fields = {name: self.main.cleaned_data[name] for name in AssessmentForm.Meta.fields}
        evidence = []
        for key, form in self._live(self.evidence_rows):
            values = {name: form.cleaned_data[name] for name in EvidenceRowForm.Meta.fields}
            values["remove_file"] = form.cleaned_data.get("remove_file", False)
            evidence.append((key, values))
        recommendations = [
            (key, {name: form.cleaned_data[name] for name in RecommendationRowForm.Meta.fields})
            for key, form in self._live(self.recommendation_rows)
        ]
        return AssessmentChanges(
            fields=fields,
            evidence=evidence,
            recommendations=recommendations,
            figures=self.figures.values(),
            evidence_removed=set(self.ev_removed),
            recommendations_removed=set(self.rec_removed),
        )

    def typed_evidence(self) -> dict[uuid.UUID, str]:
        """Each evidence row as typed, in the words of `evidence_line` (for the conflict view)."""
        lines = {}
        for key, form in self._live(self.evidence_rows):
            values = {n: form.cleaned_data.get(n) for n in EvidenceRowForm.Meta.fields if n != "file"}
            row = Evidence(**values)
            upload = form.files.get(form.add_prefix("file")) if form.files else None
            row.original_name = upload.name if upload else form.stored_file_name
            lines[key] = evidence_line(row)
        return lines

    def typed_recommendations(self) -> dict[uuid.UUID, str]:
        return {
            key: recommendation_line(Recommendation(**{n: form.cleaned_data.get(n) for n in ("content", "level")}))
            for key, form in self._live(self.recommendation_rows)
        }

    @property
    def expected_version(self) -> int:
        return self.main.cleaned_data["expected_version"]

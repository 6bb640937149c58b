"""The review conference: plan it, print its documents, record it, publish the news item."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from conference import documents
from conference.drafts import Part, parts_of, person, when_words
from conference.forms import AgendaFormSet, ConferenceForm, HeldForm, NewsPublishForm, PartForm, agenda_rows
from conference.models import (
    Conference,
    ConferenceError,
    ConferenceEvent,
    DocumentEdit,
    DocumentKind,
    StaleConference,
    StalePart,
)
from conference.permissions import get_conference_for_user, get_document_for_user, get_review_for_user
from dissemination.summary import counts_by_year
from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.models import User
from kimphuong.permissions import is_office
from reform.diff import inline_diff


@require_GET
def conference_index(request: AuthenticatedHttpRequest) -> HttpResponse:
    review, conference = get_review_for_user(request.user)
    counts = counts_by_year(review.years)
    context: dict[str, Any] = {
        "review": review,
        "conference": conference,
        "can_edit": is_office(request.user),
        "dissemination": sorted(counts.items()),
        "dissemination_total": sum(counts.values()),
    }
    if conference is not None:
        edits: dict[str, list[DocumentEdit]] = {}
        for edit in conference.edits.all():
            edits.setdefault(edit.document, []).append(edit)
        participants, guests = list(conference.participant_rows()), list(conference.guest_rows())
        context.update(
            {
                "when": when_words(conference.starts_at),
                "invited": len(participants) + len(guests),
                "can_hold": conference.day <= timezone.localdate(),
                "chair": person(conference.chair),
                "participants": participants,
                "guests": guests,
                "agenda": list(conference.agenda_rows()),
                "documents": [
                    {"kind": kind, "printable": kind in documents.PRINTABLE, "edits": len(edits.get(kind.value, []))}
                    for kind in DocumentKind
                ],
                "events": ConferenceEvent.objects.filter(conference=conference)
                .select_related("by")
                .order_by("-at")[:20],
            }
        )
    return render(request, "conference/index.html", context)


@require_http_methods(["GET", "POST"])
def conference_edit(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Plan the conference (the first save) or change its details; a stale save is refused, both shown."""
    review, conference = get_review_for_user(request.user, to_edit=True)
    chair = User.objects.filter(position__code="CT", is_active=True).first()
    initial = ConferenceForm.initial_for(conference, title=Conference.default_title(review), chair=chair)
    form = ConferenceForm(request.POST or None, initial=initial)
    current: dict[str, Any] | None = None
    if request.method == "POST":
        if form.is_valid():
            try:
                if conference is None:
                    Conference.plan(review=review, details=form.details(), by=request.user)
                else:
                    conference.update_details(
                        details=form.details(), version=form.cleaned_data.get("version") or 0, by=request.user
                    )
            except StaleConference as stale:
                messages.error(request, str(stale))
                current = ConferenceForm.initial_for(stale.current, title="", chair=None)
            except ConferenceError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã lưu thông tin hội nghị."))
                return redirect("conference:index")
        else:
            messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return render(
        request,
        "conference/edit.html",
        {"form": form, "conference": conference, "current": _current_rows(form, current)},
        status=409 if current else 200,
    )


def _current_rows(form: ConferenceForm, current: dict[str, Any] | None) -> list[dict[str, Any]]:
    """The fields someone else changed: what is saved now beside what this page is sending."""
    if not current:
        return []
    rows = []
    for name, field in form.fields.items():
        if name == "version":
            continue
        mine, theirs = form.cleaned_data.get(name), current.get(name)
        if name == "participants":
            mine = ", ".join(u.display_name for u in mine or [])
            theirs = ", ".join(u.display_name for u in theirs or [])
        if str(mine or "") != str(theirs or ""):
            rows.append({"label": field.label, "mine": mine or "", "theirs": theirs or ""})
    return rows


@require_http_methods(["GET", "POST"])
def conference_agenda(request: AuthenticatedHttpRequest) -> HttpResponse:
    conference = get_conference_for_user(request.user, to_edit=True)
    initial = [{"time": a.time, "content": a.content, "presenter": a.presenter} for a in conference.agenda_rows()]
    formset = AgendaFormSet(request.POST or None, initial=initial, prefix="agenda")
    version = int(request.POST.get("version") or 0) if request.method == "POST" else conference.version
    if request.method == "POST":
        if formset.is_valid():
            try:
                conference.save_agenda(items=agenda_rows(formset), version=version, by=request.user)
            except StaleConference as stale:
                messages.error(request, str(stale))
                return render(
                    request,
                    "conference/agenda.html",
                    {"formset": formset, "conference": conference, "version": version,
                     "current": list(stale.current.agenda_rows())},
                    status=409,
                )  # fmt: skip
            messages.success(request, _("Đã lưu chương trình hội nghị."))
            return redirect("conference:index")
        messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    return render(request, "conference/agenda.html", {"formset": formset, "conference": conference, "version": version})


@require_http_methods(["GET", "POST"])
def conference_held(request: AuthenticatedHttpRequest) -> HttpResponse:
    """After the conference: attendance, real times, minutes and conclusions (dự kiến → đã tổ chức)."""
    conference = get_conference_for_user(request.user, to_edit=True)
    participants = list(conference.participant_rows())
    guests = list(conference.guest_rows())
    initial = {
        "started_at": conference.started_at or conference.start_time,
        "ended_at": conference.ended_at or conference.ends_at,
        "minutes": conference.minutes,
        "conclusions": conference.conclusions,
        "version": conference.version,
    }
    form = HeldForm(request.POST or None, initial=initial)
    if request.method == "POST":
        attended = {int(x) for x in request.POST.getlist("attended") if x.isdigit()}
        guests_attended = {int(x) for x in request.POST.getlist("guest_attended") if x.isdigit()}
        for p in participants:
            p.checked = p.pk in attended  # type: ignore[attr-defined]  # shown again as typed
        for g in guests:
            g.checked = g.pk in guests_attended  # type: ignore[attr-defined]
        if form.is_valid():
            c = form.cleaned_data
            try:
                conference.record_held(
                    version=c["version"], attended=attended, guests_attended=guests_attended,
                    started_at=c.get("started_at"), ended_at=c.get("ended_at"), minutes=c.get("minutes", ""),
                    conclusions=c.get("conclusions", ""), by=request.user,
                )  # fmt: skip
            except ConferenceError as error:
                messages.error(request, str(error))
            else:
                messages.success(request, _("Đã ghi nhận hội nghị đã tổ chức và biên bản."))
                return redirect("conference:index")
        else:
            messages.error(request, _("Chưa lưu: xem các ô báo đỏ."))
    else:
        for p in participants:
            p.checked = p.attended is not False  # type: ignore[attr-defined]  # everyone, until recorded
        for g in guests:
            g.checked = g.attended is not False  # type: ignore[attr-defined]
    return render(
        request,
        "conference/held.html",
        {"form": form, "conference": conference, "participants": participants, "guests": guests},
    )


def _document_page(
    request: AuthenticatedHttpRequest,
    conference: Conference,
    kind: DocumentKind,
    *,
    conflict: dict[str, Any] | None = None,
    publish_form: NewsPublishForm | None = None,
    status: int = 200,
) -> HttpResponse:
    parts = parts_of(conference, kind)
    for part in parts:
        if part.is_stale and part.edit:
            part.diff = inline_diff(part.edit.edited_from, part.draft)  # type: ignore[attr-defined]
    headline = next((p for p in parts if p.key == "headline"), None)
    return render(
        request,
        "conference/document.html",
        {
            "conference": conference,
            "kind": kind,
            "parts": parts,
            "printable": kind in documents.PRINTABLE,
            "can_edit": is_office(request.user),
            "conflict": conflict or {},
            "publish_form": publish_form or NewsPublishForm(),
            "headline": headline.lines[0] if headline and headline.lines else "",
        },
        status=status,
    )


@require_GET
def document_detail(request: AuthenticatedHttpRequest, kind: str) -> HttpResponse:
    conference, document = get_document_for_user(request.user, kind)
    return _document_page(request, conference, document)


def _part(conference: Conference, kind: str, key: str) -> Part:
    part = next((p for p in parts_of(conference, kind) if p.key == key), None)
    if part is None:
        raise Http404(_("Không có phần này trong văn bản."))
    return part


@require_POST
def document_part_edit(request: AuthenticatedHttpRequest, kind: str, key: str) -> HttpResponse:
    """Save the office's text of one part; refused with both texts shown when someone changed it meanwhile."""
    conference, document = get_document_for_user(request.user, kind, to_edit=True)
    part = _part(conference, document, key)
    form = PartForm(request.POST)
    form.is_valid()
    text, shown = form.cleaned_data.get("text", ""), form.cleaned_data.get("shown", "")
    try:
        DocumentEdit.save_part(
            conference=conference, document=document, key=key, text=text, draft=part.draft, shown=shown,
            by=request.user,
        )  # fmt: skip
    except StalePart as stale:
        messages.error(request, str(stale))
        conflict = {"key": key, "mine": text, "current": stale.current}
        return _document_page(request, conference, document, conflict=conflict, status=409)
    messages.success(request, _("Đã lưu phần “%(part)s”.") % {"part": part.label})
    return redirect(f"{reverse('conference:document', args=[document])}#part-{key}")


@require_POST
def document_part_reset(request: AuthenticatedHttpRequest, kind: str, key: str) -> HttpResponse:
    """“Dùng dự thảo mới”: drop the office's text, the part follows the data again."""
    conference, document = get_document_for_user(request.user, kind, to_edit=True)
    part = _part(conference, document, key)
    DocumentEdit.use_draft(conference=conference, document=document, key=key, by=request.user)
    messages.success(request, _("Phần “%(part)s” theo lại dự thảo từ dữ liệu.") % {"part": part.label})
    return redirect(f"{reverse('conference:document', args=[document])}#part-{key}")


@require_GET
def document_download(request: AuthenticatedHttpRequest, kind: str, fmt: str) -> HttpResponse:
    conference, document = get_document_for_user(request.user, kind)
    if document not in documents.PRINTABLE or fmt not in documents.FORMATS:
        raise Http404(_("Văn bản này không tải xuống được ở dạng đó."))
    data = documents.render(conference, document, fmt)
    response = HttpResponse(data, content_type=documents.CONTENT_TYPES[fmt])
    response["Content-Disposition"] = f'attachment; filename="{documents.file_name(conference, document, fmt)}"'
    return response


@require_POST
def news_publish(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The news item is on the website: recorded, and counted as one dissemination activity."""
    conference = get_conference_for_user(request.user, to_edit=True)
    form = NewsPublishForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Chưa ghi nhận: xem các ô báo đỏ."))
        return _document_page(request, conference, DocumentKind.NEWS, publish_form=form, status=400)
    headline = next((p for p in parts_of(conference, DocumentKind.NEWS) if p.key == "headline"), None)
    title = headline.lines[0] if headline and headline.lines else conference.title
    try:
        conference.publish_news(
            title=title, day=form.cleaned_data["day"], link=form.cleaned_data["link"], by=request.user
        )
    except ConferenceError as error:
        messages.error(request, str(error))
        return _document_page(request, conference, DocumentKind.NEWS, publish_form=form, status=400)
    messages.success(request, _("Đã ghi nhận tin bài đã đăng; sổ tuyên truyền có thêm một lượt."))
    return redirect("conference:document", kind=DocumentKind.NEWS)

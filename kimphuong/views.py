import logging
from typing import Any

from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.http.response import HttpResponseBase
from django.shortcuts import redirect, render
from django.template import loader
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.html import escape
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.decorators.csrf import requires_csrf_token
from django.views.decorators.http import require_GET, require_POST

from kimphuong import communes, setup_guide
from kimphuong.forms import PasswordChangeForm, PasswordResetForm, SetPasswordForm
from kimphuong.http import AuthenticatedHttpRequest
from kimphuong.permissions import can_oversee, require_administrator, require_signed_in
from kimphuong.scoping import all_communes

logger = logging.getLogger(__name__)


@require_GET
def home(request: AuthenticatedHttpRequest) -> HttpResponse:
    """Each role lands where it works: office and leadership on the dashboard, officials on their tasks; the
    administrator of a new installation on the first-run guide until the steps it lists are done."""
    if request.user.is_province:
        return redirect("province:overview")
    if request.user.is_superuser and not setup_guide.is_complete():
        return redirect("setup")
    if can_oversee(request.user):
        return redirect("reform:dashboard")
    return redirect("reform:task_list")


@require_POST
def commune_switch(request: AuthenticatedHttpRequest) -> HttpResponse:
    """A user who works for several communes chooses the one they work in (only among their own)."""
    require_signed_in(request.user)
    try:
        chosen = int(request.POST.get("commune", ""))
    except ValueError:
        chosen = 0
    if not communes.choose(request, chosen):
        raise PermissionDenied
    return redirect("home")


@require_GET
def setup(request: AuthenticatedHttpRequest) -> HttpResponse:
    """The first-run guide: each step, what the database holds for it, what to do, where to do it."""
    require_administrator(request.user)
    steps = setup_guide.steps()
    following = next((step for step in steps if not step.done), None)
    return render(request, "setup_guide.html", {"steps": steps, "next_step": following, "complete": following is None})


@login_not_required
@never_cache
@require_GET
def healthz(request: HttpRequest) -> HttpResponse:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception:  # noqa: BLE001 - any database failure means unhealthy
        return JsonResponse({"status": "error", "database": "unavailable"}, status=503)
    return JsonResponse({"status": "ok", "database": "ok"})


# ---- passwords ------------------------------------------------------------------------------------------------


class PasswordChangeView(auth_views.PasswordChangeView):
    """Every user changes their own password; a temporary one set by the administrator must be changed here."""

    form_class = PasswordChangeForm

    def form_valid(self, form):
        form.user.must_change_password = False  # saved by the form together with the new password
        return super().form_valid(form)


class PasswordResetRequiredMixin(View):
    """The reset pages exist only where an SMTP server is configured (settings.PASSWORD_RESET_BY_EMAIL)."""

    @method_decorator(login_not_required)  # as Django's own reset views: the user cannot sign in
    def dispatch(self, request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponseBase:
        if not settings.PASSWORD_RESET_BY_EMAIL:
            raise Http404
        with all_communes():  # before signing in: the account is found by email or link in the installation
            return super().dispatch(request, *args, **kwargs)


class PasswordResetView(PasswordResetRequiredMixin, auth_views.PasswordResetView):
    form_class = PasswordResetForm
    success_url = reverse_lazy("password_reset_done")

    @property
    def extra_email_context(self):  # read by PasswordResetView.form_valid: links use SITE_URL, not the Host
        return {"site_url": settings.SITE_URL}


class PasswordResetDoneView(PasswordResetRequiredMixin, auth_views.PasswordResetDoneView):
    pass


class PasswordResetConfirmView(PasswordResetRequiredMixin, auth_views.PasswordResetConfirmView):
    form_class = SetPasswordForm
    success_url = reverse_lazy("password_reset_complete")

    def form_valid(self, form):
        form.user.must_change_password = False  # the user chose this password themselves
        return super().form_valid(form)


class PasswordResetCompleteView(PasswordResetRequiredMixin, auth_views.PasswordResetCompleteView):
    pass


# ---- error pages ----------------------------------------------------------------------------------------------


def _way_back(request: HttpRequest) -> str:
    """The page the user came from on this site, if the browser says so."""
    referer = request.headers.get("referer", "")
    if not referer:
        return ""
    try:
        allowed = url_has_allowed_host_and_scheme(referer, {request.get_host()}, require_https=request.is_secure())
        here = request.build_absolute_uri()
    except Exception:  # noqa: BLE001 - a disallowed Host header (the 400 itself) has no way back
        return ""
    return referer if allowed and referer != here else ""


def _error_page(request: HttpRequest, template: str, status: int, **context) -> HttpResponse:
    """The error inside the site's layout; a bare page if the layout itself cannot be rendered."""
    context.setdefault("back_url", _way_back(request))
    context["status"] = status
    try:
        body = loader.render_to_string(template, context, request)
    except Exception:
        logger.exception("error page %s could not be rendered in the layout", template)
        try:  # without the request: no context processors (they may be what failed), no navigation
            body = loader.render_to_string(template, context)
        except Exception:  # noqa: BLE001 - last resort: the templates themselves are broken
            body = SafeString(
                f"<!doctype html><title>{status}</title><h1>{status}</h1>"
                f'<p><a href="/">{escape(_("Về trang chủ"))}</a></p>'
            )
    return HttpResponse(body, status=status)


@requires_csrf_token
def bad_request(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "400.html", 400)


@requires_csrf_token
def permission_denied(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "403.html", 403)


@requires_csrf_token
def page_not_found(request: HttpRequest, exception: Exception | None = None) -> HttpResponse:
    return _error_page(request, "404.html", 404, request_path=request.path)


@requires_csrf_token
def server_error(request: HttpRequest) -> HttpResponse:
    return _error_page(request, "500.html", 500)


def method_not_allowed(request: HttpRequest) -> HttpResponse:
    return _error_page(request, "405.html", 405)


@requires_csrf_token
def csrf_failure(request: HttpRequest, reason: str = "") -> HttpResponse:
    """A form sent from an expired or foreign page (CSRF_FAILURE_VIEW)."""
    return _error_page(request, "403_csrf.html", 403, reason=reason if settings.DEBUG else "")

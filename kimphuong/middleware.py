from collections.abc import Callable

from django.conf import settings
from django.http import HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect
from django.urls import Resolver404, ResolverMatch, get_resolver, resolve, reverse
from django.utils import translation
from django_htmx.http import HttpResponseClientRedirect

from kimphuong import communes
from kimphuong.models import Commune
from kimphuong.scoping import all_communes, commune_scope, no_scope
from kimphuong.views import method_not_allowed


class LanguageMiddleware:
    """Vietnamese unless the user chose another language with the switch (a cookie).

    Django's LocaleMiddleware would follow the browser's Accept-Language, and most office PCs
    run English-language browsers; the commune's product speaks Vietnamese first.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.supported = {code for code, _name in settings.LANGUAGES}

    def __call__(self, request: HttpRequest) -> HttpResponse:
        chosen = request.COOKIES.get(settings.LANGUAGE_COOKIE_NAME, "")
        language = chosen if chosen in self.supported else settings.LANGUAGE_CODE
        request.LANGUAGE_CODE = language
        # For this request only: the thread's language is restored afterwards, so that work done later on
        # the same thread (a job run in the process, the next test) is not left in this user's language.
        with translation.override(language):
            response = self.get_response(request)
        response.headers.setdefault("Content-Language", language)
        return response


def client_ip(request: HttpRequest) -> str | None:
    """The client's address, following settings.TRUSTED_PROXY_COUNT (DJANGO_TRUSTED_PROXIES).

    Each trusted proxy appends the address it received the request from to X-Forwarded-For, so with N trusted
    proxies the client is the N-th address from the right. Whatever stands further left was sent by the
    client itself and is not believed. With no trusted proxy (the default), X-Forwarded-For is ignored.
    Also django-axes' AXES_CLIENT_IP_CALLABLE, so a lockout counts one office PC, not the whole proxy.
    """
    cached = request.META.get("kimphuong.client_ip")
    if cached:
        return cached
    count = getattr(settings, "TRUSTED_PROXY_COUNT", 0)
    address = request.META.get("REMOTE_ADDR")
    forwarded = [part.strip() for part in request.headers.get("x-forwarded-for", "").split(",") if part.strip()]
    if count > 0 and forwarded:
        # Fewer entries than proxies: the request skipped the outer ones; the left-most is then the peer
        # the first trusted proxy saw.
        address = forwarded[-count] if len(forwarded) >= count else forwarded[0]
    return address


class ClientAddressMiddleware:
    """REMOTE_ADDR becomes the client's address behind the trusted proxies (the proxy's own is kept aside)."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        address = client_ip(request)
        if address and address != request.META.get("REMOTE_ADDR"):
            request.META["kimphuong.proxy_addr"] = request.META.get("REMOTE_ADDR")
            request.META["REMOTE_ADDR"] = address
        request.META["kimphuong.client_ip"] = address
        return self.get_response(request)


class SecurityHeadersMiddleware:
    """Content-Security-Policy and Permissions-Policy (Django 5.2 sets neither) on every response.

    Referrer-Policy, X-Content-Type-Options and Cross-Origin-Opener-Policy come from SecurityMiddleware,
    X-Frame-Options from XFrameOptionsMiddleware.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.csp = "; ".join(f"{name} {value}" for name, value in settings.CONTENT_SECURITY_POLICY.items())
        self.permissions = ", ".join(f"{name}={value}" for name, value in settings.PERMISSIONS_POLICY.items())

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.csp:
            response.headers.setdefault("Content-Security-Policy", self.csp)
        if self.permissions:
            response.headers.setdefault("Permissions-Policy", self.permissions)
        return response


class PasswordChangeRequiredMiddleware:
    """A user given a temporary password (User.must_change_password) can open nothing but the change page."""

    allowed = ("password_change", "password_change_done", "logout", "set_language", "javascript_catalog", "healthz")

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated and getattr(user, "must_change_password", False):
            match = getattr(request, "resolver_match", None) or _resolve(request.path_info)
            if match is None or match.view_name not in self.allowed:
                target = reverse("password_change")
                if request.headers.get("HX-Request") == "true":  # htmx follows the redirect of the page
                    return HttpResponseClientRedirect(target)
                return redirect(target)
        return self.get_response(request)


def _resolve(path: str) -> ResolverMatch | None:
    try:
        return resolve(path)
    except Resolver404:
        return None


class MethodNotAllowedPageMiddleware:
    """Django answers a wrong method (require_POST…) with an empty 405: give it the site's error page."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if isinstance(response, HttpResponseNotAllowed) and not response.content:
            page = method_not_allowed(request)
            page["Allow"] = response["Allow"]
            return page
        return response


class CommuneScopeMiddleware:
    """Every request of a signed-in user runs in a commune scope (kimphuong.scoping).

    A commune's user works in their commune; a province user (Sở Nội vụ) and the installation's
    administrator without a commune read across communes. Pages for everyone signed in that list a
    commune's work start with `require_commune_member`; anonymous requests (the sign-in page) have no scope,
    so a query of a commune's data from them fails instead of leaking.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        # Import every view and form now, outside any scope: a form's choices (a ModelChoiceField's queryset)
        # are made when its module is imported, and must not be made inside the first request's commune.
        with no_scope():
            get_resolver().url_patterns  # noqa: B018 - imports the URLconf and everything it names

    def __call__(self, request: HttpRequest) -> HttpResponse:
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return self.get_response(request)
        if user.commune_id is not None:
            with commune_scope(communes.active_commune_id(request, user) or user.commune_id):
                return self.get_response(request)
        if user.is_superuser and not user.is_province_reviewer:
            # The administrator who installed a one-commune installation (createsuperuser) works in that
            # commune; with several communes, or none yet, they see the whole installation.
            ids = list(Commune.objects.values_list("pk", flat=True)[:2])
            if len(ids) == 1:
                with commune_scope(ids[0]):
                    return self.get_response(request)
        if user.is_superuser or user.is_province_reviewer:
            with all_communes():
                return self.get_response(request)
        return self.get_response(request)

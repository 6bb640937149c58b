from django.conf import settings
from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.decorators.http import conditional_page
from django.views.i18n import JavaScriptCatalog, set_language

from kimphuong import views
from kimphuong.forms import LoginForm


class LoginView(auth_views.LoginView):
    redirect_authenticated_user = True
    authentication_form = LoginForm

    def get_context_data(self, **kwargs):
        return {**super().get_context_data(**kwargs), "password_reset_by_email": settings.PASSWORD_RESET_BY_EMAIL}


urlpatterns = [
    path("", views.home, name="home"),
    path("healthz", views.healthz, name="healthz"),
    path("setup/", views.setup, name="setup"),
    path("commune/switch/", views.commune_switch, name="commune_switch"),
    path("accounts/login/", LoginView.as_view(), name="login"),
    path("accounts/logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("accounts/password/change/", views.PasswordChangeView.as_view(), name="password_change"),
    path(
        "accounts/password/change/done/",
        auth_views.PasswordChangeDoneView.as_view(),
        name="password_change_done",
    ),
    path("accounts/password/reset/", views.PasswordResetView.as_view(), name="password_reset"),
    path("accounts/password/reset/sent/", views.PasswordResetDoneView.as_view(), name="password_reset_done"),
    path(
        "accounts/password/reset/<uidb64>/<token>/",
        views.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path(
        "accounts/password/reset/done/",
        views.PasswordResetCompleteView.as_view(),
        name="password_reset_complete",
    ),
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
    # The scripts' strings in the chosen language (locale/*/LC_MESSAGES/djangojs.po), loaded by base.html on every
    # page, the login page included: public words only. An ETag of its content makes a repeat visit a 304.
    path(
        "jsi18n/",
        login_not_required(conditional_page(JavaScriptCatalog.as_view(packages=["kimphuong"]))),
        name="javascript_catalog",
    ),
    path("admin/", admin.site.urls),
    path("emulation/", include("emulation.urls")),
    path("reports/", include("reports.urls")),
    path("conference/dissemination/", include("dissemination.urls")),
    path("conference/", include("conference.urls")),
    path("province/", include("province.urls")),
    path("", include("reform.urls")),
    path("", include("indicators.urls")),
]

handler400 = "kimphuong.views.bad_request"
handler403 = "kimphuong.views.permission_denied"
handler404 = "kimphuong.views.page_not_found"
handler500 = "kimphuong.views.server_error"

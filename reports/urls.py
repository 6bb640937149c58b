from django.urls import path

from reports import views

app_name = "reports"

urlpatterns = [
    path("", views.report_workspace, name="workspace"),
    path("compile/", views.report_compile, name="compile"),
    path("jobs/<int:pk>/", views.report_job, name="job"),
    path("jobs/<int:pk>/retry/", views.report_job_retry, name="job_retry"),
    path("addressees/", views.report_addressees, name="addressees"),
    path("sections/<int:pk>/", views.section_edit, name="section_edit"),
    path("versions/new/", views.version_create, name="version_create"),
    path("versions/<int:pk>/approve/", views.version_approve, name="version_approve"),
    path("versions/<int:pk>/sign/", views.version_sign, name="version_sign"),
    path("versions/<int:pk>/send/", views.version_send, name="version_send"),
    path("versions/<int:pk>/sign/correct/", views.version_correct, name="version_correct"),
    path("versions/<int:pk>/<str:fmt>/", views.version_download, name="version_download"),
    path("compare/", views.version_compare, name="compare"),
    path("draft.<str:fmt>", views.draft_download, name="draft_download"),
]

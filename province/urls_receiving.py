"""/province/reports/: the communes' reports sent to the province."""

from django.urls import path

from province import views_receiving

urlpatterns = [
    path("", views_receiving.receiving, name="receiving"),
    path("<str:commune_code>/", views_receiving.report_detail, name="report_detail"),
    path("<str:commune_code>/accept/", views_receiving.report_accept, name="report_accept"),
    path("<str:commune_code>/return/", views_receiving.report_return, name="report_return"),
    path("<str:commune_code>/reopen/", views_receiving.report_reopen, name="report_reopen"),
    path(
        "<str:commune_code>/versions/<int:number>/<str:fmt>/",
        views_receiving.version_download,
        name="report_download",
    ),
]

"""/province/: one include per part, each in its own module."""

from django.urls import include, path

app_name = "province"

urlpatterns = [
    path("", include("province.urls_overview")),
    path("summary/", include("province.urls_summary")),
    path("communes/", include("province.urls_communes")),
    path("reports/", include("province.urls_receiving")),
]

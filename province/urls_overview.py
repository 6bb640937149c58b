from django.urls import path

from province import views_overview

urlpatterns = [
    path("", views_overview.overview, name="overview"),
    path("export.xlsx", views_overview.overview_export, name="overview_export"),
    path("x/<str:code>/", views_overview.commune_detail, name="commune"),
    path("x/<str:code>/indicators/", views_overview.commune_indicators, name="commune_indicators"),
    path("figures/", views_overview.figures, name="figures"),
    path("indices/", views_overview.indices, name="indices"),
]

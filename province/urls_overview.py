from django.urls import path

from province import views_overview

urlpatterns = [
    path("", views_overview.overview, name="overview"),
    path("figures/", views_overview.figures, name="figures"),
]

from django.urls import path

from province import views_summary

urlpatterns = [
    path("", views_summary.summary, name="summary"),
    path("<str:fmt>/", views_summary.summary_download, name="summary_download"),
]

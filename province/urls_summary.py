from django.urls import path

from province import views_summary

urlpatterns = [
    path("", views_summary.summary, name="summary"),
    path("build/", views_summary.summary_build, name="summary_build"),
    path("jobs/<int:pk>/", views_summary.summary_job, name="summary_job"),
    path("jobs/<int:pk>/retry/", views_summary.summary_job_retry, name="summary_job_retry"),
    path("jobs/<int:pk>/<str:fmt>/", views_summary.summary_file, name="summary_file"),
    path("<str:fmt>/", views_summary.summary_download, name="summary_download"),
]

from django.urls import path

from conference import views

app_name = "conference"

urlpatterns = [
    path("", views.conference_index, name="index"),
    path("edit/", views.conference_edit, name="edit"),
    path("agenda/", views.conference_agenda, name="agenda"),
    path("held/", views.conference_held, name="held"),
    path("news/publish/", views.news_publish, name="news_publish"),
    path("documents/<str:kind>/", views.document_detail, name="document"),
    path("documents/<str:kind>/<str:key>/", views.document_part_edit, name="part_edit"),
    path("documents/<str:kind>/<str:key>/reset/", views.document_part_reset, name="part_reset"),
    path("documents/<str:kind>.<str:fmt>", views.document_download, name="download"),
]

from django.urls import path

from dissemination import views

app_name = "dissemination"

urlpatterns = [
    path("", views.record_list, name="record_list"),
    path("new/", views.record_new, name="record_new"),
    path("<int:pk>/", views.record_edit, name="record_edit"),
    path("<int:pk>/delete/", views.record_delete, name="record_delete"),
    path("<int:pk>/file/", views.record_file, name="record_file"),
    path("export.xlsx", views.record_export, name="record_export"),
    path("channels/", views.channel_list, name="channel_list"),
    path("channels/new/", views.channel_new, name="channel_new"),
    path("channels/<int:pk>/", views.channel_edit, name="channel_edit"),
    path("channels/<int:pk>/delete/", views.channel_delete, name="channel_delete"),
]

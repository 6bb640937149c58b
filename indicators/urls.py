from django.urls import path

from indicators import views

app_name = "indicators"

urlpatterns = [
    path("indicators/", views.indicator_list, name="indicator_list"),
    path("indicators/grid/<str:code>/", views.indicator_grid_edit, name="indicator_grid"),
    path("indicators/<int:pk>/", views.indicator_detail, name="indicator_detail"),
    path("indicators/<int:pk>/edit/", views.indicator_edit, name="indicator_edit"),
    path("indicators/targets/<int:pk>/verify/", views.target_verify, name="target_verify"),
    path("indicators/indices/", views.index_list, name="index_list"),
    path("indicators/indices/new/", views.index_edit, name="index_new"),
    path("indicators/indices/<int:pk>/", views.index_edit, name="index_edit"),
    path("indicators/export.xlsx", views.indicator_export, name="indicator_export"),
    path("indicators/import/", views.indicator_import, name="indicator_import"),
]

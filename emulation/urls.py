from django.urls import path

from emulation import views

app_name = "emulation"

urlpatterns = [
    path("", views.commendation_list, name="commendation_list"),
    path("commendations/new/", views.commendation_edit, name="commendation_new"),
    path("commendations/<int:pk>/", views.commendation_edit, name="commendation_edit"),
    path("commendations/<int:pk>/delete/", views.commendation_delete, name="commendation_delete"),
    path("initiatives/", views.initiative_list, name="initiative_list"),
    path("initiatives/new/", views.initiative_edit, name="initiative_new"),
    path("initiatives/<int:pk>/", views.initiative_edit, name="initiative_edit"),
    path("activities/", views.activity_list, name="activity_list"),
    path("activities/new/", views.activity_edit, name="activity_new"),
    path("activities/<int:pk>/", views.activity_edit, name="activity_edit"),
    path("proposals/", views.proposal_list, name="proposal_list"),
    path("proposals/new/", views.proposal_edit, name="proposal_new"),
    path("proposals/<int:pk>/", views.proposal_edit, name="proposal_edit"),
    path("proposals/<int:pk>/<str:action>/", views.proposal_move, name="proposal_move"),
    path("tables/", views.summary_tables, name="tables"),
    path("export.xlsx", views.emulation_export, name="export"),
]

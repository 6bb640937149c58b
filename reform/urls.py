from django.urls import path

from reform import views

app_name = "reform"

urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
]

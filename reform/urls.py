from django.urls import path

from reform import views

app_name = "reform"

urlpatterns = [
    path("tasks/", views.task_list, name="task_list"),
    path("tasks/reminder/seen/", views.reminder_dismiss, name="reminder_dismiss"),
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/tasks/", views.tracking_list, name="tracking_list"),
    path("dashboard/reminders/", views.reminders_send_now, name="reminders_send"),
    path("dashboard/tasks.xlsx", views.tracking_export, name="tracking_export"),
    path("assessments/<int:pk>/", views.assessment_detail, name="assessment_detail"),
    path("assessments/<int:pk>/autosave/", views.assessment_autosave, name="assessment_autosave"),
    path("assessments/<int:pk>/accept/", views.assessment_accept, name="assessment_accept"),
    path("assessments/<int:pk>/return/", views.assessment_return, name="assessment_return"),
    path("assessments/<int:pk>/reopen/", views.assessment_reopen, name="assessment_reopen"),
    path("assessments/<int:pk>/comments/", views.assessment_comment, name="assessment_comment"),
    path("plan/import/", views.plan_import, name="plan_import"),
    path("plan/import/jobs/<int:pk>/", views.plan_import_job, name="plan_import_job"),
    path("plan/import/jobs/<int:pk>/retry/", views.plan_import_job_retry, name="plan_import_job_retry"),
    path("plan/template.xlsx", views.plan_template, name="plan_template"),
    path("indicators/<int:pk>/tasks/", views.indicator_tasks, name="indicator_tasks"),
    path("notifications/", views.notification_list, name="notification_list"),
    path("notifications/<int:pk>/open/", views.notification_open, name="notification_open"),
    path("notifications/read-all/", views.notification_read_all, name="notification_read_all"),
    path("evidence/<int:pk>/download/", views.evidence_download, name="evidence_download"),
    path("help/", views.help_index, name="help_index"),
    path("help/<slug:role>/", views.help_page, name="help_page"),
]

from django.urls import path

from province import views_communes

urlpatterns = [
    path("", views_communes.communes, name="communes"),
    path("create/", views_communes.commune_create, name="commune_create"),
    path("import/", views_communes.communes_import, name="communes_import"),
    path("template.xlsx", views_communes.communes_template_download, name="communes_template"),
    path("<str:code>/office/", views_communes.commune_office_account, name="commune_office_account"),
    path("<str:code>/plan/", views_communes.commune_plan, name="commune_plan"),
]

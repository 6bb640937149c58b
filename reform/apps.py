from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "reform"
    verbose_name = _("Cải cách hành chính")

    def ready(self) -> None:
        # Imported once the apps are ready: these reach the models.
        from kimphuong import navigation
        from kimphuong.permissions import can_oversee, is_commune_member, is_office
        from reform import setup_guide  # the first-run guide's steps about the plan and the review

        navigation.contribute(
            "reform",
            [
                navigation.Entry(10, "reform:dashboard", _("Tiến độ"), can_oversee),
                navigation.Entry(20, "reform:task_list", _("Nhiệm vụ của tôi"), is_commune_member),
                navigation.Entry(90, "reform:plan_import", _("Nhập kế hoạch"), is_office),
            ],
        )
        setup_guide.register()

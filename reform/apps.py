from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReformConfig(AppConfig):
    name = "reform"
    verbose_name = _("Cải cách hành chính")

    def ready(self) -> None:
        from reform import setup_guide  # the first-run guide's steps about the plan and the review

        setup_guide.register()

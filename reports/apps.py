from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReportsConfig(AppConfig):
    name = "reports"
    verbose_name = _("Báo cáo tổng kết")

    def ready(self) -> None:
        from kimphuong import navigation  # imported once the apps are ready: it reaches the models
        from kimphuong.permissions import can_oversee

        navigation.contribute("reports", [navigation.Entry(60, "reports:workspace", _("Báo cáo"), can_oversee)])
